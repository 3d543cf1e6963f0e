"""Stable pseudonyms for personal data: `mentions.author` is replaced when a client is read.

The pseudonym of a value is "p-" + the first 12 hex digits of HMAC-SHA256(salt, value), where the
salt is 32 random bytes kept, hex-encoded, in `<client folder>/.salt`. The same author gets the same
pseudonym on every read of one client, and different pseudonyms in different clients; without the
salt a pseudonym cannot be traced back by hashing candidate names.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import re
import secrets
import tempfile
from pathlib import Path

import pandas as pd

from ..storage import atomic_write_text

__all__ = ["SALT_FILE", "pseudonym", "pseudonymise", "read_salt", "ensure_salt"]

SALT_FILE = ".salt"
_SALT = re.compile(r"^[0-9a-f]{64}$")


def pseudonym(value: str, salt: str) -> str:
    """The pseudonym of `value` under `salt` (hex); "" stays ""."""
    if value == "":
        return ""
    digest = hmac.new(bytes.fromhex(salt), value.encode("utf-8"), hashlib.sha256).hexdigest()
    return "p-" + digest[:12]


def pseudonymise(values: pd.Series, salt: str) -> pd.Series:
    """Replace every value of `values` by its pseudonym (each distinct value is hashed once)."""
    table = {value: pseudonym(value, salt) for value in pd.unique(values)}
    return values.map(table).astype("str")


def read_salt(folder: Path | str) -> str | None:
    """The salt of the client in `folder`, or None when it has none yet.

    Raises
    ------
    ValueError
        When `.salt` exists but does not hold 64 hex digits.
    """
    path = Path(folder) / SALT_FILE
    try:
        text = path.read_text(encoding="ascii", errors="replace").strip()
    except FileNotFoundError:
        return None
    if not _SALT.match(text):
        raise ValueError(f"'{path}' does not hold a salt (64 hex digits)")
    return text


def ensure_salt(folder: Path | str) -> str:
    """The salt of the client in `folder`, created (atomically, never overwritten) if missing."""
    folder = Path(folder)
    existing = read_salt(folder)
    if existing is not None:
        return existing
    _create_once(folder / SALT_FILE, secrets.token_hex(32) + "\n")
    # Whoever created the file first wins: re-read so that concurrent readers agree.
    salt = read_salt(folder)
    assert salt is not None
    return salt


def _create_once(path: Path, text: str) -> None:
    """Create `path` holding `text` unless it exists: a complete file appears, or none."""
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="ascii") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        try:
            # A hard link fails when the target exists, unlike a rename: no salt is ever replaced.
            os.link(tmp, path)
        except FileExistsError:
            pass
        except OSError:  # a file system without hard links
            if not path.exists():
                atomic_write_text(path, text)
    finally:
        Path(tmp).unlink(missing_ok=True)
