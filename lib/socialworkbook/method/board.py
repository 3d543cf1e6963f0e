"""The board's view (00_summary): the few top-of-pyramid figures and the top findings.

Every figure comes from the same library functions the detailed notebooks use, computed afresh
from the client's files, so the summary never depends on another notebook having run first;
only the findings of templates without a producer (a workspace's own) come from what they
recorded in the run's results.json (`all_findings`).
"""

from __future__ import annotations

import pandas as pd

from .. import wording
from ..catalogue import METRICS, POSITIVE_SHARE
from ..measure import estimate, sentiment, stats
from ..measure.estimate import ClientEstimates
from ..measure.metrics import formulas as metrics
from ..model import Client
from . import findings, ogst
from .findings import Finding, prioritise

__all__ = [
    "AUTOMATIC_ONLY",
    "FIGURES",
    "FORMATS",
    "POSITIVE",
    "REACH",
    "all_findings",
    "attention",
    "question",
    "real_changes",
    "changes_summary",
    "goal_counts",
    "key_figures",
    "tile_figures",
    "sentiment_shift",
    "headline",
]

# The figures a board reads, in order: metric key -> its tile's label (the catalogue's board
# figures, read when asked).
FIGURES = METRICS.view(lambda m: bool(m.board), lambda m: m.board)

# How each figure is written in the tiles: metric key -> its formatter (`wording.formatter`).
FORMATS = METRICS.view(lambda m: bool(m.board), lambda m: wording.formatter(m.key))

# The labels of two tiles (reach summed over posts is not people; the positive share is the one
# figure whose change is a tested comparison, the primary positive-share test).
REACH = FIGURES["reach"]
POSITIVE = FIGURES[POSITIVE_SHARE]


def all_findings(client: Client, *, results: dict | None = None) -> list[Finding]:
    """Every finding, most severe first (for the summary and the plan): those of the method
    notebooks' producers (`findings.produced`), then those the run's other templates recorded
    (`results`, the run's results.json object, a workspace's own templates' among them).

    A recorded finding with the id of a produced one is the same finding and is dropped.
    """
    return prioritise([*findings.produced(client), *findings.from_results(results)])


def goal_counts(goals: list[dict]) -> dict[str, int]:
    """How many goals are met, on track, behind, unverified (a sentiment goal on automatic
    scores alone: never met) and without data."""
    counts = {status: 0 for status in ogst.GOAL_STATUSES}
    for goal in goals:
        counts[goal["status"]] += 1
    return counts


def key_figures(client: Client) -> pd.DataFrame:
    """The board's figures for the period beside the baseline, with the change.

    Columns: metric (its key, which every lookup goes by), figure (the tile's label), period,
    baseline, change (period - baseline; for net sentiment in points)
    and change_text (how the tile words the change; empty for the plain difference). Where
    the spans differ in length (`metrics.unequal_days`) a total's change is per day, worded
    with both totals. A figure the client's data cannot give is left out rather than zero.
    """
    days = metrics.unequal_days(client)
    rows = []
    for key, meaning in FIGURES.items():
        now = metrics.metric_value(client, key, client.period)
        before = metrics.metric_value(client, key, client.baseline) if client.baseline else None
        if now is None or pd.isna(now):
            continue
        change, text = None if before is None or pd.isna(before) else now - before, ""
        if change is not None and key == POSITIVE_SHARE:  # a share's change is in points
            text = f"{wording.points(100 * change)} vs baseline"
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
                "metric": key,
                "figure": meaning,
                "period": now,
                "baseline": before,
                "change": change,
                "change_text": text,
            }
        )
    columns = ["metric", "figure", "period", "baseline", "change", "change_text"]
    return pd.DataFrame(rows, columns=columns)


def tile_figures(
    client: Client, tests: pd.DataFrame, estimates: ClientEstimates, vader: dict | None
) -> pd.DataFrame:
    """The board's tiles: `key_figures`, sentiment from the estimate where there is one
    (`estimate.board_figures`), and the verdict of each tested change.

    `tests` is the board's `stats.period_tests`. The positive share takes its values, change,
    words and note from the table's primary positive-share row of all mentions, the one every
    report's verdict comes from; a `verdict` column holds that row's verdict ("beyond chance",
    "within chance", "not tested: ...") and is empty for the figures no test compares (counts,
    rates, net sentiment), whose tiles therefore carry no colour.
    """
    out = estimate.board_figures(key_figures(client), estimates, vader)
    out["verdict"] = ""
    tiles = out.index[out["metric"] == POSITIVE_SHARE]
    rows = tests[
        tests["test"].isin(stats.SHARE_TESTS)
        & (tests["component_id"] == "_all")
        & (tests["family"] == stats.PRIMARY)
    ]
    if rows.empty or not len(tiles):
        return out
    row = rows.iloc[0]
    words = stats.change_words(row)
    out.loc[tiles, ["period", "baseline", "change"]] = [
        row["value_period"],
        row["value_baseline"],
        row["value_period"] - row["value_baseline"],
    ]
    out.loc[tiles, ["change_text", "note", "verdict"]] = [
        words["change_text"],
        words["note"],
        row["verdict"],
    ]
    return out


def sentiment_shift(client: Client, estimated: dict | None = None) -> dict | None:
    """The `_all` entry of the metric analysis's `sentiment_shift`: the same tests, family and
    verdict (`stats.shift_results` of the client's own mentions and its posts, with the
    estimated shifts `estimate.ClientEstimates.shifts` as their positive-share tests), or
    None."""
    scored = sentiment.score_client(client)
    if scored.empty:
        return None
    shift = stats.shift_results(scored, metrics.span_posts(client), estimated=estimated)
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
            ("unverified", "unverified (on automatic sentiment scores, no human labels)"),
            ("no_data", "without data to judge"),
        )
        if counts[status]
    ]
    listed = wording.listing(rest, empty="")
    parts = [
        f"In {client.period.label}, {client.config.name} met {counts['met']} of {total} goals"
        + (f", with {listed}" if rest else "")
        + "."
    ]
    if shift and shift.get("difference") is not None:
        parts.append(_shift_sentence(client, shift))
    return " ".join(parts)


def _shift_sentence(client: Client, entry: dict) -> str:
    """The positive-share shift in words, with n, the interval that matches the verdict, and
    the verdict itself (as 03 and results.json give it): the estimated shift where there is
    one, with the automatic scores' shift beside it as what VADER alone would say."""
    shift = stats.tested_shift(entry)
    labelled = shift is not entry
    moved = (
        f"{'From the mentions labelled by people, t' if labelled else 'T'}he share of positive "
        f"mentions of {client.config.name} moved from "
        f"{100 * shift['baseline_positive_share']:.0f}% (n={shift['n_baseline']:,}"
        f"{' labelled' if labelled else ''}) to "
        f"{100 * shift['period_positive_share']:.0f}% (n={shift['n_period']:,}"
        f"{' labelled' if labelled else ''}), {wording.points(100 * shift['difference'])}"
    )
    automatic = (
        " The automatic scorer (VADER) alone would say "
        f"{wording.points(100 * entry['difference'])}."
        if labelled and entry.get("difference") is not None
        else ""
    )
    return _tested_sentence(moved, shift) + automatic


def _tested_sentence(moved: str, shift: dict) -> str:
    """`moved` with the interval at the adjusted level, the clustering, and the verdict."""
    if shift.get("p_adjusted") is None:
        return f"{moved}; {shift['verdict']}."
    level = f"{100 * shift['adjusted_level']:.1f}".removesuffix(".0")
    authors = shift.get("authors")
    clustered = (
        ""
        if shift.get("test") == stats.ESTIMATED_SHARE_TEST
        else ", authors unknown"
        if authors is None
        else f", clustered by author: {authors:,} authors, too few to tell a change from a few "
        "people's voices"
        if authors < stats.FEW_AUTHORS
        else f", clustered by author: {authors:,} authors, design effect "
        f"{shift['design_effect']:.2f}"
        if shift.get("design_effect") is not None
        else f", clustered by author: {authors:,} authors"
    )
    verdict = (
        "a change beyond chance"
        if shift["verdict"] == "beyond chance"
        else "within what chance alone could produce"
    )
    return (
        f"{moved} ({level}% interval {stats.bound_text(shift['adjusted_low'])} to "
        f"{stats.bound_text(shift['adjusted_high'])}, the level corrected for the "
        "primary comparisons "
        f"of the metric analysis{clustered}): {verdict}."
    )


def question(client: Client) -> str:
    """The board paper's question, naming the client and the period."""
    return (
        f"What did social technologies deliver for {client.config.name} in "
        f"{client.period.label}, and what needs the board's attention first?"
    )


def _negative(row: pd.Series) -> bool:
    """Whether a test's estimate is a fall: a difference below 0, a rate ratio below 1."""
    return row["estimate"] < (1.0 if row["scale"] == "log" else 0.0)


AUTOMATIC_ONLY = (
    "from automatic scores (VADER) only, not checked against mentions labelled by people"
)
"""What a listed change of a positive share says when it rests on the automatic scores alone."""


def _change_text(row: pd.Series) -> str:
    """One row of `stats.test_table` as a sentence: what, from and to, the estimate, n (and the
    number of authors of a clustered share test), and, where it rests on the automatic (VADER)
    scores alone, that it does (`AUTOMATIC_ONLY`)."""
    shown = stats.readable_tests(row.to_frame().T).iloc[0]
    authors = "" if shown["authors"] == "–" else f", {shown['authors']} authors"
    automatic = f", {AUTOMATIC_ONLY}" if row["test"] == stats.SHARE_TEST else ""
    return (
        f"{shown['comparison'][:1].upper()}{shown['comparison'][1:]}: "
        f"{shown['baseline → period']}, {shown['estimate (interval)']}, "
        f"n={shown['n (baseline / period)']} (baseline / period){authors}{automatic}"
    )


def real_changes(tests: pd.DataFrame) -> list[dict]:
    """The primary comparisons of `stats.test_table` that changed beyond chance (the same rows
    and verdicts as the metric analysis), as items for `notebook.ranked_html`."""
    moved = tests[(tests["family"] == stats.PRIMARY) & tests["significant"].astype(bool)]
    return [
        {
            "kind": "change",
            "text": f"{_change_text(row)}.",
            "action": "",
            "notebook": "03_metric_analysis",
            "section": "changes",
        }
        for _, row in moved.iterrows()
    ]


def attention(goals: list[dict], tests: pd.DataFrame, found: list[Finding]) -> list[dict]:
    """What needs the board's attention first, ranked by business impact.

    Goals behind first (lowest attainment first), then goals on automatic sentiment scores
    alone (unverified), then primary comparisons that fell beyond
    chance (`stats.test_table`), then the findings of the method notebooks (gaps and
    housekeeping, most severe first). Each item: kind, text, what to do, notebook and section
    (where its detail is).
    """
    behind = sorted(
        (g for g in goals if g["status"] == "behind"),
        key=lambda g: (g["attainment"] is None, g["attainment"] or 0.0),
    )
    items = [
        {
            "kind": "goal behind",
            "text": (
                f"{g['component']}: {g['goal'] or wording.name(g['metric'])} is behind"
                + (
                    f", at {wording.share(g['attainment'])} of its target"
                    if g["attainment"] is not None
                    else ""
                )
                + "."
            ),
            "action": "Agree with the goal's owner what will close the gap, or reset the target.",
            "notebook": "04_action_plan",
            "section": "goals",
        }
        for g in behind
    ]
    items += [
        {
            "kind": "goal unverified",
            "text": (
                f"{g['component']}: {g['goal'] or wording.name(g['metric'])} cannot be judged: "
                "it rests on automatic sentiment scores, which no person has checked."
            ),
            "action": (
                "Label a random sample of the period's mentions (at least 30) so the goal is "
                "judged on an estimate with its interval."
            ),
            "notebook": "03_metric_analysis",
            "section": "sentiment",
        }
        for g in goals
        if g["status"] == "unverified"
    ]
    primary = tests[(tests["family"] == stats.PRIMARY) & tests["significant"].astype(bool)]
    items += [
        {
            "kind": "fall beyond chance",
            "text": f"{_change_text(row)}: a fall beyond chance.",
            "action": "Find the cause before the next period: what changed on this component?",
            "notebook": "03_metric_analysis",
            "section": "changes",
        }
        for _, row in primary.iterrows()
        if _negative(row)
    ]
    items += [
        {"kind": f.severity, "text": f.text, "action": f.recommendation, "notebook": f.notebook}
        for f in found
    ]
    return items


def changes_summary(tests: pd.DataFrame) -> str:
    """How many of the primary comparisons changed beyond chance (`real_changes` lists them)."""
    changes = len(real_changes(tests))
    tested = wording.counted(
        int(((tests["family"] == stats.PRIMARY) & tests["p_value"].notna()).sum()),
        "primary comparison",
    )
    if not changes:
        return f"None of the {tested} of the baseline with the period changed beyond chance."
    return (
        f"{wording.count(changes)} of the {tested} of the baseline with the period "
        f"changed beyond chance:"
    )
