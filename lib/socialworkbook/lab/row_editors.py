"""The row editors: pick a row of the ecosystem, the OGST lines or the business-function
framework, edit it, Save or Remove (through `panels.TableEditor`).
"""

from __future__ import annotations

import abc
import html
from collections.abc import Callable
from dataclasses import dataclass

import ipywidgets as widgets
import pandas as pd
from IPython.display import HTML, display

from .. import vocab
from ..catalogue import METRICS
from ..method import framework, ogst
from ..method.ecosystem import inventory, label
from .notebook import Workbook, table_html
from .panels import (
    TableEditor,
    cell_items,
    editor_button,
    plain_headers,
)

# --- row editors: ecosystem, OGST, functions ----------------------------------------------------

_NEW = -1  # the row picker's value for a row not yet in the table

# Fields take the editor's width (up to a readable line), labels a fixed column beside them;
# multi-selects wrap onto the next line where the notebook is narrow.
_FIELD = widgets.Layout(width="calc(100% - 6px)", max_width="760px")  # 6px: the margins
_LABEL = {"description_width": "150px"}
_CHOICES_ROW = widgets.Layout(flex_flow="row wrap", margin="6px 0 4px 0", width="100%")


def _short(text: str, limit: int = 70) -> str:
    """`text` cut to `limit` characters with an ellipsis (a row's name in the picker)."""
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _components(wb: Workbook) -> list[tuple[str, str]]:
    """(label, component_id) of every component, for dropdowns and multi-selects."""
    return [(f"{n} ({c})", c) for c, n in wb.inputs.component_names().items()]


def _metrics(wb: Workbook) -> list[tuple[str, str]]:
    """(label, key) of the metrics a goal or chain may name: the kit's, then the client's own."""
    known = [(f"{key}: {meaning}", key) for key, meaning in METRICS.known().items()]
    own = sorted(set(wb.inputs.table("metrics")["metric"]) - set(METRICS.known()) - {""})
    return known + [(f"{name}: from the metrics table", name) for name in own]


_ISO_DATE = "YYYY-MM-DD, e.g. 2026-09-30"


def _iso(text: str) -> str:
    """A date cell or typed date as ISO (2026-09-30), whatever way a date was written; other
    text stripped and kept, so that validation names it."""
    text = str(text).strip()
    parsed = pd.to_datetime(text, errors="coerce", format="ISO8601") if text else pd.NaT
    return text if pd.isna(parsed) else parsed.date().isoformat()


@dataclass
class _Field:
    """One column of a row editor: its widget, and how the widget reads and writes the cell.

    Kinds: "text" (Text, Textarea, Dropdown), "choices" (a multi-select; `;`-separated in the
    cell), "lines" (a text area, one item per line; `;`-separated in the cell), "date" (a text
    field showing the ISO date, as every file and report writes it; what is not a date is kept as
    typed, for Save's validation to name). `default` is what an empty cell means (status: active).
    `choices`, for a field whose options come from the client's tables (components, metrics),
    gives them from the workbook, after the `blank` option where there is one (`renew`).
    """

    column: str
    widget: widgets.ValueWidget
    kind: str = "text"
    default: str = ""
    choices: Callable[[Workbook], list[tuple[str, str]]] | None = None
    blank: str = ""

    def renew(self, wb: Workbook) -> None:
        """The options from the (reloaded) workbook, the value kept as it was."""
        if self.choices is None:
            return
        kept = self.text()
        blank = [(self.blank, "")] if self.blank else []
        self.widget.options = [*blank, *self.choices(wb)]
        self.show(kept)

    def show(self, text: str) -> None:
        """Put the cell's text into the widget."""
        text = str(text).strip() or self.default
        if self.kind == "choices":
            items = cell_items(text)
            self._allow(items)
            self.widget.value = tuple(items)
        elif self.kind == "lines":
            self.widget.value = "\n".join(cell_items(text))
        elif self.kind == "date":
            self.widget.value = _iso(text)
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
            return _iso(self.widget.value)
        return self.widget.value.strip()

    def same(self, text: str) -> bool:
        """Whether the widget holds what the cell `text` already says."""
        old = str(text).strip() or self.default
        if self.kind == "date":
            return _iso(old) == _iso(self.widget.value)
        return cell_items(old) == cell_items(self.text())

    def _allow(self, values: list[str]) -> None:
        """Add values the file holds but the options lack, so they show (validation flags them)."""
        if not hasattr(self.widget, "options"):
            return
        known = {value for _, value in self.widget.options}
        missing = [(v, v) for v in values if v not in known]
        if missing:
            self.widget.options = [*self.widget.options, *missing]


class _RowEditor(TableEditor):
    """Pick a row of the table (or a new one), edit its fields, Save; Remove or Retire it."""

    new_label = ""
    remove_label = "Remove"

    def __init__(self, wb: Workbook, title: str, hint: str, fields: list[_Field], form):
        super().__init__(wb, title, hint)
        self.fields = {f.column: f for f in fields}
        self.picker = widgets.Dropdown(description="Row", layout=_FIELD, style=_LABEL)
        self.remove_button = editor_button(self.remove_label, "warning", "archive")
        self.remove_button.on_click(lambda _: self.remove())
        self.row_problems = widgets.HTML()
        self.relabelling = False
        first_bad = next(
            (i for i, row in enumerate(self.table.frame.index) if self.problems(int(row))), 0
        )
        self._fill_picker(first_bad if len(self.table.frame) else _NEW)
        self.picker.observe(lambda _: self.relabelling or self.load_row(), names="value")
        self.box.children = [
            self.header,
            self.picker,
            self.row_problems,
            form,
            widgets.HBox([self.save_button, self.remove_button]),
            self.message,
            self.preview,
        ]

    @abc.abstractmethod
    def row_label(self, row: pd.Series) -> str:
        """How a row reads in the picker."""

    def _fill_picker(self, position: int) -> None:
        self._label_rows(position)
        self.load_row()

    def _label_rows(self, position: int) -> None:
        """The picker's rows as they read now (names, problems), `position` picked, the fields
        left as they are."""
        rows = self.table.frame.reset_index(drop=True)
        numbers = self.table.frame.index
        options = [
            (_flagged(self.row_label(row), len(self.problems(int(numbers[i])))), i)
            for i, row in rows.iterrows()
        ]
        self.relabelling = True
        try:
            self.picker.options = [*options, (self.new_label, _NEW)]
            self.picker.value = position if position < len(rows) else _NEW
        finally:
            self.relabelling = False

    def renew(self) -> None:
        for field in self.fields.values():
            field.renew(self.wb)

    def list_problems(self) -> None:
        super().list_problems()
        if hasattr(self, "fields"):  # not while the editor is being made
            self._label_rows(self.picker.value)
            self._show_row_problems()

    def load_row(self) -> None:
        """Fill the fields from the picked row (blank for a new one)."""
        position = self.picker.value
        frame = self.table.frame.reset_index(drop=True)
        for column, field in self.fields.items():
            has = position != _NEW and column in frame.columns
            field.show(frame.at[position, column] if has else "")
        self.remove_button.disabled = position == _NEW
        self._show_row_problems()

    def _show_row_problems(self) -> None:
        position = self.picker.value
        found = [] if position == _NEW else self.problems(int(self.table.frame.index[position]))
        items = "".join(f"<li>{html.escape(str(p))}</li>" for p in found)
        self.row_problems.value = (
            f'<div class="swb-bad"><b>This row has {len(found)} problem(s) to fix:</b>'
            f"<ul>{items}</ul></div>"
            if found
            else ""
        )

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


def _flagged(text: str, problems: int) -> str:
    """A row's label in the picker, marked when the row has problems."""
    if not problems:
        return text
    return f"⚠ {text} ({problems} problem{'s' if problems != 1 else ''})"


def _text(description: str, placeholder: str = "", *, area: bool = False) -> widgets.Widget:
    kind = widgets.Textarea if area else widgets.Text
    return kind(
        description=description,
        placeholder=placeholder,
        layout=widgets.Layout(
            width=_FIELD.width, max_width=_FIELD.max_width, height="54px" if area else "auto"
        ),
        style=_LABEL,
    )


def _dropdown(description: str, options: list[tuple[str, str]], blank: str) -> widgets.Dropdown:
    return widgets.Dropdown(
        description=description,
        options=[(blank, ""), *options] if blank else options,
        layout=_FIELD,
        style=_LABEL,
    )


def _read(column: str, wb: Workbook, description: str, choices, blank: str) -> _Field:
    """A dropdown field whose options come from the client's tables (`choices(wb)`)."""
    widget = _dropdown(description, choices(wb), blank)
    return _Field(column, widget, choices=choices, blank=blank)


def _choices(
    description: str, options: list[tuple[str, str]], width: str, *, short=label
) -> widgets.VBox:
    """A labelled multi-select (the label above the list, the chosen items, `short`, below)."""
    select = widgets.SelectMultiple(  # 4px: its margins, else its right edge is cut off
        options=options, rows=min(len(options), 7), layout=widgets.Layout(width="calc(100% - 4px)")
    )
    chosen = widgets.HTML(layout=widgets.Layout(width="100%"))
    chosen.add_class("swb-chosen-box")

    def show_chosen(_=None) -> None:
        names = ", ".join(html.escape(short(v)) for v in select.value) or "none"
        chosen.value = f'<div class="swb-chosen">Chosen: {names}</div>'

    select.observe(show_chosen, names="value")
    show_chosen()
    title = widgets.HTML(f'<div class="swb-field-label">{html.escape(description)}</div>')
    title.add_class("swb-chosen-box")
    return widgets.VBox(
        [title, select, chosen],
        layout=widgets.Layout(width=width, max_width="100%", margin="0 14px 8px 0"),
    )


def _plain(values: tuple[str, ...]) -> list[tuple[str, str]]:
    return [(label(v), v) for v in values]


class EcosystemEditor(_RowEditor):
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
                widgets.HBox(list(multi.values()), layout=_CHOICES_ROW),
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
        shown = inventory(self.wb.inputs).reset_index()
        columns = ["name", "component_type", "continuum_stage", "purposes", "owner", "status"]
        display(HTML(table_html(plain_headers(shown[columns]), caption="The ecosystem as saved")))

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
        return f"Ecosystem editor: {len(self.table.frame)} components ({self.wb.inputs.slug})"


class OgstEditor(_RowEditor):
    """Objective, goal (metric from the known keys, target, date), strategy and tactics lines."""

    table_name = "ogst"
    reads = ("ecosystem", "metrics")  # the components and metrics of its dropdowns
    new_label = "+ New OGST line"

    def __init__(self, wb: Workbook):
        date = widgets.Text(  # typed ISO dates: a DatePicker shows the browser's locale
            placeholder=_ISO_DATE,
            description="Target date",
            layout=widgets.Layout(width="380px", max_width="100%"),
            style={"description_width": "150px"},
        )
        baseline_date = widgets.Text(
            placeholder=_ISO_DATE,
            description="Baseline date",
            tooltip=(
                "optional: the day the baseline value was measured (blank: the first day of "
                "the reporting period); a goal's pace runs from it"
            ),
            layout=widgets.Layout(width="380px", max_width="100%"),
            style={"description_width": "150px"},
        )
        fields = [
            _read("component_id", wb, "Component", _components, "(choose a component)"),
            _Field("objective", _text("Objective", "what the component should achieve", area=True)),
            _Field("goal", _text("Goal", "the measurable goal in words")),
            _read("metric", wb, "Metric", _metrics, "(no metric yet)"),
            _Field("target", _text("Target", "a number, e.g. 440000 or 9.4")),
            _Field("target_date", date, "date"),
            _Field("baseline_value", _text("Baseline value", "optional: the value before")),
            _Field("baseline_date", baseline_date, "date"),
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

    def doubts(self) -> list[str]:
        position = self.picker.value
        if position == _NEW or position >= len(self.table.frame):
            return []
        return ogst.doubts(self.wb.inputs, rows={int(self.table.frame.index[position])})

    def row_label(self, row: pd.Series) -> str:
        names = self.wb.inputs.component_names()
        cid = str(row.get("component_id", "")).strip()
        return f"{names.get(cid, cid)}: {_short(str(row.get('objective', '')))}"

    def show_preview(self) -> None:
        gaps = ogst.completeness(self.wb.inputs)
        if gaps.empty:
            display(HTML("<p>No gaps: every active component has a complete, measurable goal.</p>"))
            return
        shown = plain_headers(gaps[["component", "goal", "gap", "fix"]])
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
        return f"OGST editor: {len(self.table.frame)} lines ({self.wb.inputs.slug})"


class FunctionEditor(_RowEditor):
    """Business function -> business objective -> social objective -> activities -> metrics."""

    table_name = "functions"
    reads = ("ecosystem", "metrics")  # the components and metrics of its multi-selects
    new_label = "+ New function row"

    def __init__(self, wb: Workbook):
        metrics = _choices("Metrics", _metrics(wb), "540px", short=str)
        components = _choices(
            "Components",
            _components(wb),
            "440px",
            short=lambda c: self.wb.inputs.component_names().get(c, c),
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
            _Field("metrics", metrics.children[1], "choices", choices=_metrics),
            _Field("components", components.children[1], "choices", choices=_components),
        ]
        form = widgets.VBox(
            [
                *(f.widget for f in fields[:4]),
                widgets.HBox([metrics, components], layout=_CHOICES_ROW),
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
        chains = framework.function_chains(self.wb.inputs)
        columns = ["function", "social_objective", "metric", "current", "target", "status"]
        display(HTML(table_html(plain_headers(chains[columns]), caption="The framework as saved")))

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
        return f"Function framework editor: {len(self.table.frame)} rows ({self.wb.inputs.slug})"
