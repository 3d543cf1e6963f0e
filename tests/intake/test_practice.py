"""practice.yaml (the consultancy on every pack) and the analyst's commentary ("Our view")."""

from __future__ import annotations

from pathlib import Path

import pytest

from socialworkbook.errors import WorkspaceError
from socialworkbook.intake.practice import Practice, read_commentary, read_practice

ROOT = Path(__file__).resolve().parents[2]


def test_the_example_practice_reads_with_its_logo():
    practice = read_practice(ROOT / "client_data")
    assert practice == Practice(
        "Harbour & Pine Consulting",
        (ROOT / "client_data" / "practice-logo.svg").resolve(),
        "hello@harbourpine.example · +44 20 7946 0000",
        "#2f5d50",
    )


def test_no_practice_file_is_no_practice(tmp_path):
    assert read_practice(tmp_path) is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("name: [A", "not readable as YAML"),
        ("name: A\nname: B", "key 'name' is given twice"),
        ("colour: '#112233'\nname: A", "key colour is '#112233': the keys are name, logo"),
        ("contact: x", "name is None: the practice's name as packs show it"),
        ("name: A\ncolor: green", "color is 'green': the practice's colour as #rrggbb"),
        ("name: A\nlogo: ../logo.png", "logo is '../logo.png': a PNG, JPEG or SVG file beside"),
        ("name: A\nlogo: missing.png", "logo is 'missing.png'"),
        ("name: A\nlogo: notes.txt", "logo is 'notes.txt'"),
        ("- a\n- b", "the file is ['a', 'b']: write one 'key: value' per line"),
    ],
)
def test_a_wrong_practice_file_says_file_key_value_and_fix(tmp_path, text, expected):
    (tmp_path / "notes.txt").write_text("x")
    (tmp_path / "practice.yaml").write_text(text)
    with pytest.raises(WorkspaceError) as raised:
        read_practice(tmp_path)
    assert str(raised.value).startswith(f"{tmp_path / 'practice.yaml'}")
    assert expected in str(raised.value)


def test_a_practice_file_not_in_utf8_says_so(tmp_path):
    (tmp_path / "practice.yaml").write_bytes("name: Caf\xe9".encode("latin-1"))
    with pytest.raises(WorkspaceError, match="is not UTF-8: save the file with UTF-8 encoding"):
        read_practice(tmp_path)


def test_commentary_is_the_period_file_without_its_title(tmp_path):
    folder = tmp_path / "acme"
    (folder / "commentary").mkdir(parents=True)
    assert read_commentary(folder, "2026-Q3") == ""
    (folder / "commentary" / "2026-Q3.md").write_text(
        "\ufeff# Our view\n\nFirst <b>para</b>.\n\nSecond.\n"
    )
    assert read_commentary(folder, "2026-Q3") == "First <b>para</b>.\n\nSecond."
    assert read_commentary(folder, "2026-Q2") == ""
