"""CSV tables: UTF-8 (with or without BOM), pandas' C parser when regular, else the csv module."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import numpy as np
import pandas as pd

from ..errors import Problem
from .problems import problem
from .raw import (
    MAX_COLUMNS,
    MAX_ROWS,
    Grid,
    RawTable,
    decode,
    raw_table,
    records_grid,
    safe_bytes,
    sha256_hex,
)

_MAX_CSV_BYTES = 1 << 30


def read_csv(
    folder: Path, file: str, sha256: dict[str, str]
) -> tuple[RawTable | None, list[Problem]]:
    data, problems = safe_bytes(folder, file, _MAX_CSV_BYTES)
    if data is None:
        return None, problems
    sha256[file] = sha256_hex(data)
    text, problems = decode(data, file)
    if text is None:
        return None, problems
    if not text.strip():
        return None, [
            problem(
                file,
                "is empty",
                "write the header row (column names) in the first line, or delete the file",
            )
        ]
    grid, problems = _csv_grid(text, file)
    if grid is None:
        return None, problems
    raw, more = raw_table(file, grid, "csv")
    return raw, problems + more


def _csv_grid(text: str, file: str) -> tuple[Grid | None, list[Problem]]:
    """Parse CSV text: pandas' C parser when the file is regular, the csv module otherwise."""
    ends_open = not text.endswith(("\n", "\r"))
    last_line = text[max(text.rfind("\n"), text.rfind("\r")) + 1 :]
    if not (ends_open and '"' in last_line):
        grid = _csv_fast(text)
        if grid is not None:
            # Without quotes on the last line, its commas count its cells.
            cells = last_line.count(",") + 1 if ends_open else None
            return grid, _cut_off(file, grid, cells)
    return _csv_slow(text, file, ends_open)


def _csv_fast(text: str) -> Grid | None:
    try:
        frame = pd.read_csv(
            io.StringIO(text),
            header=None,
            dtype=object,
            na_filter=False,
            keep_default_na=False,
            skip_blank_lines=False,
            engine="c",
        )
    except (
        pd.errors.ParserError,
        pd.errors.EmptyDataError,
        ValueError,
        OverflowError,
        MemoryError,
    ):
        return None
    if frame.shape[1] > MAX_COLUMNS + 1 or len(frame) > MAX_ROWS + 1:
        return None  # the slow path reports the limits
    columns = [frame[c].to_numpy(dtype=object) for c in frame.columns]
    return Grid(columns, np.arange(1, len(frame) + 1, dtype=np.int64))


def _csv_slow(text: str, file: str, ends_open: bool) -> tuple[Grid | None, list[Problem]]:
    """The csv module, record by record, to name the rows of irregular files."""
    lines = io.StringIO(text, newline="").readlines()
    records: list[list[str]] = []
    starts: list[int] = []
    previous = csv.field_size_limit()
    csv.field_size_limit(_MAX_CSV_BYTES)
    try:
        reader = csv.reader(lines, strict=False)
        line = 0
        for record in reader:
            starts.append(line + 1)
            records.append(record)
            line = reader.line_num
            if len(records) > MAX_ROWS + 1:
                return None, [
                    problem(
                        file,
                        f"has more than {MAX_ROWS:,} rows",
                        "split the data into periods or aggregate it",
                    )
                ]
        problems = _unclosed_quote(lines, starts, file)
    except csv.Error as exc:
        return None, [problem(file, f"cannot be read as CSV ({exc})", "save it again as CSV")]
    finally:
        csv.field_size_limit(previous)
    if problems:
        return None, problems
    grid, problems = records_grid(records, list(range(1, len(records) + 1)), file, "csv")
    if grid is not None and ends_open and records:
        problems += _cut_off(file, grid, len(records[-1]))
    return grid, problems


def _unclosed_quote(lines: list[str], starts: list[int], file: str) -> list[Problem]:
    """A problem if the last record ends inside a quoted value (a quote never closed)."""
    if not starts:
        return []
    first = starts[-1] - 1
    reader = csv.reader(lines[first:], strict=True)
    while True:
        try:
            next(reader)
        except StopIteration:
            return []
        except csv.Error as exc:  # the strict reader goes on after other errors
            if "unexpected end of data" not in str(exc):
                continue
            return [
                problem(
                    file,
                    f"a double quote opened in row {len(starts)} (line {first + 1}) is never "
                    "closed, so the rest of the file would be one value",
                    'close the quote, or double a quote that belongs to the text ("")',
                    row=len(starts),
                )
            ]


def _cut_off(file: str, grid: Grid, last_cells: int | None) -> list[Problem]:
    """A problem if the file ends, without a line break, in a row shorter than the header."""
    if last_cells is None or not grid.columns:
        return []
    size = len(grid.rows)
    filled = (i for i in range(size) if any(column[i].strip() for column in grid.columns))
    header_at = next(filled, None)
    last = size - 1
    if header_at is None or last <= header_at or not any(c[last].strip() for c in grid.columns):
        return []
    header = [column[header_at].strip() for column in grid.columns]
    width = max(i for i, name in enumerate(header) if name) + 1
    if last_cells >= width:
        return []
    return [
        problem(
            file,
            f"the last row has {last_cells} of the header's {width} cells and the file ends "
            "without a line break: it looks cut off",
            "check that the file is complete; if the row is, end it with a line break",
            row=int(grid.rows[last]),
        )
    ]
