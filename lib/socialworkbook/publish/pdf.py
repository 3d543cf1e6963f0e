"""Printing reports to PDF: Debian's Chromium through Playwright, numbered pages, the client pack.

Chromium prints each HTML report in its print media (A4, the stylesheet's `@media print`). Page
footers (client, report, "page n of N") are printed apart on an overlay and stamped onto the pages
with pypdf, so one report's PDF and the pack number their pages alike. The pack is the cover, its
contents, the reports in order and the provenance appendix, merged, with one bookmark and one
contents link per part.

Links between reports (`04_action_plan.html#goals`, which Chromium prints as a `file:` link to
the consultant's folder) become jumps inside the pack to that section's page
(`_internal_links`); in one report's own PDF, a link to another report is dropped (its words
stay). A report's method appendix (the heading marked `APPENDIX`) is printed apart, at the
back of the pack before the provenance appendix (`Printer.print`'s `part`). Chromium marks a
section's place in the PDF only where the page links to it, so every section anchor gets a hidden
link before printing (`_MARK_TARGETS`).
"""

from __future__ import annotations

import contextlib
import html
import io
import logging
import os
import re
import shutil
import urllib.parse
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from ..errors import EngineMissingError

__all__ = ["APPENDIX", "APPENDIX_TITLE", "Part", "Printer", "printer", "chromium_path", "too_wide"]

INSTALL_COMMAND = "sudo apt-get install chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"]
_POINTS_PER_PX = 0.75  # CSS px are 1/96 in, PDF points 1/72 in
_A4_WIDTH_PX = round(210 / 25.4 * 96)
_A4_HEIGHT_PX = 297 / 25.4 * 96
_PRINTABLE_WIDTH_PX = round((210 - 2 * 15) / 25.4 * 96)  # @page side margins of the stylesheet
_OVERLAY_CSS = """
@page { size: A4; margin: 0; }
* { margin: 0; box-sizing: border-box; }
body { font: 8pt/1.2 "Liberation Sans", "DejaVu Sans", Arial, sans-serif; color: #616e7c; }
.sheet { position: relative; width: 210mm; height: 297mm; overflow: hidden; break-after: page; }
.sheet:last-child { break-after: auto; }
.foot { position: absolute; left: 15mm; right: 15mm; bottom: 8mm; display: flex; gap: 12pt;
        border-top: 0.5pt solid #e4e7eb; padding-top: 2mm; }
.foot span:first-child { flex: 1 1 auto; }
"""


# Every heading and section anchor as a target of a hidden same-page link, so that Chromium writes
# its place as a named destination in the PDF (it writes them only for targets of links)
_MARK_TARGETS = """els => { const box = document.createElement('div');
  box.style.display = 'none';
  for (const e of els) { const a = document.createElement('a');
    a.href = '#' + e.id; box.appendChild(a); }
  document.body.appendChild(box); }"""
APPENDIX = "appendix"  # the anchor on the heading of a report's method appendix
APPENDIX_TITLE = "Method and statistics"
# A report's cells before its appendix ("body") or from it on ("appendix"); the contents list
# and header follow
_SPLIT = """([part, id, title]) => {
  const mark = document.getElementById(id);
  if (!mark) return;
  const first = mark.closest('.jp-Cell');
  const cells = [...document.querySelectorAll('.jp-Cell')];
  const at = cells.indexOf(first);
  cells.forEach((cell, i) => { if ((part === 'body') === (i >= at)) cell.remove(); });
  const heading = mark.closest('h1, h2, h3');
  const toc = document.querySelector('.swb-toc');
  if (part === 'appendix') {
    if (toc) toc.remove();
    const name = document.querySelector('.swb-title');
    if (name) name.textContent = title;
  } else if (toc && heading) {
    let gone = false;
    for (const item of [...toc.querySelectorAll('li')]) {
      gone = gone || item.querySelector('a').getAttribute('href') === '#' + heading.id;
      if (gone) item.remove();
    }
  }
}"""
_TARGETS = "h1[id], h2[id], h3[id], h4[id], span[id], a[id]"
_REPORT_LINK = re.compile(r"^(?:file:[^#]*/)?(\d\d_[a-z0-9_]+\.html)(?:#(.*))?$")

logging.getLogger("pypdf").setLevel(logging.ERROR)  # Chromium's PDFs make it chatty about trailers


@dataclass(frozen=True)
class Part:
    """One part of the pack: its title (contents, bookmarks, footers) and its printed PDF."""

    title: str
    pdf: bytes
    name: str = ""  # the report's file name (`04_action_plan.html`): links to it land here


def chromium_path() -> str:
    """The Chromium binary: `$SOCIALWORKBOOK_CHROMIUM`, else `chromium` on the PATH."""
    found = os.environ.get("SOCIALWORKBOOK_CHROMIUM") or shutil.which("chromium")
    found = found or ("/usr/bin/chromium" if os.path.exists("/usr/bin/chromium") else None)
    if not found or not os.path.exists(found):
        raise EngineMissingError(
            f"PDFs are printed with Chromium, which is not installed: `{INSTALL_COMMAND}` "
            "(or set SOCIALWORKBOOK_CHROMIUM to a Chromium binary)"
        )
    return found


@contextlib.contextmanager
def printer() -> Iterator[Printer]:
    """One headless Chromium for a batch of prints."""
    executable = chromium_path()
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        raise EngineMissingError(
            "PDFs need the playwright package: `pip install playwright` (Chromium itself comes "
            f"from `{INSTALL_COMMAND}`; playwright's own browser download is not needed)"
        ) from None
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=executable, headless=True, args=CHROMIUM_ARGS
        )
        try:
            yield Printer(browser)
        finally:
            browser.close()


class Printer:
    """Print HTML to A4 PDF pages in Chromium's print media; number and merge them."""

    def __init__(self, browser):
        self._browser = browser

    @contextlib.contextmanager
    def page(self, source: Path | str, *, width: int = 1280):
        """A browser page `width` CSS px wide showing `source` (a file, or HTML) in print media."""
        context = self._browser.new_context(
            java_script_enabled=False, viewport={"width": width, "height": 1000}
        )
        try:
            page = context.new_page()
            page.emulate_media(media="print")
            if isinstance(source, Path):
                page.goto(source.resolve().as_uri(), wait_until="load")
            else:
                page.set_content(source, wait_until="load")
            yield page
        finally:
            context.close()

    def print(self, source: Path | str, *, part: str = "") -> bytes:
        """The PDF of a file or of HTML text, as Chromium prints it (no page numbers).

        `part` prints a report in two: "body" leaves out its method appendix (the cells from
        the heading marked `APPENDIX` on), "appendix" prints only that, titled `APPENDIX_TITLE`.
        """
        with self.page(source) as page:
            if part:
                page.evaluate(_SPLIT, [part, APPENDIX, APPENDIX_TITLE])
            page.eval_on_selector_all(_TARGETS, _MARK_TARGETS)
            return page.pdf(prefer_css_page_size=True, print_background=True)

    def has_appendix(self, source: Path) -> bool:
        """Whether a report holds a method appendix (the anchor `APPENDIX`)."""
        return f'id="{APPENDIX}"' in source.read_text(encoding="utf-8")

    def numbered(self, pdf: bytes, footer: str) -> bytes:
        """Stamp "Confidential · footer · page n of N" at the foot of every page."""
        from pypdf import PdfWriter

        writer = PdfWriter(clone_from=io.BytesIO(pdf))
        self._stamp(writer, [footer] * len(writer.pages), 0)
        _internal_links(writer, {})
        return _bytes(writer)

    def _stamp(self, writer, footers: list[str], first: int) -> None:
        """Stamp footers[i] and its page number on page first + i (earlier pages stay bare)."""
        from pypdf import PdfReader

        total = len(writer.pages)
        overlay = PdfReader(io.BytesIO(self.print(_overlay(footers, total, first))))
        for index in range(first, total):
            writer.pages[index].merge_page(overlay.pages[index - first])

    def pack(self, front: str, parts: list[Part], *, client_name: str, practice: str = "") -> bytes:
        """The pack: front matter, then the parts, with bookmarks, contents links and numbers.

        `front` is HTML of whole A4 sheets (`.sheet`, 210 x 297 mm, no page margin): the cover
        and the contents, where `{{page:i}}` stands for part i's first page number and an element
        with `data-part="i"` becomes a link to that page.
        """
        from pypdf import PdfReader, PdfWriter
        from pypdf.annotations import Link
        from pypdf.generic import Fit

        counts = [len(PdfReader(io.BytesIO(p.pdf)).pages) for p in parts]
        sheets = len(re.findall(r'class="sheet\b', front))
        starts = [sheets + sum(counts[:i]) for i in range(len(parts))]
        for i, start in enumerate(starts):
            front = front.replace(f"{{{{page:{i}}}}}", str(start + 1))
        with self.page(front, width=_A4_WIDTH_PX) as page:
            front_pdf = page.pdf(prefer_css_page_size=True, print_background=True)
            boxes = page.eval_on_selector_all(
                "[data-part]",
                "els => els.map(e => { const r = e.getBoundingClientRect();"
                " return [Number(e.dataset.part), r.left, r.top + scrollY, r.right,"
                " r.bottom + scrollY]; })",
            )
        if len(PdfReader(io.BytesIO(front_pdf)).pages) != sheets:
            raise ValueError(f"the pack's front matter does not print as {sheets} A4 sheets")
        writer = PdfWriter()
        for source in [front_pdf] + [p.pdf for p in parts]:
            for sheet in PdfReader(io.BytesIO(source)).pages:
                writer.add_page(sheet)
        footers = ["report pack"] * sheets
        for part, count in zip(parts, counts, strict=True):
            footers += [part.title] * count
        by = f" · by {practice}" if practice else ""  # the practice's name on every footer
        self._stamp(writer, [f"{client_name} · {f}{by}" for f in footers[1:]], 1)
        for part, start in zip(parts, starts, strict=True):
            writer.add_outline_item(title=part.title, page_number=start)
        height = float(writer.pages[0].mediabox.height)
        for index, left, top, right, bottom in boxes:
            sheet, offset = divmod(top, _A4_HEIGHT_PX)
            bottom -= sheet * _A4_HEIGHT_PX
            rect = [left * _POINTS_PER_PX, height - bottom * _POINTS_PER_PX]
            rect += [right * _POINTS_PER_PX, height - offset * _POINTS_PER_PX]
            link = Link(rect=rect, target_page_index=starts[index], fit=Fit.fit())
            writer.add_annotation(page_number=int(sheet), annotation=link)
        _internal_links(
            writer, {p.name: (start, p.pdf) for p, start in zip(parts, starts, strict=True)}
        )
        writer.add_metadata({"/Title": f"{client_name}: report pack"})
        return _bytes(writer)


def _internal_links(writer, parts: dict[str, tuple[int, bytes]]) -> None:
    """Make every link to a report a jump inside the PDF, or drop it where that report is not in it.

    `parts` maps a report's file name to its first page in `writer` and its own printed PDF,
    whose named destinations (the sections) give the page and height a link lands on. Links
    that are not to a report of the run (https links from the client's data, a stray `file:`
    link) are left for the confidentiality check to judge.
    """
    from pypdf import PdfReader
    from pypdf.generic import ArrayObject, FloatObject, NameObject, NullObject

    places: dict[str, dict[str, tuple[int, float | None]]] = {}
    part_of: dict[int, str] = {}  # page index -> the report it belongs to
    for name, (start, data) in parts.items():
        reader = PdfReader(io.BytesIO(data))
        places[name] = {"": (start, None)}
        part_of |= dict.fromkeys(range(start, start + len(reader.pages)), name)
        for key, dest in reader.named_destinations.items():
            top = dest.get("/Top")
            top = float(top) if top is not None else None
            places[name][key.lstrip("/")] = (start + reader.get_destination_page_number(dest), top)
    for number, page in enumerate(writer.pages):
        annotations = page.get("/Annots")
        if not annotations:
            continue
        kept = ArrayObject()
        for ref in annotations:
            annotation = ref.get_object()
            action = annotation.get("/A")
            uri = str(action.get_object().get("/URI", "")) if action is not None else ""
            found = _REPORT_LINK.match(uri) if uri else None
            named = annotation.get("/Dest")
            if isinstance(named, str) and number in part_of:
                # a report's own contents link, by the name of a section its merged pages lost
                name, anchor = part_of[number], named.lstrip("/")
            elif found:
                name, anchor = found.group(1), urllib.parse.unquote(found.group(2) or "")
            else:
                kept.append(ref)
                continue
            if name not in places:
                continue  # a report this PDF does not hold: the words stay, the link goes
            index, top = places[name].get(anchor, places[name][""])
            annotation.pop(NameObject("/A"), None)
            annotation[NameObject("/Dest")] = ArrayObject(
                [
                    writer.pages[index].indirect_reference,
                    NameObject("/XYZ"),
                    NullObject(),
                    NullObject() if top is None else FloatObject(top),
                    NullObject(),
                ]
            )
            kept.append(ref)
        page[NameObject("/Annots")] = kept


def _overlay(footers: list[str], total: int, first: int) -> str:
    """HTML of one A4 sheet per numbered page, blank but for its footer."""
    sheets = "".join(
        f'<div class="sheet"><div class="foot"><span>Confidential · {html.escape(text)}</span>'
        f"<span>page {first + i + 1} of {total}</span></div></div>"
        for i, text in enumerate(footers[: total - first])
    )
    return f"<!DOCTYPE html><html><head><style>{_OVERLAY_CSS}</style></head><body>{sheets}</body>"


def _bytes(writer) -> bytes:
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def too_wide(printer: Printer, source: Path | str) -> list[str]:
    """Tables and figures of a page that print wider than the A4 page box, measured in Chromium.

    The page is laid out in print media at the width of the printable area (A4 less the
    stylesheet's side margins), as Chromium lays it out to print; each finding names the element
    and by how many CSS px it is too wide.
    """
    with printer.page(source, width=_PRINTABLE_WIDTH_PX) as page:
        return page.eval_on_selector_all(
            "table, img, svg, pre",
            f"""els => els.flatMap(e => {{
                const r = e.getBoundingClientRect();
                const over = Math.max(r.right, r.left + e.scrollWidth) - {_PRINTABLE_WIDTH_PX};
                if (r.width === 0 || over <= 1) return [];
                const where = e.closest('.jp-Cell') || e.parentElement;
                const head = (e.querySelector('caption, th') || where).textContent;
                return [`${{e.tagName.toLowerCase()}} "${{head.trim().slice(0, 60)}}" is
                         ${{Math.round(over)}} px too wide`.replace(/\\s+/g, ' ')];
            }})""",
        )
