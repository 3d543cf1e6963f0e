"""The labelling widget of JupyterLab: people label a drawn sample one mention at a time.

`label_mentions(wb)` shows the sampled mentions that have no label yet, one at a time (text
escaped), with Positive / Neutral / Negative, Skip and Back, keyboard shortcuts typed into the
shortcut box (1, 2, 3, s, b) and the progress ("37 of 200 labelled"). Every label is saved at
once through `editing.TableEdit.save`, like the other editors: lock, conflict check (a table
changed on disk since it was loaded is refused and reloaded), validation, history.
"""

from __future__ import annotations

import datetime as dt
import getpass
import html

import ipywidgets as widgets
import pandas as pd
from IPython.display import display

from ..measure import labels
from .notebook import Workbook, table_html
from .panels import TableEditor, editor_button

__all__ = ["label_mentions", "SHORTCUTS"]

SHORTCUTS = {"1": "positive", "2": "neutral", "3": "negative", "s": "skip", "b": "back"}


def label_mentions(wb: Workbook) -> None:
    """Show the labelling widget for the client's drawn samples (see the module docstring)."""
    display(_Labeller(wb))


class _Labeller(TableEditor):
    table_name = "labels"

    def __init__(self, wb: Workbook):
        super().__init__(
            wb,
            "Label the random sample",
            "Read each mention and choose how its author feels about the client. Type "
            "<code>1</code> positive, <code>2</code> neutral, <code>3</code> negative, "
            "<code>s</code> skip, <code>b</code> back into the shortcut box, or press the "
            "buttons. Skip only what you cannot judge: the estimates need the sample labelled "
            "in the order drawn. Each label is saved at once. Draw a sample first with "
            "<code>socialworkbook sample CLIENT</code>.",
        )
        texts = wb.client.table("mentions").set_index("mention_id")
        self.texts = texts[["text", "published_at", "component_id"]]
        self.history: list[int] = []
        self.pending = self.table.frame
        self.position = self._next(-1)
        self.progress = widgets.HTML()
        self.text = widgets.HTML(layout=widgets.Layout(min_height="70px"))
        self.buttons = {
            "positive": editor_button("Positive (1)", "success", "smile-o"),
            "neutral": editor_button("Neutral (2)", "info", "meh-o"),
            "negative": editor_button("Negative (3)", "danger", "frown-o"),
            "skip": editor_button("Skip (s)", "", "forward"),
            "back": editor_button("Back (b)", "", "backward"),
        }
        for action, button in self.buttons.items():
            button.on_click(lambda _, action=action: self.act(action))
        self.keys = widgets.Text(
            placeholder="shortcut: 1 2 3 s b",
            continuous_update=True,
            layout=widgets.Layout(width="170px"),
        )
        self.keys.add_class("swb-shortcuts")
        self.keys.observe(self._typed, names="value")
        self.box.children = [
            self.header,
            self.progress,
            self.text,
            widgets.HBox([*self.buttons.values(), self.keys]),
            self.message,
            self.preview,
        ]
        self.show()

    # --- what the table holds

    def _sampled(self) -> pd.DataFrame:
        frame = self.table.frame
        if "sample" not in frame:
            return frame.iloc[0:0]
        return frame[frame["sample"].astype(str).str.strip() != ""]

    def _next(self, after: int) -> int | None:
        """The table row of the first unlabelled sampled mention after row `after`."""
        sampled = self._sampled()
        waiting = sampled.index[(sampled["label"] == "") & (sampled.index > after)]
        return int(waiting[0]) if len(waiting) else None

    # --- actions

    def _typed(self, change) -> None:
        key = str(change["new"]).strip().lower()[-1:]
        if key in SHORTCUTS:
            self.keys.value = ""
            self.act(SHORTCUTS[key])

    def act(self, action: str) -> None:
        """Label the shown mention (positive, neutral, negative), or skip, or go back."""
        if action == "back":
            if self.history:
                self.position = self.history.pop()
            self.show()
            return
        if self.position is None:
            return
        if action == "skip":
            self.history.append(self.position)
            self.position = self._next(self.position)
            self.show()
            return
        frame = self.table.frame.copy()
        for column in labels.COLUMNS:
            if column not in frame:
                frame[column] = ""
        frame.loc[self.position, "label"] = action
        frame.loc[self.position, "labelled_by"] = _analyst()
        frame.loc[self.position, "labelled_at"] = dt.datetime.now(dt.UTC).strftime(
            "%Y-%m-%dT%H:%M:%S"
        )
        self.pending = frame
        self.save(frame)

    def edited(self) -> pd.DataFrame:
        return self.pending

    def after_save(self) -> None:
        self.history.append(self.position)
        self.position = self._next(self.position)
        self.show()

    def show_preview(self) -> None:
        return None

    def save(self, frame: pd.DataFrame | None = None) -> None:
        before = self.table.fingerprint
        super().save(frame)
        if self.table.fingerprint == before and "changed on disk" in self.message.value:
            # A save from elsewhere: reload so that the next label starts from the file.
            from ..intake import editing

            self.table = editing.load_table(
                self.wb.client.folder, self.table_name, slug=self.wb.client.slug
            )
            self.position = self._next(-1)
            self.show(keep_message=True)

    # --- views

    def show(self, keep_message: bool = False) -> None:
        sampled = self._sampled()
        done = int((sampled["label"] != "").sum()) if len(sampled) else 0
        self.progress.value = (
            f'<div class="swb-hint"><b>{done:,} of {len(sampled):,} labelled</b></div>'
        )
        if not keep_message and self.position is None:
            self.message.value = ""
        if self.position is None:
            self.text.value = (
                "<p>Every sampled mention is labelled.</p>"
                if len(sampled)
                else "<p>No sample is drawn yet: run <code>socialworkbook sample CLIENT</code>.</p>"
            )
            return
        row = self.table.frame.loc[self.position]
        mention = row["mention_id"]
        known = mention in self.texts.index
        text = (
            self.texts.at[mention, "text"] if known else "(this mention is no longer in the data)"
        )
        when = self.texts.at[mention, "published_at"] if known else None
        where = (self.texts.at[mention, "component_id"] if known else "") or "no component"
        label = row.get("label", "")
        self.text.value = (
            f'<div class="swb-hint">{html.escape(str(mention))} · '
            f"{html.escape(str(when)[:10])} · {html.escape(str(where))}"
            + (f" · labelled <b>{html.escape(label)}</b>" if label else "")
            + "</div>"
            f'<blockquote class="swb-mention" style="font-size:15px;margin:8px 0">'
            f"{html.escape(str(text))}</blockquote>"
        )

    def static_html(self) -> str:
        sampled = self._sampled()
        done = int((sampled["label"] != "").sum()) if len(sampled) else 0
        counts = pd.DataFrame(
            {
                "labelled": [done],
                "waiting": [len(sampled) - done],
                "sampled": [len(sampled)],
            }
        )
        return table_html(counts, caption="Mentions of the drawn samples")

    def summary(self) -> str:
        sampled = self._sampled()
        done = int((sampled["label"] != "").sum()) if len(sampled) else 0
        return f"Labelling: {done} of {len(sampled)} labelled"


def _analyst() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return ""
