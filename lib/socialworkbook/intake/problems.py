"""Problems found while reading a client folder: each located, at most 200 listed per file."""

from __future__ import annotations

import reprlib
from collections.abc import Iterable
from typing import Any

import numpy as np
import pandas as pd

from ..errors import Problem

MAX_PROBLEMS = 200  # per file; the rest are counted in one final problem


_VALUE_CHARS = 200  # a value quoted in a problem is cut to this length


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
        """One problem per row where `mask` holds; message and fix may be functions of the value."""
        positions = np.flatnonzero(np.asarray(mask, dtype=bool))
        self.total += len(positions)
        for i in positions[:MAX_PROBLEMS]:
            value = str(values[i])
            text = message(value) if callable(message) else message
            remedy = fix(value) if callable(fix) else fix
            self.items.append(Problem(self.file, int(rows[i]), column, clip(value), text, remedy))

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
