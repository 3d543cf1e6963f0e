"""The labelling widget driven as an analyst drives it: buttons, shortcuts, skip, back, conflict."""

from __future__ import annotations

import pandas as pd
import pytest
from clientfolders import write_client
from labelled_clients import SAMPLE_ECOSYSTEM, sample_mentions

from socialworkbook.cli import main
from socialworkbook.lab import labelling, notebook


@pytest.fixture
def labeller(tmp_path, monkeypatch):
    mentions = sample_mentions().replace("is fine", "<b>is</b> & fine <script>x</script>")
    write_client(
        tmp_path, "acme", files={"ecosystem.csv": SAMPLE_ECOSYSTEM, "mentions.csv": mentions}
    )
    assert main(["sample", "acme", "--n", "4", "--seed", "9", "--data-root", str(tmp_path)]) == 0
    shown = []
    monkeypatch.setattr(labelling, "display", lambda obj, **_: shown.append(obj))
    wb = notebook.open_workbook("acme", notebook="test", data_root=str(tmp_path))
    labelling.label_mentions(wb)
    return shown[-1]


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
    labeller.keys.value = "1"  # positive
    assert labeller.keys.value == ""
    labeller.keys.value = "s"  # skip the second
    labeller.keys.value = "3"  # the third: negative
    table = _table(labeller)
    assert list(table.loc[:2, "label"]) == ["positive", "", "negative"]
    labeller.keys.value = "b"  # back to the third, shown with its label
    assert (
        table.loc[2, "mention_id"] in labeller.text.value
        and "labelled <b>negative" in labeller.text.value
    )
    labeller.keys.value = "2"  # relabelled neutral
    assert _table(labeller).loc[2, "label"] == "neutral"
    assert "2 of 8 labelled" in labeller.progress.value


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
