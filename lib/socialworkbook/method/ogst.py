"""Objectives, goals, strategies and tactics of every component (04_action_plan).

A goal is measurable when it names a metric the kit knows (`catalogue.METRICS`) or one present
in the client's `metrics` table, a numeric target and a target date. Goal actuals come from
`metrics.metric_value` over the client's reporting period.
"""

from __future__ import annotations

import datetime as dt
import math

import pandas as pd

from .. import wording
from ..catalogue import METRICS, metric_kind
from ..measure.metrics import formulas as metrics
from ..model import Client
from ..periods import Period
from . import findings
from .findings import Finding

__all__ = [
    "cards",
    "headline",
    "attainment_rows",
    "attainment_headline",
    "goals_table",
    "pace_table",
    "closing_summary",
    "GOAL_STATUSES",
    "ogst_tree",
    "measurable",
    "completeness",
    "completeness_findings",
    "attainment",
    "elapsed_share",
    "goal_status",
    "goal_progress",
    "start_from_data",
]

GOAL_STATUSES: tuple[str, ...] = ("met", "on_track", "behind", "no_data")

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
                    "target": _number(line["target"]),
                    "target_date": _iso(line["target_date"]),
                    "baseline_value": _number(line["baseline_value"]),
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
            lines.append(("objective", "none yet: this component has no OGST line"))
        out.append({"title": node["component"], "badge": node["status"], "lines": lines})
    return out


def _goal_line(goal: dict, currency: str) -> str:
    measure = goal["metric_label"] or goal["metric"] or "no metric"
    target = (
        "no target"
        if goal["target"] is None
        else f"target {wording.measure(goal['target'], goal['metric'], currency=currency)}"
    )
    due = f"by {goal['target_date']}" if goal["target_date"] else "no date"
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


def attainment_rows(goals: list[dict]) -> pd.DataFrame:
    """Goals for `charts.attainment`: label (component: goal), attainment, status."""
    return pd.DataFrame(
        {
            "label": [f"{g['component']}: {g['goal'] or g['metric']}" for g in goals],
            "attainment": [g["attainment"] for g in goals],
            "status": [g["status"] for g in goals],
        },
        columns=["label", "attainment", "status"],
    ).astype({"attainment": "float64"})


def attainment_headline(goals: list[dict]) -> str:
    """The finding of the attainment chart: how many goals are met, on track, behind, unknown.

    A goal without data is counted apart from one whose actual is known but whose pace is not
    (no starting value).
    """
    if not goals:
        return "No goal has a metric and a numeric target yet"
    count = {s: sum(g["status"] == s for g in goals) for s in GOAL_STATUSES}
    no_actual = sum(g["status"] == "no_data" and g["actual"] is None for g in goals)
    text = (
        f"{count['met']} of {len(goals)} goals met, {count['on_track']} on track, "
        f"{count['behind']} behind"
    )
    if no_actual:
        text += f", {no_actual} without data"
    if count["no_data"] - no_actual:
        text += f", {count['no_data'] - no_actual} of unknown pace (no starting value)"
    return text


def _measure(goal: dict, key: str, currency: str) -> str:
    return wording.measure(goal[key], goal["metric"], currency=currency)


def goals_table(goals: list[dict], *, currency: str = "") -> pd.DataFrame:
    """Every goal for a reader: component, goal, metric (and its kind), target, actual,
    attainment, status, due; values written as their metric (`wording.measure`)."""
    return pd.DataFrame(
        {
            "component": [g["component"] for g in goals],
            "goal": [g["goal"] for g in goals],
            "metric": [f"{wording.name(g['metric'])} ({g['kind']})" for g in goals],
            "target": [_measure(g, "target", currency) for g in goals],
            "actual": [_measure(g, "actual", currency) for g in goals],
            "attainment %": [_percent(g["attainment"]) for g in goals],
            "status": [g["status"].replace("_", " ") for g in goals],
            "due": [g["target_date"] or "" for g in goals],
        }
    )


def pace_table(goals: list[dict], *, currency: str = "") -> pd.DataFrame:
    """The goals not met and due after their `as_of`, for a reader: where each started, how far
    toward its target it has come and how much of its time has gone (the pace behind on track)."""
    paced = [
        g
        for g in goals
        if g["status"] != "met"
        and g["actual"] is not None
        and (g["target_date"] or "") > g["as_of"]
    ]
    return pd.DataFrame(
        {
            "component": [g["component"] for g in paced],
            "goal": [g["goal"] for g in paced],
            "start": [_measure(g, "start_value", currency) for g in paced],
            "start from": [_START_WORDS.get(g["start_source"], g["start_source"]) for g in paced],
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


# How a reader sees where a goal's start came from.
_START_WORDS = {None: "none (pace unknown)", "baseline_value": "the goal's baseline value"}


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
                f"Add an OGST line for {name}: what should it achieve for the business?",
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
            if _missing(line["target"]):
                gap(rec, line, "no target", "Write the target as a number.")
            if pd.isna(line["target_date"]):
                gap(rec, line, "no target date", "Write the date by which the target is due.")
        if not any(str(line["strategy"]).strip() for line in lines):
            gap(
                rec,
                None,
                "no strategy",
                f"Write the strategy (how {name} will reach its goal) and its tactics.",
            )
    columns = ["component_id", "component", "goal", "gap", "fix", "row"]
    return pd.DataFrame(rows, columns=columns)


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
    line_gaps = gaps[gaps["row"].notna()]
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
                "Complete them in the OGST table, or drop the ones nobody will track.",
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
    if actual is None or _missing(actual) or _missing(target):
        return None
    if actual == target:
        return 1.0
    if lower_is_better:
        return target / actual if actual > 0 and target >= 0 else None
    return actual / target if target > 0 else None


def elapsed_share(start: dt.date, as_of: dt.date, due: dt.date) -> float:
    """The share of the time from `start` to `due` that has passed by `as_of`, in [0, 1].

    Days counted inclusively at both ends (a whole quarter of a half-year goal is 0.5); a due date
    on or before `start` counts as fully elapsed once reached.
    """
    if due <= start:
        return 1.0 if as_of >= due else 0.0
    share = ((as_of - start).days + 1) / ((due - start).days + 1)
    return min(1.0, max(0.0, share))


def goal_status(client: Client, as_of: dt.date | None = None) -> list[dict]:
    """The results.json `goals`: every OGST line with a metric and a numeric target, judged.

    actual: `metrics.metric_value` of the goal's metric for its component over the client's
    period: a stock's latest value, a flow's total over the period (a flow target is read as per
    period: compared with the period's flow, never with a running total or a pro-rated target), a
    level's mean (kinds from `catalogue.metric_kind`). attainment: actual / target, or target /
    actual where lower is better (see `attainment`). status: "no_data" without an actual;
    "met" when the actual reaches the target; "behind" when not and the target date (the period
    end for a goal without one) is on or before `as_of` (default: the period end); otherwise the
    pace: "on_track" when `progress` >= `elapsed_share`, else "behind", and "no_data" without a
    starting value. The start (`start_value`, `start_date`, `start_source`) is the goal's
    baseline_value at the period start, else the metric's first value in the data
    (`start_from_data`). progress = (actual - start) / (target - start), so a fall counts as
    progress where lower is better and a move away from the target is negative; None (behind)
    when the start already reached the target. elapsed_share runs from the start to the target
    date at `as_of`.
    """
    period = client.period
    today = _as_date(as_of) if as_of is not None else period.end
    eco = client.table("ecosystem")
    names = client.component_names()
    statuses = dict(zip(eco["component_id"], eco["status"], strict=True))
    goals = []
    for line in client.table("ogst").to_dict("records"):
        metric = str(line["metric"]).strip()
        if not metric or _missing(line["target"]):
            continue
        cid = line["component_id"]
        target = float(line["target"])
        lower = metric in METRICS.lower_is_better()
        actual = _actual(client, metric, cid)
        due = period.end if pd.isna(line["target_date"]) else line["target_date"].date()
        baseline_value = _number(line["baseline_value"])
        if baseline_value is not None:
            start = (baseline_value, period.start, "baseline_value")
        else:
            start = start_from_data(client, metric, component_id=cid or None)
        start_value, start_date, start_source = start or (None, None, None)
        share = elapsed_share(start_date or period.start, today, due)
        progress = None
        if actual is not None and start_value is not None:
            progress = goal_progress(start_value, actual, target, lower_is_better=lower)
        if actual is None:
            status = "no_data"
        elif (actual <= target) if lower else (actual >= target):
            status = "met"
        elif due <= today:
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
                "kind": metric_kind(metric),
                "target": target,
                "target_date": _iso(line["target_date"]),
                "baseline_value": baseline_value,
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
            }
        )
    return goals


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
    """The metric's first value in the data, as (value, start date, source), for a goal's pace.

    A stock: its value on the first day observed (`metrics.first_day`), which is the start. A
    flow or a level: its value over the first span of the data as long as the period; the start
    is the day after it. None when there is no such value before the period starts.
    """
    first = metrics.first_day(client, metric, component_id=component_id)
    if first is None:
        return None
    period = client.period
    if metric_kind(metric) == "stock":
        span, start = Period(first.isoformat(), first, first), first
    else:
        span = Period("first", first, first + dt.timedelta(days=period.days - 1))
        start = span.end + dt.timedelta(days=1)
    if span.end >= period.start:
        return None
    value = metrics.metric_value(client, metric, span, component_id=component_id)
    if value is None or _missing(value):
        return None
    return float(value), start, f"first value in the data ({_span_words(span)})"


# --- helpers -----------------------------------------------------------------------------------


def _actual(client: Client, metric: str, component_id: str) -> float | None:
    value = metrics.metric_value(client, metric, client.period, component_id=component_id or None)
    if value is None or _missing(value):
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
        and not _missing(line["target"])
        and not pd.isna(line["target_date"])
    )


def _names_goal(line: dict) -> bool:
    return (
        bool(str(line["goal"]).strip())
        or bool(str(line["metric"]).strip())
        or not _missing(line["target"])
        or not pd.isna(line["target_date"])
    )


def _goal_name(line: dict) -> str:
    return str(line["goal"]).strip() or str(line["metric"]).strip() or str(line["objective"])


def _missing(value) -> bool:
    if value is None:
        return True
    try:
        return math.isnan(float(value))
    except (TypeError, ValueError):
        return True


def _number(value) -> float | None:
    return None if _missing(value) else float(value)


def _iso(value) -> str | None:
    if value is None or pd.isna(value):
        return None
    return pd.Timestamp(value).date().isoformat()


def _row(line: dict) -> int | None:
    value = line.get("_row")
    return None if value is None or pd.isna(value) else int(value)


def _span_words(span: Period) -> str:
    if span.start == span.end:
        return span.start.isoformat()
    return f"{span.start.isoformat()} to {span.end.isoformat()}"


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
