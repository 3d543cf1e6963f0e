"""Objectives, goals, strategies and tactics of every component (04_action_plan).

A goal is measurable when it names a metric the kit knows (`catalogue.METRICS`) or one present
in the client's `metrics` table, a numeric target and a target date. Goal actuals come from
`metrics.metric_value` over the client's reporting period; a goal on sentiment (`SENTIMENT`) is
judged on the estimate from human labels and its interval (`measure.estimate`), and on automatic
scores alone it is "unverified".
"""

from __future__ import annotations

import datetime as dt

import pandas as pd

from .. import memo, wording
from ..catalogue import METRICS, NET_SENTIMENT, POSITIVE_SHARE, metric_kind
from ..measure import estimate as estimating
from ..measure.metrics import formulas as metrics
from ..model import Client
from ..vocab import GOAL_STATUSES
from . import findings, priorities
from .findings import Finding
from .pace import elapsed_share, goal_progress, missing, number, start_from_data, typed_start

__all__ = [
    "cards",
    "headline",
    "attainment_rows",
    "STATUS_WORDS",
    "shown_attainment",
    "attainment_headline",
    "goals_table",
    "pace_table",
    "closing_summary",
    "GOAL_STATUSES",
    "ogst_tree",
    "measurable",
    "completeness",
    "completeness_findings",
    "doubts",
    "attainment",
    "elapsed_share",
    "goal_status",
    "goal_progress",
    "start_from_data",
    "SENTIMENT",
    "labelled_value",
]


SENTIMENT: tuple[str, ...] = (NET_SENTIMENT, POSITIVE_SHARE, "negative_share")
"""The goal metrics judged on the estimate from human labels (`labelled_value`)."""

# The key of a figure in `ClientEstimates.entry` and of its output in an `Estimate`.
_OUTPUT = {NET_SENTIMENT: "net", POSITIVE_SHARE: "positive", "negative_share": "negative"}

_NOTEBOOK = "04_action_plan"


def ogst_tree(client: Client) -> list[dict]:
    """Component -> objectives -> goals (metric, target, date, strategy, tactics), for cards.

    Components in ecosystem order: every active and planned one (an empty `objectives` list shows
    the gap) and any retired one that still has OGST lines. Lines of one component with the same
    objective are grouped under it, in table order. Values are JSON-ready: None for a missing
    number or date, dates as ISO strings, tactics as a list.
    """
    eco = client.table("ecosystem")
    ogst = client.table("ogst")
    known = _known_metrics(client)
    tree = []
    for rec in eco.to_dict("records"):
        cid = rec["component_id"]
        lines = ogst[ogst["component_id"] == cid]
        if lines.empty and rec["status"] == "retired":
            continue
        objectives: dict[str, dict] = {}
        for line in lines.to_dict("records"):
            text = str(line["objective"]).strip()
            entry = objectives.setdefault(text, {"objective": text, "goals": []})
            metric = str(line["metric"]).strip()
            entry["goals"].append(
                {
                    "goal": str(line["goal"]).strip(),
                    "metric": metric,
                    "metric_label": wording.name(metric) if metric else "",
                    "target": number(line["target"]),
                    "target_date": _iso(line["target_date"]),
                    "baseline_value": number(line["baseline_value"]),
                    "baseline_date": _iso(line["baseline_date"]),
                    "lower_is_better": metric in METRICS.lower_is_better(),
                    "strategy": str(line["strategy"]).strip(),
                    "tactics": list(line["tactics"] or ()),
                    "measurable": _measurable(line, known),
                    "row": _row(line),
                }
            )
        tree.append(
            {
                "component_id": cid,
                "component": rec["name"],
                "component_type": rec["component_type"],
                "status": rec["status"] or "active",
                "objectives": list(objectives.values()),
            }
        )
    return tree


def cards(client: Client) -> list[dict]:
    """One card per component of `ogst_tree`: objective -> goal (metric, target, date) -> strategy
    -> tactics, as lines for `notebook.cards_html`; a component without objective says so."""
    out = []
    for node in ogst_tree(client):
        lines = []
        for objective in node["objectives"]:
            lines.append(("objective", objective["objective"] or "(no objective written)"))
            for goal in objective["goals"]:
                lines.append(("goal", _goal_line(goal, client.config.currency)))
                if goal["strategy"]:
                    lines.append(("strategy", goal["strategy"]))
                if goal["tactics"]:
                    lines.append(("tactics", "; ".join(goal["tactics"])))
        if not lines:
            lines.append(("objective", "none yet: no objective is set for this component"))
        out.append({"title": node["component"], "badge": node["status"], "lines": lines})
    return out


def _goal_line(goal: dict, currency: str) -> str:
    measure = goal["metric_label"] or goal["metric"] or "no metric"
    target = (
        "no target"
        if goal["target"] is None
        else f"target {priorities.target_text(goal, currency=currency)}"
    )
    # a date as the board writes it, never "2026-09-" at a line's end and "30" on the next
    due = f"by {wording.day(goal['target_date'])}" if goal["target_date"] else "no date"
    text = goal["goal"] or "(goal not written)"
    return f"{text} ({measure}; {target}; {due})"


def headline(client: Client) -> str:
    """How many active components have an objective and a measurable goal."""
    tree = [n for n in ogst_tree(client) if n["status"] == "active"]
    with_objective = sum(bool(n["objectives"]) for n in tree)
    measured = sum(any(g["measurable"] for o in n["objectives"] for g in o["goals"]) for n in tree)
    return (
        f"{with_objective} of {len(tree)} active components have an objective; "
        f"{measured} have a measurable goal (metric, numeric target and date)."
    )


STATUS_WORDS: dict[str, str] = {
    "met": "met",
    "on_track": "on track",
    "behind": "behind",
    "unverified": "not yet judged: label a random sample of its mentions",
    "no_data": "no data to judge",
}
"""A goal's status as every client page says it (the board's goals, the action plan's table, the
goals chart): a goal on automatic sentiment scores alone is never "met" and shows no attainment
%, it says what would judge it."""


def shown_attainment(goal: dict) -> float | None:
    """The attainment a reader is shown: none for a goal not yet judged (automatic sentiment
    scores alone: "134%" of a target would read as met), else `attainment`."""
    return None if goal["status"] == "unverified" else goal["attainment"]


def attainment_rows(goals: list[dict]) -> pd.DataFrame:
    """Goals for `charts.attainment`: label (component: goal; a goal not yet judged adds what
    would judge it), attainment (none shown for it), status."""
    return pd.DataFrame(
        {
            "label": [
                f"{g['component']}: {g['goal'] or g['metric']}"
                + (f" ({STATUS_WORDS['unverified']})" if g["status"] == "unverified" else "")
                for g in goals
            ],
            "attainment": [shown_attainment(g) for g in goals],
            "status": [g["status"] for g in goals],
        },
        columns=["label", "attainment", "status"],
    ).astype({"attainment": "float64"})


def attainment_headline(goals: list[dict]) -> str:
    """The finding of the attainment chart: how many goals are met, on track, behind, unverified,
    unknown.

    A goal without data is counted apart from one whose actual is known but whose pace is not
    (no starting value); a goal on sentiment with automatic scores only is unverified.
    """
    if not goals:
        return "No goal has a metric and a numeric target yet"
    count = {s: sum(g["status"] == s for g in goals) for s in GOAL_STATUSES}
    no_actual = sum(g["status"] == "no_data" and g["actual"] is None for g in goals)
    text = (
        f"{count['met']} of {len(goals)} goals met, {count['on_track']} on track, "
        f"{count['behind']} behind"
    )
    if count["unverified"]:
        text += (
            f", {count['unverified']} unverified (automatic sentiment scores no person has checked)"
        )
    if no_actual:
        text += f", {no_actual} without data"
    if count["no_data"] - no_actual:
        text += f", {count['no_data'] - no_actual} of unknown pace (no starting value)"
    return text


def _measure(goal: dict, key: str, currency: str) -> str:
    return wording.measure(goal[key], goal["metric"], currency=currency)


def goals_table(goals: list[dict], *, currency: str = "") -> pd.DataFrame:
    """Every goal for a reader: component, goal, metric, target, actual,
    attainment, status, due; values written as their metric (`wording.measure`)."""
    return pd.DataFrame(
        {
            "component": [g["component"] for g in goals],
            "goal": [g["goal"] for g in goals],
            "metric": [wording.name(g["metric"]) for g in goals],
            "target": [_measure(g, "target", currency) for g in goals],
            "actual": [_measure(g, "actual", currency) for g in goals],
            # whole, as the goals chart says it ("106", not "105.6")
            "attainment %": [_whole(_percent(shown_attainment(g))) for g in goals],
            "status": [STATUS_WORDS[g["status"]] for g in goals],
            "due": [g["target_date"] or "" for g in goals],
        }
    )


def pace_table(goals: list[dict], *, currency: str = "") -> pd.DataFrame:
    """The goals not met and due after their `as_of`, for a reader: where each started, how far
    toward its target it has come and how much of its time has gone (the pace behind on track)."""
    paced = [
        g
        for g in goals
        if g["status"] not in ("met", "unverified")
        and g["kind"] != "flow"
        and g["actual"] is not None
        and (g["target_date"] or "") > g["as_of"]
    ]
    return pd.DataFrame(
        {
            "component": [g["component"] for g in paced],
            "goal": [g["goal"] for g in paced],
            "start": [_measure(g, "start_value", currency) for g in paced],
            "start from": [_start_words(g) for g in paced],
            "actual": [_measure(g, "actual", currency) for g in paced],
            "target": [_measure(g, "target", currency) for g in paced],
            "progress %": [_percent(g["progress"]) for g in paced],
            "time gone %": [_percent(g["elapsed_share"]) for g in paced],
            "status": [g["status"].replace("_", " ") for g in paced],
        },
        columns=[
            "component",
            "goal",
            "start",
            "start from",
            "actual",
            "target",
            "progress %",
            "time gone %",
            "status",
        ],
    )


def _start_words(goal: dict) -> str:
    """Where a goal's start came from, with its date, for a reader."""
    source = goal["start_source"]
    if source is None:
        return "none (pace unknown)"
    if source == "baseline_value":
        return f"the goal's baseline value, dated {goal['start_date']}"
    return f"{source}, dated {goal['start_date']}"


def closing_summary(client: Client, goals: list[dict]) -> str:
    """The closing paragraph: goals, OGST completeness, and what is behind."""
    behind = [g for g in goals if g["status"] == "behind"]
    text = f"{attainment_headline(goals)}. {headline(client)}"
    if behind:
        text += (
            " Behind: "
            + wording.listing(
                [f"{g['component']} ({g['goal'] or g['metric']})" for g in behind], limit=5
            )
            + "."
        )
    return text


def measurable(client: Client) -> pd.Series:
    """For each OGST line (same index): True when it has a known metric, a target and a date."""
    known = _known_metrics(client)
    ogst = client.table("ogst")
    return pd.Series(
        [_measurable(line, known) for line in ogst.to_dict("records")],
        index=ogst.index,
        dtype=bool,
    )


def completeness(client: Client) -> pd.DataFrame:
    """The OGST gaps of active components, one row per gap.

    Columns: component_id, component, goal, gap, fix, row.

    Gaps: "no objective" (no OGST line); for each line naming a goal, metric, target or date:
    "no metric", "unknown metric", "no target", "no target date"; "no goal" when none of a
    component's lines names one; "no strategy" when none of its lines has a strategy. `row` is the
    spreadsheet row of the OGST line (None for a whole-component gap).
    """
    eco = client.table("ecosystem")
    active = eco[eco["status"].isin(["active", ""])]
    ogst = client.table("ogst")
    known = _known_metrics(client)
    rows = []

    def gap(rec, line, what, fix):
        rows.append(
            {
                "component_id": rec["component_id"],
                "component": rec["name"],
                "goal": "" if line is None else _goal_name(line),
                "gap": what,
                "fix": fix,
                "row": None if line is None else _row(line),
            }
        )

    for rec in active.to_dict("records"):
        name = rec["name"]
        lines = ogst[ogst["component_id"] == rec["component_id"]].to_dict("records")
        if not lines:
            gap(
                rec,
                None,
                "no objective",
                f"Set an objective and a goal for {name}: what should it achieve for the business?",
            )
            continue
        goals = [line for line in lines if _names_goal(line)]
        if not goals:
            gap(
                rec,
                None,
                "no goal",
                f"Give {name} a goal with a metric, a numeric target and a target date.",
            )
        for line in goals:
            metric = str(line["metric"]).strip()
            if not metric:
                gap(rec, line, "no metric", "Name the metric that shows whether the goal is met.")
            elif metric not in known:
                gap(
                    rec,
                    line,
                    "unknown metric",
                    f"Use a metric the kit knows or add '{metric}' observations to metrics.",
                )
            if missing(line["target"]):
                gap(rec, line, "no target", "Write the target as a number.")
            if pd.isna(line["target_date"]):
                gap(rec, line, "no target date", "Write the date by which the target is due.")
            _baseline_date_gaps(rec, line, gap)
        if not any(str(line["strategy"]).strip() for line in lines):
            gap(
                rec,
                None,
                "no strategy",
                f"Write the strategy (how {name} will reach its goal) and its tactics.",
            )
    columns = ["component_id", "component", "goal", "gap", "fix", "row"]
    return pd.DataFrame(rows, columns=columns)


def doubts(client: Client, rows: set[int] | None = None) -> list[str]:
    """Doubtful values of the OGST lines (of spreadsheet `rows` only, when given), one sentence
    each: a valid table may still hold a goal that cannot be judged as meant.

    A negative target for a count (followers, posts, clicks ...: `catalogue` format "count", or
    a metric it does not hold that adds up as a stock or flow); a goal with a metric but an empty
    target (it cannot be measured); a target date before the reporting period starts.
    """
    said = []
    for line in client.table("ogst").to_dict("records"):
        row = _row(line)
        if rows is not None and row not in rows:
            continue
        where = f"Row {row} ({_goal_name(line)})" if row else _goal_name(line)
        metric = str(line["metric"]).strip()
        target = number(line["target"])
        entry = METRICS.get(metric)
        counted = entry.format == "count" if entry else metric_kind(metric) != "level"
        if metric and target is not None and target < 0 and counted:
            said.append(
                f"{where}: the target {target:g} is negative, but {wording.name(metric)} is a "
                "count, which cannot fall below 0. Check the sign."
            )
        if metric and missing(line["target"]):
            said.append(
                f"{where}: the target is empty, so the goal cannot be measured. Write the "
                "target as a number."
            )
        due = line["target_date"]
        if not pd.isna(due) and _as_date(due) < client.period.start:
            said.append(
                f"{where}: the target date {_as_date(due).isoformat()} is before the reporting "
                f"period ({client.period.label}, from {client.period.start.isoformat()}), so "
                "the goal is judged as already due. Check the date."
            )
    return said


# The gaps of a baseline date (`_baseline_date_gaps`): a goal's pace cannot use it.
_BASELINE_DATE_GAPS = ("baseline date without a value", "baseline date not before the due date")


def _baseline_date_gaps(rec: dict, line: dict, gap) -> None:
    """A baseline date says when the baseline value was measured: without the value, or on or
    after the target date, the goal's pace cannot use it."""
    when = line["baseline_date"]
    if pd.isna(when):
        return
    day = pd.Timestamp(when).date().isoformat()
    if missing(line["baseline_value"]):
        gap(
            rec,
            line,
            _BASELINE_DATE_GAPS[0],
            f"Write the value measured on the baseline date ({day}) as baseline value, or clear "
            "the baseline date.",
        )
    elif not pd.isna(line["target_date"]) and when >= line["target_date"]:
        gap(
            rec,
            line,
            _BASELINE_DATE_GAPS[1],
            f"The baseline date ({day}) is when the baseline value was measured: write a date "
            "before the target date.",
        )


@findings.producer("04_action_plan")
def completeness_findings(client: Client) -> list[Finding]:
    """Findings from `completeness`: no objective (high), no measurable goal (medium),
    incomplete goals and missing strategies (low)."""
    gaps = completeness(client)
    if gaps.empty:
        return []
    eco = client.table("ecosystem")
    ogst = client.table("ogst")
    ok = measurable(client)
    with_measurable = set(ogst.loc[ok, "component_id"]) if len(ogst) else set()
    found = []
    missing = _unique(gaps.loc[gaps["gap"] == "no objective", "component"])
    if missing:
        found.append(
            Finding(
                "no-objective",
                "high",
                f"{_count(missing, 'active component')} no objective: "
                f"{wording.listing(missing, limit=5)}.",
                "Agree an objective and a measurable goal for "
                + ("each of them" if len(missing) > 1 else "it")
                + " before measuring.",
                _NOTEBOOK,
            )
        )
    has_lines = set(ogst["component_id"]) if len(ogst) else set()
    active = eco[eco["status"].isin(["active", ""])]
    unmeasured = [
        rec["name"]
        for rec in active.to_dict("records")
        if rec["component_id"] in has_lines and rec["component_id"] not in with_measurable
    ]
    if unmeasured:
        found.append(
            Finding(
                "no-measurable-goal",
                "medium",
                f"{_count(unmeasured, 'component')} an objective but no measurable goal "
                f"(metric, target and date): {wording.listing(unmeasured, limit=5)}.",
                "Add a metric, a numeric target and a date to at least one goal of each.",
                _NOTEBOOK,
            )
        )
    dated = gaps[gaps["gap"].isin(_BASELINE_DATE_GAPS)]
    if len(dated):
        n = len(dated)
        found.append(
            Finding(
                "baseline-date",
                "low",
                f"{n} goal{'s' if n != 1 else ''} of "
                f"{wording.listing(_unique(dated['component']), limit=5)} "
                f"{'have' if n != 1 else 'has'} a baseline date that the pace cannot use "
                "(no baseline value, or not before the due date), so the pace does not use it.",
                "Write the baseline value measured on that date, or correct the date.",
                _NOTEBOOK,
            )
        )
    line_gaps = gaps[gaps["row"].notna() & ~gaps["gap"].isin(_BASELINE_DATE_GAPS)]
    incomplete = line_gaps.drop_duplicates(["component_id", "row"])
    incomplete = incomplete[incomplete["component_id"].isin(with_measurable)]
    if len(incomplete):
        n = len(incomplete)
        found.append(
            Finding(
                "incomplete-goals",
                "low",
                f"{n} further goal{'s' if n != 1 else ''} of "
                f"{wording.listing(_unique(incomplete['component']), limit=5)} "
                f"lack{'s' if n == 1 else ''} a known metric, a target or a date.",
                "Complete them in the action plan, or drop the ones nobody will track.",
                _NOTEBOOK,
            )
        )
    strategy = _unique(gaps.loc[gaps["gap"] == "no strategy", "component"])
    if strategy:
        found.append(
            Finding(
                "no-strategy",
                "low",
                f"{_count(strategy, 'active component')} objectives but no strategy: "
                f"{wording.listing(strategy, limit=5)}.",
                "Write down how each will reach its goal (strategy) and with which tactics.",
                _NOTEBOOK,
            )
        )
    return found


def attainment(actual: float | None, target: float, *, lower_is_better: bool = False):
    """actual / target (target / actual where lower is better); None where that is undefined.

    Undefined: no actual, no target, a target <= 0 where higher is better, an actual <= 0 or a
    negative target where lower is better. Equal actual and target give 1.0 (so 0 against 0 is met).
    """
    if actual is None or missing(actual) or missing(target):
        return None
    if actual == target:
        return 1.0
    if lower_is_better:
        return target / actual if actual > 0 and target >= 0 else None
    return actual / target if target > 0 else None


@memo.shared("goals", unless=("as_of", "estimates"))  # once for a batch run's notebooks
def goal_status(
    client: Client,
    as_of: dt.date | None = None,
    *,
    estimates: estimating.ClientEstimates | None = None,
) -> list[dict]:
    """The results.json `goals`: every OGST line with a metric and a numeric target, judged.

    actual: `metrics.metric_value` of the goal's metric for its component over the client's
    period: a stock's latest value, a flow's total over the period, a level's mean (kinds from
    `catalogue.metric_kind`). A goal on sentiment (`SENTIMENT`) takes the estimate from human
    labels of its component (`labelled_value`; `estimates` from `estimate.client_estimates`,
    computed here when not given) with its 95% interval (`ci_low`, `ci_high`); without one its
    actual is the automatic scores' (`automatic`) and its status "unverified".
    attainment: actual / target, or target / actual where lower is better (see `attainment`).

    status: "no_data" without an actual; "unverified" for a sentiment goal without a labelled
    estimate; "met" when the actual reaches the target (a sentiment estimate: when its whole
    interval does, the lower bound at or above the target, the upper bound at or below it where
    lower is better); a flow target is per period ("7,700 per quarter"): met or "behind", never
    paced; "behind" when not met and the target date (the period end for a goal without one) is
    on or before `as_of` (default: the period end); otherwise the pace: "on_track" when
    `progress` >= `elapsed_share`, else "behind", and "no_data" without a starting value. A
    sentiment estimate is paced on its point value, so one whose point has reached the target
    but whose interval has not is on track until it is due, then behind.

    The start (`start_value`, `start_date`, `start_source`) is the goal's baseline_value dated
    its baseline_date (`pace.typed_start`), else the metric's first value in the data dated as
    `start_from_data` says, so a value typed with its date and the same value read from the
    data give the same verdict. A sentiment estimate
    takes no start from automatic scores (its pace needs a typed baseline). progress = (actual -
    start) / (target - start), so a fall counts as progress where lower is better and a move
    away from the target is negative; None (behind) when the start already reached the target.
    elapsed_share runs from the start to the target date at `as_of`; a flow has no progress.
    """
    period = client.period
    today = _as_date(as_of) if as_of is not None else period.end
    eco = client.table("ecosystem")
    names = client.component_names()
    statuses = dict(zip(eco["component_id"], eco["status"], strict=True))
    lines = [
        line
        for line in client.table("ogst").to_dict("records")
        if str(line["metric"]).strip() and not missing(line["target"])
    ]
    if estimates is None and any(str(line["metric"]).strip() in SENTIMENT for line in lines):
        estimates = _client_estimates(client)
    goals = []
    for line in lines:
        metric = str(line["metric"]).strip()
        cid = line["component_id"]
        target = float(line["target"])
        lower = metric in METRICS.lower_is_better()
        kind = metric_kind(metric)
        automatic = actual = _actual(client, metric, cid)
        labelled = labelled_value(estimates, metric, cid) if metric in SENTIMENT else None
        if labelled is not None:
            actual = labelled["value"]
        due = period.end if pd.isna(line["target_date"]) else line["target_date"].date()
        start = typed_start(line, period, due)
        if start is None and labelled is None:
            start = start_from_data(client, metric, component_id=cid or None)
        start_value, start_date, start_source = start or (None, None, None)
        share = elapsed_share(start_date or period.start, today, due)
        progress = None
        if actual is not None and start_value is not None and kind != "flow":
            progress = goal_progress(start_value, actual, target, lower_is_better=lower)
        if labelled is not None:  # the whole interval must reach the target
            reached = labelled["ci_high" if lower else "ci_low"]
        else:
            reached = actual
        if actual is None:
            status = "no_data"
        elif metric in SENTIMENT and labelled is None:
            status = "unverified"
        elif reached is not None and ((reached <= target) if lower else (reached >= target)):
            status = "met"
        elif kind == "flow" or due <= today:
            status = "behind"
        elif start_value is None:
            status = "no_data"
        else:
            status = "on_track" if progress is not None and progress >= share else "behind"
        goals.append(
            {
                "component_id": cid,
                "component": names.get(cid, cid),
                "component_status": statuses.get(cid, "") or "active",
                "objective": str(line["objective"]).strip(),
                "goal": str(line["goal"]).strip(),
                "metric": metric,
                "kind": kind,
                "target": target,
                "target_date": _iso(line["target_date"]),
                "baseline_value": number(line["baseline_value"]),
                "baseline_date": _iso(line["baseline_date"]),
                "start_value": start_value,
                "start_date": None if start_date is None else start_date.isoformat(),
                "start_source": start_source,
                "actual": actual,
                "attainment": attainment(actual, target, lower_is_better=lower),
                "progress": progress,
                "elapsed_share": share,
                "status": status,
                "lower_is_better": lower,
                "as_of": today.isoformat(),
                **_sentiment_fields(metric, labelled, automatic),
            }
        )
    return goals


def labelled_value(
    estimates: estimating.ClientEstimates | None, metric: str, component_id: str
) -> dict | None:
    """The estimate from human labels of a sentiment goal's metric for its component (`_all`
    for a goal of no component), on the goal's scale: value, ci_low, ci_high (95%), labelled_n
    and method; None without an estimate or its interval.

    From `ClientEstimates.entry`: net sentiment in points with its interval; a share as a
    fraction with the interval the entry gives (`<metric>_ci_low`, `<metric>_ci_high`), else
    the estimate's own 95% interval of that share.
    """
    if estimates is None or metric not in SENTIMENT:
        return None
    key = component_id or "_all"
    entry = estimates.entry(key)
    if not entry or entry.get(metric) is None:
        return None
    if metric == NET_SENTIMENT:
        low, high = entry.get("ci_low"), entry.get("ci_high")
    else:
        low, high = entry.get(f"{metric}_ci_low"), entry.get(f"{metric}_ci_high")
        found = getattr(estimates, "period", {}).get(key)
        if (low is None or high is None) and found is not None:
            low, high = found.interval(_OUTPUT[metric])
    if low is None or high is None or missing(low) or missing(high):
        return None
    return {
        "value": float(entry[metric]),
        "ci_low": float(low),
        "ci_high": float(high),
        "labelled_n": entry.get("labelled_n"),
        "method": entry.get("method"),
    }


def _sentiment_fields(metric: str, labelled: dict | None, automatic: float | None) -> dict:
    """A sentiment goal's basis: the labelled estimate (with its interval and n) or the
    automatic scores alone (unverified); nothing for another goal."""
    if metric not in SENTIMENT:
        return {}
    if labelled is None:
        return {"basis": "automatic scores (unverified)", "automatic": automatic}
    return {
        "basis": "estimate from human labels",
        "automatic": automatic,
        "ci_low": labelled["ci_low"],
        "ci_high": labelled["ci_high"],
        "labelled_n": labelled["labelled_n"],
        "method": labelled["method"],
    }


def _client_estimates(client: Client) -> estimating.ClientEstimates | None:
    from ..measure import sentiment

    scored = sentiment.score_client(client)
    return None if scored.empty else estimating.client_estimates(client, scored)


# --- helpers -----------------------------------------------------------------------------------


def _actual(client: Client, metric: str, component_id: str) -> float | None:
    value = metrics.metric_value(client, metric, client.period, component_id=component_id or None)
    if value is None or missing(value):
        return None
    return float(value)


def _known_metrics(client: Client) -> set[str]:
    observed = client.table("metrics")["metric"]
    return set(METRICS.known()) | {str(m) for m in observed if m}


def _measurable(line: dict, known: set[str]) -> bool:
    metric = str(line["metric"]).strip()
    return (
        bool(metric)
        and metric in known
        and not missing(line["target"])
        and not pd.isna(line["target_date"])
    )


def _names_goal(line: dict) -> bool:
    return (
        bool(str(line["goal"]).strip())
        or bool(str(line["metric"]).strip())
        or not missing(line["target"])
        or not pd.isna(line["target_date"])
    )


def _goal_name(line: dict) -> str:
    return str(line["goal"]).strip() or str(line["metric"]).strip() or str(line["objective"])


def _iso(value) -> str | None:
    if value is None or pd.isna(value):
        return None
    return pd.Timestamp(value).date().isoformat()


def _row(line: dict) -> int | None:
    value = line.get("_row")
    return None if value is None or pd.isna(value) else int(value)


def _whole(value: float | None) -> float | None:
    return None if value is None else float(round(value))


def _percent(share: float | None) -> float | None:
    return None if share is None else 100 * share


def _as_date(value) -> dt.date:
    if isinstance(value, pd.Timestamp | dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    return pd.Timestamp(value).date()


def _unique(values) -> list[str]:
    return list(dict.fromkeys(str(v) for v in values))


def _count(names: list[str], noun: str) -> str:
    return f"1 {noun} has" if len(names) == 1 else f"{len(names)} {noun}s have"
