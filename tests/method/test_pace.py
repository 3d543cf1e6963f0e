"""Goal pacing that does not flip on data entry (issue 27, item 4; FRAMEWORKS.md 7 "Goals").

Every expected figure below is worked by hand from the rows given, in the comments beside it.
The reporting period is 2026-Q3 (2026-07-01..09-30, as_of 2026-09-30) unless said otherwise.
"""

import datetime as dt

import pytest
from factories import component, make_client

from socialworkbook.method import ogst, pace

D = dt.date
approx = pytest.approx


def _goal(metric, target, date="2026-12-31", cid="club", **more):
    return {
        "component_id": cid,
        "objective": "Grow the club",
        "goal": f"{metric} to {target}",
        "metric": metric,
        "target": target,
        "target_date": date,
    } | more


def _rows(metric, *values, cid="club"):
    return [{"date": d, "metric": metric, "value": v, "component_id": cid} for d, v in values]


def _judge(lines, metrics, period="2026-Q3"):
    client = make_client(ecosystem=[component("club")], ogst=lines, metrics=metrics, period=period)
    return ogst.goal_status(client)


# --- the members: 1,000 on 1 January, 1,600 on 30 September, 2,000 by 31 December --------

MEMBERS = _rows("members", ("2026-01-01", 1000), ("2026-09-30", 1600))


def test_members_typed_with_its_date_and_read_from_the_data_give_the_same_verdict():
    typed, dated, blank = _judge(
        [
            _goal("members", 2000, baseline_value=1000),
            _goal("members", 2000, baseline_value=1000, baseline_date="2026-01-01"),
            _goal("members", 2000),
        ],
        MEMBERS,
    )
    # progress (1,600 - 1,000) / (2,000 - 1,000) = 0.6 in every case
    assert typed["progress"] == dated["progress"] == blank["progress"] == approx(0.6)
    # from 1 January: 273 of the 365 days to 31 December gone = 0.748 > 0.6: behind
    for goal in (dated, blank):
        assert goal["start_date"] == "2026-01-01"
        assert goal["elapsed_share"] == approx(273 / 365)
        assert goal["status"] == "behind"
    assert blank["start_source"] == "first value in the data (2026-01-01)"
    assert dated["baseline_date"] == "2026-01-01"
    # a value typed without its date is dated at the period start (the column's default):
    # 92 of 184 days = 0.5 <= 0.6, on track. The date is what tells the two apart.
    assert typed["start_date"] == "2026-07-01" and typed["status"] == "on_track"


def test_members_over_a_period_that_starts_with_the_data_agree_without_a_typed_date():
    # period 2026-01-01..09-30: the default baseline date is 1 January, where the data start
    # (the data's first day was refused as a start before: its pace read "no data")
    typed, blank = _judge(
        [_goal("members", 2000, baseline_value=1000), _goal("members", 2000)],
        MEMBERS,
        period="2026-01-01..2026-09-30",
    )
    assert (typed["start_value"], typed["start_date"]) == (1000, "2026-01-01")
    assert (blank["start_value"], blank["start_date"]) == (1000, "2026-01-01")
    assert typed["status"] == blank["status"] == "behind"  # 0.6 < 273 / 365


# --- a response time (lower is better): a fall is progress ---------------------------------------

RESPONSE = _rows(
    "response_time_hours",
    # the first calendar quarter with data, 2026-Q1: (10 + 10) / 2 = 10 hours; April's 7 is in
    # Q2 (a span of 92 days from 15 February would take it in: (10 + 10 + 7) / 3 = 9)
    ("2026-02-15", 10),
    ("2026-03-15", 10),
    ("2026-04-15", 7),
    # the period: (7 + 7 + 7) / 3 = 7 hours
    ("2026-07-15", 7),
    ("2026-08-15", 7),
    ("2026-09-15", 7),
)


def test_response_time_typed_with_its_date_and_read_from_the_data_agree():
    dated, blank = _judge(
        [
            _goal("response_time_hours", 4, baseline_value=10, baseline_date="2026-04-01"),
            _goal("response_time_hours", 4),
        ],
        RESPONSE,
    )
    assert blank["start_value"] == 10.0
    assert blank["start_source"] == "first value in the data (2026-01-01 to 2026-03-31)"
    for goal in (dated, blank):
        assert goal["start_date"] == "2026-04-01"  # the day after the quarter it was read over
        # 10 h down to 7 h of the 6 h fall to 4 h wanted: 0.5, a fall counted as progress
        assert goal["progress"] == approx(0.5)
        # 2026-04-01..09-30 is 183 of the 275 days to 31 December: 0.665 > 0.5
        assert goal["elapsed_share"] == approx(183 / 275)
        assert goal["status"] == "behind"


def test_a_rise_in_a_lower_is_better_metric_is_negative_progress():
    (goal,) = _judge(
        [_goal("response_time_hours", 4, baseline_value=6, baseline_date="2026-06-30")], RESPONSE
    )
    # 6 h -> 7 h while 4 h is wanted: (7 - 6) / (4 - 6) = -0.5, behind
    assert goal["progress"] == approx(-0.5) and goal["status"] == "behind"
    (goal,) = _judge([_goal("response_time_hours", 4, baseline_value=8)], RESPONSE)
    # 8 h -> 7 h of the 4 h fall wanted: 0.25 < 0.5 of the time from 1 July
    assert goal["progress"] == approx(0.25) and goal["status"] == "behind"
    (goal,) = _judge([_goal("response_time_hours", 6.5, baseline_value=8)], RESPONSE)
    # 8 h -> 7 h of the 1.5 h fall wanted: 2 / 3 >= 0.5: on track
    assert goal["progress"] == approx(2 / 3) and goal["status"] == "on_track"


# --- flows: the period's flow against a target per period, met or not --------------------------

LEADS = _rows(
    "leads",
    # 2026-Q1 holds 100 + 200 = 300; a span of 92 days from 15 February would add April's 150
    ("2026-02-15", 100),
    ("2026-03-15", 200),
    ("2026-04-15", 150),
    # the period: 50 + 60 + 70 = 180
    ("2026-07-10", 50),
    ("2026-08-10", 60),
    ("2026-09-10", 70),
)


def test_a_q1_flow_is_read_as_the_calendar_quarter():
    client = make_client(ecosystem=[component("club")], metrics=LEADS)
    assert pace.start_from_data(client, "leads", component_id="club") == (
        300.0,
        D(2026, 4, 1),
        "first value in the data (2026-01-01 to 2026-03-31)",
    )


def test_a_flow_target_per_period_is_met_or_not_never_paced():
    behind, met, later = _judge(
        [
            # 180 of 200 per quarter: 90% attainment, not met; a pace from 120 would have
            # called it on track ((180 - 120) / (200 - 120) = 0.75 >= 0.5)
            _goal("leads", 200, baseline_value=120),
            _goal("leads", 180),  # 180 of 180: met
            _goal("leads", 200),  # no typed start: still met or not, never "no data"
        ],
        LEADS,
    )
    assert (behind["actual"], behind["attainment"]) == (180, approx(0.9))
    assert (behind["status"], behind["progress"]) == ("behind", None)
    assert met["status"] == "met"
    assert (later["status"], later["progress"], later["start_value"]) == ("behind", None, 300)
    assert ogst.pace_table([behind, met, later]).empty  # no pace for a flow


def test_spans_of_a_date_range_period_tile_back_from_its_start():
    # a 30-day period from 2026-07-01: spans of 30 days end where it starts (06-01..06-30,
    # 05-02..05-31, 04-02..05-01, ...): the first with data holds 2026-04-15
    period = make_client(period="2026-07-01..2026-07-30").period
    span = pace._span_holding(period, D(2026, 4, 15))
    assert (span.start, span.end) == (D(2026, 4, 2), D(2026, 5, 1))
    assert pace._span_holding(period, D(2026, 7, 2)) is None


# --- the baseline date column --------------------------------------------------------------------


def test_baseline_date_reaches_the_tree_and_its_gaps_are_named():
    lines = [
        _goal("members", 2000, baseline_value=1000, baseline_date="2026-01-01", strategy="x"),
        _goal("members", 2000, baseline_date="2026-01-01", strategy="x", _row=3),
        _goal("members", 2000, baseline_value=900, baseline_date="2027-01-01", _row=4),
    ]
    client = make_client(ecosystem=[component("club", name="Club")], ogst=lines, metrics=MEMBERS)
    goals = ogst.ogst_tree(client)[0]["objectives"][0]["goals"]
    assert [g["baseline_date"] for g in goals] == ["2026-01-01", "2026-01-01", "2027-01-01"]
    gaps = ogst.completeness(client)
    assert list(zip(gaps["row"], gaps["gap"], strict=True)) == [
        (3, "baseline date without a value"),
        (4, "baseline date not before the due date"),
    ]
    found = {f.id: f for f in ogst.completeness_findings(client)}
    assert set(found) == {"baseline-date"}
    assert found["baseline-date"].text.startswith("2 goals of Club have a baseline date")
    # a date on or after the due date is not used: the typed value is dated at the period start
    third = ogst.goal_status(client)[2]
    assert (third["start_value"], third["start_date"]) == (900, "2026-07-01")
