"""Where the ecosystem diagram's boxes sit (`charts.network` draws them): three columns, ordered so
that as few lines cross as can be found.
"""

from __future__ import annotations

import networkx as nx
import numpy as np

from .. import vocab

__all__ = ["graph_layout", "layout_crossings"]

_STAGES = vocab.VOCABULARIES["continuum_stage"]
_FUNCTIONS = vocab.VOCABULARIES["business_functions"]
_LIFECYCLE = vocab.VOCABULARIES["lifecycle_stages"]


def _rank(value: str, order) -> int:
    return order.index(value) if value in order else len(order)


def graph_layout(graph: nx.Graph) -> dict[str, tuple[float, float]]:
    """Positions for `ecosystem_graph`: functions left, components in the middle, stages right.

    Deterministic (no randomness). Stages keep the customer lifecycle's order, top to bottom or,
    where that crosses fewer lines, bottom to top (ties: top to bottom); components and
    functions are ordered to cross as few lines as can be found: components by the mean
    position of the functions and stages they serve, functions by the mean position of their
    components, in turn, keeping the order with the fewest crossings (ties: continuum stage,
    then name); then each column's best order given its neighbours', found exactly
    (`_fewest_crossings`), in turn while that removes crossings; then neighbours swapped while
    that removes crossings. y runs from 1 (top) to 0 (bottom) in each column.
    """
    columns: dict[str, list[str]] = {"function": [], "component": [], "stage": []}
    for node, data in graph.nodes(data=True):
        kind = data.get("kind", "component")
        columns.get(kind, columns["component"]).append(node)
    columns["function"].sort(key=lambda n: (_rank(n.split(":", 1)[-1], _FUNCTIONS), n))
    columns["stage"].sort(key=lambda n: (_rank(n.split(":", 1)[-1], _LIFECYCLE), n))

    def spread(nodes: list[str]) -> dict[str, float]:  # places scaled to 0..1: columns meet
        return {n: i / max(len(nodes) - 1, 1) for i, n in enumerate(nodes)}

    def by_neighbours(nodes: list[str], around: dict[str, float]) -> list[str]:
        def key(node: str) -> tuple:
            near, data = (
                [around[m] for m in graph.neighbors(node) if m in around],
                graph.nodes[node],
            )
            stage = _rank(data.get("continuum_stage", ""), _STAGES)
            return (
                float(np.mean(near)) if near else 2.0,
                stage,
                str(data.get("label", node)),
                node,
            )

        return sorted(nodes, key=key)

    def ordered(stages: list[str]) -> tuple[int, list[str], list[str]]:
        """The functions and components in their order of fewest crossings beside `stages`."""
        functions = list(columns["function"])
        components = by_neighbours(columns["component"], spread(functions))
        best = (layout_crossings(graph, [functions, components, stages]), functions, components)
        for _ in range(6):
            components = by_neighbours(components, spread(functions) | spread(stages))
            functions = by_neighbours(functions, spread(components))
            crossings = layout_crossings(graph, [functions, components, stages])
            if crossings < best[0]:
                best = (crossings, functions, components)
        _, functions, components = best
        for _ in range(4):  # each column in turn in its best order given its neighbours' (exact)
            components = _fewest_crossings(graph, components, [functions, stages])
            functions = _fewest_crossings(graph, functions, [components])
            crossings = layout_crossings(graph, [functions, components, stages])
            if crossings >= best[0]:
                break
            best = (crossings, functions, components)
        _, functions, components = best
        improved = True
        while improved:  # then swap neighbours while a swap crosses fewer lines
            improved = False
            for column in (functions, components):
                for i in range(len(column) - 1):
                    before = layout_crossings(graph, [functions, components, stages])
                    column[i], column[i + 1] = column[i + 1], column[i]
                    if layout_crossings(graph, [functions, components, stages]) < before:
                        improved = True
                    else:
                        column[i], column[i + 1] = column[i + 1], column[i]
        return layout_crossings(graph, [functions, components, stages]), functions, components

    # the lifecycle read top to bottom, or bottom to top where that crosses fewer lines
    down, up = columns["stage"], columns["stage"][::-1]
    (_, functions, components), stages = min(
        (ordered(down), down), (ordered(up), up), key=lambda found: found[0][0]
    )
    columns["stage"] = stages
    columns["function"], columns["component"] = functions, components
    positions: dict[str, tuple[float, float]] = {}
    for x, kind in enumerate(("function", "component", "stage")):
        nodes = columns[kind]
        for i, node in enumerate(nodes):
            y = 0.5 if len(nodes) == 1 else 1.0 - i / (len(nodes) - 1)
            positions[node] = (float(x), float(y))
    return positions


_EXACT_UP_TO = 14  # nodes in a column ordered exactly (2^n orders of subsets); more: kept


def _fewest_crossings(graph: nx.Graph, nodes: list[str], beside: list[list[str]]) -> list[str]:
    """`nodes` in the order that crosses the fewest lines to the columns `beside` (their orders
    fixed): a pair's crossings depend only on which of the two is above, so the best order is
    found exactly over subsets (the nodes placed so far), for columns of up to `_EXACT_UP_TO`
    nodes; a longer column comes back as it was. Ties keep the given order."""
    n = len(nodes)
    if n < 3 or n > _EXACT_UP_TO:
        return list(nodes)
    places = [
        [
            [where[m] for m in graph.neighbors(node) if m in where]
            for where in ({m: i for i, m in enumerate(column)} for column in beside)
        ]
        for node in nodes
    ]
    # cost[u][v]: the lines that cross when u is drawn above v
    cost = [
        [
            sum(
                a > b for side_u, side_v in zip(pu, pv, strict=True) for a in side_u for b in side_v
            )
            for pv in places
        ]
        for pu in places
    ]
    full = 1 << n
    above = [[0] * full for _ in range(n)]  # above[v][S]: crossings of v below the set S
    for v in range(n):
        row = above[v]
        for subset in range(1, full):
            low = (subset & -subset).bit_length() - 1
            row[subset] = row[subset & (subset - 1)] + cost[low][v]
    best = [0] + [None] * (full - 1)
    last = [0] * full
    for subset in range(full - 1):
        if best[subset] is None:
            continue
        for v in range(n):
            if subset >> v & 1:
                continue
            grown, total = subset | 1 << v, best[subset] + above[v][subset]
            if best[grown] is None or total < best[grown]:
                best[grown], last[grown] = total, v
    order, subset = [], full - 1
    while subset:
        order.append(last[subset])
        subset &= ~(1 << last[subset])
    return [nodes[i] for i in reversed(order)]


def layout_crossings(graph: nx.Graph, columns: list[list[str]]) -> int:
    """How many pairs of lines cross between neighbouring columns drawn in the given orders."""
    total = 0
    for left, right in zip(columns, columns[1:], strict=False):
        where = {n: i for i, n in enumerate(left)} | {n: i for i, n in enumerate(right)}
        lines = [
            (where[u], where[v]) if u in left else (where[v], where[u])
            for u, v in graph.edges()
            if (u in left and v in right) or (v in left and u in right)
        ]
        total += sum(
            (a1 - a2) * (b1 - b2) < 0
            for i, (a1, b1) in enumerate(lines)
            for a2, b2 in lines[i + 1 :]
        )
    return total
