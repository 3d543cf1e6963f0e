"""Client-ready HTML: no code, prompts, stderr or scripts; branded, with contents; one offline file.

The page comes from the nbconvert template in `html_template/socialworkbook/`: JupyterLab's cell
markup with its own small stylesheet and a Content-Security-Policy that lets the page run no script
and fetch nothing. Before rendering, the notebook is made client-ready: tagged cells removed;
stderr, errors and script outputs dropped; a widget's view dropped where it left a static HTML
rendering (a widget without one is dropped whole: its text form is only a repr).
"""

from __future__ import annotations

import base64
import copy
import datetime as dt
import functools
import hashlib
import json
import re
from html.parser import HTMLParser
from pathlib import Path

from ..jupyter_imports import skip_iri_grammars
from ..periods import parse_period

__all__ = [
    "TEMPLATE_DIR",
    "DEFAULT_COLOR",
    "notebook_to_html",
    "inline_svg",
    "branding",
    "render_page",
    "template_title",
    "report_titles",
    "period_span",
    "dates_span",
    "long_date",
    "warm_up",
    "templates_digest",
]

TEMPLATE_DIR = Path(__file__).parent / "html_template"
DEFAULT_COLOR = "#1f4e79"
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
SVG = "image/svg+xml"
_SVG_NS = "http://www.w3.org/2000/svg"
_XLINK = "http://www.w3.org/1999/xlink"
# What a chart's drawing may hold inline in the page (matplotlib's SVG uses no more).
_SVG_TAGS = frozenset(
    "svg g defs path clipPath use text tspan rect circle ellipse line polyline polygon pattern "
    "linearGradient radialGradient stop mask title desc".split()
)
_SCRIPT_TYPES = ("application/javascript", "text/javascript", "text/vnd.mermaid")
_LOGO_TYPES = {
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".gif": "image/gif",
    ".webp": "image/webp",
    ".svg": "image/svg+xml",
}
_COLOR = re.compile(r"^#[0-9a-fA-F]{6}$")
_exporter = None
_pages = None


def branding(client) -> dict:
    """The client's name, brand colour and logo (a data URI, "" without one) for the page header,
    and the practice that prepares its reports (`practice_name`, `practice_logo`,
    `practice_contact`, `practice_color`; "" without a practice.yaml at the data root)."""
    config = client.config
    logo = ""
    if config.logo:
        logo = _data_uri(Path(client.folder) / config.logo)
    from ..intake.practice import read_practice  # intake's reader: only when a page is made

    practice = read_practice(Path(client.folder).parent)
    return {
        "client_name": config.name,
        "brand_color": config.brand_color,
        "logo": logo,
        "practice_name": practice.name if practice else "",
        "practice_logo": _data_uri(practice.logo) if practice and practice.logo else "",
        "practice_contact": practice.contact if practice else "",
        "practice_color": practice.color if practice else "",
    }


def _data_uri(path: Path) -> str:
    """An image file as a data URI ("" for a type the pages do not show)."""
    mime = _LOGO_TYPES.get(path.suffix.lower())
    if not mime:
        return ""
    return f"data:{mime};base64," + base64.b64encode(path.read_bytes()).decode("ascii")


def notebook_to_html(nb, *, provenance: dict | None = None, keep: bool = True) -> str:
    """Render an executed notebook as one self-contained client-ready HTML page.

    `provenance` carries the run's facts (kit_version, template, client, period, and `reports`:
    the (name, title) of the client-period's reports, for the navigation bar) and the client's
    `branding`; missing keys are left out of the page. Versions and input checksums are not shown:
    they belong to the provenance appendix (`share`). With `keep` False the page is made from
    `nb` itself, which is changed (for a caller done with it: no copy of every output).
    """
    provenance = dict(provenance or {})
    nb = _client_ready(copy.deepcopy(nb) if keep else nb)
    title = _take_title(nb) or template_title(provenance.get("template", ""))
    page = _page_facts(provenance, title, _contents(nb))
    body, _ = _get_exporter().from_notebook_node(nb, resources={"swb": page})
    return body


def render_page(name: str, **context) -> str:
    """Render a standalone page template (`portfolio`, `bundle`) with escaping on.

    `brand_color` (#rrggbb) colours the page; the kit's own colour without one.
    """
    global _pages
    if _pages is None:
        _pages = _page_environment()
    color = context.get("brand_color") or ""
    color = color if _COLOR.match(color) else DEFAULT_COLOR
    context |= {"brand_color": color, "brand_ink": _ink(color)}
    return _pages.get_template(f"{name}.html.j2").render(**context)


def _page_environment():
    """The Jinja environment of the kit's own pages: escaping on, `figure_cells` as functions."""
    import jinja2

    from .. import wording
    from .figure_cells import CELLS

    class PageEnvironment(jinja2.Environment):
        """`row.key` finds a dict's key first: the pages' rows are dicts, and Jinja's own order
        (attribute, then key) costs a caught exception for every cell of a large index."""

        def getattr(self, obj, attribute):
            if type(obj) is dict and attribute in obj:
                return obj[attribute]
            return super().getattr(obj, attribute)

    pages = PageEnvironment(
        loader=jinja2.FileSystemLoader(TEMPLATE_DIR / "socialworkbook"),
        autoescape=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    pages.filters |= {"signed": wording.signed, "points": wording.points}
    pages.globals |= CELLS
    return pages


def warm_up() -> None:
    """Build the exporter once (its first use in a process costs ~0.5 s)."""
    skip_iri_grammars()
    import nbformat

    notebook_to_html(nbformat.v4.new_notebook())


# ----------------------------------------------------------------------------- the notebook


def _get_exporter():
    global _exporter
    if _exporter is None:
        skip_iri_grammars()
        from nbconvert import HTMLExporter

        from .. import private_apis

        class ReportExporter(HTMLExporter):
            """nbconvert's HTML exporter without the pass that parses the page again
            (`private_apis.html_without_reparse`)."""

            def from_notebook_node(self, nb, resources=None, **kw):
                return private_apis.html_without_reparse(self, nb, resources, **kw)

        _exporter = ReportExporter(
            extra_template_basedirs=[str(TEMPLATE_DIR)],
            template_name="socialworkbook",
            exclude_input=True,
            exclude_input_prompt=True,
            exclude_output_prompt=True,
            embed_images=True,
            optimistic_validation=True,  # the notebook validated once, not after each preprocessor
        )
    return _exporter


def _client_ready(nb):
    """Remove tagged cells, stderr, errors, scripts and widget views a client cannot use."""
    from nbconvert.preprocessors import TagRemovePreprocessor

    remover = TagRemovePreprocessor(
        remove_cell_tags={"remove-cell"},
        remove_input_tags={"remove-input"},
        remove_all_outputs_tags={"remove-output"},
        enabled=True,
    )
    nb, _ = remover.preprocess(nb, {})
    for cell in nb.cells:
        if cell.get("cell_type") == "code":
            cell.outputs = [o for o in map(_client_output, cell.get("outputs", [])) if o]
    nb.metadata.pop("widgets", None)
    nb.cells = _without_empty_sections(nb.cells)
    return nb


def _heading_level(cell, *, only: bool = True) -> int | None:
    """The level of the heading opening a Markdown cell (with `only`, of a cell that holds
    nothing but headings), else None."""
    if cell.get("cell_type") != "markdown":
        return None
    lines = [line for line in cell.source.strip().split("\n") if line.strip()]
    if not lines or not re.match(r"#{1,6}\s", lines[0]):
        return None
    if only and not all(re.match(r"#{1,6}\s", line) for line in lines):
        return None
    return len(lines[0]) - len(lines[0].lstrip("#"))


def _says_nothing(cell) -> bool:
    if cell.get("cell_type") == "code":
        return not cell.get("outputs")
    return not cell.get("source", "").strip()


def _without_empty_sections(cells: list) -> list:
    """The cells without the headings of sections that show nothing for this client (a client
    without mentions has no sentiment to report): no report shows a heading over nothing."""
    cells = list(cells)
    renumber = False  # a numbered section left out: the others are numbered anew
    i = len(cells) - 1
    while i >= 0:
        level = _heading_level(cells[i])
        if level is not None:
            j = i + 1
            while j < len(cells):
                opens = _heading_level(cells[j], only=False)
                if opens is not None and opens <= level:
                    break
                if not (_says_nothing(cells[j]) or _heading_level(cells[j]) is not None):
                    break
                j += 1
            if j == len(cells) or (_heading_level(cells[j], only=False) or 99) <= level:
                renumber = renumber or _numbered_section(cells[i])
                del cells[i:j]
        i -= 1
    return _renumbered(cells) if renumber else cells


_NUMBERED_SECTION = re.compile(r"^(##\s+)\d+\.(?=\s)")


def _renumbered(cells: list) -> list:
    """The numbered sections ("## 3. Business goals") numbered anew in order: a page that left
    one out reads 1, 2, 3, not 1, 2, 4 (its contents and anchors follow the headings)."""
    number = 0
    for cell in cells:
        if _numbered_section(cell):
            number += 1
            cell.source = _NUMBERED_SECTION.sub(rf"\g<1>{number}.", cell.source, count=1)
    return cells


def _numbered_section(cell) -> bool:
    return _heading_level(cell, only=False) == 2 and bool(_NUMBERED_SECTION.match(cell.source))


_NARROW_PT = 340.0
"""A chart at most this wide (points; the goals chart, 4.4 in) scales to a phone's width with
its text readable, so there it fits the page (socialworkbook.css) rather than scroll."""


def inline_svg(text: str, *, alt: str = "") -> str | None:
    """A chart's SVG made fit to sit inline in a client page, or None when it is not a drawing.

    Inline, so that its text is the page's text in the page's typeface and prints as vector. Kept:
    drawing elements and their presentation attributes; dropped: the XML prolog, metadata,
    scripts, event handlers, links out of the drawing and the style sheet (matplotlib's `*` rule
    would style the whole page; its two properties go on the root). `alt` is its accessible name.
    """
    from xml.etree import ElementTree as ET

    try:
        root = ET.fromstring(text.encode("utf-8") if isinstance(text, str) else text)
    except ET.ParseError:
        return None
    if root.tag != f"{{{_SVG_NS}}}svg":
        return None
    ET.register_namespace("", _SVG_NS)
    ET.register_namespace("xlink", _XLINK)

    def clean(element) -> None:
        for child in list(element):
            local = str(child.tag).rsplit("}", 1)[-1]
            if not str(child.tag).startswith(f"{{{_SVG_NS}}}") or local not in _SVG_TAGS:
                element.remove(child)
                continue
            for name, value in list(child.attrib.items()):
                local_name = name.rsplit("}", 1)[-1].lower()
                if local_name.startswith("on") or (
                    local_name == "href" and not value.startswith("#")
                ):
                    del child.attrib[name]
            clean(child)

    clean(root)
    for name in [n for n in root.attrib if n.rsplit("}", 1)[-1].lower().startswith("on")]:
        del root.attrib[name]
    width = re.fullmatch(r"([\d.]+)pt", root.get("width", ""))
    narrow = width is not None and float(width.group(1)) <= _NARROW_PT
    root.set("class", "swb-chart swb-narrow" if narrow else "swb-chart")  # narrow: fits a phone
    root.set("style", "stroke-linejoin: round; stroke-linecap: butt")
    root.set("role", "img")
    if alt:
        root.set("aria-label", alt)
    return ET.tostring(root, encoding="unicode")


def _client_output(output):
    """The output as a client may see it, or None when nothing of it is for a client."""
    kind = output.get("output_type")
    if kind == "error" or (kind == "stream" and output.get("name") == "stderr"):
        return None
    if kind not in ("display_data", "execute_result"):
        return output
    data = output.get("data", {})
    for mime in _SCRIPT_TYPES:
        data.pop(mime, None)
    if SVG in data:
        alt = (output.get("metadata", {}).get(SVG) or {}).get("alt", "")
        svg = inline_svg(data[SVG], alt=alt)
        if svg is None:
            return None  # not a drawing we can vouch for: no chart rather than its repr
        data[SVG] = svg
        data.pop("image/png", None)
    if WIDGET_VIEW in data:
        if "text/html" not in data:
            return None  # a live widget without a static rendering shows only its repr
        del data[WIDGET_VIEW]
    return output if data else None


class _Headings(HTMLParser):
    """Collect (level, id, text) of the h1-h6 elements of an HTML fragment."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.found: list[tuple[int, str, str]] = []
        self._open: tuple[int, str] | None = None
        self._text: list[str] = []
        self._in_anchor = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if re.fullmatch(r"h[1-6]", tag):
            self._open, self._text = (int(tag[1]), attrs.get("id") or ""), []
        elif tag == "a" and "anchor-link" in (attrs.get("class") or ""):
            self._in_anchor = True

    def handle_endtag(self, tag):
        if tag == "a":
            self._in_anchor = False
        elif self._open and tag == f"h{self._open[0]}":
            level, ident = self._open
            self.found.append((level, ident, " ".join("".join(self._text).split())))
            self._open = None

    def handle_data(self, data):
        if self._open and not self._in_anchor:
            self._text.append(data)


def _headings(markdown: str) -> list[tuple[int, str, str]]:
    """The headings of a Markdown text, with the ids nbconvert gives them."""
    from nbconvert.filters.markdown_mistune import markdown2html_mistune

    parser = _Headings()
    parser.feed(markdown2html_mistune(markdown))
    return parser.found


def _markdown_sources(nb):
    """Every Markdown text the page shows, in order: Markdown cells and Markdown outputs."""
    for cell in nb.cells:
        if cell.get("cell_type") == "markdown":
            yield cell.source
        for output in cell.get("outputs", []):
            if "text/markdown" in output.get("data", {}) and "text/html" not in output.data:
                yield output.data["text/markdown"]


def _take_title(nb) -> str:
    """Remove the leading `# Title` line of the first Markdown cell and return its text."""
    for cell in nb.cells:
        if cell.get("cell_type") != "markdown":
            continue
        lines = cell.source.lstrip().split("\n")
        if not re.match(r"#\s", lines[0]):
            return ""
        found = _headings(lines[0])
        cell.source = "\n".join(lines[1:]).strip()
        return found[0][2] if found else ""
    return ""


def report_titles(templates_dir: Path | str) -> list[tuple[str, str]]:
    """(name, title) of each template in a folder: the `# Title` opening its first Markdown cell."""
    found = []
    for path in sorted(Path(templates_dir).glob("[0-9][0-9]_*.ipynb")):
        cells = json.loads(path.read_bytes()).get("cells") or []  # no nbformat: read at every run
        first = next(
            (_text(c.get("source")) for c in cells if c.get("cell_type") == "markdown"), ""
        )
        heading = re.match(r"#\s+(.+)", first.lstrip())
        title = heading.group(1).strip() if heading else template_title(path.stem)
        found.append((path.stem, title))
    return found


def _text(source) -> str:
    """A cell's source as the .ipynb file has it (a string, or a list of lines) as one string."""
    return "".join(source) if isinstance(source, list) else str(source or "")


def template_title(template: str) -> str:
    """`03_sentiment_shift` -> `Sentiment shift`."""
    words = re.sub(r"^\d+_", "", template).replace("_", " ").strip()
    return words[:1].upper() + words[1:]


def _contents(nb) -> list[dict]:
    """The table of contents: the h2 and h3 headings, each id once."""
    seen, toc = set(), []
    for source in _markdown_sources(nb):
        for level, ident, text in _headings(source):
            if level in (2, 3) and ident and ident not in seen:
                seen.add(ident)
                toc.append({"level": level, "id": ident, "text": text})
    return toc


def _page_facts(provenance: dict, title: str, toc: list[dict]) -> dict:
    """What the page template shows besides the cells: header, contents, footer."""
    color = provenance.get("brand_color") or ""
    label = provenance.get("period", "")
    return {
        "title": title,
        "client_name": provenance.get("client_name") or provenance.get("client", ""),
        "brand_color": color if _COLOR.match(color) else DEFAULT_COLOR,
        "brand_ink": _ink(color if _COLOR.match(color) else DEFAULT_COLOR),
        "logo": provenance.get("logo") or "",
        "practice_name": provenance.get("practice_name") or "",
        "practice_contact": provenance.get("practice_contact") or "",
        "period": label,
        "period_span": period_span(label),
        "date": long_date(dt.date.today()),
        "run_date": dt.date.today().isoformat(),
        "toc": toc,
        "kit_version": provenance.get("kit_version", ""),
        "reports": [
            {"href": f"{name}.html", "title": text, "current": name == provenance.get("template")}
            for name, text in provenance.get("reports") or []
        ],
    }


def _ink(color: str) -> str:
    """The brand colour, darkened until text in it reads on white (contrast >= 4.5:1, WCAG AA)."""
    rgb = [int(color[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    while 1.05 / (_luminance(rgb) + 0.05) < 4.5:
        rgb = [c * 0.9 for c in rgb]
    return "#" + "".join(f"{round(c * 255):02x}" for c in rgb)


def _luminance(rgb: list[float]) -> float:
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in rgb]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def long_date(day: dt.date) -> str:
    """`2026-10-01` -> `1 October 2026`."""
    return f"{day.day} {day:%B %Y}"


def period_span(label: str) -> str:
    """`2026-Q3` -> `1 July – 30 September 2026`; "" when the label is not a period."""
    try:
        period = parse_period(label)
    except ValueError:
        return ""
    return dates_span(period.start, period.end)


def dates_span(start: dt.date, end: dt.date) -> str:
    """The days from `start` to `end` in words: `1 July – 30 September 2026`."""
    if start == end:
        return long_date(start)
    first = f"{start.day} {start:%B}" + ("" if start.year == end.year else f" {start.year}")
    return f"{first} – {long_date(end)}"


@functools.cache
def templates_digest() -> str:
    """A digest of the page templates (`TEMPLATE_DIR`): a page made of the same data and the
    same templates is the same page (the history page and the portfolio index are not written
    again)."""
    digest = hashlib.sha256()
    for path in sorted(TEMPLATE_DIR.rglob("*")):
        if path.is_file():
            digest.update(path.name.encode() + path.read_bytes())
    return digest.hexdigest()
