"""Platform exports merged into a client's tables (`socialworkbook import`).

`import_files` reads each export (`exports.read_export`), chooses the ecosystem component its
rows belong to, and merges them into the client's `posts` (keyed by the platform's post id) or
`metrics` (keyed by date, metric and component) table; with a column mapping it reads a
listening tool's file into `mentions` instead. Where two exports hold the same post, the newer
export's figures win: newer is the later end of the range in the file name; where a file name
gives no range, the later file given wins (and the file's date is recorded as its export date).
Each post keeps the export it came from in two extra columns, `export_date` and `export_file`
(extra columns are kept and ignored by the rest of the kit), so a later import of an older
export never overwrites newer figures.

The write goes through the editors' save (`editing.TableEdit.save`): the whole client folder is
validated with the new table in place, the previous file is kept under `.history/`, and the new
one is written atomically, into its sheet of inputs.xlsx for a workbook client, else as CSV.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
from openpyxl import load_workbook

from .. import vocab
from ..errors import ImportFormatError, ImportTargetError, ValidationError
from ..paths import client_folder
from ..storage import atomic_write_bytes
from . import editing
from . import folder as intake
from .exports import Export, fold_text, parse_when, read_columns, read_export

__all__ = ["ImportReport", "FileReport", "import_files", "parse_columns", "EXPORT_COLUMNS"]

EXPORT_COLUMNS = ("export_date", "export_file")
"""The extra posts columns that record which export a post's figures come from."""

_MESSAGE = "message"
_PLATFORM_ALIASES = {
    "twitter": "x",
    "x (twitter)": "x",
    "twitter/x": "x",
    "x/twitter": "x",
    "x.com": "x",
    "fb": "facebook",
    "ig": "instagram",
    "yt": "youtube",
}
_MENTION_COLUMNS = [c.name for c in vocab.TABLES["mentions"].columns]


@dataclass
class FileReport:
    """What one file gave: its format, rows read and rows dropped with why."""

    path: Path
    format: str
    table: str
    component: str | None
    read: int
    dropped: list[tuple[int, str]]
    not_measured: tuple[str, ...] = ()


@dataclass
class ImportReport:
    """What an import did, table by table: added, updated, unchanged, kept newer, days covered."""

    files: list[FileReport] = field(default_factory=list)
    added: Counter = field(default_factory=Counter)
    updated: Counter = field(default_factory=Counter)
    unchanged: Counter = field(default_factory=Counter)
    kept_newer: Counter = field(default_factory=Counter)
    superseded: Counter = field(default_factory=Counter)
    repeated: Counter = field(default_factory=Counter)
    days: dict[str, tuple[str, str]] = field(default_factory=dict)
    written: dict[str, str] = field(default_factory=dict)

    def lines(self) -> list[str]:
        """The report as the command prints it."""
        out = []
        for f in self.files:
            where = f" for component '{f.component}'" if f.component else ""
            out.append(f"{f.path.name}: {f.format}{where}: {f.read:,} row(s) read")
            if f.not_measured:
                out.append(
                    "  not in this export, left blank (not measured): " + ", ".join(f.not_measured)
                )
            for reason, rows in _grouped(f.dropped):
                out.append(f"  dropped {_rows(rows)} ({len(rows):,} row(s)): {reason}")
        tables = set(self.added) | set(self.updated) | set(self.unchanged) | set(self.kept_newer)
        for table in sorted(tables):
            noun = "post(s)" if table == "posts" else "row(s)"
            line = (
                f"{table}: {self.added[table]:,} {noun} added, {self.updated[table]:,} updated, "
                f"{self.unchanged[table]:,} unchanged"
            )
            if self.kept_newer[table]:
                line += f", {self.kept_newer[table]:,} kept (a newer export was imported before)"
            out.append(line)
            if self.superseded[table]:
                out.append(
                    f"  {self.superseded[table]:,} row(s) of an older export given here left out: "
                    "a newer export given here holds the same posts or days"
                )
            if self.repeated[table]:
                out.append(
                    f"  {self.repeated[table]:,} row(s) left out that repeat a post or day already "
                    "read from the same file (its first row used)"
                )
            if table in self.days:
                first, last = self.days[table]
                out.append(f"  days covered: {first} to {last}")
            if table in self.written:
                out.append(f"  written to {self.written[table]}")
        return out


def _grouped(dropped: list[tuple[int, str]]) -> list[tuple[str, list[int]]]:
    """Dropped rows grouped by reason; a reason quoting a value lists the first values."""
    groups: dict[str, tuple[list[int], list[str]]] = {}
    for row, reason in dropped:
        values = re.findall(r"'([^']*)'", reason)
        key = re.sub(r" ?'[^']*'", "", reason)
        rows, seen = groups.setdefault(key, ([], []))
        rows.append(row)
        seen.extend(v for v in values if v not in seen)
    out = []
    for key, (rows, seen) in groups.items():
        if seen:
            shown = ", ".join(repr(v) for v in seen[:3]) + (", ..." if len(seen) > 3 else "")
            key += f" (values: {shown})"
        out.append((key, rows))
    return out


def _pairs(export: Export) -> list[tuple[int, str]]:
    return [(d.row, d.reason) for d in export.dropped]


def _rows(rows: list[int]) -> str:
    if len(rows) == 1:
        return f"row {rows[0]}"
    if rows == list(range(rows[0], rows[-1] + 1)):
        return f"rows {rows[0]}-{rows[-1]}"
    shown = ", ".join(str(r) for r in rows[:8])
    return f"rows {shown}" + (f" and {len(rows) - 8:,} more" if len(rows) > 8 else "")


def parse_columns(text: str) -> dict[str, str]:
    """`--columns text=Message,published_at=Date` as {kit column: the file's header}.

    Raises
    ------
    errors.ImportTargetError
        When an item is not NAME=HEADER, NAME is not a mentions column, or a required one is
        missing.
    """
    mapping: dict[str, str] = {}
    for item in (i for i in text.split(",") if i.strip()):
        name, sep, header = item.partition("=")
        name = name.strip()
        if not sep or not header.strip():
            raise ImportTargetError(
                f"--columns item {item!r} is not NAME=HEADER. Fix: write e.g. "
                "--columns text=Message,published_at=Date,author=Author"
            )
        if name not in _MENTION_COLUMNS:
            raise ImportTargetError(
                f"--columns names {name!r}, which is not a column of the mentions table "
                f"(its columns: {', '.join(_MENTION_COLUMNS)}). Fix: use one of those names"
            )
        mapping[name] = header.strip()
    missing = [c for c in ("text", "published_at") if c not in mapping]
    if missing:
        raise ImportTargetError(
            f"--columns lacks {', '.join(missing)}, which every mention needs. Fix: add "
            + ",".join(f"{c}=<its header>" for c in missing)
        )
    return mapping


def import_files(
    client: str,
    files: list[Path | str],
    *,
    component: str | None = None,
    columns: dict[str, str] | None = None,
    data_root: Path | str | None = None,
) -> ImportReport:
    """Import `files` into the client's tables and report what was done.

    Raises
    ------
    errors.ImportFormatError
        When a file is not a known export (nothing is written).
    errors.ImportTargetError
        When the component is unknown or ambiguous (nothing is written).
    errors.ValidationError
        When the client folder would be invalid with the imported rows (nothing is written).
    """
    folder = client_folder(client, data_root)
    report = ImportReport()
    components = _components(folder)
    if component is not None and component not in components:
        raise ImportTargetError(
            f"--component '{component}' is not a component of client '{client}' (its "
            f"components: {', '.join(components) or 'none'}). Fix: use one of those ids, or add "
            "the component to the ecosystem table first"
        )
    if columns is not None:
        frames = [_mentions_file(Path(f), columns, component, report) for f in files]
        _merge_mentions(folder, client, frames, report)
        return report
    exports = [read_export(f) for f in files]  # every file read before anything is written
    for export in exports:
        if export.read and export.rows.empty:
            reasons = "; ".join(f"{_rows(r)}: {why}" for why, r in _grouped(_pairs(export)))
            raise ImportFormatError(
                f"{export.path}: nothing to import, every row was dropped ({reasons}). "
                "Nothing was written"
            )
    by_table: dict[str, list[tuple[Export, str]]] = {}
    for export in exports:
        chosen = component or _component_for(export, components, client)
        by_table.setdefault(export.format.table, []).append((export, chosen))
        not_measured = ()
        if export.format.table == "posts":
            not_measured = tuple(c for c in vocab.COUNT_COLUMNS if c not in export.measured)
        report.files.append(
            FileReport(
                export.path,
                export.format.name,
                export.format.table,
                chosen,
                export.read,
                _pairs(export),
                not_measured,
            )
        )
    if "posts" in by_table:
        _merge_posts(folder, client, _newest_first(by_table["posts"]), report)
    if "metrics" in by_table:
        _merge_metrics(folder, client, _newest_first(by_table["metrics"]), report)
    return report


def _components(folder: Path) -> dict[str, str]:
    """The ecosystem's component ids with their platform (lower case, aliases folded)."""
    frame, _ = intake.read_raw_table(folder, "ecosystem")
    if "component_id" not in frame:
        return {}
    platforms = frame["platform"] if "platform" in frame else pd.Series("", index=frame.index)
    out = {}
    for cid, platform in zip(frame["component_id"], platforms, strict=True):
        if str(cid).strip():
            name = str(platform).strip().lower()
            out[str(cid).strip()] = _PLATFORM_ALIASES.get(name, name)
    return out


def _component_for(export: Export, components: dict[str, str], client: str) -> str:
    platform = export.format.platform
    candidates = [cid for cid, p in components.items() if p == platform]
    if len(candidates) == 1:
        return candidates[0]
    listed = ", ".join(f"{cid} ({p or 'no platform'})" for cid, p in components.items())
    if not candidates:
        raise ImportTargetError(
            f"{export.path}: a {export.format.name} file, but no component of client '{client}' "
            f"has platform '{platform}' in the ecosystem table (components: {listed or 'none'}). "
            f"Fix: pass --component ID, or set the platform column of its component to "
            f"'{platform}'"
        )
    raise ImportTargetError(
        f"{export.path}: a {export.format.name} file, and client '{client}' has "
        f"{len(candidates)} components on platform '{platform}': {', '.join(candidates)}. "
        "Fix: name the one these posts belong to with --component ID"
    )


def _newest_first(items: list[tuple[Export, str]]) -> list[tuple[Export, str]]:
    """Exports from newest to oldest: by the range end in the file name, else later given."""
    order = list(enumerate(items))

    def newer(a, b) -> bool:  # is a newer than b?
        (ia, (ea, _)), (ib, (eb, _)) = a, b
        if ea.range is not None and eb.range is not None and ea.range[1] != eb.range[1]:
            return ea.range[1] > eb.range[1]
        return ia > ib

    result: list = []
    for item in order:  # insertion sort: a handful of files
        at = next((k for k, other in enumerate(result) if newer(item, other)), len(result))
        result.insert(at, item)
    return [pair for _, pair in result]


# --- posts -----------------------------------------------------------------------------------


def _merge_posts(folder, client, exports, report) -> None:
    edit = _load(folder, client, "posts")
    table = edit.frame.reset_index(drop=True)
    for column in [c.name for c in vocab.TABLES["posts"].columns] + [_MESSAGE, *EXPORT_COLUMNS]:
        if column not in table:
            table[column] = ""
    position = {pid: i for i, pid in enumerate(table["post_id"])}
    seen: dict[str, Path] = {}
    new_rows = []
    days: list[str] = []
    for export, component in exports:  # newest first: the first figures of a post win
        stamp = export.export_date.isoformat()
        dated = export.range is not None
        for record in export.rows.to_dict("records"):
            pid = record["post_id"]
            if pid in seen:
                key = "repeated" if seen[pid] == export.path else "superseded"
                getattr(report, key)["posts"] += 1
                continue
            seen[pid] = export.path
            days.append(record["published_at"][:10])
            values = {
                "component_id": component,
                "published_at": record["published_at"],
                "export_date": stamp,
                "export_file": export.path.name,
            }
            for column in ("post_type", "paid", _MESSAGE, *export.measured):
                if column in record:
                    values[column] = _text(record[column])
            if pid in position:
                row = position[pid]
                kept = str(table.at[row, "export_date"])
                if dated and kept and kept > stamp:
                    report.kept_newer["posts"] += 1
                    continue
                if all(
                    str(table.at[row, k]) == v for k, v in values.items() if k not in EXPORT_COLUMNS
                ):
                    report.unchanged["posts"] += 1
                    continue
                for key, value in values.items():
                    table.at[row, key] = value
                report.updated["posts"] += 1
            else:
                new_rows.append({"post_id": pid, **values})
                report.added["posts"] += 1
    if new_rows:
        table = pd.concat([table, pd.DataFrame(new_rows)], ignore_index=True)
    table = table.fillna("")
    _save(folder, client, edit, table, report, "posts")
    if days:
        report.days["posts"] = (min(days), max(days))


def _text(value) -> str:
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


# --- metrics ---------------------------------------------------------------------------------


def _merge_metrics(folder, client, exports, report) -> None:
    edit = _load(folder, client, "metrics")
    table = edit.frame.reset_index(drop=True)
    for column in ("date", "metric", "value", "component_id"):
        if column not in table:
            table[column] = ""
    key = list(zip(table["date"].str[:10], table["metric"], table["component_id"], strict=True))
    position = {k: i for i, k in enumerate(key)}
    seen: dict[tuple, Path] = {}
    new_rows, days = [], []
    for export, component in exports:
        for record in export.rows.to_dict("records"):
            k = (record["date"], record["metric"], component)
            if k in seen:
                key = "repeated" if seen[k] == export.path else "superseded"
                getattr(report, key)["metrics"] += 1
                continue
            seen[k] = export.path
            days.append(record["date"])
            value = _text(record["value"])
            if k in position:
                row = position[k]
                if str(table.at[row, "value"]) == value:
                    report.unchanged["metrics"] += 1
                else:
                    table.at[row, "value"] = value
                    report.updated["metrics"] += 1
            else:
                new_rows.append(
                    {"date": k[0], "metric": k[1], "value": value, "component_id": component}
                )
                report.added["metrics"] += 1
    if new_rows:
        table = pd.concat([table, pd.DataFrame(new_rows)], ignore_index=True)
    _save(folder, client, edit, table.fillna(""), report, "metrics")
    if days:
        report.days["metrics"] = (min(days), max(days))


# --- mentions --------------------------------------------------------------------------------


def _mentions_file(path: Path, columns, component, report) -> pd.DataFrame:
    frame, read = read_columns(path, columns)
    span = None
    rows, dropped = [], []
    for line, record in zip(frame.index, frame.to_dict("records"), strict=True):
        text = fold_text(record.get("text"))
        if not text:
            dropped.append((line, "no text"))
            continue
        try:
            when = parse_when(record.get("published_at"), span)
        except ValueError as exc:
            dropped.append((line, f"{columns['published_at']} {exc}"))
            continue
        row = {c: _text(record.get(c, "")).strip() for c in columns}
        row["text"], row["published_at"] = text, when
        if component and not row.get("component_id"):
            row["component_id"] = component
        if not row.get("mention_id"):
            digest = hashlib.sha256(f"{when}\n{row.get('author', '')}\n{text}".encode())
            row["mention_id"] = f"m-{digest.hexdigest()[:16]}"
        rows.append(row)
    report.files.append(
        FileReport(path, "mentions by --columns", "mentions", component, read, dropped)
    )
    return pd.DataFrame(rows)


def _merge_mentions(folder, client, frames, report) -> None:
    edit = _load(folder, client, "mentions")
    table = edit.frame.reset_index(drop=True)
    position = {mid: i for i, mid in enumerate(table.get("mention_id", pd.Series([], dtype=str)))}
    new_rows, days, seen = [], [], set()
    for frame in reversed(frames):  # the later file given wins
        for record in frame.to_dict("records"):
            mid = record["mention_id"]
            if mid in seen:
                continue
            seen.add(mid)
            days.append(record["published_at"][:10])
            for column in record:
                if column not in table:
                    table[column] = ""
            if mid in position:
                row = position[mid]
                if all(str(table.at[row, k]) == str(v) for k, v in record.items()):
                    report.unchanged["mentions"] += 1
                    continue
                for k, v in record.items():
                    table.at[row, k] = v
                report.updated["mentions"] += 1
            else:
                new_rows.append(record)
                report.added["mentions"] += 1
    if new_rows:
        table = pd.concat([table, pd.DataFrame(new_rows)], ignore_index=True)
    _save(folder, client, edit, table.fillna(""), report, "mentions")
    if days:
        report.days["mentions"] = (min(days), max(days))


# --- writing ---------------------------------------------------------------------------------


def _load(folder: Path, client: str, table: str) -> editing.TableEdit:
    return editing.load_table(folder, table, slug=client)


def _save(folder, client, edit, table, report, name) -> None:
    """Save through the editors' save; a workbook client gets a new sheet, not a CSV."""
    workbook = folder / vocab.WORKBOOK_FILE
    if intake.table_source(folder, name) is None and workbook.exists():
        old = workbook.read_bytes()
        history = folder / editing.HISTORY_DIR
        history.mkdir(exist_ok=True)
        stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%S.%fZ")
        atomic_write_bytes(history / f"{stamp}-{vocab.WORKBOOK_FILE}", old)
        atomic_write_bytes(workbook, _with_sheet(old, name, list(table.columns)))
        edit = _load(folder, client, name)
        try:
            edit.save(table)
        except (ValidationError, OSError):
            atomic_write_bytes(workbook, old)
            raise
        report.written[name] = f"{vocab.WORKBOOK_FILE}, sheet '{name}'"
        return
    edit.save(table)
    report.written[name] = edit.file


def _with_sheet(data: bytes, name: str, header: list[str]) -> bytes:
    """Workbook `data` with a new sheet `name` holding only `header`."""
    book = load_workbook(io.BytesIO(data))
    sheet = book.create_sheet(name)
    sheet.append(header)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
