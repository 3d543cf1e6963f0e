"""The editors driven as an analyst drives them: set values, click buttons, read the messages."""

from __future__ import annotations

import html
import re
import shutil
from pathlib import Path

import ipywidgets
import nbformat
import pandas as pd
import pytest
from clientfolders import write_client
from factories import python_notebook

from socialworkbook.lab import notebook, panels, row_editors, widgets
from socialworkbook.method import value

ROOT = Path(__file__).resolve().parents[2]
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
EDITORS = ("choose_client", "edit_ecosystem", "edit_ogst", "edit_value_scores", "edit_functions")


@pytest.fixture
def data_root(tmp_path) -> Path:
    """Copies of both example clients."""
    for slug in ("northwind-outdoor", "ledgerline"):
        shutil.copytree(ROOT / "client_data" / slug, tmp_path / slug)
    return tmp_path


@pytest.fixture
def shown(monkeypatch) -> list:
    """Everything the editors display (the editors themselves first, then previews)."""
    displayed = []
    for module in (widgets, row_editors, panels):
        monkeypatch.setattr(module, "display", lambda obj, **_: displayed.append(obj))
    return displayed


def _open(data_root: Path, slug: str = "northwind-outdoor") -> notebook.Workbook:
    return notebook.open_workbook(slug, notebook="test", data_root=str(data_root))


def _editor(shown: list, call, wb):
    assert call(wb) is None
    return shown[-1]


def _history(folder: Path) -> list[Path]:
    return sorted(p for p in (folder / ".history").glob("*") if p.name != ".lock")


# --- value scores --------------------------------------------------------------------------------


def test_moving_a_slider_and_saving_writes_the_score_and_shows_its_effect(data_root, shown):
    wb = _open(data_root)
    editor = _editor(shown, widgets.edit_value_scores, wb)
    folder = data_root / "northwind-outdoor"
    before = (folder / "value_scores.csv").read_bytes()
    slider = editor.sliders[("nw-instagram", "brand_awareness")]
    assert slider.value == 5 and slider.min == 0 and slider.max == 5

    slider.value = 2.5
    editor.save_button.click()

    assert "nw-instagram,brand_awareness,2.5" in (folder / "value_scores.csv").read_text()
    assert [p.read_bytes() for p in _history(folder)] == [before]
    assert "Saved <code>value_scores.csv</code>" in editor.message.value
    assert "Run &gt; Run All Cells" in editor.message.value  # no kernel here to refresh
    assert value.score_matrix(wb.client).loc["nw-instagram", "brand_awareness"] == 2.5
    assert type(shown[-1]).__name__ == "Figure"  # the heat map preview of the saved scores
    assert editor.touched == set()


def test_a_slider_of_an_unscored_component_adds_its_score(data_root, shown):
    wb = _open(data_root)
    editor = _editor(shown, widgets.edit_value_scores, wb)
    planned = wb.client.table("ecosystem").query("status == 'planned'")["component_id"].iloc[0]
    slider = editor.sliders[(planned, "customer_insight")]
    assert "swb-unscored" in slider._dom_classes and slider.value == 0
    untouched = editor.sliders[(planned, "brand_awareness")]

    slider.value = 4
    assert "swb-unscored" not in slider._dom_classes
    editor.save_button.click()

    rows = pd.read_csv(data_root / "northwind-outdoor" / "value_scores.csv")
    mine = rows[rows["component_id"] == planned]
    assert mine[["dimension", "score"]].values.tolist() == [["customer_insight", 4]]
    assert untouched.value == 0 and "swb-unscored" in untouched._dom_classes


def test_a_save_is_refused_with_every_problem_it_makes_and_allowed_beside_older_ones(
    data_root, shown
):
    wb = _open(data_root)
    folder = data_root / "northwind-outdoor"
    posts = folder / "posts.csv"
    rows = [line.split(",") for line in posts.read_text().splitlines()]  # no quoted cells
    rows[2][2] = "someday"  # published_at, typed by hand after the notebook opened
    posts.write_text("".join(",".join(row) + "\n" for row in rows))
    eco = _editor(shown, widgets.edit_ecosystem, wb)
    before = (folder / "ecosystem.csv").read_bytes()
    used = rows[1][1]  # the component of the first post

    frame = eco.table.frame.reset_index(drop=True)
    eco.save(frame[frame["component_id"] != used].reset_index(drop=True))  # its posts orphaned

    assert (folder / "ecosystem.csv").read_bytes() == before and _history(folder) == []
    assert "Nothing was saved" in eco.message.value and "Fix:" in eco.message.value
    said = eco.message.value  # the rows this save would orphan, in every table naming it
    assert "posts.csv, 184 rows from row 2 to row 911" in said and f"&#x27;{used}&#x27;" in said
    assert "ogst.csv, rows 2-3 (2 rows), column &#x27;component_id&#x27;" in said
    assert "someday" not in eco.message.value  # there before: not this save's doing

    scores = _editor(shown, widgets.edit_value_scores, wb)
    scores.sliders[("nw-instagram", "brand_awareness")].value = 1
    scores.save_button.click()
    assert "nw-instagram,brand_awareness,1" in (folder / "value_scores.csv").read_text()
    assert "Saved" in scores.message.value and "<code>posts.csv</code>" in scores.message.value
    assert [(p.file, p.row, p.value) for p in wb.problems] == [("posts.csv", 3, "someday")]


def test_a_save_says_other_notebooks_need_run_all_and_a_second_one_is_told_of_the_conflict(
    data_root, shown
):
    first = _editor(shown, widgets.edit_value_scores, _open(data_root))
    second = _editor(shown, widgets.edit_value_scores, _open(data_root))
    first.sliders[("nw-instagram", "brand_awareness")].value = 1
    first.save_button.click()
    # the save refreshes its own notebook only, and says what the others need
    assert "Other notebooks open in JupyterLab still show what they read" in first.message.value
    assert "Run &gt; Run All Cells</b> in each" in first.message.value
    second.sliders[("nw-facebook", "brand_awareness")].value = 0
    second.save_button.click()

    text = (data_root / "northwind-outdoor" / "value_scores.csv").read_text()
    assert "nw-instagram,brand_awareness,1\n" in text and "nw-facebook,brand_awareness,3\n" in text
    assert "changed on disk after this editor loaded it" in second.message.value
    assert "run this cell again" in second.message.value


def test_value_scores_of_an_xlsx_client_are_saved_in_its_workbook(data_root, shown):
    wb = _open(data_root, "ledgerline")
    editor = _editor(shown, widgets.edit_value_scores, wb)
    key = next(iter(editor.initial))
    editor.sliders[key].value = 0 if editor.initial[key] else 5
    editor.save_button.click()
    folder = data_root / "ledgerline"
    assert "Saved <code>inputs.xlsx[value_scores]</code>" in editor.message.value
    assert [p.name.split("-", 1)[1] for p in _history(folder)] == ["inputs.xlsx"]
    assert not (folder / "value_scores.csv").exists()
    assert value.score_matrix(wb.client).loc[key] == editor.sliders[key].value


# --- ecosystem -----------------------------------------------------------------------------------


def test_a_new_component_is_checked_then_added(data_root, shown):
    wb = _open(data_root)
    editor = _editor(shown, widgets.edit_ecosystem, wb)
    path = data_root / "northwind-outdoor" / "ecosystem.csv"
    before = path.read_bytes()
    fields = {column: field.widget for column, field in editor.fields.items()}
    assert fields["component_id"].disabled  # an existing component keeps its id
    editor.picker.value = row_editors._NEW
    assert not fields["component_id"].disabled and fields["name"].value == ""
    assert fields["status"].value == "active"
    fields["component_id"].value = "nw-forum"
    fields["name"].value = "Gear forum"

    editor.save_button.click()

    assert path.read_bytes() == before
    assert "component_type" in editor.message.value and "continuum_stage" in editor.message.value
    assert "2 problems" in editor.message.value

    fields["component_type"].value = "customer_community"
    fields["continuum_stage"].value = "community"
    fields["purposes"].value = ("supporting", "listening")
    fields["lifecycle_stages"].value = ("loyalty",)
    editor.save_button.click()

    last = path.read_text().splitlines()[-1]
    assert last.startswith(
        "nw-forum,Gear forum,customer_community,,community,listening;supporting,"
    )
    assert ",loyalty," in last and ",active," in last
    assert "nw-forum" in wb.client.table("ecosystem")["component_id"].tolist()
    assert editor.picker.value == len(wb.client.table("ecosystem")) - 1  # the new one, picked
    assert editor.picker.label == "Gear forum (nw-forum)"


def test_editing_one_field_changes_that_cell_only_and_retire_keeps_the_component(data_root, shown):
    wb = _open(data_root)
    editor = _editor(shown, widgets.edit_ecosystem, wb)
    path = data_root / "northwind-outdoor" / "ecosystem.csv"
    before = path.read_text().splitlines()
    editor.picker.value = 2
    editor.fields["owner"].widget.value = "Video team"
    editor.save_button.click()
    after = path.read_text().splitlines()
    assert [i for i, (a, b) in enumerate(zip(before, after, strict=True)) if a != b] == [3]
    assert after[3] == before[3].replace(",,active,", ",Video team,active,")

    editor.remove_button.click()  # Retire
    assert wb.client.table("ecosystem").set_index("component_id").loc["nw-youtube", "status"] == (
        "retired"
    )
    assert len(path.read_text().splitlines()) == len(before)
    assert "Saved" in editor.message.value


# --- OGST ----------------------------------------------------------------------------------------


def test_an_ogst_goal_needs_a_numeric_target_and_its_metric_comes_from_the_known_keys(
    data_root, shown
):
    wb = _open(data_root)
    editor = _editor(shown, widgets.edit_ogst, wb)
    path = data_root / "northwind-outdoor" / "ogst.csv"
    before = path.read_bytes()
    metrics = [key for _, key in editor.fields["metric"].widget.options]
    assert {"reach", "net_sentiment", "response_time_hours"} <= set(metrics)
    assert "active_members" in metrics  # a metric of the client's own metrics table
    assert editor.fields["target"].widget.value == "440000"
    assert str(editor.fields["target_date"].widget.value) == "2026-09-30"

    editor.fields["target"].widget.value = "lots"
    editor.save_button.click()
    assert path.read_bytes() == before
    assert "column &#x27;target&#x27;" in editor.message.value and "lots" in editor.message.value

    editor.fields["target"].widget.value = "450000"
    editor.fields["tactics"].widget.value = "Weekly trail reel\n\nCreator takeovers\n"
    editor.save_button.click()
    row = pd.read_csv(path).iloc[0]
    assert row["target"] == 450000 and row["tactics"] == "Weekly trail reel;Creator takeovers"
    assert row["target_date"] == "2026-09-30"  # untouched fields keep their text
    assert any("gap" in str(getattr(obj, "data", "")) for obj in shown[1:])  # completeness preview


def test_dates_show_and_save_as_iso_and_a_typed_non_date_is_named(data_root, shown):
    wb = _open(data_root)
    editor = _editor(shown, widgets.edit_ogst, wb)
    date = editor.fields["target_date"].widget
    assert date.value == "2026-09-30"  # the first line's target date, as the file writes it
    date.value = "30/09/2027"
    editor.save_button.click()
    assert "30/09/2027" in editor.message.value and "swb-bad" in editor.message.value
    date.value = "2027-09-30"
    editor.save_button.click()
    assert "Saved" in editor.message.value
    assert pd.read_csv(data_root / "northwind-outdoor" / "ogst.csv").loc[0, "target_date"] == (
        "2027-09-30"
    )


def test_a_new_ogst_line_is_added_and_a_line_can_be_removed(data_root, shown):
    wb = _open(data_root)
    editor = _editor(shown, widgets.edit_ogst, wb)
    lines = len(wb.client.table("ogst"))
    editor.picker.value = row_editors._NEW
    fields = {column: field.widget for column, field in editor.fields.items()}
    fields["component_id"].value = "nw-reddit"
    fields["objective"].value = "Hear product problems early"
    fields["metric"].value = "negative_share"
    fields["target"].value = "0.1"
    assert fields["target_date"].placeholder.startswith("YYYY-MM-DD")  # ISO, not the locale's
    fields["target_date"].value = " 2026-12-31"
    editor.save_button.click()
    new = wb.client.table("ogst").iloc[-1]
    assert (new["component_id"], new["metric"], new["target"]) == (
        "nw-reddit",
        "negative_share",
        0.1,
    )
    assert new["target_date"] == pd.Timestamp("2026-12-31")

    editor.remove_button.click()
    assert len(wb.client.table("ogst")) == lines
    assert (
        "Hear product problems early"
        not in (data_root / "northwind-outdoor" / "ogst.csv").read_text()
    )


# --- functions -----------------------------------------------------------------------------------


def test_a_function_row_is_edited_with_multi_selects(data_root, shown):
    wb = _open(data_root)
    editor = _editor(shown, widgets.edit_functions, wb)
    fields = {column: field.widget for column, field in editor.fields.items()}
    assert fields["business_function"].value == "customer_service"
    assert fields["components"].value == ("nw-trail-club", "nw-facebook", "nw-reddit")
    fields["metrics"].value = ("net_sentiment", "constructive_actions")
    fields["components"].value = ("nw-reddit", "nw-facebook")
    editor.save_button.click()
    row = pd.read_csv(data_root / "northwind-outdoor" / "functions.csv").iloc[0]
    assert row["metrics"] == "constructive_actions;net_sentiment"  # in the list's order
    assert row["components"] == "nw-facebook;nw-reddit"
    chosen = [w.value for w in _walk(editor.box) if "swb-chosen" in str(getattr(w, "value", ""))]
    assert any("Chosen: Northwind Outdoor Facebook page, r/NorthwindOutdoor" in c for c in chosen)

    editor.picker.value = row_editors._NEW
    editor.fields["business_function"].widget.value = "hr"
    editor.save_button.click()
    assert (
        "business_objective" in editor.message.value and "social_objective" in editor.message.value
    )


# --- choose_client -------------------------------------------------------------------------------


def test_choose_client_shows_the_current_choice_and_how_to_switch(data_root, shown):
    wb = _open(data_root)
    chooser = _editor(shown, widgets.choose_client, wb)
    assert "Northwind Outdoor" in chooser.current.value and "2026-Q3" in chooser.current.value
    assert set(chooser.client.options) == {"northwind-outdoor", "ledgerline"}

    chooser.client.value = "ledgerline"
    assert "client = &quot;ledgerline&quot;" in chooser.message.value
    assert "Run &gt; Run All Cells" in chooser.message.value
    assert "socialworkbook lab ledgerline" in chooser.message.value

    chooser.period.value = "2026-Q5"
    assert "swb-bad" in chooser.message.value

    (data_root / "ledgerline" / "client.yaml").write_text("name: Ledgerline\n")
    chooser.period.value = "2026-Q2"
    assert (
        "problem(s)" in chooser.message.value and "socialworkbook validate" in chooser.message.value
    )


@pytest.mark.parametrize("name", EDITORS)
def test_a_batch_runs_editor_is_its_static_twin_alone(data_root, shown, monkeypatch, name):
    """Nobody edits a batch run's notebook: an editor shows its table, and makes no widget."""
    wb = _open(data_root)
    live = _editor(shown, getattr(widgets, name), wb)._repr_mimebundle_()
    made = []
    monkeypatch.setattr(ipywidgets.Widget, "open", lambda widget: made.append(widget))
    monkeypatch.setattr(wb, "output_dir", str(data_root / "out"))  # as in `socialworkbook run`
    static = _editor(shown, getattr(widgets, name), wb)._repr_mimebundle_()
    assert made == []
    assert set(static) == {"text/html", "text/plain"}
    assert static["text/plain"] == live["text/plain"]
    assert _unstyled(static["text/html"]) == _unstyled(live["text/html"])
    assert "ledgerline" not in str(static).lower()  # the chooser names no other client


def _unstyled(page: str) -> str:
    return re.sub(r"T_[0-9a-f]+", "T_", page)  # pandas' Styler names each table anew


# --- static rendering ----------------------------------------------------------------------------


HOSTILE = "<script>alert('x')</script>"


@pytest.fixture
def hostile(tmp_path) -> notebook.Workbook:
    """A client whose names carry markup."""
    write_client(
        tmp_path,
        "hostile",
        files={
            "client.yaml": f'name: "Acme {HOSTILE}"\nperiod: 2026-Q3\n',
            "ecosystem.csv": "component_id,name,component_type,continuum_stage\n"
            f"fb,{HOSTILE},social_network,mass_market\n",
            "value_scores.csv": "component_id,dimension,score\nfb,brand_awareness,4\n",
            "ogst.csv": f"component_id,objective\nfb,Grow <b>fast</b> & {HOSTILE}\n",
            "functions.csv": "business_function,business_objective,social_objective\n"
            f"marketing,{HOSTILE},<img src=x onerror=alert(1)>\n",
        },
    )
    return notebook.open_workbook("hostile", notebook="test", data_root=str(tmp_path))


@pytest.mark.parametrize("name", EDITORS)
def test_every_editor_carries_the_widget_and_an_escaped_static_table(hostile, shown, name):
    panel = _editor(shown, getattr(widgets, name), hostile)
    bundle = panel._repr_mimebundle_()
    assert set(bundle) == {WIDGET_VIEW, "text/html", "text/plain"}
    assert bundle[WIDGET_VIEW]["model_id"] == panel.box.model_id
    page = bundle["text/html"]
    assert "<table" in page and "<script>" not in page and "<img" not in page
    if name in ("edit_ecosystem", "edit_value_scores", "edit_functions"):
        assert html.escape(HOSTILE, quote=False) in page.replace("&#x27;", "'").replace(
            "&#39;", "'"
        )
    widget_text = " ".join(
        child.value for child in _walk(panel.box) if type(child).__name__ == "HTML"
    )
    assert "<script>" not in widget_text


def _walk(widget):
    yield widget
    for child in getattr(widget, "children", ()):
        yield from _walk(child)


@pytest.mark.slow
def test_an_executed_notebook_keeps_a_static_table_beside_every_widget(data_root):
    from nbclient import NotebookClient

    nb = python_notebook()
    nb.cells = [
        nbformat.v4.new_code_cell(
            "from socialworkbook.lab import notebook, widgets\n"
            'wb = notebook.open_workbook("northwind-outdoor", notebook="t", '
            f'data_root="{data_root}")'
        ),
        *(nbformat.v4.new_code_cell(f"widgets.{name}(wb)") for name in EDITORS),
    ]
    NotebookClient(nb, timeout=300, kernel_name="python3").execute()

    outputs = {name: nb.cells[i + 1].outputs for i, name in enumerate(EDITORS)}
    for name, cell_outputs in outputs.items():
        assert len(cell_outputs) == 1, name
        data = cell_outputs[0]["data"]
        assert WIDGET_VIEW in data and "<table" in data["text/html"], name
    assert "Northwind Outdoor" in outputs["choose_client"][0]["data"]["text/html"]
    scores = outputs["edit_value_scores"][0]["data"]["text/html"]
    assert "Northwind on Instagram" in scores and ">5<" in scores.replace(" ", "")
    assert "Grow awareness of Northwind" in outputs["edit_ogst"][0]["data"]["text/html"]
    ecosystem = outputs["edit_ecosystem"][0]["data"]["text/html"]
    assert "Northwind Trail Club (customer community)" in ecosystem
    assert "social media profile" in ecosystem  # vocabulary in plain words
    assert "Stronger and deeper relationships" in outputs["edit_functions"][0]["data"]["text/html"]


def test_an_editor_missing_a_method_of_its_base_cannot_be_made(data_root):
    class HalfEditor(row_editors._RowEditor):
        table_name = "ecosystem"

        def static_html(self) -> str:
            return ""

        def summary(self) -> str:
            return ""

    with pytest.raises(TypeError, match="abstract") as refused:
        HalfEditor(_open(data_root), "t", "h", [], None)
    assert "row_label" in str(refused.value) and "show_preview" in str(refused.value)
    assert {"edited", "after_save", "show_preview", "static_html", "summary"} <= (
        panels.TableEditor.__abstractmethods__
    )
