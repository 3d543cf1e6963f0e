"""The one list of what to do first (issue 24): goals in the client's units, hand-computed from
the example inputs, and the same list for the board and the action plan, also after a goal
changes."""

from __future__ import annotations

import datetime as dt
import re
import shutil
from pathlib import Path

import pandas as pd
import pytest

from socialworkbook.intake import read_client
from socialworkbook.method import board, ogst, priorities

ROOT = Path(__file__).resolve().parents[2]
NORTHWIND = ROOT / "client_data" / "northwind-outdoor"
Q3 = (pd.Timestamp("2026-07-01"), pd.Timestamp("2026-10-01"))


def _posts(component: str) -> pd.DataFrame:
    posts = pd.read_csv(NORTHWIND / "posts.csv", parse_dates=["published_at"])
    inside = (posts["published_at"] >= Q3[0]) & (posts["published_at"] < Q3[1])
    return posts[inside & (posts["component_id"] == component)].sort_values("published_at")


def _goal(goals: list[dict], component: str, metric: str) -> dict:
    (found,) = [g for g in goals if g["component_id"] == component and g["metric"] == metric]
    return found


@pytest.fixture(scope="module")
def northwind():
    client = read_client("northwind-outdoor", data_root=ROOT / "client_data")
    return client, ogst.goal_status(client)


@pytest.fixture(scope="module")
def unlabelled(tmp_path_factory):
    """Northwind without its labelled random sample: its sentiment goal rests on automatic
    scores alone."""
    root = tmp_path_factory.mktemp("data")
    # not a score cache's file in flight: another test may be writing the cache it copies
    shutil.copytree(NORTHWIND, root / NORTHWIND.name, ignore=shutil.ignore_patterns("*.tmp"))
    for name in ("labels.csv", "samples.json"):
        (root / NORTHWIND.name / name).unlink(missing_ok=True)
    client = read_client(NORTHWIND.name, data_root=root)
    return client, ogst.goal_status(client)


def test_a_goal_due_now_reads_actual_against_target(northwind):
    """Facebook: comments per post in Q3 (sum of comments / posts, by hand) against 9.4."""
    client, goals = northwind
    posts = _posts("nw-facebook")
    actual = posts["comments"].sum() / len(posts)
    words = priorities.goal_words(_goal(goals, "nw-facebook", "conversation_rate"))
    assert words == f"{actual:.2f} comments per post against a target of 9.4, due 30 Sep 2026"
    assert words.startswith("5.43 comments per post")  # the figure the issue quotes


def test_a_paced_goal_says_where_it_should_be_by_now(northwind):
    """Instagram followers: the latest count of the period against 68,000 by 31 Dec 2026, and
    the pace from the typed start (58,138 on 1 Jul) over the share of the days gone."""
    client, goals = northwind
    actual = _posts("nw-instagram")["followers"].iloc[-1]
    gone = ((dt.date(2026, 9, 30) - dt.date(2026, 7, 1)).days + 1) / (
        (dt.date(2026, 12, 31) - dt.date(2026, 7, 1)).days + 1
    )
    by_now = 58138 + gone * (68000 - 58138)
    goal = _goal(goals, "nw-instagram", "followers")
    assert priorities.goal_words(goal) == (
        f"{actual:,} followers against a target of 68,000 by 31 Dec 2026; by now it should be "
        f"{round(by_now):,} followers"
    )
    (action,) = [
        a for a in board.first_actions(client, goals=goals) if a.id == "goal:nw-instagram:followers"
    ]
    owner = pd.read_csv(NORTHWIND / "ecosystem.csv").set_index("component_id").loc["nw-instagram"]
    assert action.action == (
        f"Decide with {owner['owner']} how to make up the {round(by_now - actual):,} followers "
        "behind pace, or reset the target."
    )


def test_a_goal_on_the_estimate_from_labels_says_its_interval_and_n(northwind):
    """The Trail Club's net sentiment goal rests on its 52 labels alone: the figure and its
    95% interval by hand (sample_by_hand: Bonett-Price with the finite-population correction,
    the hand-labelled mentions counted as labelled)."""
    import sample_by_hand

    client, goals = northwind
    club = sample_by_hand.domain(NORTHWIND, ("2026-07-01", "2026-09-30"), "nw-trail-club")
    value, low, high = (f"{round(v):+d}" for v in club.net())
    goal = _goal(goals, "nw-trail-club", "net_sentiment")
    assert goal["status"] == "met" and club.n == 52
    assert priorities.goal_words(goal) == (
        f"{value} net sentiment against a target of +40, due 30 Sep 2026; 95% interval {low} to "
        f"{high}, estimated from {club.n} mentions labelled by people"
    )
    assert (value, low, high) == ("+58", "+45", "+68")


def test_goals_behind_come_first_furthest_from_their_pace_first_and_never_sound_done(northwind):
    client, goals = northwind
    actions = board.first_actions(client, goals=goals)
    behind = [a for a in actions if a.kind == "goal behind"]
    assert [a.id for a in actions[: len(behind)]] == [a.id for a in behind]
    standings = []
    for action in behind:
        goal = next(g for g in goals if action.id == f"goal:{g['component_id']}:{g['metric']}")
        standings.append(goal["actual"] / priorities.expected_by_now(goal))
    assert standings == sorted(standings)
    texts = " ".join(a.text + " " + a.action for a in actions)
    assert "of its target" not in texts  # no "at 90% of its target" for a goal behind
    assert len({a.action for a in actions}) == len(actions)  # no repeated boiler-plate


def test_a_sentiment_goal_on_automatic_scores_is_never_met_and_says_what_would_verify_it(
    unlabelled,
):
    client, goals = unlabelled
    (action,) = [
        a for a in board.first_actions(client, goals=goals) if a.kind.endswith("unverified")
    ]
    assert "not yet met" in action.text and "no person has checked" in action.text
    assert "labelled by people" in action.action or "label a random sample" in action.action
    table = board.goals_table(goals)
    status = table.set_index("goal")["status"]
    assert status[
        "Northwind Trail Club (customer community): Net sentiment of +40 in the Trail Club in "
        "Q3 2026"
    ] == ("not yet judged: label a random sample of its mentions")


def test_a_goal_not_yet_judged_shows_no_attainment_anywhere_a_client_reads_it(unlabelled):
    """The goals chart, the action plan's goal table and the framework's chains: no "145%" for
    the Trail Club's +58 on automatic scores against +40; each says what would judge it."""
    from socialworkbook.method import framework

    client, goals = unlabelled
    goal = _goal(goals, "nw-trail-club", "net_sentiment")
    assert goal["status"] == "unverified" and goal["attainment"] > 1  # the contract's figure
    name = "Northwind Trail Club (customer community): Net sentiment of +40 in the Trail Club"
    rows = ogst.attainment_rows(goals).set_index("status").loc[["unverified"]]
    assert rows["attainment"].isna().all()  # the chart draws no bar and prints no %
    assert rows["label"].str.startswith(name).all()
    assert (
        rows["label"].str.endswith("(not yet judged: label a random sample of its mentions)").all()
    )
    table = ogst.goals_table(goals).set_index("goal")
    trail = table.loc["Net sentiment of +40 in the Trail Club in Q3 2026"]
    assert pd.isna(trail["attainment %"])
    assert trail["status"] == "not yet judged: label a random sample of its mentions"
    assert (
        table["attainment %"].notna().sum() == sum(g["attainment"] is not None for g in goals) - 1
    )
    chains = framework.chains_table(client)
    judged = chains[chains["status"].str.startswith("not yet judged")]
    assert len(judged) and judged["attainment %"].isna().all()
    assert "unverified" not in set(chains["status"])
    # attainment whole, as the goals chart says it ("106", not "105.6")
    for shown in (table["attainment %"], chains["attainment %"]):
        assert shown.notna().any() and shown.dropna().map(float.is_integer).all()


def _one_list(client) -> tuple[list, list]:
    """The list as the board computes it (its own goals and tests, passed in) and as the action
    plan does (the tests computed inside), as the two templates call `board.first_actions`."""
    from socialworkbook.measure import estimate, sentiment, stats

    goals = ogst.goal_status(client)
    scored = sentiment.score_client(client)
    estimates = estimate.client_estimates(client, scored)
    tests = stats.period_tests(client, scored, estimated=estimates.shifts())
    on_board = board.first_actions(client, goals=goals, tests=tests, results=None)
    in_plan = board.first_actions(client, goals=ogst.goal_status(client), results=None)
    return on_board, in_plan


def test_the_board_and_the_action_plan_show_one_list_also_after_a_goal_changes(tmp_path):
    # the score cache comes too (scores are keyed by text), so no mention is scored again
    shutil.copytree(
        NORTHWIND,
        tmp_path / "northwind-outdoor",
        ignore=shutil.ignore_patterns(".history", "*.tmp"),
    )
    ogst_csv = tmp_path / "northwind-outdoor" / "ogst.csv"
    before = read_client("northwind-outdoor", data_root=tmp_path)
    on_board, in_plan = _one_list(before)
    assert on_board == in_plan and on_board
    # the Strava club's goal moved to 1,650 members: now on pace, it leaves the list
    ogst_csv.write_text(ogst_csv.read_text().replace(",1800,2026-12-31,", ",1650,2026-12-31,"))
    after = read_client("northwind-outdoor", data_root=tmp_path)
    on_board_after, in_plan_after = _one_list(after)
    assert on_board_after == in_plan_after
    assert "goal:nw-strava:followers" in [a.id for a in on_board]
    assert "goal:nw-strava:followers" not in [a.id for a in on_board_after]
    assert len(on_board_after) == len(on_board) - 1


def test_the_board_counts_what_its_decisions_leave_for_the_action_plan():
    actions = [
        priorities.Action(f"f{i}", "medium", f"Gap {i}.", f"Do {i}.", "01_ecosystem_map")
        for i in range(priorities.DECISIONS)
    ]
    assert board.more_actions(actions) == ""
    own = priorities.Action("own", "high", "Own gap.", "Close it.", "05_own_check")
    text = board.more_actions([*actions, own])
    assert text == (
        f"The action plan lists all {priorities.DECISIONS + 1} actions in this order; the 1 other "
        "comes from Own check (1)."
    )
    assert len(board.decisions([*actions, own])) == priorities.DECISIONS


def test_the_action_plans_cards_write_targets_and_dates_as_the_board_does(northwind):
    """ "9.4 comments per post" is the goal; its card said "target 9.40; by 2026-09-30" (and
    printed "2026-09-" at a line's end)."""
    client, _ = northwind
    (card,) = [c for c in ogst.cards(client) if c["title"] == "Northwind Outdoor Facebook page"]
    (goal,) = [v for k, v in card["lines"] if k == "goal"]
    assert (
        goal == "9.4 comments per post in Q3 2026 (comments per post; target 9.4; by 30 Sep 2026)"
    )
    lines = " ".join(v for c in ogst.cards(client) for _, v in c["lines"])
    assert "target 4 hours" in lines and not re.search(r"by \d{4}-\d\d-\d\d", lines)
