"""Write the hostile input corpus of tests/intake/test_hostile_inputs.py into this folder.

Run `python tests/hostile/make_hostile.py` to recreate the files; they are committed so that the
tests read exactly these bytes. Each file name says the attack; the test says where the file is
put in a client folder and which problem it must give.
"""

from __future__ import annotations

import io
import sys
import zipfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))  # run as a script: the tests' helpers are one folder up

from clientfolders import xlsx_bytes  # noqa: E402

HEADER = "post_id,component_id,published_at,post_type,likes,comments,shares,reach,paid\n"
ROWS = [
    "p1,fb,2026-07-01T10:00:00,photo,10,2,1,100,false\n",
    "p2,fb,2026-07-02,link,5,3,0,50,yes\n",
    "p3,fb,2026-08-01T12:30,video,1,4,0,20,\n",
]


def _posts(*rows: str) -> str:
    return HEADER + "".join(rows)


def _rewrite(data: bytes, member: str, change) -> bytes:
    """A copy of the zip `data` with `member` replaced by change(old bytes)."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            content = source.read(info.filename)
            if info.filename == member:
                content = change(content)
            target.writestr(info.filename, content)
    return out.getvalue()


def _posts_sheet() -> list[list]:
    rows = [HEADER.strip().split(",")]
    rows += [[int(c) if c.isdigit() else c for c in r.strip().split(",")] for r in ROWS]
    return rows


def files() -> dict[str, bytes]:
    """Every hostile file: name -> bytes."""
    good = xlsx_bytes({"posts": _posts_sheet()})
    sheet = "xl/worksheets/sheet1.xml"
    corpus = {
        # CSV encodings
        "latin1_encoded_posts.csv": _posts(ROWS[0], "p2,fb,2026-07-02,phôto,5,3,0,50,yes\n").encode(
            "latin-1"
        ),
        "utf16_with_bom_posts.csv": _posts(*ROWS).encode("utf-16"),
        "utf16_without_bom_posts.csv": _posts(*ROWS).encode("utf-16-le"),
        "binary_png_as_posts.csv": b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)),
        # CSV structure
        "stray_quote_posts.csv": _posts(
            ROWS[0], 'p2,"fb,2026-07-02,link,5,3,0,50,yes\n', ROWS[2]
        ).encode(),
        "truncated_mid_row_posts.csv": _posts(
            ROWS[0], ROWS[1], "p3,fb,2026-08-01T12:30,video,1"
        ).encode(),
        "truncated_inside_quotes_posts.csv": _posts(
            ROWS[0], 'p2,fb,2026-07-02,"a long cap'
        ).encode(),
        "unquoted_comma_posts.csv": _posts(
            ROWS[0], "p2,fb,2026-07-02,link,5,3,0,50,yes,oops\n"
        ).encode(),
        "empty_posts.csv": b"",
        "only_blank_lines_posts.csv": b"\n\r\n   \n,,,\n",
        "header_1000_columns_posts.csv": (
            ",".join(f"c{i}" for i in range(1000)) + "\n" + ",".join("1" * 1000) + "\n"
        ).encode(),
        "duplicate_header_posts.csv": _posts(*ROWS).replace("shares", "likes").encode(),
        # CSV values
        "huge_numbers_posts.csv": _posts(
            ROWS[0], "p2,fb,2026-07-02,link,99999999999999999999999,3,0,50,\n"
        ).encode(),
        "nan_and_inf_posts.csv": _posts(
            ROWS[0], "p2,fb,2026-07-02,link,nan,inf,-inf,1e400,\n"
        ).encode(),
        "far_dates_posts.csv": _posts(ROWS[0], "p2,fb,99999-07-02,link,5,3,0,50,\n").encode(),
        "formula_and_markup_text_posts.csv": _posts(
            ROWS[0],
            "p2,fb,2026-07-02,\"=cmd|' /C calc'!A0\",5,3,0,50,\n",
            "../../etc/passwd,fb,2026-07-03,<script>alert(1)</script>,1,1,1,1,\n",
        ).encode(),
        # client.yaml
        "yaml_python_object_tag.yaml": (
            b"name: !!python/object/apply:os.system ['touch pwned-by-yaml']\nperiod: 2026-Q3\n"
        ),
        "yaml_python_name_tag.yaml": b"name: Acme\nperiod: !!python/name:os.system\n",
        "yaml_billion_laughs.yaml": (
            b"a: &a [x, x, x, x, x, x, x, x, x]\n"
            + b"".join(
                f"{b}: &{b} [{', '.join([f'*{a}'] * 9)}]\n".encode()
                for a, b in zip("abcde", "bcdef", strict=True)
            )
            + b"name: *f\nperiod: *f\ncompetitors: *f\n"
        ),
        "yaml_deep_nesting.yaml": b"name: " + b"[" * 5000 + b"]" * 5000 + b"\nperiod: 2026-Q3\n",
        "yaml_list_not_mapping.yaml": b"- name: Acme\n- period: 2026-Q3\n",
        "yaml_two_documents.yaml": b"name: Acme\nperiod: 2026-Q3\n---\nname: Other\n",
        "yaml_latin1.yaml": "name: Café Noir\nperiod: 2026-Q3\n".encode("latin-1"),
        # inputs.xlsx
        "zip_bomb_inputs.xlsx": _zip_bomb(),
        "not_a_zip_inputs.xlsx": _posts(*ROWS).encode(),
        "truncated_inputs.xlsx": good[: len(good) // 2],
        "huge_declared_dimension_inputs.xlsx": _rewrite(
            good,
            sheet,
            lambda x: x.replace(b'<dimension ref="A1:I4" />', b'<dimension ref="A1:P5000000" />'),
        ),
        "many_sheets_inputs.xlsx": xlsx_bytes({f"s{i}": [["x"]] for i in range(101)}),
        "xml_entity_bomb_inputs.xlsx": _rewrite(good, sheet, _entity_bomb),
        "cell_far_right_inputs.xlsx": _rewrite(good, sheet, _far_right_cell),
        "macro_workbook_inputs.xlsm": good,
    }
    return corpus


def _zip_bomb() -> bytes:
    """A workbook-shaped zip whose sheet unpacks 1000 times its packed size."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/worksheets/sheet1.xml", b" " * (20 << 20))
    return out.getvalue()


def _entity_bomb(xml: bytes) -> bytes:
    doctype = (
        b'<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;">'
        b'<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>'
    )
    return b'<?xml version="1.0"?>' + doctype + xml.replace(b"<v>10</v>", b"<v>&lol3;</v>", 1)


def _far_right_cell(xml: bytes) -> bytes:
    """A value in column ZZ (702) of row 2 and no declared size."""
    xml = xml.replace(b'<dimension ref="A1:I4" />', b"")
    far = b'<c r="ZZ2" t="inlineStr"><is><t>far</t></is></c>'
    return xml.replace(b'</row><row r="3"', far + b'</row><row r="3"', 1)


def main() -> None:
    for name, data in files().items():
        (HERE / name).write_bytes(data)


if __name__ == "__main__":
    main()
