"""validate that helps: nothing in the folder ignored silently, repeated problems grouped, the
starter's example row refused, dropped duplicates named (issue 23, items 2 and 8)."""

from __future__ import annotations

import pytest
from clientfolders import ECOSYSTEM, POSTS, csv_rows, find, write_client, xlsx_bytes

from socialworkbook import cli, intake
from socialworkbook.errors import ValidationError

POSTS_HEADER = "post_id,component_id,published_at,likes\n"


@pytest.fixture
def root(tmp_path):
    return tmp_path / "client_data"


def check(root, files=None, slug="acme"):
    write_client(root, slug, files)
    return intake.check_client(slug, root)


# ----------------------------------------------------------------------------- unread files


def test_a_table_saved_as_a_workbook_is_a_problem_naming_what_is_read(root):
    rows = csv_rows(POSTS)
    problems, warnings = check(root, {"posts.xlsx": xlsx_bytes({"Sheet1": rows})})
    problem = find(problems, file="posts.xlsx")
    assert "this file is not read" in problem.message
    assert "posts.csv" in problem.message and "sheet 'posts' of inputs.xlsx" in problem.message
    assert "socialworkbook import acme posts.xlsx" in problem.fix
    assert warnings == []
    with pytest.raises(ValidationError):  # so `run` refuses it, never an empty figures section
        intake.read_client("acme", root)


@pytest.mark.parametrize(
    ("name", "said"),
    [
        ("Posts.CSV", "rename it to 'posts.csv'"),
        ("inputs.xls", "save it as 'inputs.xlsx'"),
        ("mentions.txt", "save it as mentions.csv"),
        ("Metrics.xlsx", "save it as metrics.csv"),
        ("inputs.ods", "save it as 'inputs.xlsx'"),
        ("client.yml", "save it as 'client.yaml'"),
    ],
)
def test_a_table_named_file_in_another_form_is_a_problem(root, name, said):
    problems, _ = check(root, {name: "post_id\n"})
    assert said in find(problems, file=name).fix


def test_an_export_dropped_in_is_a_warning_and_the_client_stays_valid(root):
    export = "Post ID,Permalink,Reactions\n1,https://x,5\n"
    problems, warnings = check(root, {"Facebook-Posts-Jul-1-2026.csv": export})
    assert problems == []
    (warning,) = warnings
    assert warning.file == "Facebook-Posts-Jul-1-2026.csv"
    assert "is not read" in warning.message and "posts" in warning.message
    assert "socialworkbook import acme Facebook-Posts-Jul-1-2026.csv" in warning.fix
    client = intake.read_client("acme", root)
    assert [w.file for w in client.warnings] == ["Facebook-Posts-Jul-1-2026.csv"]


def test_files_that_are_not_inputs_are_not_mentioned(root):
    folder = write_client(
        root,
        "acme",
        {
            "README.md": "notes",
            "logo.png": b"\x89PNG",
            ".salt": "x" * 32,
            "~$inputs.xlsx": b"lock",
            "notes.docx": b"doc",
        },
    )
    (folder / ".history").mkdir()
    (folder / ".history" / "posts.xlsx").write_bytes(b"old")
    (folder / "exports").mkdir()
    (folder / "exports" / "posts.xlsx").write_bytes(b"kept aside")
    assert intake.check_client("acme", root) == ([], [])


# ----------------------------------------------------------------------------- grouped problems


def test_one_misspelt_component_in_many_rows_is_one_problem_with_a_suggestion(root):
    ecosystem = ECOSYSTEM.replace("fb,Facebook page", "sc-facebook,Facebook page")
    rows = "".join(f"p{i},sc-facebok,2026-07-01,1\n" for i in range(1212))
    problems, _ = check(root, {"ecosystem.csv": ecosystem, "posts.csv": POSTS_HEADER + rows})
    (problem,) = problems
    assert (problem.row, problem.count, problem.value) == (2, 1212, "sc-facebok")
    assert problem.rows == (2, 1213)
    text = str(problem)
    assert text.startswith("posts.csv, rows 2-1213 (1,212 rows), column 'component_id'")
    assert "did you mean 'sc-facebook'?" in problem.fix


def test_a_few_repeated_rows_are_listed_and_many_scattered_ones_counted(root):
    rows = [
        f"p{i},{'ghost' if i % 2 else 'fb'},2026-07-01,{-1 if i < 3 else 1}\n" for i in range(40)
    ]
    problems, _ = check(root, {"posts.csv": POSTS_HEADER + "".join(rows)})
    likes = find(problems, column="likes")
    assert str(likes).startswith("posts.csv, rows 2-4 (3 rows), column 'likes'")
    ghost = find(problems, column="component_id")
    assert ghost.count == 20 and ghost.rows == (3, 41)
    assert "20 rows from row 3 to row 41" in str(ghost)
    assert "did you mean" not in ghost.fix  # nothing like 'ghost' in the ecosystem
    few = "".join(f"p{i},{'ghost' if i in (0, 2, 4) else 'fb'},2026-07-01,1\n" for i in range(6))
    problems, _ = check(root, {"posts.csv": POSTS_HEADER + few})
    assert str(find(problems, column="component_id")).startswith("posts.csv, rows 2, 4 and 6,")


def test_different_values_stay_apart_and_one_row_reads_as_before(root):
    text = POSTS.replace("p2,fb", "p2,ghost").replace("p3,forum", "p3,phantom")
    problems, _ = check(root, {"posts.csv": text})
    assert [(p.row, p.value, p.count) for p in problems] == [(3, "ghost", 1), (4, "phantom", 1)]
    assert str(problems[0]).startswith("posts.csv, row 3, column 'component_id'")


def test_the_validate_command_prints_one_line_for_a_repeated_problem(root, capsys):
    rows = "".join(f"p{i},Forum,2026-07-01,1\n" for i in range(500))
    write_client(root, "acme", {"posts.csv": POSTS_HEADER + rows})
    assert cli.main(["validate", "acme", "--data-root", str(root)]) == 1
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == "acme: 1 problem(s)" and len(lines) == 2
    assert "rows 2-501 (500 rows)" in lines[1] and "did you mean 'forum'?" in lines[1]


# ----------------------------------------------------------------------------- duplicates


def test_dropped_duplicate_rows_are_a_warning_with_their_count(root):
    lines = POSTS.splitlines(keepends=True)
    text = "".join(lines + [lines[1]] * 2 + [lines[3]])
    problems, warnings = check(root, {"posts.csv": text})
    assert problems == []
    (warning,) = warnings
    assert warning.file == "posts.csv" and "3 exact duplicate row(s) dropped" in warning.message
    client = intake.read_client("acme", root)
    assert client.data_quality["posts"]["duplicate_rows_dropped"] == 3
    assert len(client.table("posts")) == 3


def test_the_validate_command_prints_warnings_and_stays_valid(root, capsys):
    lines = POSTS.splitlines(keepends=True)
    write_client(root, "acme", {"posts.csv": "".join(lines + [lines[2]]), "export.xlsx": b"x"})
    assert cli.main(["validate", "acme", "--data-root", str(root)]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0] == "acme: valid, 2 warning(s)"
    assert out[1].startswith("  WARNING export.xlsx: this file is not read")
    assert out[2].startswith("  WARNING posts.csv: 1 exact duplicate row(s) dropped")
