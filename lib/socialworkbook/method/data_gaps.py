"""Data gaps: the days a client's data cover, in words, and a table whose data start late or
stop early as a finding for the board (intake's `coverage` computes the days)."""

from __future__ import annotations

import datetime as dt

import pandas as pd

from .. import wording
from ..intake import coverage
from ..model import Client
from ..periods import Period
from . import findings
from .findings import Finding

__all__ = ["gaps", "notes", "coverage_table", "coverage_findings", "recorded"]

_NOTEBOOK = "03_metric_analysis"


@findings.producer(_NOTEBOOK)
def coverage_findings(client: Client, *, today: dt.date | None = None) -> list[Finding]:
    """One finding per coverage gap (`gaps`): medium in the period, low in the
    baseline; a period that has not ended yet (its end after `today`) is low, to run again
    when it has."""
    today = today or dt.date.today()
    found = []
    for gap in gaps(client):
        running = gap["span"] == "period" and client.period.end >= today
        stretches = wording.listing(
            f"{wording.day(first)} to {wording.day(last)}" for first, last in gap["missing"]
        )
        found.append(
            Finding(
                f"data-gap:{gap['table']}:{gap['span']}",
                "medium" if gap["span"] == "period" and not running else "low",
                gap["text"],
                "Run the period again once it has ended."
                if running
                else f"Ask for the {gap['table']} from {stretches} and run the period again.",
                _NOTEBOOK,
            )
        )
    return found


def recorded(client: Client) -> list[dict]:
    """`coverage_findings` as results.json `findings` entries (what 03 records)."""
    return findings.as_results(coverage_findings(client))


def gaps(client: Client) -> list[dict]:
    """The client's coverage gaps: each dated table whose data start late or stop early in the
    period or the baseline. Keys: table, span ("period" or "baseline"), label (the span's),
    coverage (`span_coverage`), text (one sentence for a client) and missing (the days without
    data, as "1 Jun-30 Jun 2026"-like first and last ISO days)."""
    found = []
    for table in coverage.DATED:
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
    for table in coverage.DATED:
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
    late = wording.counted(coverage.gap(span.start - dt.timedelta(days=1), first), "day")
    early = wording.counted(coverage.gap(last, span.end + dt.timedelta(days=1)), "day")
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
