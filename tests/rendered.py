"""What a rendered report holds, read back with the standard library (no kit code).

Shared by the end-to-end tests that read the reports' HTML (metric analysis, same figures, the
Facebook client).
"""

from __future__ import annotations

from html.parser import HTMLParser

__all__ = ["html_tables"]


def html_tables(html: str) -> list[list[list[str]]]:
    """The text of every cell of every <table>, row by row (the standard library parser)."""

    class Cells(HTMLParser):
        def __init__(self):
            super().__init__()
            self.tables, self.cell = [], None

        def handle_starttag(self, tag, attrs):
            if tag == "table":
                self.tables.append([])
            elif tag == "tr" and self.tables:
                self.tables[-1].append([])
            elif tag in ("td", "th") and self.tables:
                self.cell = ""

        def handle_endtag(self, tag):
            if tag in ("td", "th") and self.cell is not None:
                self.tables[-1][-1].append(" ".join(self.cell.split()))
                self.cell = None

        def handle_data(self, data):
            if self.cell is not None:
                self.cell += data

    parser = Cells()
    parser.feed(html)
    return [[row for row in table if row] for table in parser.tables]
