"""Raw tables into normalised ones: columns named and typed, vocabularies and references checked."""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from .. import vocab
from ..catalogue import METRICS
from ..errors import Problem
from ..model import UNMEASURED
from .problems import MAX_PROBLEMS, FileProblems
from .raw import RawTable

_MAX_COUNT = 10**15


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


_DATE_MIN = pd.Timestamp("1678-01-01")


_DATE_MAX = pd.Timestamp("2262-01-01")


@dataclass
class TableContext:
    """What one table's checks need from the others."""

    component_ids: set[str] | None  # None: ecosystem unavailable, references are not checked
    metric_names: set[str]
    dimensions: set[str]
    mention_ids: set[str] = field(default_factory=set)


def normalise_table(
    spec: vocab.TableSpec, raw: RawTable, context: TableContext
) -> tuple[pd.DataFrame, dict[str, int], list[Problem]]:
    """Check a raw table and convert it to model.py's normal form: frame, data quality, problems."""
    problems = FileProblems(raw.file)
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


def _missing_column_fix(column: vocab.Column, raw: RawTable) -> str:
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
    problems: FileProblems,
) -> None:
    repeated = cells.duplicated(keep="first").to_numpy() & ~empty
    if not repeated.any():
        return
    wanted = set(values[repeated][:MAX_PROBLEMS])
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
    column: vocab.Column, cells: pd.Series, empty: np.ndarray, context: TableContext, table: str
) -> tuple[pd.Series, np.ndarray | None, Any, Any]:
    """Convert one column: the normalised series, the mask of bad cells, message and fix."""
    kind = column.kind
    if kind == "id" and column.name == "component_id":
        bad = ~cells.str.fullmatch(vocab.SLUG.pattern).to_numpy(dtype=bool)
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
        return cells, bad, "is not a component_id of the ecosystem", _ref_fix(context)
    raise AssertionError(f"unknown column kind {kind!r}")


def _metric_fix(value: str) -> str:
    known = sorted(METRICS.known())
    close = difflib.get_close_matches(str(value), known, n=1)
    hint = f"did you mean '{close[0]}'? " if close else ""
    return (
        f"{hint}use a metric key the kit knows ({', '.join(known)}) or a metric name of the "
        "metrics table; `socialworkbook docs client-folder` says what each key means"
    )


def _ref_fix(context: TableContext):
    """The fix of an unknown component id: the closest id of the ecosystem, when one is close."""
    known = sorted(context.component_ids or ())

    def fix(value: str) -> str:
        close = difflib.get_close_matches(str(value), known, n=1, cutoff=0.75)
        hint = f"did you mean '{close[0]}'? " if close else ""
        return f"{hint}correct the id, or add a component '{value}' to the ecosystem"

    return fix


def _split(value: str) -> tuple[str, ...]:
    if not value:
        return ()
    return tuple(dict.fromkeys(part.strip() for part in value.split(";") if part.strip()))


def _check_items(
    column: vocab.Column,
    cells: pd.Series,
    rows: np.ndarray,
    problems: FileProblems,
    context: TableContext,
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
            _ref_fix(context),
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


def empty_table(spec: vocab.TableSpec) -> pd.DataFrame:
    """An absent optional table: no rows, every column of the spec in its normal dtype."""
    columns = {c.name: _empty_column(c, 0) for c in spec.columns}
    columns["_row"] = pd.Series([], dtype="int64")
    return pd.DataFrame(columns)
