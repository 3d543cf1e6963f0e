"""`socialworkbook init DIR`: a new workspace for a practice, filled from the installed kit."""

from __future__ import annotations

import os
import shutil
import tempfile
from importlib import resources
from pathlib import Path

from ..errors import WorkspaceError
from ..paths import kit_examples_dir, kit_templates_dir
from ..storage import storage_error

__all__ = ["EXAMPLE_CLIENTS", "init_workspace"]

# The fictional example clients the kit ships (pyproject.toml's package data lists the same).
EXAMPLE_CLIENTS = ("northwind-outdoor", "ledgerline")


def init_workspace(folder: Path | str) -> Path:
    """Create the workspace `folder` (client_data/, templates/, notebooks/, README.md).

    client_data/ gets the example clients, templates/ a copy of the kit's templates for the practice
    to adapt. The workspace appears whole or not at all: it is built beside `folder` and renamed.

    Raises
    ------
    errors.WorkspaceError
        When `folder` exists and is not an empty folder (nothing is changed).
    """
    target = Path(folder).resolve()
    if target.exists() and (not target.is_dir() or any(target.iterdir())):
        raise WorkspaceError(
            f"'{target}' already exists and is not an empty folder: `socialworkbook init` only "
            "creates a new workspace; name a new folder (nothing was changed)"
        )
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=f".{target.name}.", dir=target.parent))
    except OSError as exc:
        raise storage_error(exc, target) from exc
    try:
        hidden = shutil.ignore_patterns(".*")  # salts, edit history and caches stay behind
        for client in EXAMPLE_CLIENTS:
            shutil.copytree(
                kit_examples_dir() / client, staging / "client_data" / client, ignore=hidden
            )
        for name in ("practice.yaml", "practice-logo.svg"):  # the example practice
            if (kit_examples_dir() / name).is_file():
                shutil.copy2(kit_examples_dir() / name, staging / "client_data" / name)
        (staging / "templates").mkdir()
        for template in sorted(kit_templates_dir().glob("[0-9][0-9]_*.ipynb")):
            shutil.copy2(template, staging / "templates" / template.name)
        (staging / "notebooks").mkdir()
        readme = resources.files("socialworkbook") / "starter" / "workspace_README.md"
        (staging / "README.md").write_text(readme.read_text(encoding="utf-8"), encoding="utf-8")
        umask = os.umask(0)
        os.umask(umask)
        staging.chmod(0o777 & ~umask)  # mkdtemp made it private to the user
        os.replace(staging, target)  # replaces an empty folder; nothing else gets here
    except BaseException as exc:
        shutil.rmtree(staging, ignore_errors=True)
        if isinstance(exc, OSError):
            raise storage_error(exc, target) from exc
        raise
    return target
