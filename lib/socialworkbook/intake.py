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
- Input files must be regular files inside the client folder (a link pointing outside is refused).
- `inputs.xlsx` is read with formulas' cached values (formulas are not evaluated); `.xlsm` and
  `.xls` workbooks are not read. Workbooks over 50 MB, zip bombs, more than 100 sheets or sheets
  beyond 2,000,000 rows or 200 columns are refused before their cells are read.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import os
import re
import reprlib
import stat
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated, Any

import numpy as np
import pandas as pd
import yaml
from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    ValidationInfo,
    field_validator,
)
from pydantic import ValidationError as PydanticError

from . import paths, pseudonym, vocab
from .errors import Problem, ValidationError, WorkbookError
from .model import UNMEASURED, Client, ClientConfig
from .periods import PREVIOUS, Period, parse_period, resolve_baseline

__all__ = [
    "read_client",
    "read_client_folder",
    "validate",
    "read_raw_table",
    "table_source",
    "ResourceLimitError",
    "check_resources",
    "input_bytes",
    "memory_estimate",
    "available_memory",
]

CONFIG_FILE = "client.yaml"
WORKBOOK_FILE = "inputs.xlsx"

_MAX_PROBLEMS = 200  # per file; the rest are counted in one final problem
_MAX_YAML_BYTES = 1 << 20
_MAX_CSV_BYTES = 1 << 30
_MAX_XLSX_BYTES = 50 << 20
_MAX_XLSX_UNCOMPRESSED = 1 << 30
_MAX_ZIP_RATIO = 200  # legitimate sheets compress 10-50 times; zip bombs by thousands
_MAX_ZIP_MEMBERS = 10_000
_MAX_SHEETS = 100
_MAX_ROWS = 2_000_000
_MAX_COLUMNS = 200
_MAX_COUNT = 10**15
_VALUE_CHARS = 200  # a value quoted in a problem is cut to this length

_SLUG_PATTERN = r"[a-z0-9][a-z0-9_-]{0,63}"
# A date-time and its offset: group 1 is the local date-time, kept when the offset is dropped.
_OFFSET = re.compile(
    r"^(\d{4}-?\d{2}-?\d{2}[T ]\d{2}(?::?\d{2}(?::?\d{2}(?:[.,]\d+)?)?)?)"
    r"\s*(?:[Zz]|[+-]\d{2}(?::?\d{2})?)$"
)
_MULTI = ("multi", "multi_metric", "multi_ref")
_TRUE = frozenset({"true", "yes", "1"})
_FALSE = frozenset({"false", "no", "0", ""})
_DATE_FIX = (
    "write an ISO 8601 date or date-time, e.g. 2026-07-01 or 2026-07-01T14:30 "
    "(an offset such as +02:00 is allowed and dropped)"
)
_COLOR = re.compile(r"^#[0-9a-fA-F]{6}$")
_DATE_MIN = pd.Timestamp("1678-01-01")
_DATE_MAX = pd.Timestamp("2262-01-01")


# --------------------------------------------------------------------------------------------
# Public API


# ----------------------------------------------------------------------------- resource limits

MAX_INPUT_ENV = "SOCIALWORKBOOK_MAX_INPUT_MB"
# Memory a notebook needs per byte of input: pandas frames, normalised copies and the kernel's own
# read of the client take about ten times a CSV's size; an xlsx is zip-compressed (10-50 times).
_MEMORY_PER_CSV_BYTE = 10
_MEMORY_PER_XLSX_BYTE = 100


class ResourceLimitError(WorkbookError):
    """Raised when a client's data would not fit in the memory left for one worker."""


def _input_files(folder: Path) -> list[Path]:
    names = [CONFIG_FILE, WORKBOOK_FILE] + [f"{name}.csv" for name in vocab.TABLES]
    return [folder / name for name in names if (folder / name).is_file()]


def input_bytes(folder: Path | str) -> int:
    """The size on disk of a client's input files (client.yaml, inputs.xlsx, the table CSVs)."""
    return sum(path.stat().st_size for path in _input_files(Path(folder)))


def memory_estimate(folder: Path | str) -> int:
    """Bytes of memory a notebook of this client is expected to need, from its input file sizes."""
    total = 0
    for path in _input_files(Path(folder)):
        factor = _MEMORY_PER_XLSX_BYTE if path.name == WORKBOOK_FILE else _MEMORY_PER_CSV_BYTE
        total += path.stat().st_size * factor
    return total


def available_memory() -> int | None:
    """Bytes of memory available now (psutil when installed, else sysconf); None when unknown."""
    try:
        import psutil

        return int(psutil.virtual_memory().available)
    except Exception:  # psutil missing or unable to read this system
        pass
    try:
        return int(os.sysconf("SC_AVPHYS_PAGES")) * int(os.sysconf("SC_PAGE_SIZE"))
    except (ValueError, OSError, AttributeError):
        return None


def check_resources(
    client: str, data_root: Path | str | None = None, *, workers: int | None = None
) -> None:
    """Refuse a client whose data would not fit in one worker's memory, before anything runs.

    With `SOCIALWORKBOOK_MAX_INPUT_MB` set, that many MB of input files (on disk) is the limit.
    Otherwise the memory a notebook is expected to need (`memory_estimate`) must fit in the
    available memory shared by `workers` workers (default: one per CPU).

    Raises
    ------
    ResourceLimitError
        Naming the sizes, the limit and the fix.
    errors.BadSlugError, errors.ClientNotFoundError
    """
    folder = paths.client_folder(client, data_root)
    on_disk = input_bytes(folder)
    mb = 1 << 20
    setting = os.environ.get(MAX_INPUT_ENV, "").strip()
    if setting:
        try:
            limit_mb = float(setting)
        except ValueError:
            raise ResourceLimitError(
                f"{MAX_INPUT_ENV}={setting!r} is not a number of MB. Fix: set it to a number "
                "such as 500, or unset it to use the available memory"
            ) from None
        if on_disk > limit_mb * mb:
            raise ResourceLimitError(
                f"client '{client}' was not run: its input files take {on_disk / mb:,.1f} MB, "
                f"more than the {limit_mb:g} MB set by {MAX_INPUT_ENV}. Fix: run a shorter "
                f"period or drop unused rows and columns, or raise {MAX_INPUT_ENV}"
            )
        return
    available = available_memory()
    if available is None:
        return
    workers = max(1, workers or os.cpu_count() or 1)
    needed = memory_estimate(folder)
    if needed > available / workers:
        raise ResourceLimitError(
            f"client '{client}' was not run: its input files ({on_disk / mb:,.1f} MB on disk) need "
            f"about {needed / mb:,.0f} MB of memory, more than the {available / workers / mb:,.0f} "
            f"MB available to each of {workers} worker(s). Fix: run it alone with --workers 1, on "
            "a machine with more memory, or with less data (a shorter period); "
            f"{MAX_INPUT_ENV} sets the limit in MB of input files explicitly"
        )


def read_client(
    client: str,
    data_root: Path | str | None = None,
    period: str | None = None,
    baseline: str | None = None,
) -> Client:
    """Read, validate and normalise `client_data/<client>/`.

    The slug is checked before any file is touched. `period` and `baseline` override
    client.yaml's (`baseline` may be `previous`, see `periods.previous_period`).

    Raises
    ------
    errors.BadSlugError, errors.ClientNotFoundError
        When `client` is not a slug, or has no folder under the data root.
    errors.ValidationError
        Carrying every problem of the client's inputs.
    """
    folder = paths.client_folder(client, data_root)
    return read_client_folder(folder, client, period, baseline=baseline)


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


def validate(client: str, data_root: Path | str | None = None) -> list[Problem]:
    """Every problem of `client_data/<client>/`; [] when it is valid. Writes nothing.

    Raises
    ------
    errors.BadSlugError, errors.ClientNotFoundError
        When `client` is not a slug, or has no folder under the data root.
    """
    folder = paths.client_folder(client, data_root)
    return _read_folder(folder, client, None).problems


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
    spec = _spec(name)
    listing, problems = _listing(folder)
    book = _Workbook.open(folder, {}) if WORKBOOK_FILE in listing else None
    if book is not None and book.refused:
        problems += book.problems
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
    spec = _spec(name)
    listing, problems = _listing(folder)
    book = _Workbook.open(folder, {}) if WORKBOOK_FILE in listing else None
    if book is not None and book.refused:
        problems += book.problems
    in_csv = f"{spec.name}.csv" in listing
    in_book = book is not None and spec.name in book.sheets
    if in_csv and in_book:
        problems.append(_twice(spec.name))
    if problems:
        raise ValidationError(folder.name, problems)
    return "csv" if in_csv else "xlsx" if in_book else None


# --------------------------------------------------------------------------------------------
# The folder


@dataclass
class _Reading:
    """What reading a folder gave: config, tables and bookkeeping, or problems."""

    folder: Path
    problems: list[Problem] = field(default_factory=list)
    config: ClientConfig | None = None
    period: Period | None = None
    baseline: Period | None = None
    tables: dict[str, pd.DataFrame] = field(default_factory=dict)
    data_quality: dict[str, dict[str, int]] = field(default_factory=dict)
    sha256: dict[str, str] = field(default_factory=dict)
    sources: dict[str, str] = field(default_factory=dict)


@dataclass
class _Context:
    """What one table's checks need from the others."""

    component_ids: set[str] | None  # None: ecosystem unavailable, references are not checked
    metric_names: set[str]
    dimensions: set[str]
    mention_ids: set[str] = field(default_factory=set)


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
    folder: Path, slug: str, period: str | None, baseline: str | None = None
) -> _Reading:
    reading = _Reading(folder)
    listing, reading.problems = _listing(folder)
    if reading.problems:
        return reading
    reading.problems += _unread_files(listing)
    config, own_dimensions, problems = _read_config(folder, listing, slug, reading.sha256)
    reading.problems += problems
    reading.config = config
    if config is not None and config.logo:  # the reports show it: a new logo re-runs them
        reading.sha256[config.logo] = _sha((folder / config.logo).read_bytes())
    reading.period, problems = _override(period, config)
    reading.problems += problems
    reading.baseline, problems = _baseline(baseline, config, reading.period)
    reading.problems += problems

    book = _Workbook.open(folder, reading.sha256) if WORKBOOK_FILE in listing else None
    if book is not None:
        reading.problems += book.problems
    context = _Context(None, set(vocab.KNOWN_METRICS), set(vocab.DIMENSIONS) | own_dimensions)
    for name in _ORDER:
        spec = vocab.TABLES[name]
        source, raw, problems = _read_table(folder, listing, spec, reading.sha256, book)
        reading.problems += problems
        if raw is None:
            if spec.required and not problems and not (book and book.refused):
                reading.problems.append(_missing_table(spec))
            reading.tables[name] = _empty_table(spec)
            continue
        reading.sources[name] = source
        table, quality, problems = _normalise(spec, raw, context)
        reading.problems += problems
        reading.tables[name] = table
        reading.data_quality[name] = quality
        if name == "ecosystem":
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
            problem = _problem(
                pseudonym.SALT_FILE,
                f"the pseudonym salt cannot be read or created ({exc})",
                "make the client folder writable, or delete a damaged .salt "
                "(pseudonyms of authors will change)",
            )
            raise ValidationError(slug, [problem]) from exc
        mentions = mentions.copy()
        mentions["author"] = pseudonym.pseudonymise(authors, salt)
        reading.tables["mentions"] = mentions
    config = reading.config
    assert config is not None and reading.period is not None
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
            _problem(
                str(folder.name),
                f"the client folder cannot be read ({exc.strerror or exc})",
                "check that the folder exists and is readable",
            )
        ]


def _unread_files(listing: set[str]) -> list[Problem]:
    """Files that look like inputs but would be ignored: wrong case, macro or old workbooks."""
    problems = []
    expected = {CONFIG_FILE, WORKBOOK_FILE} | {f"{name}.csv" for name in vocab.TABLES}
    for name in sorted(listing):
        lower = name.lower()
        if name in expected:
            continue
        if lower in expected:
            problems.append(
                _problem(
                    name,
                    "file names are lower case: this file is not read",
                    f"rename it to '{lower}'",
                )
            )
        elif lower in {"inputs.xlsm", "inputs.xls", "client.yml"}:
            right = CONFIG_FILE if lower == "client.yml" else WORKBOOK_FILE
            problems.append(
                _problem(
                    name,
                    "this file is not read (macros and old formats are not supported)",
                    f"save it as '{right}'",
                )
            )
    return problems


def _safe_bytes(folder: Path, name: str, limit: int) -> tuple[bytes | None, list[Problem]]:
    """The bytes of `folder/name` if it is a regular file inside the folder within `limit`."""
    path = folder / name
    try:
        inside = path.resolve().is_relative_to(folder.resolve())
        info = path.stat()
    except (OSError, RuntimeError) as exc:
        return None, [_problem(name, f"cannot be read ({exc})", "check the file")]
    if not inside:
        return None, [
            _problem(
                name,
                "is a link to a file outside the client folder",
                "copy the file itself into the client folder",
            )
        ]
    if not stat.S_ISREG(info.st_mode):
        return None, [_problem(name, "is not a regular file", "replace it by a file")]
    if info.st_size > limit:
        return None, [
            _problem(
                name,
                f"is {info.st_size:,} bytes, more than the {limit:,} this kit reads",
                "split or trim the data",
            )
        ]
    try:
        with path.open("rb") as handle:
            data = handle.read(limit + 1)  # the file may have grown since stat
    except OSError as exc:
        return None, [_problem(name, f"cannot be read ({exc.strerror or exc})", "check the file")]
    if len(data) > limit:
        return None, [_problem(name, f"is more than the {limit:,} bytes this kit reads", "trim it")]
    return data, []


def _problem(
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


def _sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


# --------------------------------------------------------------------------------------------
# client.yaml


def _as_period(value: Any) -> Period:
    if value is None:
        raise ValueError("is empty")
    return parse_period(value)


def _as_baseline(value: Any) -> Any:
    if isinstance(value, str) and value.strip() == PREVIOUS:
        return PREVIOUS
    return _as_period(value)


def _as_list(value: Any) -> Any:
    if value is None:
        return []
    return [value] if isinstance(value, str) else value


def _as_text(value: Any) -> Any:
    return "" if value is None else value


def _as_slug(value: str) -> str:
    if not vocab.SLUG.match(value):
        raise ValueError("is not a slug (lower-case a-z, 0-9, - and _)")
    return value


_PeriodField = Annotated[Period, BeforeValidator(_as_period)]
_BaselineField = Annotated[Period | str, BeforeValidator(_as_baseline)]
_TextField = Annotated[str, BeforeValidator(_as_text)]
_SlugList = Annotated[list[Annotated[str, AfterValidator(_as_slug)]], BeforeValidator(_as_list)]

_FORMS = "YYYY, YYYY-Qn, YYYY-MM or YYYY-MM-DD..YYYY-MM-DD"
_KEY_HELP = {
    "name": "the client's name as reports show it, e.g. name: Acme Outdoor",
    "period": f"the reporting period: {_FORMS}, e.g. period: 2026-Q3",
    "baseline": f"the comparison period: {_FORMS} or previous, e.g. baseline: 2026-Q2",
    "peer_group": "a slug naming the clients benchmarked together, e.g. peer_group: retail",
    "industry": "free text, e.g. industry: outdoor retail",
    "currency": "free text, e.g. currency: EUR",
    "competitors": "a list of brand slugs, e.g. competitors: [rival-one, rival-two]",
    "brand": "the client's own brand slug as written in mentions.brand, e.g. brand: acme",
    "brand_color": 'a quoted hex colour (# starts a YAML comment), e.g. brand_color: "#1f4e79"',
    "logo": "a file inside the client folder, e.g. logo: logo.png",
    "dimensions": "a list of extra value-dimension slugs, e.g. dimensions: [employer_brand]",
}


class _ConfigFile(BaseModel):
    """The keys of client.yaml (CONTRACT.md section 1)."""

    model_config = ConfigDict(
        extra="forbid", arbitrary_types_allowed=True, coerce_numbers_to_str=True
    )

    name: str
    period: _PeriodField
    baseline: _BaselineField | None = None
    peer_group: _TextField = ""
    industry: _TextField = ""
    currency: _TextField = ""
    competitors: _SlugList = []
    brand: _TextField = ""
    brand_color: _TextField = ""
    logo: _TextField = ""
    dimensions: _SlugList = []

    @field_validator("name")
    @classmethod
    def _name(cls, value: str) -> str:
        if not value.strip():
            raise ValueError("is empty")
        return value.strip()

    @field_validator("brand", "peer_group")
    @classmethod
    def _brand(cls, value: str) -> str:
        return _as_slug(value) if value else value

    @field_validator("brand_color")
    @classmethod
    def _color(cls, value: str) -> str:
        if value and not _COLOR.match(value):
            raise ValueError("is not a colour written #rrggbb")
        return value.lower()

    @field_validator("logo")
    @classmethod
    def _logo(cls, value: str, info: ValidationInfo) -> str:
        if not value:
            return value
        folder: Path = (info.context or {})["folder"]
        if (
            Path(value).is_absolute()
            or value.startswith(("/", "\\"))
            or re.match(r"^[A-Za-z]:", value)
        ):
            raise ValueError(
                "is an absolute path; the logo must be a file inside the client folder"
            )
        if ".." in re.split(r"[\\/]", value):
            raise ValueError("leaves the client folder ('..'); the logo must be inside it")
        path = folder / value
        try:
            inside = path.resolve().is_relative_to(folder.resolve())
            exists = path.is_file()
        except (OSError, RuntimeError):
            inside, exists = False, False
        if not inside:
            raise ValueError("points outside the client folder")
        if not exists:
            raise ValueError("is not a file in the client folder")
        return Path(value).as_posix()


def _read_config(
    folder: Path, listing: set[str], slug: str, sha256: dict[str, str]
) -> tuple[ClientConfig | None, set[str], list[Problem]]:
    """client.yaml as a ClientConfig (None when invalid), the client's own dimensions, problems."""
    if CONFIG_FILE not in listing:
        return (
            None,
            set(),
            [
                _problem(
                    CONFIG_FILE,
                    "is missing",
                    "add client.yaml with at least `name:` and `period:` "
                    "(`socialworkbook new` writes a commented one)",
                )
            ],
        )
    data, problems = _safe_bytes(folder, CONFIG_FILE, _MAX_YAML_BYTES)
    if data is None:
        return None, set(), problems
    sha256[CONFIG_FILE] = _sha(data)
    text, problems = _decode(data, CONFIG_FILE)
    if text is None:
        return None, set(), problems
    content, lines, problems = _load_yaml(text)
    if problems:
        return None, set(), problems
    own = content.get("dimensions") if isinstance(content, dict) else None
    dimensions = (
        {d for d in _as_list(own) if isinstance(d, str)} if isinstance(own, (list, str)) else set()
    )
    if not isinstance(content, dict):
        kind = "empty" if content is None else f"a {type(content).__name__}, not a set of keys"
        return (
            None,
            dimensions,
            [
                _problem(
                    CONFIG_FILE,
                    f"is {kind}",
                    "write `key: value` lines, at least name: and period:",
                )
            ],
        )
    if "brand_color" in content and content["brand_color"] is None:
        return (
            None,
            dimensions,
            [
                _problem(
                    CONFIG_FILE,
                    "is empty: a colour written #rrggbb without quotes is a YAML comment",
                    'put the colour in quotes, e.g. brand_color: "#1f4e79", or remove the line',
                    row=lines.get("brand_color"),
                    column="brand_color",
                )
            ],
        )
    try:
        parsed = _ConfigFile.model_validate(content, context={"folder": folder})
    except PydanticError as exc:
        problems = [_config_problem(error, lines) for error in exc.errors()]
        return None, dimensions, sorted(problems, key=lambda p: p.row or 0)
    config = ClientConfig(
        name=parsed.name,
        period=parsed.period,
        baseline=parsed.baseline,
        peer_group=parsed.peer_group,
        industry=parsed.industry,
        currency=parsed.currency,
        competitors=tuple(parsed.competitors),
        brand=parsed.brand or slug,
        brand_color=parsed.brand_color or ClientConfig.brand_color,
        logo=parsed.logo or None,
        dimensions=tuple(dict.fromkeys(parsed.dimensions)),
    )
    if config.brand in config.competitors:
        return (
            None,
            dimensions,
            [
                _problem(
                    CONFIG_FILE,
                    "lists the client's own brand as a competitor",
                    "remove it from competitors (brand: names the client's own brand)",
                    row=lines.get("competitors"),
                    column="competitors",
                    value=config.brand,
                )
            ],
        )
    return config, dimensions, []


def _load_yaml(text: str) -> tuple[Any, dict[str, int], list[Problem]]:
    """Safe-load YAML text: the value, the line of each top-level key, problems."""
    loader = None
    try:
        loader = yaml.SafeLoader(text)
        node = loader.get_single_node()
        lines = _key_lines(node)
        duplicates = _duplicate_keys(node)
        if duplicates:
            return None, lines, duplicates
        return loader.construct_document(node) if node is not None else None, lines, []
    except yaml.YAMLError as exc:
        return None, {}, [_yaml_problem(exc, text)]
    except RecursionError:
        return (
            None,
            {},
            [_problem(CONFIG_FILE, "is nested too deeply", "write plain `key: value` lines")],
        )
    finally:
        if loader is not None:
            loader.dispose()


def _yaml_problem(exc: yaml.YAMLError, text: str) -> Problem:
    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    line = mark.line + 1 if mark is not None else None
    if isinstance(exc, yaml.reader.ReaderError):
        line = text.count("\n", 0, exc.position) + 1
        what = f"character #x{exc.character:04x} is not allowed"
    else:
        what = getattr(exc, "problem", None) or str(exc).splitlines()[0]
    context = getattr(exc, "context", None)
    if "constructor for the tag" in str(what):
        message = (
            f"uses a YAML tag that is not allowed ({what}): client.yaml holds plain values only"
        )
        fix = "remove the !!tag and write a plain value"
    else:
        message = f"is not valid YAML ({context + ', ' if context else ''}{what})"
        fix = "check indentation, colons and quotes on this line (`key: value`)"
    return _problem(CONFIG_FILE, message, fix, row=line)


def _key_lines(node: yaml.Node | None) -> dict[str, int]:
    if not isinstance(node, yaml.MappingNode):
        return {}
    return {
        str(k.value): k.start_mark.line + 1 for k, _ in node.value if isinstance(k, yaml.ScalarNode)
    }


def _duplicate_keys(node: yaml.Node | None) -> list[Problem]:
    if not isinstance(node, yaml.MappingNode):
        return []
    seen: dict[str, int] = {}
    problems = []
    for key, _ in node.value:
        if not isinstance(key, yaml.ScalarNode):
            continue
        line = key.start_mark.line + 1
        if key.value in seen:
            problems.append(
                _problem(
                    CONFIG_FILE,
                    f"key '{key.value}' is given twice (first on line {seen[key.value]})",
                    "keep one of the two lines",
                    row=line,
                    column=str(key.value),
                )
            )
        else:
            seen[key.value] = line
    return problems


def _config_problem(error: dict[str, Any], lines: dict[str, int]) -> Problem:
    key = str(error["loc"][0]) if error["loc"] else ""
    value = None if error["type"] == "missing" else _short_repr(error.get("input"))
    if error["type"] == "missing":
        message, fix = "is missing", f"add `{key}:` ({_KEY_HELP.get(key, '')})"
    elif error["type"] == "extra_forbidden":
        message = "is not a key client.yaml knows"
        fix = f"check the spelling; the keys are: {', '.join(_KEY_HELP)}"
    else:
        message = str(error["msg"]).removeprefix("Value error, ").split("; write ")[0]
        if len(error["loc"]) > 1 and isinstance(error["loc"][1], int):
            message = f"item {error['loc'][1] + 1} {message}"
        fix = f"write {key} as {_KEY_HELP.get(key, 'the contract says')}"
    return Problem(CONFIG_FILE, lines.get(key), key or None, value, message, fix)


def _short_repr(value: Any) -> str:
    if isinstance(value, str):
        return _clip(value)
    limited = reprlib.Repr()
    limited.maxlevel, limited.maxlist, limited.maxdict, limited.maxstring = 2, 5, 5, 60
    return _clip(limited.repr(value))


def _override(
    period: str | None, config: ClientConfig | None
) -> tuple[Period | None, list[Problem]]:
    """The reporting period: `--period` when given, else client.yaml's."""
    if period is None:
        return (config.period if config else None), []
    try:
        return parse_period(period), []
    except ValueError as exc:
        return None, [
            Problem(
                "--period", None, None, str(period), str(exc), "pass --period as in client.yaml"
            )
        ]


def _baseline(
    baseline: str | None, config: ClientConfig | None, period: Period | None
) -> tuple[Period | None, list[Problem]]:
    """The comparison period: `--baseline` when given, else client.yaml's; `previous` resolved."""
    if period is None:
        return None, []
    if baseline is None:
        return resolve_baseline(config.baseline if config else None, period), []
    try:
        value = PREVIOUS if baseline.strip() == PREVIOUS else parse_period(baseline)
    except ValueError as exc:
        return None, [
            Problem(
                "--baseline",
                None,
                None,
                str(baseline),
                str(exc),
                "pass --baseline as in client.yaml, or --baseline previous",
            )
        ]
    return resolve_baseline(value, period), []


# --------------------------------------------------------------------------------------------
# Files into raw tables: every cell a string, the spreadsheet row of each line


@dataclass
class _Raw:
    """One table as read: raw and stripped cells of the non-blank lines after the header."""

    file: str
    raw: pd.DataFrame
    clean: pd.DataFrame
    rows: np.ndarray
    header_row: int


def _spec(name: str) -> vocab.TableSpec:
    try:
        return vocab.TABLES[name]
    except KeyError:
        raise ValueError(
            f"'{name}' is not a table; the tables are: {', '.join(vocab.TABLES)}"
        ) from None


def _twice(name: str) -> Problem:
    return _problem(
        f"{name}.csv",
        f"the {name} table is given twice: in {name}.csv and in sheet '{name}' of {WORKBOOK_FILE}",
        f"keep one: delete {name}.csv or the sheet '{name}'",
    )


def _missing_table(spec: vocab.TableSpec) -> Problem:
    return _problem(
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
    book: _Workbook | None = None,
) -> tuple[str | None, _Raw | None, list[Problem]]:
    """Table `spec` from its CSV or its sheet: source, raw table (None if absent), problems."""
    name = spec.name
    in_csv = f"{name}.csv" in listing
    in_book = book is not None and name in book.sheets
    if in_csv and in_book:
        return None, None, [_twice(name)]
    if in_csv:
        raw, problems = _read_csv(folder, f"{name}.csv", sha256)
        return "csv", raw, problems
    if in_book:
        assert book is not None
        raw, problems = book.table(name)
        return "xlsx", raw, problems
    return None, None, []


def _decode(data: bytes, file: str) -> tuple[str | None, list[Problem]]:
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
            _problem(
                file,
                f"is not UTF-8 text ({guess}): line {line} holds the bytes {bad}",
                fix,
                row=line,
            )
        ]
    if "\x00" in text:
        line = text.count("\n", 0, text.index("\x00")) + 1
        return None, [
            _problem(
                file,
                f"holds NUL characters (line {line}): it is binary or UTF-16, not UTF-8 text",
                fix,
                row=line,
            )
        ]
    return text.removeprefix("\ufeff"), []


def _read_csv(folder: Path, file: str, sha256: dict[str, str]) -> tuple[_Raw | None, list[Problem]]:
    data, problems = _safe_bytes(folder, file, _MAX_CSV_BYTES)
    if data is None:
        return None, problems
    sha256[file] = _sha(data)
    text, problems = _decode(data, file)
    if text is None:
        return None, problems
    if not text.strip():
        return None, [
            _problem(
                file,
                "is empty",
                "write the header row (column names) in the first line, or delete the file",
            )
        ]
    grid, problems = _csv_grid(text, file)
    if grid is None:
        return None, problems
    raw, more = _raw_table(file, grid, "csv")
    return raw, problems + more


@dataclass
class _Grid:
    """Every record of a file, header included: positional string columns and their rows."""

    columns: list[np.ndarray]  # object arrays of str
    rows: np.ndarray


def _csv_grid(text: str, file: str) -> tuple[_Grid | None, list[Problem]]:
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


def _csv_fast(text: str) -> _Grid | None:
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
    if frame.shape[1] > _MAX_COLUMNS + 1 or len(frame) > _MAX_ROWS + 1:
        return None  # the slow path reports the limits
    columns = [frame[c].to_numpy(dtype=object) for c in frame.columns]
    return _Grid(columns, np.arange(1, len(frame) + 1, dtype=np.int64))


def _csv_slow(text: str, file: str, ends_open: bool) -> tuple[_Grid | None, list[Problem]]:
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
            if len(records) > _MAX_ROWS + 1:
                return None, [
                    _problem(
                        file,
                        f"has more than {_MAX_ROWS:,} rows",
                        "split the data into periods or aggregate it",
                    )
                ]
        problems = _unclosed_quote(lines, starts, file)
    except csv.Error as exc:
        return None, [_problem(file, f"cannot be read as CSV ({exc})", "save it again as CSV")]
    finally:
        csv.field_size_limit(previous)
    if problems:
        return None, problems
    grid, problems = _records_grid(records, list(range(1, len(records) + 1)), file, "csv")
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
                _problem(
                    file,
                    f"a double quote opened in row {len(starts)} (line {first + 1}) is never "
                    "closed, so the rest of the file would be one value",
                    'close the quote, or double a quote that belongs to the text ("")',
                    row=len(starts),
                )
            ]


def _cut_off(file: str, grid: _Grid, last_cells: int | None) -> list[Problem]:
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
        _problem(
            file,
            f"the last row has {last_cells} of the header's {width} cells and the file ends "
            "without a line break: it looks cut off",
            "check that the file is complete; if the row is, end it with a line break",
            row=int(grid.rows[last]),
        )
    ]


def _records_grid(
    records: list[list[str]], rows: list[int], file: str, kind: str
) -> tuple[_Grid | None, list[Problem]]:
    """Pad ragged records into a grid; cells beyond the header are problems unless blank."""
    header_at = next((i for i, r in enumerate(records) if any(c.strip() for c in r)), None)
    if header_at is None:
        return _Grid([], np.array(rows, dtype=np.int64)), []
    header = records[header_at]
    width = max(i for i, cell in enumerate(header) if cell.strip()) + 1
    if width > _MAX_COLUMNS:
        return None, [
            _problem(
                file,
                f"has {width} columns, more than the {_MAX_COLUMNS} this kit reads",
                "remove the columns the kit does not need",
                row=rows[header_at],
            )
        ]
    problems = _Problems(file)
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
    return _Grid(columns, np.array(rows, dtype=np.int64)), problems.done()


def _raw_table(file: str, grid: _Grid, kind: str) -> tuple[_Raw | None, list[Problem]]:
    """Find the header (first non-blank line), drop blank lines, name and check the columns."""
    if not grid.columns:
        return None, [
            _problem(file, "has no header row", "write the column names in the first row")
        ]
    stripped = [_strip(c) for c in grid.columns]
    blank = np.logical_and.reduce([s == "" for s in stripped])
    filled = np.flatnonzero(~blank)
    if len(filled) == 0:
        return None, [
            _problem(file, "has no header row", "write the column names in the first row")
        ]
    header_at = int(filled[0])
    header_row = int(grid.rows[header_at])
    body = filled[1:]
    if len(body) > _MAX_ROWS:
        return None, [
            _problem(
                file,
                f"has more than {_MAX_ROWS:,} rows",
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
                    _problem(
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
                _problem(
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
                _problem(
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
    return _Raw(file, raw, clean, grid.rows[body], header_row), problems


_strip = np.frompyfunc(str.strip, 1, 1)


def _strings(values: Iterable[str]) -> np.ndarray:
    """A 1-d object array of the strings `values`."""
    array = np.empty(len(values), dtype=object)  # type: ignore[arg-type]
    array[:] = list(values)
    return array


def _frame(columns: dict[str, np.ndarray], length: int) -> pd.DataFrame:
    """A frame of object columns (cheaper to check than pandas' str dtype; converted at the end)."""
    return pd.DataFrame(columns, index=pd.RangeIndex(length), dtype=object, copy=False)


def _letter(position: int) -> str:
    """The spreadsheet letter of a 0-based column position (A, B, ..., AA)."""
    letters = ""
    position += 1
    while position:
        position, rest = divmod(position - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


# --------------------------------------------------------------------------------------------
# inputs.xlsx


@dataclass
class _Workbook:
    """inputs.xlsx, checked for size and zip bombs, opened read-only (formulas not evaluated)."""

    sheets: dict[str, Any]
    problems: list[Problem]
    book: Any = None

    @property
    def refused(self) -> bool:
        """Whether the workbook was not opened (too big, not a zip, a zip bomb ...)."""
        return self.book is None

    @classmethod
    def open(cls, folder: Path, sha256: dict[str, str]) -> _Workbook:
        data, problems = _safe_bytes(folder, WORKBOOK_FILE, _MAX_XLSX_BYTES)
        if data is None:
            return cls({}, problems)
        sha256[WORKBOOK_FILE] = _sha(data)
        problems = _zip_problems(data)
        if problems:
            return cls({}, problems)
        import openpyxl  # imported here: only clients with a workbook pay for it

        try:
            book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        except Exception as exc:  # noqa: BLE001 - a hostile workbook can make openpyxl raise anything
            return cls(
                {}, [_problem(WORKBOOK_FILE, f"cannot be opened ({_exc_text(exc)})", _RESAVE)]
            )
        if len(book.sheetnames) > _MAX_SHEETS:
            return cls(
                {},
                [
                    _problem(
                        WORKBOOK_FILE,
                        f"has {len(book.sheetnames)} sheets, more than the {_MAX_SHEETS} this kit "
                        "reads",
                        "keep only the sheets named after tables (ecosystem, posts, ...)",
                    )
                ],
            )
        sheets = {name: book[name] for name in book.sheetnames if name in vocab.TABLES}
        problems = [
            _problem(
                f"{WORKBOOK_FILE}[{name}]",
                "sheet names are lower-case table names: this sheet is not read",
                f"rename the sheet to '{name.strip().lower()}'",
            )
            for name in book.sheetnames
            if name not in vocab.TABLES and name.strip().lower() in vocab.TABLES
        ]
        return cls(sheets, problems, book)

    def table(self, name: str) -> tuple[_Raw | None, list[Problem]]:
        file = f"{WORKBOOK_FILE}[{name}]"
        sheet = self.sheets[name]
        try:
            declared_rows, declared_columns = sheet.max_row or 0, sheet.max_column or 0
            if declared_rows > _MAX_ROWS or declared_columns > _MAX_COLUMNS:
                return None, [_sheet_too_big(file, declared_rows, declared_columns)]
            sheet.reset_dimensions()  # a declared size can lie: read every row, count ourselves
            widest = _narrow_rows(sheet)
            records, rows = [], []
            for number, values in enumerate(
                sheet.iter_rows(values_only=True, max_col=_MAX_COLUMNS), 1
            ):
                if number > _MAX_ROWS + 1:
                    return None, [_sheet_too_big(file, number, 0)]
                records.append([v if v.__class__ is str else _cell_text(v) for v in values])
                rows.append(number)
        except Exception as exc:  # noqa: BLE001 - a hostile workbook can make openpyxl raise anything
            return None, [_problem(file, f"cannot be read ({_exc_text(exc)})", _RESAVE)]
        if widest[0] > _MAX_COLUMNS:
            return None, [_sheet_too_big(file, len(records), widest[0])]
        if not any(any(c.strip() for c in r) for r in records):
            return None, [_problem(file, "is empty", "write the column names in the first row")]
        grid, problems = _records_grid(records, rows, file, "xlsx")
        if grid is None:
            return None, problems
        raw, more = _raw_table(file, grid, "xlsx")
        return raw, problems + more


def _narrow_rows(sheet: Any) -> list[int]:
    """Make `sheet` build rows only as wide as their last cell; return [widest column seen].

    openpyxl 3.1's read-only sheets build each row in `_get_row`, padded to `max_col`; cells
    beyond it are dropped there. Rows built here stop at their last cell (at most _MAX_COLUMNS),
    and the widest column is recorded so that cells beyond the limit are reported, not lost.
    """
    widest = [0]
    if not callable(getattr(sheet, "_get_row", None)):
        return widest  # another openpyxl: rows stay padded to max_col

    def get_row(row: list, min_col: int = 1, max_col: int | None = None, values_only: bool = True):
        if not row:
            return ()
        last = max(cell["column"] for cell in row)
        widest[0] = max(widest[0], last)
        values = [None] * min(last, _MAX_COLUMNS)
        for cell in row:
            if cell["column"] <= _MAX_COLUMNS:
                values[cell["column"] - 1] = cell["value"]
        return tuple(values)

    sheet._get_row = get_row
    return widest


_RESAVE = "open it in Excel or LibreOffice and save it again as inputs.xlsx (Excel Workbook)"


def _exc_text(exc: BaseException) -> str:
    return _clip(" ".join(f"{type(exc).__name__}: {exc}".split()), 160)


def _sheet_too_big(file: str, rows: int, columns: int) -> Problem:
    return _problem(
        file,
        f"is too big to read (about {rows:,} rows, {columns:,} columns; the limits are "
        f"{_MAX_ROWS:,} rows and {_MAX_COLUMNS} columns)",
        "remove unused rows and columns (select them, Delete), or split the data",
    )


def _zip_problems(data: bytes) -> list[Problem]:
    """Refuse what is not a plain xlsx zip: not a zip, too many members, a zip bomb."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError) as exc:
        return [
            _problem(
                WORKBOOK_FILE,
                f"is not an Excel workbook (.xlsx is a zip file; {_exc_text(exc)})",
                _RESAVE,
            )
        ]
    if len(members) > _MAX_ZIP_MEMBERS:
        return [
            _problem(WORKBOOK_FILE, f"holds {len(members):,} parts: not a plain workbook", _RESAVE)
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
            _problem(
                WORKBOOK_FILE,
                f"unpacks to {unpacked:,} bytes from {len(data):,} (a zip bomb?): not read",
                "export the tables as CSV files, or save a workbook holding only the data",
            )
        ]
    return []


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


# --------------------------------------------------------------------------------------------
# Raw tables into normalised tables


class _Problems:
    """The problems of one file; at most _MAX_PROBLEMS per rule are kept, all are counted."""

    def __init__(self, file: str):
        self.file = file
        self.items: list[Problem] = []
        self.total = 0

    def add(
        self, row: int | None, column: str | None, value: str | None, message: str, fix: str
    ) -> None:
        self.total += 1
        if self.total <= 10 * _MAX_PROBLEMS:
            self.items.append(
                Problem(
                    self.file, row, column, None if value is None else _clip(value), message, fix
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
        for i in positions[:_MAX_PROBLEMS]:
            value = str(values[i])
            text = message(value) if callable(message) else message
            remedy = fix(value) if callable(fix) else fix
            self.items.append(Problem(self.file, int(rows[i]), column, _clip(value), text, remedy))

    def done(self) -> list[Problem]:
        items = sorted(self.items, key=lambda p: -1 if p.row is None else p.row)
        if self.total <= _MAX_PROBLEMS:
            return items
        return items[:_MAX_PROBLEMS] + [
            _problem(
                self.file,
                f"and {self.total - _MAX_PROBLEMS:,} more problem(s) in this file, not listed",
                "fix the problems above and validate again to see the rest",
            )
        ]


def _clip(value: str, limit: int = _VALUE_CHARS) -> str:
    return value if len(value) <= limit else value[:limit] + "..."


def _normalise(
    spec: vocab.TableSpec, raw: _Raw, context: _Context
) -> tuple[pd.DataFrame, dict[str, int], list[Problem]]:
    """Check a raw table and convert it to model.py's normal form: frame, data quality, problems."""
    problems = _Problems(raw.file)
    for column in spec.columns:
        if column.required and column.name not in raw.clean:
            problems.add(
                raw.header_row,
                column.name,
                None,
                "required column is missing",
                _missing_column_fix(column, raw),
            )
    extra = [name for name in raw.clean if spec.column(name) is None]
    for name in extra:
        twin = _as_column_name(name)
        if spec.column(twin) is not None:
            problems.add(
                raw.header_row,
                name,
                name,
                f"column name differs from '{twin}' only in case or spaces",
                f"rename the column to '{twin}'" + (" (or remove it)" if twin in raw.clean else ""),
            )

    clean, rows, dropped = _drop_duplicate_rows(raw.clean, raw.rows, spec.key)
    if spec.name == "ecosystem" and len(clean) == 0:
        problems.add(
            None,
            None,
            None,
            "has no components",
            "add one row per component of the client's social ecosystem",
        )
    values_of = {name: clean[name].to_numpy(dtype=object) for name in clean}
    out: dict[str, pd.Series] = {}
    blanks = 0
    empty_counts: dict[str, np.ndarray] = {}
    for column in spec.columns:
        if column.name not in clean:
            if column.kind != "count":
                out[column.name] = _empty_column(column, len(clean))
            continue
        cells = clean[column.name]
        values = values_of[column.name]
        empty = (cells == "").to_numpy()
        if column.required and not column.may_be_empty:
            problems.add_rows(
                empty, rows, values, column.name, "is empty but required", _required_fix(column)
            )
        series, bad, message, fix = _convert(column, cells, empty, context, spec.name)
        if bad is not None:
            problems.add_rows(bad & ~empty, rows, values, column.name, message, fix)
        if column.kind == "count":
            blanks += int(empty.sum())
            empty_counts[column.name] = empty
        if column.kind in _MULTI:
            _check_items(column, cells, rows, problems, context)
        elif series.dtype == object:
            series = series.astype("str")
        out[column.name] = series
        if column.kind in ("id", "mention"):
            _check_unique(cells, empty, rows, values, column.name, problems)
    for name in extra:
        out[name] = clean[name].astype("str")
    out["_row"] = pd.Series(rows, dtype="int64")
    unmeasured = _unmeasured_counts(clean, empty_counts) if spec.name == "posts" else {}
    for name, mask in unmeasured.items():
        out[f"{UNMEASURED}{name}"] = pd.Series(mask)
    not_measured = sum(int(mask.sum()) for mask in unmeasured.values())
    frame = pd.DataFrame(out, index=pd.RangeIndex(len(clean)))
    quality = {
        "rows": len(frame),
        "blank_counts_read_as_zero": blanks - not_measured,
        "blank_counts_not_measured": not_measured,
        "duplicate_rows_dropped": dropped,
    }
    return frame, quality, problems.done()


def _unmeasured_counts(clean: pd.DataFrame, empty: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
    """Per count column, the posts of the components that leave it blank on every post.

    Such a platform does not have the metric (Reddit has no likes): reports say n/a, not 0.
    """
    if "component_id" not in clean:
        return {}
    components = clean["component_id"].to_numpy(dtype=object)
    out = {}
    for name, mask in empty.items():
        if mask.any():
            lacking = pd.Series(mask).groupby(components).transform("all").to_numpy(dtype=bool)
            if lacking.any():
                out[name] = lacking
    return out


def _as_column_name(name: str) -> str:
    return re.sub(r"[\s-]+", "_", name.strip().lower())


def _missing_column_fix(column: vocab.Column, raw: _Raw) -> str:
    near = [n for n in raw.clean if _as_column_name(n) == column.name]
    if near:
        return f"rename column '{near[0]}' to '{column.name}' (names are case-sensitive)"
    return f"add a column named '{column.name}' to the header row (row {raw.header_row})"


def _required_fix(column: vocab.Column) -> str:
    if column.kind == "vocab" and column.vocab:
        return f"fill in one of: {', '.join(vocab.VOCABULARIES[column.vocab])}"
    if column.kind == "datetime":
        return "fill in the date, e.g. 2026-07-01 or 2026-07-01T14:30"
    return f"fill in the {column.name}"


def _drop_duplicate_rows(
    clean: pd.DataFrame, rows: np.ndarray, key: str | None
) -> tuple[pd.DataFrame, np.ndarray, int]:
    """Drop rows equal in every cell to an earlier row; return the frame, rows and how many."""
    if len(clean) < 2 or clean.shape[1] == 0:
        return clean, rows, 0
    if key is not None and key in clean:
        # Equal rows have equal keys: only rows sharing a key need the full comparison.
        candidates = clean[key].duplicated(keep=False).to_numpy()
        if not candidates.any():
            return clean, rows, 0
        duplicate = np.zeros(len(clean), dtype=bool)
        duplicate[np.flatnonzero(candidates)] = (
            clean[candidates].duplicated(keep="first").to_numpy()
        )
    else:
        duplicate = clean.duplicated(keep="first").to_numpy()
    if not duplicate.any():
        return clean, rows, 0
    kept = clean[~duplicate].reset_index(drop=True)
    return kept, rows[~duplicate], int(duplicate.sum())


def _check_unique(
    cells: pd.Series,
    empty: np.ndarray,
    rows: np.ndarray,
    values: np.ndarray,
    name: str,
    problems: _Problems,
) -> None:
    repeated = cells.duplicated(keep="first").to_numpy() & ~empty
    if not repeated.any():
        return
    wanted = set(values[repeated][:_MAX_PROBLEMS])
    firsts = ~cells.duplicated(keep="first").to_numpy() & cells.isin(wanted).to_numpy()
    first_row = dict(zip(values[firsts], rows[firsts], strict=True))
    problems.add_rows(
        repeated,
        rows,
        values,
        name,
        lambda v: f"{name} is already used in row {first_row.get(v, '?')} (ids must be unique)",
        "give each row its own id, or delete the repeated row",
    )


def _convert(
    column: vocab.Column, cells: pd.Series, empty: np.ndarray, context: _Context, table: str
) -> tuple[pd.Series, np.ndarray | None, Any, Any]:
    """Convert one column: the normalised series, the mask of bad cells, message and fix."""
    kind = column.kind
    if kind == "id" and column.name == "component_id":
        bad = ~cells.str.fullmatch(_SLUG_PATTERN).to_numpy(dtype=bool)
        return (
            cells,
            bad,
            "is not a slug",
            "use lower-case letters, digits, '-' and '_', e.g. facebook-page",
        )
    if kind in ("text", "id"):
        return cells, None, None, None
    if kind == "mention":
        bad = ~cells.isin(context.mention_ids).to_numpy()
        return (
            cells,
            bad,
            "is not a mention_id of the mentions table",
            "correct the id, or delete the row (a label needs its mention)",
        )
    if kind == "author":
        return cells, None, None, None  # replaced by pseudonyms once the client is valid
    if kind == "vocab":
        allowed = vocab.VOCABULARIES[column.vocab or column.name]
        bad = ~cells.isin(allowed).to_numpy()
        default = table == "ecosystem" and column.name == "status"
        series = cells.where(~empty, "active") if default else cells
        return (
            series.astype("str"),
            bad,
            f"is not an allowed {column.name}",
            f"use one of: {', '.join(allowed)}",
        )
    if kind in _MULTI:
        series = pd.Series(
            [_split(v) for v in cells.to_numpy(dtype=object)], dtype=object, index=cells.index
        )
        return series, None, None, None
    if kind == "datetime":
        parsed = _parse_datetimes(cells, empty)
        message = "is not an ISO 8601 date or date-time (from 1678 to 2261)"
        return parsed, parsed.isna().to_numpy(), message, _DATE_FIX
    if kind == "count":
        return _parse_counts(cells, empty)
    if kind in ("number", "score"):
        numbers = pd.to_numeric(cells.where(~empty, "0"), errors="coerce")
        numbers = numbers.to_numpy(dtype="float64", copy=True)
        bad = ~np.isfinite(numbers)
        if kind == "score":
            bad |= (numbers < 0) | (numbers > 5)
        numbers[empty] = np.nan
        if kind == "score":
            return (
                pd.Series(numbers, index=cells.index),
                bad,
                "is not a score from 0 to 5",
                "write a number from 0 to 5, e.g. 3 or 4.5",
            )
        return (
            pd.Series(numbers, index=cells.index),
            bad,
            "is not a number",
            "write a plain number with a dot for decimals, e.g. 1200 or 0.35",
        )
    if kind == "bool":
        lower = cells.str.lower()
        bad = ~lower.isin(_TRUE | _FALSE).to_numpy()
        return (
            lower.isin(_TRUE).astype("bool"),
            bad,
            "is not true or false",
            "write true or false (or yes/no, 1/0); empty means false",
        )
    if kind == "metric":
        known = context.metric_names
        bad = ~cells.isin(known).to_numpy()
        return (
            cells,
            bad,
            "is not a metric the kit knows nor a metric in the metrics table",
            _metric_fix,
        )
    if kind == "dimension":
        bad = ~cells.isin(context.dimensions).to_numpy()
        return (
            cells,
            bad,
            "is not a value dimension",
            (
                f"use one of: {', '.join(sorted(context.dimensions))}, or list the new "
                "dimension under `dimensions:` in client.yaml"
            ),
        )
    if kind == "ref":
        if context.component_ids is None:
            return cells, None, None, None
        bad = ~cells.isin(context.component_ids).to_numpy()
        return cells, bad, "is not a component_id of the ecosystem", _ref_fix
    raise AssertionError(f"unknown column kind {kind!r}")


def _metric_fix(value: str) -> str:
    return (
        "use a metric key the kit knows (e.g. "
        + ", ".join(list(vocab.KNOWN_METRICS)[:8])
        + ", ...; see vocab.KNOWN_METRICS) or a metric name of the metrics table"
    )


def _ref_fix(value: str) -> str:
    return f"add a component '{value}' to the ecosystem, or correct the id"


def _split(value: str) -> tuple[str, ...]:
    if not value:
        return ()
    return tuple(dict.fromkeys(part.strip() for part in value.split(";") if part.strip()))


def _check_items(
    column: vocab.Column, cells: pd.Series, rows: np.ndarray, problems: _Problems, context: _Context
) -> None:
    """Each `;`-separated item of a multi-valued cell must be allowed."""
    if column.kind == "multi" and column.vocab:
        allowed: set[str] | None = set(vocab.VOCABULARIES[column.vocab])
        message, fix = (
            f"holds a value that is not allowed in {column.name}",
            "separate values with ';' and use only: " + ", ".join(vocab.VOCABULARIES[column.vocab]),
        )
    elif column.kind == "multi_metric":
        allowed, message, fix = (
            context.metric_names,
            "holds a metric the kit does not know",
            _metric_fix,
        )
    elif column.kind == "multi_ref":
        allowed, message, fix = (
            context.component_ids,
            "holds an id that is not a component_id of the ecosystem",
            _ref_fix,
        )
    else:
        allowed = None
    if allowed is None or len(cells) == 0:
        return
    items = cells.str.split(";").explode().str.strip()
    items = items[items != ""]
    bad = ~items.isin(allowed)
    positions = items.index.to_numpy()[bad.to_numpy()]
    problems.add_rows(
        np.ones(len(positions), dtype=bool),
        rows[positions],
        items[bad].to_numpy(dtype=object),
        column.name,
        message,
        fix,
    )


def _parse_datetimes(cells: pd.Series, empty: np.ndarray) -> pd.Series:
    """ISO 8601 dates and date-times as naive datetime64[ns]; an offset is dropped."""
    values = cells.where(~empty)
    try:
        parsed = pd.to_datetime(values, format="ISO8601", errors="coerce")
    except (ValueError, TypeError):  # mixed offsets: drop them, keep the local time
        parsed = pd.to_datetime(
            values.str.replace(_OFFSET, r"\1", regex=True), format="ISO8601", errors="coerce"
        )
    if getattr(parsed.dt, "tz", None) is not None:
        parsed = parsed.dt.tz_localize(None)
    if not pd.api.types.is_datetime64_dtype(parsed):
        parsed = pd.to_datetime(parsed, errors="coerce")
    parsed = parsed.where((parsed >= _DATE_MIN) & (parsed < _DATE_MAX))
    return parsed.astype("datetime64[ns]")


def _parse_counts(cells: pd.Series, empty: np.ndarray) -> tuple[pd.Series, np.ndarray, Any, str]:
    """Counts: non-negative whole numbers, empty = 0."""
    values = cells.to_numpy(dtype=object)
    if _all_digits(values):  # the usual case, 5x faster than to_numeric
        filled = values.copy()
        filled[empty] = "0"
        counts = filled.astype(np.int64)
        bad = np.zeros(len(values), dtype=bool)
    else:
        numbers = pd.to_numeric(cells.where(~empty, "0"), errors="coerce").astype("float64")
        numbers = numbers.to_numpy()
        with np.errstate(invalid="ignore"):
            bad = (
                ~np.isfinite(numbers)
                | (numbers < 0)
                | (numbers != np.floor(numbers))
                | (numbers > _MAX_COUNT)
            )
        counts = np.where(bad, 0, numbers).astype("int64")

    def message(value: str) -> str:
        number = float(pd.to_numeric(pd.Series([value]), errors="coerce").iloc[0])
        if not np.isfinite(number) or number != int(number):
            return "is not a whole number"
        return "is negative; counts are 0 or more" if number < 0 else "is too large for a count"

    return (
        pd.Series(counts, index=cells.index, dtype="int64"),
        bad,
        message,
        "write a whole number without separators, e.g. 1200 (an empty cell means 0)",
    )


def _all_digits(values: np.ndarray) -> bool:
    """Whether every value is empty or ASCII digits short enough for a count."""
    joined = "".join(values)
    if joined and not (joined.isascii() and joined.isdigit()):
        return False
    return max(map(len, values), default=0) <= 15


def _empty_column(column: vocab.Column, length: int) -> pd.Series:
    """A column the input does not have: its normal form for `length` empty cells."""
    kind = column.kind
    if kind in _MULTI:
        return pd.Series([()] * length, dtype=object)
    if kind == "datetime":
        return pd.Series(pd.NaT, index=range(length), dtype="datetime64[ns]")
    if kind == "count":
        return pd.Series(np.zeros(length, dtype="int64"))
    if kind in ("number", "score"):
        return pd.Series(np.full(length, np.nan))
    if kind == "bool":
        return pd.Series(np.zeros(length, dtype=bool))
    fill = "active" if column.name == "status" else ""
    return pd.Series([fill] * length, dtype="str")


def _empty_table(spec: vocab.TableSpec) -> pd.DataFrame:
    """An absent optional table: no rows, every column of the spec in its normal dtype."""
    columns = {c.name: _empty_column(c, 0) for c in spec.columns}
    columns["_row"] = pd.Series([], dtype="int64")
    return pd.DataFrame(columns)
