"""Batch runs of the small test templates (tests/runner_templates) over scaffolded clients."""

from __future__ import annotations

import contextlib
import datetime as dt
from pathlib import Path

from socialworkbook.intake.scaffold import PLACEHOLDER_ID, new_client
from socialworkbook.run import kernels, runner

TEMPLATES = Path(__file__).parent / "runner_templates"


def scaffolded_clients(root: Path, *slugs: str) -> Path:
    """A data root holding a new client per slug: the starter files, made valid and not empty.

    The starter's example component is renamed (validation refuses it) and one post is dated
    on the first day of the period (`run` refuses a period without data).
    """
    today = dt.date.today()
    first_day = dt.date(today.year, 3 * ((today.month - 1) // 3) + 1, 1)
    for slug in slugs:
        folder = new_client(slug, data_root=root)
        ecosystem = folder / "ecosystem.csv"
        ecosystem.write_text(
            ecosystem.read_text().replace(PLACEHOLDER_ID, "facebook-page"), encoding="utf-8"
        )
        posts = folder / "posts.csv"
        header = posts.read_text()
        row = ["p1", "facebook-page", first_day.isoformat()] + [""] * (header.count(",") - 2)
        posts.write_text(header + ",".join(row) + "\n", encoding="utf-8")
    return root


# What the test templates' kernels need before they start: they import `socialworkbook.results`
# and nothing heavy, and a kernel names matplotlib's inline backend as it starts; first, as in
# the kit's preload, what leaves the debugger out of every kernel (`run.fork_server`).
TEST_PRELOAD = (
    "socialworkbook.run.fork_server",
    "matplotlib",
    "ipykernel.kernelapp",
    "ipykernel.ipkernel",
    "socialworkbook.results",
)


@contextlib.contextmanager
def light_kernels():
    """Fork servers that preload only `TEST_PRELOAD` while the test templates run.

    The kit's preload (`kernels.preload`: pandas, seaborn, the kit's modules, about 7 s of CPU)
    is started by every worker of every batch and is wasted on these templates; the batches'
    workers are forked from the test process, so they see the swap. tests/run/test_kernels.py
    checks the real preload.
    """
    real = kernels.preload
    kernels.preload = lambda: TEST_PRELOAD
    try:
        yield
    finally:
        kernels.preload = real


def run_test_batch(data_root, out, clients=("alpha", "beta"), **options):
    """run_batch over the test templates, quietly, with two workers unless told otherwise."""
    options.setdefault("workers", 2)
    with light_kernels():
        return runner.run_batch(
            list(clients),
            data_root=data_root,
            out=out,
            templates_dir=TEMPLATES,
            quiet=True,
            **options,
        )


def run_dir(out: Path, slug: str) -> Path:
    """The one period folder of a client's outputs."""
    (folder,) = [p for p in (out / slug).iterdir() if p.is_dir()]
    return folder
