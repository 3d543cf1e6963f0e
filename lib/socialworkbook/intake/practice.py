"""The practice's own files: `practice.yaml` at the data root (the consultancy's name, logo,
contact and colour, on every pack) and the analyst's commentary of a client and period
(`<client>/commentary/<period-slug>.md`, the board paper's "Our view")."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from ..errors import WorkspaceError
from .config import load_yaml

__all__ = ["PRACTICE_FILE", "COMMENTARY_DIR", "Practice", "read_practice", "read_commentary"]

PRACTICE_FILE = "practice.yaml"
COMMENTARY_DIR = "commentary"

_KEYS = {
    "name": "the practice's name as packs show it, e.g. name: Harbour & Pine Consulting",
    "logo": "a PNG, JPEG or SVG file beside practice.yaml, e.g. logo: practice-logo.svg",
    "contact": "one line of contact, e.g. contact: hello@harbourpine.example · +44 20 7946 0000",
    "color": "the practice's colour as #rrggbb, e.g. color: '#2f5d50'",
}
_LOGOS = (".png", ".jpg", ".jpeg", ".svg")
_COLOR = re.compile(r"^#[0-9a-fA-F]{6}$")
_MAX_BYTES = 1 << 20


@dataclass(frozen=True)
class Practice:
    """The consultancy that prepares the packs: name, logo file (None without), contact, colour."""

    name: str
    logo: Path | None = None
    contact: str = ""
    color: str = ""


def _text(path: Path, raw: bytes) -> str:
    """UTF-8 text (BOM removed), or an error naming the file and the fix."""
    try:
        return raw.decode("utf-8").removeprefix("\ufeff")
    except UnicodeDecodeError as exc:
        raise WorkspaceError(
            f"{path}: byte {exc.start} is not UTF-8: save the file with UTF-8 encoding"
        ) from None


def _fail(path: Path, key: str, value: object, fix: str) -> WorkspaceError:
    return WorkspaceError(f"{path}: {key} is {value!r}: {fix}")


def read_practice(data_root: Path | str) -> Practice | None:
    """The data root's `practice.yaml`, checked; None when there is none.

    Raises
    ------
    errors.WorkspaceError
        Naming the file, the key, the value and the fix: unreadable YAML, not a mapping, an
        unknown key, a missing or empty name, a logo that is not a PNG, JPEG or SVG file beside
        the practice file, a colour that is not #rrggbb.
    """
    path = Path(data_root) / PRACTICE_FILE
    if not path.is_file():
        return None
    raw = path.read_bytes()
    if len(raw) > _MAX_BYTES:
        raise _fail(path, "the file", f"{len(raw)} bytes", "keep it under 1 MB")
    data, problems = load_yaml(_text(path, raw))
    if problems:
        raise WorkspaceError(
            f"{path}: not readable as YAML ({problems[0].message}): write one 'key: value' per "
            f"line ({', '.join(_KEYS)})"
        )
    data = data or {}
    if not isinstance(data, dict):
        raise _fail(path, "the file", data, f"write one 'key: value' per line ({', '.join(_KEYS)})")
    for key in data:
        if key not in _KEYS:
            raise _fail(path, f"key {key!s}", data[key], f"the keys are {', '.join(_KEYS)}")
    name = str(data.get("name") or "").strip()
    if not name:
        raise _fail(path, "name", data.get("name"), _KEYS["name"])
    color = str(data.get("color") or "").strip()
    if color and not _COLOR.match(color):
        raise _fail(path, "color", data["color"], _KEYS["color"])
    logo = None
    if data.get("logo"):
        given = str(data["logo"]).strip()
        logo = (path.parent / given).resolve()
        inside = logo.parent == path.parent.resolve()
        if not inside or logo.suffix.lower() not in _LOGOS or not logo.is_file():
            raise _fail(path, "logo", given, _KEYS["logo"])
    return Practice(name, logo, str(data.get("contact") or "").strip(), color)


def read_commentary(folder: Path | str, period_slug: str) -> str:
    """The analyst's commentary of a client (`folder`) for a period (`commentary/<slug>.md`),
    as written (a leading `# heading` line dropped); "" when there is none."""
    path = Path(folder) / COMMENTARY_DIR / f"{period_slug}.md"
    if not path.is_file():
        return ""
    text = _text(path, path.read_bytes()).strip()
    return re.sub(r"\A#[^\n]*\n+", "", text).strip()
