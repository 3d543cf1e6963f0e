"""The commands that only look (`--help`, `list`) start without the heavy libraries: no pandas,
no papermill, no nbformat, no nbconvert imported; a `run` with nothing to do imports nothing of
Jupyter (checked in a fresh interpreter's sys.modules, not timed; the times are
bench/bench_incremental.py's)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from runs import TEMPLATES, run_test_batch, scaffolded_clients

ROOT = Path(__file__).resolve().parents[2]
HEAVY = ("pandas", "papermill", "nbformat", "nbconvert", "nbclient", "matplotlib")
JUPYTER = ("papermill", "nbformat", "nbconvert", "nbclient", "jupyter_client", "ipykernel")

_PROBE = f"""
import contextlib, io, json, sys
from socialworkbook import cli
with contextlib.redirect_stdout(io.StringIO()) as printed:
    try:
        status = cli.main(sys.argv[1:])
    except SystemExit as exc:  # --help
        status = exc.code
print(json.dumps({{"status": status, "printed": printed.getvalue(),
                  "heavy": sorted(m for m in {HEAVY!r} if m in sys.modules),
                  "jupyter": sorted(m for m in {JUPYTER!r} if m in sys.modules)}}))
"""


def _command(*args: str, env: dict | None = None) -> dict:
    done = subprocess.run(
        [sys.executable, "-c", _PROBE, *args],
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
        cwd=ROOT,
        env=env,
    )
    return json.loads(done.stdout.splitlines()[-1])


@pytest.mark.parametrize("args", [["--help"], ["list"]], ids=["help", "list"])
def test_looking_imports_no_heavy_library(args, tmp_path):
    if args == ["list"]:
        args = ["list", "--data-root", str(ROOT / "client_data"), "--out", str(tmp_path)]
    found = _command(*args)
    assert found["status"] == 0
    assert found["heavy"] == []
    if args[0] == "list":  # it did list: each example client with client.yaml's period
        assert "northwind-outdoor        2026-Q3      never run" in found["printed"]


@pytest.mark.xdist_group("runner_cold_start")  # a batch: one group per runner module
def test_a_run_with_nothing_to_do_imports_nothing_of_jupyter(tmp_path):
    data_root = scaffolded_clients(tmp_path / "client_data", "alpha")
    out = tmp_path / "out"
    assert run_test_batch(data_root, out, clients=("alpha",)).exit_code == 0
    env = os.environ | {"SOCIALWORKBOOK_TEMPLATES": str(TEMPLATES)}
    found = _command("run", "--all", "--data-root", str(data_root), "--out", str(out), env=env)
    assert found["status"] == 0
    assert found["jupyter"] == []  # nor a fork server, whose module imports jupyter_client
