"""Files into raw tables: every cell a string, the spreadsheet row of each line."""

from __future__ import annotations

import hashlib
import stat
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    import pandas as pd

from ..errors import Problem
from .problems import FileProblems, problem

MAX_ROWS = 2_000_000


MAX_COLUMNS = 200


def safe_bytes(folder: Path, name: str, limit: int) -> tuple[bytes | None, list[Problem]]:
    """The bytes of `folder/name` if it is a regular file inside the folder within `limit`."""
    path = folder / name
    try:
        inside = path.resolve().is_relative_to(folder.resolve())
        info = path.stat()
    except (OSError, RuntimeError) as exc:
        return None, [problem(name, f"cannot be read ({exc})", "check the file")]
    if not inside:
        return None, [
            problem(
                name,
                "is a link to a file outside the client folder",
                "copy the file itself into the client folder",
            )
        ]
    if not stat.S_ISREG(info.st_mode):
        return None, [problem(name, "is not a regular file", "replace it by a file")]
    if info.st_size > limit:
        return None, [
            problem(
                name,
                f"is {info.st_size:,} bytes, more than the {limit:,} this kit reads",
                "split or trim the data",
            )
        ]
    try:
        with path.open("rb") as handle:
            data = handle.read(limit + 1)  # the file may have grown since stat
    except OSError as exc:
        return None, [problem(name, f"cannot be read ({exc.strerror or exc})", "check the file")]
    if len(data) > limit:
        return None, [problem(name, f"is more than the {limit:,} bytes this kit reads", "trim it")]
    return data, []


def sha256_hex(data: bytes) -> str:
    """The SHA-256 of `data` in hex, as results.json `inputs_sha256` records it."""
    return hashlib.sha256(data).hexdigest()


@dataclass
class RawTable:
    """One table as read: raw and stripped cells of the non-blank lines after the header."""

    file: str
    raw: pd.DataFrame
    clean: pd.DataFrame
    rows: np.ndarray
    header_row: int


def decode(data: bytes, file: str) -> tuple[str | None, list[Problem]]:
    """UTF-8 text (BOM removed), or a problem naming the first line that is not UTF-8."""
    fix = (
        "save the file as 'CSV UTF-8' (Excel: Save As, CSV UTF-8) or with UTF-8 encoding"
        if file.endswith(".csv")
        else "save the file with UTF-8 encoding"
    )
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        bad = data[exc.start : exc.start + 4].hex(" ")
        guess = "UTF-16" if data[:2] in (b"\xff\xfe", b"\xfe\xff") else "Latin-1/Windows-1252?"
        return None, [
            problem(
                file,
                f"is not UTF-8 text ({guess}): line {line} holds the bytes {bad}",
                fix,
                row=line,
            )
        ]
    if "\x00" in text:
        line = text.count("\n", 0, text.index("\x00")) + 1
        return None, [
            problem(
                file,
                f"holds NUL characters (line {line}): it is binary or UTF-16, not UTF-8 text",
                fix,
                row=line,
            )
        ]
    return text.removeprefix("\ufeff"), []


@dataclass
class Grid:
    """Every record of a file, header included: positional string columns and their rows."""

    columns: list[np.ndarray]  # object arrays of str
    rows: np.ndarray


def records_grid(
    records: list[list[str]], rows: list[int], file: str, kind: str
) -> tuple[Grid | None, list[Problem]]:
    """Pad ragged records into a grid; cells beyond the header are problems unless blank."""
    header_at = next((i for i, r in enumerate(records) if any(c.strip() for c in r)), None)
    if header_at is None:
        return Grid([], np.array(rows, dtype=np.int64)), []
    header = records[header_at]
    width = max(i for i, cell in enumerate(header) if cell.strip()) + 1
    if width > MAX_COLUMNS:
        return None, [
            problem(
                file,
                f"has {width} columns, more than the {MAX_COLUMNS} this kit reads",
                "remove the columns the kit does not need",
                row=rows[header_at],
            )
        ]
    problems = FileProblems(file)
    fix = (
        "put a value that contains a comma in double quotes, or name the extra column in the "
        "header row"
        if kind == "csv"
        else "name the column in the header row, or clear the cells"
    )
    for record, row in zip(records[header_at + 1 :], rows[header_at + 1 :], strict=True):
        extra = [c for c in record[width:] if c.strip()]
        if extra:
            problems.add(
                row,
                None,
                extra[0],
                f"has {len(record)} cells but the header row names {width} columns",
                fix,
            )
    padded = [r[:width] + [""] * (width - len(r)) if len(r) != width else r for r in records]
    columns = [_strings(c) for c in zip(*padded, strict=True)] if padded else []
    return Grid(columns, np.array(rows, dtype=np.int64)), problems.done()


def raw_table(file: str, grid: Grid, kind: str) -> tuple[RawTable | None, list[Problem]]:
    """Find the header (first non-blank line), drop blank lines, name and check the columns."""
    if not grid.columns:
        return None, [problem(file, "has no header row", "write the column names in the first row")]
    stripped = [_strip(c) for c in grid.columns]
    blank = np.logical_and.reduce([s == "" for s in stripped])
    filled = np.flatnonzero(~blank)
    if len(filled) == 0:
        return None, [problem(file, "has no header row", "write the column names in the first row")]
    header_at = int(filled[0])
    header_row = int(grid.rows[header_at])
    body = filled[1:]
    if len(body) > MAX_ROWS:
        return None, [
            problem(
                file,
                f"has more than {MAX_ROWS:,} rows",
                "split the data into periods or aggregate it",
            )
        ]
    names = [str(s[header_at]) for s in stripped]
    problems = []
    keep: dict[str, int] = {}
    for position, name in enumerate(names):
        letter = _letter(position)
        if name == "":
            values = stripped[position][body]
            if (values != "").any():
                first = int(np.flatnonzero(values != "")[0])
                problems.append(
                    problem(
                        file,
                        f"column {letter} has values but no name in the header row "
                        f"(row {header_row})",
                        "name the column in the header row, or clear its cells",
                        row=int(grid.rows[body[first]]),
                        value=str(values[first]),
                    )
                )
            continue
        if name in keep:
            problems.append(
                problem(
                    file,
                    f"column name is used twice (columns {_letter(keep[name])} and {letter})",
                    "rename or remove one of the two columns",
                    row=header_row,
                    column=name,
                    value=name,
                )
            )
            continue
        if name == "_row":
            problems.append(
                problem(
                    file,
                    "column name '_row' is reserved for the row number",
                    "rename the column",
                    row=header_row,
                    column=name,
                    value=name,
                )
            )
            continue
        keep[name] = position
    raw = _frame({n: grid.columns[p][body] for n, p in keep.items()}, len(body))
    clean = _frame({n: stripped[p][body] for n, p in keep.items()}, len(body))
    return RawTable(file, raw, clean, grid.rows[body], header_row), problems


_strip = np.frompyfunc(str.strip, 1, 1)


def _strings(values: Iterable[str]) -> np.ndarray:
    """A 1-d object array of the strings `values`."""
    array = np.empty(len(values), dtype=object)  # type: ignore[arg-type]
    array[:] = list(values)
    return array


def _frame(columns: dict[str, np.ndarray], length: int) -> pd.DataFrame:
    """A frame of object columns (cheaper to check than pandas' str dtype; converted at the end)."""
    import pandas as pd  # not at import: config_values (`socialworkbook list`) needs none

    return pd.DataFrame(columns, index=pd.RangeIndex(length), dtype=object, copy=False)


def _letter(position: int) -> str:
    """The spreadsheet letter of a 0-based column position (A, B, ..., AA)."""
    letters = ""
    position += 1
    while position:
        position, rest = divmod(position - 1, 26)
        letters = chr(65 + rest) + letters
    return letters
