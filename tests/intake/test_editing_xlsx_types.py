"""A save into inputs.xlsx keeps every other cell's type and format: dates stay dates."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from socialworkbook.intake import editing

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def ledgerline(tmp_path) -> Path:
    return Path(shutil.copytree(ROOT / "client_data" / "ledgerline", tmp_path / "ledgerline"))


def _cells(folder: Path, sheet: str) -> list[list[openpyxl.cell.Cell]]:
    book = openpyxl.load_workbook(folder / "inputs.xlsx")
    return [list(row) for row in book[sheet].iter_rows(min_row=1)]


def _column(rows, name: str) -> list:
    position = [c.value for c in rows[0]].index(name)
    return [row[position] for row in rows[1:]]


def test_a_saved_target_leaves_every_target_date_a_date_with_its_format(ledgerline):
    before = _cells(ledgerline, "ogst")
    dates = [c for c in _column(before, "target_date") if c.value is not None]
    assert dates and all(isinstance(c.value, dt.datetime) for c in dates)  # the example's dates

    edit = editing.load_table(ledgerline, "ogst")
    frame = edit.frame.reset_index(drop=True)
    frame.loc[0, "target"] = "2.4"
    edit.save(frame)

    after = _cells(ledgerline, "ogst")
    assert _column(after, "target")[0].value == 2.4 and _column(after, "target")[0].data_type == "n"
    for old, new in zip(_column(before, "target_date"), _column(after, "target_date"), strict=True):
        assert new.value == old.value and new.number_format == old.number_format
        assert new.is_date == old.is_date
    for old_row, new_row in zip(before, after, strict=True):  # every other cell as it was
        for old, new in zip(old_row, new_row, strict=True):
            if (old.row, old.column) != (2, 5):
                assert (new.value, new.data_type, new.number_format, new.font.b) == (
                    old.value,
                    old.data_type,
                    old.number_format,
                    old.font.b,
                )


def test_an_edited_date_is_written_as_a_date_in_the_columns_format(ledgerline):
    edit = editing.load_table(ledgerline, "ogst")
    frame = edit.frame.reset_index(drop=True)
    frame.loc[1, "target_date"] = "2026-11-30"
    edit.save(frame)

    cell = _column(_cells(ledgerline, "ogst"), "target_date")[1]
    assert cell.value == dt.datetime(2026, 11, 30) and cell.is_date
    assert cell.number_format == "yyyy-mm-dd"
    assert editing.load_table(ledgerline, "ogst").frame.iloc[1]["target_date"] == "2026-11-30"


def test_rows_after_a_removed_row_keep_their_dates_and_a_new_row_takes_the_columns_format(
    ledgerline,
):
    before = _column(_cells(ledgerline, "ogst"), "target_date")
    edit = editing.load_table(ledgerline, "ogst")
    frame = edit.frame.reset_index(drop=True)
    added = frame.iloc[[0]].assign(target_date="2026-12-31", goal="A new goal")
    frame = frame.drop(index=0)
    edit.save(pd.concat([frame, added], ignore_index=True))

    after = _column(_cells(ledgerline, "ogst"), "target_date")
    assert [c.value for c in after[:-1]] == [c.value for c in before[1:]]
    assert all(c.is_date for c in after if c.value is not None)
    assert after[-1].value == dt.datetime(2026, 12, 31) and after[-1].number_format == "yyyy-mm-dd"
