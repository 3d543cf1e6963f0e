"""Every template for both example clients: contract keys, findings and goals, clean client HTML."""

from __future__ import annotations

import json
import re

import pytest

from socialworkbook import intake
from socialworkbook.method import ogst

pytestmark = pytest.mark.xdist_group("example_run")

TEMPLATES = (
    "00_summary",
    "01_ecosystem_map",
    "02_value_dimensions",
    "03_metric_analysis",
    "04_action_plan",
)
CLIENTS = ("northwind-outdoor", "ledgerline")
CONTRACT_KEYS = {
    "client", "period", "baseline", "kit_version", "generated_at", "inputs_sha256", "data_quality",
    "ecosystem", "findings", "posts", "sentiment", "sentiment_shift", "goals",
}  # fmt: skip


def _results(example_run, client):
    return json.loads((example_run.run_dir(client) / "results.json").read_text())


def test_every_template_succeeds_for_both_clients(example_run):
    assert example_run.report.exit_code == 0, example_run.report.failures
    for client in CLIENTS:
        run = json.loads((example_run.run_dir(client) / "run.json").read_text())
        assert {t: r["status"] for t, r in run["templates"].items()} == dict.fromkeys(
            TEMPLATES, "succeeded"
        )
        for name in TEMPLATES:
            assert (example_run.run_dir(client) / f"{name}.html").stat().st_size > 10_000


@pytest.mark.parametrize("client", CLIENTS)
def test_results_json_has_every_contract_key_filled(example_run, client):
    results = _results(example_run, client)
    assert CONTRACT_KEYS <= set(results)
    assert all(results[key] is not None for key in CONTRACT_KEYS), [
        k for k in CONTRACT_KEYS if results[k] is None
    ]
    assert results["period"] == {"start": "2026-07-01", "end": "2026-09-30", "label": "2026-Q3"}
    eco = intake.read_client(client, data_root=example_run.data_root).table("ecosystem")
    assert results["ecosystem"]["components"] == len(eco)
    assert sum(results["ecosystem"]["by_type"].values()) == len(eco)
    for finding in results["findings"]:
        assert finding["severity"] in ("high", "medium", "low") and finding["text"]


def test_each_client_gets_exactly_its_own_gaps(example_run):
    ids = {c: {f["id"] for f in _results(example_run, c)["findings"]} for c in CLIENTS}
    assert {
        "no-listening-post",
        "no-component-for-function:hr",
        "continuum-crowded:mass_market",
        "components-without-owner",
        "retired-components-with-goals",
        "score-above-evidence:nw-pinterest:brand_awareness",
        "no-objective",
        "no-measurable-goal",
    } <= ids["northwind-outdoor"]
    assert {
        "no-component-for-stage:purchase",
        "components-without-owner",
        "no-measurable-goal",
    } <= ids["ledgerline"]
    # a gap the client does not have is never reported
    assert "no-listening-post" not in ids["ledgerline"]
    assert "no-component-for-stage:purchase" not in ids["northwind-outdoor"]


@pytest.mark.parametrize("client", CLIENTS)
def test_goals_match_the_library_and_cover_every_status_across_clients(example_run, client):
    goals = _results(example_run, client)["goals"]
    expected = ogst.goal_status(intake.read_client(client, data_root=example_run.data_root))
    assert [(g["component_id"], g["metric"], g["status"]) for g in goals] == [
        (g["component_id"], g["metric"], g["status"]) for g in expected
    ]
    for goal in goals:
        if goal["actual"] is not None and goal["attainment"] is not None:
            ratio = (
                goal["target"] / goal["actual"]
                if goal["lower_is_better"]
                else goal["actual"] / goal["target"]
            )
            assert goal["attainment"] == pytest.approx(ratio)


def test_goal_statuses_across_both_clients(example_run):
    statuses = {g["status"] for c in CLIENTS for g in _results(example_run, c)["goals"]}
    # no goal of the examples is on track since issue 27 (see test_examples); Northwind's
    # sentiment goal is judged on its labelled sample (met), so none is unverified either
    assert statuses == {"met", "behind", "no_data"}


@pytest.mark.parametrize("client", CLIENTS)
def test_client_html_has_no_code_traceback_or_local_path(example_run, client):
    for name in TEMPLATES:
        page = (example_run.run_dir(client) / f"{name}.html").read_text()
        assert "Traceback" not in page and "open_workbook(" not in page
        # no code: no highlighted source block and no input prompt (markdown is allowed)
        assert 'class="highlight' not in page and "jp-InputPrompt" not in page.replace(
            ".jp-InputPrompt", ""
        )
        assert str(example_run.out) not in page and str(example_run.data_root) not in page
        assert not re.search(r"/(root|home|tmp|work)/", page), name
        posts = example_run.data_root / client / "posts.csv"  # Ledgerline's are in inputs.xlsx
        own = posts.read_text(encoding="utf-8") if posts.is_file() else ""
        for link in re.findall(r"""(?:src|href)=["']?((?:https?:)?//[^"' >]+)""", page):
            assert link.startswith("https://") and link in own, (name, link)  # the client's own


def test_a_new_client_with_only_the_starter_files_runs_every_template(tmp_path):
    """The least a valid client holds (starter files, the example component replaced, no data,
    run with allow_empty): every notebook renders."""
    from socialworkbook.intake.scaffold import PLACEHOLDER_ID, new_client
    from socialworkbook.run.runner import run_batch

    folder = new_client("fresh-start", tmp_path / "client_data")
    ecosystem = folder / "ecosystem.csv"
    ecosystem.write_text(ecosystem.read_text().replace(PLACEHOLDER_ID, "facebook-page"))
    report = run_batch(
        ["fresh-start"],
        data_root=tmp_path / "client_data",
        out=tmp_path / "out",
        workers=2,
        quiet=True,
        allow_empty=True,
    )
    assert report.exit_code == 0, report.failures
    results = json.loads(
        next((tmp_path / "out" / "fresh-start").glob("*/results.json")).read_text()
    )
    assert results["goals"] == [] and results["ecosystem"]["components"] == 1
    assert results["posts"] is None or results["posts"].get("_all", {}).get("posts", 0) == 0


def test_an_interactive_rerun_leaves_the_published_run_as_it_was(example_run, monkeypatch):
    import nbformat
    from jupyter_client.manager import KernelManager
    from nbclient import NotebookClient

    from socialworkbook.results import PUBLISH_ENV

    monkeypatch.delenv(PUBLISH_ENV, raising=False)  # as in JupyterLab, which never sets it
    folder = example_run.run_dir("northwind-outdoor")
    assert (folder / "scored_mentions.csv").is_file()
    before = _snapshot(folder)
    assert folder / ".parts" / "03_metric_analysis.json" in before
    nb = nbformat.read(folder / "03_metric_analysis.ipynb", as_version=4)
    injected = next(c for c in nb.cells if "injected-parameters" in c.metadata.get("tags", []))
    assert str(folder) in injected.source  # the parameters still name the published run folder
    km = KernelManager(kernel_name="python3")
    NotebookClient(nb, km=km, timeout=600, resources={"metadata": {"path": str(folder)}}).execute()
    after = _snapshot(folder)
    assert after.keys() == before.keys()
    assert [p.name for p in before if after[p] != before[p]] == []  # none rewritten, even alike
    shown = json.dumps([c.get("outputs", []) for c in nb.cells])
    assert "An interactive re-run" in shown


def _snapshot(folder):
    """Each file's bytes, inode and modification time (an atomic rewrite changes the inode)."""
    return {
        p: (p.read_bytes(), p.stat().st_ino, p.stat().st_mtime_ns)
        for p in folder.rglob("*")
        if p.is_file()
    }
