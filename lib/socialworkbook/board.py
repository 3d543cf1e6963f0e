"""The board's view (00_summary): the few top-of-pyramid figures and the top findings.

Every figure comes from the same library functions the detailed notebooks use, computed afresh
from the client's files, so the summary never depends on another notebook having run first.
"""

from __future__ import annotations

import pandas as pd

from . import ecosystem, metrics, ogst, sentiment, stats, value
from .findings import Finding, prioritise
from .model import Client

__all__ = [
    "FIGURES",
    "FORMATS",
    "all_findings",
    "goal_counts",
    "key_figures",
    "sentiment_shift",
    "headline",
    "top_findings",
]

# The figures a board reads, in order: (metric key, what it means in plain words).
FIGURES: tuple[tuple[str, str], ...] = (
    ("reach", "people reached by owned posts"),
    ("engagement_rate_reach", "engagement rate by reach (%)"),
    ("constructive_actions", "constructive customer actions (comments, votes, referrals)"),
    ("net_sentiment", "net sentiment (positive minus negative, % of mentions)"),
)

# How each figure is written in the tiles.
FORMATS: dict[str, str] = {
    "people reached by owned posts": "{:,.0f}",
    "engagement rate by reach (%)": "{:.2f}",
    "constructive customer actions (comments, votes, referrals)": "{:,.0f}",
    "net sentiment (positive minus negative, % of mentions)": "{:.0f}",
}

# Where a finding's detail is, as a reader knows the reports.
NOTEBOOK_TITLES: dict[str, str] = {
    "01_ecosystem_map": "Ecosystem map",
    "02_value_dimensions": "Value dimensions",
    "03_metric_analysis": "Metric analysis",
    "04_action_plan": "Action plan",
}


def all_findings(client: Client, *, scored: pd.DataFrame | None = None) -> list[Finding]:
    """Every finding of the method notebooks, most severe first (for the summary and the plan)."""
    evidence = value.score_vs_evidence(client, scored_mentions=scored)
    found = [
        *ecosystem.ecosystem_findings(client),
        *value.disagreement_findings(evidence),
        *ogst.completeness_findings(client),
    ]
    return prioritise(found)


def goal_counts(goals: list[dict]) -> dict[str, int]:
    """How many goals are met, on track, behind and without data."""
    counts = {status: 0 for status in ogst.GOAL_STATUSES}
    for goal in goals:
        counts[goal["status"]] += 1
    return counts


def key_figures(client: Client) -> pd.DataFrame:
    """The board's figures for the period beside the baseline, with the change.

    Columns: figure, period, baseline, change (period - baseline; for net sentiment in points).
    A figure the client's data cannot give is left out rather than shown as zero.
    """
    rows = []
    for key, meaning in FIGURES:
        now = metrics.metric_value(client, key, client.period)
        before = metrics.metric_value(client, key, client.baseline) if client.baseline else None
        if now is None or pd.isna(now):
            continue
        change = None if before is None or pd.isna(before) else now - before
        rows.append({"figure": meaning, "period": now, "baseline": before, "change": change})
    return pd.DataFrame(rows, columns=["figure", "period", "baseline", "change"])


def sentiment_shift(client: Client) -> dict | None:
    """The `_all` positive-share shift, period against baseline (None without both samples)."""
    scored = sentiment.score_client(client)
    if scored.empty:
        return None
    shift = stats.shift_results(scored)
    return (shift or {}).get("_all")


def headline(client: Client, goals: list[dict], shift: dict | None) -> str:
    """The opening paragraph for the board: goals first, then sentiment, in plain words."""
    counts = goal_counts(goals)
    total = sum(counts.values())
    rest = [
        f"{counts[status]} {words}"
        for status, words in (
            ("on_track", "more on track"),
            ("behind", "behind"),
            ("no_data", "without data to judge"),
        )
        if counts[status]
    ]
    listed = ", ".join(rest[:-1]) + " and " + rest[-1] if len(rest) > 1 else "".join(rest)
    parts = [
        f"In {client.period.label}, {client.config.name} met {counts['met']} of {total} goals"
        + (f", with {listed}" if rest else "")
        + "."
    ]
    if shift and shift.get("difference") is not None:
        diff = 100 * shift["difference"]
        real = shift["p_value"] is not None and shift["p_value"] < 0.05
        parts.append(
            f"The share of positive mentions moved from "
            f"{100 * shift['baseline_positive_share']:.0f}% "
            f"to {100 * shift['period_positive_share']:.0f}% ({diff:+.1f} points, "
            f"95% interval {100 * shift['ci_low']:+.1f} to {100 * shift['ci_high']:+.1f}); "
            + ("a change beyond chance." if real else "within what chance alone could produce.")
        )
    return " ".join(parts)


def top_findings(findings: list[Finding], *, n: int = 5) -> pd.DataFrame:
    """The first `n` findings for the board: severity, finding, what to do, where to read more."""
    chosen = findings[:n]
    return pd.DataFrame(
        {
            "severity": [f.severity for f in chosen],
            "finding": [f.text for f in chosen],
            "what to do": [f.recommendation for f in chosen],
            "detail": [NOTEBOOK_TITLES.get(f.notebook, f.notebook) for f in chosen],
        }
    )
