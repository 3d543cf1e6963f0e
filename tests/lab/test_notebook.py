"""The template helpers own the guards: nothing shown without data, the trend's options once."""

from __future__ import annotations

import json

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402
from IPython import display as ipython_display  # noqa: E402

from socialworkbook import memo, results, runfolder  # noqa: E402
from socialworkbook.lab import charts, notebook  # noqa: E402
from socialworkbook.measure import sentiment, stats  # noqa: E402
from socialworkbook.story import Story  # noqa: E402


@pytest.fixture
def shown(monkeypatch) -> list:
    """What the workbook displays (IPython's display, as a notebook would show it)."""
    displayed = []
    monkeypatch.setattr(ipython_display, "display", lambda obj, **_: displayed.append(obj))
    return displayed


@pytest.fixture(scope="module")
def wb() -> notebook.Workbook:
    return notebook.open_workbook("northwind-outdoor", notebook="test")


ROWS = pd.DataFrame({"component": ["a", "b"], "rate": [1.5, 2.5]})


def test_say_shows_nothing_when_every_value_is_empty(wb, shown):
    wb.say("**{headline}** {detail}", headline="", detail="")
    assert shown == []
    wb.say("**{headline}** {detail}", headline="Up.", detail="")
    assert [m.data for m in shown] == ["**Up\\.** "]


def test_tell_shows_a_story_headline_first_and_nothing_for_an_empty_one(wb, shown):
    wb.tell(Story("", title=""))
    assert shown == []
    wb.tell(Story("Up <b>.", detail="From 2 to 3.", title="A chart title"))
    assert [m.data for m in shown] == ["**Up &lt;b&gt;\\.** From 2 to 3\\."]
    with pytest.raises(AttributeError):
        Story("Up.").headline = "Down."  # frozen: a story read is the story built


def test_say_points_reads_as_the_bullet_list_it_replaces(wb, shown):
    wb.say_points({"Engagement.": "Reach <b>up</b>.", "Is the change real?": "No."})
    assert [m.data for m in shown] == [
        "- **Engagement.** Reach &lt;b&gt;up&lt;/b&gt;\\.\n- **Is the change real?** No\\."
    ]


def test_show_table_shows_nothing_for_no_rows_or_an_empty_source(wb, shown):
    wb.show_table(ROWS.iloc[:0], caption="none")
    wb.show_table(ROWS, caption="no source rows", source=pd.DataFrame({"post_id": []}))
    assert shown == []
    wb.show_table(ROWS, caption="rows", source=ROWS)
    assert len(shown) == 1 and "<caption>rows</caption>" in shown[0].data


@pytest.mark.parametrize(
    ("draw", "options"),
    [
        (charts.bars, {"x": "rate", "y": "component", "title": "t"}),
        (charts.trend, {"x": "period", "y": "rate", "title": "t"}),
        (charts.stacked_shares, {"title": "t"}),
        (charts.intervals, {"title": "t"}),
    ],
    ids=lambda v: getattr(v, "__name__", ""),
)
def test_a_chart_of_no_rows_draws_nothing(draw, options):
    assert draw(pd.DataFrame(), **options) is None
    assert plt.get_fignums() == []


def test_show_trend_shades_the_period_and_says_so_with_the_bucket(wb):
    weeks = pd.date_range("2026-03-30", "2026-09-28", freq="W-MON")
    frame = pd.DataFrame({"period": weeks, "posts": range(len(weeks))})
    wb.show_trend(frame, y="posts", title="Posts by week", subtitle="Per {bucket}", ylabel="posts")
    (ax,) = plt.gcf().axes
    texts = [t.get_text() for t in ax.texts]
    # Q2 to Q3: 183 days, weeks; the baseline (Q2) drawn too
    assert "Per week; shaded: the reporting period, grey: the baseline." in texts
    (baseline,) = [p for p in ax.patches if p.get_label() == "baseline period"]
    xs = ax.transData.inverted().transform(baseline.get_verts())[:, 0]
    assert matplotlib.dates.num2date(xs.min()).date() == wb.client.baseline.start
    (span,) = [p for p in ax.patches if p.get_label() == "reporting period"]
    xs = ax.transData.inverted().transform(span.get_verts())[:, 0]  # a Polygon before mpl 3.9
    low, high = xs.min(), xs.max()
    assert (matplotlib.dates.num2date(low).date(), matplotlib.dates.num2date(high).date()) == (
        wb.client.period.start,
        wb.client.period.end,
    )
    assert ax.get_ylabel() == "posts" and ax.get_title(loc="left") == "Posts by week"


def test_show_bars_takes_its_options_from_the_story(wb):
    story = Story("", measure="rate", title="B leads", xlabel="rate (%)", highlight="b")
    wb.show_bars(ROWS, story, y="component", fmt="{:.1f}%")
    (ax,) = plt.gcf().axes
    assert ax.get_title(loc="left") == "B leads" and ax.get_xlabel() == "rate (%)"
    # the bar labels in `fmt`, largest first, and no subtitle (this story has none)
    assert [t.get_text() for t in ax.texts] == ["2.5%", "1.5%"]


def test_a_chart_shown_by_two_notebooks_of_a_batch_run_is_drawn_once(wb, shown, tmp_path):
    drawn = []

    def bars(frame, *, title):
        drawn.append(title)
        return charts.bars(frame, x="rate", y="component", title=title)

    wb.show_chart(bars, ROWS, title="B leads")  # outside a batch run: drawn every time
    memo.share_in(tmp_path / "derived")  # the first notebook of a batch run
    try:
        wb.show_chart(bars, ROWS, title="B leads")
        memo.share_in(tmp_path / "derived")  # the next: a new kernel reads what was kept
        wb.show_chart(bars, ROWS, title="B leads")
        wb.show_chart(bars, ROWS.assign(rate=[3.0, 1.0]), title="A leads")  # other figures
    finally:
        memo.share_in(None)
    assert drawn == ["B leads", "B leads", "A leads"]
    assert shown[1] == shown[2] != shown[3]  # as kept (a drawing's SVG carries its time)
    svg = shown[1]["image/svg+xml"]
    assert svg.startswith("<?xml") and ">B leads</text>" in svg and "1.5" in svg
    assert ">A leads</text>" in shown[3]["image/svg+xml"]
    assert plt.get_fignums() == []  # shown once: as SVG, not by pyplot again
    shown.clear()
    wb.show_chart(charts.bars, ROWS.iloc[:0], x="rate", y="component", title="none")
    assert shown == []  # a chart that draws nothing (no rows) shows nothing


def test_record_keeps_the_sections_of_earlier_calls(wb, tmp_path, monkeypatch):
    monkeypatch.setattr(wb, "output_dir", str(tmp_path))
    monkeypatch.setattr(wb, "recorded", {})
    wb.record(posts={"_all": {"posts": 3}})
    wb.record(sentiment={"_all": {"n": 2}})
    part = json.loads((tmp_path / runfolder.PARTS / "test.json").read_text())
    assert part == {"posts": {"_all": {"posts": 3}}, "sentiment": {"_all": {"n": 2}}}


def test_a_template_records_a_section_of_its_own_but_never_a_run_key(wb, tmp_path, monkeypatch):
    monkeypatch.setattr(wb, "output_dir", str(tmp_path))
    monkeypatch.setattr(wb, "recorded", {})
    with pytest.raises(ValueError, match=r"test: results.json keeps \['period'\] for the run"):
        wb.record(period="2026-Q3")
    with pytest.raises(ValueError, match="named by a slug"):
        wb.record(**{"Own Checks": 1})
    assert wb.recorded == {}  # a refused call records nothing
    wb.record(own_checks={"newsletter": "not measured"})
    parts = results.read_parts(tmp_path)
    merged = results.assemble(wb.client, parts, kit_version="0")
    assert merged["own_checks"] == {"newsletter": "not measured"}
    assert [key for key in merged if key not in results.SECTIONS][: len(results.RUN_KEYS)] == list(
        results.RUN_KEYS
    )
    assert all(merged[name] is None for name in results.SECTIONS)  # none recorded: null


def test_nothing_tested_leaves_no_caveat_and_no_labels_no_confusion_rows():
    nothing = pd.DataFrame(columns=["test", "component_id", "p_value"])
    assert stats.verdict_caveat(pd.DataFrame(), nothing) == ""
    assert set(stats.caveats(pd.DataFrame(), nothing).values()) == {""}
    unlabelled = pd.DataFrame({"label": ["", ""], "sentiment": ["positive", "negative"]})
    assert sentiment.readable_confusion(unlabelled).empty


def test_an_interactive_rerun_says_so_with_the_command_as_typed(shown, tmp_path, monkeypatch):
    monkeypatch.delenv(results.PUBLISH_ENV, raising=False)
    notebook.open_workbook("northwind-outdoor", notebook="test", output_dir=str(tmp_path / "run"))
    banner = shown[-1].data
    assert "An interactive re-run" in banner
    assert "`socialworkbook run northwind-outdoor --force`" in banner  # no stray backslash
    assert not (tmp_path / "run").exists()


def _cell_styles(page: str) -> dict[str, str]:
    """Each column's data-cell style in a `table_html` page: header text -> its td rules."""
    import re

    headers = re.findall(r'<th id="T_\w+_level0_(col\d+)"[^>]*>([^<]*)</th>', page)
    rules = re.findall(r"#T_\w+ td\.(col\d+) \{([^}]*)\}", page)
    return {text: "".join(r for c, r in rules if c == col) for col, text in headers}


def test_a_number_column_with_n_a_is_right_aligned_and_a_date_never_wraps():
    from socialworkbook.lab.notebook import table_html

    frame = pd.DataFrame(
        {
            "post type": ["reel", "story", "pin"],
            "likes per post": [62.85, "n/a", 3.31],
            "due": ["2026-09-30", "2026-12-31", "–"],
            "now": ["7,037", "€149,155", "n/a"],  # a framework table's metrics, money among them
        }
    )
    styles = _cell_styles(table_html(frame))
    assert "text-align: right" in styles["likes per post"]
    assert "text-align: right" in styles["now"]
    assert "text-align: right" not in styles["post type"]
    assert "white-space: nowrap" in styles["due"]
    assert "white-space: nowrap" in styles["likes per post"]  # "n/a" and "1,226,862" whole
    assert "nowrap" not in styles["post type"]


def test_a_table_scrolls_in_its_own_box_its_figures_whole_its_long_text_on_two_lines():
    """The HTML of a test table as 03 shows it: the box that scrolls a table wider than its
    output area (on screen only), figures written as text right-aligned and broken only between
    their parts, and the long text column at least wide enough for two lines."""
    from bs4 import BeautifulSoup

    from socialworkbook.lab.notebook import table_html

    long = "engagements per post, Northwind trip-planning boards (Pinterest)"  # 64 characters
    frame = pd.DataFrame(
        {
            "comparison": [long, "all posts"],
            "posts (baseline / period)": ["222 / 224", "12 / 13"],
            "estimate (interval)": ["x1.43 (0.94 to 2.18, 98.8%)", "–"],
            "effect size": ["rank-biserial r +0.07", "Cohen's h +0.12"],
            "verdict": ["within chance", "too few"],
        }
    )
    page = table_html(frame)
    soup = BeautifulSoup(page, "html.parser")
    box = soup.find("div", class_="swb-table-box")
    assert box is not None and box.table is not None  # the table inside its box
    box_style = soup.find_all("style")[-1].get_text().replace(" ", "")
    assert ".swb-table-box{max-width:100%;overflow-x:auto;" in box_style
    assert "caption{text-align:left;max-width:100cqw;position:sticky;left:0}" in box_style
    assert "@mediaprint{.swb-table-box{overflow:visible}}" in box_style  # paper never scrolls
    estimate = soup.find_all("tr")[1].find_all("td")[2]
    assert [s.get_text() for s in estimate.find_all("span", class_="swb-whole")] == [
        "x1.43",
        "(0.94 to 2.18, 98.8%)",
    ]
    assert ".swb-whole {\n  white-space: nowrap;" in page
    styles = _cell_styles(page)
    assert "text-align: right" in styles["estimate (interval)"]
    assert "text-align: right" in styles["posts (baseline / period)"]
    assert "nowrap" not in styles["estimate (interval)"]  # it may break between its parts
    # 64 characters on two lines, broken at a space: "engagements per post, Northwind" and
    # "trip-planning boards (Pinterest)", 32 characters of ~0.6 em: 19.2 em, never narrower
    assert "min-width: 19.2em" in styles["comparison"]
    assert "min-width: 7.8em" in styles["effect size"]  # "rank-biserial" / "r +0.07": 13 x 0.6
    assert "min-width" not in styles["verdict"]  # two words never take more than two lines
