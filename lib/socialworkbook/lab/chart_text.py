"""Text on the kit's charts: the print size and type scale, the typeface, SVG output with the
finding as alt text, and labels placed so that none overlaps another.
"""

from __future__ import annotations

import functools
import textwrap
import warnings

import matplotlib.pyplot as plt
import numpy as np

__all__ = [
    "PRINT_WIDTH",
    "TEXT",
    "FONTS",
    "fonts",
    "alt_text",
    "describe_figures",
    "label_points",
    "fit_text",
    "svg_of",
    "rendering",
    "SUBTITLE",
    "subtitle_room",
    "wrap_ticks",
]
LABEL_WIDTH = 30  # characters of a category's name on an axis before it wraps

# Charts print at their own size: no wider than the A4 page's text column (180 mm), so a size in
# points here is the size on paper. One scale of text sizes, none under 8 pt.
PRINT_WIDTH = 6.9  # inches; the column is 7.09
TEXT = {"small": 8, "body": 9, "title": 10.5}
# The reports' typeface first (socialworkbook.css `--sans`); text stays text in the SVG.
FONTS = ["Inter", "Segoe UI", "Helvetica Neue", "Roboto", "Noto Sans", "Liberation Sans", "Arial"]
FONTS_FALLBACK = "DejaVu Sans"


@functools.cache
def fonts() -> list[str]:
    """The reports' typefaces installed here, then matplotlib's own: text is measured in the face
    that prints (the page's stylesheet sets the SVG text's family; a missing face costs a slow
    search and a warning for every text)."""
    from matplotlib import font_manager

    installed = {font.name for font in font_manager.fontManager.ttflist}
    return [f for f in FONTS if f in installed] + [FONTS_FALLBACK]


def alt_text(fig) -> str:
    """The finding sentence a figure states in its title, as one line ("" without a title)."""
    titles = [fig._suptitle.get_text()] if fig._suptitle else []
    titles += [ax.get_title(loc) for ax in fig.axes for loc in ("left", "center", "right")]
    return next((" ".join(t.split()) for t in titles if t.strip()), "")


def describe_figures() -> None:
    """Make the kernel send each figure as SVG with its finding sentence as the alt text."""
    try:
        from IPython import get_ipython
    except ImportError:
        return
    shell = get_ipython()
    if shell is None:
        return
    from matplotlib.figure import Figure
    from matplotlib_inline.backend_inline import set_matplotlib_formats

    plt.switch_backend(plt.get_backend())  # the inline backend registers its formatter on load
    set_matplotlib_formats("svg")
    if "inline" in plt.get_backend():  # a figure is drawn when shown, not after every cell
        from .. import private_apis

        private_apis.skip_repl_draw(shell)
    svg = shell.display_formatter.formatters["image/svg+xml"]
    try:
        draw = svg.lookup_by_type(Figure)
    except KeyError:
        return  # no SVG output for figures in this shell (not the inline backend)
    if draw is not rendering:
        svg.for_type(Figure, rendering)


def rendering(fig) -> tuple[str, dict]:
    """The figure as a notebook shows it: laid out (`fit_text`), as SVG (`svg_of`), with its
    metadata (the alt text)."""
    fit_text(fig)
    return svg_of(fig), {"alt": alt_text(fig)}


def svg_of(fig, *, pad: float = 0.05) -> str:
    """The figure as SVG, cropped to what it draws plus `pad` inches, as `fit_text` laid it out
    (call that first): drawn once, where `savefig(bbox_inches="tight")` lays it out again and
    draws it twice."""
    from IPython.core.pylabtools import print_figure

    crop = fig.get_tightbbox(fig.canvas.get_renderer()).padded(pad)
    engine = fig.get_layout_engine()
    with plt.rc_context({"figure.constrained_layout.use": False}):
        fig.set_layout_engine(None)  # laid out already: print it as it stands
    try:
        return print_figure(fig, "svg", bbox_inches=crop)
    finally:
        fig.set_layout_engine(engine)


def label_points(ax, xs, ys, labels: list[str], *, size: float | None = None) -> list:
    """Label every point of a scatter without two labels overlapping each other or a point.

    Each label takes the first free place of a ring of offsets around its point, nearest first;
    a label placed away from its point gets a thin leader line. A point without a free place is
    numbered, and the number's key is printed under the chart. Returns the texts drawn.
    """
    size = size or TEXT["small"]
    fig = ax.figure
    fig.draw_without_rendering()
    renderer = fig.canvas.get_renderer()
    data = np.column_stack([np.asarray(xs, float), np.asarray(ys, float)])
    points = ax.transData.transform(data)
    radius = 5.0 * fig.dpi / 72  # a dot's radius in display units
    taken = [(x - radius, y - radius, x + radius, y + radius) for x, y in points]
    frame = ax.get_window_extent(renderer)
    rings = [
        (dx * r, dy * r)
        for r in (7, 14, 24, 36)
        for dx, dy in ((1, 0), (-1, 0), (0, 1), (0, -1), (1, 1), (-1, 1), (1, -1), (-1, -1))
    ]

    def free(box) -> bool:
        inside = frame.x0 <= box[0] and box[2] <= frame.x1 and frame.y0 <= box[1]
        inside = inside and box[3] <= frame.y1
        return inside and not any(
            box[0] < t[2] and t[0] < box[2] and box[1] < t[3] and t[1] < box[3] for t in taken
        )

    drawn, unplaced = [], []
    for i in np.argsort(points[:, 1])[::-1]:  # top to bottom
        (x, y), label = points[i], labels[i]
        for dx, dy in rings:
            ha = "left" if dx > 0 else "right" if dx < 0 else "center"
            va = "bottom" if dy > 0 else "top" if dy < 0 else "center"
            text = ax.annotate(
                label,
                tuple(data[i]),
                xytext=(dx, dy),
                textcoords="offset points",
                ha=ha,
                va=va,
                fontsize=size,
                color="#333333",
                zorder=4,
            )
            extent = text.get_window_extent(renderer)
            box = (extent.x0 - 1, extent.y0 - 1, extent.x1 + 1, extent.y1 + 1)
            if free(box):
                taken.append(box)
                if abs(dx) + abs(dy) > 14:  # far from its dot: a leader line to the label
                    near = (min(max(x, box[0]), box[2]), min(max(y, box[1]), box[3]))
                    end = ax.transData.inverted().transform(near)
                    ax.plot(*zip(data[i], end, strict=True), color="#9aa5b1", lw=0.6, zorder=2)
                drawn.append(text)
                break
            text.remove()
        else:
            unplaced.append(i)
    for number, i in enumerate(unplaced, start=1):
        drawn.append(
            ax.annotate(
                str(number),
                tuple(data[i]),
                ha="center",
                va="center",
                fontsize=size,
                color="white",
                fontweight="bold",
                zorder=5,
            )
        )
    if unplaced:
        key = "; ".join(f"{n} {labels[i]}" for n, i in enumerate(unplaced, start=1))
        ax.annotate(
            textwrap.fill(key, 110),
            (0, -0.2),
            xycoords="axes fraction",
            va="top",
            fontsize=size,
            color="#333333",
        )
    return drawn


def fit_text(fig, *, margin: float = 2.0) -> None:
    """Lay the figure out, wrapping any title, note or label that runs past its left or right
    edge, line by line, until it fits: the figure then prints at its own width and its text at
    its own size."""
    from matplotlib.text import Text

    _lay_out(fig)
    renderer = fig.canvas.get_renderer()
    left, right = fig.bbox.x0 + margin, fig.bbox.x1 - margin
    ticks = _tick_labels(fig)
    titles = {t for ax in fig.axes for t in (ax.title, ax._left_title, ax._right_title)}
    texts = [t for ax in fig.axes for t in ax.findobj(Text) if t.get_visible()]
    wrapped = False
    for text in [*texts, *fig.texts]:
        content = text.get_text()
        if " " not in content or text in ticks:
            continue
        # a title is one sentence, wrapped anew; other texts keep their own lines
        lines = [" ".join(content.split())] if text in titles else content.splitlines()
        width = max(len(line) for line in lines)
        while width > 12:
            box = text.get_window_extent(renderer)
            if box.x1 <= right and box.x0 >= left:
                break
            width -= 4
            text.set_text("\n".join(textwrap.fill(line, width) for line in lines))
            wrapped = True
    if wrapped:
        _make_room_for_subtitles(fig)
        _lay_out(fig)


def _lay_out(fig) -> None:
    """Place the figure's axes and text by its layout engine, drawing only its legends (a
    legend places its texts when drawn), not the whole figure."""
    engine = fig.get_layout_engine()
    if engine is not None:
        with warnings.catch_warnings():  # too long to lay out yet: `fit_text` wraps it
            warnings.filterwarnings("ignore", "constrained_layout not applied")
            engine.execute(fig)
    renderer = fig.canvas.get_renderer()
    for legend in [*fig.legends, *(ax.get_legend() for ax in fig.axes)]:
        if legend is not None:
            legend.draw(renderer)


SUBTITLE = "swb-subtitle"  # the gid of a chart's subtitle (`charts._title` draws it)


def subtitle_room(subtitle: str) -> float:
    """Points between a title and its axes that a subtitle of these lines takes (none: 0)."""
    return 5 + 1.3 * TEXT["body"] * (subtitle.count("\n") + 1) if subtitle else 0


def _make_room_for_subtitles(fig) -> None:
    """Lift each title over its subtitle as wrapped (`fit_text` may have added lines)."""
    for ax in fig.axes:
        for note in ax.texts:
            if note.get_gid() == SUBTITLE and note.get_visible():
                ax._set_title_offset_trans(
                    getattr(note, "swb_pad", 0) + 10 + subtitle_room(note.get_text())
                )


def _tick_labels(fig) -> set:
    return {
        label
        for ax in fig.axes
        for axis in (ax.xaxis, ax.yaxis)
        for label in axis.get_ticklabels(which="both")
    }


def wrap_ticks(axis, width: int = LABEL_WIDTH) -> None:
    """Wrap an axis's category names at `width` characters (long names would squeeze the plot
    out of the figure)."""
    ticks = axis.get_ticklocs()
    labels = [
        textwrap.fill(t.get_text(), width, break_long_words=False) for t in axis.get_ticklabels()
    ]
    axis.set_ticks(ticks, labels)
