"""Editors on a client whose inputs have problems, and the doubts said after a save."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from socialworkbook.errors import InputsToFixError, ValidationError
from socialworkbook.lab import notebook, panels, row_editors, widgets

ROOT = Path(__file__).resolve().parents[2]
SLUG = "northwind-outdoor"


@pytest.fixture
def folder(tmp_path) -> Path:
    return Path(shutil.copytree(ROOT / "client_data" / SLUG, tmp_path / SLUG))


@pytest.fixture
def shown(monkeypatch) -> list:
    displayed = []
    for module in (widgets, row_editors, panels):
        monkeypatch.setattr(module, "display", lambda obj, **_: displayed.append(obj))
    return displayed


def _typo(folder: Path) -> None:
    """An unknown component typed by hand in ogst.csv (row 4 as a spreadsheet counts)."""
    path = folder / "ogst.csv"
    path.write_text(path.read_text().replace("\nnw-facebook,", "\nnw-facebok,", 1))


def test_a_bad_row_opens_every_editor_with_the_problem_beside_its_row(folder, shown):
    _typo(folder)
    wb = notebook.open_workbook(SLUG, notebook="test", data_root=str(folder.parent))
    assert [(p.file, p.row, p.value) for p in wb.problems] == [("ogst.csv", 4, "nw-facebok")]
    with pytest.raises(InputsToFixError) as raised:  # the analysis stops, in a few lines
        wb.client  # noqa: B018
    lines = raised.value._render_traceback_()
    assert len(lines) == 3 and "ogst.csv, row 4" in lines[1] and "editors above" in lines[2]

    widgets.edit_ogst(wb)
    ogst = shown[-1]
    assert ogst.picker.value == 2  # the bad row is picked first
    assert ogst.picker.label.startswith("⚠ ") and ogst.picker.label.endswith("(1 problem)")
    assert "nw-facebok" in ogst.row_problems.value and "row 4" in ogst.row_problems.value
    assert "ogst.csv has 1 problem" in ogst.message.value
    widgets.edit_functions(wb)
    assert shown[-1].row_problems.value == "" and "problem" not in shown[-1].message.value

    ogst.fields["component_id"].widget.value = "nw-facebook"  # fixed where it is shown
    ogst.save_button.click()
    assert "Saved" in ogst.message.value, ogst.message.value
    assert wb.problems == [] and ogst.row_problems.value == ""
    assert "nw-facebook" in set(wb.client.table("ogst")["component_id"])


def test_a_batch_run_still_refuses_a_client_with_problems(folder, monkeypatch, tmp_path):
    _typo(folder)
    monkeypatch.setenv(notebook.PUBLISH_ENV, "1")
    with pytest.raises(ValidationError):
        notebook.open_workbook(
            SLUG, notebook="test", data_root=str(folder.parent), output_dir=str(tmp_path / "out")
        )


def test_a_doubtful_target_is_saved_and_said(folder, shown):
    wb = notebook.open_workbook(SLUG, notebook="test", data_root=str(folder.parent))
    widgets.edit_ogst(wb)
    editor = shown[-1]
    editor.picker.value = 1  # Instagram followers, 68,000 by the end of 2026
    editor.fields["target"].widget.value = "-100"
    editor.save_button.click()
    assert "-100" in (folder / "ogst.csv").read_text()  # saved
    assert 'class="swb-warn"' in editor.message.value
    assert "Saved, but please check" in editor.message.value
    assert "target -100 is negative, but followers is a count" in editor.message.value


@pytest.mark.slow
def test_the_action_plan_with_a_bad_row_opens_its_editors_and_stops_in_a_few_lines(folder):
    import nbformat
    from nbclient import NotebookClient

    from socialworkbook.paths import kit_templates_dir

    _typo(folder)
    nb = nbformat.read(kit_templates_dir() / "04_action_plan.ipynb", as_version=4)
    parameters = next(c for c in nb.cells if "parameters" in c.metadata.get("tags", []))
    parameters.source += f'\ndata_root = "{folder.parent}"'
    NotebookClient(nb, timeout=300, kernel_name="python3", allow_errors=True).execute()

    code = [c for c in nb.cells if c.cell_type == "code"]
    opened = next(c for c in code if "open_workbook(" in c.source and "import" not in c.source)
    assert [o["output_type"] for o in opened.outputs] == ["display_data"]  # no error
    assert "have 1 problem(s)" in opened.outputs[0]["data"]["text/html"]
    for call in ("widgets.edit_ogst(wb)", "widgets.edit_functions(wb)"):
        (shown,) = next(c for c in code if c.source == call).outputs
        assert "application/vnd.jupyter.widget-view+json" in shown["data"], call
    first = code[code.index(opened) + 3]  # after the two editors: the goals
    assert first.source.startswith("goals = ogst.goal_status")
    (error,) = first.outputs
    assert error["ename"] == "InputsToFixError" and len(error["traceback"]) == 3
    assert "ogst.csv, row 4" in error["traceback"][1]


# --- one save, every editor of the notebook current ---------------------------------------------


def _new_component(eco, cid: str, name: str) -> None:
    eco.picker.value = row_editors._NEW
    fields = {column: field.widget for column, field in eco.fields.items()}
    fields["component_id"].value = cid
    fields["name"].value = name
    fields["component_type"].value = "customer_community"
    fields["continuum_stage"].value = "community"
    eco.save_button.click()
    assert "Saved" in eco.message.value, eco.message.value


def test_a_component_saved_in_one_editor_is_offered_by_the_others_at_once(folder, shown):
    wb = notebook.open_workbook(SLUG, notebook="test", data_root=str(folder.parent))
    widgets.edit_ecosystem(wb)
    eco = shown[-1]
    widgets.edit_ogst(wb)
    ogst = shown[-1]
    widgets.edit_functions(wb)
    functions = shown[-1]
    widgets.edit_value_scores(wb)
    scores = shown[-1]
    ogst.fields["target"].widget.value = "70000"  # typed, not saved yet
    scores.sliders[("nw-instagram", "brand_awareness")].value = 1  # moved, not saved yet

    _new_component(eco, "nw-forum", "Gear forum")

    assert ("Gear forum (nw-forum)", "nw-forum") in ogst.fields["component_id"].widget.options
    assert "nw-forum" in [v for _, v in functions.fields["components"].widget.options]
    assert ("nw-forum", "brand_awareness") in scores.sliders  # a row of its own in the grid
    assert ogst.fields["target"].widget.value == "70000"  # what was typed stays
    assert scores.sliders[("nw-instagram", "brand_awareness")].value == 1
    assert ("nw-instagram", "brand_awareness") in scores.touched  # and is saved by Save
    ogst.fields["component_id"].widget.value = "nw-forum"
    ogst.save_button.click()  # the reloaded workbook knows the new component
    assert "Saved" in ogst.message.value, ogst.message.value

    ids = list(eco.table.frame["component_id"])
    eco.picker.value = ids.index("nw-instagram")  # renamed: its OGST lines read the new name
    eco.fields["name"].widget.value = "Northwind on Instagram"
    eco.save_button.click()
    labels = [label for label, _ in ogst.picker.options]
    assert labels[0].startswith("Gear forum: ")  # the line moved to the new component above
    assert sum(label.startswith("Northwind on Instagram: ") for label in labels) == 1, labels


def test_a_fix_is_saved_while_another_table_still_has_problems(folder, shown):
    _typo(folder)
    wb = notebook.open_workbook(SLUG, notebook="test", data_root=str(folder.parent))
    banner = []  # what the top of the notebook (the problems listed) shows after each save

    class Banner:
        def update(self, shown) -> None:
            banner.append(shown.data)

    wb.banner = Banner()
    widgets.edit_value_scores(wb)
    scores = shown[-1]
    widgets.edit_ogst(wb)
    ogst = shown[-1]
    widgets.edit_ecosystem(wb)
    eco = shown[-1]

    scores.sliders[("nw-instagram", "brand_awareness")].value = 1
    scores.save_button.click()
    assert "nw-instagram,brand_awareness,1" in (folder / "value_scores.csv").read_text()
    assert "Saved" in scores.message.value and "<code>ogst.csv</code>" in scores.message.value
    assert "ogst.csv has 1 problem" in ogst.message.value  # still listed where it is fixed
    assert ogst.picker.label.startswith("⚠ ") and "nw-facebok" in ogst.row_problems.value
    assert "have 1 problem(s)" in banner[-1] and "nw-facebok" in banner[-1]

    _new_component(eco, "nw-facebok", "A page with a typo")  # the id the OGST line names
    assert wb.problems == [] and "Every table and chart" not in eco.message.value
    assert "No problem is left in <code>ogst.csv</code>" in ogst.message.value
    assert not ogst.picker.label.startswith("⚠ ") and ogst.row_problems.value == ""
    assert "have no problem left" in banner[-1]
