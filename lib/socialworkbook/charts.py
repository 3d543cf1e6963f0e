"""Plot helpers: data first, options keyword-only, `ax=None` in and the Axes out; brand colours.

Every chart states its finding in the title (the caller passes it) and labels its axes.
"""

from __future__ import annotations

import matplotlib

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
import seaborn as sns  # noqa: E402
from matplotlib.colors import LinearSegmentedColormap, to_rgb  # noqa: E402

__all__ = [
    "set_style",
    "brand_cmap",
    "palette",
    "continuum",
    "matrix",
    "heatmap",
    "bars",
    "trend",
    "stacked_shares",
    "network",
    "attainment",
]

_BRAND = {"color": "#1f4e79"}
SENTIMENT_COLORS = {"positive": "#2a9d8f", "neutral": "#b0b7c3", "negative": "#e76f51"}


def set_style(brand_color: str) -> None:
    """Clean, readable defaults with the client's brand colour first in the palette."""
    _BRAND["color"] = brand_color
    sns.set_theme(style="whitegrid", context="notebook", font="DejaVu Sans")
    plt.rcParams.update(
        {
            "figure.figsize": (9, 4.8),
            "figure.dpi": 96,
            "savefig.dpi": 96,
            "axes.titlesize": 13,
            "axes.titleweight": "bold",
            "axes.titlelocation": "left",
            "axes.labelsize": 11,
            "axes.spines.top": False,
            "axes.spines.right": False,
        }
    )
    sns.set_palette(palette(8))


def palette(n: int) -> list:
    """The brand colour followed by a muted qualitative palette."""
    return [_BRAND["color"], *sns.color_palette("Set2", max(n - 1, 1))][:n]


def brand_cmap() -> LinearSegmentedColormap:
    """White to the brand colour, for heat maps of scores."""
    return LinearSegmentedColormap.from_list("brand", ["#ffffff", to_rgb(_BRAND["color"])])


def _axes(ax, figsize=None):
    if ax is None:
        _, ax = plt.subplots(figsize=figsize)
    return ax


def _title(ax, title: str, subtitle: str = "") -> None:
    ax.set_title(title, pad=22 if subtitle else 10)
    if subtitle:
        ax.text(0, 1.02, subtitle, transform=ax.transAxes, fontsize=9.5, color="#555555")


def continuum(
    placement: pd.DataFrame, *, stages: list[str], title: str, subtitle: str = "", ax=None
):
    """Components on the value continuum: x = stage position, y = type, colour = purpose, size = audience."""
    types = sorted(placement["component_type"].unique())
    ax = _axes(ax, (10, 0.7 * len(types) + 2.2))
    sizes = placement["size"].fillna(
        placement["size"].median() if placement["size"].notna().any() else 1
    )
    scaled = 120 + 900 * np.sqrt(sizes / sizes.max()) if sizes.max() > 0 else 300
    purposes = sorted(placement["purpose"].unique())
    colors = dict(zip(purposes, palette(len(purposes))))
    y = placement["component_type"].map({t: i for i, t in enumerate(types)})
    for purpose in purposes:
        rows = placement["purpose"] == purpose
        ax.scatter(
            placement.loc[rows, "position"],
            y[rows],
            s=np.asarray(scaled)[rows.to_numpy()] if not np.isscalar(scaled) else scaled,
            color=colors[purpose],
            alpha=0.8,
            edgecolor="white",
            linewidth=1.2,
            label=purpose,
        )
    planned = placement["status"] == "planned"
    ax.scatter(
        placement.loc[planned, "position"],
        y[planned],
        s=60,
        marker="x",
        color="#333333",
        label="planned",
    )
    for _, row in placement.iterrows():
        ax.annotate(
            str(row["name"]),
            (row["position"], y[_]),
            xytext=(0, -14),
            textcoords="offset points",
            ha="center",
            fontsize=8,
            color="#333333",
        )
    ax.set_xticks(range(len(stages)), [s.replace("_", " ") for s in stages])
    ax.set_xlim(-0.6, len(stages) - 0.4)
    ax.set_yticks(range(len(types)), [t.replace("_", " ") for t in types])
    ax.set_ylim(-0.8, len(types) - 0.3)
    ax.set_xlabel("value continuum: insight  →  collaboration  →  community  →  mass market")
    ax.set_ylabel("component type")
    ax.legend(
        title="main purpose",
        bbox_to_anchor=(1.01, 1),
        loc="upper left",
        frameon=False,
        markerscale=0.5,
    )
    _title(ax, title, subtitle)
    return ax


def matrix(
    frame: pd.DataFrame,
    *,
    title: str,
    subtitle: str = "",
    xlabel: str = "",
    ylabel: str = "",
    ax=None,
):
    """A component x category grid with cells 'active' / 'planned' / '' drawn as filled / hatched."""
    codes = frame.replace({"active": 2, "planned": 1, "": 0}).astype(float)
    ax = _axes(ax, (1.1 * len(frame.columns) + 4, 0.42 * len(frame) + 1.8))
    cmap = LinearSegmentedColormap.from_list("m", ["#f4f5f7", "#c9d6e3", _BRAND["color"]])
    sns.heatmap(
        codes,
        ax=ax,
        cmap=cmap,
        vmin=0,
        vmax=2,
        cbar=False,
        linewidths=1,
        linecolor="white",
        annot=frame.replace({"active": "●", "planned": "○", "": ""}),
        fmt="",
        annot_kws={"color": "white", "fontsize": 12},
    )
    ax.set_xticklabels([t.get_text().replace("_", " ") for t in ax.get_xticklabels()], rotation=0)
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    ax.tick_params(axis="x", top=True, labeltop=True, bottom=False, labelbottom=False)
    _title(ax, title, subtitle + ("  ● active  ○ planned" if subtitle is not None else ""))
    return ax


def heatmap(
    frame: pd.DataFrame,
    *,
    title: str,
    subtitle: str = "",
    xlabel: str = "",
    ylabel: str = "",
    vmin: float = 0,
    vmax: float = 5,
    fmt: str = ".0f",
    ax=None,
):
    """An annotated heat map in the brand colour (e.g. value scores 0-5)."""
    ax = _axes(ax, (1.2 * len(frame.columns) + 4, 0.45 * len(frame) + 2))
    sns.heatmap(
        frame.astype(float),
        ax=ax,
        cmap=brand_cmap(),
        vmin=vmin,
        vmax=vmax,
        annot=True,
        fmt=fmt,
        linewidths=1,
        linecolor="white",
        cbar_kws={"shrink": 0.6},
    )
    ax.set_xticklabels([t.get_text().replace("_", "\n") for t in ax.get_xticklabels()], rotation=0)
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    _title(ax, title, subtitle)
    return ax


def bars(
    frame: pd.DataFrame,
    *,
    x: str,
    y: str,
    title: str,
    subtitle: str = "",
    xlabel: str = "",
    ylabel: str = "",
    hue: str | None = None,
    highlight: str | None = None,
    fmt: str = "{:,.1f}",
    ax=None,
):
    """Horizontal bars, sorted, values written at the bar ends; `highlight` names a y value to colour."""
    data = frame.sort_values(x, ascending=False)
    ax = _axes(ax, (9, 0.45 * data[y].nunique() + 1.8))
    if hue:
        sns.barplot(
            data=data, x=x, y=y, hue=hue, ax=ax, errorbar=None, palette=palette(data[hue].nunique())
        )
    else:
        colors = [
            _BRAND["color"] if (highlight is None or v == highlight) else "#b0b7c3" for v in data[y]
        ]
        sns.barplot(data=data, x=x, y=y, ax=ax, errorbar=None, palette=colors, hue=y, legend=False)
    for container in ax.containers:
        ax.bar_label(
            container,
            labels=[fmt.format(v) if np.isfinite(v) else "" for v in container.datavalues],
            padding=3,
            fontsize=9,
        )
    ax.set_xlabel(xlabel or x)
    ax.set_ylabel(ylabel)
    _title(ax, title, subtitle)
    return ax


def trend(
    frame: pd.DataFrame,
    *,
    x: str,
    y: str,
    title: str,
    subtitle: str = "",
    hue: str | None = None,
    xlabel: str = "",
    ylabel: str = "",
    shade: tuple | None = None,
    ax=None,
):
    """A line over time (data aggregated beforehand); `shade` = (start, end) of the reporting period."""
    ax = _axes(ax)
    sns.lineplot(
        data=frame,
        x=x,
        y=y,
        hue=hue,
        ax=ax,
        errorbar=None,
        marker="o",
        palette=palette(frame[hue].nunique()) if hue else None,
        color=None if hue else _BRAND["color"],
    )
    if shade is not None:
        ax.axvspan(
            pd.Timestamp(shade[0]),
            pd.Timestamp(shade[1]),
            color=_BRAND["color"],
            alpha=0.08,
            label="reporting period",
        )
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel or y)
    if hue:
        ax.legend(bbox_to_anchor=(1.01, 1), loc="upper left", frameon=False)
    _title(ax, title, subtitle)
    return ax


def stacked_shares(
    frame: pd.DataFrame, *, title: str, subtitle: str = "", ylabel: str = "", ax=None
):
    """Horizontal 100% bars of positive / neutral / negative shares per row, n in the labels."""
    shares = frame[["positive", "neutral", "negative"]].div(
        frame[["positive", "neutral", "negative"]].sum(axis=1), axis=0
    )
    ax = _axes(ax, (9, 0.5 * len(frame) + 1.8))
    left = np.zeros(len(frame))
    labels = [
        f"{i}  (n={int(n):,})"
        for i, n in zip(frame.index, frame[["positive", "neutral", "negative"]].sum(axis=1))
    ]
    for cls in ("positive", "neutral", "negative"):
        ax.barh(
            labels,
            shares[cls],
            left=left,
            color=SENTIMENT_COLORS[cls],
            label=cls,
            edgecolor="white",
        )
        for i, (l, v) in enumerate(zip(left, shares[cls])):
            if v >= 0.07:
                ax.text(
                    l + v / 2, i, f"{v:.0%}", ha="center", va="center", fontsize=9, color="white"
                )
        left += shares[cls].to_numpy()
    ax.set_xlim(0, 1)
    ax.xaxis.set_major_formatter(matplotlib.ticker.PercentFormatter(1))
    ax.set_xlabel("share of mentions")
    ax.set_ylabel(ylabel)
    ax.invert_yaxis()
    ax.legend(
        ncol=3,
        bbox_to_anchor=(0, -0.12 - 0.3 / max(len(frame), 1)),
        loc="upper left",
        frameon=False,
    )
    _title(ax, title, subtitle)
    return ax


def network(graph, positions: dict, *, title: str, subtitle: str = "", ax=None):
    """The ecosystem diagram: components between the functions and lifecycle stages they serve."""
    import networkx as nx

    ax = _axes(ax, (11, 7))
    kinds = nx.get_node_attributes(graph, "kind")
    styles = {
        "component": (_BRAND["color"], 900),
        "function": ("#e9c46a", 1400),
        "stage": ("#8ab17d", 1400),
    }
    for kind, (color, size) in styles.items():
        nodes = [n for n in graph if kinds.get(n) == kind]
        nx.draw_networkx_nodes(
            graph,
            positions,
            nodelist=nodes,
            node_color=color,
            node_size=size,
            ax=ax,
            alpha=0.9,
            edgecolors="white",
        )
    planned = [(u, v) for u, v, d in graph.edges(data=True) if d.get("status") == "planned"]
    active = [e for e in graph.edges if e not in planned]
    nx.draw_networkx_edges(
        graph, positions, edgelist=active, ax=ax, edge_color="#9aa5b1", width=1.2, alpha=0.7
    )
    nx.draw_networkx_edges(
        graph, positions, edgelist=planned, ax=ax, edge_color="#9aa5b1", style="dashed", width=1
    )
    labels = {n: graph.nodes[n].get("label", n) for n in graph}
    nx.draw_networkx_labels(graph, positions, labels=labels, font_size=8, ax=ax)
    ax.set_axis_off()
    _title(ax, title, subtitle)
    return ax


def attainment(goals: pd.DataFrame, *, title: str, subtitle: str = "", ax=None):
    """Goal attainment bars (100% = target met) coloured by status."""
    colors = {"met": "#2a9d8f", "on_track": "#8ab17d", "behind": "#e76f51", "no_data": "#b0b7c3"}
    data = goals.assign(pct=goals["attainment"].fillna(0).clip(upper=2) * 100)
    ax = _axes(ax, (9, 0.45 * len(data) + 1.8))
    ax.barh(data["label"], data["pct"], color=[colors.get(s, "#b0b7c3") for s in data["status"]])
    ax.axvline(100, color="#333333", linewidth=1, linestyle="--")
    for i, (pct, status) in enumerate(zip(data["pct"], data["status"])):
        text = "no data" if status == "no_data" else f"{pct:.0f}%  {status.replace('_', ' ')}"
        ax.text(pct + 2, i, text, va="center", fontsize=9)
    ax.invert_yaxis()
    ax.set_xlabel("attainment (% of target; dashed line = target)")
    ax.set_xlim(0, max(130, data["pct"].max() + 40))
    _title(ax, title, subtitle)
    return ax


def intervals(
    frame: pd.DataFrame,
    *,
    y: str,
    x: str,
    low: str,
    high: str,
    title: str,
    subtitle: str = "",
    xlabel: str = "",
    significant: str | None = None,
    reference: float = 0.0,
    ax=None,
):
    """Estimates with their intervals, one row each (a forest plot), and a reference line.

    Rows where the boolean column `significant` is true are drawn in the brand colour, the
    others in grey; `reference` marks "no change" (0 for a difference, 1 for a ratio).
    """
    data = frame.reset_index(drop=True)
    ax = _axes(ax, (9, 0.5 * len(data) + 1.8))
    positions = np.arange(len(data))
    marked = data[significant].to_numpy(dtype=bool) if significant else np.ones(len(data), bool)
    colors = [_BRAND["color"] if m else "#9aa5b1" for m in marked]
    ax.hlines(positions, data[low], data[high], colors=colors, linewidth=2.5)
    ax.scatter(data[x], positions, color=colors, s=50, zorder=3)
    ax.axvline(reference, color="#333333", linewidth=1, linestyle="--")
    ax.set_yticks(positions, data[y].astype(str))
    ax.set_ylim(len(data) - 0.5, -0.5)
    ax.set_xlabel(xlabel or x)
    ax.set_ylabel("")
    ax.grid(axis="y", visible=False)
    _title(ax, title, subtitle)
    return ax
