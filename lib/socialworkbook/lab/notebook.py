"""What a template's setup cell calls: open a client, show escaped text and tables, record results.

Client text is never trusted: every value shown through `say` or `show_table` is escaped for both
HTML and Markdown, so a component called `<script>` or `[x](javascript:...)` shows as written.
"""

from __future__ import annotations

import html
import os
import re
import string
from dataclasses import asdict, dataclass, field
from pathlib import Path

import pandas as pd

from .. import memo, paths, results, runfolder, wording
from ..errors import InputsToFixError, Problem
from ..method.findings import SECTION
from ..model import Client
from ..paths import check_slug
from ..results import PUBLISH_ENV
from ..runfolder import RESULTS_JSON, SCORED_MENTIONS
from ..story import Story

__all__ = [
    "Workbook",
    "open_workbook",
    "escape_text",
    "table_html",
    "figures_html",
    "cards_html",
]

# Markdown first, then HTML: escaping HTML first would turn the `#` of `&#x27;` into `\#`, so an
# apostrophe showed as "&#x27;". ":" and "@" stop bare URLs and e-mail addresses becoming links.
_EMPTY_ITEM = re.compile(r"^\s*(?:[-*+]|\d+\.)\s*$")  # a Markdown bullet with no words
_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|~:@])")


def escape_text(value: object) -> str:
    """Escape a client value for HTML and Markdown (shown as written, never interpreted)."""
    text = _MD_SPECIAL.sub(r"\\\1", str(value))
    return html.escape(text, quote=True).replace("\n", " ")


@dataclass
class Workbook:
    """One client's workbook session inside a template.

    `inputs` is the client as read; `problems` its inputs' problems (only in an interactive
    session, where the editors open on a client with problems to fix them). `client`, what the
    analysis reads, raises `errors.InputsToFixError` while there are problems.
    """

    inputs: Client
    notebook: str
    output_dir: str = ""
    recorded: dict = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    editors: dict = field(default_factory=dict, repr=False, compare=False)  # `refresh.keep`
    banner: object = field(default=None, repr=False, compare=False)  # the problems' display

    @property
    def client(self) -> Client:
        """The valid client the analysis reads."""
        if self.problems:
            raise InputsToFixError(self.inputs.slug, self.problems)
        return self.inputs

    @property
    def name(self) -> str:
        return self.inputs.config.name

    @property
    def color(self) -> str:
        return self.inputs.config.brand_color

    def say(self, template: str, **values) -> None:
        """Show Markdown from a trusted template with escaped client values: `{name}` fields.

        Nothing is shown when every value is an empty string: a section without data has
        nothing to say (its helpers return empty words).
        """
        from IPython.display import Markdown, display

        if values and all(isinstance(v, str) and not v for v in values.values()):
            return
        names = {f for _, f, _, _ in string.Formatter().parse(template) if f}
        safe = {k: escape_text(v) if isinstance(v, str) else v for k, v in values.items()}
        missing = names - set(safe)
        if missing:
            raise KeyError(f"say(): no value for {sorted(missing)}")
        # a bullet whose value was empty says nothing: it is left out, not shown empty
        lines = [ln for ln in template.format(**safe).split("\n") if not _EMPTY_ITEM.match(ln)]
        if any(line.strip() for line in lines):
            display(Markdown("\n".join(lines)))

    def say_paragraphs(self, paragraphs: list[str], *, heading: str = "") -> None:
        """Show escaped paragraphs under a trusted `## heading`; nothing at all (the heading
        neither) when there are none: a section with nothing to say is left out."""
        from IPython.display import Markdown, display

        if not paragraphs:
            return
        shown = [f"## {heading}"] if heading else []
        display(Markdown("\n\n".join(shown + [escape_text(p) for p in paragraphs])))

    def say_points(self, points: dict[str, str]) -> None:
        """Show a bullet list: each point's trusted bold label, then its escaped words."""
        said = {label: text for label, text in points.items() if text}  # no empty bullet
        template = "\n".join(f"- **{label}** {{p{i}}}" for i, label in enumerate(said))
        self.say(template, **{f"p{i}": text for i, text in enumerate(said.values())})

    def show_table(
        self,
        frame: pd.DataFrame,
        *,
        caption: str = "",
        index: bool = False,
        formats: dict | None = None,
        source: pd.DataFrame | None = None,
    ) -> None:
        """Show a DataFrame as an escaped, readable HTML table.

        Nothing is shown when `frame` has no rows, or when `source` (the data the table
        summarises, given where the table has rows of its own, such as totals) has none.
        """
        from IPython.display import HTML, display

        if frame.empty or (source is not None and source.empty):
            return
        display(HTML(table_html(frame, caption=caption, index=index, formats=formats)))

    def show_chart(self, draw, *arguments, **options) -> None:
        """Show the chart `draw(*arguments, **options)` makes (a `charts` function; nothing when
        it draws nothing). In a batch run, a chart that another notebook of the run made from the
        same arguments is shown as that notebook showed it, not drawn again (`memo.remembered`).
        """
        import matplotlib.pyplot as plt
        from IPython.display import display

        from .chart_text import rendering

        def render() -> tuple[str, dict] | None:
            ax = draw(*arguments, **options)
            if ax is None:
                return None
            try:
                return rendering(ax.figure)
            finally:
                plt.close(ax.figure)

        shown = memo.remembered(f"chart-{draw.__name__}", self.client, render, *arguments, options)
        if shown is not None:
            mime = "image/svg+xml"
            display({mime: shown[0]}, metadata={mime: shown[1]}, raw=True)

    def tell(self, story: Story) -> None:
        """Show a section's claim: its headline in bold, then its detail (`say`); a claim
        without a headline shows its detail alone (never an empty bold mark)."""
        if not story.headline:
            self.say("{detail}", detail=story.detail)
            return
        self.say("**{headline}** {detail}", **asdict(story))

    def show_bars(
        self,
        frame: pd.DataFrame,
        story: Story,
        *,
        y: str,
        fmt: str = "",
        x: str = "",
        xlabel: str = "",
    ) -> None:
        """`charts.bars` told by a section's story: its `measure` (the bars, unless `x`), title,
        subtitle, `xlabel` (unless given) and `highlight`; nothing is drawn for an empty frame.

        The bars' labels are written as `fmt`, else as the catalogue writes the measure
        (`Metric.label_spec`: "%" only on a figure in %, never on a rate per post).
        """
        from ..catalogue import METRICS
        from . import charts

        metric = METRICS.get(x or story.measure)
        fmt = fmt or (metric.label_spec if metric else "{:,.1f}")

        charts.bars(
            frame,
            x=x or story.measure,
            y=y,
            title=story.title,
            subtitle=story.subtitle,
            xlabel=xlabel or story.xlabel,
            highlight=story.highlight,
            fmt=fmt,
        )

    def show_trend(
        self, frame: pd.DataFrame, *, y: str, title: str, subtitle: str, ylabel: str
    ) -> None:
        """`charts.trend` of a frame with a `period` column over the client's whole span.

        The reporting period is shaded (the subtitle says so), the baseline period lighter and
        drawn again over the reporting period (dashed), part-buckets are drawn hollow,
        `{bucket}` in `subtitle` reads "week" or "month"; nothing is drawn for an empty frame.
        """
        from ..measure import metrics
        from . import charts

        freq = metrics.trend_freq(self.client)
        period, baseline = self.client.period, self.client.baseline
        shaded = "shaded: the reporting period" + (
            "" if baseline is None else ", grey: the baseline"
        )
        charts.trend(
            frame,
            x="period",
            y=y,
            title=title,
            subtitle=f"{subtitle.format(bucket=_BUCKETS[freq])}; {shaded}.",
            ylabel=ylabel,
            shade=(period.start, period.end),
            partial=metrics.partial_buckets(self.client, freq),
            previous=None if baseline is None else (baseline.start, baseline.end),
        )

    def reload(self) -> None:
        """Read and validate the client again from its folder (same periods), e.g. after a save;
        `problems` are those of the inputs now (a table changed by hand meanwhile included)."""
        from .. import intake

        baseline = self.inputs.baseline
        self.inputs, self.problems = intake.read_client_to_edit(
            self.inputs.folder,
            self.inputs.slug,
            self.inputs.period.label,
            baseline=baseline.label if baseline else None,
        )

    def show_figures(self, figures: pd.DataFrame, *, formats: dict | None = None) -> None:
        """Show key figures as tiles: the value, what it is, the change against the baseline."""
        from IPython.display import HTML, display

        display(HTML(figures_html(figures, formats=formats)))

    def show_cards(self, cards: list[dict]) -> None:
        """Show cards (title, badge, lines of label and text), e.g. one per component's OGST."""
        from IPython.display import HTML, display

        display(HTML(cards_html(cards)))

    def show_ranked(self, items: list[dict], *, empty: str = "") -> None:
        """Show a numbered list: each item's text, what to do and a link to its detail report."""
        from IPython.display import HTML, display

        display(HTML(ranked_html(items, empty=empty)))

    def record(self, **sections) -> None:
        """Record this notebook's results.json sections (only inside a batch run); a later call
        adds its sections to those of the earlier ones.

        The contract's sections (`results.SECTIONS`: `findings` as `findings.as_results`, ...)
        or, in a workspace's own template, a section of its own named by a slug.
        """
        results.record(self.output_dir, self.notebook, **(self.recorded | sections))
        self.recorded.update(sections)

    def results(self) -> dict | None:
        """The run's results.json as the runner last wrote it (None outside a batch run).

        A board summary (`00_*`) runs after every other template of its run: it finds their
        sections here, the findings of a workspace's own templates among them.
        """
        return runfolder.read_results(Path(self.output_dir)) if self.output_dir else None


_BUCKETS = {"W": "week", "MS": "month"}
"""How a trend's bucket (`metrics.trend_freq`) reads in a subtitle."""


def table_html(
    frame: pd.DataFrame, *, caption: str = "", index: bool = False, formats: dict | None = None
) -> str:
    """An escaped HTML table of a DataFrame (tuples joined with commas).

    Internal names, in the headers or as whole cells (a metric key, a vocabulary slug, a post
    type), are shown in the client's words (`wording.name`); `formats` keys are the frame's own
    column names. A column `link` of https addresses (a post's, from the client's data) shows
    each as a link ("open"), escaped; any other value as a dash.
    """
    shown = frame.copy()
    for column in shown.columns:
        if shown[column].map(lambda v: isinstance(v, tuple)).any():
            shown[column] = shown[column].map(lambda v: ", ".join(v) if isinstance(v, tuple) else v)
        if not pd.api.types.is_numeric_dtype(shown[column]) and column != LINK:
            shown[column] = shown[column].map(wording.words)
    if index:
        shown.index = shown.index.map(wording.words).rename(_header(shown.index.name))
    chosen = {c: _number_format(shown[c]) for c in shown.columns if _is_float(shown[c])}
    chosen |= {c: "{:,}" for c in shown.columns if pd.api.types.is_integer_dtype(shown[c])}
    chosen.update(formats or {})
    if LINK in shown.columns:
        chosen[LINK] = _link  # given the escaped value
    numeric = [c for c in shown.columns if _is_number(shown[c])]
    figures = [c for c in shown.columns if c not in numeric and _is_figure_text(shown[c])]
    chosen |= {c: _figure_pieces for c in figures if c not in chosen}
    styled = shown.style.format(chosen, na_rep="–", escape="html", precision=1)
    styled = styled.set_table_styles(_TABLE_RULES, overwrite=False)
    right = [{"selector": "th", "props": _NUMBER_HEADER}, {"selector": "td", "props": _NUMBER_CELL}]
    styled = styled.set_table_styles({c: right for c in numeric}, overwrite=False)
    parts = [{"selector": cell, "props": _NUMBER_HEADER} for cell in ("th", "td")]
    styled = styled.set_table_styles({c: parts for c in figures}, overwrite=False)
    whole = [{"selector": "td", "props": _UNBROKEN_CELL}]
    dates = [c for c in shown.columns if c not in numeric and _is_date(shown[c])]
    styled = styled.set_table_styles({c: whole for c in dates}, overwrite=False)
    text = [c for c in shown.columns if c not in numeric + figures + dates and c != LINK]
    widths = {c: _two_lines(shown[c]) for c in text}
    share = min(1.0, _TEXT_FLOORS_EM / (sum(widths.values()) or 1))  # several long columns
    widths = {c: round(w * share, 1) for c, w in widths.items()}
    styled = styled.set_table_styles(
        {c: [{"selector": "td", "props": f"min-width: {w}em;"}] for c, w in widths.items() if w},
        overwrite=False,
    )
    if not index:
        styled = styled.hide(axis="index")
    if caption:
        styled = styled.set_caption(html.escape(caption))
    styled = styled.format_index(_header, escape="html", axis=1)
    table = styled.set_table_attributes('class="swb-table"').to_html()
    return f'<div class="swb-table-box">{table}</div>{_TABLE_BOX_STYLE}'


# A table fits its output area: text at the left, headers wrapping at spaces, numbers whole at
# the right; one still wider than its area (its columns at their narrowest) scrolls sideways
# in its own box, not the whole output, its caption held to the box's width and left edge so it
# reads without scrolling. On paper nothing scrolls (socialworkbook.css).
_TABLE_RULES = [
    {"selector": "th, td", "props": "text-align: left; overflow-wrap: normal; hyphens: none;"},
    {"selector": "td", "props": "vertical-align: top;"},
    {"selector": ".swb-whole", "props": "white-space: nowrap;"},
]
_TABLE_BOX_STYLE = """<style>
.swb-table-box{max-width:100%;overflow-x:auto;container-type:inline-size}
.swb-table-box>table>caption{text-align:left;max-width:100cqw;position:sticky;left:0}
@media print{.swb-table-box{overflow:visible}}
</style>"""
_TWO_LINES_CAP_EM = 30.0  # a text column's floor at most: longer text takes more lines
_TEXT_FLOORS_EM = 96.0  # all text columns' floors together: a table of several shares them
_EM_PER_CHARACTER = 0.6  # a letter's average width, with room for the spaces


def _two_lines(column: pd.Series) -> float:
    """The width (em) at which every cell of a text column takes at most two lines, broken at
    a space: the longer half of its best split; 0 for cells of one or two words, which never
    take more, capped at `_TWO_LINES_CAP_EM`.

    Without it a squeezed table wraps a long text column at every word (3-6 lines a row)."""
    widest = 0
    for text in column.dropna().astype(str).unique():
        words = text.split()
        if len(words) < 3:
            continue
        halves = (
            max(len(" ".join(words[:at])), len(" ".join(words[at:]))) for at in range(1, len(words))
        )
        widest = max(widest, min(halves))
    width = _EM_PER_CHARACTER * widest
    return round(min(width, _TWO_LINES_CAP_EM), 1)


# Figures written as text with their interval or pair: "x1.43 (0.94 to 2.18, 98.8%)",
# "200.62 → 286.74", "222 / 224", "+20 points (+17 to +23, 98.8%)". Each part stays whole;
# the cell may break only between the parts.
_FIGURE_TEXT = re.compile(
    r"[x×+\-−<]?\s?\d[\d,.]*%?(\spoints)?(\s(to|of|→|/)\s?[+\-−]?\d[\d,.]*%?)*"
    r"(\s\([^()]*\d[^()]*\))?"
)
_FIGURE_BREAKS = re.compile(r"\s(?=\()|(?<=→)\s|(?<=/)\s")


def _is_figure_text(column: pd.Series) -> bool:
    text = column.dropna().astype(str)
    text = text[~text.isin(_NO_NUMBER)]
    return len(text) > 0 and bool(text.map(lambda v: bool(_FIGURE_TEXT.fullmatch(v))).all())


def _figure_pieces(escaped: object) -> str:
    """An escaped figure as its parts, each unbroken (`.swb-whole`)."""
    parts = _FIGURE_BREAKS.split(str(escaped))
    return " ".join(f'<span class="swb-whole">{part}</span>' for part in parts)


LINK = "link"
_HTTPS = re.compile(r"https://[^\s\"'<>]+")


def _link(escaped: object) -> str:
    """An escaped https address as a link; anything else as a dash."""
    text = str(escaped)
    return f'<a href="{text}">open</a>' if _HTTPS.fullmatch(text) else "–"


def _header(label) -> str:
    return wording.name(label) if isinstance(label, str) and "_" in label else label


# Tiles and cards carry their own small stylesheet so they read the same in JupyterLab and HTML.
_CARD_STYLE = """<style>
.swb-tiles{display:grid;grid-template-columns:repeat(auto-fill,minmax(180px,1fr));gap:12px;
  margin:8px 0 16px}
.swb-tile{border:1px solid #dde2e8;border-radius:8px;padding:12px 14px;background:#fff}
.swb-value{font-size:1.9em;font-weight:700;line-height:1.1}
.swb-label{color:#444;font-size:.9em;margin:4px 0}
.swb-delta{font-size:.85em;color:#666}.swb-up{color:#1b7f5b}.swb-down{color:#b3412a}
.swb-tile-note{font-size:.8em;color:#555;margin-top:6px;line-height:1.3}
.swb-tiles-head,.swb-no-note{display:none}
.swb-base{font-size:.8em;color:#666}.swb-base::before{content:"baseline "}
.swb-cards{display:grid;grid-template-columns:repeat(auto-fill,minmax(320px,1fr));gap:12px}
.swb-card{border:1px solid #dde2e8;border-radius:8px;padding:10px 14px;background:#fff;
  break-inside:avoid}
.swb-card-title{font-weight:700;margin-bottom:6px}
.swb-badge{font-size:.75em;font-weight:600;background:#eef1f5;border-radius:10px;padding:1px 8px}
.swb-line{display:grid;grid-template-columns:90px 1fr;gap:6px;font-size:.9em;padding:2px 0}
.swb-key{color:#666}
</style>"""


_NUMBER_HEADER = "text-align: right; font-variant-numeric: tabular-nums;"
_NUMBER_CELL = _NUMBER_HEADER + " white-space: nowrap;"  # "1,226,862" and "n/a" whole


_NUMBER_TEXT = re.compile(r"[+\-−]?[€$£]?\d[\d,]*(\.\d+)?\s?%?")  # money too: "€149,155"
_NO_NUMBER = ("", "–", "—", "n/a")  # a numeric column's empty cells, aligned with its numbers
_UNBROKEN_CELL = "white-space: nowrap;"  # a date never wraps as "2026-09-/30"
_DATE_TEXT = re.compile(r"\d{4}-\d{2}(-\d{2})?")


def _is_date(column: pd.Series) -> bool:
    """Dates, or ISO dates written as text ("2026-09-30"), which must not break across lines."""
    if pd.api.types.is_datetime64_any_dtype(column):
        return True
    text = column.dropna().astype(str)
    text = text[~text.isin(_NO_NUMBER)]
    return len(text) > 0 and bool(text.map(lambda v: bool(_DATE_TEXT.fullmatch(v))).all())


def _is_number(column: pd.Series) -> bool:
    """Numbers (not flags), also ones already written as text ("1,226,862", "+44%"), read best
    right-aligned, digits under digits."""
    if pd.api.types.is_bool_dtype(column):
        return False
    if pd.api.types.is_numeric_dtype(column) or _is_float(column):
        return True
    text = column.dropna().astype(str)
    text = text[~text.isin(_NO_NUMBER)]
    return len(text) > 0 and bool(text.map(lambda v: bool(_NUMBER_TEXT.fullmatch(v))).all())


def _is_float(column: pd.Series) -> bool:
    return pd.api.types.is_float_dtype(column) or (
        column.dtype == object and column.map(lambda v: isinstance(v, float) or v is None).all()
    )


def _number_format(column: pd.Series):
    """Whole numbers without decimals (a count never reads "440,000.0"), others with two places
    where the column's numbers are small, else one; thousands separated."""
    values = pd.to_numeric(column, errors="coerce").dropna()
    decimals = 2 if not values.empty and values.abs().max() < 10 else 1

    def number(value) -> str:
        whole = round(float(value), decimals) == round(float(value))  # 57.99999 reads "58"
        return f"{float(value):,.{0 if whole else decimals}f}"

    return number


def figures_html(figures: pd.DataFrame, *, formats: dict | None = None) -> str:
    """Tiles of figures (columns figure, period, baseline, change; optional change_text, the
    change in words, note, a line under the tile, and verdict, the change's verdict), values
    formatted per figure: `formats` maps a figure's `metric` key to a format string or to a
    formatter such as `wording.count`.

    Only a change whose verdict is "beyond chance" is coloured (green up, red down); one
    within chance or untested reads in the neutral grey, so a colour is always a verdict.
    """
    formats = formats or {}
    tiles = []
    for row in figures.to_dict("records"):
        fmt = formats.get(row.get("metric"), "{:,.1f}")
        write = fmt if callable(fmt) else fmt.format
        change = row.get("change")
        if change is None or pd.isna(change):
            delta = '<span class="swb-delta">no baseline</span>'
        else:
            written = write(change)
            sign = "+" if change > 0 and not written.startswith("+") else ""
            text = row.get("change_text") or f"{sign}{written} vs baseline"
            real = row.get("verdict") == "beyond chance"
            colour = (" swb-up" if change > 0 else " swb-down") if real else ""
            # on paper the strip's "Baseline" column says it: " vs baseline" is left out there
            text = html.escape(text).replace(" vs baseline", _VS_BASELINE)
            delta = f'<span class="swb-delta{colour}">{text}</span>'
        note = row.get("note") or ""
        note = f'<div class="swb-tile-note">{html.escape(str(note))}</div>' if note else _NO_NOTE
        before = row.get("baseline")
        before = "n/a" if before is None or pd.isna(before) else write(before)
        tiles.append(
            '<div class="swb-tile">'
            f'<div class="swb-value">{html.escape(write(row["period"]))}</div>'
            f'<div class="swb-label">{html.escape(str(row["figure"]))}</div>{delta}'
            f'<div class="swb-base">{html.escape(before)}</div>{note}</div>'
        )
    return f'{_CARD_STYLE}<div class="swb-tiles">{_TILES_HEAD}{"".join(tiles)}</div>'


# On paper the tiles are one compact strip, a row a figure (socialworkbook.css): these are its
# column heads, and the baseline's value and an empty note keep every row's columns; on screen
# the heads are hidden and the baseline reads "baseline 924,198" under the change.
_TILES_HEAD = (
    '<div class="swb-tiles-head" aria-hidden="true"><span>Figure</span><span>This period</span>'
    "<span>Baseline</span><span>Change</span><span>How sure</span></div>"
)
_VS_BASELINE = '<span class="swb-vs"> vs baseline</span>'
_NO_NOTE = '<div class="swb-tile-note swb-no-note">\u2013</div>'


def cards_html(cards: list[dict]) -> str:
    """Escaped HTML cards: each dict has title, badge (may be empty) and lines [(label, text)]."""
    out = []
    for card in cards:
        badge = card.get("badge") or ""
        lines = "".join(
            f'<div class="swb-line"><span class="swb-key">{html.escape(str(k))}</span>'
            f"<span>{html.escape(str(v))}</span></div>"
            for k, v in card.get("lines", [])
        )
        out.append(
            '<div class="swb-card">'
            f'<div class="swb-card-title">{html.escape(str(card["title"]))}'
            + (f' <span class="swb-badge">{html.escape(str(badge))}</span>' if badge else "")
            + f"</div>{lines}</div>"
        )
    return f'{_CARD_STYLE}<div class="swb-cards">{"".join(out)}</div>'


def ranked_html(items: list[dict], *, empty: str = "") -> str:
    """An escaped numbered list of dicts with text, action and notebook, linked as the section
    of its report that shows the detail: `<notebook>.html#<section>` beside this one (an item's
    `section`, else `findings.SECTION`, where a report lists its findings); `empty` in a
    paragraph where there are no items."""
    if not items:
        return f"<p>{html.escape(empty)}</p>"
    rows = "".join(
        f"<li><strong>{html.escape(str(item['text']))}</strong> "
        + (f"{html.escape(str(item['action']))} " if item["action"] else "")
        + f'<a href="{html.escape(item["notebook"])}.html#'
        f'{html.escape(item.get("section") or SECTION)}">'
        f"Detail: {html.escape(wording.words(item['notebook']))}</a></li>"
        for item in items
    )
    return f'<ol class="swb-ranked">{rows}</ol>'


def open_workbook(
    client: str,
    *,
    notebook: str,
    period: str = "",
    baseline: str = "",
    data_root: str = "",
    output_dir: str = "",
) -> Workbook:
    """Read and validate `client` (raising with every problem) and set up the charts' style.

    `output_dir` is used only inside a batch run's kernel (`PUBLISH_ENV`); in an interactive
    re-run the workbook writes nothing and says so.
    """
    from .. import intake
    from . import charts

    published = bool(output_dir) and os.environ.get(PUBLISH_ENV) == "1"
    # in a batch run, the client and the figures several of its notebooks need are read or
    # computed once (`memo`)
    shared = Path(output_dir) / runfolder.STAGING / "derived" if published else None
    problems: list[Problem] = []
    if published:
        loaded = intake.read_client(
            client,
            data_root=data_root or None,
            period=period or None,
            baseline=baseline or None,
            memo_folder=shared,
        )
        Path(output_dir).mkdir(parents=True, exist_ok=True)
    else:  # the editors open on a client with problems, to fix them where the analyst is
        loaded, problems = intake.read_client_to_edit(
            paths.client_folder(client, data_root or None),
            client,
            period or None,
            baseline=baseline or None,
        )
    memo.share_in(shared)
    charts.set_style(loaded.config.brand_color)
    workbook = Workbook(loaded, notebook, output_dir if published else "", problems=problems)
    if problems:
        workbook.banner = _show_problems(loaded.slug, problems)
    if not published:
        _watch_cells()
    if output_dir and not published:
        # The slug is checked (a-z0-9_-) and shown in a code span, where an escape would show.
        workbook.say(
            f"*An interactive re-run: the published run's reports, {RESULTS_JSON} and "
            f"{SCORED_MENTIONS} are left as they were. "
            f"`socialworkbook run {check_slug(loaded.slug)} --force` publishes a new run.*"
        )
    return workbook


def _watch_cells() -> None:
    """In a notebook's kernel, keep the cells run from here on, so a save can refresh them."""
    try:
        from IPython import get_ipython
    except ImportError:
        return
    shell = get_ipython()
    if shell is not None and getattr(shell, "kernel", None) is not None:
        from . import refresh

        refresh.watch(shell)


def update_banner(wb: Workbook) -> None:
    """The problems shown above the editors as they are now (after a save): the rest, or that
    none is left."""
    if wb.banner is None:
        return
    from IPython.display import HTML

    if wb.problems:
        wb.banner.update(HTML(_problems_html(wb.inputs.slug, wb.problems)))
    else:
        wb.banner.update(
            HTML(
                '<div style="background:#eaf5ec;border-left:4px solid #2e7d32;padding:6px 10px">'
                f"The inputs of {html.escape(wb.inputs.slug)} have no problem left.</div>"
            )
        )


def _show_problems(slug: str, problems: list[Problem]):
    """The problems of a client's inputs, in short, above its editors; the display's handle."""
    from IPython.display import HTML, display

    return display(HTML(_problems_html(slug, problems)), display_id=True)


def _problems_html(slug: str, problems: list[Problem]) -> str:
    items = "".join(f"<li>{html.escape(str(p))}</li>" for p in problems[:20])
    more = f"<li>… and {len(problems) - 20} more</li>" if len(problems) > 20 else ""
    return (
        '<div style="background:#fdecea;border-left:4px solid #c62828;padding:6px 10px">'
        f"<b>The inputs of {html.escape(slug)} have {len(problems)} problem(s).</b> The "
        "editors below list each beside its row: fix it there and Save. The analysis "
        f"stops until they are fixed.<ul>{items}{more}</ul></div>"
    )
