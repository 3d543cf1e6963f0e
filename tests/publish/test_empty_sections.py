"""A section that shows nothing for a client (a client without mentions has no sentiment) is
left out of the client-ready page: no heading over nothing (issue 23)."""

from __future__ import annotations

import nbformat

from socialworkbook.publish import export


def _notebook():
    md, code = nbformat.v4.new_markdown_cell, nbformat.v4.new_code_cell
    shown = {"output_type": "display_data", "data": {"text/markdown": "Said."}, "metadata": {}}
    cells = [
        md("# Metric analysis\n\nWhat it answers."),
        md("## 1. Engagement"),
        code("wb.tell(x)", outputs=[nbformat.from_dict(shown)]),
        md("## 6. Share of voice"),
        code("wb.tell(voice)"),
        code("wb.show_table(voice)"),
        md("## 7. Sentiment"),
        md("### Per component"),
        code("wb.tell(feelings)"),
        md("## Method and full statistics\n\nThe definitions."),
        md("### Notes"),
        code("wb.say(notes)", outputs=[nbformat.from_dict(shown)]),
    ]
    return nbformat.v4.new_notebook(cells=cells)


def test_headings_over_nothing_are_left_out_and_the_rest_kept():
    html = export.notebook_to_html(_notebook())
    assert "1. Engagement" in html and "Method and full statistics" in html
    assert "Notes" in html
    assert "Share of voice" not in html
    assert "7. Sentiment" not in html and "Per component" not in html


def test_the_sections_left_are_numbered_anew_in_order():
    # the board summary of a client without goals read "1. Decisions, 2. The figures, 4. What
    # changed": its section 3 was left out
    md, code = nbformat.v4.new_markdown_cell, nbformat.v4.new_code_cell
    shown = {"output_type": "display_data", "data": {"text/markdown": "Said."}, "metadata": {}}
    said = [nbformat.from_dict(shown)]
    cells = [
        md("## 1. Decisions"),
        code("a", outputs=said),
        md("## 2. The figures"),
        code("b", outputs=said),
        md("## 3. Business goals"),
        code("c"),
        md("## 4. What changed beyond chance<span id='changes'></span>"),
        code("d", outputs=said),
        md("## Notes"),
        code("e", outputs=said),
    ]
    html = export.notebook_to_html(nbformat.v4.new_notebook(cells=cells))
    assert "Business goals" not in html
    assert "3. What changed beyond chance" in html and "4. What" not in html
    assert 'id="changes"' in html or "id='changes'" in html  # its anchor kept
    assert "1. Decisions" in html and "2. The figures" in html and "Notes" in html
