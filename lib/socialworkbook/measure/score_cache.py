"""Sentiment scores kept per client in SQLite, keyed by a client-salted hash of each text.

One table, `scores(key, method, compound)`: `key` is the first 16 bytes of
HMAC-SHA256(client salt, text as given), so the file holds no text, and without the client's salt
(`pseudonym`) nobody can confirm a guessed text by hashing it; `method` names the scoring method
and its version, so a changed method never reads old scores. The database runs in WAL mode, set
once under a file lock (SQLite answers "locked" at once, without waiting, to a connection that
asks for WAL while another converts the file), and adds rows with INSERT OR IGNORE in one
transaction per call: concurrent writers (the workers of a batch) wait for each other and lose
nothing.

The scores of one whole call (one exact list of texts, as every notebook of a run repeats) are
also kept as a `.npy` file named by the salted digest of the list, the `CALLS_KEPT` most recent:
repeating the call then costs one pass over the texts. Each such file is written whole and
renamed into place, so a concurrent writer can only replace it with the same scores.
"""

from __future__ import annotations

import contextlib
import hashlib
import hmac
import io
import os
import pickle
import shutil
import sqlite3
import tempfile
import warnings
from pathlib import Path

import numpy as np
from filelock import FileLock

from ..storage import atomic_write_bytes

__all__ = ["DATABASE", "CALLS_KEPT", "ScoreCache", "salt_of"]

DATABASE = "scores.sqlite"
WAL_LOCK = f"{DATABASE}.lock"
"""The file lock held while a process puts the database in WAL mode."""
CALLS_KEPT = 8
"""Whole-call score files kept per cache folder (the most recently used)."""

_SCHEMA = (
    "CREATE TABLE IF NOT EXISTS scores ("
    "key BLOB NOT NULL, method TEXT NOT NULL, compound REAL NOT NULL, "
    "PRIMARY KEY (key, method)) WITHOUT ROWID"
)
_BUSY_MS = 120_000  # how long a writer waits for another one before giving up on the cache


class ScoreCache:
    """The score cache of one client: `folder` (its own, never shared) and the client's salt.

    Every failure to read or write the cache is a warning, never an error: scores are then
    computed afresh.
    """

    def __init__(self, folder: Path | str, *, salt: str, method: str):
        self.folder = Path(folder)
        self.method = method
        self._salt = bytes.fromhex(salt)
        self._in_wal_mode = False

    def keys(self, texts: list[str]) -> list[bytes]:
        """The 16-byte key of each text: HMAC-SHA256(salt, text as given), first 16 bytes."""
        base = hmac.new(self._salt, digestmod=hashlib.sha256)
        out = []
        for text in texts:
            h = base.copy()
            h.update(text.encode("utf-8", "surrogatepass"))
            out.append(h.digest()[:16])
        return out

    def lookup(self, keys: list[bytes]) -> np.ndarray:
        """The cached score of each key, NaN where there is none (float32)."""
        scores = np.full(len(keys), np.nan, dtype="float32")
        if not keys or not (self.folder / DATABASE).exists():
            return scores
        try:
            with self._transaction(write=False) as db:
                # One scan of this method's rows: faster than a join for any batch of keys.
                cached = dict(
                    db.execute("SELECT key, compound FROM scores WHERE method = ?", (self.method,))
                )
        except (OSError, sqlite3.Error) as exc:  # filelock's Timeout is an OSError
            self._warn("unreadable", exc)
            self._rebuild_if_corrupt(exc)
            return scores
        scores[:] = [cached.get(key, np.nan) for key in keys]
        return scores

    def store(self, keys: list[bytes], scores: np.ndarray) -> None:
        """Add the scores of `keys` (a key already stored keeps its score)."""
        rows = [(k, self.method, float(s)) for k, s in zip(keys, scores, strict=True)]
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            with self._transaction(write=True) as db:
                db.executemany("INSERT OR IGNORE INTO scores VALUES (?, ?, ?)", rows)
            self._remove_unsalted()
        except (OSError, sqlite3.Error) as exc:  # a read-only client folder still gets its scores
            self._warn("could not be written", exc)

    def _remove_unsalted(self) -> None:
        """Delete the cache files of earlier kits (they held unsalted SHA-256 keys of the texts)."""
        for old in self.folder.glob("vader-*.npy"):
            old.unlink(missing_ok=True)
        shutil.rmtree(self.folder / "batches", ignore_errors=True)

    def load_call(self, items: list) -> np.ndarray | None:
        """The scores of exactly these texts in this order, if a call kept them, else None."""
        path = self._call_file(items)
        if path is None:
            return None
        try:
            scores = np.load(path, allow_pickle=False)
        except (OSError, ValueError):
            return None
        if scores.dtype != np.float32 or scores.shape != (len(items),):
            return None
        with contextlib.suppress(OSError):
            os.utime(path)  # most recently used
        return scores

    def save_call(self, items: list, scores: np.ndarray) -> None:
        """Keep the scores of this whole call; prune to the `CALLS_KEPT` most recent."""
        path = self._call_file(items)
        if path is None:
            return
        try:
            buffer = io.BytesIO()
            np.save(buffer, scores.astype("float32"), allow_pickle=False)
            atomic_write_bytes(path, buffer.getvalue())
            kept = sorted(path.parent.glob("*.npy"), key=_mtime, reverse=True)
            for old in kept[CALLS_KEPT:]:
                old.unlink(missing_ok=True)
        except OSError as exc:
            self._warn("could not be written", exc)

    @contextlib.contextmanager
    def _transaction(self, *, write: bool):
        """A connection inside one transaction: committed on success, else rolled back; closed."""
        if not self._in_wal_mode:
            self._set_wal_mode()
        db = self._connect()
        try:
            db.execute(_SCHEMA)
            db.execute("BEGIN IMMEDIATE" if write else "BEGIN")
            try:
                yield db
            except BaseException:
                db.rollback()
                raise
            db.commit()
        finally:
            db.close()

    def _connect(self) -> sqlite3.Connection:
        """A connection that waits up to `_BUSY_MS` for other writers."""
        db = sqlite3.connect(self.folder / DATABASE, timeout=_BUSY_MS / 1000, isolation_level=None)
        db.execute(f"PRAGMA busy_timeout = {_BUSY_MS}")
        return db

    def _set_wal_mode(self) -> None:
        """Put the database in WAL mode (kept in the file), one process at a time."""
        with FileLock(self.folder / WAL_LOCK, timeout=_BUSY_MS / 1000):
            with contextlib.closing(self._connect()) as db:
                if db.execute("PRAGMA journal_mode").fetchone()[0] != "wal":
                    db.execute("PRAGMA journal_mode = WAL")
        self._in_wal_mode = True

    def _call_file(self, items: list) -> Path | None:
        """Where the scores of exactly these texts, in this order, are kept (None: not keyable)."""
        buffer = io.BytesIO()
        pickler = pickle.Pickler(buffer, protocol=5)
        pickler.fast = True  # no memo: equal texts give equal bytes, whatever their identity
        try:
            pickler.dump(items)  # length-prefixed and typed: an unambiguous serialisation
        except (pickle.PicklingError, TypeError, ValueError, AttributeError):
            return None
        digest = hmac.new(self._salt, self.method.encode() + b"\x00whole call\x00", "sha256")
        digest.update(buffer.getbuffer())
        return self.folder / "calls" / f"{digest.hexdigest()[:32]}.npy"

    def _rebuild_if_corrupt(self, exc: Exception) -> None:
        """Replace a file that is not a database by an empty one (renamed into place)."""
        if "not a database" not in str(exc) and "malformed" not in str(exc):
            return
        fd, tmp = tempfile.mkstemp(prefix=".scores.", suffix=".tmp", dir=self.folder)
        os.close(fd)
        try:
            with contextlib.closing(sqlite3.connect(tmp)) as db:
                db.execute("PRAGMA journal_mode = WAL")  # kept in the file: renamed in WAL mode
                db.execute(_SCHEMA)
                db.commit()
            os.replace(tmp, self.folder / DATABASE)
        except (OSError, sqlite3.Error) as error:
            self._warn("could not be rebuilt", error)
        finally:
            Path(tmp).unlink(missing_ok=True)

    def _warn(self, what: str, exc: Exception) -> None:
        warnings.warn(f"sentiment cache {self.folder} {what} ({exc})", stacklevel=4)


def _mtime(path: Path) -> float:
    try:
        return path.stat().st_mtime
    except FileNotFoundError:  # pruned by a concurrent writer meanwhile
        return 0.0


def salt_of(folder, what: str) -> str | None:
    """The salt of a client `folder` for its `what` cache ("sentiment", "language"), or None
    (with a warning) without a folder on disk or where the salt cannot be read or made: the
    figures are then computed afresh."""
    from ..intake.pseudonym import ensure_salt

    if not folder or not Path(folder).is_dir():
        return None
    try:
        return ensure_salt(folder)
    except (OSError, ValueError) as exc:
        warnings.warn(f"no {what} cache for {folder}: {exc}", stacklevel=3)
        return None
