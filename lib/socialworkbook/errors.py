"""The kit's one error hierarchy: every error an analyst can meet derives from `WorkbookError`."""

from __future__ import annotations

from dataclasses import dataclass

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
]


class WorkbookError(Exception):
    """Base class of every error the kit raises on purpose."""


class BadSlugError(WorkbookError):
    """Raised when a client name is not a valid slug (before any file is touched)."""


class ClientNotFoundError(WorkbookError):
    """Raised when a client folder does not exist under the data root."""


class WorkspaceError(WorkbookError):
    """Raised when no workspace is found, or `init` would overwrite a folder in use."""


class ClientExistsError(WorkbookError):
    """Raised when a new client would overwrite an existing client folder."""


@dataclass(frozen=True)
class Problem:
    """One problem in a client's inputs, located as an analyst sees it in a spreadsheet.

    `row` counts the header as row 1 (so the first data row is 2); None for whole-file problems.
    """

    file: str
    row: int | None
    column: str | None
    value: str | None
    message: str
    fix: str

    def __str__(self) -> str:
        where = self.file
        if self.row is not None:
            where += f", row {self.row}"
        if self.column:
            where += f", column '{self.column}'"
        value = "" if self.value is None else f" (value: {_short(self.value)!r})"
        return f"{where}: {self.message}{value}. Fix: {self.fix}"


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
