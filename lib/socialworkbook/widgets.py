"""Editors for analysts in JupyterLab, one call per cell, saving safely to the client folder.

Each public function takes the notebook's `Workbook`, displays an editor and returns None:

- `choose_client(wb)`: the client and period this notebook works on, and how to switch.
- `edit_ecosystem(wb)`: add, edit or retire a component of the ecosystem.
- `edit_ogst(wb)`: add, edit or remove an objective-goal-strategy-tactics line.
- `edit_value_scores(wb)`: a grid of sliders, component x value dimension.
- `edit_functions(wb)`: add, edit or remove a row of the business-function framework.

Save goes through `editing.TableEdit.save`: the client folder is validated with the rules of
`socialworkbook validate`, every problem is listed inside the editor and nothing is written when
one is found; a valid table is written atomically, in the format it came in, the previous version
kept under `.history/`. After a save the editor reloads `wb.client`, shows a preview of the effect
and says how to refresh the cells below (Run > Run Selected Cell and All Below).

Batch runs and HTML have no live widget: each editor's output carries, beside the widget view, a
`text/html` table of the current values (client text escaped), which nbconvert renders.
"""

from __future__ import annotations

import abc
import html
from dataclasses import dataclass

import ipywidgets as widgets
import matplotlib.pyplot as plt
import pandas as pd
from IPython.display import HTML, display

from . import charts, editing, framework, intake, ogst, value, vocab, wording
from .ecosystem import inventory, label
from .ecosystem import names as component_names
from .errors import Problem, ValidationError, WorkbookError
from .notebook import Workbook, table_html
from .periods import parse_period

__all__ = [
    "choose_client",
    "edit_ecosystem",
    "edit_ogst",
    "edit_value_scores",
    "edit_functions",
]

_REFRESH = (
    "To update the analysis below, select this cell and choose "
    "<b>Run &gt; Run Selected Cell and All Below</b>."
)
_NEW = -1  # the row picker's value for a row not yet in the table
_CSS = """<style>
.swb-editor {border: 1px solid #d0d7de; border-radius: 4px; padding: 8px 14px 12px;
  margin: 4px 0; background: #fff}
.swb-editor .swb-title {font-size: 15px; font-weight: 600; margin: 2px 0}
.swb-editor .swb-hint {color: #57606a; font-size: 12.5px; line-height: 1.4}
.swb-editor .swb-head {font-weight: 600; font-size: 12px; text-align: center; line-height: 1.2}
.swb-editor .swb-name {font-size: 13px; line-height: 1.25}
.swb-editor .swb-unscored {opacity: 0.45}
.swb-editor .swb-ok, .swb-editor .swb-bad {padding: 6px 10px; border-radius: 3px; line-height: 1.45}
.swb-editor .swb-ok {background: #eaf5ec; border-left: 4px solid #2e7d32}
.swb-editor .swb-bad {background: #fdecea; border-left: 4px solid #c62828}
.swb-editor .swb-bad ul {margin: 4px 0 0; padding-left: 20px}
.swb-editor code {background: #f3f4f6; padding: 0 3px}
.swb-editor textarea {font-family: var(--jp-ui-font-family); font-size: 13px}
.swb-editor .widget-hslider .widget-readout {min-width: 28px; max-width: 34px}
.swb-editor .swb-chosen {color: #57606a; font-size: 12px; line-height: 1.3; max-width: 100%}
</style>"""


def choose_client(wb: Workbook) -> None:
    """Show which client and period this notebook works on, and how to switch to another."""
    display(_ClientChooser(wb))


def edit_ecosystem(wb: Workbook) -> None:
    """Show the ecosystem editor: pick a component (or a new one), edit it, Save or Retire."""
    display(_EcosystemEditor(wb))


def edit_ogst(wb: Workbook) -> None:
    """Show the OGST editor: pick a line (or a new one), edit it, Save or Remove."""
    display(_OgstEditor(wb))


def edit_value_scores(wb: Workbook) -> None:
    """Show the value-score editor: a 0-5 slider per component and dimension, and Save."""
    display(_ValueScoreEditor(wb))


def edit_functions(wb: Workbook) -> None:
    """Show the business-function framework editor: pick a row, edit it, Save or Remove."""
    display(_FunctionEditor(wb))


# --- what every editor shares --------------------------------------------------------------------


class _Panel(abc.ABC):
    """A widget box displayed with a static HTML rendering of the same values beside it."""

    def __init__(self, wb: Workbook, title: str, hint: str):
        self.wb = wb
        self.message = widgets.HTML()
        self.header = widgets.HTML(
            f'{_CSS}<div class="swb-title">{html.escape(title)}</div>'
            f'<div class="swb-hint">{hint}</div>'
        )
        self.box = widgets.VBox(
            layout=widgets.Layout(
                width="auto", max_width="1100px", border_left=f"4px solid {wb.color}"
            )
        )
        self.box.add_class("swb-editor")

    @abc.abstractmethod
    def static_html(self) -> str:
        """The current values as an escaped HTML table, for outputs without a live widget."""

    @abc.abstractmethod
    def summary(self) -> str:
        """One line of plain text describing the panel."""

    def say(self, kind: str, text: str) -> None:
        """Show a message in the panel: kind "ok" or "bad", `text` already escaped."""
        self.message.value = f'<div class="swb-{kind}">{text}</div>'

    def _repr_mimebundle_(self, include=None, exclude=None) -> dict:
        bundle = self.box._repr_mimebundle_(include=include, exclude=exclude)
        bundle["text/plain"] = self.summary()
        bundle["text/html"] = self.static_html()
        return bundle


class _TableEditor(_Panel):
    """An editor of one client table: Save validates, writes, reloads and previews."""

    table_name = ""

    def __init__(self, wb: Workbook, title: str, hint: str):
        super().__init__(wb, title, hint)
        self.table = editing.load_table(wb.client.folder, self.table_name, slug=wb.client.slug)
        self.save_button = _button("Save", "primary", "save")
        self.save_button.on_click(lambda _: self.save())
        self.preview = widgets.Output()

    @abc.abstractmethod
    def edited(self) -> pd.DataFrame:
        """The table with the editor's changes."""

    @abc.abstractmethod
    def after_save(self) -> None:
        """Bring the editor in line with the saved table (options, values)."""

    @abc.abstractmethod
    def show_preview(self) -> None:
        """Display the effect of the saved table (inside the preview area)."""

    def readable(self, columns: list[str], caption: str) -> str:
        """An HTML table of `columns` of the loaded table (those it has), in plain words."""
        shown = self.table.frame[[c for c in columns if c in self.table.frame.columns]].copy()
        names = component_names(self.wb.client)
        for column in shown.columns:
            spec = vocab.TABLES[self.table_name].column(column)
            shown[column] = shown[column].map(lambda text, spec=spec: _worded(text, spec, names))
        shown = _plain_headers(shown).rename(columns={"component id": "component"})
        return table_html(shown, caption=caption)

    def save(self, frame: pd.DataFrame | None = None) -> None:
        """Save `frame` (default: the editor's changes); show the problems or the effect."""
        with self.preview:  # an unexpected error shows here, not only in the log
            self.preview.clear_output()
            try:
                saved = self.table.save(self.edited() if frame is None else frame)
            except ValidationError as exc:
                self.say("bad", _problems_html(exc.problems))
                return
            except (WorkbookError, OSError) as exc:
                self.say("bad", f"Nothing was saved. {html.escape(str(exc))}")
                return
            if saved is None:
                self.say("ok", "Nothing to save: the table already holds these values.")
                return
            self.wb.reload()
            self.after_save()
            text = f"Saved <code>{html.escape(saved.file)}</code>."
            if saved.history:
                kept = html.escape(f"{editing.HISTORY_DIR}/{saved.history.name}")
                text += f" The previous version is kept as <code>{kept}</code>."
            self.say("ok", f"{text} {_REFRESH}")
            self.show_preview()


def _problems_html(problems: list[Problem]) -> str:
    items = "".join(f"<li>{html.escape(str(p))}</li>" for p in problems)
    count = f"{len(problems)} problem" + ("s" if len(problems) != 1 else "")
    return f"<b>Nothing was saved: {count} to fix first.</b><ul>{items}</ul>"


def _button(description: str, style: str, icon: str) -> widgets.Button:
    return widgets.Button(
        description=description,
        button_style=style,
        icon=icon,
        layout=widgets.Layout(width="auto", min_width="110px"),
    )


def _worded(text: str, column: vocab.Column | None, names: dict[str, str]) -> str:
    """A cell for reading: lists joined with commas, slugs in plain words, ids as names."""
    if column is None or column.kind not in ("multi", "multi_metric", "multi_ref", "vocab", "ref"):
        return text
    items = _items(text) if column.kind.startswith("multi") else [text.strip()]
    if column.vocab:
        items = [label(item) for item in items]
    elif column.kind in ("ref", "multi_ref"):
        items = [names.get(item, item) for item in items]
    return ", ".join(items)


def _plain_headers(frame: pd.DataFrame) -> pd.DataFrame:
    return frame.rename(columns=wording.name)


def _short(text: str, limit: int = 70) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _items(text: str) -> list[str]:
    """The `;`-separated items of a cell, stripped, empty ones dropped."""
    return [item.strip() for item in str(text).split(";") if item.strip()]


def _components(wb: Workbook) -> list[tuple[str, str]]:
    """(label, component_id) of every component, for dropdowns and multi-selects."""
    eco = wb.client.table("ecosystem")
    return [(f"{n} ({c})", c) for c, n in zip(eco["component_id"], eco["name"], strict=True)]


def _metrics(wb: Workbook) -> list[tuple[str, str]]:
    """(label, key) of the metrics a goal or chain may name: the kit's, then the client's own."""
    known = [(f"{key}: {meaning}", key) for key, meaning in vocab.KNOWN_METRICS.items()]
    own = sorted(set(wb.client.table("metrics")["metric"]) - set(vocab.KNOWN_METRICS) - {""})
    return known + [(f"{name}: from the metrics table", name) for name in own]


# --- choose_client ------------------------------------------------------------------------------


class _ClientChooser(_Panel):
    """The notebook's client and period, a picker of the others, and how to switch."""

    def __init__(self, wb: Workbook):
        super().__init__(
            wb,
            "Client and period",
            "Pick another client or period to see how to switch this notebook to it.",
        )
        client = wb.client
        self.root = client.folder.parent
        slugs = sorted(
            p.name
            for p in self.root.iterdir()
            if p.is_dir() and vocab.SLUG.match(p.name) and (p / intake.CONFIG_FILE).is_file()
        )
        self.current = widgets.HTML(f'<div class="swb-ok">{self._current_html()}</div>')
        self.client = widgets.Dropdown(options=slugs, value=client.slug, description="Client")
        self.period = widgets.Text(
            value=client.period.label,
            description="Period",
            placeholder="e.g. 2026-Q3, 2026-07 or 2026-07-01..2026-09-30",
        )
        self.client.observe(lambda _: self.advise(), names="value")
        self.period.observe(lambda _: self.advise(), names="value")
        self.box.children = [
            self.header,
            self.current,
            widgets.HBox([self.client, self.period]),
            self.message,
        ]

    def _current_html(self) -> str:
        client = self.wb.client
        baseline = (
            f", compared with <b>{html.escape(client.baseline.label)}</b>"
            if client.baseline
            else ""
        )
        return (
            f"This notebook works on <b>{html.escape(client.config.name)}</b> "
            f"(<code>{html.escape(client.slug)}</code>), period "
            f"<b>{html.escape(client.period.label)}</b> ({client.period.start:%d %b %Y} to "
            f"{client.period.end:%d %b %Y}){baseline}."
        )

    def advise(self) -> None:
        """Say whether the picked client and period can be used, and how to switch to them."""
        slug, period = self.client.value, self.period.value.strip()
        if slug == self.wb.client.slug and period == self.wb.client.period.label:
            self.message.value = ""
            return
        if period:
            try:
                parse_period(period)
            except ValueError as exc:
                self.say("bad", html.escape(str(exc)))
                return
        problems = intake.validate(slug, self.root)
        if problems:
            self.say(
                "bad",
                f"<code>{html.escape(slug)}</code> has {len(problems)} problem(s) in its inputs: "
                f"run <code>socialworkbook validate {html.escape(slug)}</code> to list them.",
            )
            return
        lines = html.escape(f'client = "{slug}"\nperiod = "{period}"')
        self.say(
            "ok",
            "To switch, write these lines in the <b>parameters</b> cell at the top of this "
            f"notebook:<pre>{lines}</pre>then choose <b>Run &gt; Run All Cells</b>. Or, in a "
            f"terminal, <code>socialworkbook lab {html.escape(slug)}</code> opens that client's "
            "own notebooks.",
        )

    def static_html(self) -> str:
        client = self.wb.client
        row = {
            "client": client.slug,
            "name": client.config.name,
            "period": client.period.label,
            "from": client.period.start.isoformat(),
            "to": client.period.end.isoformat(),
            "baseline": client.baseline.label if client.baseline else "none",
        }
        return table_html(pd.DataFrame([row]), caption="Client and period of this notebook")

    def summary(self) -> str:
        return f"Client: {self.wb.client.slug}, period {self.wb.client.period.label}"


# --- value scores --------------------------------------------------------------------------------


class _ValueScoreEditor(_TableEditor):
    """A grid of 0-5 sliders, active and planned component x value dimension."""

    table_name = "value_scores"

    def __init__(self, wb: Workbook):
        super().__init__(
            wb,
            f"Value scores of {wb.name}",
            "Score each component from 0 (creates no value) to 5 (creates strong value) on each "
            "dimension. Faded sliders are not scored yet: moving one scores it. Save writes "
            "every changed score.",
        )
        self.sliders: dict[tuple[str, str], widgets.FloatSlider] = {}
        self.touched: set[tuple[str, str]] = set()
        self.initial: dict[tuple[str, str], float] = {}
        eco = wb.client.table("ecosystem")
        components = eco[eco["status"] != "retired"]
        dimensions = value.dimensions(wb.client)
        # One layout and one style for every slider: 66 sliders, not 200 widget models saved.
        layout = widgets.Layout(width="140px")
        style = widgets.SliderStyle(handle_color=wb.color)
        cells = [widgets.HTML("")]
        cells += [_html(label(d), "swb-head") for d in dimensions]
        for cid, name, status in components[["component_id", "name", "status"]].itertuples(
            index=False
        ):
            planned = " <i>(planned)</i>" if status == "planned" else ""
            cells.append(widgets.HTML(f'<div class="swb-name">{html.escape(name)}{planned}</div>'))
            for dim in dimensions:
                slider = widgets.FloatSlider(
                    min=0,
                    max=5,
                    step=0.5,
                    readout_format=".2",  # d3: two significant digits, zeros trimmed: 3, 4.5
                    continuous_update=False,
                    style=style,
                    layout=layout,
                )
                slider.observe(lambda _, key=(cid, dim): self._touch(key), names="value")
                self.sliders[(cid, dim)] = slider
                cells.append(slider)
        self.grid = widgets.GridBox(
            cells,
            layout=widgets.Layout(
                grid_template_columns=f"minmax(160px, 230px) repeat({len(dimensions)}, 140px)",
                grid_gap="2px 6px",
                align_items="center",
                overflow="auto",
            ),
        )
        self._set_values()
        self.box.children = [
            self.header,
            self.grid,
            widgets.HBox([self.save_button]),
            self.message,
            self.preview,
        ]

    def _scores(self) -> dict[tuple[str, str], float]:
        """The mean score of each (component, dimension) in the loaded table."""
        frame = self.table.frame
        if frame.empty:
            return {}
        scores = pd.to_numeric(frame["score"].str.strip(), errors="coerce")
        keys = zip(frame["component_id"].str.strip(), frame["dimension"].str.strip(), strict=True)
        means = pd.Series(scores.to_numpy(), index=pd.MultiIndex.from_tuples(list(keys)))
        return means.dropna().groupby(level=[0, 1]).mean().to_dict()

    def _set_values(self) -> None:
        self.initial = {k: v for k, v in self._scores().items() if k in self.sliders}
        for key, slider in self.sliders.items():
            slider.value = self.initial.get(key, 0.0)
            if key in self.initial:
                slider.remove_class("swb-unscored")
            else:
                slider.add_class("swb-unscored")
        self.touched = set()

    def _touch(self, key: tuple[str, str]) -> None:
        self.touched.add(key)
        self.sliders[key].remove_class("swb-unscored")

    def edited(self) -> pd.DataFrame:
        frame = self.table.frame.reset_index(drop=True)
        added = []
        for key in sorted(self.touched):
            score = self.sliders[key].value
            if self.initial.get(key) == score:
                continue
            cid, dim = key
            rows = (frame["component_id"].str.strip() == cid) & (
                frame["dimension"].str.strip() == dim
            )
            if rows.any():
                frame.loc[rows, "score"] = f"{score:g}"
            else:
                added.append({"component_id": cid, "dimension": dim, "score": f"{score:g}"})
        return pd.concat([frame, pd.DataFrame(added)], ignore_index=True).fillna("")

    def after_save(self) -> None:
        self._set_values()

    def show_preview(self) -> None:
        matrix = value.score_matrix(self.wb.client)
        names = component_names(self.wb.client)
        matrix.index = [names.get(c, c) for c in matrix.index]
        ax = charts.heatmap(
            matrix,
            title="Value scores as saved",
            subtitle="0 = no value, 5 = strong value; blank = not scored",
            fmt=".2g",
        )
        display(ax.figure)
        plt.close(ax.figure)

    def static_html(self) -> str:
        scores = self._scores()
        eco = self.wb.client.table("ecosystem")
        dimensions = value.dimensions(self.wb.client)
        rows = [
            {"component": name} | {label(d): scores.get((cid, d)) for d in dimensions}
            for cid, name, status in eco[["component_id", "name", "status"]].itertuples(index=False)
            if status != "retired"
        ]
        frame = pd.DataFrame(rows, columns=["component", *(label(d) for d in dimensions)])
        formats = {label(d): "{:g}" for d in dimensions}
        return table_html(frame, caption="Value scores (0-5; – = not scored)", formats=formats)

    def summary(self) -> str:
        return f"Value-score editor: {len(self.sliders)} sliders ({self.wb.client.slug})"


def _html(text: str, css: str) -> widgets.HTML:
    return widgets.HTML(f'<div class="{css}">{html.escape(text)}</div>')


# --- row editors: ecosystem, OGST, functions ----------------------------------------------------


@dataclass
class _Field:
    """One column of a row editor: its widget, and how the widget reads and writes the cell.

    Kinds: "text" (Text, Textarea, Dropdown), "choices" (a multi-select; `;`-separated in the
    cell), "lines" (a text area, one item per line; `;`-separated in the cell), "date" (a date
    picker; ISO date in the cell). `default` is what an empty cell means (status: active).
    """

    column: str
    widget: widgets.ValueWidget
    kind: str = "text"
    default: str = ""

    def show(self, text: str) -> None:
        """Put the cell's text into the widget."""
        text = str(text).strip() or self.default
        if self.kind == "choices":
            items = _items(text)
            self._allow(items)
            self.widget.value = tuple(items)
        elif self.kind == "lines":
            self.widget.value = "\n".join(_items(text))
        elif self.kind == "date":
            parsed = pd.to_datetime(text, errors="coerce") if text else pd.NaT
            self.widget.value = None if pd.isna(parsed) else parsed.date()
        else:
            self._allow([text])
            self.widget.value = text

    def text(self) -> str:
        """The cell text for the widget's value."""
        if self.kind == "choices":
            order = [value for _, value in self.widget.options]
            return ";".join(sorted(self.widget.value, key=order.index))
        if self.kind == "lines":
            return ";".join(line.strip() for line in self.widget.value.splitlines() if line.strip())
        if self.kind == "date":
            return self.widget.value.isoformat() if self.widget.value else ""
        return self.widget.value.strip()

    def same(self, text: str) -> bool:
        """Whether the widget holds what the cell `text` already says."""
        old = str(text).strip() or self.default
        if self.kind == "date":
            parsed = pd.to_datetime(old, errors="coerce") if old else pd.NaT
            return (None if pd.isna(parsed) else parsed.date()) == self.widget.value
        return _items(old) == _items(self.text())

    def _allow(self, values: list[str]) -> None:
        """Add values the file holds but the options lack, so they show (validation flags them)."""
        if not hasattr(self.widget, "options"):
            return
        known = {value for _, value in self.widget.options}
        missing = [(v, v) for v in values if v not in known]
        if missing:
            self.widget.options = [*self.widget.options, *missing]


class _RowEditor(_TableEditor):
    """Pick a row of the table (or a new one), edit its fields, Save; Remove or Retire it."""

    new_label = ""
    remove_label = "Remove"

    def __init__(self, wb: Workbook, title: str, hint: str, fields: list[_Field], form):
        super().__init__(wb, title, hint)
        self.fields = {f.column: f for f in fields}
        self.picker = widgets.Dropdown(
            description="Row",
            layout=widgets.Layout(width="690px"),
            style={"description_width": "150px"},
        )
        self.remove_button = _button(self.remove_label, "warning", "archive")
        self.remove_button.on_click(lambda _: self.remove())
        self._fill_picker(0 if len(self.table.frame) else _NEW)
        self.picker.observe(lambda _: self.load_row(), names="value")
        self.box.children = [
            self.header,
            self.picker,
            form,
            widgets.HBox([self.save_button, self.remove_button]),
            self.message,
            self.preview,
        ]

    @abc.abstractmethod
    def row_label(self, row: pd.Series) -> str:
        """How a row reads in the picker."""

    def _fill_picker(self, position: int) -> None:
        rows = self.table.frame.reset_index(drop=True)
        options = [(self.row_label(row), i) for i, row in rows.iterrows()]
        self.picker.options = [*options, (self.new_label, _NEW)]
        self.picker.value = position if position < len(rows) else _NEW
        self.load_row()

    def load_row(self) -> None:
        """Fill the fields from the picked row (blank for a new one)."""
        position = self.picker.value
        frame = self.table.frame.reset_index(drop=True)
        for column, field in self.fields.items():
            has = position != _NEW and column in frame.columns
            field.show(frame.at[position, column] if has else "")
        self.remove_button.disabled = position == _NEW

    def edited(self) -> pd.DataFrame:
        frame = self.table.frame.reset_index(drop=True)
        position = self.picker.value
        if position == _NEW:
            row = {column: field.text() for column, field in self.fields.items()}
            return pd.concat([frame, pd.DataFrame([row])], ignore_index=True).fillna("")
        for column, field in self.fields.items():
            old = frame.at[position, column] if column in frame.columns else ""
            if not field.same(old):
                if column not in frame.columns:
                    frame[column] = ""
                frame.at[position, column] = field.text()
        return frame

    def remove(self) -> None:
        """Remove the picked row from the table and save."""
        frame = self.table.frame.reset_index(drop=True)
        self.save(frame.drop(index=self.picker.value).reset_index(drop=True))

    def after_save(self) -> None:
        position = self.picker.value
        self._fill_picker(len(self.table.frame) - 1 if position == _NEW else position)


def _text(description: str, placeholder: str = "", *, area: bool = False) -> widgets.Widget:
    kind = widgets.Textarea if area else widgets.Text
    return kind(
        description=description,
        placeholder=placeholder,
        layout=widgets.Layout(width="690px", height="54px" if area else "auto"),
        style={"description_width": "150px"},
    )


def _dropdown(description: str, options: list[tuple[str, str]], blank: str) -> widgets.Dropdown:
    return widgets.Dropdown(
        description=description,
        options=[(blank, ""), *options] if blank else options,
        layout=widgets.Layout(width="690px"),
        style={"description_width": "150px"},
    )


def _choices(
    description: str, options: list[tuple[str, str]], width: str, *, short=label
) -> widgets.VBox:
    """A labelled multi-select (the label above the list, the chosen items, `short`, below)."""
    select = widgets.SelectMultiple(
        options=options, rows=min(len(options), 7), layout=widgets.Layout(width=width)
    )
    chosen = widgets.HTML(layout=widgets.Layout(width=width))

    def show_chosen(_=None) -> None:
        names = ", ".join(html.escape(short(v)) for v in select.value) or "none"
        chosen.value = f'<div class="swb-chosen">Chosen: {names}</div>'

    select.observe(show_chosen, names="value")
    show_chosen()
    return widgets.VBox([widgets.HTML(f"<b>{html.escape(description)}</b>"), select, chosen])


def _plain(values: tuple[str, ...]) -> list[tuple[str, str]]:
    return [(label(v), v) for v in values]


class _EcosystemEditor(_RowEditor):
    """Components of the ecosystem; the controlled vocabularies as dropdowns and multi-selects."""

    table_name = "ecosystem"
    new_label = "+ New component"
    remove_label = "Retire"

    def __init__(self, wb: Workbook):
        v = vocab.VOCABULARIES
        multi = {
            name: _choices(name.replace("_", " "), _plain(v[name]), "150px")
            for name in ("purposes", "business_functions", "lifecycle_stages", "audience")
        }
        fields = [
            _Field("component_id", _text("Id", "e.g. acme-forum: lower case, digits, - and _")),
            _Field("name", _text("Name", "as the client calls it")),
            _Field(
                "component_type", _dropdown("Type", _plain(v["component_type"]), "(choose a type)")
            ),
            _Field("platform", _text("Platform", "e.g. Instagram, Discourse, Salesforce")),
            _Field(
                "continuum_stage",
                _dropdown("Continuum stage", _plain(v["continuum_stage"]), "(choose a stage)"),
            ),
            *(_Field(name, box.children[1], "choices") for name, box in multi.items()),
            _Field("owner", _text("Owner", "team or role responsible")),
            _Field("status", _dropdown("Status", _plain(v["status"]), ""), default="active"),
            _Field("url", _text("URL", "https://...")),
        ]
        by = {f.column: f.widget for f in fields}
        form = widgets.VBox(
            [
                *(by[c] for c in ("component_id", "name", "component_type", "platform")),
                by["continuum_stage"],
                widgets.HBox(list(multi.values()), layout=widgets.Layout(margin="4px 0 4px 154px")),
                *(by[c] for c in ("owner", "status", "url")),
            ]
        )
        super().__init__(
            wb,
            f"Ecosystem of {wb.name}",
            "Pick a component to edit it, or <i>+ New component</i> to add one. "
            "Ctrl-click (Cmd-click on a Mac) picks several purposes, functions, stages or "
            "audiences. <i>Retire</i> keeps a component in the table with status retired.",
            fields,
            form,
        )

    def row_label(self, row: pd.Series) -> str:
        return f"{row.get('name', '')} ({row.get('component_id', '')})"

    def load_row(self) -> None:
        super().load_row()
        self.fields["component_id"].widget.disabled = self.picker.value != _NEW  # ids are kept

    def remove(self) -> None:
        """Retire the picked component (status: retired) and save."""
        self.fields["status"].widget.value = "retired"
        self.save()

    def show_preview(self) -> None:
        shown = inventory(self.wb.client).reset_index()
        columns = ["name", "component_type", "continuum_stage", "purposes", "owner", "status"]
        display(HTML(table_html(_plain_headers(shown[columns]), caption="The ecosystem as saved")))

    def static_html(self) -> str:
        columns = [
            "name",
            "component_type",
            "continuum_stage",
            "purposes",
            "business_functions",
            "lifecycle_stages",
            "owner",
            "status",
        ]
        return self.readable(columns, "Ecosystem components")

    def summary(self) -> str:
        return f"Ecosystem editor: {len(self.table.frame)} components ({self.wb.client.slug})"


class _OgstEditor(_RowEditor):
    """Objective, goal (metric from the known keys, target, date), strategy and tactics lines."""

    table_name = "ogst"
    new_label = "+ New OGST line"

    def __init__(self, wb: Workbook):
        date = widgets.DatePicker(
            description="Target date",
            layout=widgets.Layout(width="320px"),
            style={"description_width": "150px"},
        )
        fields = [
            _Field("component_id", _dropdown("Component", _components(wb), "(choose a component)")),
            _Field("objective", _text("Objective", "what the component should achieve", area=True)),
            _Field("goal", _text("Goal", "the measurable goal in words")),
            _Field("metric", _dropdown("Metric", _metrics(wb), "(no metric yet)")),
            _Field("target", _text("Target", "a number, e.g. 440000 or 9.4")),
            _Field("target_date", date, "date"),
            _Field("baseline_value", _text("Baseline value", "optional: the value before")),
            _Field("strategy", _text("Strategy", "how the goal will be reached", area=True)),
            _Field("tactics", _text("Tactics", "one tactic per line", area=True), "lines"),
        ]
        super().__init__(
            wb,
            f"Objectives, goals, strategies and tactics of {wb.name}",
            "Pick a line to edit it, or <i>+ New OGST line</i>. A goal is measurable with a "
            "metric, a numeric target and a target date.",
            fields,
            widgets.VBox([f.widget for f in fields]),
        )

    def row_label(self, row: pd.Series) -> str:
        names = component_names(self.wb.client)
        cid = str(row.get("component_id", "")).strip()
        return f"{names.get(cid, cid)}: {_short(str(row.get('objective', '')))}"

    def show_preview(self) -> None:
        gaps = ogst.completeness(self.wb.client)
        if gaps.empty:
            display(HTML("<p>No gaps: every active component has a complete, measurable goal.</p>"))
            return
        shown = _plain_headers(gaps[["component", "goal", "gap", "fix"]])
        display(HTML(table_html(shown, caption="OGST gaps after your save")))

    def static_html(self) -> str:
        columns = [
            "component_id",
            "objective",
            "goal",
            "metric",
            "target",
            "target_date",
            "strategy",
            "tactics",
        ]
        return self.readable(columns, "Objectives, goals, strategies, tactics")

    def summary(self) -> str:
        return f"OGST editor: {len(self.table.frame)} lines ({self.wb.client.slug})"


class _FunctionEditor(_RowEditor):
    """Business function -> business objective -> social objective -> activities -> metrics."""

    table_name = "functions"
    new_label = "+ New function row"

    def __init__(self, wb: Workbook):
        names = component_names(wb.client)
        metrics = _choices("Metrics", _metrics(wb), "400px", short=str)
        components = _choices(
            "Components", _components(wb), "360px", short=lambda c: names.get(c, c)
        )
        fields = [
            _Field(
                "business_function",
                _dropdown(
                    "Function", _plain(vocab.VOCABULARIES["business_function"]), "(choose one)"
                ),
            ),
            _Field(
                "business_objective",
                _text("Business objective", "e.g. retain customers", area=True),
            ),
            _Field(
                "social_objective",
                _text("Social objective", "what social technologies help achieve", area=True),
            ),
            _Field("activities", _text("Activities", "one activity per line", area=True), "lines"),
            _Field("metrics", metrics.children[1], "choices"),
            _Field("components", components.children[1], "choices"),
        ]
        form = widgets.VBox(
            [
                *(f.widget for f in fields[:4]),
                widgets.HBox([metrics, components], layout=widgets.Layout(margin="4px 0 0 154px")),
            ]
        )
        super().__init__(
            wb,
            f"Business-function framework of {wb.name}",
            "Pick a function row to edit it, or <i>+ New function row</i>. Ctrl-click "
            "(Cmd-click on a Mac) picks several metrics or components.",
            fields,
            form,
        )

    def row_label(self, row: pd.Series) -> str:
        function = label(str(row.get("business_function", "")).strip())
        return f"{function}: {_short(str(row.get('business_objective', '')))}"

    def show_preview(self) -> None:
        chains = framework.function_chains(self.wb.client)
        columns = ["function", "social_objective", "metric", "current", "target", "status"]
        display(HTML(table_html(_plain_headers(chains[columns]), caption="The framework as saved")))

    def static_html(self) -> str:
        columns = [
            "business_function",
            "business_objective",
            "social_objective",
            "activities",
            "metrics",
            "components",
        ]
        return self.readable(columns, "Business-function framework")

    def summary(self) -> str:
        return f"Function framework editor: {len(self.table.frame)} rows ({self.wb.client.slug})"
