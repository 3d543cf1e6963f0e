"""On a phone (390 px) the goals chart fits the page's width, its text readable, instead of
scrolling sideways: drawn narrow (`charts.attainment`), marked narrow when inlined
(`export.inline_svg`) and scaled by its viewBox to the width (socialworkbook.css). Cheap: one
chart in a one-cell report, one page in Chromium."""

from __future__ import annotations

import io

import matplotlib
import nbformat
import pandas as pd
import pytest

from socialworkbook.lab import charts
from socialworkbook.lab.chart_text import fit_text
from socialworkbook.publish import export

pytestmark = pytest.mark.browser

PHONE = 390


def _report(tmp_path):
    matplotlib.use("Agg")
    charts.set_style("#1f4e79")
    goals = pd.DataFrame(
        {
            "label": [
                "Northwind on Instagram: 68,000 followers by the end of 2026",
                "Northwind Trail Club (customer community): Net sentiment of +40 in Q3 2026",
                "Reach 440,000 people with Instagram posts in Q3 2026",
            ],
            "attainment": [0.58, None, 2.6],
            "status": ["behind", "unverified", "met"],
        }
    )
    ax = charts.attainment(goals, title="1 of 3 goals met, 1 behind, 1 unverified")
    fit_text(ax.figure)
    buffer = io.StringIO()
    ax.figure.savefig(buffer, format="svg", bbox_inches="tight", pad_inches=0.05)
    nb = nbformat.v4.new_notebook()
    cell = nbformat.v4.new_code_cell("charts.attainment(...)")
    cell.outputs = [
        nbformat.v4.new_output("display_data", data={"image/svg+xml": buffer.getvalue()})
    ]
    nb.cells = [nbformat.v4.new_markdown_cell("# Action plan"), cell]
    page = tmp_path / "04_action_plan.html"
    page.write_text(export.notebook_to_html(nb), encoding="utf-8")
    return page


def test_the_goals_chart_fits_a_phone_with_readable_text(browser, tmp_path):
    page = _report(tmp_path)
    assert 'class="swb-chart swb-narrow"' in page.read_text(encoding="utf-8")
    context = browser.new_context(viewport={"width": PHONE, "height": 800})
    try:
        view = context.new_page()
        view.goto(page.as_uri())
        wide, box, scroll, smallest, count = view.evaluate(
            """() => {
              const svg = document.querySelector('svg.swb-chart');
              const texts = [...svg.querySelectorAll('text')];
              const heights = texts.map(t => parseFloat(getComputedStyle(t).fontSize)
                * svg.getBoundingClientRect().width / svg.viewBox.baseVal.width);
              return [document.documentElement.scrollWidth, svg.getBoundingClientRect().right,
                      svg.closest('.jp-RenderedSVG').scrollWidth
                        - svg.closest('.jp-RenderedSVG').clientWidth,
                      Math.min(...heights), texts.length];
            }"""
        )
        view.screenshot(path=str(tmp_path / "phone.png"), full_page=True)
    finally:
        context.close()
    assert wide <= PHONE and box <= PHONE and scroll == 0  # no sideways scroll
    assert count >= 6  # the title, three names, their values, the axis: text, not paths
    assert smallest >= 9.5, smallest  # CSS px on the phone: 9 pt text drawn at about 10 px
