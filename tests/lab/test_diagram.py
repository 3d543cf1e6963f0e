"""How the ecosystem's parts support each other: a grid a board member can follow (a row per
component, a column per business function and lifecycle stage, a dot per link), not a tangle
of crossing lines (the three-column network crossed 49 lines for Northwind, 35 for Ledgerline).
"""

from __future__ import annotations

import re
from pathlib import Path

import matplotlib

matplotlib.use("agg")
import matplotlib.pyplot as plt  # noqa: E402
import networkx as nx  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402

from socialworkbook import intake  # noqa: E402
from socialworkbook.lab import charts, diagram  # noqa: E402
from socialworkbook.method import ecosystem  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]


def _graph(edges, planned=()) -> nx.Graph:
    graph = nx.Graph()
    for kind, node in sorted({(n.split(":")[0], n) for e in edges for n in e}):
        graph.add_node(node, kind=kind, label=node.split(":")[1])
    for node in planned:
        graph.nodes[node]["status"] = "planned"
    graph.add_edges_from(
        (u, v, {"status": "planned" if u in planned or v in planned else "active"})
        for u, v in edges
    )
    return graph


SMALL = [
    ("component:a", "function:marketing"),
    ("component:b", "function:marketing"),
    ("component:b", "function:sales"),
    ("component:b", "stage:loyalty"),
    ("component:c", "function:rnd"),
    ("component:c", "stage:investigation"),
    ("component:d", "function:marketing"),
    ("component:d", "function:sales"),
    ("component:d", "function:rnd"),
    ("component:d", "stage:investigation"),
]


def test_the_grid_leads_with_the_components_that_connect_most_planned_last():
    graph = _graph(SMALL, planned=["component:d"])
    graph.add_node("function:hr", kind="function", label="HR")  # in scope, served by none
    components, functions, stages = diagram.connection_grid(graph)
    # b serves 3, c 2, a 1; d serves 4 but is only planned
    assert components == ["component:b", "component:c", "component:a", "component:d"]
    assert functions == [
        "function:rnd",
        "function:hr",
        "function:marketing",
        "function:sales",
    ]  # the vocabulary order
    assert stages == ["stage:investigation", "stage:loyalty"]  # the lifecycle's order


def _drawn(graph):
    grid = diagram.connection_grid(graph)
    ax = diagram.connections(graph, title="t")
    ax.figure.canvas.draw()
    return grid, ax


def _dots(ax) -> list[tuple[float, float, bool]]:
    """(x, row, filled) of every dot drawn."""
    found = []
    for collection in ax.collections:
        for (x, y), face in zip(collection.get_offsets(), collection.get_facecolor(), strict=True):
            found.append((float(x), float(y), not np.allclose(face[:3], 1)))
    return found


def test_every_link_is_one_dot_in_its_row_and_column_and_no_line_is_drawn():
    charts.set_style("#1f4e79")
    graph = _graph(SMALL, planned=["component:d"])
    (components, functions, stages), ax = _drawn(graph)
    assert [line for line in ax.lines if len(line.get_xdata()) > 1] == []  # nothing to cross
    ticks = {
        t.get_text().replace("\n", " "): x
        for t, x in zip(ax.get_xticklabels(), ax.get_xticks(), strict=True)
    }
    rows = {c: i for i, c in enumerate(components)}
    expected = sorted((ticks[v.split(":")[1]], rows[u], u != "component:d") for u, v in SMALL)
    assert sorted(_dots(ax)) == expected  # hollow where the link is planned
    texts = {
        (round(t.get_position()[0], 3), round(t.get_position()[1], 3)): t.get_text()
        for t in ax.texts
    }
    count_x = ticks["functions and stages"]
    # beside each row how many it serves: b 3, c 2, a 1, d 4 (counted by hand from SMALL)
    assert [texts[(round(count_x, 3), float(i))] for i in range(4)] == ["3", "2", "1", "4"]
    # under each column the active components serving it: marketing a, b; sales b; R&D c;
    # investigation c; loyalty b (d is planned)
    totals = {
        name: texts[(round(x, 3), round(4 + 0.15, 3))]
        for name, x in ticks.items()
        if name != "functions and stages"
    }
    assert totals == {
        "marketing": "2",
        "sales": "1",
        "rnd": "1",
        "investigation": "1",
        "loyalty": "1",
    }
    plt.close("all")


@pytest.mark.parametrize("client", ["northwind-outdoor", "ledgerline"])
def test_the_example_grids_put_the_headlines_most_connected_components_on_top(client):
    read = intake.read_client(client, data_root=ROOT / "client_data")
    graph = ecosystem.ecosystem_graph(read)
    (components, functions, stages), ax = _drawn(graph)
    assert sorted(components) == sorted(n for n in graph if n.startswith("component:"))
    assert len(_dots(ax)) == graph.number_of_edges()
    headline = ecosystem.headlines(read)["diagram"]
    most = int(re.search(r"\((\d+) functions and stages", headline).group(1))
    leaders = [c for c in components if graph.degree(c) == most]
    assert components[: len(leaders)] == leaders
    for name in (graph.nodes[c]["label"] for c in leaders):
        assert name in headline
    plt.close("all")
