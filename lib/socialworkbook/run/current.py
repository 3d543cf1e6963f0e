"""Whether a client's run is current, known from what the last full read of its folder recorded.

A batch reads and validates a client folder in full (every table parsed) only when something in
it changed. After a full read, `<out>/<client>/.current.json` (`runfolder.current_record`)
records, per request (`--period`, `--baseline`, the data root, `--allow-empty`): every file of
the client folder with its size, modification time, change time, inode and SHA-256, and what the
read gave the batch (the period's run folder, the notebooks' parameters, the reports' branding,
the warnings intake named, the client's name and terms for the confidentiality check).

The next batch stats the files (`recall`). A file whose stat is as recorded is unchanged, unless
it was modified within `_RACY_NS` of the moment the record was taken (a later write in the same
tick of a coarse clock could keep its size and times: it is hashed, as git does with "racily
clean" files). A file whose stat changed is hashed: the same content (touched, copied, restored)
keeps the run current and its new stat is recorded; other content, a file added or a file
removed reads the folder again. The change time cannot be set back by a program, so a file
rewritten with its old size and modification time put back is still hashed.

Whether each notebook then runs is decided as for a full read, from the recorded parameters and
input hashes (the notebooks' fingerprints, `runner._needs_run`): a changed template, kit or
benchmark still re-runs what it affects.
"""

from __future__ import annotations

import hashlib
import json
import os
import time
from dataclasses import dataclass, field
from pathlib import Path

import orjson

from .. import runfolder
from ..storage import signature, write_json

__all__ = ["Request", "Known", "look", "recall", "remember"]

# A file modified this close to (or after) the moment its stat was recorded is hashed anyway.
_RACY_NS = 2_000_000_000  # 2 s: FAT's clock tick; ext4, APFS and NTFS are far finer
_VERSION = 1  # of the record's layout: another version is no record


@dataclass(frozen=True)
class Request:
    """What a batch asked of a client: the period and baseline overrides, the data root, and
    whether an empty period may run (the key of a recorded read)."""

    period: str | None
    baseline: str | None
    data_root: str
    allow_empty: bool

    @property
    def key(self) -> str:
        return json.dumps([self.period, self.baseline, self.data_root, self.allow_empty])


@dataclass
class Known:
    """What the last full read of a client gave, for a folder found unchanged."""

    run_dir: Path
    label: str
    client_name: str
    parameters: dict
    branding: dict
    inputs_sha256: dict
    warnings: list[str]
    terms: dict
    facts: dict = field(default_factory=dict, repr=False)  # the whole entry, to write back


@dataclass(frozen=True)
class Look:
    """The files of a client folder as stat saw them, and when (before any was read)."""

    folder: Path
    taken_ns: int
    stats: dict[str, list[int]]


def look(folder: Path | str, also: tuple[str, ...] = ()) -> Look:
    """Stat every file at the top of a client folder and the paths `also`. Hidden files are the
    kit's own (`.salt`, written when a run first needs pseudonyms or a cache), not inputs."""
    folder = Path(folder)
    taken = time.time_ns()
    stats: dict[str, list[int]] = {}
    try:
        entries = list(os.scandir(folder))
    except OSError:
        entries = []
    for entry in entries:
        try:
            if entry.is_file() and not entry.name.startswith("."):
                stats[entry.name] = signature(entry.stat())
        except OSError:
            continue
    for name in also:
        if name not in stats:
            try:
                stats[name] = signature((folder / name).stat())
            except OSError:
                continue
    return Look(folder, taken, stats)


def _sha256(path: Path) -> str | None:
    digest = hashlib.sha256()
    try:
        with open(path, "rb") as handle:
            while chunk := handle.read(1 << 20):
                digest.update(chunk)
    except OSError:
        return None
    return digest.hexdigest()


def _read(path: Path) -> dict:
    try:
        with open(path, "rb") as handle:
            data = orjson.loads(handle.read())
    except (OSError, ValueError):
        return {}
    if not isinstance(data, dict) or data.get("version") != _VERSION:
        return {}
    return data


def recall(out: Path, slug: str, folder: Path, request: Request) -> Known | None:
    """What the last full read of `slug` gave for `request`, if its folder is unchanged since.

    None when nothing is recorded, a file was added, removed or changed content, or the run
    folder is gone: the batch then reads the folder in full. A file found unchanged under a new
    stat (touched, copied) has the new stat recorded, so that it is not hashed again.
    """
    path = runfolder.current_record(out, slug)
    record = _read(path)
    entry = (record.get("requests") or {}).get(request.key)
    if not isinstance(entry, dict):
        return None
    files: dict[str, dict] = entry.get("files") or {}
    seen = look(folder, tuple(name for name in files if "/" in name))
    if set(seen.stats) != set(files):
        return None
    touched = False
    for name, now in seen.stats.items():
        before = files[name]
        racy = now[1] >= entry.get("taken_ns", 0) - _RACY_NS
        if now == before["stat"] and not racy:
            continue
        if _sha256(folder / name) != before["sha256"]:
            return None
        before["stat"], touched = now, True
    run_dir = Path(entry["run_dir"])
    if not (run_dir / runfolder.RUN_JSON).is_file():
        return None
    if touched:
        entry["taken_ns"] = seen.taken_ns
        _write(path, record)
    return Known(
        run_dir=run_dir,
        label=entry["label"],
        client_name=entry.get("client_name") or "",
        parameters=entry["parameters"],
        branding=entry["branding"],
        inputs_sha256=entry["inputs_sha256"],
        warnings=list(entry.get("warnings") or []),
        terms=entry.get("terms") or {},
        facts=entry,
    )


def remember(
    out: Path,
    slug: str,
    request: Request,
    seen: Look,
    *,
    run_dir: Path,
    label: str,
    client_name: str,
    parameters: dict,
    branding: dict,
    inputs_sha256: dict,
    warnings: list[str],
    terms: dict,
) -> None:
    """Record what a full read of `slug` gave for `request`, with the files as `seen` (stat
    before the read). A file's SHA-256 is the one the read recorded where it has one (the
    content the run used), else hashed now. A record that cannot be written is no error: the
    next batch reads the folder in full."""
    files = {}
    for name, stat in seen.stats.items():
        sha = inputs_sha256.get(name) or _sha256(seen.folder / name)
        if sha is None:
            return
        files[name] = {"stat": stat, "sha256": sha}
    path = runfolder.current_record(out, slug)
    record = _read(path) or {"version": _VERSION, "requests": {}}
    record["requests"][request.key] = {
        "taken_ns": seen.taken_ns,
        "files": files,
        "run_dir": str(run_dir),
        "label": label,
        "client_name": client_name,
        "parameters": parameters,
        "branding": branding,
        "inputs_sha256": inputs_sha256,
        "warnings": warnings,
        "terms": terms,
    }
    _write(path, record)


def _write(path: Path, record: dict) -> None:
    try:
        write_json(path, record)
    except OSError:
        pass  # only a cache: the next batch reads the folder in full
