"""The business-function framework (04_action_plan): objective -> social objective -> activities
-> metrics for each function in scope, traced to real numbers.
"""

from __future__ import annotations

import math

import pandas as pd

from .. import vocab, wording
from ..catalogue import METRICS, metric_kind
from ..measure.metrics import formulas as metrics
from ..model import Client
from . import ogst
from .ecosystem import function_components, functions_in_scope, label
from .ogst import goal_status

__all__ = ["FLAT_TOLERANCE", "function_chains", "chains_table", "shared_activities"]

# A change of at most this share of the larger value reads as "flat".
FLAT_TOLERANCE = 0.01

_FUNCTIONS = vocab.VOCABULARIES["business_functions"]


def function_chains(client: Client, *, as_of=None) -> pd.DataFrame:
    """One row per function in scope and metric: the chain and the metric's numbers.

    Columns: business_function, function (plain words), business_objective, social_objective,
    activities and components (joined with "; "), metric, metric_label, scope (the component the
    numbers are for, "" for the whole client), current (value in the period), baseline (value in
    the baseline period, else the goal's baseline_value), baseline_source, trend ("up", "down",
    "flat", "" when unknown), per_day (the trend of a flow compares per-day rates, because the
    days its data cover in the two spans differ by more than 5%: `metrics.unequal_days`),
    direction ("better", "worse", "same", ""), target, target_date, attainment, status,
    lower_is_better.

    Where an OGST goal names the metric on one of the function's components (any component when
    the function lists none), the row takes that goal's component as its scope and the goal's
    target, actual, attainment and status (from `ogst.goal_status`, judged at `as_of`). Otherwise
    the scope is the function's only component, or the whole client when it lists several or
    none. A function without metrics, or without a row in `functions`, gets one row with an
    empty metric, so the gap shows.
    """
    table = client.table("functions")
    goals = goal_status(client, as_of)
    names = client.component_names()
    rows = []
    for function in functions_in_scope(client):
        lines = table[table["business_function"] == function].to_dict("records") or [
            {"business_objective": "", "social_objective": "", "activities": (), "metrics": ()}
        ]
        for line in lines:
            components = tuple(line.get("components", ()) or ())
            head = {
                "business_function": function,
                "function": label(function),
                "business_objective": line["business_objective"],
                "social_objective": line["social_objective"],
                "activities": "; ".join(line["activities"] or ()),
                "components": "; ".join(names.get(c, c) for c in components),
            }
            chain_metrics = tuple(line["metrics"] or ()) or ("",)
            for metric in chain_metrics:
                rows.append(head | _numbers(client, metric, components, goals))
    columns = [
        "business_function",
        "function",
        "business_objective",
        "social_objective",
        "activities",
        "components",
        "metric",
        "metric_label",
        "scope",
        "current",
        "baseline",
        "baseline_source",
        "trend",
        "per_day",
        "direction",
        "target",
        "target_date",
        "attainment",
        "status",
        "lower_is_better",
    ]
    frame = pd.DataFrame(rows, columns=columns)
    for column in ("current", "baseline", "target", "attainment"):
        frame[column] = pd.to_numeric(frame[column]).astype("float64")
    return frame


def chains_table(client: Client) -> pd.DataFrame:
    """`function_chains` for a reader: the chain in words, each metric now, its trend against the
    baseline, its target and attainment where an OGST goal names it."""
    chains = function_chains(client)
    if chains.empty:
        return pd.DataFrame()
    table = pd.DataFrame(
        {
            "function": chains["function"],
            "business objective": chains["business_objective"],
            "social objective": chains["social_objective"],
            "activities": chains["activities"],
            "metric": chains["metric_label"].where(chains["metric_label"] != "", chains["metric"]),
            "now": [
                wording.measure(v, m, currency=client.config.currency, blank="n/a" if m else "")
                for v, m in zip(chains["current"], chains["metric"], strict=True)
            ],
            "trend": chains["trend"].fillna("")
            + chains["per_day"].map(lambda p: " per day" if p else "")
            + " "
            + chains["direction"].fillna("").map(lambda d: f"({d})" if d else ""),
            "target": [
                wording.measure(v, m, currency=client.config.currency, blank="")
                for v, m in zip(chains["target"], chains["metric"], strict=True)
            ],
            # none shown for a goal not yet judged (`ogst.shown_attainment`)
            "attainment %": (
                100
                * pd.to_numeric(chains["attainment"], errors="coerce").where(
                    chains["status"] != "unverified"
                )
            ).round(),  # whole, as the goals chart says it
            "status": chains["status"].fillna("").map(lambda s: ogst.STATUS_WORDS.get(s, s)),
        }
    )
    # The chain is written once per function; its further rows list only the other metrics.
    repeat = table["function"].eq(table["function"].shift())
    chain = ["function", "business objective", "social objective", "activities"]
    table.loc[repeat, chain] = ""
    return table.reset_index(drop=True)


def shared_activities(client: Client) -> pd.DataFrame:
    """Activities and components that serve more than one business function.

    Activities come from `functions` (matched ignoring case and spacing; shown as first written),
    with the components the sharing functions list. Components are those, not retired, that serve
    two or more functions (`ecosystem.function_components`). Columns: kind ("activity" or
    "component"), name, functions (plain words, "; "), n_functions, components ("; ").
    Activities first, then components; most shared first.
    """
    table = client.table("functions")
    names = client.component_names()
    activities: dict[str, dict] = {}
    for line in table.to_dict("records"):
        for activity in line["activities"] or ():
            key = " ".join(str(activity).lower().split())
            if not key:
                continue
            entry = activities.setdefault(
                key, {"name": str(activity).strip(), "functions": set(), "components": []}
            )
            entry["functions"].add(line["business_function"])
            for cid in line.get("components", ()) or ():
                if cid not in entry["components"]:
                    entry["components"].append(cid)
    rows = []
    for entry in activities.values():
        if len(entry["functions"]) > 1:
            rows.append(
                {
                    "kind": "activity",
                    "name": entry["name"],
                    "functions": _functions(entry["functions"]),
                    "n_functions": len(entry["functions"]),
                    "components": "; ".join(names.get(c, c) for c in entry["components"]),
                }
            )
    eco = client.table("ecosystem")
    current = set(eco.loc[eco["status"] != "retired", "component_id"])
    served: dict[str, set[str]] = {}
    for function, cids in function_components(client).items():
        for cid in cids:
            if cid in current:
                served.setdefault(cid, set()).add(function)
    for cid in eco["component_id"]:
        functions = served.get(cid, set())
        if len(functions) > 1:
            rows.append(
                {
                    "kind": "component",
                    "name": names.get(cid, cid),
                    "functions": _functions(functions),
                    "n_functions": len(functions),
                    "components": names.get(cid, cid),
                }
            )
    frame = pd.DataFrame(rows, columns=["kind", "name", "functions", "n_functions", "components"])
    if frame.empty:
        return frame
    frame["_kind"] = frame["kind"].map({"activity": 0, "component": 1})
    frame = frame.sort_values(["_kind", "n_functions"], ascending=[True, False], kind="stable")
    return frame.drop(columns="_kind").reset_index(drop=True).astype({"n_functions": "int64"})


# --- helpers -----------------------------------------------------------------------------------


def _numbers(client: Client, metric: str, components: tuple[str, ...], goals: list[dict]) -> dict:
    empty = {
        "metric": metric,
        "metric_label": wording.name(metric) if metric else "",
        "scope": "",
        "current": math.nan,
        "baseline": math.nan,
        "baseline_source": "",
        "trend": "",
        "per_day": False,
        "direction": "",
        "target": math.nan,
        "target_date": None,
        "attainment": math.nan,
        "status": "",
        "lower_is_better": metric in METRICS.lower_is_better(),
    }
    if not metric:
        return empty
    goal = next(
        (
            g
            for g in goals
            if g["metric"] == metric and (not components or g["component_id"] in components)
        ),
        None,
    )
    if goal is not None:
        scope = goal["component_id"]
        current = goal["actual"]
    else:
        scope = components[0] if len(components) == 1 else ""
        current = _value(client, metric, client.period, scope)
    baseline, source = None, ""
    if client.baseline is not None:
        baseline = _value(client, metric, client.baseline, scope)
        source = "baseline period" if baseline is not None else ""
    if baseline is None and goal is not None and goal["baseline_value"] is not None:
        baseline, source = goal["baseline_value"], "goal baseline_value"
    days = (
        metrics.unequal_days(client, metrics.source_table(metric))
        if source == "baseline period"
        else None
    )
    per_day = days is not None and metric_kind(metric) == "flow"
    if per_day:  # totals over different covered days compare per day (CONTRACT 3, 5)
        trend = _trend(
            None if current is None else current / days[1],
            baseline / days[0],
        )
    else:
        trend = _trend(current, baseline)
    lower = metric in METRICS.lower_is_better()
    direction = {"flat": "same", "": ""}.get(trend)
    if direction is None:
        direction = "better" if (trend == "up") != lower else "worse"
    return empty | {
        "scope": scope,
        "current": _nan(current),
        "baseline": _nan(baseline),
        "baseline_source": source,
        "trend": trend,
        "per_day": per_day,
        "direction": direction,
        "target": _nan(goal["target"]) if goal else math.nan,
        "target_date": goal["target_date"] if goal else None,
        "attainment": _nan(goal["attainment"]) if goal else math.nan,
        "status": goal["status"] if goal else "",
    }


def _value(client: Client, metric: str, span, scope: str) -> float | None:
    value = metrics.metric_value(client, metric, span, component_id=scope or None)
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    return float(value)


def _trend(current: float | None, baseline: float | None) -> str:
    if current is None or baseline is None:
        return ""
    if abs(current - baseline) <= FLAT_TOLERANCE * max(abs(current), abs(baseline)):
        return "flat"
    return "up" if current > baseline else "down"


def _nan(value) -> float:
    return math.nan if value is None else float(value)


def _functions(functions: set[str]) -> str:
    ordered = sorted(functions, key=lambda f: (_FUNCTIONS.index(f) if f in _FUNCTIONS else 99, f))
    return "; ".join(label(f) for f in ordered)
