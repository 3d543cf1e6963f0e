"""The PDF pack of both example clients: print layout, client words, links, page numbers.

Every report of both example clients (the real templates, through the session's `example_run`) is
shared with `pdf=True`; the bundle is unzipped and read as a client would: the HTML in print media
(measured in Chromium), the text of the HTML and of the PDFs (pdftotext), the links of the
navigation bar and of the pack's contents.
"""

from __future__ import annotations

import base64
import io
import itertools
import re
import shutil
import subprocess
import tempfile
import zipfile
from html.parser import HTMLParser
from pathlib import Path

import pytest

from socialworkbook import errors, wording
from socialworkbook.publish import pdf
from socialworkbook.publish.share import share_bundle

EXAMPLES = ("northwind-outdoor", "ledgerline")
pytestmark = [pytest.mark.browser, pytest.mark.slow, pytest.mark.xdist_group("example_run")]

# What client text never holds. A snake_case word is an internal name (a metric key, a vocabulary
# slug, a post type); an @handle is a name as the platform writes it.
# So is a vocabulary slug that is not a word ("rnd", "hr": the client reads "R&D", "HR").
_SLUG_WORDS = sorted(s for s in wording.vocabulary_slugs() if "_" not in s and wording.name(s) != s)
SNAKE = re.compile(
    r"(?<![@\w.])(?:[A-Za-z0-9][a-z0-9]*(?:_[a-z0-9]+)+|" + "|".join(_SLUG_WORDS) + r")\b"
)
DOT_ZERO = re.compile(r"(?<![\d.])\d{1,3}(?:,\d{3})+\.0\b|(?<![\d.,])\d{2,}\.0(?![\d%])\b")
MISSING = re.compile(r"\b(?:None|nan|NaN)\b")
FILE_NAME = re.compile(r"\b[\w-]+\.(?:csv|ya?ml|xlsx|json|ipynb|py)\b")
HASH = re.compile(r"\b(?=[0-9a-f]*\d)(?=[0-9a-f]*[a-f])[0-9a-f]{12,64}\b")


@pytest.fixture(scope="module")
def bundles(example_run, tmp_path_factory) -> dict[str, Path]:
    """Each example client's share bundle with PDFs, unzipped: client -> its folder."""
    if not shutil.which("pdftotext"):
        pytest.skip("pdftotext (poppler-utils) is not installed")
    base = tmp_path_factory.mktemp("bundles")
    found = {}
    for client in EXAMPLES:
        path = share_bundle(client, out=example_run.out, data_root=example_run.data_root, pdf=True)
        with zipfile.ZipFile(path) as bundle:
            bundle.extractall(base)
        (found[client],) = [p for p in base.iterdir() if p.name.startswith(client)]
    return found


def _reports(folder: Path) -> list[Path]:
    return sorted(folder.glob("[0-9][0-9]_*.html"))


class _Text(HTMLParser):
    """The text a reader sees (and the alt text a screen reader reads), without styles."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._quiet = 0

    def handle_starttag(self, tag, attrs):
        self._quiet += tag in ("style", "script", "title")
        self.parts += [f" {v} " for k, v in attrs if k == "alt" and v]

    def handle_endtag(self, tag):
        self._quiet -= tag in ("style", "script", "title")

    def handle_data(self, data):
        if not self._quiet:
            self.parts.append(data)


def _html_text(path: Path) -> str:
    parser = _Text()
    parser.feed(path.read_text(encoding="utf-8"))
    return " ".join(" ".join(parser.parts).split())  # cells apart: "client.yaml 8cfe…"


def _pdf_text(path: Path, first: int | None = None, last: int | None = None) -> str:
    pages = ["-f", str(first)] if first else []
    pages += ["-l", str(last)] if last else []
    done = subprocess.run(
        ["pdftotext", "-layout", *pages, str(path), "-"], capture_output=True, text=True, check=True
    )
    return done.stdout


def _problems(text: str) -> dict[str, list[str]]:
    checks = {
        "internal name": SNAKE,
        ".0 on a count": DOT_ZERO,
        "None/nan": MISSING,
        "file name": FILE_NAME,
        "hash": HASH,
    }
    found = {what: sorted(set(p.findall(text))) for what, p in checks.items()}
    return {what: hits for what, hits in found.items() if hits}


# Method words: test and scorer names, the scorer's settings, the analyst's input-table words and
# file names (FILE_NAME). The client reads them only in the "Method and statistics" appendix.
METHOD_WORDS = re.compile(
    r"VADER|\bcompound\b|@handles|\bF1\b|\bWald\b|Cohen's|Cram[eé]r's|Mann-Whitney|"
    r"quasi-Poisson|\bGLM\b|Benjamini|Hochberg|Yekutieli|design effect|\bOGST\b|"
    r"\((?:flow|stock|level)\)|\bt test\b|chi-square|"
    r"\badjusted p\b|\bp[ \u00a0]?[=<\u2264][ \u00a0]?\d|\bp[- ]values?\b"
)


def _method_words(text: str) -> list[str]:
    found = [m[0] for m in METHOD_WORDS.finditer(text)] + FILE_NAME.findall(text)
    return sorted(set(found))


def test_method_words_are_found():
    text = (
        "classes by VADER at compound ±0.05 with @handles removed; Wald z, Cohen's h, Cramer's V, "
        "Mann-Whitney U, a quasi-Poisson GLM, Benjamini-Hochberg, design effect 1.02, no OGST "
        "line, reach (flow), mentions.csv; adjusted p 0.003, p = 0.01, p<0.001, p-values"
    )
    assert len(_method_words(text)) == 19
    assert _method_words("The automatic scorer alone; reach 440,000 people; 2.0% rate") == []


@pytest.mark.parametrize("client", EXAMPLES)
def test_board_and_body_pages_speak_plain_words(bundles, client):
    """Over the pack's pages before its appendices (the cover, the contents, the board and every
    report's body) and over the HTML reports before their appendix: no method words."""
    from pypdf import PdfReader

    folder = bundles[client]
    pack = folder / f"{folder.name}-pack.pdf"
    reader = PdfReader(pack)
    outline = [(item.title, reader.get_destination_page_number(item)) for item in reader.outline]
    (appendix,) = [page for title, page in outline if title == pdf.APPENDIX_TITLE]
    assert outline[-2:] == [(pdf.APPENDIX_TITLE, appendix), ("Provenance appendix", outline[-1][1])]
    summary = dict(outline)[_html_title(folder / "00_summary.html")]
    after = min(page for _, page in outline if page > summary)
    found = {
        "board pages": _method_words(_pdf_text(pack, summary + 1, after)),
        "body pages": _method_words(
            _pdf_text(pack, 1, summary) + _pdf_text(pack, after + 1, appendix)
        ),
    }
    for report in _reports(folder):
        page = report.read_text(encoding="utf-8")
        cut = page.find(f'id="{pdf.APPENDIX}"')
        body = _Text()
        body.feed(page[: cut if cut > 0 else len(page)])
        found[report.name] = _method_words(" ".join(body.parts))
        headers = re.findall(r"<th[^>]*>\s*([^<]*?)\s*</th>", page[: cut if cut > 0 else None])
        found[report.name] += [f"a {h!r} column" for h in headers if h.lower() == "row"]
    assert {where: words for where, words in found.items() if words} == {}
    # the appendix holds them: the scorer and its settings, the tests
    method = _pdf_text(pack, appendix + 1, outline[-1][1])
    assert "VADER" in method and "compound" in method and "Benjamini" in method


def test_checks_catch_what_they_look_for():
    text = (
        "Rate conversation_rate for rnd in 01_ecosystem_map; 440,000.0 people and 58.0 posts; "
        "None; "
        "see scored_mentions.csv; "
        "inputs 8cfe0b7c3c90b0ffd4"
    )
    assert _problems(text) == {
        "internal name": ["01_ecosystem_map", "conversation_rate", "rnd", "scored_mentions"],
        ".0 on a count": ["440,000.0", "58.0"],
        "None/nan": ["None"],
        "file name": ["scored_mentions.csv"],
        "hash": ["8cfe0b7c3c90b0ffd4"],
    }
    clean = "@northwind_help answered 1,226,862 people; 2.0% of reach; +3.8 points; v2026"
    assert _problems(clean) == {}


@pytest.mark.parametrize("client", EXAMPLES)
def test_report_text_holds_no_internal_names_hashes_or_raw_numbers(bundles, client):
    folder = bundles[client]
    found = {}
    for report in _reports(folder):
        for source, text in (
            ("html", _html_text(report)),
            ("pdf", _pdf_text(folder / "pdf" / f"{report.stem}.pdf")),
        ):
            if problems := _problems(text):
                found[f"{report.name} ({source})"] = problems
    assert found == {}


@pytest.mark.parametrize("client", EXAMPLES)
def test_hashes_only_in_the_provenance_appendix(bundles, client):
    folder = bundles[client]
    appendix = _html_text(folder / "provenance.html")
    assert len(HASH.findall(appendix)) >= 2  # the inputs' checksums and the template versions
    assert HASH.findall(_html_text(folder / "index.html")) == []
    pack = folder / f"{folder.name}-pack.pdf"
    pages = _pdf_pages(pack)
    assert HASH.findall(_pdf_text(pack, last=pages - 1)) == []
    assert HASH.findall(_pdf_text(pack, first=pages, last=pages))


@pytest.mark.parametrize("client", EXAMPLES)
def test_no_table_or_figure_is_wider_than_the_page_in_print(bundles, client):
    with pdf.printer() as printer:
        wide = {r.name: pdf.too_wide(printer, r) for r in _reports(bundles[client])}
    assert {name: found for name, found in wide.items() if found} == {}


@pytest.mark.parametrize("client", EXAMPLES)
def test_no_page_holds_only_its_footer(bundles, client):
    folder = bundles[client]
    for report in _reports(folder):
        printed = folder / "pdf" / f"{report.stem}.pdf"
        pages = _pdf_text(printed).split("\f")[:-1]
        assert len(pages) == _pdf_pages(printed)
        for number, page in enumerate(pages, start=1):
            words = [line for line in page.splitlines() if line.strip()]
            assert len(words) > 1, f"{printed.name} page {number} holds only its footer"


def test_too_wide_finds_a_table_that_is():
    cells = "".join(f"<td>{'x' * 40}{i}</td>" for i in range(12))
    page = f"<html><body><table style='white-space:nowrap'><tr>{cells}</tr></table></body></html>"
    with pdf.printer() as printer:
        (found,) = pdf.too_wide(printer, page)
    assert found.startswith("table") and "px too wide" in found


@pytest.mark.parametrize("client", EXAMPLES)
def test_navigation_and_index_links_resolve_inside_the_bundle(bundles, client):
    folder = bundles[client]
    reports = _reports(folder)
    assert len(reports) == 5
    for report in reports:
        page = report.read_text(encoding="utf-8")
        (nav,) = re.findall(r'<nav [^>]*class="swb-nav".*?</nav>', page, re.DOTALL)
        targets = re.findall(r'href="([^"]+)"', nav)
        assert targets == [r.name for r in reports]
        assert all((folder / t).is_file() for t in targets)
        current = re.findall(r'<a ([^>]*aria-current="page"[^>]*)>', nav)
        assert current == [f'href="{report.name}" aria-current="page"']
    index = (folder / "index.html").read_text(encoding="utf-8")
    links = re.findall(r'href="([^"#]+)"', index)
    assert links == [r.name for r in reports] + [f"{folder.name}-pack.pdf", "provenance.html"]
    assert all((folder / link).is_file() for link in links)


def _pdf_pages(path: Path) -> int:
    from pypdf import PdfReader

    return len(PdfReader(path).pages)


@pytest.mark.parametrize("client", EXAMPLES)
def test_the_pack_contents_resolve_to_numbered_pages(bundles, client):
    from pypdf import PdfReader

    folder = bundles[client]
    pack = folder / f"{folder.name}-pack.pdf"
    reader = PdfReader(pack)
    # the metric analysis's method appendix is printed apart, at the back before provenance
    titles = [_html_title(r) for r in _reports(folder)] + [pdf.APPENDIX_TITLE]
    titles += ["Provenance appendix"]
    report_pages = [_pdf_pages(folder / "pdf" / f"{r.stem}.pdf") for r in _reports(folder)]
    cover = _pdf_text(pack, 1, 1)
    assert "Social business review" in cover and "2026-Q3" in cover
    assert "page 1 of" not in cover  # the cover is not numbered
    outline = [(item.title, reader.get_destination_page_number(item)) for item in reader.outline]
    assert [title for title, _ in outline] == titles
    contents = _pdf_text(pack, 2, 2)
    pages = [page.indirect_reference for page in reader.pages]
    links = [pages.index(a.get_object()["/Dest"][0]) for a in reader.pages[1].get("/Annots", [])]
    assert links == [page for _, page in outline]
    starts = [2 + sum(report_pages[:i]) for i in range(4)]  # those before the metric analysis
    assert [page for _, page in outline][:4] == starts
    # the metric analysis in two parts, its body and its appendix, print as many pages as the
    # whole report, give or take one (the appendix starts on a page of its own)
    split = outline[6][1] - outline[3][1]  # the metric analysis's two parts and the action plan
    assert abs(split - report_pages[3] - report_pages[4]) <= 1
    for title, page in outline:
        assert re.search(rf"{re.escape(title)}\s+{page + 1}\b", contents)
        first = _pdf_text(pack, page + 1, page + 1)
        assert title in " ".join(first.split())
        assert f"page {page + 1} of {len(reader.pages)}" in first


def _html_title(report: Path) -> str:
    import html

    (title,) = re.findall(r'<h1 class="swb-title">(.*?)</h1>', report.read_text(encoding="utf-8"))
    return html.unescape(title).strip()


def test_a_missing_engine_names_the_install_command(monkeypatch):
    monkeypatch.setenv("SOCIALWORKBOOK_CHROMIUM", "/nonexistent/chromium")
    with pytest.raises(errors.EngineMissingError, match="apt-get install chromium"):
        pdf.chromium_path()


def test_page_numbers_are_stamped_on_every_page():
    with pdf.printer() as printer:
        sheets = "".join(f"<p style='break-after: page'>sheet {i}</p>" for i in range(3))
        numbered = printer.numbered(printer.print(f"<html><body>{sheets}</body></html>"), "Acme")
    from pypdf import PdfReader

    texts = [page.extract_text() for page in PdfReader(io.BytesIO(numbered)).pages]
    assert len(texts) == 3
    for i, text in enumerate(texts, start=1):
        assert f"sheet {i - 1}" in text and f"page {i} of 3" in text
        assert "Confidential · Acme" in text


# Charts that print: vector, in the page's type, no text under 8 pt on paper. The A4 text column
# is 180 mm (the stylesheet's @page margins); a chart wider than it is scaled down to fit.
COLUMN_PT = (210 - 2 * 15) / 25.4 * 72
_SVG = re.compile(r"<svg\b[^>]*class=\"swb-chart(?: swb-narrow)?\"[^>]*>.*?</svg>", re.DOTALL)


def _body(page: str) -> str:
    return page.split('<main class="swb-body">', 1)[1].split("</main>", 1)[0]


def _chart_text_sizes(svg: str) -> list[float]:
    """The printed size in pt of every text of an inline SVG chart."""
    head = re.match(r"<svg\b[^>]*>", svg).group(0)
    width = float(re.search(r'\bwidth="([\d.]+)pt"', head).group(1))
    box = float(re.search(r'viewbox="[\d.-]+ [\d.-]+ ([\d.]+)', head, re.IGNORECASE).group(1))
    scale = (width / box) * min(1.0, COLUMN_PT / width)  # user unit -> pt, then fitted
    sizes = re.findall(r"<text\b[^>]*font(?:-size)?:\s*(?:[a-z]+\s+)*([\d.]+)px", svg)
    return [float(size) * scale for size in sizes]


def test_chart_text_sizes_are_read_from_the_svg_and_the_page():
    svg = (
        '<svg class="swb-chart" width="1020.4pt" height="100pt" viewBox="0 0 1020.4 100">'
        "<text style=\"font: 10px 'Liberation Sans'\">a</text>"
        '<text style="font-size: 16px; font-family: x">b</text></svg>'
    )
    assert [round(s, 1) for s in _chart_text_sizes(svg)] == [5.0, 8.0]  # printed at half size


@pytest.mark.parametrize("client", EXAMPLES)
def test_charts_are_vector_with_text_of_8pt_or_more_in_print(bundles, client):
    from pypdf import PdfReader

    folder = bundles[client]
    logos = set()
    for report in _reports(folder):
        page = report.read_text(encoding="utf-8")
        body = _body(page)
        assert "<img" not in body, f"{report.name} holds a raster image"
        charts = _SVG.findall(body)
        assert charts, f"{report.name} has no SVG chart"
        sizes = [s for svg in charts for s in _chart_text_sizes(svg)]
        assert len(sizes) > 10 * len(charts) / 2  # the text is text, not paths
        assert min(sizes) >= 8 - 0.01, f"{report.name}: text at {min(sizes):.1f} pt"
        logos |= set(re.findall(r'<img class="swb-logo" src="data:[^;]+;base64,([^"]+)"', page))
    pack = PdfReader(folder / f"{folder.name}-pack.pdf")
    # a logo (the client's in a report header, the practice's on the cover) is no chart
    allowed = {_pixels(base64.b64decode(logo)) for logo in logos}
    allowed |= {image.image.size for image in pack.pages[0].images}
    rasters = [
        f"page {number}: {image.name} {image.image.size}"
        for number, sheet in enumerate(pack.pages, start=1)
        for image in sheet.images
        if image.image.size not in allowed
    ]
    assert rasters == []


def _pixels(data: bytes) -> tuple[int, int]:
    from PIL import Image

    return Image.open(io.BytesIO(data)).size


def _page_fill(path: Path) -> list[float]:
    """Each page's share of the printable height between its first and last words (the
    stamped footer left out), from pdftotext -bbox."""
    done = subprocess.run(
        ["pdftotext", "-bbox", str(path), "-"], capture_output=True, text=True, check=True
    )
    fills = []
    for page in re.findall(r"<page ([^>]*)>(.*?)</page>", done.stdout, re.DOTALL):
        height = float(re.search(r'height="([\d.]+)"', page[0]).group(1))
        printable = height * (297 - 16 - 18) / 297
        foot = height * (297 - 18) / 297
        words = [
            (float(a), float(b))
            for a, b in re.findall(r'yMin="([\d.]+)" xMax="[\d.]+" yMax="([\d.]+)"', page[1])
            if float(a) < foot
        ]
        fills.append((max(b for _, b in words) - min(a for a, _ in words)) / printable)
    return fills


@pytest.mark.parametrize("client", EXAMPLES)
def test_no_body_page_is_under_a_third_full_but_a_reports_last(bundles, client):
    folder = bundles[client]
    thin = {}
    for report in _reports(folder):
        fills = _page_fill(folder / "pdf" / f"{report.stem}.pdf")
        thin |= {
            f"{report.stem} page {i}": round(f, 2) for i, f in enumerate(fills[:-1], 1) if f < 1 / 3
        }
    assert thin == {}


def _page_lines(path: Path) -> list[list[tuple[str, float]]]:
    """Each page's lines of text top to bottom (the stamped footer left out): the line's words
    and its tallest word's height in pt, from pdftotext -bbox."""
    done = subprocess.run(
        ["pdftotext", "-bbox", str(path), "-"], capture_output=True, text=True, check=True
    )
    pages = []
    for head, body in re.findall(r"<page ([^>]*)>(.*?)</page>", done.stdout, re.DOTALL):
        foot = float(re.search(r'height="([\d.]+)"', head).group(1)) * (297 - 18) / 297
        lines: dict[int, list] = {}
        for top, bottom, word in re.findall(
            r'yMin="([\d.]+)" xMax="[\d.]+" yMax="([\d.]+)">([^<]*)<', body
        ):
            if float(top) < foot:
                lines.setdefault(round(float(bottom)), []).append(
                    (word, float(bottom) - float(top))
                )
        pages.append(
            [(" ".join(w for w, _ in lines[y]), max(h for _, h in lines[y])) for y in sorted(lines)]
        )
    return pages


HEADING_PT = 13  # a word box this tall is a heading's (h4 is 12 pt, body text 10.5 pt: 11.7)


def _left_alone_at_a_foot(path: Path) -> list[str]:
    """Pages (all but the last) that end on a heading (or a heading and one line), or on a
    table's caption and header whose rows all start the next page (the header repeated there
    is the next page's first line)."""
    pages = _page_lines(path)
    found = []
    for number, (page, following) in enumerate(itertools.pairwise(pages), start=1):
        if not page:
            continue
        last, _ = page[-1]
        # a heading as the page's last line, or with one line of what it heads under it
        heading = [text for text, height in page[-2:] if height > HEADING_PT]
        if heading:
            found.append(f"page {number} ends on the heading {heading[-1]!r}")
        else:  # a header of one to three lines, repeated at the top of the next page
            texts, next_texts = [t for t, _ in page], [t for t, _ in following]
            for k in (1, 2, 3):
                if len(texts) > k and texts[-k:] == next_texts[:k]:
                    found.append(f"page {number} ends on a table header with no row: {last!r}")
                    break
    return found


def test_a_heading_or_a_table_header_alone_at_a_page_foot_is_found():
    # Pages without the kit's stylesheet: pushed down by a spacer, the heading or the header
    # ends page 1 for some spacer heights; the finding names it and never a line of text.
    rows = "".join(f"<tr><td>row {i}</td><td>{i}</td></tr>" for i in range(30))
    table = f"<table><thead><tr><th>Component</th><th>Value</th></tr></thead><tbody>{rows}"
    lines = "".join(f"<p>line {i}</p>" for i in range(60))
    pages = {
        "heading": "<h2 style='font-size:16pt'>Heading</h2>" + lines[:120],
        "header": f"{table}</tbody></table>",
        "text": lines,
    }
    found = {}
    style = "font: 10.5pt 'Liberation Sans', sans-serif"
    with pdf.printer() as printer, tempfile.TemporaryDirectory() as scratch:
        printed = Path(scratch) / "page.pdf"
        for name, body in pages.items():
            sheets = "".join(  # each on a new page, pushed down by a spacer
                f"<section style='break-before:page'><div style='height:{spacer}mm'>top</div>"
                f"{body}</section>"
                for spacer in range(240, 262, 3)
            )
            page = f'<!DOCTYPE html><html><body style="{style}">{sheets}</body></html>'
            printed.write_bytes(printer.print(page))
            found[name] = {f.split(" ", 2)[2] for f in _left_alone_at_a_foot(printed)}
    assert found == {
        "heading": {"ends on the heading 'Heading'"},
        "header": {"ends on a table header with no row: 'Component Value'"},
        "text": set(),
    }


@pytest.mark.parametrize("client", EXAMPLES)
def test_no_heading_or_table_header_is_left_alone_at_a_page_foot(bundles, client):
    folder = bundles[client]
    alone = {
        report.stem: _left_alone_at_a_foot(folder / "pdf" / f"{report.stem}.pdf")
        for report in _reports(folder)
    }
    assert {name: found for name, found in alone.items() if found} == {}


_NUMBER_OR_NONE = r"^(?:[+\-−]?[€$£]?\d[\d,]*(?:\.\d+)?\s?%?|n/a|–|)$"


@pytest.mark.parametrize("client", EXAMPLES)
def test_number_columns_are_right_aligned_also_where_a_cell_reads_n_a(bundles, client):
    folder = bundles[client]
    wrong, seen_na = [], 0
    with pdf.printer() as printer:
        for report in _reports(folder):
            with printer.page(report) as page:
                columns = page.eval_on_selector_all(
                    ".swb-body table",
                    """tables => tables.flatMap(t => {
                        const rows = [...t.querySelectorAll('tbody tr')].map(r => [...r.cells]);
                        const width = Math.max(0, ...rows.map(r => r.length));
                        return [...Array(width).keys()].map(i => rows.map(r => r[i]).filter(c => c)
                            .map(c => [c.textContent.trim(), getComputedStyle(c).textAlign]));
                    })""",
                )
            for cells in columns:
                texts = [text for text, _ in cells]
                numeric = [t for t in texts if t and t not in ("n/a", "–")]
                if not numeric or not all(re.match(_NUMBER_OR_NONE, t) for t in texts):
                    continue
                seen_na += "n/a" in texts
                if any(align not in ("right", "end") for _, align in cells):
                    wrong.append(f"{report.name}: {texts[:4]}")
    assert wrong == []
    assert seen_na or client != "northwind-outdoor"  # its post types table has "n/a" rates


@pytest.mark.parametrize("client", EXAMPLES)
def test_every_link_of_the_pack_jumps_inside_it_or_is_the_clients_own(bundles, client, example_run):
    """The PDFs' links are jumps inside their file (or https links from the client's data);
    the HTML's links are relative, to a page of the bundle and, with a #, to an anchor on it
    (`packlinks`; tests/publish/test_pack_link_check.py shows it failing on a planted leak)."""
    from packlinks import client_links, read_links

    folder = bundles[client]
    links = read_links(folder, client_links(example_run.data_root / client))
    assert links.bad == []
    assert links.jumps[f"{folder.name}-pack.pdf"] >= 20  # contents, reports' contents, details
    assert links.details >= 5  # the board's "Detail" links (its five decisions at least)


@pytest.mark.parametrize("client", EXAMPLES)
def test_the_board_papers_page_one_holds_its_decisions_and_its_figures(bundles, client):
    """Page one of the board summary, in the pack and in its own PDF: the decisions and every
    figure that matters (its name, this period's value and the baseline's), not only the
    header and the contents."""
    import html

    from pypdf import PdfReader

    folder = bundles[client]
    page = (folder / "00_summary.html").read_text(encoding="utf-8")
    ranked = re.findall(r'<ol class="swb-ranked">(.*?)</ol>', page, flags=re.S)[0]
    decisions = [html.unescape(t) for t in re.findall(r"<li><strong>(.*?)</strong>", ranked)]
    figures = re.findall(
        r'<div class="swb-value">(.*?)</div><div class="swb-label">(.*?)</div>.*?'
        r'<div class="swb-base">(.*?)</div>',
        page,
    )
    assert len(decisions) >= 3 and len(figures) >= 4
    pack = folder / f"{folder.name}-pack.pdf"
    reader = PdfReader(pack)
    outline = {item.title: reader.get_destination_page_number(item) for item in reader.outline}
    first = outline[_html_title(folder / "00_summary.html")] + 1
    own = folder / "pdf" / "00_summary.pdf"
    for where, path, number in ((("pack", pack, first)), ("own PDF", own, 1)):
        text = subprocess.run(  # reading order, not layout: a figure's name wraps in its column
            ["pdftotext", "-f", str(number), "-l", str(number), str(path), "-"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        text = " ".join(text.split())
        assert "Decisions for this quarter" in text and "The figures that matter" in text, where
        for decision in decisions:
            assert " ".join(decision.split()) in text, (where, decision)
        for value, label, before in figures:
            for shown in (label, value, before):
                assert html.unescape(shown) in text, (where, shown)
