import datetime as dt

import pytest
from factories import component, make_client, use_metric_value

from socialworkbook import ogst

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


def test_on_track_compares_attainment_with_elapsed_time(actuals):
    # period 2026-Q3; due at year end: half the time has passed at the period end
    lines = [_goal(target=100, date="2026-12-31"), _goal("insta", "likes", 100, "2026-12-31")]
    goals = _status(actuals, lines, values={("comments", "forum"): 50.0, ("likes", "insta"): 49.0})
    assert [g["elapsed_share"] for g in goals] == [0.5, 0.5]
    assert [g["status"] for g in goals] == ["on_track", "behind"]


def test_as_of_moves_the_elapsed_share(actuals):
    goals = _status(
        actuals,
        [_goal(target=100, date="2026-12-31")],
        as_of=D(2026, 7, 31),
        values={("comments", "forum"): 20.0},
    )
    assert goals[0]["elapsed_share"] == pytest.approx(31 / 184)
    assert goals[0]["status"] == "on_track"
    assert goals[0]["as_of"] == "2026-07-31"


def test_lower_is_better_goals(actuals):
    lines = [
        _goal(metric="response_time_hours", target=4, date="2026-12-31"),
        _goal("insta", "response_time_hours", 4, "2026-09-30"),
    ]
    goals = _status(
        actuals,
        lines,
        values={("response_time_hours", "forum"): 6.0, ("response_time_hours", "insta"): 3.0},
    )
    assert goals[0]["lower_is_better"] is True
    assert goals[0]["attainment"] == pytest.approx(4 / 6)
    assert goals[0]["status"] == "on_track"  # 0.67 >= 0.5 elapsed
    assert goals[1]["attainment"] == pytest.approx(4 / 3)
    assert goals[1]["status"] == "met"


def test_target_zero_and_actual_zero(actuals):
    lines = [
        _goal(metric="negative_share", target=0),  # lower is better, 0 wanted
        _goal("insta", "comments", 0),
        _goal("forum", "cost_per_hire", 0, "2026-12-31"),
    ]
    goals = _status(
        actuals,
        lines,
        values={
            ("negative_share", "forum"): 0.0,
            ("comments", "insta"): 0.0,
            ("cost_per_hire", "forum"): 250.0,
        },
    )
    assert [g["status"] for g in goals] == ["met", "met", "behind"]
    assert [g["attainment"] for g in goals] == [1.0, 1.0, 0.0]


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
