"""The commands that only look (`--help`, `list`) start without the heavy libraries: no pandas,
no papermill, no nbformat, no nbconvert imported (checked in a fresh interpreter's sys.modules,
not timed; the times are bench/bench_incremental.py's)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
HEAVY = ("pandas", "papermill", "nbformat", "nbconvert", "nbclient", "matplotlib")

_PROBE = f"""
import contextlib, io, json, sys
from socialworkbook import cli
with contextlib.redirect_stdout(io.StringIO()) as printed:
    try:
        status = cli.main(sys.argv[1:])
    except SystemExit as exc:  # --help
        status = exc.code
print(json.dumps({{"status": status, "printed": printed.getvalue(),
                  "heavy": sorted(m for m in {HEAVY!r} if m in sys.modules)}}))
"""


def _command(*args: str) -> dict:
    done = subprocess.run(
        [sys.executable, "-c", _PROBE, *args],
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
        cwd=ROOT,
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
