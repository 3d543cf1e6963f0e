"""Shared fixtures: one run of every template for both example clients, reused by end-to-end tests.

Modules using `example_run` mark themselves `pytestmark = pytest.mark.xdist_group("example_run")`
so that, under `pytest -n 2 --dist loadgroup`, the batch runs once on one worker.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ("northwind-outdoor", "ledgerline")


@dataclass(frozen=True)
class ExampleRun:
    """Where the example run wrote, and what it reported."""

    data_root: Path
    out: Path
    report: object

    def run_dir(self, client: str, period: str = "2026-Q3") -> Path:
        return self.out / client / period


@pytest.fixture(scope="session")
def example_run(tmp_path_factory) -> ExampleRun:
    """Run every template for copies of both example clients, once per test session."""
    from socialworkbook.run.runner import run_batch

    base = tmp_path_factory.mktemp("example_run")
    data_root = base / "client_data"
    for slug in EXAMPLES:
        shutil.copytree(
            ROOT / "client_data" / slug, data_root / slug, ignore=shutil.ignore_patterns(".*")
        )
    report = run_batch(EXAMPLES, data_root=data_root, out=base / "notebooks", workers=2, quiet=True)
    return ExampleRun(data_root, base / "notebooks", report)
