"""The board's summary, readers' tables, HTML tiles and cards (numbers recomputed here)."""

from __future__ import annotations

import math

import pandas as pd
import pytest
from factories import component, make_client
from scipy import stats as sps

from socialworkbook.lab.notebook import cards_html, figures_html, ranked_html
from socialworkbook.measure import stats
from socialworkbook.method import board, ecosystem, findings, framework, ogst, priorities, value

# On screen a tile reads "+1.0 vs baseline"; on paper the strip's "Baseline" column says it and
# the words are hidden, so the change column holds "+302,664 (+33%)" on one line.
board_vs = '<span class="swb-vs"> vs baseline</span>'


def test_on_paper_the_figure_strip_leaves_vs_baseline_to_its_column():
    from pathlib import Path

    import socialworkbook.publish as publish

    css = (
        Path(publish.__file__).parent / "html_template" / "socialworkbook" / "socialworkbook.css"
    ).read_text(encoding="utf-8")
    printed = css[css.index("@media print") :]
    assert ".swb-body .swb-tile .swb-vs { display: none; }" in printed
    assert ".swb-vs" not in css[: css.index("@media print")]  # on screen the words show


POSTS = [
    # baseline (Q2): reach 1,000, engagements 10 + 2 + 3 = 15
    {
        "post_id": "b1",
        "component_id": "fb",
        "published_at": "2026-05-02",
        "reach": 1000,
        "likes": 10,
        "comments": 2,
        "shares": 3,
        "votes": 1,
    },
    # period (Q3): reach 3,000 + 1,000, engagements 40 + 8 + 2 = 50
    {
        "post_id": "p1",
        "component_id": "fb",
        "published_at": "2026-07-02",
        "reach": 3000,
        "likes": 30,
        "comments": 6,
        "shares": 2,
        "votes": 4,
    },
    {
        "post_id": "p2",
        "component_id": "fb",
        "published_at": "2026-08-02",
        "reach": 1000,
        "likes": 10,
        "comments": 2,
        "shares": 0,
        "referrals": 5,
    },
]


def _client(**tables):
    eco = [
        component("fb", name="Facebook page <b>", owner="Ann"),
        component(
            "crm",
            name="CRM",
            continuum_stage="social_crm",
            component_type="social_crm",
            purposes="listening",
        ),
    ]
    return make_client(ecosystem=eco, posts=POSTS, **tables)


def test_key_figures_recomputed_by_hand():
    figures = board.key_figures(_client()).set_index("figure")
    reach = figures.loc[board.REACH]
    assert (reach["period"], reach["baseline"], reach["change"]) == (4000, 1000, 3000)
    assert reach["change_text"] == "+3,000 (+300%) vs baseline"  # a change with its percentage
    rate = figures.loc["engagement rate by reach"]
    assert rate["period"] == 100 * 50 / 4000 and rate["baseline"] == 100 * 15 / 1000
    actions = figures.loc["constructive customer actions (comments, votes, referrals)"]
    # comments + votes + referrals: period 6 + 4 + 2 + 5 = 17, baseline 2 + 1 = 3
    assert (actions["period"], actions["baseline"]) == (17, 3)
    # no mentions: net sentiment is left out, never shown as zero
    assert "net sentiment (positive minus negative, % of mentions)" not in figures.index


def test_headline_counts_goals_and_states_whether_a_shift_is_beyond_chance():
    goals = [{"status": s} for s in ("met", "met", "on_track", "behind", "no_data")]
    client = _client()
    shift = {
        "difference": 0.10,
        "baseline_positive_share": 0.4,
        "period_positive_share": 0.5,
        "n_baseline": 120,
        "n_period": 130,
        "ci_low": 0.02,
        "ci_high": 0.18,
        "p_value": 0.01,
        "p_adjusted": 0.03,
        "adjusted_level": 0.975,
        "adjusted_low": 0.01,
        "adjusted_high": 0.19,
        "design_effect": 1.25,
        "authors": 140,
        "verdict": "beyond chance",
    }
    text = board.headline(client, goals, shift)
    assert "met 2 of 5 goals, with 1 more on track, 1 behind and 1 without data to judge." in text
    # plain words: "rose" for a change beyond chance, n beside each share; the interval, its
    # level and the authors in the board's notes, never in the sentence
    assert "rose from 40% (of 120 mentions) to 50% (of 130), +10 points" in text
    assert text.endswith("a change beyond chance.\u00b9")
    for word in ("interval", "design effect", "VADER", "97.5"):
        assert word not in text
    notes = " ".join(board.notes(client, shift, _tests_table()))
    assert "+1 to +19 points, allowing for the 3 comparisons made together (a 97.5% interval)" in (
        notes
    )
    assert "written by 140 people" in notes
    few = " ".join(
        board.notes(client, {**shift, "authors": 12, "design_effect": None}, _tests_table())
    )
    assert "12 people, too few to tell a change from a few people's voices" in few
    calm = board.headline(
        client, goals, shift | {"verdict": "within chance", "adjusted_low": -0.01}
    )
    assert "was 50% (of 130 mentions) against 40% (of 120) in the baseline" in calm
    assert "within what chance alone could produce" in calm and "rose" not in calm
    untested = board.headline(
        client,
        goals,
        shift | {"p_adjusted": None, "verdict": "not tested: fewer than 10 mentions in a period"},
    )
    assert untested.endswith(
        "+10 points, on automatic scores no person has checked: not tested: fewer than 10 "
        "mentions in a period."
    )
    behind = [{"status": "behind"}, {"status": "behind"}]
    assert (
        board.headline(client, behind, None) == "In 2026-Q3, Acme met 0 of 2 goals, with 2 behind."
    )
    assert board.headline(client, [{"status": "met"}], None) == "In 2026-Q3, Acme met 1 of 1 goals."


def test_all_findings_put_high_severity_first():
    client = _client()
    found = board.all_findings(client)
    severities = [f.severity for f in found]
    assert severities == sorted(severities, key=findings.SEVERITIES.index)


def test_all_findings_add_what_other_templates_recorded_after_the_produced_ones():
    client = _client()
    produced = board.all_findings(client)
    own = findings.Finding("own:x", "high", "Own gap.", "Close it.", "05_own_check")
    again = [findings.as_result(f) for f in produced]  # the method notebooks' own records
    found = board.all_findings(client, results={"findings": [*again, findings.as_result(own)]})
    assert [f for f in found if f != own] == produced
    highs = [f for f in found if f.severity == "high"]
    assert highs[-1] == own  # after the produced findings of its severity
    assert board.all_findings(client, results=None) == produced


def test_figures_and_cards_escape_client_text():
    tiles = figures_html(
        pd.DataFrame(
            [{"figure": "<script>x</script>", "period": 5.0, "baseline": 4.0, "change": 1.0}]
        )
    )
    assert "<script>x" not in tiles and "&lt;script&gt;x" in tiles and f"+1.0{board_vs}" in tiles
    cards = cards_html(ogst.cards(_client()))
    assert "Facebook page &lt;b&gt;" in cards and "Facebook page <b>" not in cards
    assert "none yet" in cards  # a component without OGST lines says so


def test_ogst_cards_and_goal_table_and_attainment_headline():
    client = _client(
        ogst=[
            {
                "component_id": "fb",
                "objective": "Be heard",
                "goal": "4,000 reached",
                "metric": "reach",
                "target": 4000,
                "target_date": "2026-09-30",
                "strategy": "Reels",
                "tactics": "a;b",
            }
        ]
    )
    card = ogst.cards(client)[0]
    assert ("tactics", "a; b") in card["lines"]
    assert any(
        k == "goal" and "target 4,000" in v and "by 30 Sep 2026" in v for k, v in card["lines"]
    )
    goals = ogst.goal_status(client)
    table = ogst.goals_table(goals)
    assert (
        table.loc[0, "actual"] == "4,000"
        and table.loc[0, "attainment %"] == 100
        and table.loc[0, "status"] == "met"
    )
    assert ogst.attainment_headline(goals) == "1 of 1 goals met, 0 on track, 0 behind"


def test_headlines_name_what_each_view_shows():
    lines = ecosystem.headlines(_client())
    assert lines["inventory"].startswith("Acme runs 2 active social components of 2 types")
    assert "serve loyalty" not in lines["lifecycle"]
    assert "none serves" in lines["lifecycle"]  # the factory components serve no stage
    empty = value.headlines(_client(), value.score_vs_evidence(_client()))
    assert empty["scores"] == "No active component has value scores yet"


def test_chains_table_writes_each_chain_once():
    client = _client(
        functions=[
            {
                "business_function": "marketing",
                "business_objective": "Grow",
                "social_objective": "Reach",
                "metrics": "reach;likes",
                "components": "fb",
            }
        ]
    )
    table = framework.chains_table(client)
    assert list(table["function"]) == ["marketing", ""]
    assert list(table["metric"].str.len() > 0) == [True, True]


def test_totals_of_spans_of_different_length_compare_per_day():
    # baseline 2026-01-01..2026-06-30 is 181 days, the period 2026-Q3 92: more than 5% apart
    client = make_client(
        ecosystem=[component("fb")], posts=POSTS, baseline="2026-01-01..2026-06-30"
    )
    figures = board.key_figures(client).set_index("figure")
    reach = figures.loc[board.REACH]
    assert (reach["period"], reach["baseline"]) == (4000, 1000)  # the totals stay beside
    assert reach["change"] == 4000 / 92 - 1000 / 181  # +37.95 a day, by hand
    assert reach["change_text"] == (
        "+38 a day vs baseline (6 then 43 a day; 1,000 over 181 days with data, 4,000 over 92)"
    )
    actions = figures.loc["constructive customer actions (comments, votes, referrals)"]
    assert actions["change"] == 17 / 92 - 3 / 181
    rate = figures.loc["engagement rate by reach"]  # a rate: compared as it is
    assert rate["change"] == 100 * 50 / 4000 - 100 * 15 / 1000  # 1.25% - 1.5%, in points
    assert rate["change_text"] == "\u22120.25 points vs baseline"
    tiles = figures_html(board.key_figures(client), formats=board.FORMATS)
    per_day = f"+38 a day{board_vs} (6 then 43 a day; 1,000 over 181 days with data, 4,000 over 92)"
    assert per_day in tiles
    # 2026-Q2 (91 days) against 2026-Q3 (92): within 5%, totals compare as they are
    same = board.key_figures(_client()).set_index("figure")
    assert same.loc[board.REACH, "change_text"] == "+3,000 (+300%) vs baseline"


def _tests_table():
    """A hand-built test table: trail club's positive share falls 40% -> 20%, the forum's rises
    20% -> 40% (both n=100 a side, beyond chance), the blog's is flat (within chance)."""

    def shift(before: int, after: int, comparison: str) -> dict:
        hits = [True] * before + [False] * (100 - before) + [True] * after + [False] * (100 - after)
        result = stats.proportion_shift(hits, [False] * 100 + [True] * 100)
        return {
            **result,
            "comparison": comparison,
            "family": stats.PRIMARY,
            "value_baseline": before / 100,
            "value_period": after / 100,
        }

    return stats.test_table(
        [
            shift(40, 20, "positive share, Trail Club"),
            shift(20, 40, "positive share, Forum"),
            shift(30, 31, "positive share, Blog"),
        ]
    )


def test_the_list_ranks_goals_behind_then_falls_beyond_chance_then_gaps():
    goal = {
        "component_id": "fb",
        "objective": "",
        "kind": "level",
        "target_date": "2026-09-30",
        "as_of": "2026-09-30",
        "start_value": None,
        "elapsed_share": 1.0,
        "lower_is_better": False,
    }
    goals = [
        goal
        | {
            "component": "Shop",
            "goal": "Grow sales",
            "metric": "clicks",
            "kind": "flow",
            "target": 10.0,
            "actual": 12.0,
            "attainment": 1.2,
            "status": "met",
        },
        goal
        | {
            "component": "Forum",
            "goal": "Answer within a day",
            "metric": "response_time_hours",
            "target": 24.0,
            "actual": 41.4,
            "attainment": 0.58,
            "lower_is_better": True,
            "status": "behind",
        },
        goal
        | {
            "component": "Trail Club",
            "goal": "",
            "metric": "monthly_active_users",
            "target": 1000.0,
            "actual": 300.0,
            "attainment": 0.3,
            "status": "behind",
        },
    ]
    gap = findings.Finding(
        "no-owner", "high", "1 component has no owner.", "Name one.", "01_ecosystem_map"
    )
    items = [a.as_item() for a in priorities.first_actions(_client(), goals, _tests_table(), [gap])]
    assert [i["kind"] for i in items] == [
        "goal behind",
        "goal behind",
        "fall beyond chance",
        "high",
    ]
    # furthest from where it should be first; actual against target in the goal's units
    assert items[0]["text"] == (
        "Trail Club: 300 monthly active users against a target of 1,000, due 30 Sep 2026."
    )
    # the owner decides; a lower-is-better gap is cut (41.4 - 24 = 17.4 hours)
    assert items[1]["action"] == (
        "Decide with Ann how to cut the 17.4 hours too many, or reset the target."
    )
    # the one fall (not the rise, not the flat one), from 40% to 20%
    assert items[2]["text"] == (
        "Share of positive mentions, Trail Club fell from 40% to 20%, beyond chance."
    )
    assert items[2]["notebook"] == "03_metric_analysis" and items[3]["notebook"] == (
        "01_ecosystem_map"
    )
    html = ranked_html(items)
    assert (
        html.index("Trail Club: 300") < html.index("Forum: Response") < html.index("has no owner")
    )
    # each links to the section that shows its detail, not to the top of the report
    assert '<a href="04_action_plan.html#goals">Detail: Action plan</a>' in html
    assert '<a href="03_metric_analysis.html#changes">Detail: Metric analysis</a>' in html
    assert '<a href="01_ecosystem_map.html#findings">Detail: Ecosystem map</a>' in html
    assert ranked_html([], empty="Nothing <first>") == "<p>Nothing &lt;first&gt;</p>"


def test_real_changes_name_each_primary_comparison_beyond_chance():
    table = _tests_table()
    # independently: the two-sided unpooled (Welch) t test of 40/100 against 20/100, by hand:
    # variances with n - 1, the Satterthwaite df of two equal groups of 100 is 198
    t = (0.4 - 0.2) / ((0.4 * 0.6 + 0.2 * 0.8) / 99) ** 0.5
    assert table["p_value"].iloc[0] == pytest.approx(2 * sps.t.sf(t, 198), rel=1e-6)
    changes = board.real_changes(table)
    assert [c["text"] for c in changes] == [
        "Share of positive mentions, Trail Club: fell from 40% to 20% (\u221220 points), on "
        "automatic scores no person has checked\u00b2.",
        "Share of positive mentions, Forum: rose from 20% to 40% (+20 points), on automatic "
        "scores no person has checked\u00b2.",
    ]
    assert board.changes_summary(table) == (
        "2 of the 3 primary comparisons of the baseline with the period changed beyond chance:"
    )
    flat = table[table["comparison"].str.endswith("Blog")]
    assert board.changes_summary(flat) == (
        "None of the 1 primary comparison of the baseline with the period changed beyond chance."
    )


def test_the_board_paper_names_the_client():
    assert board.question(_client()) == (
        "What did social technologies deliver for Acme in 2026-Q3, and what needs the board's "
        "attention first?"
    )


# ------------------------------------------------------------------ tiles: one verdict a change

POSITIVE_TEXT, NEUTRAL_TEXT = "I love it, great service!", "The parcel came on Tuesday."


def _mentions(before: int, after: int, n: int = 40) -> list[dict]:
    """`n` mentions of the baseline (Q2) and `n` of the period (Q3) on one component, the first
    `before` / `after` of each positive by VADER, the rest neutral; no authors."""
    rows = []
    for when, positive in (("2026-05-0", before), ("2026-08-0", after)):
        for i in range(n):
            rows.append(
                {
                    "mention_id": f"{when}{i}",
                    "published_at": f"{when}{1 + i % 9}",
                    "text": POSITIVE_TEXT if i < positive else NEUTRAL_TEXT,
                    "component_id": "fb",
                }
            )
    return rows


def _by_hand(before: int, after: int, n: int = 40) -> tuple[float, float, float]:
    """(difference, se, p) of the positive share by hand: the unpooled (Welch) t-test, variances
    with n - 1, on the Satterthwaite df of two equal groups of n, 2 (n - 1)."""
    from scipy.stats import t

    a, b = before / n, after / n
    se = math.sqrt(a * (1 - a) / (n - 1) + b * (1 - b) / (n - 1))
    return b - a, se, 2 * t.sf(abs(b - a) / se, 2 * (n - 1))


def _tiles(before: int, after: int):
    from socialworkbook.measure import estimate, sentiment

    client = make_client(
        ecosystem=[component("fb")], posts=POSTS, mentions=_mentions(before, after)
    )
    tests = stats.period_tests(client, sentiment.score_client(client))
    none = estimate.ClientEstimates({"_all": None}, {"_all": None}, {"_all": ""}, {})
    figures = board.tile_figures(client, tests, none, None)
    return tests, figures.set_index("figure", drop=False)


def _delta(tiles_html: str, figure: str) -> str:
    """The change line (its span with the class) of the tile of `figure`."""
    start = tiles_html.index(f'<div class="swb-label">{figure}</div>')
    end = tiles_html.index('<div class="swb-base">', start)
    return tiles_html[start:end].split("</div>", 1)[1].removesuffix("</span>")


def test_a_positive_share_beyond_chance_is_coloured_with_its_verdict_n_and_interval():

    tests, figures = _tiles(12, 28)  # 30% -> 70% of 40 a side
    difference, se, p = _by_hand(12, 28)
    assert p < 0.001
    tile = figures.loc[board.POSITIVE]
    assert (tile["period"], tile["baseline"]) == (pytest.approx(0.7), pytest.approx(0.3))
    assert tile["change"] == pytest.approx(difference)
    # the same verdict as the test table's row of all mentions, which is what 03 prints
    (row,) = tests[(tests["component_id"] == "_all") & tests["test"].isin(stats.SHARE_TESTS)][
        "verdict"
    ]
    assert tile["verdict"] == row == "beyond chance"
    assert tile["change_text"] == "+40 points vs baseline, beyond chance"
    # both primary share tests (all mentions, the one component) are beyond chance, so the
    # Benjamini-Yekutieli level is 1 - 2 * 0.05 / 2 = 95%; the posts are too few to be tested
    crit = sps.t.ppf(0.975, 78)  # 2 (n - 1)
    low, high = difference - crit * se, difference + crit * se
    assert tile["note"] == (
        f"change +{100 * low:.0f} to +{100 * high:.0f} points, allowing for the 2 comparisons "
        "made together\u00b9; on automatic scores no person has checked"
    )
    html = figures_html(figures, formats=board.FORMATS)
    rising = 'class="swb-delta swb-up">+40 points' + board_vs + ", beyond chance"
    assert rising in _delta(html, board.POSITIVE)
    falling = figures.assign(change=-figures["change"])  # a fall beyond chance reads red
    assert "swb-down" in _delta(figures_html(falling, formats=board.FORMATS), board.POSITIVE)


def test_a_positive_share_within_chance_is_neutral_and_says_so():

    tests, figures = _tiles(18, 22)  # 45% -> 55%
    difference, se, p = _by_hand(18, 22)
    assert p > 0.05
    tile = figures.loc[board.POSITIVE]
    assert tile["verdict"] == "within chance"
    assert tile["change_text"] == "+10 points vs baseline, within chance"
    # nothing beyond chance: the level is 1 - 1 * 0.05 / 2 = 97.5%, p adjusted is p (two equal p)
    z = sps.t.ppf(1 - 0.025 / 2, 78)
    low, high = 100 * (difference - z * se), 100 * (difference + z * se)
    assert tile["note"] == (
        f"change {low:+.0f} to {high:+.0f} points, allowing for the 2 comparisons made "
        "together\u00b9; on automatic scores no person has checked"
    ).replace("-", "\N{MINUS SIGN}")
    html = figures_html(figures, formats=board.FORMATS)
    delta = _delta(html, board.POSITIVE)
    assert delta == '<span class="swb-delta">+10 points' + board_vs + ", within chance"


def test_untested_changes_carry_no_colour():
    _, figures = _tiles(12, 28)
    html = figures_html(figures, formats=board.FORMATS)
    untested = figures[figures["figure"] != board.POSITIVE]
    assert len(untested) == 4 and set(untested["verdict"]) == {""}
    assert (untested["change"].abs() > 0).all()  # every one moved, and still no colour
    for figure in untested["figure"]:
        assert _delta(html, figure).startswith('<span class="swb-delta">'), figure
    assert html.count("swb-up") == 2  # the stylesheet's rule and the one tested tile


def test_a_positive_share_too_small_to_test_says_why_without_colour():
    from socialworkbook.measure import estimate, sentiment

    client = make_client(ecosystem=[component("fb")], posts=POSTS, mentions=_mentions(1, 8, n=9))
    tests = stats.period_tests(client, sentiment.score_client(client))
    none = estimate.ClientEstimates({"_all": None}, {"_all": None}, {"_all": ""}, {})
    tile = board.tile_figures(client, tests, none, None).set_index("figure").loc[board.POSITIVE]
    assert tile["change_text"] == "+78 points vs baseline"  # 1/9 -> 8/9, by hand
    assert tile["note"] == tile["verdict"] == "not tested: fewer than 10 mentions in a period"
    html = figures_html(pd.DataFrame([{**tile, "figure": board.POSITIVE}]))
    assert "swb-up" not in html.split("</style>")[1]


def test_our_view_is_the_commentary_in_paragraphs_escaped_when_shown(tmp_path):
    import dataclasses

    from socialworkbook.lab.notebook import escape_text

    client = dataclasses.replace(_client(), folder=tmp_path / "acme")
    assert board.our_view(client) == []  # no commentary: the board leaves "Our view" out
    folder = tmp_path / "acme" / "commentary"
    folder.mkdir(parents=True)
    (folder / f"{client.period.slug}.md").write_text(
        "# Our view\n\nA <script>x</script> line\nwrapped.\n\n[link](javascript:alert(1))\n"
    )
    paragraphs = board.our_view(client)
    assert paragraphs == ["A <script>x</script> line wrapped.", "[link](javascript:alert(1))"]
    shown = escape_text(paragraphs[0]) + escape_text(paragraphs[1])
    assert "<script>" not in shown and "](javascript" not in shown
    assert board.peer_standing(None) == []  # no peer group: the section is left out
