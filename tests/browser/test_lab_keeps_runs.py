"""`socialworkbook lab` in a real JupyterLab: a published run folder is never written.

One template of northwind-outdoor is run into a workspace (a real run folder); JupyterLab is
started with the very command line `socialworkbook lab` builds (`lab_command`: its workbench, its
first notebook, its contents manager), plus a 2-second autosave. The test opens the published
notebook, runs it, edits a cell, waits twice as long as the workbench's autosave took and presses
Ctrl+S; the run folder's files are byte-identical (same inodes, same times, no checkpoint folder).
The workbench copy, run and edited the same way first, is autosaved: autosave does run.
Screenshots at 1024 px and 1400 px go to the test's tmp folder.
"""

from __future__ import annotations

import os
import secrets
import shutil
import subprocess
import time
from pathlib import Path

import pytest
from test_jupyterlab import CLIENT, ROOT, Lab, _free_port, _run_all, _wait_until_up

from socialworkbook.lab.jupyterlab import lab_command
from socialworkbook.paths import WORKSPACE_ENV

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("jupyterlab")]

TEMPLATE = "01_ecosystem_map"
AUTOSAVE_SECONDS = 2


@pytest.fixture
def published_lab(tmp_path, monkeypatch):
    """A workspace with one published run, and JupyterLab started as `socialworkbook lab` does."""
    from socialworkbook.run.runner import run_batch

    ws = tmp_path / "ws"
    shutil.copytree(ROOT / "client_data" / CLIENT, ws / "client_data" / CLIENT)
    monkeypatch.setenv(WORKSPACE_ENV, str(ws))
    report = run_batch(
        [CLIENT], data_root=ws / "client_data", out=ws / "notebooks", only=["01"], quiet=True
    )
    assert report.exit_code == 0, report.failures
    settings = tmp_path / "settings" / "@jupyterlab"
    for plugin, content in (
        ("apputils-extension/notification", '{"fetchNews": "false"}'),
        ("docmanager-extension/plugin", f'{{"autosaveInterval": {AUTOSAVE_SECONDS}}}'),
    ):
        (settings / plugin).parent.mkdir(parents=True, exist_ok=True)
        (settings / f"{plugin}.jupyterlab-settings").write_text(content)
    token, port = secrets.token_hex(16), _free_port()
    command, env = lab_command(
        CLIENT,
        data_root=ws / "client_data",
        out=ws / "notebooks",
        extra=[
            "--no-browser",
            "--ServerApp.ip=127.0.0.1",
            f"--IdentityProvider.token={token}",
            f"--port={port}",
            "--ServerApp.port_retries=0",
            *(["--allow-root"] if os.geteuid() == 0 else []),  # CI containers run as root
        ],
    )
    env |= {
        "JUPYTERLAB_SETTINGS_DIR": str(tmp_path / "settings"),
        "JUPYTERLAB_WORKSPACES_DIR": str(tmp_path / "workspaces"),
        "JUPYTER_RUNTIME_DIR": str(tmp_path / "runtime"),
    }
    log_path = tmp_path / "jupyterlab.log"
    log = log_path.open("w")
    server = subprocess.Popen(command, env=env, stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    try:
        _wait_until_up(url, token, server, log_path)
        yield Lab(url, token, ws, ws / "client_data")
    finally:
        server.terminate()
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
        log.close()


def _snapshot(folder: Path) -> dict:
    """Each file's bytes, inode and modification time (an atomic rewrite changes the inode)."""
    return {
        p: (p.read_bytes(), p.stat().st_ino, p.stat().st_mtime_ns)
        for p in folder.rglob("*")
        if p.is_file()
    }


def _run_and_edit(page, lab: Lab, notebook: str, workspace: str) -> None:
    """Open `notebook` alone in a JupyterLab workspace of its own (no tab restored from another
    page), run every cell, then type into its first code cell (an unsaved change)."""
    _run_all(page, lab, notebook, workspace)
    shown = page.locator(".jp-NotebookPanel:not(.lm-mod-hidden)")  # the notebook's own tab
    shown.locator(".jp-Cell.jp-CodeCell").last.locator(".jp-OutputArea-output").first.wait_for(
        timeout=120_000
    )
    page.get_by_text("| Idle").wait_for(timeout=120_000)
    editor = shown.locator(".jp-Cell.jp-CodeCell .cm-content").first
    editor.click()
    page.keyboard.press("End")
    page.keyboard.type("  # an analyst's note")


def test_jupyterlab_never_writes_a_published_run_and_autosaves_the_workbench(
    published_lab, browser, tmp_path
):
    lab = published_lab
    run_dir = lab.root / "notebooks" / CLIENT / "2026-Q3"
    bench = lab.root / "notebooks" / CLIENT / "workbench" / "2026-Q3"
    assert (run_dir / "run.json").is_file() and (bench / f"{TEMPLATE}.ipynb").is_file()
    before = _snapshot(run_dir)
    assert _read(bench) == _read(run_dir)  # the run's executed notebook, copied

    # The workbench: `lab`'s default URL opens its first notebook; autosave keeps an edit.
    page = browser.new_page(viewport={"width": 1400, "height": 900})
    try:
        page.goto(f"{lab.url}/?token={lab.token}")
        page.locator(".lm-TabBar-tab.jp-mod-current", has_text="00_summary").wait_for(
            timeout=60_000
        )
        _run_and_edit(page, lab, f"notebooks/{CLIENT}/workbench/2026-Q3/{TEMPLATE}.ipynb", "bench")
        started = time.monotonic()
        # JupyterLab stretches the interval to 10 times a save's duration (a save can take
        # seconds on a busy machine: 90 s once ran out under the full suite): poll, page open.
        while time.monotonic() - started < 300 and b"an analyst's note" not in _read(bench):
            time.sleep(0.5)
        autosaved_after = time.monotonic() - started
        page.screenshot(path=str(tmp_path / "workbench_1400.png"))
    finally:
        page.close()
    assert b"an analyst's note" in _read(bench)  # autosave runs, in the workbench

    # The published notebook: opened read-only and marked; neither autosave nor Ctrl+S write.
    page = browser.new_page(viewport={"width": 1024, "height": 800})
    try:
        _run_and_edit(page, lab, f"notebooks/{CLIENT}/2026-Q3/{TEMPLATE}.ipynb", "run")
        page.get_by_text("notebook is read-only").first.wait_for(timeout=10_000)
        page.wait_for_timeout(int(max(2 * autosaved_after, 5 * AUTOSAVE_SECONDS) * 1000))
        page.keyboard.press("Control+s")
        page.get_by_text("is read-only").last.wait_for(timeout=10_000)
        page.screenshot(path=str(tmp_path / "published_1024.png"))
    finally:
        page.close()
    after = _snapshot(run_dir)
    assert sorted(after) == sorted(before)  # no checkpoint, no new file
    assert [p.name for p in before if after[p] != before[p]] == []


def _read(folder: Path) -> bytes:
    return (folder / f"{TEMPLATE}.ipynb").read_bytes()
