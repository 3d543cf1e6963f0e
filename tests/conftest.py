"""Shared fixtures: every test closes its figures and starts from seeded global random generators;
one run of every template for both example clients is reused by the end-to-end tests.

The tests mirror the library's stages: tests/ holds the shared base's tests (and the
repository-wide checks), tests/intake/, tests/measure/, tests/method/, tests/publish/, tests/run/
and tests/lab/ the stages', tests/end_to_end/ the runs across stages, tests/browser/ the headless
Chromium checks. No folder has an `__init__.py`: pytest puts each test's folder and this one on
`sys.path` (its default `prepend` import mode), so the helpers here (factories, clientfolders, runs,
realdata, labelled_clients, rendered) import by their plain names from every folder, and every
test module's basename must be unique across tests/. The simulations of `make simulate`
(bench/simulate_*.py) are importable too: the tests run small seeded versions of them.

Modules using `example_run` mark themselves `pytestmark = pytest.mark.xdist_group("example_run")`
so that, under `pytest -n 2 --dist loadgroup`, the batch runs once on one worker.
"""

from __future__ import annotations

import random
import shutil
import sys
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pytest

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ("northwind-outdoor", "ledgerline")
SEED = sum(map(ord, "socialworkbook random global"))
sys.path.append(str(ROOT / "bench"))


@pytest.fixture(autouse=True)
def close_figs():
    """Close every matplotlib figure a test left open (matplotlib is not imported for it)."""
    yield
    pyplot = sys.modules.get("matplotlib.pyplot")
    if pyplot is not None:
        pyplot.close("all")


@pytest.fixture(autouse=True)
def random_seed():
    """Seed Python's and numpy's global random generators before each test."""
    random.seed(SEED)
    np.random.seed(SEED)


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
    for name in ("practice.yaml", "practice-logo.svg"):  # the example practice (docs/practice.md)
        shutil.copy(ROOT / "client_data" / name, data_root / name)
    report = run_batch(EXAMPLES, data_root=data_root, out=base / "notebooks", workers=2, quiet=True)
    return ExampleRun(data_root, base / "notebooks", report)
