"""Coverage: the days of a period and a baseline that each dated table's data cover.

A table's data *start late* when the gap from the span's first day to its first day with data
is longer than both `EDGE_GAP_DAYS` and every gap between two days with data inside the span
(a client posting weekly has six-day gaps, so a six-day start is its rhythm, not a gap); they
*stop early* likewise at the end. The days covered run from the span's start (or the first day
with data, when they start late) to its end (or the last day with data, when they stop early).
With fewer than `MIN_DAYS_TO_JUDGE` days with data the rhythm cannot be told apart from a gap,
so the whole span counts as covered. A span without any row of the table covers 0 days.
"""

from __future__ import annotations

import datetime as dt
from itertools import pairwise

import pandas as pd

from ..periods import Period

__all__ = ["DATED", "EDGE_GAP_DAYS", "MIN_DAYS_TO_JUDGE", "span_coverage", "table_coverage", "gap"]

DATED = {"posts": "published_at", "mentions": "published_at", "metrics": "date"}
"""The dated tables and their date column."""

EDGE_GAP_DAYS = 7
MIN_DAYS_TO_JUDGE = 4


def span_coverage(dates: pd.Series, span: Period) -> dict:
    """The coverage of `span` by the days of `dates` (a datetime column).

    Keys: first and last (ISO day with data, None without), days (covered), range_days (days
    of the span), starts_late, stops_early.
    """
    stamps = dates.dropna().dt.normalize()
    inside = stamps[(stamps >= pd.Timestamp(span.start)) & (stamps <= pd.Timestamp(span.end))]
    days = sorted({stamp.date() for stamp in inside})
    out = {
        "first": None,
        "last": None,
        "days": 0,
        "range_days": span.days,
        "starts_late": False,
        "stops_early": False,
    }
    if not days:
        return out
    first, last = days[0], days[-1]
    out["first"], out["last"] = first.isoformat(), last.isoformat()
    if len(days) >= MIN_DAYS_TO_JUDGE:
        rhythm = max(gap(a, b) for a, b in pairwise(days))
        allowed = max(EDGE_GAP_DAYS, rhythm)
        out["starts_late"] = gap(span.start - dt.timedelta(days=1), first) > allowed
        out["stops_early"] = gap(last, span.end + dt.timedelta(days=1)) > allowed
    start = first if out["starts_late"] else span.start
    end = last if out["stops_early"] else span.end
    out["days"] = (end - start).days + 1
    return out


def table_coverage(
    tables: dict[str, pd.DataFrame], period: Period, baseline: Period | None
) -> dict[str, dict]:
    """Each dated table's coverage of the period and the baseline (None without a baseline),
    for the tables that hold rows: {table: {"period": ..., "baseline": ...}}."""
    out = {}
    for name, column in DATED.items():
        frame = tables.get(name)
        if frame is None or frame.empty:
            continue
        out[name] = {
            "period": span_coverage(frame[column], period),
            "baseline": None if baseline is None else span_coverage(frame[column], baseline),
        }
    return out


def gap(before: dt.date, after: dt.date) -> int:
    """Days strictly between two days."""
    return (after - before).days - 1
