"""Batch runs of the small test templates (tests/runner_templates) over scaffolded clients."""

from __future__ import annotations

from pathlib import Path

from socialworkbook.intake.scaffold import new_client
from socialworkbook.run import runner

TEMPLATES = Path(__file__).parent / "runner_templates"


def scaffolded_clients(root: Path, *slugs: str) -> Path:
    """A data root holding a new client (starter files only) per slug."""
    for slug in slugs:
        new_client(slug, data_root=root)
    return root


def run_test_batch(data_root, out, clients=("alpha", "beta"), **options):
    """run_batch over the test templates, quietly, with two workers unless told otherwise."""
    options.setdefault("workers", 2)
    return runner.run_batch(
        list(clients), data_root=data_root, out=out, templates_dir=TEMPLATES, quiet=True, **options
    )


def run_dir(out: Path, slug: str) -> Path:
    """The one period folder of a client's outputs."""
    (folder,) = [p for p in (out / slug).iterdir() if p.is_dir()]
    return folder
