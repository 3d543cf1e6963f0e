"""What the charts draw: part-week points hollow, counts in the thousands with separators."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import re  # noqa: E402

import matplotlib.dates as mdates  # noqa: E402
import matplotlib.pyplot as plt  # noqa: E402
import networkx as nx  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402

from socialworkbook.lab import charts, diagram  # noqa: E402

WEEKS = pd.date_range("2026-06-29", periods=5, freq="W-MON")


def _tick_labels(axis) -> list[str]:
    axis.figure.canvas.draw()
    return [t.get_text() for t in axis.get_ticklabels() if t.get_text()]


def test_trend_draws_the_cut_weeks_hollow_and_says_why():
    frame = pd.DataFrame({"period": WEEKS, "actions": [400, 900, 1200, 2500, 300]})
    cut = [WEEKS[0], WEEKS[-1]]
    ax = charts.trend(frame, x="period", y="actions", title="t", partial=cut)
    (hollow,) = ax.collections
    assert [mdates.num2date(x).date() for x, _ in hollow.get_offsets()] == [w.date() for w in cut]
    assert list(hollow.get_offsets()[:, 1]) == [400, 300]
    assert tuple(hollow.get_facecolor()[0]) == (1.0, 1.0, 1.0, 1.0)
    assert any("part-week" in t.get_text() for t in ax.texts)


def test_trend_without_cut_weeks_draws_no_hollow_points():
    frame = pd.DataFrame({"period": WEEKS, "rate": [4.5, 4.9, 5.1, 6.2, 3.6]})
    ax = charts.trend(frame, x="period", y="rate", title="t", partial=[])
    assert not ax.collections and not any("part-week" in t.get_text() for t in ax.texts)
    assert not any("," in label for label in _tick_labels(ax.yaxis))  # rates keep plain ticks


def test_counts_in_the_thousands_get_separators_on_the_value_axis():
    frame = pd.DataFrame({"period": WEEKS, "actions": [400, 900, 1200, 2500, 300]})
    trend = charts.trend(frame, x="period", y="actions", title="t")
    assert "2,500" in _tick_labels(trend.yaxis)
    reach = pd.DataFrame({"component": ["Trail Club", "Shop"], "reach": [6951680.0, 12000.0]})
    bars = charts.bars(reach, x="reach", y="component", title="t", fmt="{:,.0f}")
    assert any(label.count(",") == 2 for label in _tick_labels(bars.xaxis))  # e.g. 6,000,000


def test_a_bar_without_a_value_is_labelled_n_a():
    rates = pd.DataFrame({"component": ["Forum", "Reddit"], "likes": [3.5, np.nan]})
    ax = charts.bars(rates, x="likes", y="component", title="t", fmt="{:.2f}")
    labels = [t.get_text() for t in ax.texts]
    assert [label.strip() for label in labels] == ["3.50", "n/a"]


def test_alt_text_is_the_finding_in_the_title_on_one_line():
    ax = charts.bars(
        pd.DataFrame({"name": ["a", "b"], "value": [1, 2]}),
        x="value",
        y="name",
        title="Reach rose by a fifth in the quarter, the most in the forum and the least on X, "
        "where it fell",
    )
    assert charts.alt_text(ax.figure) == (
        "Reach rose by a fifth in the quarter, the most in the forum and the least on X, "
        "where it fell"
    )
    fig, _ = plt.subplots()
    assert charts.alt_text(fig) == ""
    fig.suptitle("Two  goals\nbehind")
    assert charts.alt_text(fig) == "Two goals behind"


def test_heatmap_labels_a_cell_without_a_value_and_names_the_columns_in_words():
    scores = pd.DataFrame(
        {"brand_awareness": [4.0, None], "customer_insight": [2.0, 3.0]}, index=["Forum", "X"]
    )
    ax = charts.heatmap(scores, title="t")
    assert [t.get_text() for t in ax.texts].count("no score") == 1
    (hatched,) = [p for p in ax.patches if p.get_hatch()]
    assert hatched.get_xy() == (0, 1)  # column 0, row 1: the missing score
    assert [t.get_text().replace("\n", " ") for t in ax.get_xticklabels()] == [
        "brand awareness",
        "customer insight",
    ]


def test_trend_months_read_as_names_not_numbers():
    months = pd.date_range("2026-04-01", periods=6, freq="MS")
    ax = charts.trend(
        pd.DataFrame({"month": months, "reach": range(6)}), x="month", y="reach", title="t"
    )
    labels = _tick_labels(ax.xaxis)
    assert "Apr" in labels or "2026" in labels
    assert not any(re.fullmatch(r"\d{4}-\d{2}", label) for label in labels)


def _placement() -> pd.DataFrame:
    """Three components on the value continuum, one of them without an audience."""
    return pd.DataFrame(
        {
            "name": ["Forum", "Blog", "X"],
            "component_type": ["customer_community", "social_media_profile", "social_network"],
            "continuum_stage": ["community", "mass_market", "mass_market"],
            "status": ["active", "active", "active"],
            "purpose": ["supporting", "talking", "listening"],
            "size": [100.0, None, 50.0],
        }
    )


def test_a_purpose_has_one_colour_whatever_the_client_brand():
    from matplotlib.colors import to_hex

    placement = _placement()
    seen = []
    for brand in ("#aa0000", "#00aa00"):
        charts.set_style(brand)
        ax = charts.continuum(placement, stages=["community", "mass_market"], title="t")
        seen.append({c.get_label(): to_hex(c.get_facecolor()[0]) for c in ax.collections})
        assert brand not in seen[-1].values()
        plt.close("all")
    assert seen[0] == seen[1]
    assert seen[0]["talking"] == charts.PURPOSE_COLORS["talking"]


def _boxes_overlap(a, b) -> bool:
    return a.x0 < b.x1 and b.x0 < a.x1 and a.y0 < b.y1 and b.y0 < a.y1


def test_every_point_of_the_scores_scatter_is_labelled_and_no_label_overlaps_another():
    rng = np.random.default_rng(7)
    names = [f"Component {chr(65 + i)}" for i in range(10)]
    evidence = pd.DataFrame(
        [
            {"component_id": n, "name": n, "dimension": d, "score": s, "rank": r}
            for n in names
            for d, s, r in zip(
                ("reach", "advocacy", "support"),
                rng.integers(0, 6, 3),
                rng.random(3),
                strict=True,
            )
        ]
    )
    ax = charts.score_evidence(evidence, title="Scores against the evidence")
    ax.figure.canvas.draw()
    renderer = ax.figure.canvas.get_renderer()
    names_drawn = [t for t in ax.texts if t.get_text() in names]
    numbers = [t for t in ax.texts if t.get_text().isdigit()]
    key = " ".join(t.get_text() for t in ax.texts if not t.get_text().isdigit())
    # each of the 30 points has its name beside it, or a number whose key names it
    assert len(names_drawn) + len(numbers) == 30
    for number in numbers:
        assert re.search(rf"\b{number.get_text()} Component [A-J]\b", key)
    boxes = [t.get_window_extent(renderer) for t in names_drawn]
    for i, a in enumerate(boxes):
        assert not any(_boxes_overlap(a, b) for b in boxes[i + 1 :])
    assert len(names_drawn) >= 20  # most points carry their name itself


def test_charts_print_at_most_the_page_width_with_no_text_under_8_pt():
    charts.set_style("#1f4e79")
    frame = pd.DataFrame({"period": WEEKS, "rate": [4.5, 4.9, 5.1, 6.2, 3.6]})
    goals = pd.DataFrame(
        {
            "label": ["Reach 10,000 people a month", "Answer within a day"],
            "attainment": [0.58, 1.2],
            "status": ["behind", "met"],
        }
    )
    graph = nx.Graph()
    graph.add_node("function:marketing", kind="function", label="marketing")
    graph.add_node("stage:investigation", kind="stage", label="investigation")
    graph.add_node("component:a", kind="component", label="A component with a long name " * 2)
    graph.add_edges_from(
        [("component:a", "function:marketing"), ("component:a", "stage:investigation")]
    )
    drawn = [
        charts.trend(frame, x="period", y="rate", title="t", subtitle="s", partial=[WEEKS[0]]),
        charts.bars(frame.assign(kind=list("abcde")), x="rate", y="kind", title="t", subtitle="s"),
        charts.heatmap(pd.DataFrame(np.ones((3, 12))), title="t", subtitle="s"),
        charts.attainment(goals, title="t"),
        diagram.connections(graph, title="t", subtitle="s"),
    ]
    for ax in drawn:
        fig = ax.figure
        assert fig.get_figwidth() <= charts.PRINT_WIDTH
        fig.canvas.draw()
        sizes = [t.get_fontsize() for t in fig.findobj(matplotlib.text.Text) if t.get_text()]
        assert sizes and min(sizes) >= 8
        assert set(sizes) <= set(charts.TEXT.values()) | {9}  # one scale


def test_trend_draws_the_baseline_period_again_over_the_reporting_period():
    weeks = pd.date_range("2026-04-06", periods=26, freq="W-MON")
    frame = pd.DataFrame({"period": weeks, "rate": np.arange(26.0)})
    ax = charts.trend(
        frame,
        x="period",
        y="rate",
        title="t",
        shade=("2026-07-01", "2026-09-30"),
        previous=("2026-04-01", "2026-06-30"),
    )
    (moved,) = [line for line in ax.lines if line.get_linestyle() == "--"]
    assert list(moved.get_ydata()) == list(np.arange(13.0))  # the 13 baseline weeks
    first = mdates.num2date(mdates.date2num(moved.get_xdata()[0])).date()
    assert str(first) == "2026-07-06"  # 2026-04-06 moved by the 91 days between the starts
    assert moved.get_alpha() < 1
    assert "baseline period" in [t.get_text() for t in ax.get_legend().get_texts()]


def test_a_figure_with_long_words_still_prints_at_its_own_width():
    import io

    from socialworkbook.lab.chart_text import fit_text

    charts.set_style("#1f4e79")
    long = "Northwind Trail Club (customer community) positive share against the baseline"
    frame = pd.DataFrame({"label": [long, "short"], "estimate": [1.0, 2.0]})
    frame = frame.assign(ci_low=frame["estimate"] - 1, ci_high=frame["estimate"] + 1)
    ax = charts.intervals(frame, title=" ".join([long] * 3), subtitle=long * 2)
    fit_text(ax.figure)
    buffer = io.StringIO()
    ax.figure.savefig(buffer, format="svg", bbox_inches="tight", pad_inches=0.05)
    width = float(re.search(r'width="([\d.]+)pt"', buffer.getvalue()).group(1))
    assert width <= charts.PRINT_WIDTH * 72 + 8  # the pad around it
    assert ax.get_title(loc="left").count("\n") >= 2  # the finding wrapped, not cut


def test_a_long_subtitle_wraps_under_its_title_and_leaves_the_plot_its_width():
    # Ledgerline's forest plot of positive share: the subtitle ran over the title and, kept in
    # one line, squeezed the plot to a quarter of the chart's width.
    from socialworkbook.lab.chart_text import fit_text

    charts.set_style("#1f4e79")
    labels = [f"Ledgerline Accountants (LinkedIn group {i}) (n=23 / 34)" for i in range(5)]
    frame = pd.DataFrame({"label": labels, "estimate": [-3.0, -12, 2, -5, 1]})
    frame = frame.assign(ci_low=frame["estimate"] - 10, ci_high=frame["estimate"] + 12)
    subtitle = (
        "Period minus baseline, with intervals allowing for the 15 comparisons made together; "
        "coloured: beyond chance."
    )
    ax = charts.intervals(frame, title="No component's positive share moved", subtitle=subtitle)
    fit_text(ax.figure)
    ax.figure.canvas.draw()
    renderer = ax.figure.canvas.get_renderer()
    (note,) = [t for t in ax.texts if t.get_text().replace("\n", " ") == subtitle]
    title = ax.get_title(loc="left") and ax._left_title or ax.title
    under, over = note.get_window_extent(renderer), title.get_window_extent(renderer)
    assert under.y1 <= over.y0  # the subtitle under the title, not through it
    assert under.y0 >= ax.get_window_extent(renderer).y1  # and over the plot
    assert under.x1 <= ax.figure.bbox.x1  # wrapped inside the chart
    assert ax.get_window_extent(renderer).width >= 0.5 * ax.figure.bbox.width


def test_no_goal_name_or_figure_runs_through_the_attainment_charts_target_dashes():
    goals = pd.DataFrame(
        {
            "label": [f"Goal {i}: reach 100,000 people with posts in Q3" for i in range(5)],
            "attainment": [0.58, 0.91, 0.97, 1.05, 2.4],
            "status": ["behind", "behind", "behind", "met", "met"],
        }
    )
    ax = charts.attainment(goals, title="t")
    ax.figure.canvas.draw()
    renderer = ax.figure.canvas.get_renderer()
    dashes = [line.get_window_extent(renderer) for line in ax.lines]
    assert len(dashes) == len(goals)
    texts = [t.get_window_extent(renderer) for t in ax.texts if t.get_text().strip()]
    for dash in dashes:
        for box in texts:
            assert not _boxes_overlap(dash, box), (dash, box)


def _shown_charts() -> list:
    """One chart of each kind whose layout differs: a colour bar, a legend under the plot, a
    subtitle, labels beside dots, wrapped titles."""
    charts.set_style("#1f4e79")
    long = "Northwind Trail Club (customer community) has the highest engagement rate by reach"
    frame = pd.DataFrame({"period": WEEKS, "rate": [4.5, 4.9, 5.1, 6.2, 3.6]})
    placement = _placement()
    stages = ["social_crm", "collaboration", "community", "mass_market"]
    return [
        charts.heatmap(pd.DataFrame(np.ones((3, 6))), title=long, subtitle="s"),
        charts.trend(frame, x="period", y="rate", title=long, subtitle=long),
        charts.bars(frame.assign(kind=list("abcde")), x="rate", y="kind", title=long),
        charts.continuum(placement, stages=stages, title=long),
    ]


def test_a_shown_chart_is_drawn_once_and_cropped_as_savefig_tight_would_crop_it():
    import io
    from unittest import mock

    from matplotlib.figure import Figure

    from socialworkbook.lab.chart_text import fit_text, svg_of

    with mock.patch.object(Figure, "draw", autospec=True, side_effect=Figure.draw) as draw:
        shown = _shown_charts()
    assert draw.call_count == 0  # seaborn's heat map draws, to see if its tick labels overlap
    for ax in shown:
        fig = ax.figure
        fit_text(fig)
        with mock.patch.object(Figure, "draw", autospec=True, side_effect=Figure.draw) as draw:
            ours = svg_of(fig)
        assert draw.call_count == 1  # savefig(bbox_inches="tight") draws it three times
        assert "<image" not in ours  # all vectors: a report's inline SVG keeps no raster image
        theirs = io.StringIO()
        fig.savefig(theirs, format="svg", bbox_inches="tight", pad_inches=0.05)
        size = r'width="([\d.]+)pt" height="([\d.]+)pt"'
        ours_size = [float(v) for v in re.search(size, ours).groups()]
        theirs_size = [float(v) for v in re.search(size, theirs.getvalue()).groups()]
        assert np.allclose(ours_size, theirs_size, atol=4), (ours_size, theirs_size)  # pt
        texts = re.compile(r"<text[^>]*>([^<]*)</text>")
        assert sorted(texts.findall(ours)) == sorted(texts.findall(theirs.getvalue()))
        plt.close(fig)


def test_a_legend_under_the_plot_keeps_its_title_whole():
    # laid out without a drawing, a legend's texts sit at the origin until it is drawn: they
    # looked past the left edge and were wrapped to a column of words
    from socialworkbook.lab.chart_text import fit_text

    ax = _shown_charts()[-1]
    fit_text(ax.figure)
    legend = ax.get_legend()
    assert "\n" not in legend.get_title().get_text()
    assert all("\n" not in t.get_text() for t in legend.get_texts())
    plt.close("all")
