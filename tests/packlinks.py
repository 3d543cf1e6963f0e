"""Where every link of an unzipped share bundle goes (issue 24's link test, over both example
clients' packs in tests/browser/test_pdf.py, and over a planted leak in
tests/publish/test_pack_link_check.py, so the check is shown to fail).

A PDF's link is a jump inside its file (a page of it, or a named section it has) or an https
link that came from the client's own data; an HTML page's link is relative, to a file of the
bundle and, with a #, to an anchor on that page, or such an https link.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from pathlib import Path

from pypdf import PdfReader

from socialworkbook.publish import check


@dataclass
class Links:
    """What `read_links` found: the bad links (file: where), the jumps of each PDF and the
    board's "Detail" links to a section of another report."""

    bad: list[str] = field(default_factory=list)
    jumps: dict[str, int] = field(default_factory=dict)
    details: int = 0


def client_links(folder: Path) -> set[str]:
    """Every https link in a client folder's files (its own data): the only web links a pack
    may hold."""
    found = set()
    for path in folder.iterdir():
        if path.is_file() and path.suffix in (".csv", ".yaml", ".md"):
            found |= set(re.findall(r"https://[^\s,\"'<>)]+", path.read_text(encoding="utf-8")))
    return found


def read_links(folder: Path, own: set[str]) -> Links:
    """Every link of every PDF and HTML page under `folder`, judged (see the module)."""
    found = Links()
    for path in sorted(folder.rglob("*.pdf")):
        reader = PdfReader(path)
        pages = [page.indirect_reference for page in reader.pages]
        names = {str(d).lstrip("/") for d in reader.named_destinations}
        jumps = 0
        for number, page in enumerate(reader.pages, start=1):
            for ref in page.get("/Annots") or []:
                annotation = ref.get_object()
                where = f"{path.name} page {number}"
                if "/Dest" in annotation:
                    dest = annotation["/Dest"]
                    if isinstance(dest, str) or not hasattr(dest, "__getitem__"):
                        ok = str(dest).lstrip("/") in names  # a named section of this file
                    else:
                        ok = dest[0] in pages
                    if not ok:
                        found.bad.append(f"{where}: a jump out of the file {dest!r}")
                    jumps += ok
                    continue
                action = annotation.get("/A") or {}
                uri = str(action.get("/URI", ""))
                if action.get("/S") != "/URI" or uri not in own:
                    found.bad.append(f"{where}: {uri}" if uri else f"{where}: {action!r}")
        found.bad += [str(leak) for leak in check.check_pdf(path.read_bytes(), path.name)]
        found.jumps[path.name] = jumps
    pages = {p.name: p.read_text(encoding="utf-8") for p in folder.glob("*.html")}
    for name, page in pages.items():
        for target in re.findall(r'href="([^"]+)"', page):
            target = html.unescape(target)
            if target.startswith("https://"):
                if target not in own:
                    found.bad.append(f"{name}: {target}")
                continue
            if ":" in target or target.startswith(("/", "\\")):
                found.bad.append(f"{name}: {target}")
                continue
            file, _, anchor = target.partition("#")
            if not (folder / (file or name)).is_file():
                found.bad.append(f"{name}: {target} (no such file)")
            elif anchor and (file or name) in pages and f'id="{anchor}"' not in pages[file or name]:
                found.bad.append(f"{name}: {target} (no such section)")
        found.details += len(re.findall(r'href="0[1-9]_\w+\.html#[\w-]+">Detail', page))
    return found
