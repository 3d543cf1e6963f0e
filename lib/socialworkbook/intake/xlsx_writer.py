"""The cells of one edited sheet of inputs.xlsx, written so that every cell not edited keeps its
type and format, and an edited one takes its column's.

`sheet_xml` replaces the cell data of a worksheet part. The rows of the new table are paired with
the rows of the old one (unchanged rows by content, changed rows by position, as `difflib` aligns
them); a cell whose text is unchanged is copied from the old sheet as it was (a date stays a date,
a shared string, a formula or a style stay as they were); an edited or new cell takes the style of
the cell it replaces, else the most common style of its column, and is written as a date serial
in a date-formatted column, as a number in a number column, else as text. The rows keep their
attributes (heights, hidden).
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
import xml.etree.ElementTree as ET
from collections import Counter
from xml.sax.saxutils import escape

import pandas as pd
from openpyxl.styles.numbers import BUILTIN_FORMATS, is_date_format
from openpyxl.utils import get_column_letter
from openpyxl.utils.datetime import CALENDAR_MAC_1904, CALENDAR_WINDOWS_1900, to_excel

from .. import vocab

__all__ = ["date_styles", "uses_1904", "sheet_xml"]

_NUMERIC_KINDS = ("number", "score", "count")
_PLAIN_NUMBER = re.compile(r"^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$")
_ISO_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_ISO_TIME = re.compile(r"^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?$")
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_SHEET_DATA = re.compile(r"<(\w+:|)sheetData\b[^>]*?(?:/>|>(.*?)</\1sheetData>)", re.S)
_DIMENSION = re.compile(r"<(\w+:|)dimension\b[^>]*/>")
_ROW_NUMBER = re.compile(r'\br="(\d+)"')
_CELL_REF = re.compile(r'\br="([A-Z]+)(\d+)"')
_STYLE = re.compile(r'\bs="(\d+)"')
_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"


def date_styles(styles_xml: bytes | None) -> set[int]:
    """The cell style indexes (`s`) of styles.xml whose number format shows a date or time."""
    if not styles_xml:
        return set()
    root = ET.fromstring(styles_xml)
    codes = dict(BUILTIN_FORMATS)
    for node in root.iter(f"{_MAIN}numFmt"):
        codes[int(node.get("numFmtId", "0"))] = node.get("formatCode", "")
    found = set()
    xfs = next(root.iter(f"{_MAIN}cellXfs"), None)
    for position, xf in enumerate([] if xfs is None else xfs.findall(f"{_MAIN}xf")):
        if is_date_format(codes.get(int(xf.get("numFmtId", "0")), "")):
            found.add(position)
    return found


def uses_1904(workbook_xml: bytes) -> bool:
    """Whether the workbook counts dates from 1904 (old Mac Excel) rather than 1900."""
    pr = next(ET.fromstring(workbook_xml).iter(f"{_MAIN}workbookPr"), None)
    return pr is not None and pr.get("date1904", "0").lower() in ("1", "true")


def sheet_xml(
    old: str,
    sheet: str,
    frame: pd.DataFrame,
    before: pd.DataFrame,
    *,
    dates: set[int],
    epoch_1904: bool = False,
) -> str:
    """The worksheet XML `old` with the cells of `frame` (header row first); the rest kept.

    `before` is the table as read from `old` (cells as text, index: the spreadsheet row), `dates`
    the style indexes that show dates (`date_styles`).
    """
    match = _SHEET_DATA.search(old)
    if match is None:
        raise ValueError(f"sheet '{sheet}' of {vocab.WORKBOOK_FILE} has no cell data part")
    prefix = match.group(1)
    rows, cells = _old_cells(match.group(2) or "", prefix)
    letters = {  # old column name -> its letter in the old sheet
        str(name): get_column_letter(position + 1) for position, name in enumerate(before.columns)
    }
    writer = _Writer(
        prefix, sheet, dates, CALENDAR_MAC_1904 if epoch_1904 else CALENDAR_WINDOWS_1900
    )
    writer.column_styles(cells, letters)
    header = [str(c) for c in frame.columns]
    old_header = [str(c) for c in before.columns]
    out = [writer.row(1, rows.get(1, ""), [
        (name, cells.get((letters.get(name), 1)) if name in old_header else None, name, name)
        for name in header
    ], header=True)]  # fmt: skip
    pairs = _pair_rows(before, frame, header)
    for position, values in enumerate(frame.itertuples(index=False, name=None)):
        number = position + 2
        old_row = pairs.get(position)
        row_cells = []
        for name, value in zip(header, values, strict=True):
            letter = letters.get(name)
            old_cell = cells.get((letter, old_row)) if old_row and letter else None
            old_text = (
                str(before.at[old_row, name])
                if old_row is not None and name in before.columns
                else None
            )
            row_cells.append((name, old_cell, old_text, str(value)))
        out.append(writer.row(number, rows.get(old_row, "") if old_row else "", row_cells))
    data = f"<{prefix}sheetData>{''.join(out)}</{prefix}sheetData>"
    corner = f"{get_column_letter(max(len(header), 1))}{len(frame) + 1}"
    xml = old[: match.start()] + data + old[match.end() :]
    return _DIMENSION.sub(lambda m: f'<{m.group(1)}dimension ref="A1:{corner}"/>', xml, count=1)


def _old_cells(data: str, prefix: str) -> tuple[dict[int, str], dict[tuple[str, int], str]]:
    """The old sheet data: each row's attributes (without r) and each cell's XML, by ref."""
    p = re.escape(prefix)
    row_re = re.compile(rf"<{p}row\b([^>]*?)(?:/>|>(.*?)</{p}row>)", re.S)
    cell_re = re.compile(rf"<{p}c\b([^>]*?)(?:/>|>(.*?)</{p}c>)", re.S)
    rows, cells = {}, {}
    for row in row_re.finditer(data):
        found = _ROW_NUMBER.search(row.group(1))
        if not found:
            return {}, {}  # rows without numbers (rare writers): keep nothing, write afresh
        number = int(found.group(1))
        rows[number] = _ROW_NUMBER.sub("", row.group(1))
        for cell in cell_re.finditer(row.group(2) or ""):
            ref = _CELL_REF.search(cell.group(1))
            if ref:
                cells[(ref.group(1), int(ref.group(2)))] = cell.group(0)
    return rows, cells


def _pair_rows(before: pd.DataFrame, frame: pd.DataFrame, header: list[str]) -> dict[int, int]:
    """New row position -> old spreadsheet row: equal rows by content, changed ones in place."""
    shared = [c for c in header if c in before.columns]
    old = [tuple(str(v) for v in row) for row in before[shared].itertuples(index=False)]
    new = [tuple(str(v) for v in row) for row in frame[shared].itertuples(index=False)]
    numbers = list(before.index)
    pairs = {}
    matcher = difflib.SequenceMatcher(None, old, new, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag in ("equal", "replace"):
            for offset in range(min(i2 - i1, j2 - j1)):
                pairs[j1 + offset] = int(numbers[i1 + offset])
    return pairs


class _Writer:
    """Writes rows and cells in the sheet's prefix, typed by column."""

    def __init__(self, prefix: str, sheet: str, dates: set[int], epoch: dt.datetime):
        self.prefix, self.dates, self.epoch = prefix, dates, epoch
        columns = vocab.TABLES[sheet].columns
        self.numeric = {c.name for c in columns if c.kind in _NUMERIC_KINDS}
        self.datetime = {c.name for c in columns if c.kind == "datetime"}
        self.styles: dict[str, str] = {}

    def column_styles(self, cells: dict[tuple[str, int], str], letters: dict[str, str]) -> None:
        """The most common style of each column's data cells (a new cell's style)."""
        for name, letter in letters.items():
            found = Counter(
                _style(xml) for (col, row), xml in cells.items() if col == letter and row > 1
            )
            found.pop("", None)
            if found:
                self.styles[name] = found.most_common(1)[0][0]

    def row(self, number: int, attributes: str, cells: list, *, header: bool = False) -> str:
        p = self.prefix
        out = []
        for position, (name, old_cell, old_text, text) in enumerate(cells):
            ref = f"{get_column_letter(position + 1)}{number}"
            text = _NOT_XML.sub("", text)
            if old_cell is not None and old_text == text:
                out.append(_CELL_REF.sub(f'r="{ref}"', old_cell, count=1))
            elif text.strip():
                style = _style(old_cell) if old_cell else ("" if header else self.styles.get(name))
                out.append(self.cell(ref, name, text, style or "", header))
        return f'<{p}row r="{number}"{attributes.rstrip()}>{"".join(out)}</{p}row>'

    def cell(self, ref: str, name: str, text: str, style: str, header: bool) -> str:
        p = self.prefix
        shown = f' s="{style}"' if style else ""
        value = text.strip()
        if not header and name in self.datetime and style and int(style) in self.dates:
            serial = _serial(value, self.epoch)
            if serial is not None:
                return f'<{p}c r="{ref}"{shown}><{p}v>{serial}</{p}v></{p}c>'
        if not header and name in self.numeric and _PLAIN_NUMBER.match(value):
            return f'<{p}c r="{ref}"{shown}><{p}v>{value}</{p}v></{p}c>'
        return (
            f'<{p}c r="{ref}"{shown} t="inlineStr"><{p}is>'
            f'<{p}t xml:space="preserve">{escape(text)}</{p}t></{p}is></{p}c>'
        )


def _style(cell_xml: str | None) -> str:
    found = _STYLE.search(cell_xml.split(">", 1)[0]) if cell_xml else None
    return found.group(1) if found else ""


def _serial(text: str, epoch: dt.datetime) -> str | None:
    """An ISO date (or date-time without offset) as an Excel serial number; None otherwise."""
    try:
        if _ISO_DAY.match(text):
            value = dt.date.fromisoformat(text)
        elif _ISO_TIME.match(text):
            value = dt.datetime.fromisoformat(text.replace(" ", "T"))
        else:
            return None
    except ValueError:  # 2026-02-30: kept as the text typed (validation names it)
        return None
    serial = to_excel(value, epoch)
    return str(int(serial)) if float(serial).is_integer() else repr(float(serial))
