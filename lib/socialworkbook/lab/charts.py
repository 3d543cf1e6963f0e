"""Plot helpers: data first, options keyword-only, `ax=None` in and the Axes out; brand colours.

Every chart states its finding in the title (the caller passes it) and labels its axes.
"""

from __future__ import annotations

import contextlib
import functools
import textwrap

import matplotlib
import matplotlib.dates as mdates  # noqa: E402
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
import seaborn as sns  # noqa: E402
from matplotlib.backend_bases import FigureCanvasBase  # noqa: E402
from matplotlib.colors import LinearSegmentedColormap, to_rgb  # noqa: E402
from matplotlib.lines import Line2D  # noqa: E402
from matplotlib.patches import Rectangle  # noqa: E402
from matplotlib.ticker import AutoLocator, StrMethodFormatter  # noqa: E402

from .. import vocab, wording
from .chart_text import (
    FONTS,
    PRINT_WIDTH,
    SUBTITLE,
    TEXT,
    alt_text,
    describe_figures,
    fonts,
    label_points,
    subtitle_room,
    wrap_ticks,
)

__all__ = [
    "set_style",
    "alt_text",
    "label_points",
    "FONTS",
    "PRINT_WIDTH",
    "TEXT",
    "brand_cmap",
    "palette",
    "continuum",
    "heatmap",
    "bars",
    "trend",
    "stacked_shares",
    "attainment",
    "intervals",
    "score_evidence",
]

_BRAND = {"color": "#1f4e79"}
# One colour per purpose for every client (the brand colour is never one of them).
PURPOSE_COLORS = dict(
    zip(vocab.VOCABULARIES["purposes"], sns.color_palette("Set2", 6).as_hex(), strict=True)
)
SENTIMENT_COLORS = {"positive": "#2a9d8f", "neutral": "#b0b7c3", "negative": "#e76f51"}


def set_style(brand_color: str) -> None:
    """Clean, readable defaults with the client's brand colour first in the palette.

    Figures are SVG with their text as text in the reports' typeface, at most `PRINT_WIDTH` wide,
    text on the `TEXT` scale; each carries its finding sentence as its accessible name.
    """
    _BRAND["color"] = brand_color
    sns.set_theme(style="whitegrid", context="notebook", font=fonts())
    plt.rcParams.update(
        {
            "figure.figsize": (PRINT_WIDTH, 3.9),
            "figure.dpi": 96,
            "savefig.dpi": 96,
            "svg.fonttype": "none",
            "figure.constrained_layout.use": True,  # labels inside the figure: it prints 1:1
            "svg.hashsalt": "socialworkbook",
            "font.size": TEXT["body"],
            "axes.titlesize": TEXT["title"],
            "axes.titleweight": "bold",
            "axes.titlelocation": "left",
            "axes.labelsize": TEXT["body"],
            "xtick.labelsize": TEXT["body"],
            "ytick.labelsize": TEXT["body"],
            "legend.fontsize": TEXT["small"],
            "legend.title_fontsize": TEXT["body"],
            "axes.spines.top": False,
            "axes.spines.right": False,
        }
    )
    sns.set_palette(palette(8))
    describe_figures()


def palette(n: int) -> list:
    """The brand colour followed by a muted qualitative palette."""
    return [_BRAND["color"], *sns.color_palette("Set2", max(n - 1, 1))][:n]


def brand_cmap() -> LinearSegmentedColormap:
    """White to the brand colour, for heat maps of scores."""
    return LinearSegmentedColormap.from_list("brand", ["#ffffff", to_rgb(_BRAND["color"])])


def _nothing_without_data(draw):
    """Draw nothing and return None for a frame without rows (a section without data)."""

    @functools.wraps(draw)
    def drawn(frame: pd.DataFrame, **options):
        return None if frame.empty else draw(frame, **options)

    return drawn


def _axes(ax, figsize=None):
    """`ax`, or the Axes of a new figure of `figsize`, never wider than the printed page."""
    if ax is None:
        width, height = figsize or plt.rcParams["figure.figsize"]
        _, ax = plt.subplots(figsize=(min(width, PRINT_WIDTH), height))
    return ax


def _thousands(axis, values) -> None:
    """Ticks of counts in the thousands read 2,500, not 2500."""
    if np.nanmax(np.abs(np.asarray(values, dtype=float)), initial=0) >= 1000:
        axis.set_major_formatter(StrMethodFormatter("{x:,.0f}"))


def _title(ax, title: str, subtitle: str = "", *, width: int = 78, pad: float = 0) -> None:
    title = textwrap.fill(title, width)  # a long finding wraps instead of widening the figure
    ax.set_title(title, pad=pad + 10 + subtitle_room(subtitle))
    if subtitle:  # under the title, over the axes; `fit_text` wraps it and makes room for it
        note = ax.annotate(
            subtitle,
            xy=(0, 1),
            xycoords="axes fraction",
            xytext=(0, 5),
            textcoords="offset points",
            va="bottom",
            fontsize=TEXT["body"],
            color="#555555",
            gid=SUBTITLE,
        )
        note.set_in_layout(False)  # a long one wraps: it never squeezes the plot narrow
        note.swb_pad = pad


def continuum(
    placement: pd.DataFrame, *, stages: list[str], title: str, subtitle: str = "", ax=None
):
    """Components on the value continuum: one column per stage, stacked so a crowded stage is tall.

    Colour = main purpose, size = audience where known, hollow = planned; each dot is labelled
    with the component's name and type.
    """
    data = placement.assign(
        stage_x=placement["continuum_stage"].map({s: i for i, s in enumerate(stages)})
    ).sort_values(["stage_x", "status", "component_type", "name"], kind="stable")
    data["row_y"] = data.groupby("stage_x").cumcount()
    tallest = int(data["row_y"].max()) + 1 if len(data) else 1
    ax = _axes(ax, (PRINT_WIDTH, 0.62 * tallest + 2.4))
    sizes = data["size"]
    known = sizes.dropna()
    area = (
        50 + 300 * np.sqrt(sizes.fillna(known.median()) / known.max())
        if len(known) and known.max() > 0
        else pd.Series(120.0, index=data.index)
    )
    purposes = sorted(data["purpose"].unique(), key=lambda p: (p not in PURPOSE_COLORS, p))
    colors = {p: PURPOSE_COLORS.get(p, "#9aa5b1") for p in purposes}
    for purpose in purposes:
        for planned in (False, True):
            rows = data[(data["purpose"] == purpose) & ((data["status"] == "planned") == planned)]
            ax.scatter(
                rows["stage_x"],
                -rows["row_y"],
                s=area[rows.index],
                facecolor="white" if planned else colors[purpose],
                edgecolor=colors[purpose],
                linewidth=2 if planned else 1,
                alpha=0.9,
                label=None if planned else purpose,
            )
    for row in data.itertuples():
        # a label keeps to its own column (a quarter of the page): short lines, never cut
        name = "\n".join(textwrap.wrap(str(row.name), 19, max_lines=3, placeholder="…"))
        kind = wording.name(row.component_type)
        ax.annotate(
            f"{name}\n{kind}{' · planned' if row.status == 'planned' else ''}",
            (row.stage_x, -row.row_y),
            xytext=(12, 0),
            textcoords="offset points",
            va="center",
            fontsize=TEXT["small"],
            color="#333333",
            linespacing=1.1,
        )
    # each stage a column: its dots at its left, their labels to the right, its name over the middle
    ax.set_xticks([i + 0.38 for i in range(len(stages))], [wording.name(s) for s in stages])
    ax.xaxis.tick_top()
    ax.tick_params(axis="x", length=0)
    ax.set_xlim(-0.14, len(stages) - 0.1)
    ax.set_ylim(-tallest + 0.4, 0.6)
    ax.set_yticks([])
    ax.grid(False)
    for x in range(1, len(stages)):
        ax.axvline(x - 0.14, color="#e3e6ea", linewidth=1)
    ax.set_xlabel("insight  →  collaboration  →  community  →  mass market")
    handles = [
        Line2D([], [], marker="o", linestyle="", markersize=9, color=colors[p], label=p)
        for p in purposes
    ]
    handles.append(
        Line2D(
            [],
            [],
            marker="o",
            linestyle="",
            markersize=9,
            markerfacecolor="white",
            markeredgecolor="#555555",
            label="planned (hollow)",
        )
    )
    ax.legend(
        handles=handles,
        title="main purpose; dot size = audience",
        loc="upper center",
        bbox_to_anchor=(0.5, -0.09),
        ncol=min(len(handles), 4),
        frameon=False,
    )
    _title(ax, title, subtitle)
    ax.title.set_position((0, 1.06))
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
    missing: str = "no score",
    ax=None,
):
    """An annotated heat map in the brand colour (e.g. value scores 0-5); says so when empty.

    A cell without a value is drawn hatched grey and labelled `missing`, never left blank.
    """
    if frame.size == 0 or frame.isna().all().all():
        ax = _axes(ax, (9, 2.2))
        ax.text(0.5, 0.5, "nothing to show yet: no scores", ha="center", va="center", color="#555")
        ax.set_axis_off()
        _title(ax, title, subtitle)
        return ax
    ax = _axes(ax, (1.3 * len(frame.columns) + 5, 0.4 * len(frame) + 1.9))
    with _without_drawing(ax.figure):
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
            cbar_kws={
                "shrink": 0.6,
                "boundaries": np.linspace(vmin, vmax, _SCALE_BANDS + 1),
                "ticks": AutoLocator(),  # as without bands
            },
        )
    plt.setp(ax.get_yticklabels(), rotation=0)
    # the scale in vectors: a page keeps no raster image of an inline chart (`inline_svg`), and
    # each band edged in its own colour, or a viewer leaves hairlines between them
    solids = ax.collections[0].colorbar.solids
    solids.set_rasterized(False)
    solids.set_edgecolor("face")
    for annotation in ax.texts:
        annotation.set_in_layout(False)  # inside its cell: the layout need not measure it
    for row, column in zip(*np.where(frame.isna().to_numpy()), strict=True):
        ax.add_patch(
            Rectangle(
                (column, row), 1, 1, facecolor="#f4f5f7", edgecolor="#d5dae0", hatch="///", lw=0
            )
        )
        ax.text(
            column + 0.5,
            row + 0.5,
            missing,
            ha="center",
            va="center",
            fontsize=TEXT["small"],
            color="#616e7c",
        )
    labels = [wording.name(t.get_text()) for t in ax.get_xticklabels()]
    ax.set_xticklabels([textwrap.fill(t, 12, break_long_words=False) for t in labels], rotation=0)
    wrap_ticks(ax.yaxis)
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    _title(ax, title, subtitle)
    return ax


# The bands of a heat map's colour scale: under 50, which matplotlib would rasterise, and
# smooth to the eye (a step of the brand ramp is a few levels of each channel).
_SCALE_BANDS = 48


@contextlib.contextmanager
def _without_drawing(fig):
    """seaborn's heat map draws the whole figure to see whether its tick labels overlap, and
    rotates them if so; `heatmap` sets their rotation itself. Meanwhile a canvas that draws
    nothing stands in, saving a quarter of the chart's cost."""
    canvas = fig.canvas
    FigureCanvasBase(fig)
    try:
        yield
    finally:
        fig.set_canvas(canvas)


@_nothing_without_data
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
    """Horizontal bars, sorted, values at the bar ends ("n/a" where there is none); `highlight`
    names a y value to colour."""
    data = frame.sort_values(x, ascending=False)
    ax = _axes(ax, (9, 0.36 * data[y].nunique() + 1.5))
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
            fontsize=TEXT["small"],
        )
    ticks = zip(ax.get_yticklabels(), ax.get_yticks(), strict=True)
    drawn = {label.get_text(): position for label, position in ticks}
    for name in data.loc[data[x].isna(), y]:  # no bar to label: say so where it would start
        if str(name) in drawn and not hue:
            ax.text(
                0, drawn[str(name)], " n/a", va="center", fontsize=TEXT["small"], color="#616e7c"
            )
    wrap_ticks(ax.yaxis)
    ax.set_xlabel(xlabel or x)
    ax.set_ylabel(ylabel)
    _thousands(ax.xaxis, data[x])
    _title(ax, title, subtitle)
    return ax


@_nothing_without_data
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
    partial: list | None = None,
    previous: tuple | None = None,
    ax=None,
):
    """A line over time (data aggregated beforehand); `shade` = (start, end) of the period;
    points at the bucket starts in `partial` (part-weeks or part-months) are drawn hollow.

    `previous` = (start, end) of the baseline period: its span is shaded lighter, and (without
    `hue`) its line is drawn again, lighter and dashed, moved onto the reporting period, so the
    two periods read week against week.
    """
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
    if previous is not None:
        start, end = pd.Timestamp(previous[0]), pd.Timestamp(previous[1])
        ax.axvspan(start, end, color="#9aa5b1", alpha=0.08, label="baseline period")
        before = frame[(frame[x] >= start) & (frame[x] <= end)]
        if shade is not None and not hue and len(before):
            moved = before[x] + (pd.Timestamp(shade[0]) - start)
            ax.plot(
                moved,
                before[y],
                color=_BRAND["color"],
                alpha=0.35,
                linestyle="--",
                linewidth=1.4,
                zorder=1,
                label="baseline period, moved onto this one",
            )
            ax.legend(loc="upper left", bbox_to_anchor=(0, -0.22), ncol=2, frameon=False)
    cut = frame[frame[x].isin(partial or [])]
    if len(cut):
        ax.scatter(
            cut[x], cut[y], s=46, facecolor="white", edgecolor="#555", zorder=3, label="part-bucket"
        )
        ax.annotate(
            "hollow: a part-week or part-month (fewer days: totals run low, rates vary more)",
            xy=(0, -0.16),
            xycoords="axes fraction",
            fontsize=TEXT["small"],
            color="#555",
        )
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel or y)
    months = mdates.AutoDateLocator(minticks=4, maxticks=9)
    ax.xaxis.set_major_locator(months)
    ax.xaxis.set_major_formatter(mdates.ConciseDateFormatter(months))  # "Jul", not "2026-07"
    _thousands(ax.yaxis, frame[y])
    if hue:
        ax.legend(bbox_to_anchor=(1.01, 1), loc="upper left", frameon=False)
    _title(ax, title, subtitle)
    return ax


@_nothing_without_data
def stacked_shares(
    frame: pd.DataFrame, *, title: str, subtitle: str = "", ylabel: str = "", ax=None
):
    """Horizontal 100% bars of positive / neutral / negative shares per row, n in the labels;
    nothing is drawn without rows (e.g. mentions VADER cannot read)."""
    if frame.empty:
        return None
    shares = frame[["positive", "neutral", "negative"]].div(
        frame[["positive", "neutral", "negative"]].sum(axis=1), axis=0
    )
    ax = _axes(ax, (9, 0.42 * len(frame) + 1.6))
    left = np.zeros(len(frame))
    labels = [
        f"{i}  (n={int(n):,})"
        for i, n in zip(
            frame.index, frame[["positive", "neutral", "negative"]].sum(axis=1), strict=True
        )
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
        for i, (start, v) in enumerate(zip(left, shares[cls], strict=True)):
            if v >= 0.07:
                ax.text(
                    start + v / 2,
                    i,
                    f"{v:.0%}",
                    ha="center",
                    va="center",
                    fontsize=TEXT["small"],
                    color="white",
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


_ATTAINMENT_CAP = 200.0
"""Where the attainment chart's bars stop (% of target); their labels never do."""


@_nothing_without_data
def attainment(goals: pd.DataFrame, *, title: str, subtitle: str = "", ax=None):
    """Goal attainment bars (100% = target met) coloured by status; goal labels wrap, never cut;
    nothing without goals (no empty axes)."""
    colors = {
        "met": "#2a9d8f",
        "on_track": "#8ab17d",
        "behind": "#e76f51",
        "unverified": "#e9c46a",
        "no_data": "#b0b7c3",
    }
    # bars stop at 200% so that one goal far beyond its target does not flatten the others;
    # the label always says the attainment as it is (525%, not 200%)
    actual = goals["attainment"].fillna(0).to_numpy() * 100
    data = goals.assign(pct=np.minimum(actual, _ATTAINMENT_CAP))
    # Narrow, each goal's name on its own lines above its bar: the chart fits a phone's width
    # (390 px) with its text readable, and prints the same at its own size.
    labels = [textwrap.fill(str(label), 62) for label in data["label"]]
    heights = [_LINE_IN * (label.count("\n") + 1) + _BAR_IN + _GAP_IN for label in labels]
    places = np.cumsum(heights) - _BAR_IN / 2 - _GAP_IN / 2  # each bar's centre, inches down
    ax = _axes(ax, (_ATTAINMENT_WIDTH, sum(heights) + 1.3))
    shades = [colors.get(s, "#b0b7c3") for s in data["status"]]
    ax.barh(places, data["pct"], height=_BAR_IN, color=shades)
    ax.set_yticks([])
    for place in places:  # the target beside each bar, never through a goal's name
        ends = [place - _BAR_IN / 2, place + _BAR_IN / 2 + 0.03]
        ax.plot([100, 100], ends, color="#333333", linewidth=1, linestyle="--")
    known = goals["attainment"].notna().to_numpy()
    ax.set_xlim(0, max(150, data["pct"].max() + 55))  # before the labels, which measure in it
    renderer = ax.figure.canvas.get_renderer()
    for i, (pct, status) in enumerate(zip(data["pct"], data["status"], strict=True)):
        ax.text(0, places[i] - _BAR_IN / 2 - 0.03, labels[i], va="bottom", ha="left", fontsize=9)
        words = status.replace("_", " ")
        text = (
            f"{actual[i]:,.0f}%  {words}"
            if known[i]
            else ("no data" if status == "no_data" else words)
        )
        if actual[i] > _ATTAINMENT_CAP:  # the bar is cut: a break mark at its end
            ax.text(pct - 3, places[i], "//", va="center", ha="right", fontsize=9, color="white",
                    fontweight="bold")  # fmt: skip
        label = ax.text(pct + 2, places[i], text, va="center", fontsize=9)
        end = ax.transData.inverted().transform(label.get_window_extent(renderer))[1, 0]
        if pct < 100 < end:  # it would run through the target's dashes: it starts beyond them
            label.set_x(102)
    ax.set_ylim(sum(heights), 0)  # top to bottom, in inches
    ax.spines["left"].set_visible(False)
    cut = " bars cut at 200%, marked //;" if (actual > _ATTAINMENT_CAP).any() else ""
    ax.set_xlabel(textwrap.fill(f"attainment (% of target;{cut} dashed line = target)", 56))
    _title(ax, title, subtitle, width=60)
    return ax


_ATTAINMENT_WIDTH = 4.4  # inches: 390 px of a phone show its 9 pt text at about 10 px
_LINE_IN, _BAR_IN, _GAP_IN = 0.16, 0.16, 0.12  # a label's line, a bar, the space between goals


@_nothing_without_data
def intervals(
    frame: pd.DataFrame,
    *,
    title: str,
    y: str = "label",
    x: str = "estimate",
    low: str = "ci_low",
    high: str = "ci_high",
    subtitle: str = "",
    xlabel: str = "",
    significant: str | None = None,
    reference: float = 0.0,
    ax=None,
):
    """Estimates with their intervals, one row each (a forest plot), and a reference line.

    The column names default to those of `stats.forest_rows`. Rows where the boolean column
    `significant` is true are drawn in the brand colour, the others in grey; `reference` marks
    "no change" (0 for a difference, 1 for a ratio).
    """
    data = frame.reset_index(drop=True)
    ax = _axes(ax, (7, 0.55 * len(data) + 1.8))
    positions = np.arange(len(data))
    marked = data[significant].to_numpy(dtype=bool) if significant else np.ones(len(data), bool)
    colors = [_BRAND["color"] if m else "#9aa5b1" for m in marked]
    ax.hlines(positions, data[low], data[high], colors=colors, linewidth=2.5)
    ax.scatter(data[x], positions, color=colors, s=50, zorder=3)
    ax.axvline(reference, color="#333333", linewidth=1, linestyle="--")
    ax.set_yticks(positions, data[y].astype(str))
    wrap_ticks(ax.yaxis)
    ax.set_ylim(len(data) - 0.5, -0.5)
    ax.set_xlabel(xlabel or x)
    ax.set_ylabel("")
    ax.grid(axis="y", visible=False)
    _title(ax, title, subtitle)
    return ax


def score_evidence(evidence: pd.DataFrame, *, title: str, subtitle: str = "", ax=None):
    """Analysts' scores (x) against the evidence rank among measured components (y), per dimension.

    The corners where score and evidence disagree strongly (score >= 4 in the bottom quarter,
    score <= 1 in the top quarter) are shaded. Every point is labelled with its component
    (`label_points`); a dimension's dots sit side by side at each score.
    """
    ax = _axes(ax, (9, 5.8))
    ax.axvspan(3.5, 5.5, ymin=0, ymax=0.25 / 1.1 + 0.05 / 1.1, color="#e76f51", alpha=0.10)
    ax.axvspan(-0.5, 1.5, ymin=(0.75 + 0.05) / 1.1, ymax=1, color="#e9c46a", alpha=0.15)
    data = (
        evidence.dropna(subset=["score"])
        .groupby(["component_id", "name", "dimension"], as_index=False)
        .agg(score=("score", "first"), rank=("rank", "mean"))
    )
    if data.empty:
        ax.text(
            0.5, 0.5, "no scored component has evidence yet", ha="center", transform=ax.transAxes
        )
    else:
        dims = sorted(data["dimension"].unique())
        colors = dict(zip(dims, palette(len(dims)), strict=True))
        dodge = {d: (i - (len(dims) - 1) / 2) * 0.13 for i, d in enumerate(dims)}
        data["x"] = data["score"] + data["dimension"].map(dodge)
        for dim in dims:
            rows = data[data["dimension"] == dim]
            ax.scatter(
                rows["x"],
                rows["rank"],
                s=60,
                color=colors[dim],
                alpha=0.9,
                edgecolor="white",
                label=dim.replace("_", " "),
                zorder=3,
            )
        ax.legend(
            title="dimension",
            bbox_to_anchor=(0.5, -0.16),
            loc="upper center",
            ncol=min(len(dims), 4),
            frameon=False,
        )
    ax.set_xlim(-0.5, 5.5)
    ax.set_ylim(-0.05, 1.05)
    ax.set_xticks(range(6))
    ax.yaxis.set_major_formatter(
        matplotlib.ticker.FuncFormatter(
            lambda v, _: {0: "lowest", 0.5: "middle", 1: "highest"}.get(v, "")
        )
    )
    ax.set_yticks([0, 0.5, 1])
    ax.set_xlabel("analysts' score (0-5)")
    ax.set_ylabel("measured performance\n(rank among components)")
    _title(ax, title, subtitle)
    if not data.empty:  # last: the labels' places are measured on the finished axes
        names = [textwrap.fill(str(n), 22, max_lines=2, placeholder="…") for n in data["name"]]
        label_points(ax, data["x"], data["rank"], names)
    return ax
