"""The labelling widget in a real JupyterLab, driven by headless Chromium.

A sample of northwind-outdoor (its own labelled sample taken out) is drawn with the kit's
`sample` command; a notebook calls `labelling.label_mentions`; the test labels mentions with a
button and with the keyboard shortcuts (typed into the shortcut box in one go, while the kernel
is busy), skips one, and finds the labels in labels.csv, the previous version kept under
`.history/`. At 1024 px with the sidebar open, no button nor the shortcut box extends past the
notebook's area. Screenshots (at 1024 px with the sidebar open, and at 1400 px) go to the test's tmp
folder.
"""

from __future__ import annotations

import time

import nbformat
import pandas as pd
import pytest
from factories import python_notebook
from test_editors_in_jupyterlab import _CONTROLS, _OVERFLOWS
from test_jupyterlab import CLIENT, _run_all, lab  # noqa: F401 - lab is a fixture

from socialworkbook.cli import main

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("jupyterlab")]


def _write_labelling_notebook(path) -> None:
    nb = python_notebook()
    nb.cells = [
        nbformat.v4.new_markdown_cell("# Labelling\nLabel the drawn sample."),
        nbformat.v4.new_code_cell(f'client: str = "{CLIENT}"  # client slug'),
        nbformat.v4.new_code_cell(
            "from socialworkbook.lab import labelling, notebook\n"
            'wb = notebook.open_workbook(client, notebook="labelling")'
        ),
        nbformat.v4.new_code_cell("labelling.label_mentions(wb)"),
    ]
    nb.cells[1].metadata["tags"] = ["parameters"]
    nbformat.write(nb, path)


def _labels(running) -> pd.DataFrame:
    path = running.data_root / CLIENT / "labels.csv"
    return pd.read_csv(path, dtype=str, keep_default_na=False)


def _wait_for(condition, timeout=60):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.5)
    return False


def test_mentions_labelled_in_jupyterlab_reach_the_labels_table(lab, browser, tmp_path):  # noqa: F811
    data_root = str(lab.data_root)
    for name in ("labels.csv", "samples.json"):  # the example's own sample, all labelled, out:
        (lab.data_root / CLIENT / name).unlink()  # a fresh draw, none of it labelled yet
    assert main(["sample", CLIENT, "--n", "6", "--seed", "4", "--data-root", data_root]) == 0
    drawn = _labels(lab)
    _write_labelling_notebook(lab.root / "labelling.ipynb")
    page = browser.new_page(viewport={"width": 1024, "height": 1000})  # the sidebar open
    try:
        _run_all(page, lab, "labelling.ipynb")
        widget = page.locator(".swb-editor", has_text="Label the random sample").first
        widget.wait_for(timeout=120_000)
        widget.get_by_text(f"0 of {len(drawn)} labelled").wait_for(timeout=60_000)
        first = drawn.loc[0, "mention_id"]
        widget.get_by_text(first).wait_for()
        widget.scroll_into_view_if_needed()
        widget.screenshot(path=str(tmp_path / "labelling_start_1024px.png"))
        assert page.locator(".jp-SideBar.jp-mod-left .lm-TabBar-tab.lm-mod-current").count() == 1
        area = ".jp-NotebookPanel:not(.lm-mod-hidden) .jp-WindowedPanel-outer"
        assert page.locator(area).bounding_box()["width"] < 720  # the sidebar takes its share
        assert widget.locator("button").count() == 6 and widget.locator("input").count() == 1
        overflows = page.evaluate(_OVERFLOWS, [_CONTROLS, area])  # buttons, shortcut box
        page.set_viewport_size({"width": 1400, "height": 1000})
        page.wait_for_timeout(300)
        widget.screenshot(path=str(tmp_path / "labelling_start_1400px.png"))

        widget.get_by_role("button", name="Negative (3)").click()
        widget.get_by_text(f"1 of {len(drawn)} labelled").wait_for(timeout=60_000)
        shortcut = widget.locator(".swb-shortcuts input")
        shortcut.click()
        # typed at once, while the kernel is busy saving the first: positive for the second
        # mention, skip the third, neutral for the fourth; no key lost
        shortcut.type("1s2")
        widget.get_by_text(f"3 of {len(drawn)} labelled").wait_for(timeout=60_000)
        widget.get_by_text(drawn.loc[4, "mention_id"]).wait_for(timeout=30_000)
        widget.screenshot(path=str(tmp_path / "labelling_done.png"))
    finally:
        page.screenshot(path=str(tmp_path / "last_seen.png"))
        page.close()

    assert overflows == [], "\n".join(overflows)  # at 1024 px, nothing past the notebook
    assert _wait_for(lambda: (_labels(lab)["label"] != "").sum() == 3)
    labelled = _labels(lab)
    assert list(labelled.loc[:3, "label"]) == ["negative", "positive", "", "neutral"]
    assert (labelled.loc[[0, 1, 3], "labelled_at"] != "").all()
    assert list(labelled["mention_id"]) == list(drawn["mention_id"])
    assert list((lab.data_root / CLIENT / ".history").glob("*-labels.csv"))
