"""Formula injection: what the kit writes for people never runs as a formula in a spreadsheet."""

from __future__ import annotations

import pandas as pd
import pytest
from openpyxl import load_workbook

from socialworkbook.spreadsheet import neutralise, neutralise_cell, write_csv, write_xlsx

ATTACKS = [
    '=HYPERLINK("http://x")',
    "+1+1",
    "-2+3",
    "@SUM(A1)",
    "\tcmd",
    "\r=1",
    "=cmd|' /C calc'!A0",
]


@pytest.mark.parametrize("attack", ATTACKS)
def test_formula_text_is_prefixed_with_a_quote(attack):
    assert neutralise_cell(attack) == "'" + attack


@pytest.mark.parametrize("value", ["-3.5", "+7", "12", "hello", "", "a=b", 3, -4.5, None])
def test_numbers_and_plain_text_stay_as_they_are(value):
    assert neutralise_cell(value) == value


def test_numeric_columns_keep_their_numbers():
    frame = pd.DataFrame({"compound": [-0.5, 0.2], "text": ["=1+1", "ok"], "n": [-1, 2]})
    safe = neutralise(frame)
    assert safe["compound"].tolist() == [-0.5, 0.2] and safe["n"].tolist() == [-1, 2]
    assert safe["text"].tolist() == ["'=1+1", "ok"]


def test_csv_and_xlsx_written_are_neutralised(tmp_path):
    frame = pd.DataFrame({"mention_id": ["=1+1", "m2"], "compound": [-0.25, 0.5]})
    csv = write_csv(frame, tmp_path / "x.csv").read_text()
    assert "'=1+1" in csv and "-0.25" in csv
    write_xlsx(frame, tmp_path / "x.xlsx")
    sheet = load_workbook(tmp_path / "x.xlsx").active
    assert sheet["A2"].value == "'=1+1" and sheet["A2"].data_type == "s"
    assert sheet["B2"].value == -0.25
