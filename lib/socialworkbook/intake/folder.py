"""Read and validate a client folder (CONTRACT.md section 1) into a normalised `model.Client`.

Reading never stops at the first problem: every problem of every file is collected and raised at
once in one `errors.ValidationError`, each naming the file, the spreadsheet row (header = row 1,
blank lines counted as the analyst sees them), the column, the value and the fix. At most
200 problems are listed per file, followed by one "and N more" problem.

Decisions where the contract is silent (also in docs):

- Cells and column names are stripped of surrounding white space; column names and values are
  case-sensitive. A column whose name differs from a contract column only in case or spaces is a
  problem (rename it), so that no misspelt column is silently ignored.
- A date-time with an offset (`2026-07-01T10:00+02:00`, `...Z`) keeps its local wall-clock time
  (10:00) and the offset is dropped; no time-zone conversion is ever made.
- A count written as a whole float (`12.0`) is read as 12; counts above 10^15 are refused.
- `paid` accepts true/false/yes/no/1/0 in any case; empty is false.
- Exact duplicate rows (every cell equal) are dropped in every table and counted.
- An empty (0-byte) table file is a problem; a header-only file is an empty table, except
  `ecosystem`, which needs at least one component.
- A CSV that ends without a line break in the middle of a row (fewer cells than the header) is
  reported as cut off. A quote that opens a value and is never closed is a problem; text after a
  closing quote (`"a"b`) is read as in spreadsheets (`ab`).
- `client.yaml` accepts only the keys of the contract (a misspelt key is a problem).
- Nothing in the folder is ignored silently. A file named like a table but not readable as one
  (`posts.xlsx`, `Posts.CSV`, `mentions.txt`, `inputs.xls`) is a problem: the analyst meant it
  as input, and reading on without it would report empty figures. Any other data file (`.csv`,
  `.xlsx`, `.xls`, `.tsv`, `.json`, ...: a platform export dropped in) is a warning: `validate`
  and `run` name it and say what to do, and the run goes on. Other files (README.md, the logo,
  notes), hidden files (`.salt`, `.history/`), Excel's lock files (`~$...`) and sub-folders are
  not inputs and are not mentioned.
- The starter ecosystem's example row (component `replace-me`, written by `socialworkbook new`)
  is a problem until it is replaced by the client's real components.
- Exact duplicate rows are dropped, counted in the data-quality report and named as a warning.
- Input files must be regular files inside the client folder (a link pointing outside is refused).
- `inputs.xlsx` is read with formulas' cached values (formulas are not evaluated); `.xlsm` and
  `.xls` workbooks are not read. Workbooks over 50 MB, zip bombs, more than 100 sheets or sheets
  beyond 2,000,000 rows or 200 columns are refused before their cells are read.
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from .. import paths, vocab
from ..catalogue import METRICS
from ..errors import Problem, ValidationError
from ..model import Client, ClientConfig
from ..periods import Period
from ..vocab import CONFIG_FILE, WORKBOOK_FILE
from . import pseudonym
from .config import comparison_period, read_config, reporting_period
from .coverage import table_coverage
from .csv_reader import read_csv
from .normalise import TableContext, empty_table, normalise_table
from .problems import problem
from .raw import RawTable, sha256_hex
from .scaffold import PLACEHOLDER_ID
from .xlsx_reader import XlsxWorkbook

__all__ = [
    "read_client",
    "read_client_folder",
    "read_client_to_edit",
    "validate",
    "check_client",
    "read_raw_table",
    "table_source",
]


def read_client(
    client: str,
    data_root: Path | str | None = None,
    period: str | None = None,
    baseline: str | None = None,
    *,
    memo_folder: Path | str | None = None,
) -> Client:
    """Read, validate and normalise `client_data/<client>/`.

    The slug is checked before any file is touched. `period` and `baseline` override
    client.yaml's (`baseline` may be `previous`, see `periods.previous_period`). With
    `memo_folder` the client is kept there as read (a batch run's staging: `memo.kept`), and
    taken from there by the next read of the same files with the same period and baseline.

    Raises
    ------
    errors.BadSlugError, errors.ClientNotFoundError
        When `client` is not a slug, or has no folder under the data root.
    errors.ValidationError
        Carrying every problem of the client's inputs.
    """
    folder = paths.client_folder(client, data_root)
    if memo_folder is None:
        return read_client_folder(folder, client, period, baseline=baseline)
    from .. import memo

    try:
        key = _files_digest(folder, (client, period, baseline))
    except OSError:  # a file that cannot be read: the reading says which, in its words
        return read_client_folder(folder, client, period, baseline=baseline)
    return memo.kept(
        Path(memo_folder) / f"client-{key}.pickle",
        lambda: read_client_folder(folder, client, period, baseline=baseline),
    )


def _files_digest(folder: Path, arguments: tuple) -> str:
    """A digest of `arguments` and of the bytes of every file of `folder` but those in hidden
    folders (`.history/`, `.cache/`): the same digest, the same reading."""
    h = hashlib.sha256(repr(arguments).encode())
    for path in sorted(folder.rglob("*")):
        relative = path.relative_to(folder)
        if path.is_file() and not any(part.startswith(".") for part in relative.parts[:-1]):
            h.update(f"\0{relative.as_posix()}\0".encode())
            h.update(hashlib.sha256(path.read_bytes()).digest())
    return h.hexdigest()[:32]


def read_client_folder(
    folder: Path | str,
    slug: str | None = None,
    period: str | None = None,
    *,
    baseline: str | None = None,
    salt_folder: Path | str | None = None,
) -> Client:
    """Read, validate and normalise the client folder `folder` (any path).

    `slug` defaults to the folder's name. The pseudonym salt is kept in `salt_folder` (default:
    the folder itself): an editor validating a candidate copy passes the real client folder.

    Raises
    ------
    errors.ValidationError
        Carrying every problem of the folder's inputs.
    """
    folder = Path(folder)
    slug = slug or folder.name
    reading = _read_folder(folder, slug, period, baseline)
    if reading.problems:
        raise ValidationError(slug, reading.problems)
    return _finish(reading, slug, Path(salt_folder) if salt_folder else folder)


def read_client_to_edit(
    folder: Path | str,
    slug: str | None = None,
    period: str | None = None,
    *,
    baseline: str | None = None,
) -> tuple[Client, list[Problem]]:
    """The client folder read as `read_client_folder` does, but with its problems returned
    rather than raised where its tables can still be read (rows with problems kept as read): an
    editor opens on it, lists the problems beside their rows and saves the fix.

    Raises
    ------
    errors.ValidationError
        When the folder cannot be read that far (client.yaml, the period or a file unreadable).
    """
    folder = Path(folder)
    slug = slug or folder.name
    reading = _read_folder(folder, slug, period, baseline)
    if not reading.problems:
        return _finish(reading, slug, folder), []
    if reading.config is None or reading.period is None or "ecosystem" not in reading.sources:
        raise ValidationError(slug, reading.problems)
    return _finish(reading, slug, folder), list(reading.problems)


def validate(client: str, data_root: Path | str | None = None) -> list[Problem]:
    """Every problem of `client_data/<client>/`; [] when it is valid. Writes nothing.

    Raises
    ------
    errors.BadSlugError, errors.ClientNotFoundError
        When `client` is not a slug, or has no folder under the data root.
    """
    folder = paths.client_folder(client, data_root)
    return _read_folder(folder, client, None).problems


def check_client(
    client: str, data_root: Path | str | None = None
) -> tuple[list[Problem], list[Problem]]:
    """The problems and the warnings of `client_data/<client>/`. Writes nothing.

    Problems make the client invalid (`run` refuses it); warnings name what is read but worth
    a look (a data file the kit does not read, exact duplicate rows dropped).

    Raises
    ------
    errors.BadSlugError, errors.ClientNotFoundError
        When `client` is not a slug, or has no folder under the data root.
    """
    folder = paths.client_folder(client, data_root)
    reading = _read_folder(folder, client, None)
    return reading.problems, reading.warnings


def read_raw_table(folder: Path | str, name: str) -> tuple[pd.DataFrame, str]:
    """Table `name` of `folder` as the strings in the file, and its source ("csv" or "xlsx").

    Column names are stripped; cells are exactly as in the file; blank lines are dropped; the
    index is the spreadsheet row (header = row 1). A table the folder does not have is an empty
    frame of the contract's columns, with source "csv".

    Raises
    ------
    errors.ValidationError
        When the file cannot be read as a table (encoding, quotes, size, a table in both places).
    """
    folder = Path(folder)
    spec, listing, book, problems = _open_table(folder, name)
    source, raw, read_problems = _read_table(folder, listing, spec, {}, book)
    problems += read_problems
    if problems:
        raise ValidationError(folder.name, problems)
    if raw is None:
        empty = pd.DataFrame({c.name: pd.Series([], dtype="str") for c in spec.columns})
        empty.index = pd.Index([], dtype="int64", name="row")
        return empty, source or "csv"
    frame = raw.raw.copy()
    frame.index = pd.Index(raw.rows, name="row")
    return frame, source


def table_source(folder: Path | str, name: str) -> str | None:
    """Where table `name` of `folder` is: "csv", "xlsx", or None when it is absent.

    Raises
    ------
    errors.ValidationError
        When the table is in both places, or inputs.xlsx cannot be opened safely.
    """
    folder = Path(folder)
    spec, listing, book, problems = _open_table(folder, name)
    in_csv = f"{spec.name}.csv" in listing
    in_book = book is not None and spec.name in book.sheets
    if in_csv and in_book:
        problems.append(_twice(spec.name))
    if problems:
        raise ValidationError(folder.name, problems)
    return "csv" if in_csv else "xlsx" if in_book else None


# --------------------------------------------------------------------------------------------
# The folder


def _open_table(folder: Path, name: str):
    """Table `name`'s spec, the folder's file names, its workbook (or None) and the problems."""
    spec = _spec(name)
    listing, problems = _listing(folder)
    book = XlsxWorkbook.open(folder, {}) if WORKBOOK_FILE in listing else None
    if book is not None and book.refused:
        problems += book.problems
    return spec, listing, book, problems


@dataclass
class _Reading:
    """What reading a folder gave: config, tables and bookkeeping, or problems."""

    folder: Path
    problems: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    config: ClientConfig | None = None
    period: Period | None = None
    baseline: Period | None = None
    tables: dict[str, pd.DataFrame] = field(default_factory=dict)
    data_quality: dict[str, dict] = field(default_factory=dict)
    sha256: dict[str, str] = field(default_factory=dict)
    sources: dict[str, str] = field(default_factory=dict)


# Tables whose values the others refer to are read first.
_ORDER = (
    "ecosystem",
    "metrics",
    "ogst",
    "functions",
    "value_scores",
    "posts",
    "mentions",
    "labels",
)


def _read_folder(
    folder: Path,
    slug: str,
    period: str | None,
    baseline: str | None = None,
) -> _Reading:
    reading = _Reading(folder)
    listing, reading.problems = _listing(folder)
    if reading.problems:
        return reading
    problems, reading.warnings = _unread_files(folder, listing, slug)
    reading.problems += problems
    config, own_dimensions, problems = read_config(folder, listing, slug, reading.sha256)
    reading.problems += problems
    reading.config = config
    if config is not None and config.logo:  # the reports show it: a new logo re-runs them
        reading.sha256[config.logo] = sha256_hex((folder / config.logo).read_bytes())
    reading.period, problems = reporting_period(period, config)
    reading.problems += problems
    reading.baseline, problems = comparison_period(baseline, config, reading.period)
    reading.problems += problems

    book = XlsxWorkbook.open(folder, reading.sha256) if WORKBOOK_FILE in listing else None
    if book is not None:
        reading.problems += book.problems
    context = TableContext(None, set(METRICS.known()), set(vocab.DIMENSIONS) | own_dimensions)
    for name in _ORDER:
        spec = vocab.TABLES[name]
        source, raw, problems = _read_table(folder, listing, spec, reading.sha256, book)
        reading.problems += problems
        if raw is None:
            if spec.required and not problems and not (book and book.refused):
                reading.problems.append(_missing_table(spec))
            reading.tables[name] = empty_table(spec)
            continue
        reading.sources[name] = source
        table, quality, problems = normalise_table(spec, raw, context)
        reading.problems += problems
        reading.tables[name] = table
        reading.data_quality[name] = quality
        if quality.get("duplicate_rows_dropped"):
            reading.warnings.append(
                _duplicates_dropped(raw.file, quality["duplicate_rows_dropped"])
            )
        if name == "ecosystem":
            reading.problems += _placeholder_rows(raw.file, table)
            ids = raw.clean.get("component_id")
            context.component_ids = None if ids is None else set(ids) - {""}
        elif name == "metrics" and "metric" in raw.clean:
            context.metric_names |= set(raw.clean["metric"]) - {""}
        elif name == "mentions" and "mention_id" in raw.clean:
            context.mention_ids = set(raw.clean["mention_id"]) - {""}
    reading.tables = {name: reading.tables[name] for name in vocab.TABLES}
    return reading


def _finish(reading: _Reading, slug: str, salt_folder: Path) -> Client:
    """The Client of a valid reading, with authors replaced by pseudonyms.

    A label of the `labels` table is the mention's human `label` (it wins over the mentions'
    own `label` column), so that agreement figures count every human label.
    """
    _apply_labels(reading.tables)
    mentions = reading.tables["mentions"]
    authors = mentions["author"]
    if (authors != "").any():
        try:
            salt = pseudonym.ensure_salt(salt_folder)
        except (OSError, ValueError) as exc:
            found = problem(
                pseudonym.SALT_FILE,
                f"the pseudonym salt cannot be read or created ({exc})",
                "make the client folder writable, or delete a damaged .salt "
                "(pseudonyms of authors will change)",
            )
            raise ValidationError(slug, [found]) from exc
        mentions = mentions.copy()
        mentions["author"] = pseudonym.pseudonymise(authors, salt)
        reading.tables["mentions"] = mentions
    config = reading.config
    assert config is not None and reading.period is not None
    spans = table_coverage(reading.tables, reading.period, reading.baseline)
    for name, covered in spans.items():
        reading.data_quality.setdefault(name, {})["coverage"] = covered
    return Client(
        slug=slug,
        folder=reading.folder,
        config=config,
        period=reading.period,
        baseline=reading.baseline,
        tables=reading.tables,
        data_quality=reading.data_quality,
        inputs_sha256=dict(sorted(reading.sha256.items())),
        sources=reading.sources,
        warnings=list(reading.warnings),
    )


def _apply_labels(tables: dict[str, pd.DataFrame]) -> None:
    labels = tables["labels"]
    given = labels[labels["label"] != ""]
    if given.empty:
        return
    mentions = tables["mentions"].copy()
    human = mentions["mention_id"].map(given.set_index("mention_id")["label"])
    mentions["label"] = human.fillna(mentions["label"]).astype("str")
    tables["mentions"] = mentions


def _listing(folder: Path) -> tuple[set[str], list[Problem]]:
    """The names of the files in `folder` (exact case, whatever the file system)."""
    try:
        return set(os.listdir(folder)), []
    except OSError as exc:
        return set(), [
            problem(
                str(folder.name),
                f"the client folder cannot be read ({exc.strerror or exc})",
                "check that the folder exists and is readable",
            )
        ]


# A file with one of these suffixes holds data: in the client folder, it was meant to be read.
_DATA_SUFFIXES = frozenset(
    {".csv", ".tsv", ".txt", ".xlsx", ".xls", ".xlsm", ".xlsb", ".ods", ".json", ".numbers"}
)


def _unread_files(
    folder: Path, listing: set[str], slug: str
) -> tuple[list[Problem], list[Problem]]:
    """Files that look like inputs but are not read: problems, and warnings.

    A file named like a table, the workbook or client.yaml, in a form the kit does not read, is
    a problem (a table left out would show as empty figures); any other data file is a warning.
    """
    problems, warnings = [], []
    expected = {CONFIG_FILE, WORKBOOK_FILE, vocab.SAMPLES_FILE}
    expected |= {f"{name}.csv" for name in vocab.TABLES}
    for name in sorted(listing):
        if name in expected or name.startswith((".", "~$")) or (folder / name).is_dir():
            continue
        lower = name.lower()
        stem, suffix = os.path.splitext(lower)
        stem = stem.strip()
        if lower in expected:
            problems.append(
                problem(
                    name,
                    "file names are lower case: this file is not read",
                    f"rename it to '{lower}'",
                )
            )
        elif lower in {"inputs.xlsm", "inputs.xls", "client.yml"}:
            right = CONFIG_FILE if lower == "client.yml" else WORKBOOK_FILE
            problems.append(
                problem(
                    name,
                    "this file is not read (macros and old formats are not supported)",
                    f"save it as '{right}'",
                )
            )
        elif stem in vocab.TABLES:
            problems.append(
                problem(
                    name,
                    f"this file is not read: the kit reads {stem}.csv or a sheet '{stem}' "
                    f"of {WORKBOOK_FILE}",
                    f"save it as {stem}.csv (CSV UTF-8) or as the sheet '{stem}' of "
                    f"{WORKBOOK_FILE}; for a platform export use "
                    f"`socialworkbook import {slug} {name}`",
                )
            )
        elif stem in {"inputs", "client"}:
            right = CONFIG_FILE if stem == "client" else WORKBOOK_FILE
            problems.append(
                problem(
                    name,
                    f"this file is not read: the kit reads {right}",
                    f"save it as '{right}'",
                )
            )
        elif suffix in _DATA_SUFFIXES:
            warnings.append(
                problem(
                    name,
                    "this file is not read: the kit reads only its own tables "
                    f"({', '.join(vocab.TABLES)}), each as a .csv file or a sheet of "
                    f"{WORKBOOK_FILE}",
                    f"for a platform export use `socialworkbook import {slug} {name}`; "
                    "otherwise move the file out of the client folder",
                )
            )
    return problems, warnings


def _placeholder_rows(file: str, ecosystem: pd.DataFrame) -> list[Problem]:
    """The starter's example component, still in the ecosystem."""
    found = ecosystem[ecosystem["component_id"] == PLACEHOLDER_ID]
    return [
        problem(
            file,
            "is the example row of the starter file, not a component of the client",
            "replace the row with the client's real components (one row each), or delete it",
            row=int(row),
            column="component_id",
            value=PLACEHOLDER_ID,
        )
        for row in found["_row"]
    ]


def _duplicates_dropped(file: str, count: int) -> Problem:
    return problem(
        file,
        f"{count:,} exact duplicate row(s) dropped: each is equal in every cell to an earlier "
        "row, and is counted once",
        "nothing to do if these are copies; if two posts really are alike, give each its own id",
    )


def _spec(name: str) -> vocab.TableSpec:
    try:
        return vocab.TABLES[name]
    except KeyError:
        raise ValueError(
            f"'{name}' is not a table; the tables are: {', '.join(vocab.TABLES)}"
        ) from None


def _twice(name: str) -> Problem:
    return problem(
        f"{name}.csv",
        f"the {name} table is given twice: in {name}.csv and in sheet '{name}' of {WORKBOOK_FILE}",
        f"keep one: delete {name}.csv or the sheet '{name}'",
    )


def _missing_table(spec: vocab.TableSpec) -> Problem:
    return problem(
        f"{spec.name}.csv",
        f"the {spec.name} table is missing (one row per {spec.one_row_per})",
        f"add {spec.name}.csv or a sheet '{spec.name}' in {WORKBOOK_FILE} with the columns "
        f"{', '.join(spec.required_columns)}",
    )


def _read_table(
    folder: Path,
    listing: set[str],
    spec: vocab.TableSpec,
    sha256: dict[str, str],
    book: XlsxWorkbook | None = None,
) -> tuple[str | None, RawTable | None, list[Problem]]:
    """Table `spec` from its CSV or its sheet: source, raw table (None if absent), problems."""
    name = spec.name
    in_csv = f"{name}.csv" in listing
    in_book = book is not None and name in book.sheets
    if in_csv and in_book:
        return None, None, [_twice(name)]
    if in_csv:
        raw, problems = read_csv(folder, f"{name}.csv", sha256)
        return "csv", raw, problems
    if in_book:
        assert book is not None
        raw, problems = book.table(name)
        return "xlsx", raw, problems
    return None, None, []
