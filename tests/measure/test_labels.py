"""The labels table and the sample command: reading, drawing, saving (csv and xlsx clients)."""

from __future__ import annotations

import io
import json

import openpyxl
import pandas as pd
import pytest
from clientfolders import find, write_client, xlsx_bytes
from labelled_clients import SAMPLE_ECOSYSTEM, sample_mentions

from socialworkbook import intake
from socialworkbook.cli import main
from socialworkbook.errors import SaveConflictError, ValidationError
from socialworkbook.intake import editing
from socialworkbook.measure import labels


@pytest.fixture
def acme(tmp_path):
    write_client(
        tmp_path,
        "acme",
        files={"ecosystem.csv": SAMPLE_ECOSYSTEM, "mentions.csv": sample_mentions()},
    )
    return tmp_path


def _sample(root, *args):
    return main(["sample", "acme", "--data-root", str(root), *args])


def _table(root):
    return pd.read_csv(root / "acme" / "labels.csv", dtype=str, keep_default_na=False)


def test_a_draw_appends_unlabelled_own_mentions_and_records_its_design(acme, capsys):
    assert _sample(acme, "--n", "20", "--seed", "5") == 0
    out = capsys.readouterr().out
    assert "sample s1 (seed 5): 40 mentions added to labels.csv" in out
    assert "2026-07-01..2026-09-30: 20 of 55 unlabelled mentions" in out
    table = _table(acme)
    assert list(table.columns) == list(labels.COLUMNS)
    assert (table["sample"] == "s1").all() and (table["label"] == "").all()
    ids = set(table["mention_id"])
    assert not any(i.startswith("r") for i in ids)  # never a competitor's
    assert not ids & {f"p{i}" for i in range(5)}  # never a labelled mention
    design = json.loads((acme / "acme" / "samples.json").read_text())
    (sample,) = design["samples"]
    assert sample["sample"] == "s1" and sample["seed"] == 5
    period, baseline = sample["strata"]
    assert (period["start"], period["end"], period["frame_size"]) == (
        "2026-07-01",
        "2026-09-30",
        55,
    )
    assert baseline["frame_size"] == 40 and len(baseline["drawn_ids"]) == 20
    assert period["frame_sha256"] == labels.frame_sha256(f"p{i}" for i in range(5, 60))


def test_draws_are_reproducible_from_the_seed(tmp_path):
    for root in (tmp_path / "a", tmp_path / "b"):
        write_client(
            root,
            "acme",
            files={"ecosystem.csv": SAMPLE_ECOSYSTEM, "mentions.csv": sample_mentions()},
        )
        assert _sample(root, "--n", "15", "--seed", "11") == 0
    assert _table(tmp_path / "a").equals(_table(tmp_path / "b"))
    write_client(
        tmp_path / "c",
        "acme",
        files={"ecosystem.csv": SAMPLE_ECOSYSTEM, "mentions.csv": sample_mentions()},
    )
    assert _sample(tmp_path / "c", "--n", "15", "--seed", "12") == 0
    assert not _table(tmp_path / "a").equals(_table(tmp_path / "c"))


def test_a_second_draw_takes_from_what_is_left_and_never_twice(acme):
    assert _sample(acme, "--n", "30", "--seed", "1") == 0
    assert _sample(acme, "--n", "30", "--seed", "1") == 0  # same seed: still new mentions
    table = _table(acme)
    assert not table["mention_id"].duplicated().any()
    assert (table["sample"] == "s2").sum() == 25 + 10  # what was left: 55 - 30, 40 - 30
    assert _sample(acme, "--n", "30") == 1  # nothing left to draw: a clear error, no change
    assert len(_table(acme)) == 95


def test_by_component_stratifies_within_period_and_baseline(acme):
    assert _sample(acme, "--n", "4", "--seed", "2", "--by-component") == 0
    strata = labels.read_design(acme / "acme")["samples"][0]["strata"]
    assert [(s["start"][:7], s["component"], s["drawn"]) for s in strata] == [
        ("2026-07", "forum", 4),
        ("2026-07", "web", 4),
        ("2026-04", "web", 4),
    ]


def test_a_workbook_client_gets_a_labels_sheet_with_a_drop_down(tmp_path):
    rows = [line.split(",") for line in SAMPLE_ECOSYSTEM.splitlines()]
    mentions = [line.split(",") for line in sample_mentions().splitlines()]
    write_client(
        tmp_path,
        "acme",
        files={
            "ecosystem.csv": None,
            "inputs.xlsx": xlsx_bytes({"ecosystem": rows, "mentions": mentions}),
        },
    )
    assert _sample(tmp_path, "--n", "10", "--seed", "3") == 0
    folder = tmp_path / "acme"
    assert not (folder / "labels.csv").exists()
    book = openpyxl.load_workbook(io.BytesIO((folder / "inputs.xlsx").read_bytes()))
    sheet = book["labels"]
    assert [c.value for c in sheet[1]] == list(labels.COLUMNS)
    assert sheet.max_row == 21 and sheet["C2"].value == "s1" and sheet["B2"].value is None
    (choice,) = sheet.data_validations.dataValidation
    assert choice.formula1 == '"positive,neutral,negative"' and "B2:B1048576" in str(choice.sqref)
    assert list(folder.glob(".history/*-inputs.xlsx"))  # the workbook before the new sheet
    client = intake.read_client_folder(folder, "acme")
    assert len(client.table("labels")) == 20
    assert _sample(tmp_path, "--n", "10", "--seed", "3") == 0  # a second draw: same sheet
    client = intake.read_client_folder(folder, "acme")
    assert len(client.table("labels")) == 40
    assert (
        len(
            openpyxl.load_workbook(folder / "inputs.xlsx")["labels"].data_validations.dataValidation
        )
        == 1
    )


def test_a_label_save_during_a_draw_is_a_conflict(acme):
    assert _sample(acme, "--n", "5", "--seed", "1") == 0
    editor = editing.load_table(acme / "acme", "labels")
    assert _sample(acme, "--n", "5", "--seed", "2") == 0  # saved in between
    frame = editor.frame.copy()
    frame.loc[0, "label"] = "negative"
    with pytest.raises(SaveConflictError):
        editor.save(frame)
    assert (_table(acme)["label"] == "").all()
    assert list((acme / "acme" / ".history").glob("*-labels.csv"))
    assert list((acme / "acme" / ".history").glob("*-samples.json"))


def test_labels_override_the_mentions_label_column(acme):
    assert _sample(acme, "--n", "5", "--seed", "1") == 0
    table = _table(acme)
    table.loc[0, "label"] = "negative"
    table.to_csv(acme / "acme" / "labels.csv", index=False)
    client = intake.read_client_folder(acme / "acme", "acme")
    mentions = client.table("mentions").set_index("mention_id")
    assert mentions.loc[table.loc[0, "mention_id"], "label"] == "negative"
    assert mentions.loc["p0", "label"] == "positive"


def test_bad_labels_rows_name_file_row_column_value_and_fix(acme):
    (acme / "acme" / "labels.csv").write_text(
        "mention_id,label,sample\np1,positive,\nnope,negative,\np1,neutral,\np2,happy,\n"
    )
    with pytest.raises(ValidationError) as caught:
        intake.read_client_folder(acme / "acme", "acme")
    problems = caught.value.problems
    unknown = find(problems, column="mention_id", value="nope")
    assert (unknown.file, unknown.row) == ("labels.csv", 3) and "mentions table" in unknown.message
    assert find(problems, column="mention_id", row=4).value == "p1"
    bad = find(problems, column="label", value="happy")
    assert bad.row == 5 and "positive, neutral, negative" in bad.fix


def test_a_labels_table_without_its_label_column_is_a_problem(acme):
    (acme / "acme" / "labels.csv").write_text("mention_id,sample\np1,\n")
    with pytest.raises(ValidationError) as caught:
        intake.read_client_folder(acme / "acme", "acme")
    assert find(caught.value.problems, column="label").row == 1
