"""Data gaps: a table whose data start late or stop early, as a finding for the board."""

from __future__ import annotations

import datetime as dt

from .. import wording
from ..intake import coverage
from ..model import Client
from . import findings
from .findings import Finding

__all__ = ["coverage_findings"]

_NOTEBOOK = "03_metric_analysis"


@findings.producer(_NOTEBOOK)
def coverage_findings(client: Client, *, today: dt.date | None = None) -> list[Finding]:
    """One finding per coverage gap (`coverage.gaps`): medium in the period, low in the
    baseline; a period that has not ended yet (its end after `today`) is low, to run again
    when it has."""
    today = today or dt.date.today()
    found = []
    for gap in coverage.gaps(client):
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
