"""The board's view (00_summary): the few top-of-pyramid figures and the top findings.

Every figure comes from the same library functions the detailed notebooks use, computed afresh
from the client's files, so the summary never depends on another notebook having run first.
"""

from __future__ import annotations

import pandas as pd

from . import ecosystem, metrics, ogst, sentiment, stats, value, wording
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

    Columns: figure, period, baseline, change (period - baseline; for net sentiment in points)
    and change_text (how the tile words the change; empty for the plain difference). Where
    the spans differ in length (`metrics.unequal_days`) a total's change is per day, worded
    with both totals. A figure the client's data cannot give is left out rather than zero.
    """
    days = metrics.unequal_days(client)
    rows = []
    for key, meaning in FIGURES:
        now = metrics.metric_value(client, key, client.period)
        before = metrics.metric_value(client, key, client.baseline) if client.baseline else None
        if now is None or pd.isna(now):
            continue
        change, text = None if before is None or pd.isna(before) else now - before, ""
        if change is not None and days and metrics.is_total(key):
            per_day = now / days[1] - before / days[0]
            change, text = (
                per_day,
                (
                    f"{per_day:+,.0f} a day vs baseline ({before / days[0]:,.0f} then "
                    f"{now / days[1]:,.0f} a day; {before:,.0f} over {days[0]} days, "
                    f"{now:,.0f} over {days[1]})"
                ),
            )
        rows.append(
            {
                "figure": meaning,
                "period": now,
                "baseline": before,
                "change": change,
                "change_text": text,
            }
        )
    return pd.DataFrame(rows, columns=["figure", "period", "baseline", "change", "change_text"])


def sentiment_shift(client: Client) -> dict | None:
    """The `_all` entry of the metric analysis's `sentiment_shift`: the same tests, family and
    verdict (`stats.shift_results` of the client's own mentions and its posts), or None."""
    scored = sentiment.score_client(client)
    if scored.empty:
        return None
    shift = stats.shift_results(scored, metrics.span_posts(client))
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
        parts.append(_shift_sentence(client, shift))
    return " ".join(parts)


def _shift_sentence(client: Client, shift: dict) -> str:
    """The positive-share shift in words, with n, the interval that matches the verdict, and
    the verdict itself (as 03 and results.json give it)."""
    moved = (
        f"The share of positive mentions of {client.config.name} moved from "
        f"{100 * shift['baseline_positive_share']:.0f}% (n={shift['n_baseline']:,}) to "
        f"{100 * shift['period_positive_share']:.0f}% (n={shift['n_period']:,}), "
        f"{wording.points(100 * shift['difference'])}"
    )
    if shift.get("p_adjusted") is None:
        return f"{moved}; {shift['verdict']}."
    level = f"{100 * shift['adjusted_level']:.1f}".removesuffix(".0")
    clustered = (
        f", clustered by author: design effect {shift['design_effect']:.2f}"
        if shift.get("design_effect") is not None
        else ", authors unknown"
    )
    verdict = (
        "a change beyond chance"
        if shift["verdict"] == "beyond chance"
        else "within what chance alone could produce"
    )
    return (
        f"{moved} ({level}% interval {stats.bound_text(shift['adjusted_low'], decimals=1)} to "
        f"{stats.bound_text(shift['adjusted_high'], decimals=1)}, the level corrected for the "
        "primary comparisons "
        f"of the metric analysis{clustered}): {verdict}."
    )


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
