"""A workspace's own template records a finding and a section of its own (issue 22, open
templates): both reach results.json, and the finding the board's list of what needs attention."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from socialworkbook.run.runner import run_batch

ROOT = Path(__file__).resolve().parents[2]
OWN = Path(__file__).resolve().parents[1] / "workspace_templates" / "05_own_check.ipynb"
CLIENT = "northwind-outdoor"


def _copy_client(data_root: Path) -> None:
    """The example client without its goals: the board's short list of what needs attention
    (eight items, goals behind first) then has room for the findings."""
    shutil.copytree(ROOT / "client_data" / CLIENT, data_root / CLIENT)
    (data_root / CLIENT / "ogst.csv").unlink()


@pytest.fixture(scope="module")
def own_run(tmp_path_factory):
    """The board summary and the own template run for an example client, the workspace's
    templates folder named by `SOCIALWORKBOOK_TEMPLATES`."""
    base = tmp_path_factory.mktemp("own_template")
    templates = base / "templates"
    templates.mkdir()
    shutil.copy(ROOT / "templates" / "00_summary.ipynb", templates)
    shutil.copy(OWN, templates)
    _copy_client(base / "client_data")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("SOCIALWORKBOOK_TEMPLATES", str(templates))
        report = run_batch(
            [CLIENT], data_root=base / "client_data", out=base / "out", workers=1, quiet=True
        )
    assert report.exit_code == 0, report.failures
    (run_dir,) = (base / "out" / CLIENT).glob("2026-*")
    return run_dir


def test_the_own_finding_and_section_reach_results_json(own_run):
    results = json.loads((own_run / "results.json").read_text())
    assert {
        "id": "own-check:newsletter",
        "severity": "high",
        "text": "The newsletter is not measured.",
        "recommendation": "Add the newsletter to the ecosystem map.",
        "notebook": "05_own_check",
    } in results["findings"]
    assert results["own_checks"] == {"newsletter": "not measured"}
    assert results["posts"] is None  # the contract's sections stay, null when nobody records them


def test_the_board_runs_again_when_the_own_template_records_another_finding(tmp_path):
    templates = tmp_path / "templates"
    templates.mkdir()
    shutil.copy(ROOT / "templates" / "00_summary.ipynb", templates)
    shutil.copy(OWN, templates)
    _copy_client(tmp_path / "client_data")
    run = {"data_root": tmp_path / "client_data", "out": tmp_path / "out", "workers": 1}
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("SOCIALWORKBOOK_TEMPLATES", str(templates))
        assert run_batch([CLIENT], quiet=True, **run).exit_code == 0
        own = templates / OWN.name
        own.write_text(own.read_text().replace("newsletter is not measured", "blog is not read"))
        assert run_batch([CLIENT], quiet=True, **run).exit_code == 0
    (run_dir,) = (tmp_path / "out" / CLIENT).glob("2026-*")
    board = (run_dir / "00_summary.html").read_text()
    assert "The blog is not read." in board and "newsletter is not measured" not in board


def test_the_board_lists_the_own_finding_with_a_link_to_its_report(own_run):
    board = (own_run / "00_summary.html").read_text()
    assert "The newsletter is not measured." in board
    assert '<a href="05_own_check.html">' in board
