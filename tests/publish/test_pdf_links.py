"""Links in printed PDFs: report links become jumps inside the pack; the check fails a PDF or a
share bundle that links out to a file, naming the file, the page and the link.

PDFs are made with pypdf here (no Chromium): a page, a link annotation, named destinations as
Chromium writes them for a report's sections.
"""

from __future__ import annotations

import io
import zipfile

import pytest
from pypdf import PdfReader, PdfWriter
from pypdf.annotations import Link
from pypdf.generic import (
    ArrayObject,
    DictionaryObject,
    NameObject,
    NumberObject,
    TextStringObject,
)

from socialworkbook import cli
from socialworkbook.publish import check, pdf

LEAKED = "file:///home/consultant/notebooks/acme/2026-Q3/04_action_plan.html#goals"


def _uri_link(writer: PdfWriter, page: int, uri: str) -> None:
    """A link annotation to `uri` on `page`, as Chromium prints an `<a href>`."""
    annotation = DictionaryObject(
        {
            NameObject("/Type"): NameObject("/Annot"),
            NameObject("/Subtype"): NameObject("/Link"),
            NameObject("/Rect"): ArrayObject([NumberObject(v) for v in (0, 0, 100, 20)]),
            NameObject("/A"): DictionaryObject(
                {NameObject("/S"): NameObject("/URI"), NameObject("/URI"): TextStringObject(uri)}
            ),
        }
    )
    writer.add_annotation(page_number=page, annotation=annotation)


def _pdf(pages: int = 1, *, links=(), dests: dict[str, int] | None = None) -> bytes:
    writer = PdfWriter()
    for _ in range(pages):
        writer.add_blank_page(595, 842)
    for page, uri in links:
        _uri_link(writer, page, uri)
    for name, page in (dests or {}).items():
        writer.add_named_destination(name, page)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def _links(data: bytes) -> list[tuple[int, object]]:
    """(page, where it goes) of every link: a page index for a jump, else the URI."""
    reader = PdfReader(io.BytesIO(data))
    pages = [p.indirect_reference for p in reader.pages]
    found = []
    for index, page in enumerate(reader.pages):
        for ref in page.get("/Annots") or []:
            annotation = ref.get_object()
            if "/Dest" in annotation:
                found.append((index, pages.index(annotation["/Dest"][0])))
            else:
                found.append((index, str(annotation["/A"]["/URI"])))
    return found


def test_a_planted_file_link_fails_the_check_naming_file_page_and_link():
    data = _pdf(2, links=[(1, LEAKED), (0, "https://example.com/post/1")])
    (leak,) = check.check_pdf(data, "acme-pack.pdf")
    assert (leak.file, leak.section, leak.kind) == (
        "acme-pack.pdf",
        "page 2",
        "a link out of the PDF",
    )
    assert "04_action_plan.html" in leak.found and "file:" in str(leak)


@pytest.mark.parametrize(
    "uri", ["04_action_plan.html", "C:\\Users\\me\\pack.pdf", "https://example.com/home/x/../tmp"]
)
def test_relative_windows_and_local_looking_links_fail_too(uri):
    assert [leak.kind for leak in check.check_pdf(_pdf(links=[(0, uri)]), "a.pdf")] == [
        "a link out of the PDF"
    ] * (0 if uri.startswith("https://example.com/home") else 1)


def test_a_web_link_and_a_jump_inside_pass():
    writer = PdfWriter()
    writer.add_blank_page(595, 842)
    writer.add_blank_page(595, 842)
    writer.add_annotation(0, Link(rect=[0, 0, 10, 10], target_page_index=1))
    _uri_link(writer, 0, "https://www.example.com/p/1")
    buffer = io.BytesIO()
    writer.write(buffer)
    assert check.check_pdf(buffer.getvalue(), "a.pdf") == []


def test_a_bundle_with_a_leaking_pdf_fails_naming_the_member(tmp_path):
    path = tmp_path / "out" / "alpha" / "2026-Q3" / "alpha-2026-Q3-reports.zip"
    path.parent.mkdir(parents=True)
    (path.parent / "run.json").write_text('{"client": "alpha"}')
    with zipfile.ZipFile(path, "w") as bundle:
        bundle.writestr("alpha-2026-Q3/pdf/00_summary.pdf", _pdf(links=[(0, LEAKED)]))
        bundle.writestr("alpha-2026-Q3/index.html", f'<p><a href="{LEAKED}">x</a></p>')
    secrets = check.Secrets({}, {}, ())
    leaks = check.check_bundle(path, secrets)
    assert sorted(leak.file for leak in leaks) == [
        "alpha-2026-Q3-reports.zip: alpha-2026-Q3/index.html",
        "alpha-2026-Q3-reports.zip: alpha-2026-Q3/pdf/00_summary.pdf",
    ]
    data = tmp_path / "client_data"
    (data / "alpha").mkdir(parents=True)
    (data / "alpha" / "client.yaml").write_text("name: Alpha\nperiod: 2026-Q3\n")
    # the report check of a run folder leaves bundles alone; `socialworkbook check` reads them
    assert check.check_run_folder(path.parent, data_root=data) == []
    assert cli.main(["check", str(path.parent), "--data-root", str(data)]) == 1


def test_report_links_become_jumps_to_their_section_inside_the_pack():
    summary = _pdf(links=[(0, LEAKED), (0, "file:///x/01_map.html"), (0, "https://e.com/p")])
    plan = _pdf(3, dests={"goals": 2, "findings": 1})
    # the plan's own contents link to its section "findings", by name, as Chromium writes it
    reader = PdfReader(io.BytesIO(plan))
    with_contents = PdfWriter(clone_from=reader)
    with_contents.add_annotation(
        0,
        DictionaryObject(
            {
                NameObject("/Type"): NameObject("/Annot"),
                NameObject("/Subtype"): NameObject("/Link"),
                NameObject("/Rect"): ArrayObject([NumberObject(v) for v in (0, 0, 9, 9)]),
                NameObject("/Dest"): NameObject("/findings"),
            }
        ),
    )
    buffer = io.BytesIO()
    with_contents.write(buffer)
    plan = buffer.getvalue()
    writer = PdfWriter()
    for part in (summary, plan):
        for page in PdfReader(io.BytesIO(part)).pages:
            writer.add_page(page)
    # the pack holds the summary (page 0) and the plan (pages 1-3), not the map
    pdf._internal_links(writer, {"00_summary.html": (0, summary), "04_action_plan.html": (1, plan)})
    buffer = io.BytesIO()
    writer.write(buffer)
    assert _links(buffer.getvalue()) == [(0, 3), (0, "https://e.com/p"), (1, 2)]
    assert check.check_pdf(buffer.getvalue(), "pack.pdf") == []
