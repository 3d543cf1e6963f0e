"""Every path the kit uses, in one module."""

from __future__ import annotations

import os
from pathlib import Path

from .errors import BadSlugError, ClientNotFoundError
from .vocab import SLUG

__all__ = [
    "PROJECT_ROOT",
    "TEMPLATES_DIR",
    "default_data_root",
    "default_out_root",
    "check_slug",
    "client_folder",
    "run_folder",
]

# lib/socialworkbook/paths.py -> the project root is two folders up from the package.
PROJECT_ROOT = Path(os.environ.get("SOCIALWORKBOOK_HOME", Path(__file__).resolve().parents[2]))
TEMPLATES_DIR = Path(os.environ.get("SOCIALWORKBOOK_TEMPLATES", PROJECT_ROOT / "templates"))


def default_data_root() -> Path:
    """`client_data/` of the project, or `$SOCIALWORKBOOK_DATA_ROOT` when set."""
    return Path(os.environ.get("SOCIALWORKBOOK_DATA_ROOT") or PROJECT_ROOT / "client_data")


def default_out_root() -> Path:
    """`notebooks/` of the project."""
    return PROJECT_ROOT / "notebooks"


def check_slug(client: str) -> str:
    """Return `client` if it is a valid client slug, else raise BadSlugError (touches no file)."""
    if not isinstance(client, str) or not SLUG.match(client):
        raise BadSlugError(
            f"'{client}' is not a client slug: use 1-64 lower-case letters, digits, '-' or '_', "
            "starting with a letter or digit (e.g. 'acme-outdoor')"
        )
    return client


def client_folder(client: str, data_root: Path | str | None = None) -> Path:
    """The folder of `client` under the data root; raises when the slug is bad or it is missing."""
    root = Path(data_root) if data_root else default_data_root()
    folder = root / check_slug(client)
    if not folder.is_dir():
        raise ClientNotFoundError(
            f"no client folder '{folder}': create it with `socialworkbook new {client}` "
            "or pass --data-root"
        )
    return folder


def run_folder(client: str, period_slug: str, out_root: Path | str | None = None) -> Path:
    """`<out>/<client>/<period-slug>/`, where a run writes its outputs."""
    root = Path(out_root) if out_root else default_out_root()
    return root / check_slug(client) / period_slug
