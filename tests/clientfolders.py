"""Build small client folders for the intake tests (one valid client, then the test's changes)."""

from __future__ import annotations

import io
from pathlib import Path

import numpy as np
import openpyxl
import pandas as pd

from socialworkbook import vocab
from socialworkbook.errors import Problem

CLIENT_YAML = "name: Acme Outdoor\nperiod: 2026-Q3\nbaseline: 2026-Q2\ncompetitors: [rival]\n"

ECOSYSTEM = (
    "component_id,name,component_type,platform,continuum_stage,purposes,status\n"
    "fb,Facebook page,social_media_profile,Facebook,mass_market,listening;talking,\n"
    "forum,Support forum,customer_community,Discourse,community,supporting,active\n"
)

POSTS = (
    "post_id,component_id,published_at,post_type,likes,comments,shares,reach,paid\n"
    "p1,fb,2026-07-01T10:00:00,photo,10,2,1,100,false\n"
    "p2,fb,2026-07-02,link,5,,0,50,yes\n"
    "p3,forum,2026-08-01T12:30,thread,1,4,,20,\n"
)

MENTIONS = (
    "mention_id,published_at,text,component_id,author,brand,label\n"
    "m1,2026-07-01T09:00:00,Love the new tent,fb,@alice,acme-outdoor,positive\n"
    "m2,2026-07-03,Rival is cheaper,,@bob,rival,\n"
)

VALID = {"client.yaml": CLIENT_YAML, "ecosystem.csv": ECOSYSTEM}


def write_client(root: Path, slug: str = "acme", files: dict | None = None, **extra) -> Path:
    """Write client `slug` under `root`: the valid minimum, updated by `files` and `extra`.

    A value of None removes that file; bytes are written as they are.
    """
    content = dict(VALID)
    content.update(files or {})
    content.update({name.replace("__", "."): text for name, text in extra.items()})
    folder = Path(root) / slug
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in content.items():
        if text is None:
            continue
        data = text if isinstance(text, bytes) else text.encode("utf-8")
        (folder / name).write_bytes(data)
    return folder


def random_posts(n: int, seed: int = 7) -> pd.DataFrame:
    """`n` seeded posts over two components in 2026-Q3, as a posts.csv would hold them."""
    rng = np.random.default_rng(seed)
    return pd.DataFrame(
        {
            "post_id": [f"p{i}" for i in range(n)],
            "component_id": rng.choice(["fb", "forum"], n),
            "published_at": pd.Timestamp("2026-07-01")
            + pd.to_timedelta(rng.integers(0, 90 * 86400, n), unit="s"),
            **{c: rng.integers(0, 1000, n) for c in vocab.COUNT_COLUMNS},
            "paid": rng.choice(["true", "false"], n),
        }
    )


def xlsx_bytes(sheets: dict[str, list[list]]) -> bytes:
    """A workbook with one sheet per table, rows given as lists of cell values."""
    book = openpyxl.Workbook()
    book.remove(book.active)
    for name, rows in sheets.items():
        sheet = book.create_sheet(name)
        for row in rows:
            sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def csv_rows(text: str) -> list[list[str]]:
    """The rows of a small CSV text (no quoting), for building the same table as a sheet."""
    return [line.split(",") for line in text.splitlines()]


def find(problems: list[Problem], **where) -> Problem:
    """The one problem matching every attribute in `where` (value may be a substring test)."""
    hits = [p for p in problems if all(_matches(getattr(p, k), v) for k, v in where.items())]
    assert len(hits) == 1, f"expected one problem with {where}, got {hits} among:\n" + "\n".join(
        str(p) for p in problems
    )
    return hits[0]


def _matches(actual, wanted) -> bool:
    if callable(wanted):
        return bool(wanted(actual))
    return actual == wanted


def snapshot(folder: Path) -> dict[str, tuple[int, int]]:
    """Every file under `folder` with its size and modification time (ns)."""
    return {
        str(p.relative_to(folder)): (p.lstat().st_size, p.lstat().st_mtime_ns)
        for p in sorted(Path(folder).rglob("*"))
    }
