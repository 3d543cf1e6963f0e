"""Property tests of intake: whatever the input, a valid Client or located problems, nothing else.

Every example writes a client folder, reads it, and checks: no exception but ValidationError,
every problem names its file (and a row >= 1 when it has one), and no file was written.
"""

from __future__ import annotations

import string
import tempfile
from pathlib import Path

import numpy as np
import pandas as pd
import yaml
from clientfolders import CLIENT_YAML, ECOSYSTEM, POSTS, snapshot, write_client, xlsx_bytes
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from socialworkbook import intake, vocab
from socialworkbook.errors import Problem, ValidationError
from socialworkbook.intake import csv_reader, raw

SETTINGS = settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
INPUT_FILES = {"client.yaml", "inputs.xlsx", "inputs.xlsm", "--period", ".salt"}
INPUT_FILES |= {f"{t}.csv" for t in vocab.TABLES} | {f"inputs.xlsx[{t}]" for t in vocab.TABLES}


def outcome(files: dict, *, authors: bool = False) -> tuple[object, list[Problem]]:
    """Read a client made of the valid minimum and `files`: (Client or None, problems).

    No file may be written, except, with `authors`, the salt of a valid client with authors.
    """
    with tempfile.TemporaryDirectory() as root:
        folder = write_client(Path(root), "acme", files)
        before = snapshot(folder)
        problems = intake.validate("acme", root)
        try:
            client = intake.read_client_folder(folder)
        except ValidationError as exc:
            assert exc.problems == problems
            client = None
        else:
            assert problems == []
            check_normal_form(client)
        after = snapshot(folder)
        if authors and client is not None and (client.table("mentions")["author"] != "").any():
            assert ".salt" in after
            after.pop(".salt")
        assert after == before, "reading wrote a file"
    for problem in problems:
        assert isinstance(problem, Problem) and problem.file in INPUT_FILES, problem
        assert problem.message and problem.fix and str(problem)
        assert problem.row is None or problem.row >= 1
        if problem.column is not None and problem.file != "client.yaml":
            assert problem.row is not None, problem  # a cell or a header name
    assert (client is None) == bool(problems)
    return client, problems


def check_normal_form(client) -> None:
    """Every table in model.py's normal form."""
    for name, spec in vocab.TABLES.items():
        frame = client.table(name)
        assert frame["_row"].dtype == "int64" and (np.diff(frame["_row"]) > 0).all()
        for column in spec.columns:
            if column.name not in frame:
                assert column.kind == "count"
                continue
            series = frame[column.name]
            if column.kind == "datetime":
                assert series.dtype == "datetime64[ns]"
            elif column.kind == "count":
                assert series.dtype == "int64" and (series >= 0).all()
            elif column.kind in ("number", "score"):
                assert series.dtype == "float64"
            elif column.kind == "bool":
                assert series.dtype == bool
            elif column.kind.startswith("multi"):
                assert all(isinstance(v, tuple) for v in series)
            else:
                assert series.dtype == "str"


# ---------------------------------------------------------------------------------------------
# Strategies


def texts(max_size: int = 12):
    return st.text(max_size=max_size)


IDS = st.one_of(st.sampled_from(["p1", "p2", "p3", ""]), texts(6))
REFS = st.one_of(st.sampled_from(["fb", "forum", "ghost", "", " fb "]), texts(6))
DATES = st.one_of(
    st.dates().map(lambda d: d.isoformat()),
    st.datetimes().map(lambda d: d.isoformat(sep=st_sep(d))),
    st.sampled_from(["2026-07-01T10:00:00+02:00", "2026-07-01T10:00Z", "07/01/2026", ""]),
    texts(),
)
COUNTS = st.one_of(
    st.integers(-3, 10**7).map(str),
    st.floats(allow_nan=True, allow_infinity=True).map(str),
    st.sampled_from(["", "1.0", "1,000", "12 ", "1e3"]),
    texts(5),
)
BOOLS = st.one_of(
    st.sampled_from(["true", "false", "yes", "no", "1", "0", "", "TRUE", "maybe"]), texts(4)
)
NUMBERS = st.one_of(
    st.floats(allow_nan=True, allow_infinity=True).map(str),
    st.integers(-10, 10).map(str),
    st.sampled_from(["", "3.5", "1,5", "5", "6", "-0"]),
    texts(5),
)


def joined(values: list[str]):
    """`;`-separated lists of `values` and random text."""
    items = st.one_of(st.sampled_from(values), texts(5))
    return st.one_of(st.lists(items, max_size=3).map(";".join), texts(8))


def cells(column: vocab.Column):
    """Cells for a column of the given kind: valid values, near misses and random text."""
    kind = column.kind
    if kind == "vocab":
        return st.one_of(st.sampled_from([*vocab.VOCABULARIES[column.vocab], ""]), texts(6))
    if kind == "multi":
        return joined(list(vocab.VOCABULARIES[column.vocab]) if column.vocab else ["a", "b c"])
    simple = {
        "id": IDS,
        "mention": IDS,  # a labels row's mention_id: known ids (p1..p3 when mentions has them)
        "ref": REFS,
        "text": texts(),
        "author": texts(6),
        "datetime": DATES,
        "count": COUNTS,
        "number": NUMBERS,
        "score": NUMBERS,
        "bool": BOOLS,
        "metric": st.one_of(st.sampled_from(["likes", "reach", "csat", ""]), texts(5)),
        "dimension": st.one_of(st.sampled_from([*vocab.DIMENSIONS, "employer_brand"]), texts(5)),
        "multi_metric": joined(["likes", "net_sentiment", "csat"]),
        "multi_ref": joined(["fb", "forum", "ghost"]),
    }
    return simple[kind]


def st_sep(day) -> str:
    return "T" if day.microsecond % 2 else " "


@st.composite
def tables(draw):
    """A table: some of its columns in random order, extra columns, random cells."""
    spec = vocab.TABLES[draw(st.sampled_from(list(vocab.TABLES)))]
    names = draw(st.lists(st.sampled_from(spec.columns), unique=True, max_size=9))
    extra = draw(st.lists(st.text(string.ascii_letters + "_ ", min_size=1, max_size=6), max_size=2))
    header = draw(st.permutations([c.name for c in names] + extra))
    rows = []
    for _ in range(draw(st.integers(0, 6))):
        column = spec.column
        rows.append([draw(cells(column(n)) if column(n) else texts()) for n in header])
        if draw(st.integers(0, 3)) == 0:
            rows.append(list(rows[-1]))  # an exact duplicate
    return spec.name, header, rows


def encode(header, rows, *, bom: bool, crlf: bool) -> bytes:
    """CSV bytes of the table, quoting as spreadsheets do (csv.writer leaves a lone \\r bare)."""
    end = "\r\n" if crlf else "\n"
    text = "".join(",".join(map(quote, row)) + end for row in [header, *rows])
    return (b"\xef\xbb\xbf" if bom else b"") + text.encode("utf-8", "surrogatepass")


def quote(cell: str) -> str:
    if any(c in cell for c in ',"\r\n'):
        return '"' + cell.replace('"', '""') + '"'
    return cell


# ---------------------------------------------------------------------------------------------
# Properties


@SETTINGS
@given(table=tables(), bom=st.booleans(), crlf=st.booleans())
def test_random_cells_columns_and_orders(table, bom, crlf):
    name, header, rows = table
    files = {f"{name}.csv": encode(header, rows, bom=bom, crlf=crlf)}
    client, problems = outcome(files, authors=True)
    if client is not None:
        frame = client.table(name)
        assert len(frame) <= len(rows)
        assert client.data_quality[name]["rows"] == len(frame)
        assert set(frame["_row"]) <= set(range(2, len(rows) + 2))
        if name == "mentions" and "author" in header:
            written = {row[header.index("author")].strip() for row in rows} - {""}
            assert written.isdisjoint(set(frame["author"]))
    for problem in problems:
        if problem.file == f"{name}.csv" and problem.column is not None:
            assert problem.row <= len(rows) + 1  # a cell's row counts records, not lines


@SETTINGS
@given(
    target=st.sampled_from(
        ["posts.csv", "ecosystem.csv", "mentions.csv", "client.yaml", "inputs.xlsx"]
    ),
    data=st.one_of(
        st.binary(max_size=400),
        st.text(max_size=300).map(lambda t: t.encode("utf-8", "surrogatepass")),
        st.text(alphabet='ab,;"\n\r \t\x00é', max_size=200).map(str.encode),
    ),
)
def test_random_bytes_in_any_input_file(target, data):
    outcome({target: data})


@st.composite
def cut_files(draw):
    """A valid posts.csv with quoted and multi-line cells, cut anywhere, with BOM/CRLF variants."""
    text = POSTS.replace("photo", '"photo, with ""quotes""\nand a line"')
    if draw(st.booleans()):
        text = text.replace("\n", "\r\n")
    data = text.encode()
    if draw(st.booleans()):
        data = b"\xef\xbb\xbf" + data
    return data[: draw(st.integers(0, len(data)))]


@SETTINGS
@given(data=cut_files())
def test_truncated_files(data):
    client, problems = outcome({"posts.csv": data})
    if client is not None:
        assert len(client.table("posts")) <= 3


@SETTINGS
@given(text=st.text(alphabet='ab,"\n\r \t', max_size=60))
def test_fast_and_careful_csv_readers_agree(text):
    """pandas' C parser (used for regular files) and the csv module read text alike."""
    if not text.strip():
        return
    ends_open = not text.endswith(("\n", "\r"))
    fast, fast_problems = csv_reader._csv_grid(text, "t.csv")  # the C parser when it can
    slow, slow_problems = csv_reader._csv_slow(text, "t.csv", ends_open)
    fast_raw, more = raw.raw_table("t.csv", fast, "csv") if fast else (None, [])
    fast_problems += more
    slow_raw, more = raw.raw_table("t.csv", slow, "csv") if slow else (None, [])
    slow_problems += more
    assert (fast_raw is None) == (slow_raw is None)
    assert bool(fast_problems) == bool(slow_problems)
    if fast_raw is not None and not fast_problems:
        assert fast_raw.header_row == slow_raw.header_row
        assert list(fast_raw.rows) == list(slow_raw.rows)
        assert fast_raw.raw.to_dict("list") == slow_raw.raw.to_dict("list")


YAML_VALUES = st.recursive(
    st.one_of(
        st.none(),
        st.booleans(),
        st.integers(-5, 3000),
        st.floats(allow_nan=False),
        st.dates(),
        st.sampled_from(["2026-Q3", "2026-07", "Acme", "#12ab9f", "logo.png", "../x", "/etc"]),
        st.text(max_size=10),
    ),
    lambda inner: st.one_of(
        st.lists(inner, max_size=3), st.dictionaries(st.text(max_size=5), inner, max_size=3)
    ),
    max_leaves=8,
)
YAML_KEYS = st.sampled_from(
    "name period baseline industry currency competitors brand brand_color logo dimensions x".split()
)


@SETTINGS
@given(
    content=st.one_of(
        st.dictionaries(YAML_KEYS, YAML_VALUES, max_size=8).map(lambda d: yaml.safe_dump(d)),
        st.text(alphabet="name:period 2026-Q3[]{}!&*#'\"\n-", max_size=80),
    )
)
def test_random_client_yaml(content):
    client, problems = outcome({"client.yaml": content})
    if client is not None:
        assert client.config.name and client.period.start <= client.period.end


CELL = st.text(alphabet=string.ascii_lowercase + string.digits + " ;:-.", max_size=8)
SHEET_VALUES = {
    "post_id": st.sampled_from(["p1", "p2", "p3", ""]),
    "component_id": st.sampled_from(["fb", "forum", "ghost", ""]),
    "published_at": st.sampled_from(["2026-07-01", "2026-07-01T10:00:00", "2026-7-1", "x", ""]),
    "likes": st.sampled_from(["0", "3", "-1", "2.5", "", "many"]),
    "paid": st.sampled_from(["true", "no", "", "maybe"]),
}


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_workbook_and_csv_agree_on_random_tables(data):
    names = data.draw(st.permutations(list(SHEET_VALUES) + ["note"]))
    rows = [
        [data.draw(SHEET_VALUES.get(n, CELL)) for n in names]
        for _ in range(data.draw(st.integers(0, 5)))
    ]
    as_csv = outcome({"posts.csv": encode(names, rows, bom=False, crlf=False)})
    as_xlsx = outcome({"inputs.xlsx": xlsx_bytes({"posts": [names] + rows})})
    assert (as_csv[0] is None) == (as_xlsx[0] is None)
    if as_csv[0] is not None:
        for table in vocab.TABLES:
            pd.testing.assert_frame_equal(as_csv[0].table(table), as_xlsx[0].table(table))
    else:
        located = [(p.row, p.column, p.value, p.message) for p in as_csv[1]]
        assert located == [(p.row, p.column, p.value, p.message) for p in as_xlsx[1]]


def test_valid_minimum_is_valid():
    """The base every example starts from is valid (so problems come from the example)."""
    assert outcome({})[1] == []
    assert CLIENT_YAML and ECOSYSTEM
