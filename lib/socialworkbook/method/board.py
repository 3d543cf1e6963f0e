"""The board's view (00_summary): the few top-of-pyramid figures and the top findings.

Every figure comes from the same library functions the detailed notebooks use, computed afresh
from the client's files, so the summary never depends on another notebook having run first;
only the findings of templates without a producer (a workspace's own) come from what they
recorded in the run's results.json (`all_findings`).
"""

from __future__ import annotations

import re

import pandas as pd

from .. import runfolder, wording
from ..catalogue import METRICS, NET_SENTIMENT, POSITIVE_SHARE
from ..intake.practice import read_commentary
from ..measure import benchmarks, estimate, sentiment, stats
from ..measure.estimate import ClientEstimates
from ..measure.metrics import formulas as metrics
from ..model import Client
from . import findings, ogst, priorities
from .findings import Finding, prioritise
from .priorities import Action

__all__ = [
    "AUTOMATIC_ONLY",
    "FIGURES",
    "FORMATS",
    "POSITIVE",
    "REACH",
    "all_findings",
    "first_actions",
    "decisions",
    "more_actions",
    "goals_table",
    "goals_lead",
    "notes",
    "our_view",
    "peer_standing",
    "interval_words",
    "question",
    "real_changes",
    "changes_summary",
    "goal_counts",
    "key_figures",
    "tile_figures",
    "sentiment_shift",
    "headline",
    "shift_sentence",
]

# The figures a board reads, in order: metric key -> its tile's label (the catalogue's board
# figures, read when asked).
FIGURES = METRICS.view(lambda m: bool(m.board), lambda m: m.board)

# How each figure is written in the tiles: metric key -> its formatter (`wording.formatter`).
FORMATS = METRICS.view(lambda m: bool(m.board), lambda m: _with_unit(m.key, m.unit))


def _with_unit(key: str, unit: str):
    """The metric's formatter, with "%" after a value in per cent (5.24%, as 03 writes it)."""
    write = wording.formatter(key)
    if unit != "%":
        return write
    return lambda value, **options: f"{write(value, **options)}%"


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
    the days its table's data cover differ (`metrics.unequal_days`: spans of different length,
    or data that start late or stop early) a total's change is per covered day, worded with
    both totals. A figure the client's data cannot give is left out rather than zero.
    """
    rows = []
    for key, meaning in FIGURES.items():
        days = metrics.unequal_days(client, metrics.source_table(key))
        now = metrics.metric_value(client, key, client.period)
        before = metrics.metric_value(client, key, client.baseline) if client.baseline else None
        if now is None or pd.isna(now):
            continue
        change, text = None if before is None or pd.isna(before) else now - before, ""
        if change is not None and key == POSITIVE_SHARE:  # a share's change is in points
            text = f"{wording.points(100 * change)} vs baseline"
        elif change is not None:
            text = f"{_change(key, change, before)} vs baseline"
        if change is not None and days and metrics.is_total(key):
            per_day = now / days[1] - before / days[0]
            change, text = (
                per_day,
                (
                    f"{wording.signed(per_day)} a day vs baseline ({before / days[0]:,.0f} then "
                    f"{now / days[1]:,.0f} a day; {before:,.0f} over {days[0]} days with data, "
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


def _change(key: str, change: float, before: float) -> str:
    """A tile's change: a count with its percentage ("+302,664 (+33%)"), a level or a rate in
    the units of its value ("+0.42 points" of a rate in per cent, "+12 points" of net
    sentiment)."""
    metric = METRICS.get(key)
    if metric is not None and metric.unit in ("%", "points"):
        return wording.points(change, decimals=2 if metric.format == "rate" else 0)
    written = wording.signed(change) if metric is None or metric.format == "count" else None
    written = written or wording.formatter(key)(change)
    if written[:1] not in ("+", wording.MINUS) and change > 0:
        written = "+" + written
    if before:
        return f"{written} ({wording.signed(100 * change / before)}%)"
    return written


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
    entry = estimates.entry("_all")
    net = out.index[out["metric"] == NET_SENTIMENT]
    if vader and entry is None and len(net):  # automatic scores: their 95% interval, plainly
        _, low, high, _ = runfolder.net_sentiment_interval(vader)
        if low is not None:
            out.loc[net, "note"] = (
                f"95% interval {wording.signed(low)} to {wording.signed(high)}, {AUTOMATIC_ONLY}"
            )
    elif entry is not None and len(net):
        out.loc[net, "note"] = (
            f"95% interval {wording.signed(entry['ci_low'])} to "
            f"{wording.signed(entry['ci_high'])}, estimated from {entry['labelled_n']:,} "
            "mentions labelled by people"
        )
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
    if pd.isna(row["p_adjusted"]):
        note = str(row["verdict"])
    else:
        interval = interval_words(
            stats.bound_text(row["adjusted_low"]),
            stats.bound_text(row["adjusted_high"]) + " points",
            _compared(tests),
        )
        source = (
            "estimated from mentions labelled by people"
            if row["test"] == stats.ESTIMATED_SHARE_TEST
            else AUTOMATIC_ONLY
        )
        note = f"change {interval}{SHIFT_NOTE}; {source}"
    out.loc[tiles, ["change_text", "note", "verdict"]] = [
        words["change_text"],
        note,
        row["verdict"],
    ]
    return out


def sentiment_shift(
    client: Client,
    estimated: dict | None = None,
    *,
    scored: pd.DataFrame | None = None,
    tests: pd.DataFrame | None = None,
) -> dict | None:
    """The `_all` entry of the metric analysis's `sentiment_shift`: the same tests, family and
    verdict (`stats.shift_results` of the client's own mentions and its posts, with the
    estimated shifts `estimate.ClientEstimates.shifts` as their positive-share tests), or
    None. `scored` (`sentiment.score_client`) and `tests` (`stats.period_tests` of it, with the
    estimated shifts), where the board has them, are not computed again."""
    scored = sentiment.score_client(client) if scored is None else scored
    if scored.empty:
        return None
    posts = metrics.span_posts(client) if tests is None else None
    shift = stats.shift_results(scored, posts, estimated=estimated, tests=tests)
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
            ("unverified", "unverified (on automatic sentiment scores no person has checked)"),
            ("no_data", "without data to judge"),
        )
        if counts[status]
    ]
    listed = wording.listing(rest, empty="")
    parts = [
        f"In {client.period.label}, {client.config.name} met {counts['met']} of {total} goals"
        + (f", with {listed}" if rest else "")
        + "."
        if total
        else f"No business goals are set for {client.config.name} yet."  # never "0 of 0"
    ]
    if shift and shift.get("difference") is not None:
        parts.append(_shift_sentence(client, shift))
    return " ".join(parts)


def shift_sentence(client: Client, shift: dict | None) -> str:
    """The positive-share shift in plain words under the board's tiles ("" without one); for
    mentions mostly not in English, why there is no automatic figure (`_not_english`)."""
    if shift and shift.get("difference") is None and shift.get("not_tested") == stats.NOT_ENGLISH:
        return _not_english(client, shift)
    if not shift or shift.get("difference") is None:
        return ""
    return _shift_sentence(client, shift)


SHIFT_NOTE = "\u00b9"
"""The footnote mark of the positive-share shift (`notes` holds its statistics)."""

CHANGES_NOTE = "\u00b2"
"""The footnote mark of the changes beyond chance (`notes` holds their intervals)."""


def _not_english(client: Client, entry: dict) -> str:
    """The sentiment sentence where the mentions are not in English: the estimate's shift from a
    labelled sample where there is one, else what to do (label a random sample)."""
    estimated = entry.get("estimated")
    if estimated and estimated.get("difference") is not None:
        return _shift_sentence(client, entry)  # the automatic shift's difference is None
    return (
        f"The mentions of {client.config.name} are mostly not in English, which the automatic "
        "sentiment scorer cannot read, so no automatic sentiment figure is given: a random "
        "sample of the mentions labelled by people would give it, with a 95% interval."
    )


def _shift_sentence(client: Client, entry: dict) -> str:
    """The positive-share shift in plain words: the two shares with n, the change and its
    verdict ("rose"/"fell" only beyond chance), on labels or on automatic scores; its interval
    and test in the board's note (`notes`)."""
    shift = stats.tested_shift(entry)
    labelled = shift is not entry
    before = f"{100 * shift['baseline_positive_share']:.0f}%"
    after = f"{100 * shift['period_positive_share']:.0f}%"
    n_before, n_after = f"{shift['n_baseline']:,}", f"{shift['n_period']:,}"
    noun = "mentions labelled by people" if labelled else "mentions"
    source = (
        "estimated from mentions labelled by people"
        if labelled
        else "on automatic scores no person has checked"
    )
    change = wording.points(100 * shift["difference"])
    name = client.config.name
    real = shift.get("verdict") == "beyond chance"
    if real:
        verb = "rose" if shift["difference"] > 0 else "fell"
        moved = (
            f"The share of positive mentions of {name} {verb} from {before} "
            f"(of {n_before} {noun}) to {after} (of {n_after}), {change}, {source}: "
            f"a change beyond chance.{SHIFT_NOTE if shift.get('p_adjusted') is not None else ''}"
        )
    else:
        verdict = (
            "within what chance alone could produce"
            if shift.get("p_adjusted") is not None
            else str(shift.get("verdict") or "not tested")
        )
        moved = (
            f"The share of positive mentions of {name} was {after} (of {n_after} {noun}) "
            f"against {before} (of {n_before}) in the baseline, {change}, {source}: "
            f"{verdict}.{SHIFT_NOTE if shift.get('p_adjusted') is not None else ''}"
        )
    return moved


def interval_words(low: str, high: str, compared: int) -> str:
    """The one way client text gives the interval beside a verdict: "−1 to +13 points,
    allowing for the 17 comparisons made together" (`stats.interval_words`, which the metric
    analysis says it with too; its level in the board's notes and the appendix)."""
    return stats.interval_words(low, high, compared)


def _compared(tests: pd.DataFrame) -> int:
    """How many primary comparisons were tested (the family a verdict allows for)."""
    return stats.compared(tests)


def notes(client: Client, shift: dict | None, tests: pd.DataFrame) -> list[str]:
    """The board's footnotes, in plain words: the positive-share shift's interval, n and
    authors (`SHIFT_NOTE`), the intervals of the changes beyond chance (`CHANGES_NOTE`), and the
    interval convention; the tests by name are in the metric analysis's appendix."""
    compared = _compared(tests)
    lines = []
    tested = stats.tested_shift(shift) if shift else None
    if tested and tested.get("p_adjusted") is not None:
        level = f"{100 * tested['adjusted_level']:.1f}".removesuffix(".0")
        authors = tested.get("authors")
        who = (
            ""
            if tested.get("test") == stats.ESTIMATED_SHARE_TEST
            else " Who wrote them is not known, so each mention counts as one voice."
            if authors is None
            else f" The mentions were written by {authors:,} people, too few to tell a change "
            "from a few people's voices."
            if authors < stats.FEW_AUTHORS
            else f" The mentions were written by {authors:,} people; several mentions by one "
            "person count as one voice."
        )
        interval = interval_words(
            stats.bound_text(tested["adjusted_low"]),
            stats.bound_text(tested["adjusted_high"]) + " points",
            compared,
        )
        lines.append(
            f"{SHIFT_NOTE} The change in the share of positive mentions has the interval "
            f"{interval} (a {level}% interval); a change is beyond chance only when that "
            f"interval leaves out no change.{who}"
        )
    moved = tests[(tests["family"] == stats.PRIMARY) & tests["significant"].astype(bool)]
    if len(moved):
        listed = "; ".join(f"{_label(row)}: {_bounds(row)}" for _, row in moved.iterrows())
        level = f"{100 * moved['adjusted_level'].iloc[0]:.1f}".removesuffix(".0")
        lines.append(
            f"{CHANGES_NOTE} Intervals allowing for the "
            f"{wording.counted(compared, 'comparison')} made together (a {level}% interval): "
            f"{listed}."
        )
    lines.append(
        "Intervals of a single figure are 95% intervals. An interval beside a verdict (beyond "
        "chance or within chance) allows for all the comparisons made together, so a verdict "
        "and its interval never disagree. The method appendix of the metric analysis names "
        "each test."
    )
    return lines


def our_view(client: Client) -> list[str]:
    """The analyst's commentary of the period (`commentary/<period>.md` in the client folder),
    in paragraphs; none without one (the board then leaves "Our view" out)."""
    text = read_commentary(client.folder, client.period.slug)
    return [" ".join(p.split()) for p in re.split(r"\n\s*\n", text) if p.strip()]


def peer_standing(section: dict | None) -> list[str]:
    """Where the client stands among its peers (`benchmarks.standing`), as the board's
    paragraphs; none without a peer group (the board then leaves the section out)."""
    return [benchmarks.standing(section)] if section else []


def _label(row: pd.Series) -> str:
    """A comparison's name for a reader: "Share of positive mentions, Trail Club"."""
    text = str(row["comparison"]).replace("positive share", "share of positive mentions", 1)
    return text[:1].upper() + text[1:]


def _bounds(row: pd.Series) -> str:
    """A tested change's adjusted interval: "+6 to +33 points", "×1.11 to ×5.94"."""
    if row["scale"] == "log":
        low = stats.bound_text(row["adjusted_low"], ratio=True)
        high = stats.bound_text(row["adjusted_high"], ratio=True)
        return f"\u00d7{low} to \u00d7{high}"
    low, high = stats.bound_text(row["adjusted_low"]), stats.bound_text(row["adjusted_high"])
    return f"{low} to {high} points"


def question(client: Client) -> str:
    """The board paper's question, naming the client and the period."""
    return (
        f"What did social technologies deliver for {client.config.name} in "
        f"{client.period.label}, and what needs the board's attention first?"
    )


def _negative(row: pd.Series) -> bool:
    """Whether a test's estimate is a fall: a difference below 0, a rate ratio below 1."""
    return row["estimate"] < (1.0 if row["scale"] == "log" else 0.0)


AUTOMATIC_ONLY = "on automatic scores no person has checked"
"""What a listed change of a positive share says when it rests on the automatic scores alone."""


def _change_text(row: pd.Series) -> str:
    """One change beyond chance as a plain sentence: what, "rose"/"fell" from and to (in the
    precision of its quantity, `priorities.compared_values`), the size of the change, and,
    where it rests on the automatic scores alone, that it does (`AUTOMATIC_ONLY`); its
    interval is in the board's notes (`CHANGES_NOTE`)."""
    before, after = priorities.compared_values(row)
    verb = "fell" if _negative(row) else "rose"
    if row["scale"] == "log":
        size = f"{row['estimate']:.2f} times the baseline's rate"
    else:
        size = wording.points(100 * row["estimate"])
    automatic = f", {AUTOMATIC_ONLY}" if row["test"] == stats.SHARE_TEST else ""
    return f"{_label(row)}: {verb} from {before} to {after} ({size}){automatic}{CHANGES_NOTE}"


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


def first_actions(
    client: Client,
    *,
    goals: list[dict] | None = None,
    tests: pd.DataFrame | None = None,
    results: dict | None = None,
) -> list[Action]:
    """The one list of what to do first (`priorities.first_actions`), the board's decisions and
    the action plan's list alike: from `goals` (`ogst.goal_status`), `tests` (the primary
    comparisons, `stats.period_tests` with the labelled estimates' shifts) and every finding
    (`all_findings`, the run's recorded ones from `results`), each computed here when not given.
    """
    if goals is None:
        goals = ogst.goal_status(client)
    if tests is None:
        scored = sentiment.score_client(client)
        shifts = estimate.client_estimates(client, scored).shifts() if not scored.empty else None
        tests = stats.period_tests(client, scored, estimated=shifts)
    found = all_findings(client, results=results)
    return priorities.first_actions(client, goals, tests, found)


def decisions(actions: list[Action]) -> list[dict]:
    """The board's decisions for the quarter: the first `priorities.DECISIONS` of the list, as
    items for `notebook.ranked_html`."""
    return [a.as_item() for a in actions[: priorities.DECISIONS]]


def more_actions(actions: list[Action]) -> str:
    """What the board's decisions leave for the action plan, counted by the report each comes
    from, so nothing (a workspace's own template's finding neither) is dropped unsaid; "" when
    the decisions are the whole list."""
    rest = actions[priorities.DECISIONS :]
    if not rest:
        return ""
    where: dict[str, int] = {}
    for action in rest:
        name = wording.words(action.notebook)
        where[name] = where.get(name, 0) + 1
    listed = wording.listing(f"{name} ({n})" for name, n in where.items())
    return (
        f"The action plan lists all {len(actions)} actions in this order; the "
        f"{wording.counted(len(rest), 'other')} {'comes' if len(rest) == 1 else 'come'} from "
        f"{listed}."
    )


def goals_lead(goals: list[dict]) -> str:
    """The line under the board's "Business goals" heading; "" without goals, so the section
    is left out (the headline says that no goals are set)."""
    return "Each goal's actual against its target, and where it should be by now." if goals else ""


def goals_table(goals: list[dict], *, currency: str = "", period: str = "") -> pd.DataFrame:
    """Every goal as the board reads it: the goal, where it is against its target and where it
    should be by now (`priorities.goal_words`), and its status in words; goals behind first."""
    order = {status: i for i, status in enumerate(("behind", "unverified", "no_data"))}
    shown = sorted(goals, key=lambda g: order.get(g["status"], len(order)))
    return pd.DataFrame(
        {
            "goal": [f"{g['component']}: {g['goal'] or wording.name(g['metric'])}" for g in shown],
            "where it stands": [
                priorities.goal_words(g, currency=currency, period=period) for g in shown
            ],
            "status": [ogst.STATUS_WORDS[g["status"]] for g in shown],
        },
        columns=["goal", "where it stands", "status"],
    )


def changes_summary(tests: pd.DataFrame) -> str:
    """How many of the primary comparisons changed beyond chance (`real_changes` lists them)."""
    tested_any = ((tests["family"] == stats.PRIMARY) & tests["p_value"].notna()).any()
    if not tested_any and (tests["not_tested"] == stats.NOT_ENGLISH).any():  # language
        return f"No comparison with the baseline is tested: {stats.NOT_ENGLISH}."
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
