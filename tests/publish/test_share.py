"""`socialworkbook share`: one client's reports and index, zipped; checked first; nobody else's."""

from __future__ import annotations

import errno
import json
import os
import re
import zipfile
from pathlib import Path

import nbformat
import pytest
from clientfolders import write_client

from socialworkbook import cli, runfolder
from socialworkbook.errors import ConfidentialityError, WorkbookError
from socialworkbook.lab.notebook import escape_text
from socialworkbook.publish import export, portfolio
from socialworkbook.publish.share import share_bundle

CLIENTS = {
    "alpha": ("Alpha Outdoor", "forum,Alpha Trail Forum,customer_community,community\n"),
    "beta": ("Beta Bank", "hub,Beta Community Hub,customer_community,community\n"),
}
RESULTS = {
    "sentiment": {"_all": {"net_sentiment": 31.5}},
    "sentiment_shift": {
        "_all": {"difference": -0.042, "p_value": 0.01, "verdict": "beyond chance"}
    },
    "posts": {"_all": {"engagement_rate_reach": 3.25}},
    "goals": [{"status": "met"}, {"status": "behind"}, {"status": "met"}],
}


def _report(name: str, title: str, text: str) -> str:
    nb = nbformat.v4.new_notebook()
    cell = nbformat.v4.new_code_cell("wb.say(...)")
    cell.outputs = [
        nbformat.v4.new_output(
            "display_data", data={"text/markdown": escape_text(text), "text/plain": ""}
        )
    ]
    nb.cells = [nbformat.v4.new_markdown_cell(f"# {title}\nThe question."), cell]
    return export.notebook_to_html(nb, provenance={"client_name": name, "period": "2026-Q3"})


def _write_run(out, slug, period="2026-Q3", status="succeeded", finished="2026-10-01T10:00:00"):
    name = CLIENTS[slug][0]
    folder = out / slug / period
    folder.mkdir(parents=True)
    (folder / "01_ecosystem_map.html").write_text(_report(name, "Ecosystem map", f"About {name}"))
    (folder / "02_sentiment.html").write_text(_report(name, "Sentiment", "Customers are happy"))
    (folder / "01_ecosystem_map.ipynb").write_text("{}")
    (folder / "results.json").write_text(json.dumps({"client": slug} | RESULTS))
    (folder / "scored_mentions.csv").write_text("mention_id\nm1\n")
    info = {"client": slug, "client_name": name, "status": status, "finished_at": finished}
    (folder / "run.json").write_text(json.dumps(info | {"kit_version": "0.1.0", "templates": {}}))
    return folder


@pytest.fixture
def world(tmp_path):
    data, out = tmp_path / "client_data", tmp_path / "notebooks"
    for slug, (name, component) in CLIENTS.items():
        ecosystem = "component_id,name,component_type,continuum_stage\n" + component
        write_client(
            data,
            slug,
            files={"client.yaml": f"name: {name}\nperiod: 2026-Q3\n", "ecosystem.csv": ecosystem},
        )
        _write_run(out, slug)
    portfolio.write_index(out, runfolder.read_runs(out))
    return data, out


def _members(path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as bundle:
        return {name: bundle.read(name) for name in bundle.namelist()}


def test_bundle_holds_one_clients_reports_and_its_index(world, tmp_path):
    data, out = world
    path = share_bundle("alpha", out=out, data_root=data)
    assert path == out / "alpha" / "2026-Q3" / "alpha-2026-Q3-reports.zip"
    members = _members(path)
    assert sorted(members) == [
        "alpha-2026-Q3/01_ecosystem_map.html",
        "alpha-2026-Q3/02_sentiment.html",
        "alpha-2026-Q3/index.html",
        "alpha-2026-Q3/provenance.html",
    ]
    report = out / "alpha" / "2026-Q3" / "01_ecosystem_map.html"
    assert members["alpha-2026-Q3/01_ecosystem_map.html"] == report.read_bytes()
    for content in members.values():
        text = content.decode().lower()
        for secret in ("beta bank", "beta community hub", "beta", "client portfolio"):
            assert secret not in text
    assert members["alpha-2026-Q3/index.html"] != (out / "index.html").read_bytes()


def test_index_links_every_report_and_leads_with_key_figures(world):
    data, out = world
    index = _members(share_bundle("alpha", out=out, data_root=data))["alpha-2026-Q3/index.html"]
    page = index.decode()
    links = re.findall(r'href="([^"#]+)"', page)
    assert links == ["01_ecosystem_map.html", "02_sentiment.html", "provenance.html"]
    titles = re.findall(r'<span class="swb-report-title">([^<]+)</span>', page)
    assert titles == ["Ecosystem map", "Sentiment"]
    figures = page[: page.index("<h2>Reports</h2>")]
    for shown in ("+32", "−4 points", "3.25%", "2 of 3", "a change beyond chance"):
        assert shown in figures
    assert "Alpha Outdoor" in page and "<script" not in page
    shown = re.sub(r"<style.*?</style>", "", figures, flags=re.S)
    assert "on automatic scores no person has checked" in shown and "unverified" not in shown


def test_the_index_names_no_scorer_beside_the_estimate_from_labels(world):
    """With a labelled sample the index leads with the estimate and its interval; the automatic
    scores' figure beside it is called that, never by the scorer's name."""
    data, out = world
    results = out / "alpha" / "2026-Q3" / "results.json"
    estimated = {"net_sentiment": 28.0, "ci_low": 19.0, "ci_high": 37.0, "labelled_n": 120}
    sentiment = {"_all": {"net_sentiment": 31.5, "estimated": estimated}}
    results.write_text(json.dumps(json.loads(results.read_text()) | {"sentiment": sentiment}))
    index = _members(share_bundle("alpha", out=out, data_root=data))["alpha-2026-Q3/index.html"]
    page = index.decode()
    assert "95% interval +19 to +37, from 120 mentions labelled by people" in page
    assert "(automatic scores alone: +32)" in page and "VADER" not in page


def test_a_failing_report_refuses_the_whole_bundle(world):
    data, out = world
    run_dir = out / "alpha" / "2026-Q3"
    (run_dir / "02_sentiment.html").write_text(_report("Alpha Outdoor", "S", "We beat Beta Bank"))
    with pytest.raises(ConfidentialityError, match=r"02_sentiment\.html, line \d+: another client"):
        share_bundle("alpha", out=out, data_root=data)
    assert not list(run_dir.glob("*.zip"))


def test_a_held_back_report_refuses_the_bundle(world):
    data, out = world
    run_dir = out / "alpha" / "2026-Q3"
    (run_dir / "03_goals.html.blocked").write_text(_report("Alpha Outdoor", "G", "Beta Bank"))
    with pytest.raises(ConfidentialityError, match="03_goals.html.blocked"):
        share_bundle("alpha", out=out, data_root=data)


def test_a_failed_run_is_not_shared(world):
    data, out = world
    run_json = out / "alpha" / "2026-Q3" / "run.json"
    run_json.write_text(json.dumps(json.loads(run_json.read_text()) | {"status": "failed"}))
    with pytest.raises(WorkbookError, match="did not succeed"):
        share_bundle("alpha", out=out, data_root=data)


def test_period_choice_and_destination(world, tmp_path):
    data, out = world
    _write_run(out, "alpha", "2026-Q2", finished="2026-07-02T09:00:00")
    _write_run(out, "alpha", "2026-07-01_to_2026-07-31", finished="2026-08-01T09:00:00")
    latest = _members(share_bundle("alpha", out=out, data_root=data))
    assert all(name.startswith("alpha-2026-Q3/") for name in latest)
    chosen = share_bundle("alpha", "2026-Q2", out=out, data_root=data, dest=tmp_path / "x.zip")
    assert chosen == tmp_path / "x.zip"
    assert all(name.startswith("alpha-2026-Q2/") for name in _members(chosen))
    ranged = share_bundle("alpha", "2026-07-01..2026-07-31", out=out, data_root=data)
    assert ranged.parent.name == "2026-07-01_to_2026-07-31"
    with pytest.raises(WorkbookError, match="no run of alpha for 2025-Q1"):
        share_bundle("alpha", "2025-Q1", out=out, data_root=data)
    with pytest.raises(WorkbookError, match="not a client slug"):
        share_bundle("../beta", out=out, data_root=data)


def test_cli_share(world, capsys):
    data, out = world
    assert cli.main(["share", "alpha", "--out", str(out), "--data-root", str(data)]) == 0
    assert "alpha-2026-Q3-reports.zip" in capsys.readouterr().out
    assert cli.main(["share", "gamma", "--out", str(out), "--data-root", str(data)]) == 1
    assert "no run of gamma" in capsys.readouterr().err


def test_a_full_disk_during_share_ends_in_one_line_naming_the_folder(world, monkeypatch, capsys):
    data, out = world
    run_dir = out / "alpha" / "2026-Q3"
    real_replace = os.replace

    def replace(src, dst, *args, **kwargs):
        if Path(dst).is_relative_to(run_dir):
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(dst))
        return real_replace(src, dst, *args, **kwargs)

    monkeypatch.setattr(os, "replace", replace)
    assert cli.main(["share", "alpha", "--out", str(out), "--data-root", str(data)]) == 1
    captured = capsys.readouterr()
    assert captured.out == ""
    (line,) = captured.err.splitlines()
    assert line.startswith(f"error: could not write {run_dir / 'alpha-2026-Q3-reports.zip'}: ")
    assert "the disk is full" in line and "Fix:" in line
    assert not list(run_dir.glob("*.zip")) and not list(run_dir.glob(".*.tmp"))
