"""Hostile inputs (tests/hostile/): clean problems, never a crash, never a written file."""

from __future__ import annotations

import importlib.util
import os
from pathlib import Path

import pytest
from clientfolders import POSTS, csv_rows, snapshot, write_client, xlsx_bytes

from socialworkbook import intake
from socialworkbook.errors import Problem, ValidationError
from socialworkbook.intake import csv_reader, raw, xlsx_reader

HOSTILE = Path(__file__).parents[1] / "hostile"

# file of the corpus -> (where it goes in the client folder, the file a problem names, words of it)
CASES = {
    "latin1_encoded_posts.csv": ("posts.csv", "posts.csv", "not UTF-8"),
    "utf16_with_bom_posts.csv": ("posts.csv", "posts.csv", "not UTF-8"),
    "utf16_without_bom_posts.csv": ("posts.csv", "posts.csv", "NUL characters"),
    "binary_png_as_posts.csv": ("posts.csv", "posts.csv", "not UTF-8"),
    "stray_quote_posts.csv": ("posts.csv", "posts.csv", "never closed"),
    "truncated_mid_row_posts.csv": ("posts.csv", "posts.csv", "cut off"),
    "truncated_inside_quotes_posts.csv": ("posts.csv", "posts.csv", "never closed"),
    "unquoted_comma_posts.csv": ("posts.csv", "posts.csv", "header row names 9 columns"),
    "empty_posts.csv": ("posts.csv", "posts.csv", "is empty"),
    "only_blank_lines_posts.csv": ("posts.csv", "posts.csv", "no header row"),
    "header_1000_columns_posts.csv": ("posts.csv", "posts.csv", "more than the 200"),
    "duplicate_header_posts.csv": ("posts.csv", "posts.csv", "used twice"),
    "huge_numbers_posts.csv": ("posts.csv", "posts.csv", "too large"),
    "nan_and_inf_posts.csv": ("posts.csv", "posts.csv", "not a whole number"),
    "far_dates_posts.csv": ("posts.csv", "posts.csv", "ISO 8601"),
    "yaml_python_object_tag.yaml": ("client.yaml", "client.yaml", "tag that is not allowed"),
    "yaml_python_name_tag.yaml": ("client.yaml", "client.yaml", "tag that is not allowed"),
    "yaml_billion_laughs.yaml": ("client.yaml", "client.yaml", "not a key"),
    "yaml_deep_nesting.yaml": ("client.yaml", "client.yaml", "nested too deeply"),
    "yaml_list_not_mapping.yaml": ("client.yaml", "client.yaml", "is a list"),
    "yaml_two_documents.yaml": ("client.yaml", "client.yaml", "not valid YAML"),
    "yaml_latin1.yaml": ("client.yaml", "client.yaml", "not UTF-8"),
    "zip_bomb_inputs.xlsx": ("inputs.xlsx", "inputs.xlsx", "zip bomb"),
    "not_a_zip_inputs.xlsx": ("inputs.xlsx", "inputs.xlsx", "not an Excel workbook"),
    "truncated_inputs.xlsx": ("inputs.xlsx", "inputs.xlsx", "not an Excel workbook"),
    "many_sheets_inputs.xlsx": ("inputs.xlsx", "inputs.xlsx", "101 sheets"),
    "xml_entity_bomb_inputs.xlsx": ("inputs.xlsx", "inputs.xlsx", "declares XML entities"),
    "cell_far_right_inputs.xlsx": ("inputs.xlsx", "inputs.xlsx[posts]", "too big"),
    "macro_workbook_inputs.xlsm": ("inputs.xlsm", "inputs.xlsm", "not read"),
}

# Files that look hostile but are valid data: kept as the text they are, nothing evaluated.
VALID = {
    "formula_and_markup_text_posts.csv": "posts.csv",
    "huge_declared_dimension_inputs.xlsx": "inputs.xlsx",
}


def test_every_corpus_file_has_a_case():
    corpus = {p.name for p in HOSTILE.iterdir() if p.suffix != ".py" and p.name != "__pycache__"}
    assert corpus == set(CASES) | set(VALID)


def assert_clean_refusal(root: Path, file: str, words: str) -> list[Problem]:
    """validate lists a problem of `file` saying `words`; read_client raises ValidationError."""
    folder = root / "acme"
    before = snapshot(folder)
    problems = intake.validate("acme", root)
    assert any(p.file == file and words in p.message for p in problems), "\n".join(
        map(str, problems)
    )
    for problem in problems:
        assert problem.file and problem.message and problem.fix and str(problem)
        assert problem.row is None or problem.row >= 1
        assert problem.value is None or len(problem.value) <= 203
    with pytest.raises(ValidationError) as caught:
        intake.read_client("acme", root)
    assert caught.value.problems == problems
    assert snapshot(folder) == before, "a file was written in the client folder"
    return problems


def write_hostile_client(root: Path, name: str) -> tuple[str, str]:
    """Write client `acme` under `root` with corpus file `name`; return the file named, words."""
    install, file, words = CASES[name]
    files = {install: (HOSTILE / name).read_bytes()}
    if install == "inputs.xlsx" and "far_right" not in name and "dimension" not in name:
        files["ecosystem.csv"] = None  # the workbook would have held it
    write_client(root, "acme", files)
    return file, words


@pytest.mark.parametrize("name", sorted(CASES))
def test_hostile_file_gives_a_clean_problem(tmp_path, monkeypatch, name):
    monkeypatch.chdir(tmp_path)  # a YAML tag that ran a command would leave a file here
    file, words = write_hostile_client(tmp_path / "data", name)
    assert_clean_refusal(tmp_path / "data", file, words)
    assert sorted(os.listdir(tmp_path)) == ["data"]


def test_specific_locations_in_the_corpus(tmp_path):
    cases = {
        "latin1_encoded_posts.csv": 3,
        "utf16_with_bom_posts.csv": 1,
        "stray_quote_posts.csv": 3,
        "truncated_mid_row_posts.csv": 4,
        "unquoted_comma_posts.csv": 3,
    }
    for name, row in cases.items():
        write_client(tmp_path, "acme", {"posts.csv": (HOSTILE / name).read_bytes()})
        problems = intake.validate("acme", tmp_path)
        assert [p.row for p in problems if p.file == "posts.csv"][0] == row, name


def _posts_of(root: Path, install: str, name: str):
    """The posts of client `acme` under `root` whose file `install` is corpus file `name`."""
    write_client(root, "acme", {install: (HOSTILE / name).read_bytes()})
    return intake.read_client("acme", root).table("posts")


def test_formulas_and_markup_are_kept_as_plain_text(tmp_path):
    posts = _posts_of(tmp_path, "posts.csv", "formula_and_markup_text_posts.csv")
    assert list(posts["post_type"])[1:] == ["=cmd|' /C calc'!A0", "<script>alert(1)</script>"]
    assert posts["post_id"].iloc[2] == "../../etc/passwd"


def test_link_to_a_file_outside_the_folder_is_refused(tmp_path):
    secret = tmp_path / "secret.csv"
    secret.write_text(POSTS)
    folder = write_client(tmp_path / "data", "acme")
    (folder / "posts.csv").symlink_to(secret)
    assert_clean_refusal(tmp_path / "data", "posts.csv", "outside the client folder")


@pytest.mark.parametrize("kind", ["fifo", "directory"])
def test_input_that_is_not_a_regular_file_is_refused(tmp_path, kind):
    folder = write_client(tmp_path, "acme")
    if kind == "fifo":
        os.mkfifo(folder / "posts.csv")  # reading it would block forever
    else:
        (folder / "posts.csv").mkdir()
    assert_clean_refusal(tmp_path, "posts.csv", "not a regular file")


def test_one_megabyte_cells_do_not_crash(tmp_path):
    big = "x" * (1 << 20)
    text = POSTS.replace("photo", big)
    write_client(tmp_path, "acme", {"posts.csv": text})
    assert intake.read_client("acme", tmp_path).table("posts")["post_type"].iloc[0] == big
    write_client(tmp_path, "acme", {"posts.csv": text.replace(",10,", f",{big},")})
    problems = assert_clean_refusal(tmp_path, "posts.csv", "whole number")
    assert problems[0].value == "x" * 200 + "..."


def test_one_megabyte_quoted_cell_with_newlines(tmp_path):
    big = ("line\n" * 200_000).strip()
    write_client(tmp_path, "acme", {"posts.csv": POSTS.replace("photo", f'"{big}"')})
    posts = intake.read_client("acme", tmp_path).table("posts")
    assert posts["post_type"].iloc[0] == big and list(posts["_row"]) == [2, 3, 4]


def test_oversized_client_yaml_is_refused_unread(tmp_path):
    write_client(
        tmp_path, "acme", {"client.yaml": "name: Acme\nperiod: 2026-Q3\n#" + "x" * (1 << 20)}
    )
    assert_clean_refusal(tmp_path, "client.yaml", "more than the")


@pytest.mark.parametrize(
    "limit,install,file,words",
    [
        ("_MAX_CSV_BYTES", "posts.csv", "posts.csv", "more than the"),
        ("_MAX_XLSX_BYTES", "inputs.xlsx", "inputs.xlsx", "more than the"),
        ("MAX_ROWS", "inputs.xlsx", "inputs.xlsx[posts]", "too big"),
        ("MAX_ROWS", "posts.csv", "posts.csv", "more than 2 rows"),
    ],
)
def test_size_limits_refuse_quickly(tmp_path, monkeypatch, limit, install, file, words):
    for reader in (raw, csv_reader, xlsx_reader):  # each reader holds the limits it checks
        if hasattr(reader, limit):
            monkeypatch.setattr(reader, limit, 2 if limit == "MAX_ROWS" else 100)
    data = xlsx_bytes({"posts": csv_rows(POSTS)}) if install == "inputs.xlsx" else POSTS
    write_client(tmp_path, "acme", {install: data})
    assert_clean_refusal(tmp_path, file, words)


def test_corpus_matches_its_generator():
    spec = importlib.util.spec_from_file_location("make_hostile", HOSTILE / "make_hostile.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    generated = module.files()
    assert set(generated) == set(CASES) | set(VALID)
    for name, data in generated.items():
        if not name.endswith((".xlsx", ".xlsm")):  # zips hold timestamps
            assert (HOSTILE / name).read_bytes() == data, f"{name} differs from make_hostile.py"


def test_a_workbook_whose_declared_size_lies_is_read_by_its_real_rows(tmp_path):
    # its posts sheet declares A1:XFD1048576 and holds a header and 3 posts: calamine reads
    # what is there, allocating nothing for the declared size
    posts = _posts_of(tmp_path, "inputs.xlsx", "huge_declared_dimension_inputs.xlsx")
    assert list(posts["post_id"]) == ["p1", "p2", "p3"]
