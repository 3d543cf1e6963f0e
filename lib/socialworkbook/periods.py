"""Reporting periods: `YYYY`, `YYYY-Qn`, `YYYY-MM` and `YYYY-MM-DD..YYYY-MM-DD` (inclusive).

Also the calendar buckets a trend counts in (`period_starts`, `bucket_range`).
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pandas is imported where a bucket is counted, not by every command
    import pandas as pd

__all__ = [
    "PREVIOUS",
    "Period",
    "parse_period",
    "previous_period",
    "resolve_baseline",
    "period_starts",
    "bucket_range",
    "period_freq",
]

# `baseline: previous`: the period of the same kind just before the reporting period.
PREVIOUS = "previous"

_YEAR = re.compile(r"^(\d{4})$")
_QUARTER = re.compile(r"^(\d{4})-Q([1-4])$")
_MONTH = re.compile(r"^(\d{4})-(\d{2})$")
_RANGE = re.compile(r"^(\d{4}-\d{2}-\d{2})\.\.(\d{4}-\d{2}-\d{2})$")


@dataclass(frozen=True)
class Period:
    """An inclusive span of calendar days, with the label the analyst wrote."""

    label: str
    start: dt.date
    end: dt.date

    @property
    def slug(self) -> str:
        """The folder name of the period: `..` written as `_to_`."""
        return self.label.replace("..", "_to_")

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    def contains(self, day: dt.date) -> bool:
        return self.start <= day <= self.end

    def as_dict(self) -> dict[str, str]:
        return {"start": self.start.isoformat(), "end": self.end.isoformat()}


def parse_period(value: object) -> Period:
    """Parse a period as written in client.yaml or on the command line.

    YAML reads an unquoted `2014` as an int and `2026-07-01` as a date; both are accepted
    (a single date is a one-day period).

    Raises
    ------
    ValueError
        With a message that lists the accepted forms.
    """
    if isinstance(value, bool):
        raise ValueError(_bad(value))
    if isinstance(value, int):
        value = f"{value:04d}"
    elif isinstance(value, dt.datetime):
        value = value.date().isoformat()
    elif isinstance(value, dt.date):
        value = value.isoformat()
    if not isinstance(value, str):
        raise ValueError(_bad(value))
    text = value.strip()
    try:
        if m := _YEAR.match(text):
            year = int(m[1])
            return Period(text, dt.date(year, 1, 1), dt.date(year, 12, 31))
        if m := _QUARTER.match(text):
            year, quarter = int(m[1]), int(m[2])
            first = 3 * quarter - 2
            last = first + 2
            return Period(text, dt.date(year, first, 1), _month_end(year, last))
        if m := _MONTH.match(text):
            year, month = int(m[1]), int(m[2])
            return Period(text, dt.date(year, month, 1), _month_end(year, month))
        if m := _RANGE.match(text):
            start, end = dt.date.fromisoformat(m[1]), dt.date.fromisoformat(m[2])
            if end < start:
                raise ValueError(f"period '{text}' ends before it starts")
            return Period(text, start, end)
        if re.match(r"^\d{4}-\d{2}-\d{2}$", text):
            day = dt.date.fromisoformat(text)
            return Period(f"{text}..{text}", day, day)
    except ValueError as exc:
        if "ends before" in str(exc):
            raise
        raise ValueError(_bad(value)) from exc
    raise ValueError(_bad(value))


def previous_period(period: Period) -> Period:
    """The period of the same kind just before `period`.

    2026-Q3 -> 2026-Q2, 2026-01 -> 2025-12, 2026 -> 2025; a date range (or a single day) -> the
    range of equal length that ends the day before it starts.
    """
    label = period.label
    if _YEAR.match(label):
        return parse_period(f"{period.start.year - 1:04d}")
    if m := _QUARTER.match(label):
        year, quarter = int(m[1]), int(m[2])
        year, quarter = (year - 1, 4) if quarter == 1 else (year, quarter - 1)
        return parse_period(f"{year:04d}-Q{quarter}")
    if _MONTH.match(label):
        before = period.start - dt.timedelta(days=1)
        return parse_period(f"{before.year:04d}-{before.month:02d}")
    end = period.start - dt.timedelta(days=1)
    start = end - dt.timedelta(days=period.days - 1)
    return Period(f"{start.isoformat()}..{end.isoformat()}", start, end)


def resolve_baseline(baseline: Period | str | None, period: Period) -> Period | None:
    """The comparison period of `period`: `baseline` itself, or the one before for `previous`."""
    return previous_period(period) if baseline == PREVIOUS else baseline


def _month_end(year: int, month: int) -> dt.date:
    return dt.date(year, month, calendar.monthrange(year, month)[1])


def _bad(value: object) -> str:
    return (
        f"'{value}' is not a period; write YYYY, YYYY-Qn, YYYY-MM or "
        "YYYY-MM-DD..YYYY-MM-DD (inclusive), e.g. 2026-Q3"
    )


_PERIOD_FREQ = {
    "D": "D",
    "W": "W-SUN",
    "W-MON": "W-SUN",
    "MS": "M",
    "M": "M",
    "ME": "M",
    "QS": "Q",
    "Q": "Q",
    "QE": "Q",
    "YS": "Y",
    "Y": "Y",
    "YE": "Y",
}


def period_starts(values: pd.Series, *, freq: str = "W") -> pd.Series:
    """The start of the calendar bucket of each date-time: week from Monday ("W"), month ("MS").

    Also accepts "D", "QS" and "YS" (and the pandas aliases M, ME, Q, QE, Y, YE).
    """
    return values.dt.to_period(period_freq(freq)).dt.start_time


def bucket_range(values: pd.Series, *, freq: str = "W") -> pd.DatetimeIndex:
    """Every bucket start from the first to the last of `values` (empty for no values)."""
    import pandas as pd

    values = values.dropna()
    if values.empty:
        return pd.DatetimeIndex([])
    days = pd.Series(pd.date_range(values.min().normalize(), values.max().normalize(), freq="D"))
    return pd.DatetimeIndex(period_starts(days, freq=freq).unique())


def period_freq(freq: str) -> str:
    """The pandas period alias of a bucket frequency ("W" -> "W-SUN", "MS" -> "M", ...)."""
    try:
        return _PERIOD_FREQ[freq]
    except KeyError:
        raise ValueError(
            f"unknown frequency '{freq}': use one of D, W (weeks from Monday), MS (months), QS, YS"
        ) from None
