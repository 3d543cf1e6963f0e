"""Files written for people to open in a spreadsheet, safe from formula injection (OWASP).

A text cell that starts with `=`, `+`, `-`, `@`, a tab or a carriage return is prefixed with a
single quote, so Excel and LibreOffice show it as text instead of evaluating it. Numbers, and text
that is a plain number such as "-3.5", stay as they are.
"""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd

from .storage import atomic_write_bytes

__all__ = ["neutralise_cell", "neutralise", "write_csv", "write_xlsx"]

_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
_PLAIN_NUMBER = re.compile(r"^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$")


def neutralise_cell(value):
    """The value, with a leading quote when it is text a spreadsheet would run as a formula."""
    if isinstance(value, str) and value.startswith(_TRIGGERS) and not _PLAIN_NUMBER.match(value):
        return "'" + value
    return value


def neutralise(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy of `frame` whose text cells (and column names) cannot run as formulas."""
    safe = frame.copy()
    for column in safe.columns:
        if not pd.api.types.is_numeric_dtype(
            safe[column]
        ) and not pd.api.types.is_datetime64_any_dtype(safe[column]):
            safe[column] = safe[column].map(neutralise_cell)
    safe.columns = [neutralise_cell(str(c)) for c in safe.columns]
    return safe


def write_csv(frame: pd.DataFrame, path: Path | str) -> Path:
    """Write a neutralised CSV (UTF-8) atomically."""
    return atomic_write_bytes(path, neutralise(frame).to_csv(index=False).encode("utf-8"))


def write_xlsx(frame: pd.DataFrame, path: Path | str, *, sheet: str = "data") -> Path:
    """Write a neutralised one-sheet workbook atomically; text cells are stored as text."""
    import io

    buffer = io.BytesIO()
    with pd.ExcelWriter(buffer, engine="openpyxl") as writer:
        neutralise(frame).to_excel(writer, sheet_name=sheet, index=False)
    return atomic_write_bytes(path, buffer.getvalue())
