"""`socialworkbook lab`: the folder it opens and the command it starts."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import nbformat
import pytest

from socialworkbook.errors import BadSlugError, ClientNotFoundError
from socialworkbook.lab import jupyterlab as lab

ROOT = Path(__file__).resolve().parents[2]


def test_without_runs_the_templates_are_prepared_for_the_client(tmp_path):
    out = tmp_path / "out"
    folder = lab.lab_folder("northwind-outdoor", out=out)
    assert folder == out / "northwind-outdoor" / "workbench"
    prepared = sorted(p.name for p in folder.glob("*.ipynb"))
    assert prepared == sorted(p.name for p in (ROOT / "templates").glob("[0-9][0-9]_*.ipynb"))
    nb = nbformat.read(folder / prepared[0], as_version=4)
    injected = [c for c in nb.cells if "injected-parameters" in c.metadata.get("tags", [])]
    assert injected and 'client = "northwind-outdoor"' in injected[0].source
    assert all(not c.get("outputs") for c in nb.cells if c.cell_type == "code")  # prepared, not run


def test_an_analysts_workbench_notebook_is_never_overwritten(tmp_path):
    out = tmp_path / "out"
    folder = lab.lab_folder("northwind-outdoor", out=out)
    first = sorted(folder.glob("*.ipynb"))[0]
    first.write_text(first.read_text().replace("northwind-outdoor", "northwind-outdoor", 1) + " ")
    edited = first.read_bytes()
    lab.lab_folder("northwind-outdoor", out=out)
    assert first.read_bytes() == edited


def test_the_latest_run_folder_is_opened_when_there_is_one(tmp_path):
    out = tmp_path / "out"
    run_dir = out / "northwind-outdoor" / "2026-Q3"
    run_dir.mkdir(parents=True)
    (run_dir / "run.json").write_text(json.dumps({"status": "succeeded"}))
    assert lab.lab_folder("northwind-outdoor", out=out) == run_dir


def test_the_command_starts_jupyterlab_on_that_folder(tmp_path, monkeypatch):
    out = ROOT / "notebooks" / "_lab_test_tmp"
    try:
        command, env = lab.lab_command("northwind-outdoor", out=out, data_root=ROOT / "client_data")
    finally:
        shutil.rmtree(out, ignore_errors=True)
    assert command[1] == "lab" and command[0].endswith("jupyter")
    assert any(
        a.startswith("--LabApp.default_url=/lab/tree/notebooks/_lab_test_tmp/northwind-outdoor")
        for a in command
    )
    assert env["SOCIALWORKBOOK_DATA_ROOT"] == str((ROOT / "client_data").resolve())


@pytest.mark.parametrize("bad", ["../etc", "Acme", "a b"])
def test_bad_slugs_are_refused(bad, tmp_path):
    with pytest.raises(BadSlugError):
        lab.lab_folder(bad, out=tmp_path)
    assert not list(tmp_path.iterdir())


def test_a_missing_client_is_refused(tmp_path):
    with pytest.raises(ClientNotFoundError):
        lab.lab_folder("nobody-here", out=tmp_path)
