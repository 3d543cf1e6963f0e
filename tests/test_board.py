"""The board's summary, readers' tables, HTML tiles and cards (numbers recomputed here)."""

from __future__ import annotations

import pandas as pd
from factories import component, make_client

from socialworkbook import board, ecosystem, findings, framework, ogst, value
from socialworkbook.notebook import cards_html, figures_html

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
    reach = figures.loc["people reached by owned posts"]
    assert (reach["period"], reach["baseline"], reach["change"]) == (4000, 1000, 3000)
    rate = figures.loc["engagement rate by reach (%)"]
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
        "verdict": "beyond chance",
    }
    text = board.headline(client, goals, shift)
    assert "met 2 of 5 goals, with 1 more on track, 1 behind and 1 without data to judge." in text
    assert "from 40% (n=120) to 50% (n=130), +10.0 points (97.5% interval +1.0 to +19.0" in text
    assert "design effect 1.25): a change beyond chance." in text
    calm = board.headline(
        client, goals, shift | {"verdict": "within chance", "adjusted_low": -0.01}
    )
    assert "within what chance alone could produce" in calm
    untested = board.headline(
        client,
        goals,
        shift | {"p_adjusted": None, "verdict": "not tested: fewer than 10 mentions in a period"},
    )
    assert untested.endswith("+10.0 points; not tested: fewer than 10 mentions in a period.")
    behind = [{"status": "behind"}, {"status": "behind"}]
    assert (
        board.headline(client, behind, None) == "In 2026-Q3, Acme met 0 of 2 goals, with 2 behind."
    )
    assert board.headline(client, [{"status": "met"}], None) == "In 2026-Q3, Acme met 1 of 1 goals."


def test_all_findings_put_high_severity_first_and_top_findings_cut():
    client = _client()
    found = board.all_findings(client)
    severities = [f.severity for f in found]
    assert severities == sorted(severities, key=findings.SEVERITIES.index)
    assert len(board.top_findings(found, n=2)) == min(2, len(found))


def test_figures_and_cards_escape_client_text():
    tiles = figures_html(
        pd.DataFrame(
            [{"figure": "<script>x</script>", "period": 5.0, "baseline": 4.0, "change": 1.0}]
        )
    )
    assert "<script>x" not in tiles and "&lt;script&gt;x" in tiles and "+1.0 vs baseline" in tiles
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
        k == "goal" and "target 4,000" in v and "by 2026-09-30" in v for k, v in card["lines"]
    )
    goals = ogst.goal_status(client)
    table = ogst.goals_table(goals)
    assert (
        table.loc[0, "actual"] == 4000
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
    reach = figures.loc["people reached by owned posts"]
    assert (reach["period"], reach["baseline"]) == (4000, 1000)  # the totals stay beside
    assert reach["change"] == 4000 / 92 - 1000 / 181  # +37.95 a day, by hand
    assert reach["change_text"] == (
        "+38 a day vs baseline (6 then 43 a day; 1,000 over 181 days, 4,000 over 92)"
    )
    actions = figures.loc["constructive customer actions (comments, votes, referrals)"]
    assert actions["change"] == 17 / 92 - 3 / 181
    rate = figures.loc["engagement rate by reach (%)"]  # a rate: compared as it is
    assert rate["change"] == 100 * 50 / 4000 - 100 * 15 / 1000 and rate["change_text"] == ""
    tiles = figures_html(board.key_figures(client), formats=board.FORMATS)
    assert "+38 a day vs baseline (6 then 43 a day; 1,000 over 181 days, 4,000 over 92)" in tiles
    # 2026-Q2 (91 days) against 2026-Q3 (92): within 5%, totals compare as they are
    same = board.key_figures(_client()).set_index("figure")
    assert same.loc["people reached by owned posts", "change_text"] == ""
