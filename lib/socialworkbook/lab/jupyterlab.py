"""`socialworkbook lab [CLIENT]`: JupyterLab on a client's latest notebooks, ready to open."""

from __future__ import annotations

import os
import sys
from pathlib import Path

from ..paths import (
    WORKSPACE_ENV,
    check_slug,
    client_folder,
    default_out_root,
    templates_dir,
    workspace_root,
)
from ..results import PUBLISH_ENV
from ..run.templates import load_templates
from ..runfolder import WORKBENCH, latest_run

__all__ = ["lab_folder", "lab_command"]


def lab_folder(client: str | None, *, data_root=None, out=None) -> Path:
    """The folder JupyterLab opens: the client's latest run, else templates set to the client."""
    if client is None:
        return templates_dir()
    check_slug(client)
    folder = client_folder(client, data_root)  # refuses a missing client before anything is made
    out_root = Path(out) if out else default_out_root()
    latest = latest_run(out_root, client)
    if latest is not None:
        return latest.folder
    from papermill import execute_notebook

    workbench = out_root / client / WORKBENCH
    workbench.mkdir(parents=True, exist_ok=True)
    for template in load_templates():
        target = workbench / template.path.name
        if target.exists():
            continue  # an analyst's notebook is never overwritten
        execute_notebook(
            str(template.path),
            str(target),
            parameters={"client": client, "data_root": str(folder.parent)},
            prepare_only=True,
            progress_bar=False,
        )
    return workbench


def lab_command(client: str | None, *, data_root=None, out=None) -> tuple[list[str], dict]:
    """The JupyterLab command line and environment for `lab_folder`.

    JupyterLab serves the workspace, or only the folder itself when it lies outside (`--out DIR`).
    """
    folder = lab_folder(client, data_root=data_root, out=out).resolve()
    workspace = workspace_root()
    root = workspace if folder.is_relative_to(workspace) else folder
    tree = "" if folder == root else folder.relative_to(root).as_posix()
    command = [
        str(Path(sys.executable).parent / "jupyter"),
        "lab",
        f"--ServerApp.root_dir={root}",
        f"--LabApp.default_url=/lab/tree/{tree}",
    ]
    env = dict(os.environ) | {WORKSPACE_ENV: str(workspace)}
    env.pop(PUBLISH_ENV, None)  # JupyterLab's kernels never write a published run folder
    if data_root:
        env["SOCIALWORKBOOK_DATA_ROOT"] = str(Path(data_root).resolve())
    return command, env
