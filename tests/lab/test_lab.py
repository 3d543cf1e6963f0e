"""`socialworkbook lab`: the folder it opens and the command it starts."""

from __future__ import annotations

import asyncio
import json
import os
import shutil
from pathlib import Path

import nbformat
import pytest

from socialworkbook.cli import main
from socialworkbook.errors import BadSlugError, ClientNotFoundError, ParameterError
from socialworkbook.lab import jupyterlab as lab

ROOT = Path(__file__).resolve().parents[2]


def test_without_a_run_the_templates_are_prepared_in_the_periods_workbench(tmp_path):
    out = tmp_path / "out"
    bench = lab.lab_folder("northwind-outdoor", out=out)
    assert bench.folder == out / "northwind-outdoor" / "workbench" / "2026-Q3"  # client.yaml's
    prepared = sorted(p.name for p in bench.folder.glob("*.ipynb"))
    assert prepared == sorted(p.name for p in (ROOT / "templates").glob("[0-9][0-9]_*.ipynb"))
    assert bench.first == prepared[0] and bench.copied_from is None
    nb = nbformat.read(bench.folder / prepared[0], as_version=4)
    injected = [c for c in nb.cells if "injected-parameters" in c.metadata.get("tags", [])]
    assert injected and 'client = "northwind-outdoor"' in injected[0].source
    assert 'period = "2026-Q3"' in injected[0].source  # the workbench is of one period
    assert all(not c.get("outputs") for c in nb.cells if c.cell_type == "code")  # prepared, not run


def test_an_analysts_workbench_notebook_is_never_overwritten(tmp_path):
    out = tmp_path / "out"
    folder = lab.lab_folder("northwind-outdoor", out=out).folder
    first = sorted(folder.glob("*.ipynb"))[0]
    first.write_text(first.read_text() + " ")
    edited = first.read_bytes()
    again = lab.lab_folder("northwind-outdoor", out=out)
    assert first.read_bytes() == edited and first.name in again.kept


def _published(out: Path, period: str, finished: str) -> Path:
    """A run folder of northwind-outdoor holding one executed notebook."""
    run_dir = out / "northwind-outdoor" / period
    run_dir.mkdir(parents=True)
    (run_dir / "run.json").write_text(json.dumps({"status": "succeeded", "finished_at": finished}))
    (run_dir / "04_action_plan.ipynb").write_text(f'{{"executed": "{period}"}}')
    return run_dir


def test_the_configured_periods_run_is_copied_to_its_workbench_never_opened(tmp_path):
    out = tmp_path / "out"
    run_dir = _published(out, "2026-Q3", "2026-10-02T09:00:00+00:00")
    _published(out, "2026-Q4", "2027-01-02T09:00:00+00:00")  # newer, not client.yaml's period
    before = {p: p.read_bytes() for p in run_dir.rglob("*")}
    bench = lab.lab_folder("northwind-outdoor", out=out)
    assert bench.folder == out / "northwind-outdoor" / "workbench" / "2026-Q3"
    assert bench.copied_from == run_dir
    copied = bench.folder / "04_action_plan.ipynb"
    assert copied.read_text() == '{"executed": "2026-Q3"}'  # the executed notebook, outputs kept
    assert (bench.folder / "01_ecosystem_map.ipynb").is_file()  # the others prepared
    assert {p: p.read_bytes() for p in run_dir.rglob("*")} == before
    assert lab.lab_folder("northwind-outdoor", out=out, period="2026-Q4").folder.name == "2026-Q4"


def test_an_unreadable_period_is_refused_clearly(tmp_path):
    with pytest.raises(ParameterError, match="--period .*2026-Q5.* Fix"):
        lab.lab_folder("northwind-outdoor", out=tmp_path, period="2026-Q5")


def test_the_command_opens_the_first_notebook_guarded_with_jupyterlabs_own_options_last(tmp_path):
    out = ROOT / "notebooks" / "_lab_test_tmp"
    try:
        command, env = lab.lab_command(
            "northwind-outdoor",
            out=out,
            data_root=ROOT / "client_data",
            extra=["--allow-root", "--port=8899"],
        )
    finally:
        shutil.rmtree(out, ignore_errors=True)
    assert command[1] == "lab" and command[0].endswith("jupyter")
    opened = "notebooks/_lab_test_tmp/northwind-outdoor/workbench/2026-Q3/00_summary.ipynb"
    assert f"--LabApp.default_url=/lab/tree/{opened}" in command
    assert "--ServerApp.contents_manager_class=socialworkbook.lab.guard.RunFolderGuard" in command
    assert command[-2:] == ["--allow-root", "--port=8899"]
    assert env["SOCIALWORKBOOK_DATA_ROOT"] == str((ROOT / "client_data").resolve())


def test_lab_on_the_command_line_passes_unknown_options_to_jupyterlab(tmp_path, monkeypatch):
    started = []
    monkeypatch.setattr(os, "execvpe", lambda file, args, env: started.append(args))
    out = str(tmp_path / "out")
    assert main(["lab", "northwind-outdoor", "--out", out, "--allow-root", "--port=8899"]) == 0
    assert started[0][-2:] == ["--allow-root", "--port=8899"]
    with pytest.raises(SystemExit) as refused:  # other commands still refuse unknown options
        main(["list", "--allow-root"])
    assert refused.value.code == 2


def test_the_guard_refuses_every_write_into_a_run_folder(tmp_path):
    from tornado import web

    from socialworkbook.lab.guard import RunFolderGuard

    run_dir = _published(tmp_path, "2026-Q3", "2026-10-02T09:00:00+00:00")
    bench = tmp_path / "northwind-outdoor" / "workbench" / "2026-Q3"
    bench.mkdir(parents=True)
    before = {p: p.read_bytes() for p in run_dir.rglob("*")}
    guard = RunFolderGuard(root_dir=str(tmp_path))
    published = "northwind-outdoor/2026-Q3/04_action_plan.ipynb"
    model = {"type": "file", "format": "text", "content": "changed"}
    assert not guard.is_writable(published) and guard.is_writable(str(bench.relative_to(tmp_path)))
    for write in (
        guard.save(model, published),
        guard.save(model, "northwind-outdoor/2026-Q3/new.txt"),
        guard.rename_file(published, "northwind-outdoor/2026-Q3/x.ipynb"),
        guard.delete_file(published),
        guard.create_checkpoint(published),
    ):
        with pytest.raises(web.HTTPError, match="published run") as refused:
            asyncio.run(write)
        assert refused.value.status_code == 403
    assert {p: p.read_bytes() for p in run_dir.rglob("*")} == before
    asyncio.run(guard.save(model, "northwind-outdoor/workbench/2026-Q3/notes.txt"))
    assert (bench / "notes.txt").read_text() == "changed"


@pytest.mark.parametrize("bad", ["../etc", "Acme", "a b"])
def test_bad_slugs_are_refused(bad, tmp_path):
    with pytest.raises(BadSlugError):
        lab.lab_folder(bad, out=tmp_path)
    assert not list(tmp_path.iterdir())


def test_a_missing_client_is_refused(tmp_path):
    with pytest.raises(ClientNotFoundError):
        lab.lab_folder("nobody-here", out=tmp_path)
