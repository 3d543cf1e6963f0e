"""The labelling widget driven as an analyst drives it: buttons, shortcuts, skip, back, conflict."""

from __future__ import annotations

import pandas as pd
import pytest
from clientfolders import write_client
from labelled_clients import SAMPLE_ECOSYSTEM, sample_mentions

from socialworkbook.cli import main
from socialworkbook.lab import labelling, notebook, panels


@pytest.fixture
def labeller(tmp_path, monkeypatch):
    mentions = sample_mentions().replace("is fine", "<b>is</b> & fine <script>x</script>")
    write_client(
        tmp_path, "acme", files={"ecosystem.csv": SAMPLE_ECOSYSTEM, "mentions.csv": mentions}
    )
    assert main(["sample", "acme", "--n", "4", "--seed", "9", "--data-root", str(tmp_path)]) == 0
    shown = []
    monkeypatch.setattr(panels, "display", lambda obj, **_: shown.append(obj))
    wb = notebook.open_workbook("acme", notebook="test", data_root=str(tmp_path))
    labelling.label_mentions(wb)
    return shown[-1]


def _type(widget, keys: str) -> None:
    """Keys typed into the shortcut box, reaching the kernel in one update (as while it is busy)."""
    widget.keys.value += keys


def _table(widget):
    return pd.read_csv(widget.wb.client.folder / "labels.csv", dtype=str, keep_default_na=False)


def test_labels_are_saved_one_at_a_time_with_progress(labeller):
    assert "0 of 8 labelled" in labeller.progress.value
    first = _table(labeller).loc[0, "mention_id"]
    assert first in labeller.text.value
    labeller.buttons["negative"].click()
    table = _table(labeller)
    assert table.loc[0, "label"] == "negative" and table.loc[0, "labelled_at"].startswith("20")
    assert "1 of 8 labelled" in labeller.progress.value
    assert table.loc[1, "mention_id"] in labeller.text.value
    assert list((labeller.wb.client.folder / ".history").glob("*-labels.csv"))


def test_shortcuts_skip_and_back(labeller):
    _type(labeller, "1")  # positive
    _type(labeller, "s")  # skip the second
    _type(labeller, "3")  # the third: negative
    table = _table(labeller)
    assert list(table.loc[:2, "label"]) == ["positive", "", "negative"]
    _type(labeller, "b")  # back to the third, shown with its label
    assert (
        table.loc[2, "mention_id"] in labeller.text.value
        and "labelled <b>negative" in labeller.text.value
    )
    _type(labeller, "2")  # relabelled neutral
    assert _table(labeller).loc[2, "label"] == "neutral"
    assert "2 of 8 labelled" in labeller.progress.value


def test_keys_typed_while_the_kernel_was_busy_are_each_acted_on_in_order(labeller):
    ids = list(_table(labeller)["mention_id"])
    _type(labeller, "1")
    _type(labeller, "s2 3")  # sent in one update: skip, neutral, negative (the space is nothing)
    assert labeller.keys.value == "1s2 3"  # kept: clearing it would race with the typing
    assert list(_table(labeller)["label"][:4]) == ["positive", "", "neutral", "negative"]
    labeller.keys.value = "1s"  # two keys deleted: nothing acted on
    _type(labeller, "B")  # upper case too: back to the fourth mention
    assert _shown(labeller) == ids[3]
    assert list(_table(labeller)["label"][:5]) == ["positive", "", "neutral", "negative", ""]


def test_text_is_escaped(labeller):
    assert _table(labeller).loc[0, "mention_id"].startswith("p")  # a period mention first
    assert "<script>" not in labeller.text.value
    assert "&lt;b&gt;is&lt;/b&gt; &amp; fine &lt;script&gt;" in labeller.text.value


def test_a_label_saved_elsewhere_meanwhile_is_a_conflict(labeller):
    table = _table(labeller)
    table.loc[3, "label"] = "positive"  # by hand, in the file
    table.to_csv(labeller.wb.client.folder / "labels.csv", index=False)
    labeller.buttons["neutral"].click()
    assert "changed on disk" in labeller.message.value
    after = _table(labeller)
    assert after.loc[0, "label"] == "" and after.loc[3, "label"] == "positive"
    labeller.buttons["neutral"].click()  # reloaded: the next label is saved
    assert _table(labeller).loc[0, "label"] == "neutral"


def _reopen(widget, monkeypatch):
    """The widget as the notebook shows it when reopened: a new one on the saved files."""
    shown = []
    monkeypatch.setattr(panels, "display", lambda obj, **_: shown.append(obj))
    wb = notebook.open_workbook(
        "acme", notebook="test", data_root=str(widget.wb.client.folder.parent)
    )
    labelling.label_mentions(wb)
    return shown[-1]


def _shown(widget) -> str:
    """The mention id the widget shows."""
    return widget.table.frame.loc[widget.position, "mention_id"]


def test_back_and_forward_reach_labels_saved_before_the_notebook_was_reopened(
    labeller, monkeypatch
):
    ids = list(_table(labeller)["mention_id"])
    for key in "123":
        _type(labeller, key)
    again = _reopen(labeller, monkeypatch)
    assert _shown(again) == ids[3] and "3 of 8 labelled" in again.progress.value
    _type(again, "b")
    assert _shown(again) == ids[2] and "labelled <b>negative" in again.text.value
    again.buttons["back"].click()
    assert _shown(again) == ids[1] and "labelled <b>neutral" in again.text.value
    _type(again, "f")
    assert _shown(again) == ids[2]
    _type(again, "1")  # an earlier sitting's label changed
    assert list(_table(again)["label"][:4]) == ["positive", "neutral", "positive", ""]
    assert _shown(again) == ids[3]  # then on to the first mention still waiting


def test_skipped_mentions_come_last_the_next_time(labeller, monkeypatch):
    ids = list(_table(labeller)["mention_id"])
    _type(labeller, "s")  # the first, skipped
    _type(labeller, "s")  # the second, skipped
    _type(labeller, "2")  # the third, neutral
    again = _reopen(labeller, monkeypatch)
    assert _shown(again) == ids[3]  # not the skipped first one
    for _ in range(3, 8):  # the five not skipped
        _type(again, "1")
    assert _shown(again) == ids[0]  # the skipped ones, in the order skipped
    _type(again, "3")
    assert _shown(again) == ids[1]
    _type(again, "3")
    assert again.position is None and "Every sampled mention is labelled" in again.text.value
    _type(again, "b")  # from the end, back to the last mention drawn
    assert _shown(again) == ids[7]


def test_the_history_keeps_each_label_as_a_change_and_one_copy_per_sitting(labeller, monkeypatch):
    folder = labeller.wb.client.folder
    before = (folder / "labels.csv").read_bytes()
    for key in "1s2331":  # five labels and a skip
        _type(labeller, key)
    copies = sorted((folder / ".history").glob("*-labels.csv"))
    assert len(copies) == 1 and copies[0].read_bytes() == before  # the table before the sitting
    changes = pd.read_csv(folder / ".history" / "labels-changes.csv", dtype=str).fillna("")
    ids = list(_table(labeller)["mention_id"])
    assert list(changes["change"]) == ["positive", "skip", "neutral", "negative", "negative",
                                       "positive"]  # fmt: skip
    assert list(changes["mention_id"]) == [ids[0], ids[1], ids[2], ids[3], ids[4], ids[5]]
    again = _reopen(labeller, monkeypatch)
    _type(again, "b")
    _type(again, "2")  # a label changed in a new sitting: its old value is in the log
    assert len(sorted((folder / ".history").glob("*-labels.csv"))) == 2
    last = pd.read_csv(folder / ".history" / "labels-changes.csv", dtype=str).iloc[-1]
    assert (last["mention_id"], last["label_before"], last["change"]) == (
        ids[5],
        "positive",
        "neutral",
    )


def test_without_a_sample_the_buttons_are_disabled_and_say_how_to_draw_one(tmp_path, monkeypatch):
    write_client(
        tmp_path,
        "acme",
        files={"ecosystem.csv": SAMPLE_ECOSYSTEM, "mentions.csv": sample_mentions()},
    )
    shown = []
    monkeypatch.setattr(panels, "display", lambda obj, **_: shown.append(obj))
    labelling.label_mentions(notebook.open_workbook("acme", notebook="t", data_root=str(tmp_path)))
    widget = shown[-1]
    assert all(button.disabled for button in widget.buttons.values()) and widget.keys.disabled
    assert "<code>socialworkbook sample acme --n 200</code>" in widget.text.value
    widget.act("positive")
    widget.act("back")
    assert not (tmp_path / "acme" / "labels.csv").exists()
    assert not (tmp_path / "acme" / ".history").exists()
