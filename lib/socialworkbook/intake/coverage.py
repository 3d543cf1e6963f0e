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

from .. import wording
from ..model import Client
from ..periods import Period

__all__ = [
    "DATED",
    "EDGE_GAP_DAYS",
    "MIN_DAYS_TO_JUDGE",
    "span_coverage",
    "table_coverage",
    "gaps",
    "notes",
    "coverage_table",
]

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
        rhythm = max(_gap(a, b) for a, b in pairwise(days))
        allowed = max(EDGE_GAP_DAYS, rhythm)
        out["starts_late"] = _gap(span.start - dt.timedelta(days=1), first) > allowed
        out["stops_early"] = _gap(last, span.end + dt.timedelta(days=1)) > allowed
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


def gaps(client: Client) -> list[dict]:
    """The client's coverage gaps: each dated table whose data start late or stop early in the
    period or the baseline. Keys: table, span ("period" or "baseline"), label (the span's),
    coverage (`span_coverage`), text (one sentence for a client) and missing (the days without
    data, as "1 Jun-30 Jun 2026"-like first and last ISO days)."""
    found = []
    for table in DATED:
        spans = (client.data_quality.get(table) or {}).get("coverage") or {}
        for which, span in (("period", client.period), ("baseline", client.baseline)):
            covered = spans.get(which)
            if (
                not covered
                or span is None
                or not (covered["starts_late"] or covered["stops_early"])
            ):
                continue
            found.append(
                {
                    "table": table,
                    "span": which,
                    "label": span.label,
                    "coverage": covered,
                    "text": _sentence(table, which, span, covered),
                    "missing": _missing(span, covered),
                }
            )
    return found


def notes(client: Client) -> list[str]:
    """One sentence per coverage gap (`gaps`), for a report."""
    return [gap["text"] for gap in gaps(client)]


def coverage_table(client: Client) -> pd.DataFrame:
    """The days each dated table covers, for a reader: data, span, first and last day with
    data, days with data (covered against the span's days) and a note ("stop early", "start
    late", "no data"). One row per table holding rows and span."""
    rows = []
    for table in DATED:
        spans = (client.data_quality.get(table) or {}).get("coverage") or {}
        for which, span in (("period", client.period), ("baseline", client.baseline)):
            covered = spans.get(which)
            if not covered or span is None:
                continue
            flags = [
                word
                for word, on in (
                    ("no data", not covered["days"]),
                    ("start late", covered["starts_late"]),
                    ("stop early", covered["stops_early"]),
                )
                if on
            ]
            rows.append(
                {
                    "data": _NOUNS[table],
                    "span": f"{span.label} ({which})",
                    "first day": wording.day(covered["first"]) if covered["first"] else "n/a",
                    "last day": wording.day(covered["last"]) if covered["last"] else "n/a",
                    "days covered": f"{covered['days']} of {covered['range_days']}",
                    "note": ", ".join(flags),
                }
            )
    columns = ["data", "span", "first day", "last day", "days covered", "note"]
    return pd.DataFrame(rows, columns=columns)


_NOUNS = {"posts": "posts", "mentions": "mentions", "metrics": "platform figures"}


def _sentence(table: str, which: str, span: Period, covered: dict) -> str:
    noun = _NOUNS[table].capitalize()
    where = f"{'the baseline ' if which == 'baseline' else ''}{span.label}"
    first, last = dt.date.fromisoformat(covered["first"]), dt.date.fromisoformat(covered["last"])
    late = wording.counted(_gap(span.start - dt.timedelta(days=1), first), "day")
    early = wording.counted(_gap(last, span.end + dt.timedelta(days=1)), "day")
    if covered["starts_late"] and covered["stops_early"]:
        said = (
            f"start on {wording.day(first)}, {late} into {where}, and stop on "
            f"{wording.day(last)}, {early} before its end"
        )
    elif covered["starts_late"]:
        said = f"start on {wording.day(first)}, {late} into {where}"
    else:
        said = f"stop on {wording.day(last)}, {early} before the end of {where}"
    return f"{noun} {said}: {covered['days']} of its {covered['range_days']} days have data."


def _missing(span: Period, covered: dict) -> list[tuple[str, str]]:
    """The stretches of `span` without data at its edges, as (first, last) ISO days."""
    out = []
    if covered["starts_late"]:
        before = dt.date.fromisoformat(covered["first"]) - dt.timedelta(days=1)
        out.append((span.start.isoformat(), before.isoformat()))
    if covered["stops_early"]:
        after = dt.date.fromisoformat(covered["last"]) + dt.timedelta(days=1)
        out.append((after.isoformat(), span.end.isoformat()))
    return out


def _gap(before: dt.date, after: dt.date) -> int:
    """Days strictly between two days."""
    return (after - before).days - 1
