"""inputs.xlsx: checked for size and zip bombs, read by calamine (cached values, formulas not
evaluated), each sheet a raw table."""

from __future__ import annotations

import datetime as dt
import io
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .. import vocab
from ..errors import Problem
from ..vocab import WORKBOOK_FILE
from .problems import clip, problem
from .raw import MAX_COLUMNS, MAX_ROWS, RawTable, raw_table, records_grid, safe_bytes, sha256_hex

_MAX_XLSX_BYTES = 50 << 20


_MAX_XLSX_UNCOMPRESSED = 1 << 30


_MAX_ZIP_RATIO = 200  # legitimate sheets compress 10-50 times; zip bombs by thousands


_MAX_ZIP_MEMBERS = 10_000


_MAX_SHEETS = 100


@dataclass
class XlsxWorkbook:
    """inputs.xlsx, checked for size and zip bombs, opened by calamine (formulas not evaluated):
    `sheets` names the sheets read as tables."""

    sheets: list[str]
    problems: list[Problem]
    book: Any = None

    @property
    def refused(self) -> bool:
        """Whether the workbook was not opened (too big, not a zip, a zip bomb ...)."""
        return self.book is None

    @classmethod
    def open(cls, folder: Path, sha256: dict[str, str]) -> XlsxWorkbook:
        data, problems = safe_bytes(folder, WORKBOOK_FILE, _MAX_XLSX_BYTES)
        if data is None:
            return cls([], problems)
        sha256[WORKBOOK_FILE] = sha256_hex(data)
        problems = _zip_problems(data)
        if problems:
            return cls([], problems)
        book = _load(data)
        if isinstance(book, Problem):
            return cls([], [book])
        names = list(book.sheet_names)
        if len(names) > _MAX_SHEETS:
            return cls(
                [],
                [
                    problem(
                        WORKBOOK_FILE,
                        f"has {len(names)} sheets, more than the {_MAX_SHEETS} this kit reads",
                        "keep only the sheets named after tables (ecosystem, posts, ...)",
                    )
                ],
            )
        problems = [
            problem(
                f"{WORKBOOK_FILE}[{name}]",
                "sheet names are lower-case table names: this sheet is not read",
                f"rename the sheet to '{name.strip().lower()}'",
            )
            for name in names
            if name not in vocab.TABLES and name.strip().lower() in vocab.TABLES
        ]
        return cls([name for name in names if name in vocab.TABLES], problems, book)

    def table(self, name: str) -> tuple[RawTable | None, list[Problem]]:
        file = f"{WORKBOOK_FILE}[{name}]"
        read = self._read(name, file)
        if read[0] is None:
            return None, read[1]
        records, rows, widest = read
        if widest > MAX_COLUMNS:
            return None, [_sheet_too_big(file, len(records), widest)]
        if not any(any(c.strip() for c in r) for r in records):
            return None, [problem(file, "is empty", "write the column names in the first row")]
        grid, problems = records_grid(records, rows, file, "xlsx")
        if grid is None:
            return None, problems
        raw, more = raw_table(file, grid, "xlsx")
        return raw, problems + more

    def _read(self, name: str, file: str) -> tuple:
        """The sheet's rows as text, their row numbers and its widest column; or (None,
        problems)."""
        try:
            sheet = self.book.get_sheet_by_name(name)
            rows_declared, widest = (sheet.end[0] + 1, sheet.end[1] + 1) if sheet.end else (0, 0)
            if rows_declared > MAX_ROWS + 1:
                return None, [_sheet_too_big(file, rows_declared, widest)]
            records = [
                [v if v.__class__ is str else _cell_text(v) for v in values[:MAX_COLUMNS]]
                for values in sheet.to_python(skip_empty_area=False)
            ]
        except Exception as exc:  # noqa: BLE001 - a hostile workbook can make calamine raise anything
            return None, [problem(file, f"cannot be read ({_exc_text(exc)})", _RESAVE)]
        return records, list(range(1, len(records) + 1)), widest


def _load(data: bytes) -> Any:
    """The workbook opened by calamine (cells as last saved: formulas not evaluated), or the
    problem."""
    from python_calamine import CalamineWorkbook  # only clients with a workbook pay for it

    try:
        return CalamineWorkbook.from_filelike(io.BytesIO(data))
    except Exception as exc:  # noqa: BLE001 - a hostile workbook can make calamine raise anything
        return problem(WORKBOOK_FILE, f"cannot be opened ({_exc_text(exc)})", _RESAVE)


_RESAVE = "open it in Excel or LibreOffice and save it again as inputs.xlsx (Excel Workbook)"


def _exc_text(exc: BaseException) -> str:
    return clip(" ".join(f"{type(exc).__name__}: {exc}".split()), 160)


def _sheet_too_big(file: str, rows: int, columns: int) -> Problem:
    return problem(
        file,
        f"is too big to read (about {rows:,} rows, {columns:,} columns; the limits are "
        f"{MAX_ROWS:,} rows and {MAX_COLUMNS} columns)",
        "remove unused rows and columns (select them, Delete), or split the data",
    )


def _zip_problems(data: bytes) -> list[Problem]:
    """Refuse what is not a plain xlsx zip: not a zip, too many members, a zip bomb, XML that
    declares entities (calamine leaves an entity's cell empty: the data would be lost unsaid)."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError) as exc:
        return [
            problem(
                WORKBOOK_FILE,
                f"is not an Excel workbook (.xlsx is a zip file; {_exc_text(exc)})",
                _RESAVE,
            )
        ]
    if len(members) > _MAX_ZIP_MEMBERS:
        return [
            problem(WORKBOOK_FILE, f"holds {len(members):,} parts: not a plain workbook", _RESAVE)
        ]
    unpacked = sum(m.file_size for m in members)
    packed = max(sum(m.compress_size for m in members), 1)
    biggest = max(
        (m.file_size / max(m.compress_size, 1) for m in members if m.file_size > 1 << 20), default=0
    )
    if (
        unpacked > _MAX_XLSX_UNCOMPRESSED
        or unpacked / packed > _MAX_ZIP_RATIO
        or biggest > 5 * _MAX_ZIP_RATIO
    ):
        return [
            problem(
                WORKBOOK_FILE,
                f"unpacks to {unpacked:,} bytes from {len(data):,} (a zip bomb?): not read",
                "export the tables as CSV files, or save a workbook holding only the data",
            )
        ]
    if any(_declares_entities(head) for head in _xml_heads(data, members)):
        return [
            problem(
                WORKBOOK_FILE,
                "declares XML entities, which no spreadsheet program writes (an entity bomb?): "
                "not read",
                _RESAVE,
            )
        ]
    return []


def _xml_heads(data: bytes, members: list[zipfile.ZipInfo]) -> list[bytes]:
    """The first kilobytes of each XML part, where a document type declaration would be (a
    part that cannot be unpacked: its name, which declares nothing; calamine then refuses it)."""
    heads = []
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        for member in members:
            if member.filename.endswith((".xml", ".rels")) and member.file_size:
                try:
                    heads.append(archive.open(member).read(4096))
                except (zipfile.BadZipFile, OSError, ValueError, EOFError, zlib.error):
                    heads.append(member.filename.encode())
    return heads


def _declares_entities(head: bytes) -> bool:
    return b"<!DOCTYPE" in head or b"<!ENTITY" in head


def _cell_text(value: Any) -> str:
    """A workbook cell as the text a CSV export would hold."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() and abs(value) < 1e16 else repr(value)
    if isinstance(value, dt.datetime):
        if value.time() == dt.time(0) and value.tzinfo is None:
            return value.date().isoformat()
        return value.isoformat()
    if isinstance(value, (dt.date, dt.time)):
        return value.isoformat()
    if isinstance(value, dt.timedelta):
        return str(value)
    return str(value)
