"""Problems found while reading a client folder: each located, at most 200 listed per file.

A problem repeated on many rows (the same value of a column with the same message) is one
problem naming its rows, so a misspelt id in a thousand rows is one line, not a thousand.
"""

from __future__ import annotations

import reprlib
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

import numpy as np

if TYPE_CHECKING:
    import pandas as pd

from ..errors import Problem

MAX_PROBLEMS = 200  # per file; the rest are counted in one final problem


_VALUE_CHARS = 200  # a value quoted in a problem is cut to this length


_LISTED_ROWS = 10  # a problem repeated on at most this many rows lists them all


def problem(
    file: str,
    message: str,
    fix: str,
    *,
    row: int | None = None,
    column: str | None = None,
    value: str | None = None,
) -> Problem:
    """A Problem, its location given by keyword."""
    return Problem(file, row, column, value, message, fix)


def short_repr(value: Any) -> str:
    """A value as a problem quotes it: text clipped, anything else a short repr."""
    if isinstance(value, str):
        return clip(value)
    limited = reprlib.Repr()
    limited.maxlevel, limited.maxlist, limited.maxdict, limited.maxstring = 2, 5, 5, 60
    return clip(limited.repr(value))


class FileProblems:
    """The problems of one file; at most MAX_PROBLEMS per rule are kept, all are counted."""

    def __init__(self, file: str):
        self.file = file
        self.items: list[Problem] = []
        self.total = 0

    def add(
        self, row: int | None, column: str | None, value: str | None, message: str, fix: str
    ) -> None:
        self.total += 1
        if self.total <= 10 * MAX_PROBLEMS:
            self.items.append(
                Problem(
                    self.file, row, column, None if value is None else clip(value), message, fix
                )
            )

    def add_rows(
        self,
        mask: Iterable[bool] | np.ndarray | pd.Series,
        rows: np.ndarray,
        values: np.ndarray,
        column: str,
        message: Any,
        fix: Any,
    ) -> None:
        """One problem per value where `mask` holds, naming every row that has it.

        The same value in many rows (one misspelt component id in 1,212 rows) is one problem
        listing its rows, not 1,212 lines. Message and fix may be functions of the value.
        """
        import pandas as pd  # not at import: config_values (`socialworkbook list`) needs none

        positions = np.flatnonzero(np.asarray(mask, dtype=bool))
        if len(positions) == 0:
            return
        found = pd.DataFrame(
            {
                "value": pd.Series(values[positions], dtype=object).astype("str").to_numpy(),
                "row": np.asarray(rows)[positions].astype("int64"),
            }
        )
        groups = found.groupby("value", sort=False)["row"]
        spans = pd.DataFrame(
            {"first": groups.min(), "last": groups.max(), "count": groups.size()}
        ).sort_values("first")
        self.total += len(spans)
        listed = spans.iloc[:MAX_PROBLEMS]
        few = listed.index[listed["count"].between(2, _LISTED_ROWS)]
        rows_of = found[found["value"].isin(few)].groupby("value")["row"].apply(sorted)
        for value, first, last, count in zip(
            listed.index, listed["first"], listed["last"], listed["count"], strict=True
        ):
            text = message(value) if callable(message) else message
            remedy = fix(value) if callable(fix) else fix
            shown = tuple(rows_of[value]) if value in rows_of.index else (int(first), int(last))
            self.items.append(
                Problem(
                    self.file,
                    int(first),
                    column,
                    clip(value),
                    text,
                    remedy,
                    count=int(count),
                    rows=shown if count > 1 else (),
                )
            )

    def done(self) -> list[Problem]:
        items = sorted(self.items, key=lambda p: -1 if p.row is None else p.row)
        if self.total <= MAX_PROBLEMS:
            return items
        return items[:MAX_PROBLEMS] + [
            problem(
                self.file,
                f"and {self.total - MAX_PROBLEMS:,} more problem(s) in this file, not listed",
                "fix the problems above and validate again to see the rest",
            )
        ]


def clip(value: str, limit: int = _VALUE_CHARS) -> str:
    """`value` cut to `limit` characters, "..." marking a cut."""
    return value if len(value) <= limit else value[:limit] + "..."
