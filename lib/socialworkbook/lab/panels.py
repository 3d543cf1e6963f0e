"""What every editor of the lab shares: a panel with a static HTML twin, a table editor that
saves through `editing.TableEdit`, and the small widget and wording helpers they use.
"""

from __future__ import annotations

import abc
import html
from dataclasses import dataclass

import ipywidgets as widgets
import pandas as pd
from IPython.display import display

from .. import vocab, wording
from ..errors import Problem, ValidationError, WorkbookError
from ..intake import editing
from ..method.ecosystem import label
from . import refresh
from .notebook import Workbook, table_html, update_banner

_REFRESH = "To update the analysis of this notebook, choose <b>Run &gt; Run All Cells</b>."
# A save refreshes the open notebook only: other notebooks run in kernels of their own.
_OTHER_NOTEBOOKS = (
    "Other notebooks open in JupyterLab still show what they read before this save: choose "
    "<b>Run &gt; Run All Cells</b> in each (until then their editors refuse to save over it)."
)
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
.swb-editor .swb-warn {padding: 6px 10px; border-radius: 3px; line-height: 1.45;
  background: #fff8e1; border-left: 4px solid #b26a00}
.swb-editor .swb-warn ul {margin: 4px 0 0; padding-left: 20px}
.swb-editor .swb-bad {background: #fdecea; border-left: 4px solid #c62828}
.swb-editor .swb-bad ul {margin: 4px 0 0; padding-left: 20px}
.swb-editor code {background: #f3f4f6; padding: 0 3px}
.swb-editor textarea {font-family: var(--jp-ui-font-family); font-size: 13px}
.swb-editor .widget-hslider .widget-readout {min-width: 28px; max-width: 34px}
.swb-editor .swb-chosen {color: #57606a; font-size: 12px; line-height: 1.3; max-width: 100%}
.swb-editor .swb-chosen-box, .swb-editor .swb-chosen-box .widget-html-content {height: auto;
  white-space: normal; overflow-wrap: anywhere; line-height: 1.3}
.swb-editor .swb-field-label {font-weight: 600; margin: 2px 0 3px}
.swb-editor .widget-inline-hbox {max-width: 100%; min-width: 0}
.swb-editor .swb-grid {max-height: 70vh; border: 1px solid #eaeef2; padding-bottom: 4px}
.swb-editor .swb-grid .widget-html-content {white-space: normal; height: auto}
.swb-editor .swb-grid .swb-stick-left {position: sticky; left: 0; z-index: 2;
  background: #fff; align-self: stretch; justify-self: stretch; margin: 0; padding-right: 6px;
  display: flex; align-items: center}
.swb-editor .swb-grid .swb-stick-top {position: sticky; top: 0; z-index: 1; background: #fff;
  align-self: stretch; margin: 0; display: flex; align-items: flex-end}
.swb-editor .swb-grid .swb-stick-left.swb-stick-top {z-index: 3}
</style>"""


# --- what every editor shares --------------------------------------------------------------------


@dataclass(frozen=True)
class StaticTwin:
    """What a panel shows where nobody edits: its values as an HTML table, and one line."""

    html: str
    summary: str

    def _repr_mimebundle_(self, include=None, exclude=None) -> dict:
        return {"text/plain": self.summary, "text/html": self.html}


class Panel(abc.ABC):
    """A widget box displayed with a static HTML rendering of the same values beside it."""

    def __init__(self, wb: Workbook, title: str, hint: str):
        self.read(wb)
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

    def read(self, wb: Workbook) -> None:
        """Take from `wb` what the static twin shows (no widget is made here)."""
        self.wb = wb

    @classmethod
    def static_twin(cls, wb: Workbook) -> StaticTwin:
        """The panel's static twin for `wb`, made without any widget: what a batch run's
        notebook shows, where nobody edits (the widgets would be made for no one)."""
        panel = cls.__new__(cls)  # not __init__, which makes the widgets
        panel.read(wb)
        return StaticTwin(panel.static_html(), panel.summary())

    @abc.abstractmethod
    def static_html(self) -> str:
        """The current values as an escaped HTML table, for outputs without a live widget."""

    @abc.abstractmethod
    def summary(self) -> str:
        """One line of plain text describing the panel."""

    def say(self, kind: str, text: str) -> None:
        """Show a message in the panel: kind "ok", "warn" or "bad", `text` already escaped."""
        self.message.value = f'<div class="swb-{kind}">{text}</div>'

    def _repr_mimebundle_(self, include=None, exclude=None) -> dict:
        bundle = self.box._repr_mimebundle_(include=include, exclude=exclude)
        return bundle | StaticTwin(self.static_html(), self.summary())._repr_mimebundle_()


def show(panel: type[Panel], wb: Workbook) -> None:
    """Display `panel` for `wb`; in a batch run (`wb.output_dir`: nobody edits) its static twin."""
    display(panel.static_twin(wb) if wb.output_dir else panel(wb))


class TableEditor(Panel):
    """An editor of one client table: Save validates, writes, reloads and previews."""

    table_name = ""
    reads: tuple[str, ...] = ()  # other tables its options come from (the OGST's components)

    def __init__(self, wb: Workbook, title: str, hint: str):
        super().__init__(wb, title, hint)
        self.save_button = editor_button("Save", "primary", "save")
        self.save_button.on_click(lambda _: self.save())
        self.preview = widgets.Output()
        self.listing = False  # whether the message lists the table's problems
        self.list_problems()
        refresh.keep(self)

    def read(self, wb: Workbook) -> None:
        super().read(wb)
        self.table = editing.load_table(wb.inputs.folder, self.table_name, slug=wb.inputs.slug)

    def follow(self, table: str) -> None:
        """Come up to date after another editor of the notebook saved `table` (the workbook
        reloaded): reload an own table saved there, renew options read from it, list problems."""
        if table == self.table_name:
            inputs = self.wb.inputs
            self.table = editing.load_table(inputs.folder, self.table_name, slug=inputs.slug)
            self.after_save()
        elif table in self.reads:
            self.renew()
        self.list_problems()

    def renew(self) -> None:
        """Renew the options read from other tables (`reads`) from the reloaded workbook,
        keeping what the analyst has typed and not saved yet; nothing by default."""

    def list_problems(self) -> None:
        """List the table's problems in the message; say when a save elsewhere fixed them."""
        if self.problems():
            self.say("bad", self.problems_html())
            self.listing = True
        elif self.listing:
            fixed = html.escape(self.table.file)
            self.say("ok", f"No problem is left in <code>{fixed}</code>.")
            self.listing = False

    def problems(self, row: int | None = None) -> list[Problem]:
        """The problems of the client's inputs in this table (of spreadsheet `row`, if given)."""
        found = [p for p in self.wb.problems if p.file == self.table.file]
        if row is None:
            return found
        return [p for p in found if p.row == row or row in p.rows]

    def problems_html(self) -> str:
        """The table's problems as a list, each with its row, for the editor's message."""
        found = self.problems()
        count = f"{len(found)} problem" + ("s" if len(found) != 1 else "")
        items = "".join(f"<li>{html.escape(str(p))}</li>" for p in found)
        return (
            f"<b>{html.escape(self.table.file)} has {count}.</b> Fix each here and Save: the "
            f"notebook's analysis waits until the inputs are valid.<ul>{items}</ul>"
        )

    @abc.abstractmethod
    def edited(self) -> pd.DataFrame:
        """The table with the editor's changes."""

    @abc.abstractmethod
    def after_save(self) -> None:
        """Bring the editor in line with the saved table (options, values)."""

    @abc.abstractmethod
    def show_preview(self) -> None:
        """Display the effect of the saved table (inside the preview area)."""

    def keep_previous(self) -> bool:
        """Whether this save keeps a copy of the previous file under `.history/` (always here)."""
        return True

    def readable(self, columns: list[str], caption: str) -> str:
        """An HTML table of `columns` of the loaded table (those it has), in plain words."""
        shown = self.table.frame[[c for c in columns if c in self.table.frame.columns]].copy()
        names = self.wb.inputs.component_names()
        for column in shown.columns:
            spec = vocab.TABLES[self.table_name].column(column)
            shown[column] = shown[column].map(lambda text, spec=spec: _worded(text, spec, names))
        shown = plain_headers(shown).rename(columns={"component id": "component"})
        return table_html(shown, caption=caption)

    def save(self, frame: pd.DataFrame | None = None) -> None:
        """Save `frame` (default: the editor's changes); show the problems or the effect."""
        text = ""
        with self.preview:  # an unexpected error shows here, not only in the log
            self.preview.clear_output()
            try:
                saved = self.table.save(
                    self.edited() if frame is None else frame, keep=self.keep_previous()
                )
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
            self.listing = False
            refresh.follow(self)  # the notebook's other editors: options, problems
            update_banner(self.wb)  # the problems listed at the top of the notebook
            text = f"Saved <code>{html.escape(saved.file)}</code>."
            if saved.history:
                kept = html.escape(f"{editing.HISTORY_DIR}/{saved.history.name}")
                text += f" The previous version is kept as <code>{kept}</code>."
            self.say("ok", f"{text} Refreshing the notebook's figures and tables…")
            self.show_preview()
        if not text:  # the preview showed an unexpected error
            return
        # Outside the preview: an Output widget would swallow the refreshed displays.
        left = sorted({p.file for p in self.wb.problems})
        if left:  # the analysis cannot run yet: nothing to refresh
            files = ", ".join(f"<code>{html.escape(f)}</code>" for f in left)
            text += (
                f" The notebook's analysis waits until the problems left in {files} are fixed "
                "in their editors."
            )
        else:
            text = f"{text} {_refreshed(refresh.rerun())}"
        text += f" {_OTHER_NOTEBOOKS}"
        doubts = self.doubts()
        if doubts:
            items = "".join(f"<li>{html.escape(d)}</li>" for d in doubts)
            self.say("warn", f"{text}<br><b>Saved, but please check:</b><ul>{items}</ul>")
        else:
            self.say("ok", text)

    def doubts(self) -> list[str]:
        """Doubtful values of the rows just saved (saved, but said); none by default."""
        return []


def _refreshed(done: refresh.Refreshed | None) -> str:
    """What the refresh after a save did, in a sentence."""
    if done is None:
        return _REFRESH
    if done.error:
        return (
            f"Refreshing the notebook stopped at a cell that failed ({html.escape(done.error)}): "
            "fix it, then choose <b>Run &gt; Run All Cells</b>."
        )
    return "Every table and chart of this notebook now shows the saved values."


def _problems_html(problems: list[Problem]) -> str:
    items = "".join(f"<li>{html.escape(str(p))}</li>" for p in problems)
    count = f"{len(problems)} problem" + ("s" if len(problems) != 1 else "")
    return f"<b>Nothing was saved: {count} to fix first.</b><ul>{items}</ul>"


def editor_button(description: str, style: str, icon: str) -> widgets.Button:
    """A button of the editors' style: its words, colour (`button_style`) and icon."""
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
    items = cell_items(text) if column.kind.startswith("multi") else [text.strip()]
    if column.vocab:
        items = [label(item) for item in items]
    elif column.kind in ("ref", "multi_ref"):
        items = [names.get(item, item) for item in items]
    return ", ".join(items)


def plain_headers(frame: pd.DataFrame) -> pd.DataFrame:
    """`frame` with its column names in plain words (`wording.name`)."""
    return frame.rename(columns=wording.name)


def cell_items(text: str) -> list[str]:
    """The `;`-separated items of a cell, stripped, empty ones dropped."""
    return [item.strip() for item in str(text).split(";") if item.strip()]
