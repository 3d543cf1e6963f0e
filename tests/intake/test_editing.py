"""The save path of the editors: validated, atomic, in the table's own format, with history and
conflict detection."""

from __future__ import annotations

import io
import shutil
import threading
import zipfile
from pathlib import Path

import openpyxl
import pytest
from clientfolders import csv_rows, write_client, xlsx_bytes

from socialworkbook import intake
from socialworkbook.errors import SaveConflictError, ValidationError
from socialworkbook.intake import editing

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def northwind(tmp_path) -> Path:
    """A copy of the CSV example client."""
    return Path(
        shutil.copytree(ROOT / "client_data" / "northwind-outdoor", tmp_path / "northwind-outdoor")
    )


@pytest.fixture
def ledgerline(tmp_path) -> Path:
    """A copy of the inputs.xlsx example client."""
    return Path(shutil.copytree(ROOT / "client_data" / "ledgerline", tmp_path / "ledgerline"))


def _history(folder: Path) -> list[Path]:
    return sorted(p for p in (folder / editing.HISTORY_DIR).iterdir() if p.name != ".lock")


def _set(frame, row: int, column: str, value: str):
    changed = frame.reset_index(drop=True)
    changed.loc[row, column] = value
    return changed


# --- CSV ----------------------------------------------------------------------------------------


def test_a_valid_csv_save_writes_the_table_and_keeps_the_previous_file(northwind):
    path = northwind / "value_scores.csv"
    before = path.read_bytes()
    edit = editing.load_table(northwind, "value_scores")
    assert edit.source == "csv" and edit.file == "value_scores.csv"
    assert list(edit.frame.iloc[0]) == ["nw-instagram", "brand_awareness", "5"]

    saved = edit.save(_set(edit.frame, 0, "score", "2.5"))

    lines = path.read_text().splitlines()
    assert lines[1] == "nw-instagram,brand_awareness,2.5"
    assert lines[2:] == before.decode().splitlines()[2:]  # every other row as it was
    assert saved.file == "value_scores.csv"
    assert saved.history.parent == northwind / ".history"
    assert saved.history.name.endswith("Z-value_scores.csv")
    assert saved.history.read_bytes() == before
    assert _history(northwind) == [saved.history]
    assert edit.frame.iloc[0]["score"] == "2.5"  # the edit now holds what is on disk
    client = intake.read_client_folder(northwind)
    scores = client.table("value_scores")
    assert scores.iloc[0]["score"] == 2.5


def test_an_invalid_table_writes_nothing_and_names_every_problem(northwind):
    path = northwind / "value_scores.csv"
    before = path.read_bytes()
    edit = editing.load_table(northwind, "value_scores")
    frame = _set(edit.frame, 0, "score", "7")
    frame = _set(frame, 1, "component_id", "nw-nowhere")

    with pytest.raises(ValidationError) as caught:
        edit.save(frame)

    problems = {(p.file, p.row, p.column, p.value) for p in caught.value.problems}
    assert problems == {
        ("value_scores.csv", 2, "score", "7"),
        ("value_scores.csv", 3, "component_id", "nw-nowhere"),
    }
    assert all(p.fix for p in caught.value.problems)
    assert path.read_bytes() == before
    assert _history(northwind) == []  # no history, no scratch copy left behind
    assert edit.save(edit.frame) is None  # the edit still matches the disk: nothing to write


def test_a_save_that_breaks_another_table_is_refused(northwind):
    edit = editing.load_table(northwind, "ecosystem")
    frame = edit.frame.reset_index(drop=True)
    with pytest.raises(ValidationError) as caught:
        edit.save(frame[frame["component_id"] != "nw-instagram"])  # posts refer to it
    assert {p.file for p in caught.value.problems} >= {"posts.csv", "ogst.csv", "value_scores.csv"}
    assert "nw-instagram" in (northwind / "ecosystem.csv").read_text()


def test_an_unchanged_table_is_not_written(northwind):
    path = northwind / "ogst.csv"
    stamp = path.stat().st_mtime_ns
    edit = editing.load_table(northwind, "ogst")
    assert edit.save(edit.frame.copy()) is None
    assert path.stat().st_mtime_ns == stamp
    assert _history(northwind) == []


def test_byte_order_mark_line_endings_extra_columns_and_file_mode_are_kept(tmp_path):
    scores = "\ufeffcomponent_id,dimension,score,note\r\nfb,brand_awareness,3,keep me\r\n"
    folder = write_client(tmp_path, files={"value_scores.csv": scores.encode("utf-8")})
    path = folder / "value_scores.csv"
    path.chmod(0o644)
    edit = editing.load_table(folder, "value_scores")
    edit.save(_set(edit.frame, 0, "score", "4"))
    assert path.read_bytes() == (
        "\ufeffcomponent_id,dimension,score,note\r\nfb,brand_awareness,4,keep me\r\n"
    ).encode("utf-8")
    assert path.stat().st_mode & 0o777 == 0o644


def test_a_table_the_client_does_not_have_yet_is_written_as_csv(tmp_path):
    folder = write_client(tmp_path)
    edit = editing.load_table(folder, "ogst")
    assert edit.frame.empty and edit.source == "csv"
    frame = edit.frame.reset_index(drop=True)
    frame.loc[0] = {c: "" for c in frame.columns} | {"component_id": "fb", "objective": "Listen"}
    saved = edit.save(frame)
    assert saved.history is None
    assert intake.read_client_folder(folder).table("ogst")["objective"].tolist() == ["Listen"]


def test_values_with_commas_quotes_and_new_lines_round_trip(northwind):
    edit = editing.load_table(northwind, "ogst")
    text = 'Grow "Trail Club", fast\nand <well> & more'
    edit.save(_set(edit.frame, 0, "strategy", text))
    assert editing.load_table(northwind, "ogst").frame.iloc[0]["strategy"] == text


# --- inputs.xlsx ---------------------------------------------------------------------------------


def _parts(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def _sheet_values(data: bytes) -> dict[str, list[tuple]]:
    book = openpyxl.load_workbook(io.BytesIO(data), read_only=True)
    return {sheet.title: list(sheet.iter_rows(values_only=True)) for sheet in book}


def test_an_xlsx_sheet_is_replaced_and_every_other_sheet_stays_byte_for_byte(ledgerline):
    path = ledgerline / "inputs.xlsx"
    before = path.read_bytes()
    edit = editing.load_table(ledgerline, "value_scores")
    assert edit.source == "xlsx" and edit.file == "inputs.xlsx[value_scores]"
    assert not (ledgerline / "value_scores.csv").exists()

    saved = edit.save(_set(edit.frame, 0, "score", "2"))

    after = path.read_bytes()
    old_parts, new_parts = _parts(before), _parts(after)
    changed = {name for name in old_parts if old_parts[name] != new_parts.get(name)}
    assert changed == {"xl/worksheets/sheet4.xml"}  # the value_scores sheet, nothing else
    assert set(new_parts) == set(old_parts)
    old_values, new_values = _sheet_values(before), _sheet_values(after)
    assert [name for name in old_values if old_values[name] != new_values[name]] == ["value_scores"]
    assert new_values["value_scores"][1] == ("lg-linkedin", "brand_awareness", 2)  # a number
    assert new_values["value_scores"][2:] == old_values["value_scores"][2:]
    assert saved.history.name.endswith("Z-inputs.xlsx")
    assert saved.history.read_bytes() == before
    sheet = new_parts["xl/worksheets/sheet4.xml"].decode()
    assert '<c r="A1" s="1" t="inlineStr">' in sheet  # the header keeps its bold style
    assert '<pane ySplit="1" topLeftCell="A2"' in sheet and "<cols>" in sheet  # and the view
    assert intake.read_client_folder(ledgerline).table("value_scores").iloc[0]["score"] == 2.0


def test_xlsx_text_is_stored_as_text_never_as_a_formula(ledgerline):
    edit = editing.load_table(ledgerline, "ogst")
    objective = '=HYPERLINK("http://x","y") & <b>"bold"</b>'
    edit.save(_set(edit.frame, 0, "objective", objective))
    sheet = openpyxl.load_workbook(ledgerline / "inputs.xlsx", read_only=True)["ogst"]
    cell = next(sheet.iter_rows(min_row=2, max_row=2, min_col=2, max_col=2))[0]
    assert cell.value == objective and cell.data_type == "s"
    assert editing.load_table(ledgerline, "ogst").frame.iloc[0]["objective"] == objective


def test_other_sheets_keep_formulas_styles_and_the_calculation_chain_is_dropped(tmp_path):
    ecosystem = csv_rows(
        "component_id,name,component_type,continuum_stage\nfb,Facebook,social_network,mass_market"
    )
    scores = [["component_id", "dimension", "score"], ["fb", "brand_awareness", 3]]
    data = xlsx_bytes({"ecosystem": ecosystem, "value_scores": scores, "notes": [["a", 1]]})
    book = openpyxl.load_workbook(io.BytesIO(data))
    book["notes"]["B2"] = "=B1*2"
    book["notes"]["A1"].font = openpyxl.styles.Font(bold=True)
    buffer = io.BytesIO()
    book.save(buffer)
    # Excel writes a calculation chain naming formula cells; openpyxl does not, so add one.
    parts = _parts(buffer.getvalue())
    parts["xl/calcChain.xml"] = b'<calcChain xmlns="x"><c r="B2" i="3"/></calcChain>'
    parts["[Content_Types].xml"] = parts["[Content_Types].xml"].replace(
        b"</Types>",
        b'<Override PartName="/xl/calcChain.xml" ContentType="application/vnd.openxmlformats-'
        b'officedocument.spreadsheetml.calcChain+xml"/></Types>',
    )
    packed = io.BytesIO()
    with zipfile.ZipFile(packed, "w") as archive:
        for name, content in parts.items():
            archive.writestr(name, content)
    folder = write_client(tmp_path, files={"ecosystem.csv": None, "inputs.xlsx": packed.getvalue()})

    edit = editing.load_table(folder, "value_scores")
    edit.save(_set(edit.frame, 0, "score", "4.5"))

    after = _parts((folder / "inputs.xlsx").read_bytes())
    assert "xl/calcChain.xml" not in after and b"calcChain" not in after["[Content_Types].xml"]
    notes = [n for n in parts if n.startswith("xl/worksheets/")]
    unchanged = [n for n in notes if after[n] == parts[n]]
    assert len(unchanged) == len(notes) - 1  # only the value_scores sheet differs
    reread = openpyxl.load_workbook(folder / "inputs.xlsx")
    assert reread["notes"]["B2"].value == "=B1*2" and reread["notes"]["A1"].font.b
    assert reread["value_scores"]["C2"].value == 4.5


# --- conflicts -----------------------------------------------------------------------------------


def test_a_second_editor_of_the_same_table_gets_a_conflict_not_a_silent_overwrite(northwind):
    first = editing.load_table(northwind, "value_scores")
    second = editing.load_table(northwind, "value_scores")
    first.save(_set(first.frame, 0, "score", "1"))

    with pytest.raises(SaveConflictError) as caught:
        second.save(_set(second.frame, 1, "score", "0"))

    message = str(caught.value)
    assert "value_scores.csv" in message and "northwind-outdoor" in message
    assert "run this cell again" in message
    lines = (northwind / "value_scores.csv").read_text().splitlines()
    assert lines[1].endswith(",1") and lines[2] == "nw-instagram,lead_generation,3"
    assert len(_history(northwind)) == 1


def test_a_change_made_by_hand_after_loading_is_a_conflict(northwind):
    edit = editing.load_table(northwind, "ogst")
    path = northwind / "ogst.csv"
    path.write_text(path.read_text().replace("440000", "450000"))
    by_hand = path.read_bytes()
    with pytest.raises(SaveConflictError):
        edit.save(_set(edit.frame, 0, "target", "460000"))
    assert path.read_bytes() == by_hand


def test_two_saves_at_the_same_moment_save_one_and_refuse_the_other(northwind):
    edits = [editing.load_table(northwind, "value_scores") for _ in range(2)]
    outcomes = []
    start = threading.Barrier(2)

    def save(edit, score):
        start.wait()
        try:
            outcomes.append(edit.save(_set(edit.frame, 0, "score", score)))
        except SaveConflictError as exc:
            outcomes.append(exc)

    threads = [threading.Thread(target=save, args=(e, s)) for e, s in zip(edits, "12", strict=True)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    saved = [o for o in outcomes if isinstance(o, editing.Saved)]
    refused = [o for o in outcomes if isinstance(o, SaveConflictError)]
    assert len(saved) == 1 and len(refused) == 1
    assert len(_history(northwind)) == 1


def test_editors_of_different_sheets_of_one_workbook_do_not_conflict(ledgerline):
    scores = editing.load_table(ledgerline, "value_scores")
    goals = editing.load_table(ledgerline, "ogst")
    scores.save(_set(scores.frame, 0, "score", "0"))
    goals.save(_set(goals.frame, 0, "goal", "A goal set in the second editor"))
    client = intake.read_client_folder(ledgerline)
    assert client.table("value_scores").iloc[0]["score"] == 0
    assert client.table("ogst").iloc[0]["goal"] == "A goal set in the second editor"
    assert len(_history(ledgerline)) == 2


def test_a_save_waits_while_another_holds_the_folder_lock(northwind):
    from filelock import FileLock

    edit = editing.load_table(northwind, "value_scores")
    (northwind / editing.HISTORY_DIR).mkdir(exist_ok=True)
    saver = threading.Thread(target=edit.save, args=(_set(edit.frame, 0, "score", "3"),))
    with FileLock(northwind / editing.HISTORY_DIR / ".lock"):  # as another notebook's save would
        saver.start()
        saver.join(1.0)
        assert saver.is_alive()  # waiting for the lock
        assert (
            "nw-instagram,brand_awareness,3\n" not in (northwind / "value_scores.csv").read_text()
        )
    saver.join(30)
    assert not saver.is_alive()
    assert "nw-instagram,brand_awareness,3\n" in (northwind / "value_scores.csv").read_text()
