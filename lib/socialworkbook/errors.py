"""The kit's one error hierarchy: every error an analyst can meet derives from `WorkbookError`.

Each subclass says in one line when it is raised; `socialworkbook` (cli.main) ends every one of
them in a one-line message and exit status 1, never a traceback.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

__all__ = [
    "WorkbookError",
    "BadSlugError",
    "ClientNotFoundError",
    "ClientExistsError",
    "WorkspaceError",
    "Problem",
    "ValidationError",
    "ParameterError",
    "SaveConflictError",
    "ConfidentialityError",
    "StorageError",
    "ResourceLimitError",
    "EngineMissingError",
    "ImportFormatError",
    "ImportTargetError",
    "RunFolderError",
    "InputsToFixError",
]


class WorkbookError(Exception):
    """Base class of every error the kit raises on purpose."""


class BadSlugError(WorkbookError):
    """Raised when a client name is not a valid slug (before any file is touched)."""


class ClientNotFoundError(WorkbookError):
    """Raised when a client folder does not exist under the data root."""


class RunFolderError(WorkbookError):
    """Raised when a run named to hide or restore is not there, or another run is in its way."""


class WorkspaceError(WorkbookError):
    """Raised when no workspace is found, or `init` would overwrite a folder in use."""


class ClientExistsError(WorkbookError):
    """Raised when a new client would overwrite an existing client folder."""


@dataclass(frozen=True)
class Problem:
    """One problem in a client's inputs, located as an analyst sees it in a spreadsheet.

    `row` counts the header as row 1 (so the first data row is 2); None for whole-file problems.
    A problem repeated on many rows (same column, value and message) is one problem: `row` is
    its first row, `count` the rows it holds and `rows` them all when few, else the first and last.
    """

    file: str
    row: int | None
    column: str | None
    value: str | None
    message: str
    fix: str
    count: int = 1
    rows: tuple[int, ...] = ()

    def __str__(self) -> str:
        where = self.file
        if self.count > 1 and self.rows:
            where += ", " + _rows_text(self.rows, self.count)
        elif self.row is not None:
            where += f", row {self.row}"
        if self.column:
            where += f", column '{self.column}'"
        value = "" if self.value is None else f" (value: {_short(self.value)!r})"
        return f"{where}: {self.message}{value}. Fix: {self.fix}"


def _rows_text(rows: tuple[int, ...], count: int) -> str:
    """'rows 2, 5 and 9', 'rows 2-1213 (1,212 rows)' or '1,212 rows from row 2 to row 5000'."""
    if len(rows) == count:
        if rows[-1] - rows[0] + 1 == count:
            return f"rows {rows[0]}-{rows[-1]} ({count:,} rows)"
        return "rows " + ", ".join(map(str, rows[:-1])) + f" and {rows[-1]}"
    first, last = rows[0], rows[-1]
    if last - first + 1 == count:
        return f"rows {first}-{last} ({count:,} rows)"
    return f"{count:,} rows from row {first} to row {last}"


def _short(value: str, limit: int = 80) -> str:
    return value if len(value) <= limit else value[:limit] + "..."


class ValidationError(WorkbookError):
    """Raised when a client's inputs break the contract; carries every problem found."""

    def __init__(self, client: str, problems: list[Problem]):
        self.client = client
        self.problems = list(problems)
        lines = "\n".join(f"  - {p}" for p in self.problems)
        super().__init__(f"client '{client}' has {len(self.problems)} problem(s):\n{lines}")


class ParameterError(WorkbookError):
    """Raised when run parameters do not match a template's parameters cell."""


class SaveConflictError(WorkbookError):
    """Raised when a table changed on disk since an editor loaded it."""


class ConfidentialityError(WorkbookError):
    """Raised when a report would leak another client's data, personal data, code or paths."""


class StorageError(WorkbookError, OSError):
    """Raised when a write cannot finish (disk full, quota, read-only, permission denied).

    The message names the file, the cause and the fix (`storage.storage_error` words it); the
    file was left as it was before the write. Also an OSError (same errno), so that callers
    catching OSError, such as the runner recording a failed client, keep working.
    """

    def __init__(self, err: int | None, message: str, path: Path | str):
        super().__init__(err, message, str(path))
        self.path = Path(path)
        self.message = message

    def __str__(self) -> str:
        return self.message


class ResourceLimitError(WorkbookError):
    """Raised when a client's data would not fit in the memory left for one worker."""


class EngineMissingError(WorkbookError):
    """Raised when the PDF engine (Chromium, or the playwright package) is not installed."""


class ImportFormatError(WorkbookError):
    """Raised when a file given to `import` is not a known export, or cannot be read."""


class ImportTargetError(WorkbookError):
    """Raised when `import` cannot tell which component or columns an export's rows belong to."""


class InputsToFixError(ValidationError):
    """Raised when a notebook's analysis cell runs while the client's inputs have problems
    (the notebook's editors list them beside their rows); shown in a few lines, no traceback."""

    def _render_traceback_(self) -> list[str]:
        """The lines IPython shows instead of a traceback."""
        return [
            f"The inputs of client '{self.client}' have {len(self.problems)} problem(s), so the "
            "analysis stops here:",
            *(f"  - {p}" for p in self.problems[:10]),
            *(["  ..."] if len(self.problems) > 10 else []),
            "Fix them in the editors above (each lists its problems beside the rows), Save, "
            "then choose Run > Run All Cells.",
        ]
