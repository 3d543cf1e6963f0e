"""`socialworkbook lab [CLIENT]`: JupyterLab on the workbench of a client's period.

The workbench (`runfolder.workbench`: a folder per client and period beside its runs) holds the
analyst's own copy of the period's notebooks: the published run's executed notebooks when that
period was run (its outputs to start from), else the templates prepared for the client. An
analyst's workbench notebook is never overwritten. JupyterLab opens the first notebook there, and
runs with `guard.RunFolderGuard`, so autosave can never write into a published run folder.
"""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import ParameterError
from ..intake.config import config_values
from ..paths import (
    WORKSPACE_ENV,
    check_slug,
    client_folder,
    default_out_root,
    templates_dir,
    workspace_root,
)
from ..periods import Period, parse_period
from ..results import PUBLISH_ENV
from ..run.templates import load_templates
from ..runfolder import notebook, read_record, run_folder, workbench
from ..storage import atomic_write_bytes

__all__ = ["Workbench", "lab_folder", "lab_command", "lab_session", "guard_class"]


def guard_class() -> str:
    """The dotted name of `guard.RunFolderGuard`, JupyterLab's contents manager under `lab`."""
    from .guard import RunFolderGuard

    return f"{RunFolderGuard.__module__}.{RunFolderGuard.__qualname__}"


@dataclass
class Workbench:
    """The folder JupyterLab opens and what `lab_folder` did to it (for the command's lines)."""

    folder: Path
    first: str = ""  # the notebook opened first ("" when the folder has none)
    copied_from: Path | None = None  # the run folder its notebooks were copied from
    kept: list[str] = field(default_factory=list)  # the analyst's notebooks left as they were


def lab_folder(client: str | None, *, data_root=None, out=None, period=None) -> Workbench:
    """The workbench of `client`'s period (client.yaml's, unless `period`), filled if need be.

    Without a client: the templates folder.
    """
    if client is None:
        return Workbench(templates_dir(), _first(templates_dir()))
    check_slug(client)
    folder = client_folder(client, data_root)  # refuses a missing client before anything is made
    chosen = _period(folder, period)
    out_root = Path(out) if out else default_out_root()
    bench = Workbench(workbench(client, chosen.slug, out_root))
    bench.folder.mkdir(parents=True, exist_ok=True)
    published = run_folder(client, chosen.slug, out_root)
    run = published if read_record(published) is not None else None
    for template in load_templates():
        target = bench.folder / template.path.name
        source = notebook(published, template.name) if run else None
        if target.exists():
            bench.kept.append(target.name)  # an analyst's notebook is never overwritten
        elif source is not None and source.is_file():
            atomic_write_bytes(target, source.read_bytes())
            bench.copied_from = run
        else:
            _prepare(template.path, target, client, folder.parent, chosen.label)
    bench.first = _first(bench.folder)
    return bench


def _period(folder: Path, period: str | None) -> Period:
    """`period` when given, else client.yaml's; a clear error when neither reads as a period."""
    written = period if period else config_values(folder).get("period")
    where = "--period" if period else f"{folder.name}/client.yaml's period"
    try:
        return parse_period(written)
    except ValueError as exc:
        raise ParameterError(
            f"{where} ({written!r}) is not a period: {exc}. Fix: write it as 2026-Q3, 2026-07 or "
            "2026-07-01..2026-09-30 (`socialworkbook validate CLIENT` lists every problem)"
        ) from None


def _prepare(template: Path, target: Path, client: str, data_root: Path, period: str) -> None:
    """The template with the client's parameters (its period pinned), not run."""
    from papermill import execute_notebook

    execute_notebook(
        str(template),
        str(target),
        parameters={"client": client, "data_root": str(data_root), "period": period},
        prepare_only=True,
        progress_bar=False,
    )


def _first(folder: Path) -> str:
    found = sorted(p.name for p in folder.glob("[0-9][0-9]_*.ipynb"))
    return found[0] if found else ""


def lab_command(
    client: str | None, *, data_root=None, out=None, period=None, extra=()
) -> tuple[list[str], dict]:
    """The JupyterLab command line and environment for `lab_folder`'s workbench.

    JupyterLab serves the workspace, or only the workbench itself when it lies outside (`--out
    DIR`), opens the workbench's first notebook and guards every run folder; `extra` (options
    `socialworkbook lab` does not know) is passed on to JupyterLab, last, so that it wins.
    """
    command, env, _ = lab_session(client, data_root=data_root, out=out, period=period, extra=extra)
    return command, env


def lab_session(
    client: str | None, *, data_root=None, out=None, period=None, extra=()
) -> tuple[list[str], dict, Workbench]:
    """`lab_command`'s command line and environment, and the `Workbench` it opens."""
    bench = lab_folder(client, data_root=data_root, out=out, period=period)
    folder = bench.folder.resolve()
    workspace = workspace_root()
    root = workspace if folder.is_relative_to(workspace) else folder
    tree = "" if folder == root else folder.relative_to(root).as_posix()
    opened = "/".join(part for part in (tree, bench.first) if part)
    command = [
        str(Path(sys.executable).parent / "jupyter"),
        "lab",
        f"--ServerApp.root_dir={root}",
        f"--ServerApp.contents_manager_class={guard_class()}",
        f"--LabApp.default_url=/lab/tree/{opened}",
        *extra,
    ]
    env = dict(os.environ) | {WORKSPACE_ENV: str(workspace)}
    env.pop(PUBLISH_ENV, None)  # JupyterLab's kernels never write a published run folder
    if data_root:
        env["SOCIALWORKBOOK_DATA_ROOT"] = str(Path(data_root).resolve())
    return command, env, bench
