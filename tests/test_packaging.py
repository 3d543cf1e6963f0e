"""The project's set-up files agree with each other and keep what they must."""

from __future__ import annotations

import re
import subprocess
import sys
import tomllib
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]

# conda-forge spells a few PyPI names differently
CONDA_NAMES = {"pyyaml": "pyyaml", "vadersentiment": "vadersentiment"}


def _name_and_spec(requirement: str) -> tuple[str, str]:
    match = re.match(r"^([A-Za-z0-9_.\-]+)(\[[^\]]*\])?\s*(.*)$", requirement.strip())
    return match[1].lower().replace("_", "-"), match[3].replace(" ", "")


def test_environment_yml_declares_the_same_runtime_packages_as_pyproject():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    pyproject = dict(_name_and_spec(r) for r in project["dependencies"])
    env = yaml.safe_load((ROOT / "environment.yml").read_text())
    conda = dict(
        _name_and_spec(d)
        for d in env["dependencies"]
        if isinstance(d, str) and _name_and_spec(d)[0] not in ("python", "pip")
    )
    assert "conda-forge" in env["channels"]
    assert {"pip": ["-e ."]} in env["dependencies"]
    assert {CONDA_NAMES.get(k, k): v for k, v in pyproject.items()} == conda


def test_gitignore_keeps_the_library_and_ignores_outputs():
    ignored = subprocess.run(
        ["git", "check-ignore", "-q", "lib/socialworkbook/run.py"], cwd=ROOT
    ).returncode
    assert ignored == 1, ".gitignore must not ignore lib/"
    assert (
        subprocess.run(
            ["git", "check-ignore", "-q", "notebooks/acme/2026-Q3/01_x.html"], cwd=ROOT
        ).returncode
        == 0
    )
    assert (
        subprocess.run(
            ["git", "check-ignore", "-q", "client_data/some-real-client/client.yaml"], cwd=ROOT
        ).returncode
        == 0
    )


def test_no_executed_output_is_tracked():
    tracked = subprocess.run(
        ["git", "ls-files", "notebooks"], cwd=ROOT, capture_output=True, text=True
    ).stdout.split()
    assert [p for p in tracked if p.endswith((".ipynb", ".html", ".json"))] == []


def test_make_help_lists_the_targets():
    out = subprocess.run(["make", "-s", "help"], cwd=ROOT, capture_output=True, text=True).stdout
    for target in ("demo", "test", "bench", "lint", "examples"):
        assert f"make {target}" in out


def test_python_m_entry_point_prints_help():
    out = subprocess.run(
        [sys.executable, "-m", "socialworkbook", "--help"], capture_output=True, text=True
    )
    assert out.returncode == 0
    for command in ("new", "validate", "run", "list", "check", "share", "lab"):
        assert command in out.stdout
