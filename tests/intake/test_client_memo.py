"""A run's notebooks read their client once: the client kept as read (`read_client` with a memo
folder, `memo.kept`)."""

from __future__ import annotations

import shutil
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from socialworkbook import intake
from socialworkbook.intake import folder

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def data_root(tmp_path) -> Path:
    shutil.copytree(
        ROOT / "client_data" / "ledgerline",  # the example client with an inputs.xlsx
        tmp_path / "data" / "ledgerline",
        ignore=shutil.ignore_patterns(".cache", ".history"),
    )
    return tmp_path / "data"


def _likes(folder: Path) -> tuple[openpyxl.Workbook, int, int]:
    """The workbook, the posts sheet's likes column (1-based) and its sum, read by openpyxl."""
    book = openpyxl.load_workbook(folder / "inputs.xlsx")
    sheet = book["posts"]
    column = [c.value for c in sheet[1]].index("likes") + 1
    values = [
        row[0]
        for row in sheet.iter_rows(min_row=2, min_col=column, max_col=column, values_only=True)
    ]
    return book, column, int(sum(v for v in values if isinstance(v, (int, float))))


def test_a_second_read_of_the_same_files_reads_nothing_and_gives_the_same_client(
    data_root, tmp_path, monkeypatch
):
    memo = tmp_path / "run" / ".staging" / "xlsx"
    plain = intake.read_client("ledgerline", data_root=data_root)
    first = intake.read_client("ledgerline", data_root=data_root, memo_folder=memo)
    monkeypatch.setattr(folder, "_read_folder", lambda *args: pytest.fail("read again"))
    second = intake.read_client("ledgerline", data_root=data_root, memo_folder=memo)
    for name, table in plain.tables.items():
        pd.testing.assert_frame_equal(first.tables[name], table)
        pd.testing.assert_frame_equal(second.tables[name], table)
    assert second.inputs_sha256 == plain.inputs_sha256
    assert (second.period, second.baseline, second.config) == (
        plain.period,
        plain.baseline,
        plain.config,
    )
    _, _, likes = _likes(data_root / "ledgerline")  # what openpyxl reads, independently
    assert second.tables["posts"]["likes"].sum() == likes


def test_a_changed_workbook_is_read_again(data_root, tmp_path):
    memo = tmp_path / "run" / ".staging" / "xlsx"
    before = intake.read_client("ledgerline", data_root=data_root, memo_folder=memo)
    book, column, likes = _likes(data_root / "ledgerline")
    cell = book["posts"].cell(row=2, column=column)
    cell.value = (cell.value or 0) + 1000
    book.save(data_root / "ledgerline" / "inputs.xlsx")
    after = intake.read_client("ledgerline", data_root=data_root, memo_folder=memo)
    assert after.tables["posts"]["likes"].sum() == likes + 1000
    assert after.inputs_sha256 != before.inputs_sha256


def test_another_period_or_a_new_file_is_read_again(data_root, tmp_path):
    memo = tmp_path / "run" / ".staging" / "derived"
    first = intake.read_client("ledgerline", data_root=data_root, memo_folder=memo)
    other = intake.read_client(
        "ledgerline", data_root=data_root, period="2026-Q2", baseline="previous", memo_folder=memo
    )
    assert (first.period.label, other.period.label) == ("2026-Q3", "2026-Q2")
    notes = data_root / "ledgerline" / "notes.txt"  # a file the reader lists as not read
    notes.write_text("call the client on Monday\n")
    warned = intake.read_client("ledgerline", data_root=data_root, memo_folder=memo)
    assert any("notes.txt" in str(w) for w in warned.warnings)
    assert not any("notes.txt" in str(w) for w in first.warnings)


def test_a_file_that_cannot_be_read_gets_the_readers_own_words_not_an_os_error(
    data_root, tmp_path, monkeypatch
):
    memo = tmp_path / "run" / ".staging" / "derived"
    (data_root / "ledgerline" / "notes.txt").write_text("x\n")
    real = Path.read_bytes

    def refuse(path):
        if path.name == "notes.txt":
            raise PermissionError(13, "Permission denied", str(path))
        return real(path)

    monkeypatch.setattr(Path, "read_bytes", refuse)
    client = intake.read_client("ledgerline", data_root=data_root, memo_folder=memo)
    assert client.slug == "ledgerline"  # read as without a memo folder
    assert not memo.exists()
