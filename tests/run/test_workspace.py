"""Workspaces: `socialworkbook init`, how a command finds its workspace, `--workspace`."""

from __future__ import annotations

import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

from socialworkbook import cli, paths
from socialworkbook.errors import WorkspaceError
from socialworkbook.lab import jupyterlab as lab
from socialworkbook.run import runner as run
from socialworkbook.run.workspace import EXAMPLE_CLIENTS, init_workspace

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def outside(tmp_path, monkeypatch):
    """A current folder outside any workspace, with no workspace set in the environment.

    Each variable is set, then removed, so that monkeypatch restores it even when a command under
    test (`--workspace`) sets it.
    """
    for name in (paths.WORKSPACE_ENV, "SOCIALWORKBOOK_DATA_ROOT", "SOCIALWORKBOOK_TEMPLATES"):
        monkeypatch.setenv(name, "")
        monkeypatch.delenv(name)
    monkeypatch.chdir(tmp_path)
    return tmp_path


def _tracked(folder: str) -> dict[str, bytes]:
    """Every file git tracks under `folder` of the checkout, by path below it."""
    names = subprocess.run(
        ["git", "ls-files", folder], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout.split()
    return {str(Path(n).relative_to(folder)): (ROOT / n).read_bytes() for n in names}


def _files(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


def test_init_copies_the_example_clients_and_templates(outside):
    ws = init_workspace(outside / "practice")
    assert sorted(p.name for p in ws.iterdir()) == [
        "README.md",
        "client_data",
        "notebooks",
        "templates",
    ]
    tracked = _tracked("client_data")
    examples = {k: v for k, v in tracked.items() if "/" in k or k.startswith("practice")}
    assert {k.split("/")[0] for k in examples if "/" in k} == set(EXAMPLE_CLIENTS)
    assert "practice.yaml" in examples  # the example practice comes too (docs/practice.md)
    assert _files(ws / "client_data") == examples  # no salt, cache or edit history
    assert _files(ws / "templates") == _tracked("templates")
    assert not any((ws / "notebooks").iterdir())
    assert "socialworkbook run --all" in (ws / "README.md").read_text(encoding="utf-8")


def test_init_accepts_an_empty_folder_and_refuses_a_used_one(outside):
    (outside / "empty").mkdir()
    assert init_workspace(outside / "empty") == (outside / "empty").resolve()
    (outside / "used").mkdir()
    (outside / "used" / "notes.txt").write_text("mine")
    with pytest.raises(WorkspaceError, match="not an empty folder"):
        init_workspace(outside / "used")
    assert _files(outside / "used") == {"notes.txt": b"mine"}
    assert sorted(p.name for p in outside.iterdir()) == ["empty", "used"]  # no staging left


def test_commands_inside_a_workspace_use_it(outside):
    ws = init_workspace(outside / "ws")
    (ws / "notebooks" / "deep").mkdir()
    for here in (ws, ws / "notebooks" / "deep", ws / "client_data" / "ledgerline"):
        with pytest.MonkeyPatch.context() as patch:
            patch.chdir(here)
            assert paths.workspace_root() == ws
            assert paths.default_data_root() == ws / "client_data"
            assert paths.default_out_root() == ws / "notebooks"
            assert paths.templates_dir() == ws / "templates"
            assert run.list_clients() == sorted(EXAMPLE_CLIENTS)


def test_a_workspace_without_templates_uses_the_kits_own(outside):
    (outside / "client_data").mkdir()
    assert paths.workspace_root() == outside
    assert paths.templates_dir() == paths.kit_templates_dir()
    assert sorted(p.name for p in paths.templates_dir().glob("*.ipynb")) == sorted(
        _tracked("templates")
    )


def test_the_checkout_is_a_workspace(outside):
    assert paths.workspace_root() == ROOT  # no workspace around tmp_path: the kit's checkout
    assert paths.templates_dir() == ROOT / "templates"


def test_no_workspace_is_a_clear_error(outside, monkeypatch):
    monkeypatch.setattr(paths, "_CHECKOUT", outside / "installed")
    with pytest.raises(WorkspaceError, match="socialworkbook init DIR"):
        paths.default_data_root()


def test_the_workspace_option(outside, capsys):
    ws = init_workspace(outside / "ws")
    other = outside / "elsewhere"
    other.mkdir()
    assert cli.main(["list", "--workspace", str(ws)]) == 0
    assert "northwind-outdoor" in capsys.readouterr().out
    assert cli.main(["new", "acme", "--workspace", str(ws)]) == 0
    assert (ws / "client_data" / "acme" / "client.yaml").is_file()
    assert cli.main(["list", "--workspace", str(other)]) == 1
    err = capsys.readouterr().err
    assert f"'{other}' is not a workspace" in err and "socialworkbook init DIR" in err


def test_init_on_the_command_line(outside):
    done = subprocess.run(
        [sys.executable, "-m", "socialworkbook", "init", "ws"],
        cwd=outside,
        capture_output=True,
        text=True,
        env={"PATH": "/usr/bin:/bin", "PYTHONPATH": str(ROOT / "lib")},
    )
    assert done.returncode == 0, done.stderr
    assert f"created the workspace {outside / 'ws'}" in done.stdout
    again = subprocess.run(
        [sys.executable, "-m", "socialworkbook", "init", "ws"],
        cwd=outside,
        capture_output=True,
        text=True,
        env={"PATH": "/usr/bin:/bin", "PYTHONPATH": str(ROOT / "lib")},
    )
    assert again.returncode == 1 and "nothing was changed" in again.stderr


def test_lab_with_an_output_folder_outside_the_workspace(outside):
    ws = init_workspace(outside / "ws")
    elsewhere = outside / "runs"
    with pytest.MonkeyPatch.context() as patch:
        patch.chdir(ws)
        command, env = lab.lab_command("ledgerline", out=elsewhere)
    workbench = (elsewhere / "ledgerline" / "workbench" / "2026-Q3").resolve()
    assert f"--ServerApp.root_dir={workbench}" in command
    assert "--LabApp.default_url=/lab/tree/00_summary.ipynb" in command
    assert env[paths.WORKSPACE_ENV] == str(ws)
    assert sorted(p.name for p in workbench.glob("*.ipynb")) == sorted(_tracked("templates"))


def test_the_packaged_examples_are_the_example_clients():
    data = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]
    packaged = data["package-data"]["socialworkbook.example_clients"]
    assert {p.split("/")[0] for p in packaged if "/" in p} == set(EXAMPLE_CLIENTS)
    assert data["package-dir"]["socialworkbook.notebook_templates"] == "templates"
    assert data["package-dir"]["socialworkbook.example_clients"] == "client_data"
    examples = {k for k in _tracked("client_data") if "/" in k or k.startswith("practice")}
    covered = {k for k in examples if any(Path(k).match(p) for p in packaged)}
    assert covered == examples  # every tracked example file is packaged
