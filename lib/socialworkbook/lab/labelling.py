"""The labelling widget of JupyterLab: people label a drawn sample one mention at a time.

`label_mentions(wb)` shows the sampled mentions that have no label yet, one at a time (text
escaped), with Positive / Neutral / Negative, Skip, Back and Forward, keyboard shortcuts typed
into the shortcut box (1, 2, 3, s, b, f) and the progress ("37 of 200 labelled"). No typed key is
lost while the kernel is busy saving a label: the browser then sends the box's text once for several
keys, so the box keeps what was typed (the kernel never clears it, which would race with the
typing) and every key added since the last text read is acted on, in order. Every label is
saved at once through `editing.TableEdit.save`, like the other editors: lock, conflict check (a
table changed on disk since it was loaded is refused and reloaded), validation.

The order: the mentions waiting for a label in the order drawn, then the skipped ones (skips are
remembered from one sitting to the next). Back and Forward step through the whole sample in the
order drawn, labels saved in earlier sittings included, so any label can be looked at and changed.
History: each label or skip is appended to `.history/labels-changes.csv` (`labels.record_change`:
when, which mention, the label before and after, by whom), and the labels table is copied to
`.history/` once per sitting, before its first label, not once per label. Without a drawn sample
the buttons are disabled and the widget says how to draw one.
"""

from __future__ import annotations

import datetime as dt
import getpass
import html
import os

import ipywidgets as widgets
import pandas as pd

from ..measure import labels
from .notebook import Workbook, table_html
from .panels import TableEditor, editor_button, show

__all__ = ["label_mentions", "SHORTCUTS"]

SHORTCUTS = {
    "1": "positive",
    "2": "neutral",
    "3": "negative",
    "s": "skip",
    "b": "back",
    "f": "forward",
}
NO_SAMPLE = (
    "No sample is drawn yet, so there is nothing to label. Draw one in a terminal with "
    "<code>socialworkbook sample {slug} --n 200</code>, then run this cell again."
)


def label_mentions(wb: Workbook) -> None:
    """Show the labelling widget for the client's drawn samples (see the module docstring)."""
    show(_Labeller, wb)


class _Labeller(TableEditor):
    table_name = "labels"

    def __init__(self, wb: Workbook):
        super().__init__(
            wb,
            "Label the random sample",
            "Read each mention and choose how its author feels about the client. Type "
            "<code>1</code> positive, <code>2</code> neutral, <code>3</code> negative, "
            "<code>s</code> skip, <code>b</code> back, <code>f</code> forward into the shortcut "
            "box, or press the buttons. Skip only what you cannot judge: the estimates need the "
            "sample labelled in the order drawn; skipped mentions come last. Back and Forward "
            "go through the whole sample, earlier labels included. Each label is saved at once.",
        )
        texts = wb.client.table("mentions").set_index("mention_id")
        self.texts = texts[["text", "published_at", "component_id"]]
        self.skipped = labels.skipped(wb.client.folder)  # mention ids, in the order skipped
        self.kept_copy = False  # one copy of the table per sitting, before its first label
        self.pending = self.table.frame
        self.position = self._next()
        self.progress = widgets.HTML()
        self.text = widgets.HTML(layout=widgets.Layout(min_height="70px"))
        self.buttons = {
            "positive": editor_button("Positive (1)", "success", "smile-o"),
            "neutral": editor_button("Neutral (2)", "info", "meh-o"),
            "negative": editor_button("Negative (3)", "danger", "frown-o"),
            "skip": editor_button("Skip (s)", "", "forward"),
            "back": editor_button("Back (b)", "", "backward"),
            "forward": editor_button("Forward (f)", "", "step-forward"),
        }
        for action, button in self.buttons.items():
            button.on_click(lambda _, action=action: self.act(action))
        self.keys = widgets.Text(
            placeholder="type 1 2 3 s b f here",
            continuous_update=True,
            layout=widgets.Layout(width="170px"),
        )
        self.keys.add_class("swb-shortcuts")
        self.keys.observe(self._typed, names="value")
        self.box.children = [
            self.header,
            self.progress,
            self.text,
            widgets.HBox(  # wraps in a narrow notebook: every button and the box stay in
                [*self.buttons.values(), self.keys],
                layout=widgets.Layout(flex_flow="row wrap", grid_gap="4px 0"),
            ),
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

    def _waiting(self) -> list[int]:
        """The table rows of the sampled mentions without a label: not skipped first, in the
        order drawn, then the skipped ones in the order skipped."""
        sampled = self._sampled()
        waiting = sampled[sampled["label"] == ""]
        rows = dict(zip(waiting["mention_id"], waiting.index.astype(int), strict=True))
        later = [rows[m] for m in self.skipped if m in rows]
        return [r for r in rows.values() if r not in later] + later

    def _next(self) -> int | None:
        waiting = self._waiting()
        return waiting[0] if waiting else None

    def _step(self, by: int) -> int | None:
        """The sampled row `by` places from the shown one in the order drawn (the last row when
        every mention is labelled, so Back reaches the earlier labels)."""
        order = [int(i) for i in self._sampled().index]
        if not order:
            return None
        if self.position not in order:
            return order[-1] if by < 0 else self.position
        at = order.index(self.position) + by
        return order[min(max(at, 0), len(order) - 1)]

    # --- actions

    def _typed(self, change) -> None:
        """Act on each key added to the shortcut box since its last text, in the order typed
        (several at once when they were typed while the kernel was busy); a key deleted acts on
        nothing."""
        old, new = str(change["old"]), str(change["new"])
        added = new[len(os.path.commonprefix([old, new])) :]
        for key in added.lower():
            if key in SHORTCUTS:
                self.act(SHORTCUTS[key])

    def act(self, action: str) -> None:
        """Label the shown mention (positive, neutral, negative), skip it, or step back or
        forward through the sample."""
        if self._sampled().empty:
            return
        if action in ("back", "forward"):
            self.position = self._step(-1 if action == "back" else 1)
            self.show()
            return
        if self.position is None:
            return
        row = self.table.frame.loc[self.position]
        if action == "skip":
            mention = str(row["mention_id"])
            self.skipped = [m for m in self.skipped if m != mention] + [mention]
            labels.record_change(
                self.wb.client.folder, mention, str(row["sample"]), labels.SKIP, row["label"],
                _analyst(),
            )  # fmt: skip
            self.position = self._next()
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
        self.labelled = (str(row["mention_id"]), str(row["sample"]), action, row["label"])
        self.save(frame)

    def keep_previous(self) -> bool:
        return not self.kept_copy

    def edited(self) -> pd.DataFrame:
        return self.pending

    def after_save(self) -> None:
        self.kept_copy = True
        mention, sample, label, before = self.labelled
        labels.record_change(self.wb.client.folder, mention, sample, label, before, _analyst())
        self.position = self._next()
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
            self.position = self._next()
            self.show(keep_message=True)

    # --- views

    def show(self, keep_message: bool = False) -> None:
        sampled = self._sampled()
        done = int((sampled["label"] != "").sum()) if len(sampled) else 0
        self.progress.value = (
            f'<div class="swb-hint"><b>{done:,} of {len(sampled):,} labelled</b></div>'
        )
        for button in self.buttons.values():
            button.disabled = sampled.empty
        self.keys.disabled = sampled.empty
        if not keep_message and self.position is None:
            self.message.value = ""
        if sampled.empty:
            self.text.value = f"<p>{NO_SAMPLE.format(slug=html.escape(self.wb.client.slug))}</p>"
            return
        if self.position is None:
            self.text.value = (
                "<p>Every sampled mention is labelled. <b>Back</b> shows the earlier labels.</p>"
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
