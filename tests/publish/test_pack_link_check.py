"""The link check run over both example clients' packs (tests/browser/test_pdf.py, `packlinks`)
fails on what it looks for: a bundle made by hand (pypdf pages, HTML pages) passes clean, then
fails with each leak planted, naming the file and the link."""

from __future__ import annotations

from pathlib import Path

import pytest
from packlinks import client_links, read_links
from pypdf import PdfWriter
from pypdf.annotations import Link
from pypdf.generic import ArrayObject, DictionaryObject, NameObject, NumberObject, TextStringObject

OWN = "https://www.instagram.com/p/Cx1/"
LEAK = "file:///home/consultant/notebooks/acme/2026-Q3/04_action_plan.html#goals"


def _uri(writer: PdfWriter, page: int, uri: str) -> None:
    """A link annotation to `uri`, as Chromium prints an `<a href>`."""
    action = {NameObject("/S"): NameObject("/URI"), NameObject("/URI"): TextStringObject(uri)}
    writer.add_annotation(
        page_number=page,
        annotation=DictionaryObject(
            {
                NameObject("/Type"): NameObject("/Annot"),
                NameObject("/Subtype"): NameObject("/Link"),
                NameObject("/Rect"): ArrayObject([NumberObject(v) for v in (0, 0, 99, 20)]),
                NameObject("/A"): DictionaryObject(action),
            }
        ),
    )


def _bundle(root: Path, *, pdf_uri: str = "", href: str = "") -> Path:
    """A bundle folder: a two-page pack (a jump to page 2, the client's own post link), the
    board's page with a Detail link to a section of the action plan, and the action plan."""
    folder = root / "acme-2026-Q3"
    folder.mkdir()
    writer = PdfWriter()
    writer.add_blank_page(595, 842)
    writer.add_blank_page(595, 842)
    writer.add_annotation(0, Link(rect=[0, 0, 10, 10], target_page_index=1))
    _uri(writer, 1, OWN)
    if pdf_uri:
        _uri(writer, 1, pdf_uri)
    with (folder / "acme-2026-Q3-pack.pdf").open("wb") as out:
        writer.write(out)
    extra = f'<a href="{href}">x</a>' if href else ""
    (folder / "00_summary.html").write_text(
        '<p><a href="04_action_plan.html#goals">Detail</a> '
        f'<a href="{OWN}">the post</a> <a href="#top">top</a>{extra}</p><h1 id="top">S</h1>',
        encoding="utf-8",
    )
    (folder / "04_action_plan.html").write_text('<h2 id="goals">Goals</h2>', encoding="utf-8")
    return folder


@pytest.fixture
def client_folder(tmp_path) -> Path:
    folder = tmp_path / "client_data" / "acme"
    folder.mkdir(parents=True)
    (folder / "posts.csv").write_text(f"post_id,url\np1,{OWN}\n", encoding="utf-8")
    return folder


def test_a_bundle_of_jumps_relative_links_and_the_clients_own_links_passes(tmp_path, client_folder):
    own = client_links(client_folder)
    assert own == {OWN}
    links = read_links(_bundle(tmp_path), own)
    assert (links.bad, links.jumps, links.details) == ([], {"acme-2026-Q3-pack.pdf": 1}, 1)


@pytest.mark.parametrize(
    ("planted", "named"),
    [
        ({"pdf_uri": LEAK}, "acme-2026-Q3-pack.pdf page 2: file:///home/consultant"),
        ({"pdf_uri": "https://tracker.example.com/x"}, "page 2: https://tracker.example.com/x"),
        ({"href": LEAK}, "00_summary.html: file:///home/consultant"),
        ({"href": "/home/consultant/out/index.html"}, "00_summary.html: /home/consultant"),
        ({"href": "https://tracker.example.com/x"}, "00_summary.html: https://tracker"),
        ({"href": "04_action_plan.html#nowhere"}, "#nowhere (no such section)"),
        ({"href": "05_missing.html"}, "05_missing.html (no such file)"),
    ],
)
def test_a_planted_leak_or_broken_link_fails_naming_the_file_and_link(
    tmp_path, client_folder, planted, named
):
    links = read_links(_bundle(tmp_path, **planted), client_links(client_folder))
    assert links.bad and all(named in bad or "page 2" in bad for bad in links.bad), links.bad
    assert any(named in bad for bad in links.bad), links.bad
