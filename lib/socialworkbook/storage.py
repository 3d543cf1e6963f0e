"""Atomic file writes: a reader sees the old file or the new one, never half of either."""

from __future__ import annotations

import contextlib
import errno
import math
import os
import tempfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import orjson

from .errors import StorageError

__all__ = [
    "atomic_write_bytes",
    "atomic_write_text",
    "write_json",
    "write_json_all",
    "json_safe",
    "storage_error",
]

_CAUSES = {
    errno.ENOSPC: (
        "the disk is full (no space left on device)",
        "free space on that disk, or write the outputs elsewhere with --out, then run again",
    ),
    errno.EDQUOT: (
        "the disk quota is used up",
        "free space within your quota, or write the outputs elsewhere with --out, then run again",
    ),
    errno.EROFS: (
        "the file system is read-only",
        "write the outputs to a writable folder with --out, then run again",
    ),
    errno.EACCES: (
        "permission denied",
        "make the folder writable for this user (chmod / chown), or write the outputs elsewhere "
        "with --out, then run again",
    ),
    errno.EPERM: (
        "operation not permitted",
        "make the folder writable for this user (chmod / chown), or write the outputs elsewhere "
        "with --out, then run again",
    ),
}


def storage_error(exc: OSError, path: Path | str) -> StorageError:
    """`exc` raised while writing `path`, as a StorageError naming the path and the fix."""
    if isinstance(exc, StorageError):
        return exc
    err = exc.errno
    if err is None and isinstance(exc, PermissionError):
        err = errno.EACCES
    cause, fix = _CAUSES.get(
        err, (exc.strerror or str(exc) or type(exc).__name__, "check the folder, then run again")
    )
    return StorageError(err, f"could not write {path}: {cause}. Fix: {fix}", path)


def atomic_write_bytes(path: Path | str, data: bytes) -> Path:
    """Write `data` to `path` through a temp file in the same folder, fsync, then rename.

    Raises errors.StorageError (also an OSError) naming `path` when the disk is full, the folder
    is not writable, ...; `path` then keeps its previous content and no temp file is left behind.
    """
    return _replace_all({Path(path): data})[0]


# Creating, fsyncing and renaming files waits on the file system, not the CPU: threads overlap
# those waits (and the file system commits their fsyncs together).
_WRITERS = 8  # 4 to 16 measured alike on this 2-core machine; 1 took half again as long


def _replace_all(contents: dict[Path, bytes]) -> list[Path]:
    """Write every file to a temp file beside it and fsync it, then rename them all into place
    (both in threads where there are several); on a failure before the renames, replace none
    and remove the temp files (StorageError naming the file)."""
    temps: dict[Path, str] = {}
    if not contents:
        return []

    def write(path: Path, data: bytes) -> None:
        try:
            try:
                fd, temps[path] = _temp_beside(path)
            except FileNotFoundError:  # a new folder
                path.parent.mkdir(parents=True, exist_ok=True)
                fd, temps[path] = _temp_beside(path)
            os.fchmod(fd, _mode_for(path))  # mkstemp's 0600 would hide reports from colleagues
            with os.fdopen(fd, "wb") as handle:
                handle.write(data)
                handle.flush()
                os.fsync(handle.fileno())
        except OSError as exc:
            raise storage_error(exc, path) from exc

    def rename(path: Path) -> None:
        try:
            os.replace(temps[path], path)
        except OSError as exc:
            raise storage_error(exc, path) from exc
        del temps[path]

    try:
        if len(contents) == 1:  # one report, one run.json: no thread to start
            write(*next(iter(contents.items())))
            rename(next(iter(temps)))
        else:
            with ThreadPoolExecutor(min(_WRITERS, len(contents))) as pool:  # waits for all
                list(pool.map(write, contents, contents.values()))
                list(pool.map(rename, list(temps)))
    except BaseException:
        for tmp in temps.values():
            with contextlib.suppress(OSError):
                Path(tmp).unlink(missing_ok=True)
        raise
    return list(contents)


def _temp_beside(path: Path) -> tuple[int, str]:
    """A new temp file in `path`'s folder (its descriptor and name)."""
    return tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)


def _mode_for(path: Path) -> int:
    """The existing file's permissions, else what the user's umask gives a new file."""
    try:
        return path.stat().st_mode & 0o777
    except OSError:
        mask = os.umask(0)
        os.umask(mask)
        return 0o666 & ~mask


def atomic_write_text(path: Path | str, text: str) -> Path:
    """Write UTF-8 text atomically."""
    return atomic_write_bytes(path, text.encode("utf-8"))


def json_safe(value: Any) -> Any:
    """Turn numpy / pandas scalars into plain JSON values; NaN and infinities become None."""
    if isinstance(value, dict):
        return {str(k): json_safe(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [json_safe(v) for v in value]
    if hasattr(value, "item") and not isinstance(value, (str, bytes)):
        value = value.item()
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return value


def _json_bytes(data: Any) -> bytes:
    """`data` as pretty JSON (strict: no NaN), UTF-8: what `json.dumps(indent=2)` writes, at a
    tenth of its cost (orjson; a batch writes thousands of results files)."""
    return orjson.dumps(json_safe(data), option=orjson.OPT_INDENT_2) + b"\n"


def write_json(path: Path | str, data: Any) -> Path:
    """Write `data` as pretty JSON atomically (strict: no NaN)."""
    return atomic_write_bytes(path, _json_bytes(data))


def write_json_all(contents: dict[Path, Any]) -> list[Path]:
    """Write many JSON files atomically, all or none.

    Every file goes to a temp file beside it and is made durable (fsync, in threads); only then
    are they renamed into place. A failure before the renames replaces no file and leaves no temp
    file (StorageError naming the file); the renames themselves cannot run out of space.
    """
    encoded = {Path(path): _json_bytes(data) for path, data in contents.items()}
    return _replace_all(encoded)


def signature(st: os.stat_result) -> list[int]:
    """What says a file has not changed since it was recorded: its size, modification and change
    times and inode (a copy, a touch or a replacement each moves one of them)."""
    return [st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino]


def signature_of(path: Path) -> list[int] | None:
    """`signature` of the file at `path`, or None where it cannot be read."""
    try:
        return signature(path.stat())
    except OSError:
        return None
