import datetime as dt

import pytest
from factories import component, make_client, use_metric_value

from socialworkbook.method import ogst

D = dt.date


def _goal(cid="forum", metric="comments", target=100, date="2026-09-30", **more):
    return {
        "component_id": cid,
        "objective": "Retain customers",
        "goal": f"{metric} to {target}",
        "metric": metric,
        "target": target,
        "target_date": date,
        "strategy": "Answer fast",
        "tactics": "rota;templates",
    } | more


@pytest.fixture
def actuals(monkeypatch):
    """Metric values by (metric, component_id); records every call."""
    values: dict = {}
    calls: list = []

    def metric_value(client, key, span, *, component_id=None):
        calls.append((key, span, component_id))
        return values.get((key, component_id))

    use_metric_value(monkeypatch, metric_value)
    values["calls"] = calls
    return values


# --- arithmetic -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("actual", "target", "lower", "expected"),
    [
        (50, 100, False, 0.5),
        (150, 100, False, 1.5),
        (8, 4, True, 0.5),  # response time 8 h against 4 h: half way
        (2, 4, True, 2.0),
        (0, 0, False, 1.0),
        (0, 0, True, 1.0),
        (5, 0, False, None),  # any actual beats a target of 0, but the ratio is undefined
        (0, 4, True, None),  # 0 hours: ratio undefined
        (3, 0, True, 0.0),
        (-20, 30, False, pytest.approx(-2 / 3)),
        (None, 100, False, None),
        (float("nan"), 100, False, None),
    ],
)
def test_attainment(actual, target, lower, expected):
    assert ogst.attainment(actual, target, lower_is_better=lower) == expected


def test_elapsed_share_counts_days_inclusively_and_clips():
    start = D(2026, 7, 1)
    assert ogst.elapsed_share(start, D(2026, 9, 30), D(2026, 12, 31)) == 0.5
    assert ogst.elapsed_share(start, D(2026, 9, 30), D(2026, 9, 30)) == 1.0
    assert ogst.elapsed_share(start, D(2027, 1, 5), D(2026, 12, 31)) == 1.0
    assert ogst.elapsed_share(start, D(2026, 6, 1), D(2026, 12, 31)) == 0.0
    assert ogst.elapsed_share(start, D(2026, 7, 1), D(2026, 5, 1)) == 1.0  # due before start


# --- goal status ---------------------------------------------------------------------------------


def _status(actuals, lines, as_of=None, values=None):
    actuals.update(values or {})
    client = make_client(ecosystem=[component("forum"), component("insta")], ogst=lines)
    return ogst.goal_status(client, as_of)


def test_goal_met_and_behind_at_due_date(actuals):
    goals = _status(
        actuals,
        [_goal(target=100), _goal("insta", "reach", 1000)],
        values={("comments", "forum"): 120.0, ("reach", "insta"): 999.0},
    )
    assert [g["status"] for g in goals] == ["met", "behind"]
    assert goals[0]["attainment"] == 1.2
    assert goals[1]["elapsed_share"] == 1.0
    assert goals[0]["actual"] == 120.0
    assert set(goals[0]) >= {
        "component_id",
        "metric",
        "target",
        "actual",
        "attainment",
        "status",
        "goal",
        "target_date",
        "baseline_value",
        "lower_is_better",
        "elapsed_share",
    }


def test_actual_is_measured_over_the_period_for_the_goal_component(actuals):
    client = make_client(ecosystem=[component("forum")], ogst=[_goal(date="2027-06-30")])
    ogst.goal_status(client)
    assert actuals["calls"] == [("comments", client.period, "forum")]


def test_as_of_moves_the_elapsed_share(actuals):
    goals = _status(
        actuals,
        [_goal(metric="csat", target=100, date="2026-12-31", baseline_value=0)],
        as_of=D(2026, 7, 31),
        values={("csat", "forum"): 20.0},
    )
    assert goals[0]["elapsed_share"] == pytest.approx(31 / 184)
    assert goals[0]["progress"] == pytest.approx(0.2)  # 20 of the 100 needed
    assert goals[0]["status"] == "on_track"  # 0.2 >= 31 / 184 = 0.168
    assert goals[0]["as_of"] == "2026-07-31"


def test_lower_is_better_goals(actuals):
    lines = [
        _goal(metric="response_time_hours", target=4, date="2026-12-31", baseline_value=8),
        _goal("insta", "response_time_hours", 4, "2026-09-30"),
    ]
    goals = _status(
        actuals,
        lines,
        values={("response_time_hours", "forum"): 6.0, ("response_time_hours", "insta"): 3.0},
    )
    assert goals[0]["lower_is_better"] is True
    assert goals[0]["attainment"] == pytest.approx(4 / 6)
    assert goals[0]["progress"] == pytest.approx(0.5)  # 8 h -> 6 h of the way to 4 h: 2 / 4
    assert goals[0]["status"] == "on_track"  # 0.5 >= 0.5 elapsed
    assert goals[1]["attainment"] == pytest.approx(4 / 3)
    assert goals[1]["status"] == "met"


def test_target_zero_and_actual_zero(actuals):
    lines = [
        _goal(metric="support_cases", target=0),  # lower is better, 0 wanted
        _goal("insta", "comments", 0),
        _goal("forum", "cost_per_hire", 0, "2026-12-31"),
    ]
    goals = _status(
        actuals,
        lines,
        values={
            ("support_cases", "forum"): 0.0,
            ("comments", "insta"): 0.0,
            ("cost_per_hire", "forum"): 250.0,
        },
    )
    # the third is due after the period and has no starting value: its pace is unknown
    assert [g["status"] for g in goals] == ["met", "met", "no_data"]
    assert [g["attainment"] for g in goals] == [1.0, 1.0, 0.0]
    assert goals[2]["start_value"] is None and goals[2]["progress"] is None


def _row(metric, cid, *values):
    return [{"date": d, "metric": metric, "value": v, "component_id": cid} for d, v in values]


def test_goal_status_table_of_stocks_flows_and_levels():
    """Every kind, both directions, with and without a starting value, due in and after 2026-Q3.

    The period 2026-07-01..2026-09-30 has 92 days; 2026-07-01..2026-12-31 has 184, so a goal due
    at the year end that starts at the period start has 92 / 184 = 0.5 of its time gone.
    """
    metrics = [
        # stock, latest value counts: 1,100
        *_row("members", "forum", ("2026-07-31", 1050), ("2026-09-30", 1100)),
        # the Instagram followers
        *_row("followers", "insta", ("2026-09-30", 61427)),
        # stock with no baseline_value: first observed 400 on 2026-01-01, 700 at the period end
        *_row("subscribers", "forum", ("2026-01-01", 400), ("2026-09-30", 700)),
        # flow, the period's total: 100 + 120 + 90 = 310
        *_row("leads", "forum", ("2026-07-10", 100), ("2026-08-10", 120), ("2026-09-10", 90)),
        # flow: 50 + 60 + 70 = 180 in the quarter
        *_row("leads", "insta", ("2026-07-10", 50), ("2026-08-10", 60), ("2026-09-10", 70)),
        # flow, lower is better, no baseline_value: the first calendar quarter with data,
        # 2026-01-01 to 2026-03-31, holds 300 * 3 = 900; May's 250 is after it; the period 600
        *_row(
            "support_cases",
            "insta",
            *[(f"2026-0{m}-15", 300) for m in (1, 2, 3)],
            ("2026-05-15", 250),
            *[(f"2026-0{m}-15", 200) for m in (7, 8, 9)],
        ),
        # level, the period's mean: (78 + 79 + 80) / 3 = 79 (the CSAT)
        *_row("csat", "forum", ("2026-07-15", 78), ("2026-08-15", 79), ("2026-09-15", 80)),
        # level, lower is better: (6 + 5 + 4) / 3 = 5 hours
        *_row(
            "response_time_hours", "insta", ("2026-07-15", 6), ("2026-08-15", 5), ("2026-09-15", 4)
        ),
        # level, lower is better: (5,000 + 4,000) / 2 = 4,500
        *_row("cost_per_hire", "forum", ("2026-07-15", 5000), ("2026-09-15", 4000)),
        # level with no baseline_value and no data before the period: (30 + 32 + 34) / 3 = 32
        *_row("nps", "insta", ("2026-07-15", 30), ("2026-08-15", 32), ("2026-09-15", 34)),
        # stock that started above its target and fell below it: 850
        *_row("members", "insta", ("2026-09-30", 850)),
    ]
    year_end = "2026-12-31"
    lines = [
        _goal("forum", "members", 1200, year_end, baseline_value=1000),
        _goal("insta", "followers", 68000, year_end, baseline_value=58138),
        _goal("forum", "subscribers", 1000, year_end),
        _goal("forum", "leads", 300, "2026-09-30", baseline_value=250),
        _goal("insta", "leads", 200, year_end, baseline_value=120),
        _goal("insta", "support_cases", 450, year_end),
        _goal("forum", "csat", 85, year_end, baseline_value=80),
        _goal("insta", "response_time_hours", 2, year_end, baseline_value=8),
        _goal("forum", "cost_per_hire", 4000, "2026-09-30", baseline_value=6000),
        _goal("insta", "nps", 40, year_end),
        _goal("insta", "members", 900, year_end, baseline_value=1000),
        _goal("forum", "clicks", 50, year_end, baseline_value=10),  # no clicks anywhere
    ]
    client = make_client(
        ecosystem=[component("forum"), component("insta")], ogst=lines, metrics=metrics
    )
    goals = ogst.goal_status(client)
    got = [
        (g["metric"], g["kind"], g["actual"], g["start_value"], g["progress"], g["status"])
        for g in goals
    ]
    approx = pytest.approx
    assert got == [
        # (1,100 - 1,000) / (1,200 - 1,000) = 0.5 >= 0.5
        ("members", "stock", 1100, 1000, approx(0.5), "on_track"),
        # (61,427 - 58,138) / (68,000 - 58,138) = 3,289 / 9,862 = 0.334 < 0.5
        ("followers", "stock", 61427, 58138, approx(3289 / 9862), "behind"),
        # (700 - 400) / (1,000 - 400) = 0.5 < 273 / 365 (2026-01-01..09-30 of ..12-31)
        ("subscribers", "stock", 700, 400, approx(0.5), "behind"),
        # 310 >= 300 in the quarter: met (a flow has no pace)
        ("leads", "flow", 310, 250, None, "met"),
        # 180 < 200 per quarter: not met, whatever the pace from 120 (it was "on track")
        ("leads", "flow", 180, 120, None, "behind"),
        # 600 > 450 per quarter: not met (it was "on track" on a pace of 2 / 3)
        ("support_cases", "flow", 600, 900, None, "behind"),
        # (79 - 80) / (85 - 80) = -0.2: worse than its start, so behind (attainment is 0.93)
        ("csat", "level", 79, 80, approx(-0.2), "behind"),
        # 8 h -> 5 h toward 2 h: (5 - 8) / (2 - 8) = 0.5 >= 0.5 (attainment 2 / 5 = 0.4)
        ("response_time_hours", "level", 5, 8, approx(0.5), "on_track"),
        # due at the period end and 4,500 > 4,000: behind, whatever the progress
        ("cost_per_hire", "level", 4500, 6000, approx(0.75), "behind"),
        # no baseline_value and no full period of data before this one: pace unknown
        ("nps", "level", 32, None, None, "no_data"),
        # started at 1,000, past the target of 900, now 850: nothing to gain, so behind
        ("members", "stock", 850, 1000, None, "behind"),
        # no actual at all
        ("clicks", "flow", None, 10, None, "no_data"),
    ]
    shares = [g["elapsed_share"] for g in goals]
    assert shares[0] == shares[1] == 0.5
    assert shares[2] == approx(273 / 365)
    assert shares[5] == approx(183 / 275)  # 2026-04-01..09-30 of ..12-31
    assert [g["start_source"] for g in goals[:3]] == [
        "baseline_value",
        "baseline_value",
        "first value in the data (2026-01-01)",
    ]
    assert goals[5]["start_source"] == "first value in the data (2026-01-01 to 2026-03-31)"
    assert goals[5]["start_date"] == "2026-04-01"
    attainments = [g["attainment"] for g in goals]
    assert attainments[1] == approx(61427 / 68000)
    assert attainments[5] == approx(450 / 600)  # lower is better: target / actual
    assert attainments[6] == approx(79 / 85)
    assert attainments[7] == approx(2 / 5)
    assert attainments[8] == approx(4000 / 4500)
    assert attainments[9] == approx(32 / 40)
    assert [g["lower_is_better"] for g in goals[5:9]] == [True, False, True, True]
    pace = ogst.pace_table(goals)  # the goals not met, with an actual, due after 2026-09-30
    assert list(zip(pace["goal"], pace["status"], strict=True)) == [
        (g["goal"], g["status"].replace("_", " "))
        for i, g in enumerate(goals)
        if i in (0, 1, 2, 6, 7, 9, 10)  # no flow: a flow target is per period, not paced
    ]
    assert list(pace.loc[[0, 2], "start from"]) == [
        "the goal's baseline value, dated 2026-07-01",
        "first value in the data (2026-01-01), dated 2026-01-01",
    ]
    assert pace["progress %"].iloc[0] == approx(50.0) and pace["time gone %"].iloc[0] == 50.0
    assert list(ogst.goals_table(goals)["metric"][:3]) == [
        "members",
        "followers",
        "subscribers",
    ]
    assert ogst.attainment_headline(goals) == (
        "1 of 12 goals met, 2 on track, 7 behind, 1 without data, "
        "1 of unknown pace (no starting value)"
    )


def test_start_from_data_of_posts_and_mentions():
    posts = [
        {"post_id": "1", "component_id": "forum", "published_at": "2026-03-02", "comments": 4},
        {"post_id": "2", "component_id": "forum", "published_at": "2026-04-01", "comments": 6},
        {"post_id": "3", "component_id": "forum", "published_at": "2026-06-02", "comments": 50},
        {"post_id": "4", "component_id": "forum", "published_at": "2026-08-02", "comments": 9},
        {"post_id": "5", "component_id": "insta", "published_at": "2026-01-05", "followers": 0},
        {"post_id": "6", "component_id": "insta", "published_at": "2026-02-05", "followers": 900},
    ]
    client = make_client(ecosystem=[component("forum"), component("insta")], posts=posts)
    # comments, a flow: the first calendar quarter with data (the period is 2026-Q3) is
    # 2026-Q1, whatever day in it the data start: 4 (not 4 + 6 over 92 days from 2026-03-02)
    assert ogst.start_from_data(client, "comments", component_id="forum") == (
        4.0,
        D(2026, 4, 1),
        "first value in the data (2026-01-01 to 2026-03-31)",
    )
    # conversation_rate, a level: 4 comments over 1 post in the same quarter
    assert ogst.start_from_data(client, "conversation_rate", component_id="forum")[0] == 4.0
    # followers, a stock: the first post with followers > 0, not the blank one of January
    assert ogst.start_from_data(client, "followers", component_id="insta") == (
        900.0,
        D(2026, 2, 5),
        "first value in the data (2026-02-05)",
    )
    assert ogst.start_from_data(client, "clicks", component_id="insta") is None
    mentions = [
        {"mention_id": str(i), "published_at": day, "text": "ok", "component_id": "forum"}
        for i, day in enumerate(["2026-02-01", "2026-02-20", "2026-05-03", "2026-05-04"])
    ]
    talk = make_client(ecosystem=[component("forum")], mentions=mentions)
    # mentions, a flow: the first quarter, 2026-Q1, holds two of the four
    assert ogst.start_from_data(talk, "mentions", component_id="forum")[:2] == (2.0, D(2026, 4, 1))


def test_goal_progress_counts_a_fall_as_progress_where_lower_is_better():
    assert ogst.goal_progress(4, 3, 10) == pytest.approx(-1 / 6)  # 1 down of the 6 up needed
    assert ogst.goal_progress(10, 7, 4, lower_is_better=True) == pytest.approx(0.5)
    assert ogst.goal_progress(4, 5, 4) is None  # started at the target
    assert ogst.goal_progress(3, 5, 4, lower_is_better=True) is None  # started below it


def test_no_data_and_lines_without_target_are_skipped(actuals):
    lines = [
        _goal(target=100),
        _goal("insta", "likes", None),
        {"component_id": "insta", "objective": "Be known"},
    ]
    goals = _status(actuals, lines)
    assert len(goals) == 1
    assert goals[0]["status"] == "no_data"
    assert goals[0]["actual"] is None and goals[0]["attainment"] is None


def test_goal_without_date_is_judged_at_period_end(actuals):
    goals = _status(actuals, [_goal(target=100, date=None)], values={("comments", "forum"): 60.0})
    assert goals[0]["target_date"] is None
    assert goals[0]["elapsed_share"] == 1.0
    assert goals[0]["status"] == "behind"


# --- completeness and tree --------------------------------------------------------------------


def test_completeness_of_a_complete_component_is_empty():
    client = make_client(ecosystem=[component("forum")], ogst=[_goal()])
    assert ogst.completeness(client).empty
    assert ogst.completeness_findings(client) == []


def test_completeness_lists_each_gap():
    client = make_client(
        ecosystem=[
            component("forum", name="Forum"),
            component("insta", name="Instagram"),
            component("blog", name="Blog"),
            component("crm", name="CRM", status="planned"),
        ],
        ogst=[
            _goal("forum", metric="", target=None, date=None, _row=2),
            _goal("insta", metric="made_up", strategy="", _row=3),
        ],
        metrics=[{"date": "2026-07-01", "metric": "tickets", "value": 3}],
    )
    gaps = ogst.completeness(client)
    pairs = set(zip(gaps["component_id"], gaps["gap"], strict=True))
    assert pairs == {
        ("forum", "no metric"),
        ("forum", "no target"),
        ("forum", "no target date"),
        ("insta", "unknown metric"),
        ("insta", "no strategy"),
        ("blog", "no objective"),
    }
    assert gaps.set_index("gap").loc["no metric", "row"] == 2
    assert "crm" not in set(gaps["component_id"])  # planned components are not judged yet
    ids = {f.id: f for f in ogst.completeness_findings(client)}
    assert set(ids) == {"no-objective", "no-measurable-goal", "no-strategy"}
    assert "Blog" in ids["no-objective"].text
    assert (
        "Forum" in ids["no-measurable-goal"].text and "Instagram" in ids["no-measurable-goal"].text
    )


def test_metric_from_metrics_table_counts_as_known_and_objective_only_needs_goal():
    client = make_client(
        ecosystem=[component("forum"), component("insta")],
        ogst=[_goal(metric="tickets"), {"component_id": "insta", "objective": "Be known"}],
        metrics=[{"date": "2026-07-01", "metric": "tickets", "value": 3}],
    )
    gaps = ogst.completeness(client)
    assert set(zip(gaps["component_id"], gaps["gap"], strict=True)) == {
        ("insta", "no goal"),
        ("insta", "no strategy"),
    }


def test_incomplete_extra_goals_are_a_low_finding():
    client = make_client(
        ecosystem=[component("forum")], ogst=[_goal(), _goal(metric="likes", target=None)]
    )
    findings = ogst.completeness_findings(client)
    assert [(f.id, f.severity) for f in findings] == [("incomplete-goals", "low")]


def test_ogst_tree_groups_lines_under_objectives():
    client = make_client(
        ecosystem=[
            component("forum", name="Forum"),
            component("crm", status="planned"),
            component("old", status="retired"),
        ],
        ogst=[
            _goal(),
            _goal(metric="response_time_hours", target=4, baseline_value=9),
            _goal(objective="Learn", metric="mentions", target=50),
        ],
    )
    tree = ogst.ogst_tree(client)
    assert [c["component_id"] for c in tree] == ["forum", "crm"]
    forum = tree[0]
    assert [o["objective"] for o in forum["objectives"]] == ["Retain customers", "Learn"]
    first, second = forum["objectives"][0]["goals"]
    assert first["tactics"] == ["rota", "templates"]
    assert first["target_date"] == "2026-09-30"
    assert first["measurable"] is True
    assert second["lower_is_better"] is True
    assert second["baseline_value"] == 9.0
    assert first["baseline_value"] is None
    assert tree[1]["objectives"] == []


def test_goal_status_with_the_real_metric_value():
    posts = [
        {"post_id": "1", "component_id": "forum", "published_at": "2026-07-02", "comments": 30},
        {"post_id": "2", "component_id": "forum", "published_at": "2026-08-02", "comments": 30},
        {"post_id": "3", "component_id": "forum", "published_at": "2026-04-02", "comments": 99},
    ]
    client = make_client(ecosystem=[component("forum")], ogst=[_goal(target=100)], posts=posts)
    (goal,) = ogst.goal_status(client)
    assert goal["actual"] == 60
    assert goal["attainment"] == pytest.approx(0.6)
    assert goal["status"] == "behind"


def test_goal_status_on_the_real_facebook_posts():
    from realdata import facebook_posts

    posts = facebook_posts()
    client = make_client(
        ecosystem=[component("facebook-page", name="Facebook page")],
        ogst=[_goal("facebook-page", "comments", 1000, "2014-12-31")],
        period="2014-Q4",
        baseline="2014-Q3",
    )
    client.tables["posts"] = posts
    in_q4 = posts[posts["published_at"].dt.month >= 10]
    (goal,) = ogst.goal_status(client)
    assert goal["actual"] == in_q4["comments"].sum()
    assert goal["attainment"] == pytest.approx(in_q4["comments"].sum() / 1000)
    assert goal["status"] == ("met" if in_q4["comments"].sum() >= 1000 else "behind")


def test_a_stock_first_seen_inside_the_period_has_no_start():
    posts = [
        {"post_id": "1", "component_id": "insta", "published_at": "2026-07-05", "followers": 900},
        {"post_id": "2", "component_id": "insta", "published_at": "2026-09-05", "followers": 950},
    ]
    client = make_client(
        ecosystem=[component("insta")],
        ogst=[_goal("insta", "followers", 2000, "2026-12-31")],
        posts=posts,
    )
    assert ogst.start_from_data(client, "followers", component_id="insta") is None
    (goal,) = ogst.goal_status(client)
    # 950 of 2,000 due at the year end, no value before 2026-07-01: the pace is unknown
    assert (goal["actual"], goal["status"], goal["start_value"]) == (950, "no_data", None)
