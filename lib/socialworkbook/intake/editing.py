"""Save an edited client table to its folder: validated, atomic, with history and conflict check.

An editor loads a table with `load_table` (every cell a string, exactly as in the file) and saves a
changed copy with `TableEdit.save`, which:

1. takes the client folder's edit lock (`.history/.lock`), so that two saves never interleave;
2. raises `errors.SaveConflictError` when the table on disk is no longer the one loaded (another
   notebook, or a person, saved it in between), so that neither edit is lost silently. The check
   compares a SHA-256 of the table's cells: for inputs.xlsx only the edited sheet counts, so two
   editors of different sheets of one workbook do not conflict;
3. validates the whole client folder with the new table in place, with the reader of
   `socialworkbook validate` (`intake.read_client_folder` on a scratch copy under `.history/`), and
   raises `errors.ValidationError`, writing nothing, when the table has a problem or the change
   gives another table one (an ecosystem component removed that an OGST line names). Problems other
   tables had before the save do not stop it: a fix of one table is saved while another still has
   rows to fix (each editor lists its own);
4. keeps the previous file as `.history/<UTC time>-<file>` and writes the new one atomically.

The table is written in the format it came in. A CSV keeps its byte-order mark and line ending. A
sheet of inputs.xlsx is replaced inside the workbook's zip: every other part (other sheets, shared
strings, styles) is copied byte for byte; the edited sheet keeps its look (column widths, frozen
panes, header style) and holds numbers in number columns and text in the others (control characters
that XML cannot hold are dropped). Excel's formula calculation chain, if any, is dropped (Excel
rebuilds it). A table the folder does not have yet is written as `<table>.csv`.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import posixpath
import re
import shutil
import tempfile
import xml.etree.ElementTree as ET
import zipfile
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
from filelock import FileLock

from .. import vocab
from ..errors import Problem, SaveConflictError, ValidationError
from ..storage import atomic_write_bytes
from . import folder as intake
from . import xlsx_writer

__all__ = ["HISTORY_DIR", "TableEdit", "Saved", "load_table"]

HISTORY_DIR = ".history"

_BOM = b"\xef\xbb\xbf"
_NUMERIC_KINDS = ("number", "score", "count")
_PLAIN_NUMBER = re.compile(r"^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$")
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_SHEET_DATA = re.compile(r"<(\w+:|)sheetData\b[^>]*?(?:/>|>.*?</\1sheetData>)", re.S)
_DIMENSION = re.compile(r"<(\w+:|)dimension\b[^>]*/>")
_HEADER_STYLE = re.compile(r'<(?:\w+:|)c\b[^>]*\br="A1"[^>]*?\bs="(\d+)"')
_CALC_CHAIN = re.compile(r"<(?:\w+:|)(?:Relationship|Override)\b[^>]*calcChain[^>]*/>")


@dataclass(frozen=True)
class Saved:
    """What a save wrote: the file, and the previous version kept under `.history/`."""

    file: str
    history: Path | None


@dataclass
class TableEdit:
    """One table of a client folder as loaded for editing.

    `frame` holds the cells as strings, exactly as in the file (index: the spreadsheet row);
    `source` is "csv" or "xlsx"; `fingerprint` identifies the loaded content.
    """

    folder: Path
    slug: str
    name: str
    frame: pd.DataFrame
    source: str
    fingerprint: str

    @property
    def file(self) -> str:
        """The file as problems name it: `value_scores.csv` or `inputs.xlsx[value_scores]`."""
        return f"{vocab.WORKBOOK_FILE}[{self.name}]" if self.source == "xlsx" else self._path.name

    @property
    def _path(self) -> Path:
        name = vocab.WORKBOOK_FILE if self.source == "xlsx" else f"{self.name}.csv"
        return self.folder / name

    def save(self, frame: pd.DataFrame, *, keep: bool = True) -> Saved | None:
        """Validate and write `frame` as the new table; None when it equals the table on disk.

        `keep=False` keeps no copy of the previous file (for a caller that keeps its changes
        otherwise: the labelling widget logs each label and keeps one copy per sitting).

        Raises
        ------
        errors.SaveConflictError
            When the table changed on disk since it was loaded (nothing is written).
        errors.ValidationError
            With every problem of the client folder with `frame` in place (nothing is written).
        """
        frame = _as_text(frame)
        history = self.folder / HISTORY_DIR
        history.mkdir(exist_ok=True)
        with FileLock(history / ".lock"):
            current, source = intake.read_raw_table(self.folder, self.name)
            if _fingerprint(current, source) != self.fingerprint:
                raise SaveConflictError(
                    f"{self.file} of client '{self.slug}' changed on disk after this editor "
                    "loaded it (saved from another notebook or by hand), so nothing was saved. "
                    "Fix: run this cell again to load the current version, then redo your change."
                )
            if _fingerprint(frame, source) == self.fingerprint:
                return None
            path = self._path
            old = path.read_bytes() if path.exists() else None
            mode = path.stat().st_mode & 0o7777 if old is not None else None
            if self.source == "xlsx":
                assert old is not None
                new = _workbook_with_sheet(old, self.name, frame, current)
            else:
                new = _csv_bytes(frame, old)
            _validate(self.folder, self.slug, path.name, new, self.file)
            kept = None
            if old is not None and keep:
                stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%S.%fZ")
                kept = atomic_write_bytes(history / f"{stamp}-{path.name}", old)
            atomic_write_bytes(path, new)
            if mode is not None:
                path.chmod(mode)  # the temp file of an atomic write is private; keep sharing
            self.frame, self.source = intake.read_raw_table(self.folder, self.name)
            self.fingerprint = _fingerprint(self.frame, self.source)
        return Saved(self.file, kept)


def load_table(folder: Path | str, name: str, *, slug: str | None = None) -> TableEdit:
    """Load table `name` of the client folder `folder` for editing (empty when it has none).

    Raises
    ------
    errors.ValidationError
        When the file cannot be read as a table.
    """
    folder = Path(folder)
    frame, source = intake.read_raw_table(folder, name)
    return TableEdit(folder, slug or folder.name, name, frame, source, _fingerprint(frame, source))


def _as_text(frame: pd.DataFrame) -> pd.DataFrame:
    """Every cell as a string ("" for missing), a plain index, string column names."""
    text = frame.fillna("").astype(str).reset_index(drop=True)
    text.columns = [str(c) for c in text.columns]
    return text


def _fingerprint(frame: pd.DataFrame, source: str) -> str:
    content = _as_text(frame).to_csv(index=False, lineterminator="\n")
    return hashlib.sha256(f"{source}\n{content}".encode()).hexdigest()


def _validate(folder: Path, slug: str, file: str, data: bytes, table: str) -> None:
    """Read a scratch copy of `folder` with `file` replaced by `data`, as `validate` would;
    raise with the problems of `table` (as problems name it) and those the change makes, and
    let pass the problems the other tables already had."""
    try:
        _read_changed(folder, slug, file, data)
    except ValidationError as after:
        try:
            intake.read_client_folder(folder, slug)
            before: set[Problem] = set()
        except ValidationError as found:
            before = set(found.problems)
        blocking = [p for p in after.problems if p.file == table or p not in before]
        if blocking:
            raise ValidationError(slug, blocking) from None


def _read_changed(folder: Path, slug: str, file: str, data: bytes) -> None:
    with tempfile.TemporaryDirectory(dir=folder / HISTORY_DIR, prefix=".check-") as scratch:
        copy = Path(scratch) / folder.name
        shutil.copytree(
            folder,
            copy,
            symlinks=True,
            ignore=lambda _, names: [n for n in names if n.startswith(".")],
            copy_function=_link_or_copy,
        )
        # The copy may be a hard link to the real file: replace it, never write through it.
        (copy / file).unlink(missing_ok=True)
        (copy / file).write_bytes(data)
        intake.read_client_folder(copy, slug, salt_folder=folder)


def _link_or_copy(source: str, target: str) -> None:
    """A hard link (instant, no space) where the file system allows it, else a copy."""
    try:
        Path(target).hardlink_to(source)
    except OSError:
        shutil.copy2(source, target)


# --- CSV ---------------------------------------------------------------------------------------


def _csv_bytes(frame: pd.DataFrame, old: bytes | None) -> bytes:
    """The table as CSV, with the byte-order mark and line ending of the file it replaces."""
    newline = "\r\n" if old is not None and b"\r\n" in old[:65536] else "\n"
    data = frame.to_csv(index=False, lineterminator=newline).encode("utf-8")
    return _BOM + data if old is not None and old.startswith(_BOM) else data


# --- inputs.xlsx -------------------------------------------------------------------------------


def _workbook_with_sheet(
    data: bytes, sheet: str, frame: pd.DataFrame, before: pd.DataFrame
) -> bytes:
    """The workbook `data` with the cells of `sheet` replaced by `frame` (`before`: the sheet as
    read, cells as text); other parts unchanged, unedited cells kept (`xlsx_writer`)."""
    buffer = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(data)) as source,
        zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        part = _sheet_part(source, sheet)
        names = source.namelist()
        book = _target(
            source, "_rels/.rels", lambda rel: rel.get("Type", "").endswith("/officeDocument")
        )
        styles = next((n for n in names if posixpath.basename(n).lower() == "styles.xml"), None)
        dates = xlsx_writer.date_styles(source.read(styles) if styles else None)
        epoch_1904 = xlsx_writer.uses_1904(source.read(book))
        chain = [n for n in names if posixpath.basename(n).lower() == "calcchain.xml"]
        for info in source.infolist():
            content = source.read(info)
            if info.filename == part:
                xml = xlsx_writer.sheet_xml(
                    content.decode("utf-8"),
                    sheet,
                    frame,
                    before,
                    dates=dates,
                    epoch_1904=epoch_1904,
                )
                content = xml.encode("utf-8")
            elif info.filename in chain:
                continue
            elif chain and info.filename.endswith((".rels", "[Content_Types].xml")):
                content = _CALC_CHAIN.sub("", content.decode("utf-8")).encode("utf-8")
            target.writestr(info, content)
    return buffer.getvalue()


def _sheet_part(archive: zipfile.ZipFile, sheet: str) -> str:
    """The zip member holding `sheet`: workbook part -> sheet's relationship id -> target."""
    book = _target(
        archive, "_rels/.rels", lambda rel: rel.get("Type", "").endswith("/officeDocument")
    )
    folder, base = posixpath.split(book)
    rid = next(
        _attribute(node, "id")
        for node in ET.fromstring(archive.read(book)).iter()
        if _local(node.tag) == "sheet" and node.get("name") == sheet
    )
    rels = posixpath.join(folder, "_rels", base + ".rels")
    return _target(archive, rels, lambda rel: rel.get("Id") == rid)


def _target(archive: zipfile.ZipFile, rels: str, wanted) -> str:
    """The target (a zip member name) of the first relationship of part `rels` that is `wanted`."""
    found = next(rel.get("Target", "") for rel in ET.fromstring(archive.read(rels)) if wanted(rel))
    if found.startswith("/"):
        return found[1:]
    return posixpath.normpath(posixpath.join(posixpath.dirname(posixpath.dirname(rels)), found))


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _attribute(node: ET.Element, name: str) -> str:
    """An attribute by local name, whatever its namespace (`r:id`)."""
    return next(value for key, value in node.attrib.items() if _local(key) == name)
