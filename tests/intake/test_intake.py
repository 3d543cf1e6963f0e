"""intake: every rule of CONTRACT.md section 1, each problem located by file, row, column, value."""

from __future__ import annotations

import datetime as dt
import hashlib

import numpy as np
import pandas as pd
import pytest
from clientfolders import (
    CLIENT_YAML,
    ECOSYSTEM,
    MENTIONS,
    POSTS,
    csv_rows,
    find,
    random_posts,
    snapshot,
    write_client,
    xlsx_bytes,
)

from socialworkbook import intake, vocab
from socialworkbook.errors import BadSlugError, ClientNotFoundError, ValidationError


@pytest.fixture
def root(tmp_path):
    return tmp_path / "client_data"


def problems_of(root, files=None, slug="acme"):
    write_client(root, slug, files)
    return intake.validate(slug, root)


def read(root, files=None, slug="acme", **kwargs):
    write_client(root, slug, files)
    return intake.read_client(slug, root, **kwargs)


def assert_located(problem, file, row, column, value):
    """The problem names the file, row, column and value, in its fields and its text."""
    assert (problem.file, problem.row, problem.column, problem.value) == (file, row, column, value)
    text = str(problem)
    assert file in text and f"row {row}" in text and f"'{column}'" in text and value in text
    assert problem.fix


# ---------------------------------------------------------------------------------------------
# The client slug


@pytest.mark.parametrize(
    "slug", ["../x", "a/b", "Acme", "with space", "a" * 65, "", ".hidden", "-x"]
)
def test_bad_slugs_are_refused_before_any_file_is_touched(tmp_path, monkeypatch, slug):
    root = tmp_path / "does-not-exist"

    def touched(*args, **kwargs):
        raise AssertionError("a file was touched")

    monkeypatch.setattr(intake.folder, "_read_folder", touched)
    for call in (intake.read_client, intake.validate):
        with pytest.raises(BadSlugError, match="not a client slug"):
            call(slug, root)
    assert not root.exists()


def test_traversal_slug_does_not_read_a_sibling_folder(tmp_path):
    root = tmp_path / "client_data"
    root.mkdir()
    outside = write_client(tmp_path, "x")  # tmp_path/x, reachable as client_data/../x
    before = snapshot(outside)
    with pytest.raises(BadSlugError):
        intake.read_client("../x", root)
    assert snapshot(outside) == before


def test_slug_of_64_characters_is_accepted(root):
    slug = "a" * 64
    assert read(root, slug=slug).slug == slug


def test_missing_client_folder_is_its_own_error(root):
    root.mkdir()
    with pytest.raises(ClientNotFoundError, match="socialworkbook new"):
        intake.read_client("nobody", root)


# ---------------------------------------------------------------------------------------------
# Files: required, csv or xlsx, not both


def test_valid_client_reads_into_normalised_tables(root):
    client = read(root, {"posts.csv": POSTS, "mentions.csv": MENTIONS})
    assert client.slug == "acme" and client.config.name == "Acme Outdoor"
    assert client.period.label == "2026-Q3" and client.baseline.label == "2026-Q2"
    assert list(client.tables) == list(vocab.TABLES)
    assert client.sources == {"ecosystem": "csv", "posts": "csv", "mentions": "csv"}
    assert set(client.inputs_sha256) == {
        "client.yaml",
        "ecosystem.csv",
        "posts.csv",
        "mentions.csv",
    }
    assert all(len(h) == 64 for h in client.inputs_sha256.values())
    quality = {k: v for k, v in client.data_quality["posts"].items() if k != "coverage"}
    assert quality == {  # forum's one post leaves shares blank: not measured
        "rows": 3,
        "blank_counts_read_as_zero": 1,
        "blank_counts_not_measured": 1,
        "duplicate_rows_dropped": 0,
    }


def test_client_yaml_is_required(root):
    problem = find(problems_of(root, {"client.yaml": None}), file="client.yaml")
    assert "missing" in problem.message and "name" in problem.fix


def test_ecosystem_is_required(root):
    problem = find(problems_of(root, {"ecosystem.csv": None}), file="ecosystem.csv")
    assert "ecosystem table is missing" in problem.message
    assert "component_id" in problem.fix and "inputs.xlsx" in problem.fix


def test_ecosystem_needs_a_component(root):
    problems = problems_of(root, {"ecosystem.csv": ECOSYSTEM.splitlines()[0] + "\n"})
    assert "no components" in find(problems, file="ecosystem.csv").message


def test_header_only_optional_table_is_a_valid_empty_table(root):
    client = read(root, {"posts.csv": "post_id,component_id,published_at,likes\n"})
    posts = client.table("posts")
    assert len(posts) == 0 and posts["likes"].dtype == "int64"
    assert client.data_quality["posts"]["rows"] == 0


def test_empty_table_file_is_a_problem(root):
    problem = find(problems_of(root, {"posts.csv": ""}), file="posts.csv")
    assert "empty" in problem.message and "header row" in problem.fix


def test_absent_optional_tables_are_empty_frames_with_every_column(root):
    client = read(root)
    for name, spec in vocab.TABLES.items():
        if name == "ecosystem":
            continue
        frame = client.table(name)
        assert len(frame) == 0
        assert [c.name for c in spec.columns] + ["_row"] == list(frame.columns)
    assert client.table("posts")["published_at"].dtype == "datetime64[ns]"
    assert set(client.data_quality) == {"ecosystem"}


def test_table_in_csv_and_workbook_is_a_problem_naming_both(root):
    book = xlsx_bytes({"posts": csv_rows(POSTS)})
    problem = find(problems_of(root, {"posts.csv": POSTS, "inputs.xlsx": book}), file="posts.csv")
    assert "posts.csv" in problem.message and "inputs.xlsx" in problem.message
    assert "sheet 'posts'" in problem.message


def test_workbook_and_csv_give_identical_normalised_tables(tmp_path):
    tables = {"ecosystem": ECOSYSTEM, "posts": POSTS, "mentions": MENTIONS}
    as_csv = write_client(tmp_path / "a", "acme", {f"{n}.csv": t for n, t in tables.items()})
    sheets = {}
    for name, text in tables.items():
        rows = csv_rows(text)
        # Numbers as spreadsheet numbers, dates as spreadsheet dates: what Excel would store.
        sheets[name] = [rows[0]] + [[_as_cell(v) for v in row] for row in rows[1:]]
    as_xlsx = write_client(tmp_path / "b", "acme", {"ecosystem.csv": None})
    (as_xlsx / "inputs.xlsx").write_bytes(xlsx_bytes(sheets))
    a = intake.read_client_folder(as_csv)
    b = intake.read_client_folder(as_xlsx, salt_folder=as_csv)
    assert b.sources == {"ecosystem": "xlsx", "posts": "xlsx", "mentions": "xlsx"}
    assert set(b.inputs_sha256) == {"client.yaml", "inputs.xlsx"}
    for name in vocab.TABLES:
        pd.testing.assert_frame_equal(a.table(name), b.table(name))
    assert a.data_quality == b.data_quality


def _as_cell(value: str):
    if value.isdigit():
        return int(value)
    if value[:4].isdigit() and value[4:5] == "-":
        return dt.datetime.fromisoformat(value)
    return value or None


def test_workbook_problems_name_the_sheet_and_the_spreadsheet_row(root):
    rows = csv_rows(POSTS)
    rows[2][4] = "-3"  # likes of p2, spreadsheet row 3
    problems = problems_of(root, {"inputs.xlsx": xlsx_bytes({"posts": rows})})
    assert_located(find(problems), "inputs.xlsx[posts]", 3, "likes", "-3")


def test_other_sheets_are_ignored_but_a_miscased_sheet_is_reported(root):
    book = xlsx_bytes({"notes": [["anything"]], "Posts": csv_rows(POSTS)})
    problem = find(problems_of(root, {"inputs.xlsx": book}))
    assert problem.file == "inputs.xlsx[Posts]" and "'posts'" in problem.fix


def test_miscased_file_name_is_reported(root):
    problem = find(problems_of(root, {"Posts.csv": POSTS}))
    assert problem.file == "Posts.csv" and "posts.csv" in problem.fix


def test_macro_workbook_is_not_read(root):
    problem = find(problems_of(root, {"inputs.xlsm": b"PK"}))
    assert problem.file == "inputs.xlsm" and "inputs.xlsx" in problem.fix


def test_formulas_are_not_evaluated(root):
    rows = csv_rows(POSTS)
    rows[1][4] = "=1+1"  # no cached value: read as an empty cell, i.e. 0 likes
    client = read(root, {"inputs.xlsx": xlsx_bytes({"posts": rows})})
    assert client.table("posts")["likes"].iloc[0] == 0


# ---------------------------------------------------------------------------------------------
# CSV conventions: BOM, CRLF, blank lines, stripping, extra columns, multi-valued cells


def test_bom_and_crlf_are_accepted(root):
    data = b"\xef\xbb\xbf" + POSTS.replace("\n", "\r\n").encode()
    client = read(root, {"posts.csv": data})
    assert list(client.table("posts")["post_id"]) == ["p1", "p2", "p3"]
    assert list(client.table("posts").columns[:2]) == ["post_id", "component_id"]


def test_blank_lines_are_ignored_but_counted_in_row_numbers(root):
    lines = POSTS.splitlines()
    text = "\n".join([lines[0], "", lines[1], " , ,", lines[2].replace(",5,", ",x,")]) + "\n"
    problems = problems_of(root, {"posts.csv": text})
    assert_located(find(problems), "posts.csv", 5, "likes", "x")
    client_rows = read(root, {"posts.csv": text.replace(",x,", ",5,")}).table("posts")["_row"]
    assert list(client_rows) == [3, 5]


def test_quoted_newline_is_one_spreadsheet_row(root):
    text = POSTS.replace("photo", '"photo\nwith caption"').replace(",5,", ",x,")
    assert_located(find(problems_of(root, {"posts.csv": text})), "posts.csv", 3, "likes", "x")


def test_cells_and_column_names_are_stripped(root):
    text = " post_id , component_id,published_at\n p1 ,fb , 2026-07-01 \n"
    posts = read(root, {"posts.csv": text}).table("posts")
    assert posts.loc[0, "post_id"] == "p1" and posts.loc[0, "component_id"] == "fb"


def test_extra_columns_are_kept_as_text(root):
    text = "post_id,component_id,published_at,campaign\np1,fb,2026-07-01,summer 2026\n"
    posts = read(root, {"posts.csv": text}).table("posts")
    assert posts.loc[0, "campaign"] == "summer 2026" and posts["campaign"].dtype == "str"


def test_column_differing_only_in_case_is_a_problem(root):
    text = "Post_ID,component_id,published_at\np1,fb,2026-07-01\n"
    problems = problems_of(root, {"posts.csv": text})
    missing = find(problems, column="post_id")
    assert missing.row == 1 and "rename column 'Post_ID'" in missing.fix
    assert find(problems, column="Post_ID").row == 1


def test_duplicate_column_names_are_a_problem(root):
    text = "post_id,component_id,published_at,likes,likes\np1,fb,2026-07-01,1,2\n"
    problem = find(problems_of(root, {"posts.csv": text}), column="likes")
    assert problem.row == 1 and "twice" in problem.message and "D and E" in problem.message


def test_values_under_an_unnamed_column_are_a_problem(root):
    text = "post_id,component_id,published_at,\np1,fb,2026-07-01,oops\n"
    problem = find(problems_of(root, {"posts.csv": text}))
    assert (problem.row, problem.value) == (2, "oops") and "column D" in problem.message


def test_trailing_empty_header_cells_are_ignored(root):
    text = "post_id,component_id,published_at,,\np1,fb,2026-07-01,,\n"
    assert list(read(root, {"posts.csv": text}).table("posts")["post_id"]) == ["p1"]


def test_multi_valued_cells_become_tuples(root):
    eco = read(root).table("ecosystem")
    assert eco.loc[0, "purposes"] == ("listening", "talking")
    assert eco.loc[1, "purposes"] == ("supporting",) and eco.loc[0, "audience"] == ()


def test_multi_valued_cell_with_a_bad_item_is_a_problem(root):
    eco = ECOSYSTEM.replace("listening;talking", "listening; shouting")
    problem = find(problems_of(root, {"ecosystem.csv": eco}))
    assert_located(problem, "ecosystem.csv", 2, "purposes", "shouting")
    assert "listening, talking, energizing" in problem.fix


# ---------------------------------------------------------------------------------------------
# Required columns and cells, ids


@pytest.mark.parametrize(
    "table,header",
    [
        ("ecosystem", "component_id,name,component_type"),
        ("posts", "post_id,component_id"),
        ("mentions", "mention_id,published_at"),
        ("metrics", "date,metric"),
        ("value_scores", "component_id,dimension"),
        ("ogst", "component_id"),
        ("functions", "business_function,business_objective"),
    ],
)
def test_missing_required_column_is_a_problem(root, table, header):
    spec = vocab.TABLES[table]
    missing = [c for c in spec.required_columns if c not in header.split(",")]
    problems = problems_of(root, {f"{table}.csv": header + "\n"})
    for column in missing:
        problem = find(problems, file=f"{table}.csv", column=column)
        assert problem.row == 1 and "missing" in problem.message and column in problem.fix


def test_empty_required_cell_is_a_problem(root):
    text = "post_id,component_id,published_at\np1,,2026-07-01\n"
    problem = find(problems_of(root, {"posts.csv": text}))
    assert (problem.file, problem.row, problem.column) == ("posts.csv", 2, "component_id")
    assert "required" in problem.message


@pytest.mark.parametrize(
    "table,key,text",
    [
        ("posts", "post_id", POSTS.replace("p2,", "p1,")),
        ("mentions", "mention_id", MENTIONS.replace("m2,", "m1,")),
        ("ecosystem", "component_id", ECOSYSTEM.replace("forum,Support", "fb,Support")),
    ],
)
def test_duplicate_ids_are_a_problem_naming_both_rows(root, table, key, text):
    problem = find(problems_of(root, {f"{table}.csv": text}))
    assert (problem.file, problem.row, problem.column) == (f"{table}.csv", 3, key)
    assert "already used in row 2" in problem.message


def test_exact_duplicate_rows_are_dropped_and_counted(root):
    lines = POSTS.splitlines()
    text = "\n".join(lines + [lines[1], lines[2], lines[1]]) + "\n"
    client = read(root, {"posts.csv": text})
    assert list(client.table("posts")["post_id"]) == ["p1", "p2", "p3"]
    assert client.data_quality["posts"]["duplicate_rows_dropped"] == 3
    assert client.data_quality["posts"]["rows"] == 3


def test_exact_duplicates_are_dropped_in_tables_without_ids(root):
    text = "date,metric,value\n2026-07-01,response_time_hours,4\n2026-07-01,response_time_hours,4\n"
    client = read(root, {"metrics.csv": text})
    assert client.data_quality["metrics"] | {"coverage": None} == {
        "coverage": None,
        "rows": 1,
        "blank_counts_read_as_zero": 0,
        "blank_counts_not_measured": 0,
        "duplicate_rows_dropped": 1,
    }


def test_ecosystem_component_id_must_be_a_slug(root):
    eco = ECOSYSTEM.replace("forum,Support", "Support Forum,Support")
    problem = find(problems_of(root, {"ecosystem.csv": eco}))
    assert_located(problem, "ecosystem.csv", 3, "component_id", "Support Forum")


def test_post_and_mention_ids_may_be_any_text(root):
    posts = POSTS.replace("p1,", "Post #1 (FB),")
    assert read(root, {"posts.csv": posts}).table("posts").loc[0, "post_id"] == "Post #1 (FB)"


# ---------------------------------------------------------------------------------------------
# Controlled vocabularies


@pytest.mark.parametrize(
    "table,column,text,row",
    [
        ("ecosystem", "component_type", ECOSYSTEM.replace("customer_community", "forum"), 3),
        ("ecosystem", "continuum_stage", ECOSYSTEM.replace("mass_market", "mass"), 2),
        ("ecosystem", "status", ECOSYSTEM.replace(",active", ",Active"), 3),
        (
            "functions",
            "business_function",
            "business_function,business_objective,social_objective\nlegal,a,b\n",
            2,
        ),
        ("mentions", "label", MENTIONS.replace(",positive", ",great"), 2),
    ],
)
def test_vocabulary_values_outside_the_list_are_problems(root, table, column, text, row):
    problem = find(problems_of(root, {f"{table}.csv": text}))
    bad = {"component_type": "forum", "continuum_stage": "mass", "status": "Active"}
    bad |= {"business_function": "legal", "label": "great"}
    assert_located(problem, f"{table}.csv", row, column, bad[column])
    assert ", ".join(vocab.VOCABULARIES[column]) in problem.fix


@pytest.mark.parametrize("column", ["business_functions", "lifecycle_stages", "audience"])
def test_multi_valued_vocabularies_are_checked(root, column):
    eco = ECOSYSTEM.splitlines()
    text = "\n".join([eco[0] + f",{column}", eco[1] + ",nonsense", eco[2] + ","]) + "\n"
    problem = find(problems_of(root, {"ecosystem.csv": text}))
    assert_located(problem, "ecosystem.csv", 2, column, "nonsense")


def test_status_defaults_to_active(root):
    assert read(root).table("ecosystem").loc[0, "status"] == "active"


def test_dimension_must_be_known_or_declared(root):
    scores = "component_id,dimension,score\nfb,brand_awareness,4\nfb,employer_brand,3\n"
    problem = find(problems_of(root, {"value_scores.csv": scores}))
    assert_located(problem, "value_scores.csv", 3, "dimension", "employer_brand")
    assert "dimensions:" in problem.fix
    yaml = CLIENT_YAML + "dimensions: [employer_brand]\n"
    client = read(root, {"value_scores.csv": scores, "client.yaml": yaml})
    assert client.config.dimensions == ("employer_brand",)
    assert list(client.table("value_scores")["dimension"]) == ["brand_awareness", "employer_brand"]


# ---------------------------------------------------------------------------------------------
# Dates


@pytest.mark.parametrize(
    "written,expected",
    [
        ("2026-07-01", "2026-07-01 00:00:00"),
        ("2026-07-01T10:30", "2026-07-01 10:30:00"),
        ("2026-07-01 10:30:15", "2026-07-01 10:30:15"),
        ("2026-07-01T10:30:00+02:00", "2026-07-01 10:30:00"),
        ("2026-07-01T10:30:00-05:00", "2026-07-01 10:30:00"),
        ("2026-07-01T23:30:00Z", "2026-07-01 23:30:00"),
    ],
)
def test_dates_with_or_without_offset_keep_the_wall_clock_time(root, written, expected):
    text = f"post_id,component_id,published_at\np1,fb,{written}\n"
    published = read(root, {"posts.csv": text}).table("posts")["published_at"]
    assert published.dtype == "datetime64[ns]" and str(published.iloc[0]) == expected


def test_mixed_offsets_in_one_column_keep_each_wall_clock_time(root):
    text = (
        "post_id,component_id,published_at\n"
        "p1,fb,2026-07-01T10:00:00+02:00\np2,fb,2026-07-01T10:00:00-07:00\np3,fb,2026-07-01\n"
    )
    published = read(root, {"posts.csv": text}).table("posts")["published_at"]
    assert [str(v) for v in published] == ["2026-07-01 10:00:00"] * 2 + ["2026-07-01 00:00:00"]


@pytest.mark.parametrize(
    "bad", ["07/01/2026", "2026-13-01", "2026-02-30", "yesterday", "9999-01-01"]
)
@pytest.mark.parametrize(
    "table,column,template",
    [
        ("posts", "published_at", "post_id,component_id,published_at\np1,fb,{}\n"),
        ("mentions", "published_at", "mention_id,published_at,text\nm1,{},hi\n"),
        ("metrics", "date", "date,metric,value\n{},x,1\n"),
        ("ogst", "target_date", "component_id,objective,target_date\nfb,grow,{}\n"),
    ],
)
def test_unparseable_dates_are_problems(root, table, column, template, bad):
    problem = find(problems_of(root, {f"{table}.csv": template.format(bad)}))
    assert_located(problem, f"{table}.csv", 2, column, bad)
    assert "ISO 8601" in problem.message and "2026-07-01" in problem.fix


# ---------------------------------------------------------------------------------------------
# Counts, numbers, scores, booleans


def test_empty_count_cells_are_zero_and_counted(root):
    client = read(root, {"posts.csv": POSTS})
    posts = client.table("posts")
    assert list(posts["comments"]) == [2, 0, 4] and posts["comments"].dtype == "int64"
    assert client.data_quality["posts"]["blank_counts_read_as_zero"] == 1
    assert client.data_quality["posts"]["blank_counts_not_measured"] == 1  # forum's only shares


def test_a_count_blank_on_every_post_of_a_component_is_not_measured(root):
    text = (
        "post_id,component_id,published_at,likes,comments,reach\n"
        "p1,fb,2026-07-01,10,,100\n"
        "p2,fb,2026-07-02,,3,50\n"
        "p3,forum,2026-07-03,,4,20\n"
        "p4,forum,2026-07-04,,6,30\n"
    )
    client = read(root, {"posts.csv": text})
    posts = client.table("posts")
    # fb's blanks are single cells read as 0; forum leaves likes blank on every post
    assert list(posts["likes"]) == [10, 0, 0, 0]
    assert list(posts["_unmeasured_likes"]) == [False, False, True, True]
    assert "_unmeasured_comments" not in posts.columns
    assert client.data_quality["posts"]["blank_counts_read_as_zero"] == 2
    assert client.data_quality["posts"]["blank_counts_not_measured"] == 2


def test_absent_count_columns_stay_absent(root):
    posts = read(root, {"posts.csv": POSTS}).table("posts")
    assert "impressions" not in posts.columns and "likes" in posts.columns


def test_whole_floats_are_accepted_as_counts(root):
    posts = read(root, {"posts.csv": POSTS.replace(",10,", ",10.0,")}).table("posts")
    assert posts.loc[0, "likes"] == 10


@pytest.mark.parametrize(
    "bad,why", [("-1", "negative"), ("2.5", "whole"), ("many", "whole"), ("1,000", "whole")]
)
def test_bad_counts_are_problems(root, bad, why):
    text = f'post_id,component_id,published_at,shares\np1,fb,2026-07-01,"{bad}"\n'
    problem = find(problems_of(root, {"posts.csv": text}))
    assert_located(problem, "posts.csv", 2, "shares", bad)
    assert why in problem.message


@pytest.mark.parametrize("column", vocab.COUNT_COLUMNS)
def test_every_count_column_is_checked(root, column):
    text = f"post_id,component_id,published_at,{column}\np1,fb,2026-07-01,-4\n"
    assert_located(find(problems_of(root, {"posts.csv": text})), "posts.csv", 2, column, "-4")


@pytest.mark.parametrize("bad", ["6", "-0.5", "high"])
def test_scores_are_numbers_from_0_to_5(root, bad):
    text = f"component_id,dimension,score\nfb,brand_awareness,3.5\nforum,lead_generation,{bad}\n"
    problem = find(problems_of(root, {"value_scores.csv": text}))
    assert_located(problem, "value_scores.csv", 3, "score", bad)


def test_numbers_are_floats_nan_when_empty(root):
    text = "component_id,objective,metric,target,baseline_value\nfb,grow,likes,1200,\n"
    ogst = read(root, {"ogst.csv": text}).table("ogst")
    assert ogst.loc[0, "target"] == 1200.0 and np.isnan(ogst.loc[0, "baseline_value"])
    problems = problems_of(root, {"ogst.csv": text.replace("1200", '"1.200,5"')})
    assert_located(find(problems), "ogst.csv", 2, "target", "1.200,5")


@pytest.mark.parametrize(
    "written,expected",
    [("true", True), ("FALSE", False), ("yes", True), ("No", False), ("1", True), ("0", False)]
    + [("", False)],
)
def test_paid_is_a_boolean(root, written, expected):
    text = f"post_id,component_id,published_at,paid\np1,fb,2026-07-01,{written}\n"
    paid = read(root, {"posts.csv": text}).table("posts")["paid"]
    assert paid.dtype == bool and paid.iloc[0] == expected


def test_paid_other_values_are_problems(root):
    text = "post_id,component_id,published_at,paid\np1,fb,2026-07-01,sponsored\n"
    assert_located(
        find(problems_of(root, {"posts.csv": text})), "posts.csv", 2, "paid", "sponsored"
    )


# ---------------------------------------------------------------------------------------------
# References: component_id and metric


@pytest.mark.parametrize(
    "table,text",
    [
        ("ogst", "component_id,objective\nghost,grow\n"),
        ("value_scores", "component_id,dimension,score\nghost,brand_awareness,3\n"),
        ("posts", "post_id,component_id,published_at\np1,ghost,2026-07-01\n"),
        ("mentions", "mention_id,published_at,text,component_id\nm1,2026-07-01,hi,ghost\n"),
        ("metrics", "date,metric,value,component_id\n2026-07-01,x,1,ghost\n"),
        (
            "functions",
            "business_function,business_objective,social_objective,components\n"
            "marketing,a,b,fb;ghost\n",
        ),
    ],
)
def test_component_ids_must_exist_in_the_ecosystem(root, table, text):
    problem = find(problems_of(root, {f"{table}.csv": text}))
    column = "components" if table == "functions" else "component_id"
    assert_located(problem, f"{table}.csv", 2, column, "ghost")
    assert "ecosystem" in problem.message and "ghost" in problem.fix


def test_empty_optional_component_id_is_allowed(root):
    assert read(root, {"mentions.csv": MENTIONS}).table("mentions").loc[1, "component_id"] == ""


def test_metric_must_be_known_or_in_the_metrics_table(root):
    ogst = "component_id,objective,metric\nfb,grow,likes\nfb,serve,csat\n"
    problem = find(problems_of(root, {"ogst.csv": ogst}))
    assert_located(problem, "ogst.csv", 3, "metric", "csat")
    assert "likes" in problem.fix and "metrics table" in problem.fix
    metrics = "date,metric,value\n2026-07-01,csat,4.2\n"
    assert (
        read(root, {"ogst.csv": ogst, "metrics.csv": metrics}).table("ogst")["metric"][1] == "csat"
    )


def test_unknown_metric_fix_suggests_the_closest_key_and_names_no_source(root):
    ogst = "component_id,objective,metric\nfb,grow,conversaton_rate\n"
    problem = find(problems_of(root, {"ogst.csv": ogst}))
    assert_located(problem, "ogst.csv", 2, "metric", "conversaton_rate")
    assert problem.fix.startswith("did you mean 'conversation_rate'?")
    assert "engagement_rate_reach" in problem.fix
    assert "catalogue" not in problem.fix and "vocab" not in problem.fix


def test_functions_metrics_must_be_known(root):
    text = (
        "business_function,business_objective,social_objective,metrics\n"
        "marketing,a,b,reach;likes;vibes\n"
    )
    assert_located(
        find(problems_of(root, {"functions.csv": text})), "functions.csv", 2, "metrics", "vibes"
    )


# ---------------------------------------------------------------------------------------------
# client.yaml


@pytest.mark.parametrize(
    "written,label,start,end",
    [
        ("2014", "2014", dt.date(2014, 1, 1), dt.date(2014, 12, 31)),
        ("'2014'", "2014", dt.date(2014, 1, 1), dt.date(2014, 12, 31)),
        ("2026-07-01", "2026-07-01..2026-07-01", dt.date(2026, 7, 1), dt.date(2026, 7, 1)),
        ("2026-Q3", "2026-Q3", dt.date(2026, 7, 1), dt.date(2026, 9, 30)),
        ("2026-02", "2026-02", dt.date(2026, 2, 1), dt.date(2026, 2, 28)),
        (
            "2026-07-01..2026-07-14",
            "2026-07-01..2026-07-14",
            dt.date(2026, 7, 1),
            dt.date(2026, 7, 14),
        ),
    ],
)
def test_period_forms_including_yaml_int_and_date(root, written, label, start, end):
    period = read(root, {"client.yaml": f"name: Acme\nperiod: {written}\n"}).period
    assert (period.label, period.start, period.end) == (label, start, end)


@pytest.mark.parametrize("key", ["period", "baseline"])
def test_bad_period_is_a_problem_on_its_line(root, key):
    text = "name: Acme\nperiod: 2026-Q3\n" + f"{key}: Q3 2026\n"
    if key == "period":
        text = "name: Acme\nperiod: Q3 2026\n"
    problem = find(problems_of(root, {"client.yaml": text}), column=key)
    assert problem.file == "client.yaml" and problem.row == (2 if key == "period" else 3)
    assert (
        problem.value == "Q3 2026"
        and "not a period" in problem.message
        and "YYYY-Qn" in problem.fix
    )


def test_period_argument_overrides_client_yaml(root):
    client = read(root, period="2026-08")
    assert client.period.label == "2026-08" and client.config.period.label == "2026-Q3"
    with pytest.raises(ValidationError) as caught:
        intake.read_client("acme", root, period="August")
    assert find(caught.value.problems, file="--period").value == "August"


@pytest.mark.parametrize("key", ["name", "period"])
def test_name_and_period_are_required(root, key):
    text = "name: Acme\n" if key == "period" else "period: 2026-Q3\n"
    problem = find(problems_of(root, {"client.yaml": text}), column=key)
    assert problem.file == "client.yaml" and "missing" in problem.message


def test_optional_keys_are_read(root):
    (root / "acme").mkdir(parents=True)
    (root / "acme" / "img").mkdir()
    (root / "acme" / "img" / "logo.png").write_bytes(b"\x89PNG")
    text = (
        "name: Acme\nperiod: 2026-Q3\nindustry: outdoor retail\ncurrency: EUR\n"
        "competitors: [rival, other-brand]\nbrand: acme-outdoor\nbrand_color: '#1F4E79'\n"
        "logo: img/logo.png\ndimensions: [employer_brand]\n"
    )
    config = read(root, {"client.yaml": text}).config
    assert config.industry == "outdoor retail" and config.currency == "EUR"
    assert config.competitors == ("rival", "other-brand") and config.brand == "acme-outdoor"
    assert config.brand_color == "#1f4e79" and config.logo == "img/logo.png"


def test_the_logo_is_an_input_so_a_new_logo_re_runs_the_reports(root):
    folder = write_client(root, "acme", {"client.yaml": CLIENT_YAML + "logo: logo.png\n"})
    (folder / "logo.png").write_bytes(b"\x89PNG first")
    first = intake.read_client("acme", root).inputs_sha256
    (folder / "logo.png").write_bytes(b"\x89PNG second")
    second = intake.read_client("acme", root).inputs_sha256
    assert first["logo.png"] == hashlib.sha256(b"\x89PNG first").hexdigest()
    assert second["logo.png"] != first["logo.png"]
    assert {k: v for k, v in first.items() if k != "logo.png"} == {
        k: v for k, v in second.items() if k != "logo.png"
    }


def test_brand_defaults_to_the_client_slug(root):
    assert read(root).config.brand == "acme"


@pytest.mark.parametrize(
    "line,column,words",
    [
        ("competitors: [Rival Inc]", "competitors", "item 1 is not a slug"),
        ("brand: Acme Outdoor", "brand", "not a slug"),
        ("brand_color: blue", "brand_color", "#rrggbb"),
        ("brand_color: #1f4e79", "brand_color", "YAML comment"),
        ("logo: /etc/passwd", "logo", "absolute"),
        ("logo: ../other/logo.png", "logo", "leaves the client folder"),
        ("logo: missing.png", "logo", "not a file"),
        ("dimensions: [ok, Employer Brand]", "dimensions", "item 2 is not a slug"),
        ("perod: 2026-Q3", "perod", "not a key"),
        ("competitors: [acme]", "competitors", "own brand"),
    ],
)
def test_bad_optional_keys_are_problems_on_their_line(root, line, column, words):
    problem = find(
        problems_of(root, {"client.yaml": CLIENT_YAML.replace("competitors: [rival]", line)})
    )
    assert (problem.file, problem.row, problem.column) == ("client.yaml", 4, column)
    assert words in problem.message and problem.fix


def test_logo_link_leaving_the_folder_is_refused(root, tmp_path):
    (tmp_path / "secret.png").write_bytes(b"x")
    folder = write_client(root, "acme", {"client.yaml": CLIENT_YAML + "logo: logo.png\n"})
    (folder / "logo.png").symlink_to(tmp_path / "secret.png")
    problem = find(intake.validate("acme", root), column="logo")
    assert "outside" in problem.message


def test_yaml_syntax_error_names_the_line(root):
    problem = find(problems_of(root, {"client.yaml": "name: Acme\nperiod: [2026-Q3\n"}))
    assert (
        problem.file == "client.yaml" and problem.row == 3 and "not valid YAML" in problem.message
    )


def test_yaml_python_tag_is_a_problem_and_nothing_executes(root, tmp_path):
    marker = tmp_path / "pwned"
    text = f"name: !!python/object/apply:os.system ['touch {marker}']\nperiod: 2026-Q3\n"
    problem = find(problems_of(root, {"client.yaml": text}))
    assert problem.file == "client.yaml" and problem.row == 1 and "tag" in problem.message
    assert not marker.exists()


def test_duplicate_yaml_key_is_a_problem(root):
    problem = find(problems_of(root, {"client.yaml": CLIENT_YAML + "period: 2026-Q4\n"}))
    assert (problem.row, problem.column) == (5, "period") and "line 2" in problem.message


@pytest.mark.parametrize("text", ["", "# nothing\n", "- a\n- b\n", "just text\n"])
def test_yaml_that_is_not_a_mapping_is_a_problem(root, text):
    problem = find(problems_of(root, {"client.yaml": text}))
    assert problem.file == "client.yaml" and "name" in problem.fix


# ---------------------------------------------------------------------------------------------
# Encodings, problem caps, raw tables, speed


def test_non_utf8_file_names_the_first_bad_line(root):
    data = POSTS.replace("photo", "phôto").encode("latin-1")
    problem = find(problems_of(root, {"posts.csv": data}))
    assert (problem.file, problem.row) == ("posts.csv", 2)
    assert "UTF-8" in problem.message and "CSV UTF-8" in problem.fix


def test_every_problem_is_reported_at_once(root):
    text = POSTS.replace("p2,fb", "p2,ghost").replace(",5,", ",-5,").replace("2026-08-01", "x")
    problems = problems_of(root, {"posts.csv": text, "client.yaml": "name: Acme\n"})
    assert {(p.file, p.column) for p in problems} == {
        ("client.yaml", "period"),
        ("posts.csv", "component_id"),
        ("posts.csv", "likes"),
        ("posts.csv", "published_at"),
    }


def test_problems_are_capped_per_file_with_a_count_of_the_rest(root):
    rows = "".join(f"p{i},fb,2026-07-01,-{i + 1}\n" for i in range(1000))  # 1,000 values
    problems = problems_of(root, {"posts.csv": "post_id,component_id,published_at,likes\n" + rows})
    assert len(problems) == 201
    assert [p.row for p in problems[:200]] == list(range(2, 202))
    assert "800 more" in problems[-1].message and problems[-1].row is None


def test_validation_error_carries_every_problem(root):
    write_client(root, "acme", {"posts.csv": POSTS.replace(",5,", ",-5,")})
    with pytest.raises(ValidationError) as caught:
        intake.read_client("acme", root)
    assert caught.value.client == "acme" and len(caught.value.problems) == 1
    assert "posts.csv, row 3, column 'likes'" in str(caught.value)


def test_read_raw_table_gives_the_strings_as_written(root):
    folder = write_client(root, "acme", {"posts.csv": POSTS.replace("p1,", " p1 ,") + "\n\n"})
    frame, source = intake.read_raw_table(folder, "posts")
    assert source == "csv" and list(frame.index) == [2, 3, 4]
    assert frame.loc[2, "post_id"] == " p1 " and frame.loc[3, "comments"] == ""
    assert intake.table_source(folder, "posts") == "csv"
    assert intake.table_source(folder, "mentions") is None
    empty, source = intake.read_raw_table(folder, "mentions")
    assert source == "csv" and list(empty.columns) == [
        c.name for c in vocab.TABLES["mentions"].columns
    ]


def test_read_raw_table_of_a_sheet(root):
    folder = write_client(root, "acme", {"inputs.xlsx": xlsx_bytes({"posts": csv_rows(POSTS)})})
    frame, source = intake.read_raw_table(folder, "posts")
    assert source == "xlsx" and frame.loc[4, "post_id"] == "p3"
    assert intake.table_source(folder, "posts") == "xlsx"


def test_read_raw_table_refuses_unreadable_files(root):
    folder = write_client(root, "acme", {"posts.csv": POSTS.encode("utf-16")})
    with pytest.raises(ValidationError, match="UTF-8"):
        intake.read_raw_table(folder, "posts")
    with pytest.raises(ValueError, match="not a table"):
        intake.read_raw_table(folder, "tweets")


def test_validate_writes_nothing(root):
    folder = write_client(root, "acme", {"mentions.csv": MENTIONS})
    before = snapshot(folder)
    assert intake.validate("acme", root) == []
    assert snapshot(folder) == before


def test_200k_posts_are_read_whole(root):
    frame = random_posts(200_000)
    folder = write_client(root, "acme")
    frame.to_csv(folder / "posts.csv", index=False)
    client = intake.read_client("acme", root)
    assert client.data_quality["posts"]["rows"] == len(frame)
    assert int(client.table("posts")["likes"].sum()) == int(frame["likes"].sum())
