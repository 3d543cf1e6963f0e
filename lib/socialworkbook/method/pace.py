"""The pace of a goal due after the period: where it started, when, and how much of its time
has gone (FRAMEWORKS.md section 7 "Goals", CONTRACT.md section 3 "goal status").

A pace needs a starting value and the date of that value: a typed `baseline_value` is dated its
`baseline_date` (the period start when blank), a value read from the data is dated where the
data put it (`start_from_data`), so the same value gives the same verdict either way. Spans
read from the data lie on the reporting period's grid (calendar quarters of a quarter).
"""

from __future__ import annotations

import datetime as dt
import math

import pandas as pd

from ..catalogue import metric_kind
from ..measure.metrics import formulas as metrics
from ..model import Client
from ..periods import Period, previous_period

__all__ = ["elapsed_share", "goal_progress", "missing", "number", "start_from_data", "typed_start"]


def elapsed_share(start: dt.date, as_of: dt.date, due: dt.date) -> float:
    """The share of the time from `start` to `due` that has passed by `as_of`, in [0, 1].

    Days counted inclusively at both ends (a whole quarter of a half-year goal is 0.5); a due date
    on or before `start` counts as fully elapsed once reached.
    """
    if due <= start:
        return 1.0 if as_of >= due else 0.0
    share = ((as_of - start).days + 1) / ((due - start).days + 1)
    return min(1.0, max(0.0, share))


def goal_progress(
    start: float, actual: float, target: float, *, lower_is_better: bool = False
) -> float | None:
    """The share of the way from `start` to `target` that `actual` has come (negative: away).

    None when `start` already reached the target (nothing was left to gain, so a goal not met
    now has slipped back).
    """
    needed = target - start
    if (needed >= 0) if lower_is_better else (needed <= 0):
        return None
    return (actual - start) / needed


def start_from_data(
    client: Client, metric: str, *, component_id: str | None = None
) -> tuple[float, dt.date, str] | None:
    """The metric's first value in the data, as (value, its date, source), for a goal's pace.

    A stock: its value on the first day observed (`metrics.first_day`), dated that day, when
    that day is on or before the period start. A flow or a level: its value over the first span
    with data of the reporting period's grid (the calendar quarter, month or year of a period so
    named, else the spans of the period's length that end where it starts: a Q3 goal whose data
    start on 15 February reads the whole first quarter), dated the day after that span, when the
    span ends before the period. None otherwise, or without a value.
    """
    first = metrics.first_day(client, metric, component_id=component_id)
    if first is None:
        return None
    period = client.period
    if metric_kind(metric) == "stock":
        if first > period.start:
            return None
        span, start = Period(first.isoformat(), first, first), first
    else:
        span = _span_holding(period, first)
        if span is None:
            return None
        start = span.end + dt.timedelta(days=1)
    value = metrics.metric_value(client, metric, span, component_id=component_id)
    if value is None or missing(value):
        return None
    return float(value), start, f"first value in the data ({_span_words(span)})"


def _span_holding(period: Period, day: dt.date) -> Period | None:
    """The span of `period`'s grid (the periods before it, each `previous_period` of the next)
    that holds `day`; None when `day` is not before `period`."""
    span = period
    while day < span.start:
        span = previous_period(span)
        if span.start <= day:
            return span
    return None


def typed_start(line: dict, period: Period, due: dt.date) -> tuple[float, dt.date, str] | None:
    """The goal's typed baseline_value dated its baseline_date; the period start when the date
    is blank or not before the due date (`completeness` names that gap)."""
    value = number(line["baseline_value"])
    if value is None:
        return None
    when = line["baseline_date"]
    day = period.start if pd.isna(when) else pd.Timestamp(when).date()
    if day >= due:
        day = period.start
    return value, day, "baseline_value"


def missing(value) -> bool:
    """Whether a cell holds no number (None, empty, NaN or text)."""
    if value is None:
        return True
    try:
        return math.isnan(float(value))
    except (TypeError, ValueError):
        return True


def number(value) -> float | None:
    """A cell as a float; None where it holds no number."""
    return None if missing(value) else float(value)


def _span_words(span: Period) -> str:
    if span.start == span.end:
        return span.start.isoformat()
    return f"{span.start.isoformat()} to {span.end.isoformat()}"
