"""periods: the four written forms, YAML's int and date, and the errors."""

from __future__ import annotations

import datetime as dt

import pytest

from socialworkbook.periods import Period, parse_period


@pytest.mark.parametrize(
    "written,start,end",
    [
        ("2014", dt.date(2014, 1, 1), dt.date(2014, 12, 31)),
        ("2026-Q1", dt.date(2026, 1, 1), dt.date(2026, 3, 31)),
        ("2026-Q2", dt.date(2026, 4, 1), dt.date(2026, 6, 30)),
        ("2026-Q3", dt.date(2026, 7, 1), dt.date(2026, 9, 30)),
        ("2026-Q4", dt.date(2026, 10, 1), dt.date(2026, 12, 31)),
        ("2026-02", dt.date(2026, 2, 1), dt.date(2026, 2, 28)),
        ("2024-02", dt.date(2024, 2, 1), dt.date(2024, 2, 29)),
        ("2026-12", dt.date(2026, 12, 1), dt.date(2026, 12, 31)),
        ("2026-07-01..2026-07-14", dt.date(2026, 7, 1), dt.date(2026, 7, 14)),
        (" 2026-Q3 ", dt.date(2026, 7, 1), dt.date(2026, 9, 30)),
    ],
)
def test_written_forms(written, start, end):
    period = parse_period(written)
    assert (period.start, period.end, period.label) == (start, end, written.strip())


def test_yaml_int_is_a_year():
    assert parse_period(2014) == Period("2014", dt.date(2014, 1, 1), dt.date(2014, 12, 31))


def test_yaml_date_and_datetime_are_one_day():
    day = parse_period(dt.date(2026, 7, 1))
    assert (day.label, day.start, day.end, day.days) == (
        "2026-07-01..2026-07-01",
        dt.date(2026, 7, 1),
        dt.date(2026, 7, 1),
        1,
    )
    assert parse_period(dt.datetime(2026, 7, 1, 12, 0)) == day
    assert parse_period("2026-07-01") == day


@pytest.mark.parametrize(
    "bad",
    [
        "Q3 2026",
        "2026-Q5",
        "2026-13",
        "26",
        "2026/07",
        "2026-07-01..2026-02-30",
        "",
        True,
        2.5,
        None,
        [2026],
    ],
)
def test_bad_periods_list_the_accepted_forms(bad):
    with pytest.raises(ValueError, match="YYYY-Qn"):
        parse_period(bad)


def test_range_ending_before_it_starts_says_so():
    with pytest.raises(ValueError, match="ends before it starts"):
        parse_period("2026-07-14..2026-07-01")


def test_slug_days_contains_and_dict():
    period = parse_period("2026-07-01..2026-09-30")
    assert period.slug == "2026-07-01_to_2026-09-30" and parse_period("2026-Q3").slug == "2026-Q3"
    assert period.days == 92
    assert period.contains(dt.date(2026, 7, 1)) and period.contains(dt.date(2026, 9, 30))
    assert not period.contains(dt.date(2026, 10, 1))
    assert period.as_dict() == {"start": "2026-07-01", "end": "2026-09-30"}
