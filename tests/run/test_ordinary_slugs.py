"""Clients whose slugs are ordinary words block no one's reports (issue 23, item 6).

A client called `summary`, `goals`, `online`, `support` or `analysis` (words of the kit's own
reports, or common English words) used to make every other client's reports fail the
confidentiality check as "another client's data". Here an example client and one such client run
beside them (two templates each, to stay fast) and no report is held back.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from clientfolders import random_posts, write_client

from socialworkbook.publish.check import BLOCKED, Secrets, check_report
from socialworkbook.run.runner import run_batch

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[2]
SLUGS = ("summary", "goals", "online", "support", "analysis", "engagement", "posts")


def _ordinary_client(data: Path, slug: str) -> None:
    ecosystem = (
        "component_id,name,component_type,platform,continuum_stage\n"
        f"fb,Quill{slug.title()} Facebook page,social_media_profile,Facebook,mass_market\n"
        f"forum,Quill{slug.title()} Lounge,customer_community,Discourse,community\n"
    )
    write_client(
        data,
        slug,
        files={
            "client.yaml": f"name: Quill{slug.title()} Ltd\nperiod: 2026-Q3\nbaseline: 2026-Q2\n",
            "ecosystem.csv": ecosystem,
            "posts.csv": random_posts(60, seed=len(slug)).to_csv(index=False),
        },
    )


def test_clients_with_ordinary_word_slugs_block_no_report(tmp_path):
    data, out = tmp_path / "client_data", tmp_path / "notebooks"
    shutil.copytree(
        ROOT / "client_data" / "northwind-outdoor",
        data / "northwind-outdoor",
        ignore=shutil.ignore_patterns(".*"),
    )
    for slug in SLUGS:
        _ordinary_client(data, slug)
    report = run_batch(
        ["northwind-outdoor", "support"],
        data_root=data,
        out=out,
        only=["01", "03"],
        workers=2,
        quiet=True,
    )
    assert not report.failures, report.failures
    blocked = sorted(p.name for p in out.rglob(f"*{BLOCKED}"))
    assert blocked == []
    reports = sorted(out.glob("*/2026-Q3/0*.html"))
    assert [p.parent.parent.name for p in reports] == ["northwind-outdoor"] * 2 + ["support"] * 2
    # the kit's own words are on the page ...
    text = " ".join(p.read_text(encoding="utf-8").lower() for p in reports)
    assert sum(f" {slug} " in text for slug in SLUGS) >= 5
    # ... and a planted name of such a client is still caught on the same page
    page = reports[1].read_bytes().replace(b"</body>", b"<p>As QuillGoals Ltd said.</p></body>")
    (leak,) = check_report(page, reports[1].name, Secrets.of("northwind-outdoor", data))
    assert "the name of client 'goals'" in leak.found
