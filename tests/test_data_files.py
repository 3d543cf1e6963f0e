"""The public data in tests/data is byte-identical to its source: each sha256 is the README's."""

from __future__ import annotations

import hashlib
import re

import realdata

# The sha256 published for the three new ground-truth sets in the provenance notes
# (shared/data/README.md), written here independently of tests/data/README.md.
PROVENANCE = {
    "vader_tweets/amazonReviewSnippets_GroundTruth.txt": "11a9807a0974a2506a2d3b4851eaf69b"
    "3d6d20688ce4923adda2312a4f6dd6c2",
    "vader_tweets/movieReviewSnippets_GroundTruth.txt": "c8293b0d942e90e223ea2c0955d96904"
    "0d1a1be514a978b9af0698940bd13350",
    "vader_tweets/nytEditorialSnippets_GroundTruth.txt": "7d8fbcce7dde5d716da53e78f4ef4be6"
    "b706e9ef1e1d51887e6d0ad4b69cc27e",
}


def _readme_sha256() -> dict[str, str]:
    text = (realdata.DATA / "README.md").read_text(encoding="utf-8")
    return dict(re.findall(r"^\| `([^`]+)` \| `([0-9a-f]{64})` \|$", text, flags=re.MULTILINE))


def test_every_data_file_has_its_published_sha256():
    listed = _readme_sha256()
    on_disk = {
        path.relative_to(realdata.DATA).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in realdata.DATA.rglob("*")
        if path.is_file() and path.name != "README.md"
    }
    assert len(on_disk) == 5
    assert on_disk == listed
    assert PROVENANCE.items() <= on_disk.items()


def test_line_endings_are_the_sources_crlf():
    for path in (realdata.FACEBOOK_CSV, realdata.TWEETS_TXT):
        data = path.read_bytes()
        assert data.count(b"\r\n") == data.count(b"\n") > 400
