"""The report tables of an executed 03 and 04 in a real JupyterLab at 1024 px, sidebar open.

The notebooks are the session's `example_run` (Northwind), copied into the lab's folder and
trusted (as a notebook the analyst ran is), so JupyterLab draws their tables with their own
styles. Windowing is off, so every cell is drawn. No table's box may end past its output area
unless it sits in a box that scrolls sideways; the test tables' rows (per-post rates and
sentiment) read in at most two lines. Screenshots at 1024 px and 1400 px go to the test's tmp
folder.
"""

from __future__ import annotations

import json
import shutil

import nbformat
import pytest
from nbformat.sign import NotebookNotary
from test_jupyterlab import CLIENT, lab  # noqa: F401 - lab is a fixture

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("example_run")]

NOTEBOOKS = ("03_metric_analysis.ipynb", "04_action_plan.ipynb")
TEST_TABLES = (
    "Per-post rates, period against baseline",
    "Sentiment of the client's own mentions, baseline against",
)

# Each table of the shown notebook: its width, its output area's, whether a box between them
# scrolls sideways, and the most lines any of its cells takes.
_TABLES = """() => {
  const panel = [...document.querySelectorAll('.jp-NotebookPanel')]
    .find(p => p.offsetParent !== null);
  return [...panel.querySelectorAll('.jp-OutputArea-output table')].map(table => {
    const area = table.closest('.jp-OutputArea-output');
    let scrolls = false;
    for (let up = table.parentElement; up !== area; up = up.parentElement) {
      const style = getComputedStyle(up);
      const right = up.getBoundingClientRect().right;
      if (['auto', 'scroll'].includes(style.overflowX) &&
          right <= area.getBoundingClientRect().right + 0.5) scrolls = true;
    }
    let lines = 0;
    for (const cell of table.querySelectorAll('td')) {
      const range = document.createRange();
      range.selectNodeContents(cell);
      const tops = new Set([...range.getClientRects()].filter(r => r.width > 0)
        .map(r => Math.round(r.bottom)));
      lines = Math.max(lines, tops.size);
    }
    return {caption: (table.caption ? table.caption.innerText : '').slice(0, 60),
            width: Math.round(table.getBoundingClientRect().width),
            right: table.getBoundingClientRect().right,
            area: Math.round(area.clientWidth),
            area_right: area.getBoundingClientRect().right, scrolls, lines};
  });
}"""


def _open(page, lab, notebook: str, at_least: int) -> list[dict]:  # noqa: F811
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    page.goto(f"{lab.url}/lab/tree/run/{notebook}?token={lab.token}")
    page.wait_for_selector(".jp-Notebook .jp-Cell", timeout=60_000)
    try:  # a fresh JupyterLab may ask which kernel to start
        page.locator(".jp-Dialog .jp-mod-accept").click(timeout=5_000)
    except PlaywrightTimeout:
        pass
    page.wait_for_function(
        "n => document.querySelectorAll('.jp-OutputArea-output table.swb-table').length >= n",
        arg=at_least,
        timeout=60_000,
    )
    page.locator(".lm-DockPanel-tabBar .lm-TabBar-tab", has_text=notebook[:12]).first.click()
    page.wait_for_timeout(500)  # the notebook's own tab shown, not one the workspace restored
    return page.evaluate(_TABLES)


def _screenshots(page, tmp_path, name: str) -> None:
    for position, table in enumerate(page.locator(".jp-OutputArea-output table.swb-table").all()):
        if table.is_visible():
            table.evaluate("t => t.closest('.jp-OutputArea-output').scrollIntoView()")
            page.wait_for_timeout(100)
            page.screenshot(path=str(tmp_path / f"{name}_table_{position}.png"))


def test_at_1024_px_no_table_overflows_its_output_and_test_rows_take_two_lines(
    lab,  # noqa: F811
    browser,
    example_run,
    tmp_path,
):
    (lab.root / "run").mkdir()
    notary = NotebookNotary()  # trusted, as the analyst's own run is: its tables keep their style
    for name in NOTEBOOKS:
        copy = lab.root / "run" / name
        shutil.copy(example_run.run_dir(CLIENT) / name, copy)
        notary.sign(nbformat.read(copy, as_version=4))
    tracker = tmp_path / "settings" / "@jupyterlab" / "notebook-extension"
    tracker.mkdir(parents=True)  # every cell drawn, not only those scrolled to
    (tracker / "tracker.jupyterlab-settings").write_text(json.dumps({"windowingMode": "none"}))

    seen: dict[str, list[dict]] = {}
    page = browser.new_page(viewport={"width": 1024, "height": 900})
    try:
        for name, count in zip(NOTEBOOKS, (12, 5), strict=True):
            page.goto("about:blank")
            seen[name] = _open(page, lab, name, count)
            assert page.locator(".jp-SideBar.jp-mod-left .lm-TabBar-tab.lm-mod-current").count()
            _screenshots(page, tmp_path, f"{name[:2]}_1024px")
            page.set_viewport_size({"width": 1400, "height": 900})
            page.wait_for_timeout(300)
            _screenshots(page, tmp_path, f"{name[:2]}_1400px")
            page.set_viewport_size({"width": 1024, "height": 900})
    finally:
        page.screenshot(path=str(tmp_path / "last_seen.png"))
        page.close()

    assert any(t["caption"].startswith("Every goal with its actual") for t in seen[NOTEBOOKS[1]])
    tables = [t for name in NOTEBOOKS for t in seen[name]]
    assert all(t["area"] < 620 for t in tables)  # the sidebar takes its share of 1024 px
    overflowing = [
        f"{t['caption']}: {t['width']} px in {t['area']} px"
        for t in tables
        if t["right"] > t["area_right"] + 0.5 and not t["scrolls"]
    ]
    assert overflowing == [], "\n".join(overflowing)
    tests = [t for t in tables if t["caption"].startswith(TEST_TABLES)]
    assert len(tests) == len(TEST_TABLES)
    assert all(t["lines"] <= 2 for t in tests), tests
