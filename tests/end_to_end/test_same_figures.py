"""One quantity, one text: the key figures read the same in every report of a client and the index.

Each figure is pulled out of the rendered HTML of the example run (prose, tiles and tables) and
compared across the reports, and with the figure written by hand from results.json.
"""

from __future__ import annotations

import html
import json
import re

import pytest
import sample_by_hand as by_hand
import yaml
from rendered import html_tables

pytestmark = pytest.mark.xdist_group("example_run")

CLIENTS = ("northwind-outdoor", "ledgerline")
MINUS = "\u2212"


def _page(example_run, client: str, notebook: str) -> str:
    return (example_run.run_dir(client) / f"{notebook}.html").read_text(encoding="utf-8")


def _text(page: str) -> str:
    """The visible text of a page, whitespace collapsed (no scripts, styles or images)."""
    page = re.sub(r"<(script|style)[^>]*>.*?</\1>", " ", page, flags=re.S)
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", page)).split())


def _one(pattern: str, text: str) -> tuple[str, ...] | str:
    found = re.findall(pattern, text)
    assert found, pattern
    assert len(set(found)) == 1, (pattern, found)  # written once, or the same each time
    return found[0]


def _rows(page: str, first: str, column: str) -> dict[str, str]:
    """{first-column cell: `column` cell} of every table headed by `first` that has `column`."""
    out: dict[str, str] = {}
    for table in html_tables(page):
        head = table[0]
        if head[:1] == [first] and column in head:
            for row in table[1:]:
                out[row[0]] = row[head.index(column)]
    assert out, (first, column)
    return out


def _column(page: str, first: str, key: str, column: str) -> dict[str, str]:
    """{`key` cell: `column` cell} of the tables headed by `first`."""
    out = {}
    for table in html_tables(page):
        head = table[0]
        if head[:1] == [first]:
            out |= {row[head.index(key)]: row[head.index(column)] for row in table[1:]}
    return out


def _signed(value: float) -> str:
    """By hand: a whole signed number with a true minus ("+43", "−9", "0")."""
    n = round(value)
    return "0" if n == 0 else f"+{n}" if n > 0 else f"{MINUS}{-n}"


def _index_row(example_run, name: str) -> dict[str, str]:
    page = (example_run.out / "index.html").read_text(encoding="utf-8")
    (table,) = [t for t in html_tables(page) if t[0][:1] == ["Client"]]
    (row,) = [r for r in table[1:] if r[0].startswith(name)]
    return dict(zip(table[0], row, strict=False))


@pytest.fixture(params=CLIENTS)
def client(request, example_run):
    slug = request.param
    config = yaml.safe_load((example_run.data_root / slug / "client.yaml").read_text())
    results = json.loads((example_run.run_dir(slug) / "results.json").read_text())
    pages = {
        n: _page(example_run, slug, n)
        for n in (
            "00_summary",
            "01_ecosystem_map",
            "03_metric_analysis",
            "04_action_plan",
        )
    }
    texts = {n: _text(p) for n, p in pages.items()}
    return {
        "slug": slug,
        "name": config["name"],
        "results": results,
        "pages": pages,
        "texts": texts,
    }


def test_share_of_voice_reads_the_same_in_03_04_and_by_hand(client):
    voice = client["results"]["share_of_voice"]
    share = voice[next(b for b in voice if client["name"].lower().startswith(b))]
    expected = f"{round(100 * share)}%"
    pages, texts = client["pages"], client["texts"]
    shown = {
        "03 prose": _one(r"holds (\S+) of the brand conversation", texts["03_metric_analysis"]),
        "03 table": _rows(pages["03_metric_analysis"], "brand", "share of voice")[client["name"]],
        "04 chains": _column(pages["04_action_plan"], "function", "metric", "now")[
            "share of voice"
        ],
    }
    assert set(shown.values()) == {expected}, shown


def test_net_sentiment_reads_the_same_in_00_03_and_the_index(client, example_run):
    """The figure that leads: the estimate from the labelled sample where there is one (with
    its 95% interval and n labelled, the same in 00 and 03), else the automatic scores'; the
    automatic figure is 03's table of classes either way."""
    sentiment = client["results"]["sentiment"]["_all"]
    estimate = sentiment["estimated"]
    automatic = _signed(sentiment["net_sentiment"])
    expected = _signed(estimate["net_sentiment"]) if estimate else automatic
    pages, texts = client["pages"], client["texts"]
    shown = {
        "00 tile": _one(r"(\S+) net sentiment \(positive minus negative", texts["00_summary"]),
        "03 prose": _one(r"Net sentiment ([+−]?\d+)\b", texts["03_metric_analysis"]),
        # the index's cell: the figure, then (on a line of its own) its interval or basis
        "index": _one(
            r"^([+−]?\d+?)(?=95% |\D|$)", _index_row(example_run, client["name"])["Net sentiment"]
        ),
    }
    assert set(shown.values()) == {expected}, shown
    table = _rows(pages["03_metric_analysis"], "component", "net sentiment")["All mentions"]
    assert table == automatic
    assert (client["slug"] == "northwind-outdoor") == (estimate is not None)
    if estimate:
        low, high = _signed(estimate["ci_low"]), _signed(estimate["ci_high"])
        interval = (
            rf"95% interval {re.escape(low)} to {re.escape(high)}, (?:estimated )?from "
            rf"{estimate['labelled_n']} mentions labelled by people"
        )
        for page in ("00_summary", "03_metric_analysis"):
            assert re.search(interval, texts[page]), page
        assert (
            f"The automatic scorer alone would have said {automatic}"
            in (texts["03_metric_analysis"])
        )


def test_engagement_rate_reads_the_same_in_00_03_and_the_index(client, example_run):
    expected = f"{client['results']['posts']['_all']['engagement_rate_reach']:.2f}"
    pages, texts = client["pages"], client["texts"]
    shown = {
        "00 tile": _one(r"(\S+)% engagement rate by reach", texts["00_summary"]),
        "03 prose": _one(r"Engagement rate (\S+)% by reach", texts["03_metric_analysis"]),
        "03 table": _rows(pages["03_metric_analysis"], "component", "engagement % of reach")[
            "All components"
        ],
        "index": _one(r"(\S+)% of reach", _index_row(example_run, client["name"])["Engagement"]),
    }
    assert set(shown.values()) == {expected}, shown


# 03's sentence on the whole positive share, from the automatic scores or (where there is one)
# from the labelled samples' estimate
STORY = (
    r"Over all mentions the positive share(?:, estimated from the samples labelled by people,)? "
    r"moved (?:from \d+% to \d+%, )?"
)


def test_the_positive_share_shift_reads_the_same_in_00_03_and_the_index(client, example_run):
    entry = client["results"]["sentiment_shift"]["_all"]
    shift = entry["estimated"] or entry  # the estimate is the test where there is one
    points = _signed(100 * shift["difference"])
    texts = client["texts"]
    # the board: the change in its opening sentence, its interval and level in the notes
    change = _one(
        r"positive mentions of .*? (?:was|rose|fell) .*?\(of [\d,]+\)(?: in the baseline)?, "
        r"(\S+) points?, ",
        texts["00_summary"],
    )
    low, high, level = _one(
        r"¹ The change in the share of positive mentions has the interval (\S+) to (\S+) "
        r"points, allowing for the \d+ comparisons made together \(a (\S+) interval\)",
        texts["00_summary"],
    )
    board = (change, low, high)
    # the metric analysis's body says the interval as the board does (its level and the
    # adjusted p are the appendix's); the appendix's table gives the level too
    story = _one(
        STORY + r"(\S+) points? \((\S+) to (\S+) points, "
        r"allowing for the \d+ comparisons made together; ",
        texts["03_metric_analysis"],
    )
    table = _one(
        r"positive share, all mentions primary .*? \d+% → \d+% (\S+) points? \((\S+) to (\S+), "
        r"(\S+)\)",
        texts["03_metric_analysis"],
    )
    assert table[3] == level, (table, level)
    # (estimate, low, high) in each
    assert board == story == table[:3], (board, story, table)
    assert board[0] == points and "-" not in "".join(board)  # a true minus, never a hyphen
    index = _index_row(example_run, client["name"])["Shift"]
    labelled = "from the labelled samples" if entry["estimated"] else ""  # on a line of its own
    assert index == f"{points} points{labelled}"


def test_goal_counts_read_the_same_in_00_04_and_the_index(client, example_run):
    statuses = [g["status"] for g in client["results"]["goals"]]
    met, total = statuses.count("met"), len(statuses)
    on_track, behind = statuses.count("on_track"), statuses.count("behind")
    plan = _one(
        r"Summary ¶ (\d+) of (\d+) goals met, (\d+) on track, (\d+) behind",
        client["texts"]["04_action_plan"],
    )
    assert plan == (str(met), str(total), str(on_track), str(behind))
    board = client["texts"]["00_summary"]
    assert f"met {met} of {total} goals" in board
    assert (f"{on_track} more on track" in board) == (on_track > 0)
    assert f"{behind} behind" in board
    unverified = statuses.count("unverified")
    assert (f"{unverified} unverified" in board) == (unverified > 0)
    assert (f"{unverified} unverified" in client["texts"]["04_action_plan"]) == (unverified > 0)
    assert _index_row(example_run, client["name"])["Goals met"] == f"{met} of {total}"


def test_a_component_net_sentiment_goal_reads_as_03_writes_it(client, example_run):
    """The goals table's actual net sentiment of a component is 03's automatic figure for it,
    or, where the component's labelled sample gives an estimate, that estimate (by hand from
    the labels: the Trail Club's 52 labels alone)."""
    pages = client["pages"]
    feelings = _rows(pages["03_metric_analysis"], "component", "net sentiment")
    names = {e["component"]: cid for cid, e in _goal_components(client).items()}
    folder = example_run.data_root / client["slug"]
    for name, cid in names.items():
        if client["results"]["sentiment"][cid]["estimated"] is not None:
            labelled = by_hand.domain(folder, ("2026-07-01", "2026-09-30"), cid)
            feelings[name] = _signed(labelled.net()[0])
    goals = [
        row
        for table in html_tables(pages["04_action_plan"])
        if table[0][:3] == ["component", "goal", "metric"]
        for row in table[1:]
        if row[2].startswith("net sentiment")
    ]
    for row in goals:
        assert row[4] == feelings[row[0]], row
    if client["slug"] == "northwind-outdoor":
        assert [row[4] for row in goals] == ["+58"]  # the Trail Club's goal, on its estimate


def _goal_components(client) -> dict[str, dict]:
    """{component id: goal} of the client's net sentiment goals."""
    return {
        g["component_id"]: g for g in client["results"]["goals"] if g["metric"] == "net_sentiment"
    }


def test_business_functions_per_component_agree_between_01_and_04(client):
    """04's count of functions of a shared component is the length of 01's list of them."""
    pages = client["pages"]
    inventory = _column(pages["01_ecosystem_map"], "type", "component", "business functions")
    assert inventory
    shared = _rows(pages["04_action_plan"], "name", "business functions")
    assert shared
    for name, count in shared.items():
        if name in inventory:
            assert int(count) == len(inventory[name].split(", ")), name


def test_the_positive_share_verdict_is_one_in_results_00_tile_and_headline_03_and_index(
    client, example_run
):
    """One comparison, one verdict: the board's tile colours the shift only when results.json
    says beyond chance, and says the same words; the headline, 03 and the index agree."""
    entry = client["results"]["sentiment_shift"]["_all"]
    shift = entry.get("estimated") or entry  # the estimate is the test where there is one
    verdict = shift["verdict"]
    assert verdict in ("beyond chance", "within chance")
    real = verdict == "beyond chance"
    points = _signed(100 * shift["difference"])
    colour = ("swb-up" if shift["difference"] > 0 else "swb-down") if real else ""
    tile = _one(
        r'<div class="swb-label">share of positive mentions</div>'
        r'<span class="swb-delta ?([a-z-]*)">(\S+) points?'
        r'<span class="swb-vs"> vs baseline</span>, ([a-z ]+)</span>',
        client["pages"]["00_summary"],
    )
    assert tile == (colour, points, verdict)
    words = "beyond chance" if real else "within what chance alone could produce"
    texts = client["texts"]
    headline = _one(
        r"share of positive mentions of .*?, (?:on|estimated from) [a-z ]+: ([a-z ]+)\.¹",
        texts["00_summary"],
    )
    story = _one(STORY + r"\S+ points? \([^)]*\): ([a-z ]+)\.", texts["03_metric_analysis"])
    assert headline == ("a change " + words if real else words) and story == words
    index = (example_run.out / "index.html").read_text(encoding="utf-8")
    row = index[index.index(f"<strong>{html.escape(client['name'])}</strong>") :]
    cell = re.search(r'<span class="([a-z-]+)" title="([a-z ]+)">([^<]+)</span>', row)
    assert cell.groups() == (colour or "swb-muted", verdict, f"{points} points")
