"""How the ecosystem's parts support each other, as a grid a board member can follow
(`connections` draws it): one row per component, one column per business function and
per lifecycle stage, a dot where the component serves it. No line crosses another: there are
no lines.
"""

from __future__ import annotations

import textwrap

import networkx as nx
from matplotlib.lines import Line2D
from matplotlib.patches import Rectangle

from .. import vocab
from .chart_text import PRINT_WIDTH, TEXT
from .charts import _BRAND, _axes, _title

__all__ = ["connection_grid", "connections"]

_STAGES = vocab.VOCABULARIES["continuum_stage"]
_FUNCTIONS = vocab.VOCABULARIES["business_functions"]
_LIFECYCLE = vocab.VOCABULARIES["lifecycle_stages"]


def _rank(value: str, order) -> int:
    return order.index(value) if value in order else len(order)


def connection_grid(graph: nx.Graph) -> tuple[list[str], list[str], list[str]]:
    """The rows and the two groups of columns of `ecosystem_graph`'s grid: (components,
    functions, stages), as node names.

    Components that connect the most come first (those the headline names lead the grid), then
    by continuum stage and name; planned components after the active ones. Functions keep the
    vocabulary's order, stages the customer lifecycle's. Every function and stage node is a
    column, also when nothing serves it (a gap shows as an empty column).
    """
    kinds = {n: graph.nodes[n].get("kind", "component") for n in graph}
    functions = sorted(
        (n for n, k in kinds.items() if k == "function"),
        key=lambda n: (_rank(n.split(":", 1)[-1], _FUNCTIONS), n),
    )
    stages = sorted(
        (n for n, k in kinds.items() if k == "stage"),
        key=lambda n: (_rank(n.split(":", 1)[-1], _LIFECYCLE), n),
    )

    def key(node: str) -> tuple:
        data = graph.nodes[node]
        return (
            data.get("status", "active") != "active",
            -graph.degree(node),
            _rank(data.get("continuum_stage", ""), _STAGES),
            str(data.get("label", node)).casefold(),
            node,
        )

    components = sorted((n for n, k in kinds.items() if k == "component"), key=key)
    return components, functions, stages


_FUNCTION_TINT, _STAGE_TINT = "#fbf3de", "#e9f2e4"  # the two groups of columns, told apart


def connections(graph: nx.Graph, *, title: str, subtitle: str = "", ax=None):
    """How the ecosystem's parts support each other: a row per component, a column per business
    function and per lifecycle stage (`connection_grid` orders them), a filled dot where
    the component serves it, a hollow one where that link is planned; beside each row how many
    it serves, under each column how many active components serve it. No lines to follow.
    """
    components, functions, stages = connection_grid(graph)
    if not components:
        return None
    columns = list(functions) + list(stages)
    heads = [
        textwrap.fill(str(graph.nodes[c].get("label", c)), 10, break_long_words=False)
        for c in columns
    ]
    # each column as wide as its name ("investigation" needs more room than "HR"), the two
    # groups half a column apart
    widths = [max(1.0, 0.16 * max(len(line) for line in head.splitlines())) for head in heads]
    lefts, right = [], -0.5
    for i, width in enumerate(widths):
        right += 0.5 if i == len(functions) and functions else 0
        lefts.append(right)
        right += width
    xs = [left + width / 2 for left, width in zip(lefts, widths, strict=True)]
    where = dict(zip(columns, xs, strict=True))
    count_x = right + 0.9
    rows = len(components)
    active = {n for n in components if graph.nodes[n].get("status", "active") == "active"}
    names = [  # whole, never cut: a long name takes more lines and every row as many
        textwrap.fill(
            str(graph.nodes[n].get("label", n)) + ("" if n in active else " (planned)"),
            30,
            break_long_words=False,
        )
        for n in components
    ]
    pitch = 0.15 * max(name.count("\n") + 1 for name in names) + 0.06  # inches a row
    ax = _axes(ax, (PRINT_WIDTH, pitch * rows + 2.3))
    nf = len(functions)
    for left, width, tint in (
        (-0.5, sum(widths[:nf]), _FUNCTION_TINT),
        (lefts[nf] if stages else right, sum(widths[nf:]), _STAGE_TINT),
    ):
        if width:
            ax.add_patch(
                Rectangle(
                    (left, -0.5), width, rows + 0.9, facecolor=tint, edgecolor="none", zorder=0
                )
            )
    for i in range(1, rows, 2):  # every other row shaded: the eye keeps its row
        ax.add_patch(
            Rectangle(
                (-0.5, i - 0.5),
                count_x + 0.5,
                1,
                facecolor="#000000",
                alpha=0.045,
                edgecolor="none",
                zorder=1,
            )
        )
    color = _BRAND["color"]
    dots = [
        (where[other], row, graph.edges[node, other].get("status") == "planned")
        for row, node in enumerate(components)
        for other in graph.neighbors(node)
        if other in where
    ]
    if dots:  # one collection of every dot: a scatter per dot made each draw slow
        xs_, ys_, planned = zip(*dots, strict=True)
        ax.scatter(
            xs_,
            ys_,
            s=70,
            facecolor=["white" if p else color for p in planned],
            edgecolor=color,
            linewidth=1.4,
            zorder=3,
        )
    for row, node in enumerate(components):
        ax.text(
            count_x,
            row,
            str(sum(o in where for o in graph.neighbors(node))),
            ha="center",
            va="center",
            fontsize=TEXT["body"],
            color="#222222",
        )
    for column in columns:
        serving = sum(n in active for n in graph.neighbors(column))
        ax.text(
            where[column],
            rows + 0.15,
            str(serving),
            ha="center",
            va="center",
            fontsize=TEXT["body"],
            fontweight="bold" if serving == 0 else "normal",
            color="#b23a1e" if serving == 0 else "#222222",
        )
    ax.set_yticks(list(range(rows)) + [rows + 0.15], names + ["active components serving it"])
    ax.tick_params(axis="y", length=0, labelsize=TEXT["small"])
    ax.set_xticks(xs + [count_x], heads + ["functions\nand stages"])
    ax.xaxis.tick_top()
    ax.tick_params(axis="x", length=0, labelsize=TEXT["small"], labelcolor="#333333")
    over = ax.get_xaxis_transform()  # x in data, y in the axes' height
    for group, label in ((functions, "business functions"), (stages, "lifecycle stages")):
        if group:
            middle = (where[group[0]] + where[group[-1]]) / 2
            ax.annotate(
                label,
                xy=(middle, 1),
                xycoords=over,
                xytext=(0, 30),
                textcoords="offset points",
                ha="center",
                va="bottom",
                fontsize=TEXT["body"],
                fontweight="bold",
                color="#333333",
            )
    ax.set_xlim(-0.5, count_x + 0.5)
    ax.set_ylim(rows + 0.6, -0.5)
    ax.grid(False)
    for side in ("left", "bottom", "top", "right"):
        ax.spines[side].set_visible(False)
    key = [
        Line2D(
            [],
            [],
            marker="o",
            linestyle="",
            markerfacecolor=color,
            markeredgecolor=color,
            label="serves it",
        ),
        Line2D(
            [],
            [],
            marker="o",
            linestyle="",
            markerfacecolor="white",
            markeredgecolor=color,
            label="planned",
        ),
    ]
    _title(ax, title, subtitle, pad=40)  # over the columns' two groups and names
    ax.legend(
        handles=key,
        loc="upper left",
        bbox_to_anchor=(0, 0),
        ncol=2,
        frameon=False,
        borderaxespad=0.3,
        handletextpad=0.3,
        fontsize=TEXT["small"],
    )
    return ax
