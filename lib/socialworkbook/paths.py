"""Every path the kit uses, in one module: the workspace and the kit's own files.

A workspace is a folder with `client_data/` (the client folders), `templates/` (the practice's
notebook templates) and `notebooks/` (run outputs); `socialworkbook init DIR` creates one, and a
checkout of the kit's repository is one. The workspace in use is, first found:
`$SOCIALWORKBOOK_HOME` (set by `--workspace DIR`), the current folder or one of its parents, the
checkout the kit is imported from.
"""

from __future__ import annotations

import os
from pathlib import Path

from .errors import BadSlugError, ClientNotFoundError, WorkspaceError
from .vocab import SLUG

__all__ = [
    "WORKSPACE_ENV",
    "is_workspace",
    "workspace_root",
    "templates_dir",
    "kit_templates_dir",
    "kit_examples_dir",
    "kit_docs_dir",
    "default_data_root",
    "default_out_root",
    "check_slug",
    "client_folder",
]

WORKSPACE_ENV = "SOCIALWORKBOOK_HOME"
_PACKAGE = Path(__file__).resolve().parent
# In a checkout, lib/socialworkbook/ sits two folders below the repository root.
_CHECKOUT = _PACKAGE.parents[1]


def is_workspace(folder: Path | str) -> bool:
    """True when `folder` holds a `client_data/` folder."""
    return (Path(folder) / "client_data").is_dir()


def workspace_root() -> Path:
    """The workspace in use (see the module docstring); raises WorkspaceError when there is none."""
    if os.environ.get(WORKSPACE_ENV):
        return Path(os.environ[WORKSPACE_ENV]).resolve()
    here = Path.cwd().resolve()
    for folder in (here, *here.parents):
        if is_workspace(folder):
            return folder
    if is_workspace(_CHECKOUT) and (_CHECKOUT / "lib" / "socialworkbook").is_dir():
        return _CHECKOUT
    raise WorkspaceError(
        f"no workspace in '{here}' or above it: create one with `socialworkbook init DIR`, "
        "then run the command inside DIR or pass --workspace DIR"
    )


def templates_dir() -> Path:
    """`$SOCIALWORKBOOK_TEMPLATES`, else the workspace's `templates/`, else the kit's own."""
    if os.environ.get("SOCIALWORKBOOK_TEMPLATES"):
        return Path(os.environ["SOCIALWORKBOOK_TEMPLATES"])
    own = workspace_root() / "templates"
    return own if own.is_dir() else kit_templates_dir()


def kit_templates_dir() -> Path:
    """The templates shipped with the kit (package data; `templates/` of a checkout)."""
    return _kit_folder("notebook_templates", "templates")


def kit_docs_dir() -> Path:
    """The kit's documentation pages (package data; `docs/` of a checkout)."""
    return _kit_folder("docs", "docs")


def kit_examples_dir() -> Path:
    """The example client folders shipped with the kit (package data; a checkout's client_data/)."""
    return _kit_folder("example_clients", "client_data")


def _kit_folder(packaged: str, in_checkout: str) -> Path:
    """A folder of the installed package, or its source folder when the kit runs from a checkout."""
    folder = _PACKAGE / packaged
    return folder if folder.is_dir() else _CHECKOUT / in_checkout


def default_data_root() -> Path:
    """`client_data/` of the workspace, or `$SOCIALWORKBOOK_DATA_ROOT` when set."""
    if os.environ.get("SOCIALWORKBOOK_DATA_ROOT"):
        return Path(os.environ["SOCIALWORKBOOK_DATA_ROOT"])
    return workspace_root() / "client_data"


def default_out_root() -> Path:
    """`notebooks/` of the workspace."""
    return workspace_root() / "notebooks"


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
