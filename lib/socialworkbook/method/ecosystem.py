"""The social ecosystem map (01_ecosystem_map): inventory, value continuum, coverage, graph, gaps.

Component statuses: the inventory and `summary` list every component (retired included, counted
apart in `by_status`); the continuum, the matrices and the graph show active and planned components
(planned marked as such); the gap rules count only active components, because a planned component
does not serve anyone yet.
"""

from __future__ import annotations

import math

import networkx as nx
import numpy as np
import pandas as pd

from .. import vocab, wording
from ..catalogue import ACTIVE_MEMBERS
from ..model import Client
from ..ranking import leaders
from . import findings
from .findings import Finding

__all__ = [
    "label",
    "functions_in_scope",
    "function_components",
    "inventory",
    "summary",
    "continuum_placement",
    "ecosystem_graph",
    "ecosystem_findings",
    "headlines",
    "inventory_table",
    "closing_summary",
    "CONTINUUM",
    "CROWDED_SHARE",
]

_STAGES = vocab.VOCABULARIES["continuum_stage"]
# The value continuum in order, from insight (social CRM) to mass market.
CONTINUUM: list[str] = list(_STAGES)
_TYPES = vocab.VOCABULARIES["component_type"]
_FUNCTIONS = vocab.VOCABULARIES["business_functions"]
_LIFECYCLE = vocab.VOCABULARIES["lifecycle_stages"]
_STATUSES = vocab.VOCABULARIES["status"]

# Share of active components at the mass-market end from which, with no social CRM, it is crowded.
CROWDED_SHARE = 0.5

# Width of the band a continuum stage occupies on the x axis (stage centres are 1 apart).
_STAGE_BAND = 0.6

# Metrics (in `metrics`) that give a component's audience size, in order of preference.
_SIZE_METRICS = ("followers", "members", ACTIVE_MEMBERS)

_NOTEBOOK = "01_ecosystem_map"


def label(value: str) -> str:
    """A vocabulary slug in plain words: "customer_service" -> "customer service", "hr" -> "HR"."""
    return wording.name(value)


def functions_in_scope(client: Client) -> tuple[str, ...]:
    """The business functions in scope, in vocabulary order.

    Those in the `functions` table; when the client has no `functions` table, every function any
    component (of any status) names.
    """
    table = client.table("functions")
    if len(table):
        named = set(table["business_function"])
    else:
        named = {f for fs in client.table("ecosystem")["business_functions"] for f in _tuple(fs)}
    return _ordered(named, _FUNCTIONS)


def function_components(client: Client) -> dict[str, tuple[str, ...]]:
    """For each business function, the components serving it (every status), in ecosystem order.

    A component serves a function when it lists the function in `business_functions` or when the
    function's row in `functions` lists the component in `components`.
    """
    eco = client.table("ecosystem")
    serving: dict[str, set[str]] = {}
    for cid, fs in zip(eco["component_id"], eco["business_functions"], strict=True):
        for function in _tuple(fs):
            serving.setdefault(function, set()).add(cid)
    table = client.table("functions")
    for function, cids in zip(table["business_function"], table["components"], strict=True):
        serving.setdefault(function, set()).update(_tuple(cids))
    order = list(eco["component_id"])
    return {
        f: tuple(sorted(cids, key=lambda c: order.index(c) if c in order else len(order)))
        for f, cids in serving.items()
    }


def inventory(client: Client) -> pd.DataFrame:
    """Every component in plain words, grouped by type (then continuum stage, then name).

    Index: component_id. Multi-valued cells are joined with ", "; a missing owner reads
    "(no owner)".
    """
    eco = client.table("ecosystem")
    rows = []
    for rec in eco.to_dict("records"):
        rows.append(
            {
                "component_id": rec["component_id"],
                "component_type": label(rec["component_type"]),
                "name": rec["name"],
                "platform": rec.get("platform", ""),
                "continuum_stage": label(rec["continuum_stage"]),
                "purposes": _join(rec["purposes"]),
                "owner": rec["owner"] or "(no owner)",
                "status": rec["status"] or "active",
                "audience": _join(rec["audience"]),
                "business_functions": _join(rec["business_functions"]),
                "lifecycle_stages": _join(rec["lifecycle_stages"]),
                "url": rec.get("url", ""),
                "_type": _rank(rec["component_type"], _TYPES),
                "_stage": _rank(rec["continuum_stage"], _STAGES),
            }
        )
    columns = [
        "component_type",
        "name",
        "platform",
        "continuum_stage",
        "purposes",
        "owner",
        "status",
        "audience",
        "business_functions",
        "lifecycle_stages",
        "url",
    ]
    if not rows:
        return pd.DataFrame(columns=columns, index=pd.Index([], name="component_id"))
    frame = pd.DataFrame(rows).sort_values(["_type", "_stage", "name"], kind="stable")
    return frame.set_index("component_id")[columns]


def summary(client: Client) -> dict:
    """The results.json `ecosystem` entry: counts of every listed component (retired included).

    `components` counts every row of `ecosystem`; `by_type` and `by_continuum_stage` count the same
    components (every vocabulary value present, zeros included, in vocabulary order);
    `by_status` tells active, planned and retired apart; `active` repeats the active count.
    """
    eco = client.table("ecosystem")
    status = eco["status"].replace("", "active") if len(eco) else eco["status"]
    return {
        "components": int(len(eco)),
        "active": int((status == "active").sum()),
        "by_type": _counts(eco["component_type"], _TYPES),
        "by_continuum_stage": _counts(eco["continuum_stage"], _STAGES),
        "by_status": _counts(status, _STATUSES),
    }


def continuum_placement(client: Client) -> pd.DataFrame:
    """Active and planned components placed on the value continuum, ready for a scatter chart.

    Columns: component_id, name, component_type, continuum_stage, stage_index (0 = social_crm ..
    3 = mass_market), offset, position (stage_index + offset: the x of a chart), lane (the
    component type's place in vocabulary order: a y for charts), purpose (the first purpose
    listed, "" when none), size (audience size or NaN), size_source (where size came from),
    status.

    Components of one stage are spread evenly across a band of 0.6 around the stage centre, ordered
    by type then name, so they never overlap and the placement is the same on every run. Size is the
    latest `followers` of the component's posts up to the period end, else its latest `followers`,
    `members` or `active_members` value in `metrics` up to the period end; NaN (use a default size)
    when neither exists.
    """
    eco = client.table("ecosystem")
    eco = eco[eco["status"].isin(["active", "planned", ""])]
    columns = [
        "component_id",
        "name",
        "component_type",
        "continuum_stage",
        "stage_index",
        "offset",
        "position",
        "lane",
        "purpose",
        "size",
        "size_source",
        "status",
    ]
    if eco.empty:
        return pd.DataFrame(columns=columns)
    sizes = _sizes(client)
    rows = []
    for rec in eco.to_dict("records"):
        size, source = sizes.get(rec["component_id"], (math.nan, ""))
        purposes = _tuple(rec["purposes"])
        rows.append(
            {
                "component_id": rec["component_id"],
                "name": rec["name"],
                "component_type": rec["component_type"],
                "continuum_stage": rec["continuum_stage"],
                "stage_index": _rank(rec["continuum_stage"], _STAGES),
                "lane": _rank(rec["component_type"], _TYPES),
                "purpose": purposes[0] if purposes else "",
                "size": size,
                "size_source": source,
                "status": rec["status"] or "active",
            }
        )
    frame = pd.DataFrame(rows).sort_values(
        ["stage_index", "lane", "name", "component_id"], kind="stable"
    )
    frame["offset"] = frame.groupby("stage_index")["component_id"].transform(_spread)
    frame["position"] = frame["stage_index"] + frame["offset"]
    frame["size"] = frame["size"].astype("float64")
    return frame[columns].reset_index(drop=True)


def ecosystem_graph(client: Client) -> nx.Graph:
    """The ecosystem as a graph: components linked to the functions and lifecycle stages they serve.

    Nodes are "component:<id>", "function:<slug>" and "stage:<slug>", each with `kind`
    ("component", "function", "stage" (a lifecycle stage)) and `label`; components also carry
    component_type, continuum_stage, status and purpose. Edges carry the component's `status`
    (draw planned ones dashed). Every function in scope and every lifecycle stage is a node even
    when nothing serves it, so gaps show as unconnected nodes. Retired components are left out.
    """
    eco = _current(client)
    serving = function_components(client)
    graph = nx.Graph(client=client.slug)
    functions = _ordered(set(functions_in_scope(client)) | _served(eco, serving), _FUNCTIONS)
    for function in functions:
        graph.add_node(f"function:{function}", kind="function", label=label(function))
    for stage in _LIFECYCLE:
        graph.add_node(f"stage:{stage}", kind="stage", label=label(stage))
    for rec in eco.to_dict("records"):
        purposes = _tuple(rec["purposes"])
        graph.add_node(
            f"component:{rec['component_id']}",
            kind="component",
            label=rec["name"],
            component_type=rec["component_type"],
            continuum_stage=rec["continuum_stage"],
            status=rec["status"] or "active",
            purpose=purposes[0] if purposes else "",
        )
    status = dict(zip(eco["component_id"], eco["status"], strict=True))
    for function in functions:
        for cid in serving.get(function, ()):
            if cid in status:
                graph.add_edge(
                    f"component:{cid}", f"function:{function}", status=status[cid] or "active"
                )
    for cid, stages in zip(eco["component_id"], eco["lifecycle_stages"], strict=True):
        for stage in _tuple(stages):
            if stage in _LIFECYCLE:
                graph.add_edge(f"component:{cid}", f"stage:{stage}", status=status[cid] or "active")
    return graph


def inventory_table(client: Client) -> pd.DataFrame:
    """`inventory` for a reader: who owns what, for whom, serving which functions (as
    `function_components` counts them: named by the component or by the functions table) and
    stages."""
    frame = inventory(client)
    serving = function_components(client)
    functions = {
        cid: ", ".join(
            label(f)
            for f in _ordered({f for f, cids in serving.items() if cid in cids}, _FUNCTIONS)
        )
        for cid in frame.index
    }
    return pd.DataFrame(
        {
            "type": frame["component_type"],
            "component": frame["name"],
            "purposes": frame["purposes"],
            "owner": frame["owner"],
            "status": frame["status"],
            "audience": frame["audience"],
            "business functions": [functions[cid] for cid in frame.index],
            "lifecycle stages": frame["lifecycle_stages"],
        }
    ).reset_index(drop=True)


def closing_summary(client: Client, found: list[Finding]) -> str:
    """The closing paragraph: the shape of the ecosystem and its most important gaps."""
    lines = headlines(client)
    text = f"{lines['inventory']} {lines['continuum']}."
    high = [f for f in found if f.severity == "high"]
    if not found:
        return text + " The map shows no gap: every rule of the method is met."
    first = (high or found)[0]
    return (
        text + f" The map shows {len(found)} gap{'s' if len(found) != 1 else ''}"
        f" ({len(high)} high). First to close: {first.text} {first.recommendation}"
    )


def headlines(client: Client) -> dict[str, str]:
    """One plain sentence per view of the map, each stating what the view shows for this client.

    Keys: inventory, continuum, functions, lifecycle, diagram. Client names appear as written
    (the caller escapes them when rendering).
    """
    eco = client.table("ecosystem")
    status = eco["status"].replace("", "active")
    active = eco[status == "active"]
    n = len(active)
    planned, retired = int((status == "planned").sum()), int((status == "retired").sum())
    types = active["component_type"].nunique()
    inventory_line = (
        f"{client.config.name} runs {n} active social component{'s' if n != 1 else ''} "
        f"of {types} type{'s' if types != 1 else ''}, with {planned} planned and {retired} retired."
    )
    stages = _counts(active["continuum_stage"], _STAGES)
    empty = [label(s) for s, k in stages.items() if k == 0]
    crowded = [label(s) for s in leaders(stages)]
    most = max(stages.values())
    if not n:
        continuum_line = "No active component sits anywhere on the value continuum yet"
    elif empty:
        where = (
            f"the {crowded[0]} stage"
            if len(crowded) == 1
            else f"each of the {wording.listing(crowded, limit=5)} stages"
        )
        continuum_line = (
            f"{most} of {n} active components sit at {where}; "
            f"nothing active at {wording.listing(empty, limit=5)}"
        )
    elif len(crowded) == 1:
        continuum_line = (
            f"Active components cover all four stages of the continuum; the most ({most}) "
            f"at {crowded[0]}"
        )
    else:
        continuum_line = (
            "Active components cover all four stages of the continuum; "
            f"{wording.listing(crowded, limit=5)} tie for the most ({most} each)"
        )
    serving = function_components(client)
    active_ids = set(active["component_id"])
    in_scope = functions_in_scope(client) or tuple(serving)
    served = {f: len(active_ids & set(serving.get(f, ()))) for f in in_scope}
    unserved = [label(f) for f, k in served.items() if k == 0]
    if served:
        top = [label(f) for f in leaders(served)]
        most = max(served.values())
        served_by = f"{most} active component{'s' if most != 1 else ''}"
        functions_line = (
            f"{_cap(top[0])} is served by {served_by}"
            if len(top) == 1
            else f"{_cap(wording.listing(top, limit=5))} are each served by {served_by}"
        ) + (
            f"; {wording.listing(unserved, limit=5)} by none yet"
            if unserved
            else "; every function in scope is served"
        )
    else:
        functions_line = "No business function is in scope yet"
    per_stage = {s: sum(s in _tuple(v) for v in active["lifecycle_stages"]) for s in _LIFECYCLE}
    gaps = [s for s, k in per_stage.items() if k == 0]
    counts = ", ".join(f"{k} at {s}" for s, k in per_stage.items())
    lifecycle_line = f"Active components serving each lifecycle stage: {counts}" + (
        f"; none serves {wording.listing(gaps, limit=5)}" if gaps else "; every stage is served"
    )
    # connections as the table and the diagram count them: functions named by the component
    # or by the functions table (`function_components`), and lifecycle stages
    reach = {
        cid: sum(cid in cids for cids in serving.values())
        + sum(s in _LIFECYCLE for s in _tuple(stages))
        for cid, stages in zip(active["component_id"], active["lifecycle_stages"], strict=True)
    }
    names = client.component_names()
    multi = sum(sum(cid in cids for cids in serving.values()) > 1 for cid in active_ids)
    if reach:
        hubs = [names[cid] for cid in leaders(reach)]
        most = max(reach.values())
        diagram_line = (
            f"{multi} of {n} active components serve more than one business function; "
            + (
                f"{hubs[0]} connects the most ({most} functions and stages)"
                if len(hubs) == 1
                else f"{wording.listing(hubs, limit=5)} tie for the most connections "
                f"({most} functions and stages each)"
            )
        )
    else:
        diagram_line = "No active component connects functions and stages yet"
    return {
        "inventory": inventory_line,
        "continuum": continuum_line,
        "functions": functions_line,
        "lifecycle": lifecycle_line,
        "diagram": diagram_line,
    }


@findings.producer("01_ecosystem_map")
def ecosystem_findings(client: Client) -> list[Finding]:
    """The gaps of the ecosystem map, each rule computed from the data (see the module docstring).

    Rules: no listening post; a function in scope with no active component; a lifecycle stage with
    no active component; every active component at one stage of the continuum, or none at the
    insight end (social CRM or collaboration); active or planned components without an owner;
    retired components still carrying goals in `ogst`.
    """
    eco = client.table("ecosystem")
    active = eco[eco["status"].isin(["active", ""])]
    names = client.component_names()
    found: list[Finding] = []
    found += _listening_findings(active)
    found += _function_findings(client, active, names)
    found += _lifecycle_findings(client, active)
    found += _continuum_findings(active)
    found += _owner_findings(eco)
    found += _retired_goal_findings(client, eco)
    return found


# --- gap rules ---------------------------------------------------------------------------------


def _listening_findings(active: pd.DataFrame) -> list[Finding]:
    listens = active["purposes"].map(lambda p: "listening" in _tuple(p)) | active[
        "component_type"
    ].isin(["listening_tool", "social_crm"])
    if listens.any():
        return []
    return [
        Finding(
            "no-listening-post",
            "high",
            "No active component listens to customers: the client has no listening post "
            "close to the voice of the customer.",
            "Set up a listening post: a listening tool or social CRM, or give an existing "
            "community the listening purpose and someone to report what it hears.",
            _NOTEBOOK,
        )
    ]


def _function_findings(client: Client, active: pd.DataFrame, names: dict) -> list[Finding]:
    serving = function_components(client)
    active_ids = set(active["component_id"])
    found = []
    for function in functions_in_scope(client):
        cids = serving.get(function, ())
        if any(c in active_ids for c in cids):
            continue
        others = [c for c in cids if c in names and c not in active_ids]
        if others:
            text = (
                f"{_cap(label(function))} is in scope but no active component serves it "
                f"({wording.listing([names[c] for c in others], limit=5)} "
                f"{'is' if len(others) == 1 else 'are'} planned or retired)."
            )
            severity = "medium"
        else:
            text = (
                f"{_cap(label(function))} is in scope but no component of the ecosystem serves it."
            )
            severity = "high"
        found.append(
            Finding(
                f"no-component-for-function:{function}",
                severity,
                text,
                f"Give {label(function)} a component (or extend an existing one) with an owner "
                "and a goal.",
                _NOTEBOOK,
            )
        )
    return found


def _lifecycle_findings(client: Client, active: pd.DataFrame) -> list[Finding]:
    served = {s for stages in active["lifecycle_stages"] for s in _tuple(stages)}
    found = []
    for stage in _LIFECYCLE:
        if stage in served:
            continue
        found.append(
            Finding(
                f"no-component-for-stage:{stage}",
                "medium",
                f"No active component serves customers at the {stage} stage of the lifecycle.",
                f"Decide which component should support {stage} and add that stage to its role.",
                _NOTEBOOK,
            )
        )
    return found


def _continuum_findings(active: pd.DataFrame) -> list[Finding]:
    stages = set(active["continuum_stage"])
    n = len(active)
    if n == 0:
        return []
    if len(stages) == 1:
        stage = next(iter(stages))
        what = {
            "mass_market": "the client shares content but has no insight capability "
            "(social CRM) and no collaboration space",
            "social_crm": "the client gathers insight but has no community or reach to act on it",
        }.get(stage, "the rest of the continuum is empty")
        every = "The only active component sits" if n == 1 else f"All {n} active components sit"
        return [
            Finding(
                f"continuum-one-stage:{stage}",
                "high" if stage == "mass_market" else "medium",
                f"{every} at the {label(stage)} stage of the value continuum: {what}.",
                "Plan a component for the empty end of the continuum (insight or community), "
                "so value does not rest on one kind of tool.",
                _NOTEBOOK,
            )
        ]
    if not stages & {"social_crm", "collaboration"}:
        return [
            Finding(
                "no-insight-capability",
                "medium",
                "No active component sits at the insight end of the value continuum "
                "(social CRM or collaboration): the client reaches people but learns little "
                "from them.",
                "Add a social CRM or collaboration component that turns conversations into "
                "customer insight.",
                _NOTEBOOK,
            )
        ]
    at_mass_market = int((active["continuum_stage"] == "mass_market").sum())
    if "social_crm" not in stages and at_mass_market / n >= CROWDED_SHARE:
        return [
            Finding(
                "continuum-crowded:mass_market",
                "medium",
                f"{at_mass_market} of {n} active components crowd the mass-market end of the value "
                "continuum and none works at the social CRM end: the client broadcasts far more "
                "than it learns about its customers.",
                "Move effort toward the insight end: a listening or social CRM component that "
                "feeds what customers say back to the business.",
                _NOTEBOOK,
            )
        ]
    return []


def _owner_findings(eco: pd.DataFrame) -> list[Finding]:
    current = eco[eco["status"].isin(["active", "planned", ""])]
    orphans = current[current["owner"].map(lambda o: not str(o).strip())]
    if orphans.empty:
        return []
    n = len(orphans)
    subject = "component has" if n == 1 else "components have"
    return [
        Finding(
            "components-without-owner",
            "medium",
            f"{n} {subject} no owner: {wording.listing(list(orphans['name']), limit=5)}.",
            "Name one accountable owner for each of them.",
            _NOTEBOOK,
        )
    ]


def _retired_goal_findings(client: Client, eco: pd.DataFrame) -> list[Finding]:
    retired = set(eco.loc[eco["status"] == "retired", "component_id"])
    ogst = client.table("ogst")
    if not retired or ogst.empty:
        return []
    has_goal = ogst["goal"].map(lambda g: bool(str(g).strip())) | ogst["metric"].map(
        lambda m: bool(str(m).strip())
    )
    carrying = ogst[has_goal & ogst["component_id"].isin(retired)]
    if carrying.empty:
        return []
    cids = list(dict.fromkeys(carrying["component_id"]))
    names = client.component_names()
    n_goals = len(carrying)
    return [
        Finding(
            "retired-components-with-goals",
            "medium",
            f"{n_goals} goal{'s' if n_goals != 1 else ''} still "
            f"{'sit' if n_goals != 1 else 'sits'} on retired "
            f"component{'s' if len(cids) != 1 else ''} "
            f"{wording.listing([names[c] for c in cids], limit=5)}.",
            "Move these goals to the component that took over, or close them in the action plan.",
            _NOTEBOOK,
        )
    ]


# --- helpers -----------------------------------------------------------------------------------


def _tuple(value) -> tuple[str, ...]:
    if isinstance(value, tuple | list):
        return tuple(value)
    if isinstance(value, str) and value.strip():
        return tuple(v.strip() for v in value.split(";") if v.strip())
    return ()


def _join(value) -> str:
    return ", ".join(label(v) for v in _tuple(value))


def _rank(value: str, order: tuple[str, ...]) -> int:
    return order.index(value) if value in order else len(order)


def _ordered(values, order: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(sorted(set(values), key=lambda v: (_rank(v, order), v)))


def _counts(values: pd.Series, order: tuple[str, ...]) -> dict[str, int]:
    counts = {key: 0 for key in order}
    for value in values:
        if value:
            counts[value] = counts.get(value, 0) + 1
    return counts


def _current(client: Client) -> pd.DataFrame:
    eco = client.table("ecosystem")
    return eco[eco["status"].isin(["active", "planned", ""])]


def _served(eco: pd.DataFrame, serving: dict[str, tuple[str, ...]]) -> set[str]:
    ids = set(eco["component_id"])
    return {f for f, cids in serving.items() if ids & set(cids)}


def _spread(ids: pd.Series) -> pd.Series:
    n = len(ids)
    offsets = np.zeros(n) if n == 1 else np.linspace(-_STAGE_BAND / 2, _STAGE_BAND / 2, n)
    return pd.Series(offsets, index=ids.index)


def _sizes(client: Client) -> dict[str, tuple[float, str]]:
    end = pd.Timestamp(client.period.end)
    sizes: dict[str, tuple[float, str]] = {}
    metrics = client.table("metrics")
    if len(metrics):
        known = metrics[
            metrics["metric"].isin(_SIZE_METRICS)
            & (metrics["date"].dt.normalize() <= end)
            & metrics["value"].notna()
            & (metrics["component_id"] != "")
        ]
        for metric in reversed(_SIZE_METRICS):  # preferred metrics overwrite the others
            rows = known[known["metric"] == metric].sort_values("date", kind="stable")
            for cid, value in rows.groupby("component_id")["value"].last().items():
                sizes[cid] = (float(value), f"metrics: {metric}")
    posts = client.table("posts")
    if "followers" in posts and len(posts):
        rows = posts[(posts["published_at"].dt.normalize() <= end) & (posts["followers"] > 0)]
        rows = rows.sort_values("published_at", kind="stable")
        for cid, value in rows.groupby("component_id")["followers"].last().items():
            sizes[cid] = (float(value), "posts: followers")
    return sizes


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]
