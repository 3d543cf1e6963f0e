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
kept under `.history/`. After a save the editor reloads `wb.inputs`, shows a preview of the effect
and says how to refresh the cells below (Run > Run Selected Cell and All Below).

HTML reports have no live widget: each editor's output carries, beside the widget view, a
`text/html` table of the current values (client text escaped), which nbconvert renders. In a
batch run's notebook, where nobody edits, an editor shows only that table: no widget is made.
"""

from __future__ import annotations

import html

import ipywidgets as widgets
import matplotlib.pyplot as plt
import pandas as pd
from IPython.display import display

from .. import intake, vocab
from ..method import value
from ..method.ecosystem import label
from ..periods import parse_period
from . import charts
from .notebook import Workbook, table_html
from .panels import Panel, TableEditor, show
from .row_editors import EcosystemEditor, FunctionEditor, OgstEditor

__all__ = [
    "choose_client",
    "edit_ecosystem",
    "edit_ogst",
    "edit_value_scores",
    "edit_functions",
]


def choose_client(wb: Workbook) -> None:
    """Show which client and period this notebook works on, and how to switch to another."""
    show(_ClientChooser, wb)


def edit_ecosystem(wb: Workbook) -> None:
    """Show the ecosystem editor: pick a component (or a new one), edit it, Save or Retire."""
    show(EcosystemEditor, wb)


def edit_ogst(wb: Workbook) -> None:
    """Show the OGST editor: pick a line (or a new one), edit it, Save or Remove."""
    show(OgstEditor, wb)


def edit_value_scores(wb: Workbook) -> None:
    """Show the value-score editor: a 0-5 slider per component and dimension, and Save."""
    show(_ValueScoreEditor, wb)


def edit_functions(wb: Workbook) -> None:
    """Show the business-function framework editor: pick a row, edit it, Save or Remove."""
    show(FunctionEditor, wb)


# --- choose_client ------------------------------------------------------------------------------


class _ClientChooser(Panel):
    """The notebook's client and period, a picker of the others, and how to switch."""

    def __init__(self, wb: Workbook):
        super().__init__(
            wb,
            "Client and period",
            "Pick another client or period to see how to switch this notebook to it.",
        )
        client = wb.inputs
        self.root = client.folder.parent
        self.current = widgets.HTML(f'<div class="swb-ok">{self._current_html()}</div>')
        self.client = widgets.Dropdown(
            options=self._clients(), value=client.slug, description="Client"
        )
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

    def _clients(self) -> list[str]:
        """The slugs of the client folders of the data root."""
        return sorted(
            p.name
            for p in self.root.iterdir()
            if p.is_dir() and vocab.SLUG.match(p.name) and (p / vocab.CONFIG_FILE).is_file()
        )

    def _current_html(self) -> str:
        client = self.wb.inputs
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
        if slug == self.wb.inputs.slug and period == self.wb.inputs.period.label:
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
        client = self.wb.inputs
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
        return f"Client: {self.wb.inputs.slug}, period {self.wb.inputs.period.label}"


# --- value scores --------------------------------------------------------------------------------


class _ValueScoreEditor(TableEditor):
    """A grid of 0-5 sliders, active and planned component x value dimension."""

    table_name = "value_scores"
    reads = ("ecosystem",)  # a row per active or planned component

    def __init__(self, wb: Workbook):
        super().__init__(
            wb,
            f"Value scores of {wb.name}",
            "Score each component from 0 (creates no value) to 5 (creates strong value) on each "
            "dimension. Faded sliders are not scored yet: moving one scores it. Save writes "
            "every changed score. Where the notebook is narrow, scroll the grid sideways to "
            "reach every dimension.",
        )
        self.sliders: dict[tuple[str, str], widgets.FloatSlider] = {}
        self.touched: set[tuple[str, str]] = set()
        self.initial: dict[tuple[str, str], float] = {}
        # One layout and one style for every slider: 66 sliders, not 200 widget models saved.
        self.slider_layout = widgets.Layout(width="124px")
        self.slider_style = widgets.SliderStyle(handle_color=wb.color)
        self.grid = widgets.GridBox(
            layout=widgets.Layout(
                grid_gap="2px 6px", align_items="center", overflow="auto", width="100%"
            ),
        )
        self.grid.add_class("swb-grid")
        self._build()
        self._set_values()
        self.box.children = [
            self.header,
            self.grid,
            widgets.HBox([self.save_button]),
            self.message,
            self.preview,
        ]

    def _build(self) -> None:
        """A row of sliders per active or planned component of the ecosystem as loaded."""
        eco = self.wb.inputs.table("ecosystem")
        components = eco[eco["status"] != "retired"]
        dimensions = value.dimensions(self.wb.inputs)
        layout, style = self.slider_layout, self.slider_style
        self.sliders = {}
        cells = [_stuck(widgets.HTML(""), "swb-stick-left", "swb-stick-top")]
        cells += [_stuck(_html(label(d), "swb-head"), "swb-stick-top") for d in dimensions]
        for cid, name, status in components[["component_id", "name", "status"]].itertuples(
            index=False
        ):
            planned = " <i>(planned)</i>" if status == "planned" else ""
            name_cell = widgets.HTML(f'<div class="swb-name">{html.escape(name)}{planned}</div>')
            cells.append(_stuck(name_cell, "swb-stick-left"))
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
        self.grid.children = cells
        self.grid.layout.grid_template_columns = (
            f"minmax(150px, 210px) repeat({len(dimensions)}, 124px)"
        )

    def renew(self) -> None:
        """The grid's rows for the components as saved elsewhere, unsaved moves kept."""
        moved = {key: self.sliders[key].value for key in self.touched}
        self._build()
        self._set_values()
        for key, score in moved.items():
            if key in self.sliders:
                self.sliders[key].value = score

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
        matrix = value.score_matrix(self.wb.inputs)
        names = self.wb.inputs.component_names()
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
        eco = self.wb.inputs.table("ecosystem")
        dimensions = value.dimensions(self.wb.inputs)
        rows = [
            {"component": name} | {label(d): scores.get((cid, d)) for d in dimensions}
            for cid, name, status in eco[["component_id", "name", "status"]].itertuples(index=False)
            if status != "retired"
        ]
        frame = pd.DataFrame(rows, columns=["component", *(label(d) for d in dimensions)])
        formats = {label(d): "{:g}" for d in dimensions}
        return table_html(frame, caption="Value scores (0-5; – = not scored)", formats=formats)

    def summary(self) -> str:
        eco = self.wb.inputs.table("ecosystem")
        scored = (eco["status"] != "retired").sum() * len(value.dimensions(self.wb.inputs))
        return f"Value-score editor: {scored} sliders ({self.wb.inputs.slug})"


def _html(text: str, css: str) -> widgets.HTML:
    return widgets.HTML(f'<div class="{css}">{html.escape(text)}</div>')


def _stuck(widget: widgets.Widget, *classes: str) -> widgets.Widget:
    """`widget` kept in view while the grid scrolls (the component names, the dimensions)."""
    for css in classes:
        widget.add_class(css)
    return widget
