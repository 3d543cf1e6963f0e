"""A text check over a client-ready HTML report: what no report of any client shape may show.

Read with the standard library (no kit code): the visible text of the page (scripts and styles
left out), its list items, headings and table cells. `defects(html, has=...)` lists every
defect found, each as a short line naming it and quoting the text; `has` names the kinds of data
the client has ("posts", "reach", "impressions", "mentions", "authors", "goals"), so that a
sentence about data the client lacks is found.

Used by the client zoo (tests/end_to_end/test_client_zoo.py).
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

__all__ = ["Page", "read_page", "defects"]

_HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}
_BLOCKS = {"p", "li", "td", "th", "div", "caption", "br", "tr", *_HEADINGS}
_SKIP = {"script", "style", "svg", "template"}


class Page:
    """What a reader sees: `text` (blocks on their own lines), `items` (list items), `headings`,
    `tables` (rows of cell texts) and `sections` (each h2's heading and the text under it)."""

    def __init__(self) -> None:
        self.text = ""
        self.items: list[str] = []
        self.unlabelled: list[str] = []  # each list item's words beside its bold label
        self.headings: list[str] = []
        self.tables: list[list[list[str]]] = []
        self.sections: list[tuple[str, str]] = []


class _Reader(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.page = Page()
        self.skip = 0
        self.open: list[list] = []  # [tag, text] of the open li / heading / cell
        self.chunks: list[str] = []
        self.images = 0
        self.bold = 0

    def handle_starttag(self, tag, attrs):
        if tag in _SKIP:
            self.skip += 1
        if self.skip:
            return
        if tag in _BLOCKS:
            self.chunks.append("\n")
        if tag == "img":
            self.chunks.append(" [image] ")
            for entry in self.open:
                entry[1] += " [image] "
                entry[2] += " [image] "
        if tag == "table":
            self.page.tables.append([])
        elif tag == "tr" and self.page.tables:
            self.page.tables[-1].append([])
        if tag in ("b", "strong"):
            self.bold += 1
        if tag in ("li", "td", "th", *_HEADINGS):
            self.open.append([tag, "", ""])

    def handle_endtag(self, tag):
        if tag in _SKIP:
            self.skip = max(self.skip - 1, 0)
            return
        if self.skip:
            return
        if tag in ("b", "strong"):
            self.bold = max(self.bold - 1, 0)
        if tag in _BLOCKS:
            self.chunks.append("\n")
        for i in range(len(self.open) - 1, -1, -1):
            if self.open[i][0] == tag:
                _, text, plain = self.open.pop(i)
                text = " ".join(text.replace("¶", " ").split())
                if tag == "li":
                    self.page.items.append(text)
                    self.page.unlabelled.append(plain.strip())
                elif tag in _HEADINGS:
                    self.page.headings.append(text)
                    if tag == "h2":
                        self.chunks.append(f"\n\x00{text}\x00\n")
                elif self.page.tables and self.page.tables[-1]:
                    self.page.tables[-1][-1].append(text)
                break

    def handle_data(self, data):
        if self.skip:
            return
        self.chunks.append(data)
        for entry in self.open:
            entry[1] += data
            if not self.bold:
                entry[2] += data


def read_page(html: str) -> Page:
    """The visible text, list items, headings, tables and h2 sections of an HTML page."""
    reader = _Reader()
    reader.feed(html)
    raw = "".join(reader.chunks)
    page = reader.page
    lines = [" ".join(line.replace("¶", " ").split()) for line in raw.splitlines()]
    page.text = "\n".join(line for line in lines if line)
    parts = re.split(r"\x00([^\x00]*)\x00", page.text)
    page.sections = [(parts[i].strip(), parts[i + 1].strip()) for i in range(1, len(parts) - 1, 2)]
    page.text = page.text.replace("\x00", "")
    return page


# a figure written with "%" and then named as a figure per post ("90.94% (likes per post)")
_PERCENT_PER_POST = re.compile(
    r"\d[\d,]*(?:\.\d+)?[ \t]*%[ \t]*\(?[ \t]*(?:[a-z]+[ \t]+){0,2}per post", re.IGNORECASE
)
# "None of the 4 comparisons" is English; a lone None (or nan) where a value belongs is not
# a figure per post called an engagement rate ("engagement rate 90.94 (likes per post)")
_RATE_PER_POST = re.compile(r"engagement rate [\d,.]+(?![\d%])[ \t]*\(?[a-z ]*per post", re.I)
_NONE_NAN = re.compile(r"(?<![\w/-])(None(?! of\b)|nan|NaN|NaT|null|undefined)(?![\w/-])")
_CAPPED = re.compile(r"\b200\s*%\s*(met|on track|behind)\b")
# a client without goals reads that none are set, never "met 0 of 0 goals"
_NO_GOALS = re.compile(r"\bmet 0 of 0\b|\b0 of 0 goals\b")
# sentences about data a client may lack: kind -> pattern
_ABOUT = {
    "mentions": re.compile(r"\bmentions?\b|\bauthors?\b|\bsentiment\b", re.IGNORECASE),
    "authors": re.compile(r"\bauthors?\b", re.IGNORECASE),
    "reach": re.compile(r"\b(?:of|by) reach\b|\bpeople (?:it |they )?reached\b", re.IGNORECASE),
}
# The method appendix defines every measure the kit has, whatever the client's data: there only
# a claim about the data (the mentions' authors, the people reached) counts.
APPENDIX = "Method and statistics"
_ABOUT_IN_APPENDIX = {
    "mentions": re.compile(r"\bthe mentions\b|\bRepeated authors\b|\bmentions (?:carry|are)\b"),
    "authors": re.compile(r"\bRepeated authors\b|\bcarry no author\b"),
    "reach": re.compile(r"\bpeople (?:it |they )?reached\b", re.IGNORECASE),
}


def defects(html: str, *, has: frozenset[str] | set[str]) -> list[str]:
    """Every defect of one report: stray markdown, empty bullets, headings or sections, "%" on a
    per-post figure, a capped attainment, None/nan, a finding twice, a sentence about data the
    client does not have."""
    page = read_page(html)
    found = []
    if "**" in page.text or "__" in re.sub(r"\w__\w", "", page.text):
        line = next(ln for ln in page.text.splitlines() if "**" in ln or "__" in ln)
        found.append(f"stray markdown: {line[:120]!r}")
    found += [
        f"empty list item: {item!r}"
        for item, words in zip(page.items, page.unlabelled, strict=True)
        if not item or (not words and item.endswith(("?", ".", ":")))  # a label, no words
    ]
    found += ["empty heading" for heading in page.headings if not heading]
    for heading, body in page.sections:
        if not body:
            found.append(f"empty section: {heading!r}")
    for match in _RATE_PER_POST.finditer(page.text):
        found.append(f"a per-post figure as an engagement rate: {match.group(0)!r}")
    for match in _PERCENT_PER_POST.finditer(page.text):
        found.append(f"% on a per-post figure: {match.group(0)!r}")
    for table in page.tables:
        if not table:
            continue
        header = table[0]
        for row in table[1:]:
            for title, cell in zip(header, row, strict=False):
                if "per post" in title and cell.endswith("%"):
                    found.append(f"% in a per-post column {title!r}: {cell!r}")
    for match in _NONE_NAN.finditer(page.text):
        context = page.text[max(match.start() - 40, 0) : match.end() + 20].replace("\n", " ")
        found.append(f"{match.group(0)} shown: {context!r}")
    for match in _CAPPED.finditer(page.text):
        found.append(f"capped attainment: {match.group(0)!r}")
    for match in _NO_GOALS.finditer(page.text):
        found.append(f"goals counted where none are set: {match.group(0)!r}")
    found += _repeated(page)
    body, appendix = _split_appendix(page)
    for kind in _ABOUT:
        if kind in has:
            continue
        for text, patterns in ((body, _ABOUT), (appendix, _ABOUT_IN_APPENDIX)):
            for sentence in _sentences(text):
                if patterns[kind].search(sentence):
                    found.append(f"about {kind} the client lacks: {sentence[:140]!r}")
    return found


def _split_appendix(page: Page) -> tuple[str, str]:
    """The page's text before the method appendix, and the appendix's."""
    appendix = "\n".join(body for heading, body in page.sections if heading == APPENDIX)
    if not appendix:
        return page.text, ""
    return page.text.replace(appendix, ""), appendix


def _sentences(text: str) -> list[str]:
    return [s.strip() for s in re.split(r"(?<=[.!?])\s+|\n", text) if s.strip()]


def _repeated(page: Page) -> list[str]:
    """A list item (a finding, a point) printed twice in one list of the page."""
    seen, out = set(), []
    for item in page.items:
        if len(item) < 25:  # short items (nav links, table words) may repeat by design
            continue
        if item in seen:
            out.append(f"the same item twice: {item[:100]!r}")
        seen.add(item)
    for table in page.tables:  # a finding is a table row: the same row twice in one table
        rows = [" | ".join(row) for row in table[1:]]
        for row in {r for r in rows if len(r) >= 40 and rows.count(r) > 1}:
            out.append(f"the same row twice: {row[:100]!r}")
    return out
