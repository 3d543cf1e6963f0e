"""The analyst's editors in a real JupyterLab, driven by headless Chromium.

JupyterLab runs on 127.0.0.1 with a random token, its root a tmp folder holding a copy of the
project's templates and a notebook written here that opens a copy of northwind-outdoor and calls
every editor; `SOCIALWORKBOOK_DATA_ROOT` points at the copied client_data. The test runs all cells,
checks that the widgets render, moves a value-score slider, presses Save, and checks that the CSV
changed and that the previous version is kept under `.history/`. Screenshots go to the test's tmp
folder. Where `templates/02_value_dimensions.ipynb` exists, the same is done in it.
"""

from __future__ import annotations

import os
import secrets
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path

import nbformat
import pytest
from factories import python_notebook

from socialworkbook.paths import kit_templates_dir

TEMPLATES_DIR = kit_templates_dir()

ROOT = Path(__file__).resolve().parents[2]
CLIENT = "northwind-outdoor"
pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("jupyterlab")]

EDITORS = (
    "choose_client",
    "edit_value_scores",
    "edit_ecosystem",
    "edit_ogst",
    "edit_functions",
)
NOTEBOOKS = ["editors.ipynb", "templates/02_value_dimensions.ipynb"]


@dataclass
class Lab:
    """A running JupyterLab: where to reach it and the folders it works on."""

    url: str
    token: str
    root: Path
    data_root: Path


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _write_editors_notebook(path: Path) -> None:
    """A notebook in the templates' anatomy whose cells call every editor, one call per cell."""
    cells = [
        nbformat.v4.new_markdown_cell("# Editors\nEvery editor of the kit on one client."),
        nbformat.v4.new_code_cell(f'client: str = "{CLIENT}"  # client slug'),
        nbformat.v4.new_code_cell(
            "from socialworkbook.lab import notebook, widgets\n"
            'wb = notebook.open_workbook(client, notebook="editors")'
        ),
        *(nbformat.v4.new_code_cell(f"widgets.{name}(wb)") for name in EDITORS),
    ]
    cells[1].metadata["tags"] = ["parameters"]
    nb = python_notebook(cells)
    nbformat.write(nb, path)


@pytest.fixture
def lab(tmp_path):
    """JupyterLab on a free port of 127.0.0.1, with a token; stopped at the end of the test."""
    root = tmp_path / "lab"
    data_root = tmp_path / "client_data"
    shutil.copytree(ROOT / "client_data" / CLIENT, data_root / CLIENT)
    shutil.copytree(TEMPLATES_DIR, root / "templates")
    _write_editors_notebook(root / "editors.ipynb")
    settings = tmp_path / "settings" / "@jupyterlab" / "apputils-extension"
    settings.mkdir(parents=True)
    (settings / "notification.jupyterlab-settings").write_text('{"fetchNews": "false"}')
    token, port = secrets.token_hex(16), _free_port()
    env = dict(
        os.environ,
        SOCIALWORKBOOK_DATA_ROOT=str(data_root),
        JUPYTERLAB_SETTINGS_DIR=str(tmp_path / "settings"),
        JUPYTERLAB_WORKSPACES_DIR=str(tmp_path / "workspaces"),
        JUPYTER_RUNTIME_DIR=str(tmp_path / "runtime"),
    )
    command = [
        str(Path(sys.executable).parent / "jupyter"),
        "lab",
        "--no-browser",
        "--ServerApp.ip=127.0.0.1",
        f"--IdentityProvider.token={token}",
        f"--port={port}",
        "--ServerApp.port_retries=0",
        f"--ServerApp.root_dir={root}",
        *(["--allow-root"] if os.geteuid() == 0 else []),  # CI containers run as root
    ]
    log = (tmp_path / "jupyterlab.log").open("w")
    server = subprocess.Popen(command, env=env, stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    try:
        _wait_until_up(url, token, server, tmp_path / "jupyterlab.log")
        yield Lab(url, token, root, data_root)
    finally:
        server.terminate()
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
        log.close()


def _wait_until_up(url: str, token: str, server: subprocess.Popen, log: Path) -> None:
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        if server.poll() is not None:
            pytest.fail(f"JupyterLab exited:\n{log.read_text()}")
        try:
            with urllib.request.urlopen(f"{url}/api/status?token={token}", timeout=2):
                return
        except OSError:
            time.sleep(0.5)
    pytest.fail(f"JupyterLab did not answer within 90 s:\n{log.read_text()}")


def _run_all(page, lab: Lab, notebook: str, workspace: str = "") -> None:
    """Open `notebook` (in JupyterLab workspace `workspace`, if named), start its kernel, and
    choose Run > Run All Cells."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    where = f"workspaces/{workspace}/" if workspace else ""
    page.goto(f"{lab.url}/lab/{where}tree/{notebook}?token={lab.token}")
    page.wait_for_selector(".jp-Notebook .jp-Cell", timeout=60_000)
    try:  # a fresh JupyterLab may ask which kernel to start
        page.locator(".jp-Dialog .jp-mod-accept").click(timeout=10_000)
    except PlaywrightTimeout:
        pass
    page.get_by_text("| Idle").wait_for(timeout=90_000)
    page.locator(".lm-MenuBar-itemLabel", has_text="Run").first.click()
    page.locator(".lm-Menu-itemLabel", has_text="Run All Cells").first.click()


def _open_editors(page, lab: Lab) -> None:
    """Run editors.ipynb (`_run_all`) and wait until every editor is open and the kernel idle."""
    _run_all(page, lab, "editors.ipynb")
    page.locator(".swb-editor").nth(len(EDITORS) - 1).wait_for(timeout=120_000)
    page.get_by_text("| Idle").wait_for(timeout=60_000)


@pytest.mark.parametrize("notebook", NOTEBOOKS)
def test_a_value_score_moved_and_saved_in_jupyterlab_reaches_the_csv(
    lab, browser, tmp_path, notebook
):
    csv = lab.data_root / CLIENT / "value_scores.csv"
    before = csv.read_bytes()
    page = browser.new_page(viewport={"width": 1500, "height": 1100})
    try:
        _run_all(page, lab, notebook)
        editor = page.locator(".swb-editor", has=page.locator(".widget-hslider")).first
        editor.wait_for(timeout=120_000)
        sliders = editor.locator(".widget-hslider")
        sliders.first.wait_for()
        assert sliders.count() >= 6 * 10  # northwind: 6 dimensions x every current component
        assert "Value scores of Northwind Outdoor" in editor.inner_text()
        page.wait_for_timeout(500)
        editor.scroll_into_view_if_needed()
        editor.screenshot(path=str(tmp_path / "value_scores_editor.png"))

        handle = sliders.first.locator(".noUi-handle")
        handle.focus()
        page.keyboard.press("ArrowLeft")  # instagram x brand awareness: 5 -> 4.5
        editor.get_by_role("button", name="Save").click()
        editor.get_by_text("Saved value_scores.csv").wait_for(timeout=60_000)
        page.wait_for_timeout(1000)  # the preview heat map
        editor.screenshot(path=str(tmp_path / "value_scores_saved.png"))
        page.screenshot(path=str(tmp_path / "jupyterlab.png"), full_page=True)
        if notebook == "editors.ipynb":
            _screenshot_every_editor(page, tmp_path)
    finally:
        page.screenshot(path=str(tmp_path / "last_seen.png"))  # what the page showed, pass or fail
        page.close()

    after = csv.read_text()
    assert csv.read_bytes() != before
    assert "nw-instagram,brand_awareness,4.5\n" in after
    kept = sorted((lab.data_root / CLIENT / ".history").glob("*-value_scores.csv"))
    assert len(kept) == 1 and kept[0].read_bytes() == before
    assert (tmp_path / "value_scores_editor.png").stat().st_size > 10_000


def _screenshot_every_editor(page, tmp_path: Path) -> None:
    """One screenshot per editor, for the analyst's eye (and the reviewer's)."""
    for position, editor in enumerate(page.locator(".swb-editor").all()):
        editor.scroll_into_view_if_needed()
        page.wait_for_timeout(200)
        editor.screenshot(path=str(tmp_path / f"editor_{position}.png"))


def test_a_notebook_saved_in_jupyterlab_shows_every_editor_as_a_table_in_html(
    lab, browser, tmp_path
):
    from socialworkbook.publish.export import notebook_to_html

    path = lab.root / "editors.ipynb"
    page = browser.new_page(viewport={"width": 1500, "height": 1100})
    try:
        _open_editors(page, lab)
        page.locator(".lm-MenuBar-itemLabel", has_text="File").first.click()
        page.locator(".lm-Menu-itemLabel", has_text="Save Notebook").first.click()
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline and "widget-view" not in path.read_text():
            time.sleep(0.5)
    finally:
        page.close()

    nb = nbformat.read(path, as_version=4)
    editor_cells = [c for c in nb.cells if c.source.startswith("widgets.")]
    assert len(editor_cells) == len(EDITORS)
    for cell in editor_cells:
        data = cell.outputs[0]["data"]
        assert "application/vnd.jupyter.widget-view+json" in data and "<table" in data["text/html"]

    report = tmp_path / "editors.html"
    report.write_text(notebook_to_html(nb, provenance={"template": "editors"}))
    page = browser.new_page(viewport={"width": 1200, "height": 900})
    try:
        page.goto(report.as_uri())
        page.screenshot(path=str(tmp_path / "editors_html.png"), full_page=True)
        text = page.inner_text("body")
    finally:
        page.close()
    assert "Loading widget" not in text and "Error displaying widget" not in text
    for caption in (
        "Client and period of this notebook",
        "Value scores (0-5",
        "Ecosystem components",
        "Objectives, goals, strategies, tactics",
        "Business-function framework",
    ):
        assert caption in text
    assert "Northwind on Instagram" in text and "Grow awareness of Northwind" in text
