import math

import pytest
from factories import component, make_client, use_metric_value

from socialworkbook.method import framework


@pytest.fixture(autouse=True)
def _metrics(monkeypatch):
    use_metric_value(monkeypatch)


def _function(name, metrics="", components="", activities="", objective="Grow"):
    return {
        "business_function": name,
        "business_objective": objective,
        "social_objective": f"social {objective}",
        "activities": activities,
        "metrics": metrics,
        "components": components,
    }


def _post(pid, cid, day, **counts):
    return {"post_id": pid, "component_id": cid, "published_at": day, **counts}


def _client(**overrides):
    args = dict(
        ecosystem=[
            component("forum", name="Forum", business_functions="customer_service;rnd"),
            component("insta", name="Instagram", business_functions="marketing"),
            component("ideas", name="Ideas", business_functions="rnd"),
            component("old", name="Old", business_functions="hr;sales", status="retired"),
        ],
        functions=[
            _function(
                "customer_service",
                "constructive_actions;response_time_hours",
                "forum",
                "Manage community;Distribute content",
                objective="Increase retention",
            ),
            _function("marketing", "reach", "insta", "distribute  content"),
            _function("rnd", "ideas", "forum;ideas", "Ideation community"),
            _function("hr"),
        ],
        ogst=[
            {
                "component_id": "forum",
                "objective": "Retain",
                "metric": "response_time_hours",
                "target": 4,
                "target_date": "2026-12-31",
                "baseline_value": 9,
            }
        ],
        posts=[
            _post("1", "forum", "2026-07-05", comments=10, votes=2, referrals=0, reach=50),
            _post("2", "forum", "2026-04-05", comments=3, votes=0, referrals=0, reach=50),
            _post("3", "insta", "2026-08-05", comments=0, votes=0, referrals=0, reach=1000),
            _post("4", "insta", "2026-05-05", comments=0, votes=0, referrals=0, reach=1005),
        ],
        metrics=[
            {
                "date": "2026-08-01",
                "metric": "response_time_hours",
                "value": 6,
                "component_id": "forum",
            },
            {
                "date": "2026-05-01",
                "metric": "response_time_hours",
                "value": 8,
                "component_id": "forum",
            },
            {"date": "2026-08-01", "metric": "ideas", "value": 12},
            {"date": "2026-09-01", "metric": "ideas", "value": 3, "component_id": "ideas"},
        ],
    )
    return make_client(**(args | overrides))


def _row(chains, function, metric):
    rows = chains[(chains["business_function"] == function) & (chains["metric"] == metric)]
    assert len(rows) == 1
    return rows.iloc[0]


def test_chains_follow_functions_in_scope_with_one_row_per_metric():
    chains = framework.function_chains(_client())
    assert list(zip(chains["business_function"], chains["metric"], strict=True)) == [
        ("customer_service", "constructive_actions"),
        ("customer_service", "response_time_hours"),
        ("rnd", "ideas"),
        ("hr", ""),
        ("marketing", "reach"),
    ]
    first = chains.iloc[0]
    assert first["business_objective"] == "Increase retention"
    assert first["activities"] == "Manage community; Distribute content"
    assert first["components"] == "Forum"
    assert first["function"] == "customer service"


def test_chain_takes_target_and_attainment_from_the_goal():
    row = _row(framework.function_chains(_client()), "customer_service", "response_time_hours")
    assert row["scope"] == "forum"
    assert row["current"] == 6
    assert row["baseline"] == 8
    assert row["baseline_source"] == "baseline period"
    assert row["trend"] == "down"
    assert row["direction"] == "better"  # lower is better
    assert row["target"] == 4
    assert row["target_date"] == "2026-12-31"
    assert row["attainment"] == pytest.approx(4 / 6)
    assert row["status"] == "on_track"
    assert bool(row["lower_is_better"]) is True


def test_chain_without_goal_measures_its_component_or_the_whole_client():
    chains = framework.function_chains(_client())
    actions = _row(chains, "customer_service", "constructive_actions")
    assert actions["scope"] == "forum"
    assert (actions["current"], actions["baseline"], actions["trend"]) == (12, 3, "up")
    assert actions["direction"] == "better"
    assert math.isnan(actions["target"]) and actions["status"] == ""
    ideas = _row(chains, "rnd", "ideas")
    assert ideas["scope"] == ""  # two components: whole client
    assert ideas["current"] == 15
    assert ideas["trend"] == ""  # no baseline data
    reach = _row(chains, "marketing", "reach")
    assert (reach["current"], reach["baseline"], reach["trend"], reach["direction"]) == (
        1000,
        1005,
        "flat",
        "same",
    )


def test_function_without_metrics_shows_the_gap():
    row = _row(framework.function_chains(_client()), "hr", "")
    assert row["business_objective"] == "Grow"
    assert math.isnan(row["current"])


def test_baseline_falls_back_to_goal_baseline_value():
    chains = framework.function_chains(_client(baseline=None))
    row = _row(chains, "customer_service", "response_time_hours")
    assert row["baseline"] == 9
    assert row["baseline_source"] == "goal baseline_value"
    assert row["direction"] == "better"


def test_scope_from_components_when_there_is_no_functions_table():
    chains = framework.function_chains(_client(functions=None))
    assert list(chains["business_function"]) == [
        "customer_service",
        "rnd",
        "hr",
        "marketing",
        "sales",
    ]
    assert (chains["metric"] == "").all()
    assert (chains["business_objective"] == "").all()


def test_shared_activities_and_components():
    shared = framework.shared_activities(_client())
    assert shared.to_dict("records") == [
        {
            "kind": "activity",
            "name": "Distribute content",
            "functions": "customer service; marketing",
            "n_functions": 2,
            "components": "Forum; Instagram",
        },
        {
            "kind": "component",
            "name": "Forum",
            "functions": "customer service; R&D",
            "n_functions": 2,
            "components": "Forum",
        },
    ]


def test_nothing_shared():
    client = make_client(
        ecosystem=[component("a", business_functions="hr")],
        functions=[_function("hr", activities="Recruiting")],
    )
    shared = framework.shared_activities(client)
    assert shared.empty
    assert list(shared.columns) == ["kind", "name", "functions", "n_functions", "components"]


def test_fewer_support_cases_read_as_better():
    cases = [
        {"date": "2026-05-01", "metric": "support_cases", "value": 40, "component_id": "forum"},
        {"date": "2026-08-01", "metric": "support_cases", "value": 30, "component_id": "forum"},
    ]
    client = _client(
        functions=[_function("customer_service", "support_cases", "forum")], metrics=cases
    )
    row = _row(framework.function_chains(client), "customer_service", "support_cases")
    # 40 cases in 2026-Q2, 30 in 2026-Q3: down, and for support cases that is better
    assert (row["current"], row["baseline"], row["trend"]) == (30, 40, "down")
    assert row["direction"] == "better"
    assert bool(row["lower_is_better"]) is True


def test_a_flow_against_a_longer_baseline_compares_per_day():
    # Baseline 2026-01-01..2026-06-30 (181 days), period 2026-Q3 (92 days): lengths differ > 5%.
    # Forum constructive actions (comments + votes + referrals): 12 in the period, 18 in the
    # baseline. As totals that is a fall; per day it is 12 / 92 = 0.130 against
    # 18 / 181 = 0.099, a rise.
    posts = [
        _post("1", "forum", "2026-07-05", comments=10, votes=2, referrals=0, reach=50),
        _post("2", "forum", "2026-02-05", comments=9, votes=0, referrals=0, reach=50),
        _post("3", "forum", "2026-05-05", comments=6, votes=3, referrals=0, reach=50),
    ]
    client = _client(posts=posts, baseline="2026-01-01..2026-06-30")
    row = _row(framework.function_chains(client), "customer_service", "constructive_actions")
    assert (row["current"], row["baseline"]) == (12, 18)
    assert (row["trend"], bool(row["per_day"]), row["direction"]) == ("up", True, "better")
    shown = framework.chains_table(client)
    assert "up per day (better)" in set(shown["trend"])
    # A level (response time in hours) is never divided by days.
    hours = _row(framework.function_chains(client), "customer_service", "response_time_hours")
    assert not bool(hours["per_day"])


def test_a_flow_against_a_baseline_of_equal_length_compares_totals():
    row = _row(framework.function_chains(_client()), "customer_service", "constructive_actions")
    # 2026-Q2 (91 days) against 2026-Q3 (92 days): within 5%, so totals 12 against 3
    assert (row["trend"], bool(row["per_day"])) == ("up", False)
