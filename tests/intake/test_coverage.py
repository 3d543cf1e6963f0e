"""Coverage: the days each dated table covers, and totals compared per covered day (CONTRACT 5)."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pandas as pd
import pytest

from socialworkbook.catalogue import CONSTRUCTIVE_ACTIONS, CONSTRUCTIVE_ACTIONS_PER_DAY
from socialworkbook.intake import coverage, read_client
from socialworkbook.measure import metrics
from socialworkbook.method import board, data_gaps
from socialworkbook.periods import parse_period
from socialworkbook.runfolder import benchmark_figures

EXAMPLES = Path(__file__).resolve().parents[2] / "client_data"
Q2 = parse_period("2026-Q2")  # 1 Apr - 30 Jun: 91 days


def _days(*days: str) -> pd.Series:
    return pd.Series(pd.to_datetime(list(days)))


def _daily(first: str, last: str) -> pd.Series:
    return pd.Series(pd.date_range(first, last, freq="D") + pd.Timedelta(hours=9))


def test_data_that_stop_mid_quarter_cover_the_days_up_to_their_last():
    covered = coverage.span_coverage(_daily("2026-04-01", "2026-06-12"), Q2)
    # 1 Apr to 12 Jun inclusive: 30 + 31 + 12 days; the quarter has 30 + 31 + 30.
    assert covered == {
        "first": "2026-04-01",
        "last": "2026-06-12",
        "days": 73,
        "range_days": 91,
        "starts_late": False,
        "stops_early": True,
    }


def test_data_that_start_late_cover_the_days_from_their_first():
    covered = coverage.span_coverage(_daily("2026-05-01", "2026-06-30"), Q2)
    assert (covered["starts_late"], covered["stops_early"]) == (True, False)
    assert covered["days"] == 31 + 30


def test_a_weekly_rhythm_is_not_a_gap():
    # Mondays only: six days between posts, and the quarter's last Monday is 29 Jun.
    mondays = pd.Series(pd.date_range("2026-04-06", "2026-06-29", freq="W-MON"))
    covered = coverage.span_coverage(mondays, Q2)
    assert (covered["starts_late"], covered["stops_early"], covered["days"]) == (False, False, 91)


def test_a_gap_longer_than_any_inside_the_data_is_one():
    # Every other week (13 days between), 2 Apr to 14 May, then nothing for seven weeks.
    days = pd.Series(pd.date_range("2026-04-02", "2026-05-25", freq="14D"))
    covered = coverage.span_coverage(days, Q2)
    assert covered["stops_early"] and not covered["starts_late"]
    assert covered["last"] == "2026-05-14"
    assert covered["days"] == (dt.date(2026, 5, 14) - dt.date(2026, 4, 1)).days + 1


def test_too_few_days_to_tell_cover_the_whole_span():
    covered = coverage.span_coverage(_days("2026-04-03", "2026-04-04", "2026-04-05"), Q2)
    assert (covered["starts_late"], covered["stops_early"], covered["days"]) == (False, False, 91)


def test_a_span_without_data_covers_no_day_and_other_spans_do_not_count():
    covered = coverage.span_coverage(_daily("2026-07-01", "2026-07-31"), Q2)
    assert covered["days"] == 0 and covered["first"] is None and covered["last"] is None


# --------------------------------------------------------------------------- a real client folder


@pytest.fixture(scope="module")
def stopped(tmp_path_factory) -> Path:
    """Northwind (period 2026-Q3, baseline 2026-Q2) whose posts stop on 12 September."""
    root = tmp_path_factory.mktemp("data")
    shutil.copytree(EXAMPLES / "northwind-outdoor", root / "northwind-outdoor")
    path = root / "northwind-outdoor" / "posts.csv"
    posts = pd.read_csv(path, dtype=str, keep_default_na=False)
    posts = posts[posts["published_at"].str[:10] <= "2026-09-12"]
    posts.to_csv(path, index=False)
    return root


def _independent_totals(root: Path) -> dict[str, float]:
    posts = pd.read_csv(root / "northwind-outdoor" / "posts.csv")
    day = posts["published_at"].str[:10]
    actions = posts[["comments", "votes", "referrals"]].fillna(0).sum(axis=1)
    return {
        "baseline": actions[(day >= "2026-04-01") & (day <= "2026-06-30")].sum(),
        "period": actions[(day >= "2026-07-01") & (day <= "2026-09-30")].sum(),
    }


@pytest.fixture(scope="module")
def client(stopped):
    return read_client("northwind-outdoor", stopped)


def test_results_say_which_days_each_table_covers(client):
    posts = client.data_quality["posts"]["coverage"]
    # 1 Jul to 12 Sep: 31 + 31 + 12 days of the quarter's 92.
    assert posts["period"] == {
        "first": "2026-07-01",
        "last": "2026-09-12",
        "days": 74,
        "range_days": 92,
        "starts_late": False,
        "stops_early": True,
    }
    assert posts["baseline"]["days"] == posts["baseline"]["range_days"] == 91
    assert not client.data_quality["mentions"]["coverage"]["period"]["stops_early"]


def test_totals_compare_per_covered_day(client, stopped):
    totals = _independent_totals(stopped)
    comparison = metrics.compare_periods(client)
    assert comparison.attrs["days"] == (91, 74)
    expected = 100 * ((totals["period"] / 74) / (totals["baseline"] / 91) - 1)
    assert comparison.loc[CONSTRUCTIVE_ACTIONS, "change_pct"] == pytest.approx(expected)
    plain_total_change = 100 * (totals["period"] / totals["baseline"] - 1)
    assert abs(expected - plain_total_change) > 5  # the per-day figure is not the totals'
    figures = board.key_figures(client).set_index("metric")
    per_day = totals["period"] / 74 - totals["baseline"] / 91
    assert figures.loc[CONSTRUCTIVE_ACTIONS, "change"] == pytest.approx(per_day)
    assert "over 74" in figures.loc[CONSTRUCTIVE_ACTIONS, "change_text"]


def test_the_reports_say_the_data_stop_early(client):
    assert data_gaps.notes(client) == [
        "Posts stop on 12 Sep 2026, 18 days before the end of 2026-Q3: 74 of its 92 days have data."
    ]
    table = data_gaps.coverage_table(client)
    row = table[(table["data"] == "posts") & table["span"].str.endswith("(period)")].iloc[0]
    assert (row["days covered"], row["note"]) == ("74 of 92", "stop early")
    (finding,) = data_gaps.coverage_findings(client, today=dt.date(2026, 12, 6))
    assert finding.severity == "medium"
    assert "13 Sep 2026 to 30 Sep 2026" in finding.recommendation
    (running,) = data_gaps.coverage_findings(client, today=dt.date(2026, 9, 20))
    assert running.severity == "low" and "once it has ended" in running.recommendation


def test_full_data_have_no_gap():
    client = read_client("northwind-outdoor", EXAMPLES)
    assert data_gaps.notes(client) == []
    assert data_gaps.coverage_findings(client) == []
    for table in ("posts", "mentions"):
        spans = client.data_quality[table]["coverage"]
        assert not spans["period"]["stops_early"] and not spans["period"]["starts_late"]


def test_benchmarked_actions_per_day_use_the_covered_days():
    results = {
        "period": {"start": "2026-07-01", "end": "2026-09-30"},
        "posts": {"_all": {"posts": 37, CONSTRUCTIVE_ACTIONS: 740}},
        "data_quality": {"posts": {"coverage": {"period": {"days": 74}}}},
    }
    assert benchmark_figures(results)[CONSTRUCTIVE_ACTIONS_PER_DAY] == pytest.approx(10.0)
    del results["data_quality"]
    assert benchmark_figures(results)[CONSTRUCTIVE_ACTIONS_PER_DAY] == pytest.approx(740 / 92)


def test_a_period_without_posts_has_no_actions_per_day_not_zero():
    results = {
        "period": {"start": "2026-07-01", "end": "2026-09-30"},
        "posts": {"_all": {"posts": 0, CONSTRUCTIVE_ACTIONS: 0}},
        "data_quality": {"posts": {"coverage": {"period": {"days": 0}}}},
    }
    assert benchmark_figures(results)[CONSTRUCTIVE_ACTIONS_PER_DAY] is None
