"""The confidentiality check of a run folder's HTML reports, before anything is shared.

A report fails when it shows another client's slug, name or component names, a distinctive figure
of another client of its peer group (`_peer_figures`), a raw author value from this client's
mentions, a traceback or stderr, code (input cells, scripts), or a local path; or when it is not
one self-contained file (it loads something from elsewhere, or exceeds 2 MB). Each problem says
what was found and where: file, line and the section (the last heading above it). A PDF fails
on a link out of it that is not a web link (a `file:` link, a link to another file or program)
or a local path in a link or its text (`check_pdf`: file, page and link); a share bundle on
any of its HTML pages or PDFs (`check_bundle`).

A one-word slug, name or component name that is an ordinary word is not a leak by itself
(`_ordinary`): a client called `summary` or `support` must not block every other client's reports.
A word is ordinary when the kit's own report text uses it (the templates and the strings of the
library's report-writing modules, `_kit_words`) or it is a common English word (`common_words.txt`).
Such a slug is no secret at all; such a name is looked for only as written ("Harbor", not
"harbor"), unless the kit's own text uses it. Names of two words or more, slugs with a hyphen, and
figures stay secrets.

Authors are never quoted: a problem names the mentions row and the author's pseudonym instead.
Another client that cannot be read is skipped; this client's own unreadable mentions fail the check
(the author check could not be done).
"""

from __future__ import annotations

import bisect
import contextlib
import hashlib
import json
import re
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from html.parser import HTMLParser
from pathlib import Path

import orjson

from .. import runfolder
from ..errors import WorkbookError
from ..paths import default_data_root, kit_templates_dir
from ..runfolder import TemplateRecord, read_record, read_runs
from ..storage import signature_of, write_json

__all__ = [
    "Leak",
    "Secrets",
    "MAX_REPORT_BYTES",
    "BLOCKED",
    "check_run_folder",
    "check_report",
    "check_pdf",
    "check_bundle",
    "gate_reports",
    "names_digest",
    "remember_terms",
    "client_terms",
    "passed_before",
    "record_pass",
]

MAX_REPORT_BYTES = 2 * 1024 * 1024
BLOCKED = ".blocked"  # a failing report `NN_name.html` is kept as `NN_name.html.blocked`
_MIN_TERM = 3  # shorter names and authors would match ordinary words
# A peer's figure is distinctive when printed with at least 3 decimals (finer than any figure the
# kit prints) and 4 significant digits. Counts and 2-decimal rates are not: in a group of 50
# clients (4 periods, 4 key figures: ~800 values) one of this client's own 4-digit numbers
# matches a peer's by chance about one time in a hundred, and a report prints dozens of them.
_MIN_FIGURE_DIGITS = 4
_DECIMALS = range(3, 7)  # the precisions a distinctive figure may be printed with
# a number as printed: thousands separated by commas or not, optional decimals
_NUMBER = re.compile(r"(?<![\w.,])(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?(?!\w|[.,]\d)")
# classes of code cells in nbconvert's lab and classic pages
_CODE_CLASSES = frozenset(
    {"jp-InputArea-editor", "jp-CodeMirrorEditor", "input_area", "hl-ipython3"}
)
_STDERR = "application/vnd.jupyter.stderr"
_TRACEBACK = re.compile(r"Traceback \(most recent call last\)|File \"[^\"]+\", line \d+")
_LOCAL_PATH = re.compile(
    r"(?<![\w.:/~-])/(?:home|Users|tmp|var|private|mnt|media|opt|srv|root|work|data|usr|etc|"
    r"Volumes)/[^\s\"'<>]*"
    r"|\b[A-Za-z]:\\[^\s\"'<>]+|\bfile:/[^\s\"'<>]*|(?<!\w)~/[^\s\"'<>]+"
)
_WEB_LINK = re.compile(r"^(?:https?://|mailto:)", re.IGNORECASE)
_EXTERNAL_CSS = re.compile(r"url\(\s*['\"]?\s*(?:https?:)?//|@import", re.IGNORECASE)
_LOADING_TAGS = {"script", "link", "iframe", "img", "source", "video", "audio", "embed", "object"}


@dataclass(frozen=True)
class Leak:
    """One thing a report must not show: what was found, where, and the fix."""

    file: str
    line: int | None
    section: str
    kind: str
    found: str
    fix: str

    @property
    def summary(self) -> str:
        """Where and what kind, without the finding itself (safe to store in the run's files)."""
        line = f", line {self.line}" if self.line else ""
        return f"{self.file}{line}: {self.kind}"

    def __str__(self) -> str:
        section = f", section '{self.section}'" if self.section else ""
        return f"{self.summary}{section}: {self.found}. Fix: {self.fix}"


@dataclass(frozen=True)
class Secrets:
    """What must not appear in one client's reports: other clients' names, raw authors, paths."""

    others: dict[str, str]  # lower-cased term -> what it is ("the name of client 'beta'")
    authors: dict[str, _Author]  # lower-cased raw author -> "mentions row 7 (pseudonym p-...)"
    paths: tuple[str, ...]  # local folders that must not be named
    problems: tuple[Leak, ...] = ()  # what could not be checked
    figures: dict[str, str] = field(default_factory=dict)  # "12345.6" -> "a figure of ..."
    # lower-cased terms of `others` looked for only as written (one ordinary word, capitalised)
    exact: dict[str, str] = field(default_factory=dict)

    @classmethod
    def of(
        cls, client: str, data_root: Path | str | None = None, out_root: Path | str | None = None
    ) -> Secrets:
        """Collect the secrets of `client` from the data root's client folders.

        With `out_root` (the output root), the distinctive figures of the other clients of its
        peer group are secrets too (`_peer_figures`).
        """
        root = Path(data_root) if data_root else default_data_root()
        own_folder = root / client
        own = _client_terms(own_folder) | {client.lower()}
        others: dict[str, str] = {}
        exact: dict[str, str] = {}
        peers = []
        group = _peer_group(own_folder)
        for folder in sorted(p.parent for p in root.glob("*/client.yaml")):
            if folder.name == client:
                continue
            if group and _peer_group(folder) == group:
                peers.append(folder.name)
            for term, (what, written) in _terms_of(folder).items():
                if len(term) < _MIN_TERM or any(term in mine for mine in own):
                    continue
                ordinary = _ordinary(term)
                if ordinary == "kit" or (ordinary and written == term):
                    continue  # an ordinary word alone says nothing of another client
                if term not in others and ordinary:
                    exact[term] = written
                others.setdefault(term, what)
        authors, problems = _authors(own_folder)
        paths = tuple(str(p) for p in {root.resolve(), own_folder.resolve()})
        figures = _peer_figures(Path(out_root), client, peers) if out_root and peers else {}
        return cls(others, authors, paths, tuple(problems), figures, exact)

    @cached_property
    def others_pattern(self) -> re.Pattern | None:
        return _whole_words(self.others, self.exact)

    @cached_property
    def authors_pattern(self) -> re.Pattern | None:
        return _whole_words(self.authors)


def check_run_folder(
    folder: Path | str, *, data_root: Path | str | None = None, bundles: bool = False
) -> list[Leak]:
    """Every problem of the HTML reports (blocked ones too) in a run folder ([] = clean); with
    `bundles`, of the share bundles (`*.zip`) there too."""
    folder = Path(folder)
    if not folder.is_dir():
        raise WorkbookError(f"no run folder '{folder}': pass notebooks/<client>/<period>/")
    client = _client_of(folder)
    secrets = Secrets.of(client, data_root, out_root=folder.resolve().parent.parent)
    leaks = list(secrets.problems)
    for report in sorted([*folder.glob("*.html"), *folder.glob(f"*.html{BLOCKED}")]):
        leaks += check_report(report.read_bytes(), report.name, secrets)
    for bundle in sorted(folder.glob("*.zip")) if bundles else ():
        leaks += check_bundle(bundle, secrets)
    return leaks


def check_bundle(path: Path | str, secrets: Secrets) -> list[Leak]:
    """Every problem of a share bundle (a zip): its HTML pages and its PDFs, each named by its
    place in the zip."""
    import zipfile

    leaks = []
    with zipfile.ZipFile(path) as bundle:
        for member in bundle.namelist():
            where = f"{Path(path).name}: {member}"
            if member.endswith(".html"):
                leaks += check_report(bundle.read(member), where, secrets)
            elif member.endswith(".pdf"):
                leaks += check_pdf(bundle.read(member), where, secrets)
    return leaks


def check_pdf(data: bytes, name: str, secrets: Secrets | None = None) -> list[Leak]:
    """Every link out of a PDF that is not a web link, and every local path in its links or
    text: each named by file, page and the link (a client cannot follow a link to the
    consultant's files, and it shows where they keep them)."""
    import io

    from pypdf import PdfReader

    paths = secrets.paths if secrets else ()
    leaks = []
    reader = PdfReader(io.BytesIO(data))
    for number, page in enumerate(reader.pages, start=1):
        where = f"page {number}"
        for ref in page.get("/Annots") or []:
            action = ref.get_object().get("/A")
            action = action.get_object() if action is not None else {}
            kind = str(action.get("/S", ""))
            target = str(action.get("/URI") or action.get("/F") or "")
            if kind in ("", "/GoTo") or (
                kind == "/URI" and _WEB_LINK.match(target) and not _local(target, paths)
            ):
                continue
            found = f"a link to {target[:100]!r}" if target else f"a {kind[1:]} action"
            fix = "link to a section of the pack, or to a web page, never to a file"
            leaks.append(Leak(name, None, where, "a link out of the PDF", found, fix))
        text = page.extract_text() or ""
        for found in sorted({m[0][:80] for m in _LOCAL_PATH.finditer(text)}):
            leaks.append(
                Leak(name, None, where, "a local path", repr(found), "show file names only")
            )
        if any(path in text for path in paths):
            found = "a folder of this machine"
            leaks.append(Leak(name, None, where, "a local path", found, "show file names only"))
    return leaks


def _local(text: str, paths: tuple[str, ...]) -> bool:
    return bool(_LOCAL_PATH.search(text)) or any(path in text for path in paths)


def gate_reports(
    run_dir: Path,
    records: dict[str, TemplateRecord],
    *,
    data_root: Path | str | None = None,
    written: set[str] | None = None,
    names: str | None = None,
) -> list[Leak]:
    """Check a run folder's reports; keep each failing one only as `.html.blocked`, marked failed.

    `records` (template name -> its record) are updated in place; a stale blocked copy of a
    report written anew is removed first. Returns every problem found.

    With `written` (the templates whose reports this batch wrote) and `names` (`names_digest`),
    only those reports are checked, and any other that differs from what the last check of this
    folder passed (its size and modification time, recorded in `runfolder.GATE` with its
    SHA-256); every report when `names` differs from the digest that check recorded (a client was
    added, removed or renamed). Without them, every report is checked.
    """
    for stale in run_dir.glob(f"*.html{BLOCKED}"):
        if stale.with_suffix("").exists():
            stale.unlink()
    shown = runfolder.reports(run_dir)
    passed = _read_gate(run_dir, names) if written is not None and names else {}
    due, touched = [], False
    for report in shown:
        entry, stat = passed.get(report.name), signature_of(report)
        if entry and entry["stat"] == stat and report.stem not in (written or ()):
            continue
        data = report.read_bytes()
        digest = _sha(data)
        if entry and entry["sha256"] == digest:  # the very report that passed
            entry["stat"], touched = stat, True
            continue
        due.append((report, data, {"stat": stat, "sha256": digest}))
    if not due:
        if touched:
            _write_gate(run_dir, names, passed)
        return []
    client = _client_of(run_dir)
    secrets = Secrets.of(client, data_root, out_root=run_dir.resolve().parent.parent)
    leaks = list(secrets.problems)
    for report, data, _ in due:
        leaks += check_report(data, report.name, secrets)
    everywhere = [leak for leak in leaks if ".html" not in leak.file]
    for report, _, entry in due:
        found = [leak for leak in leaks if leak.file == report.name] + everywhere
        if not found:
            passed[report.name] = entry
            continue
        passed.pop(report.name, None)
        report.replace(report.with_name(report.name + BLOCKED))
        if report.stem in records:
            records[report.stem].fail(
                {
                    "kind": "confidentiality",
                    "cell": None,
                    "ename": "ConfidentialityError",
                    "evalue": f"{len(found)} problem(s), the report is held back: "
                    + "; ".join(leak.summary for leak in found[:5])
                    + f" (details: socialworkbook check {run_dir})",
                }
            )
    if names and written is not None:
        _write_gate(run_dir, names, passed)
    return leaks


def names_digest(data_root: Path | str | None, known: dict[str, dict] | None = None) -> str:
    """A digest of every client's slug, name and component names under the data root: when it
    changes, every report is checked again (`gate_reports`). `known` gives the terms
    (`client_terms`) of clients already read, by slug; the others are read."""
    root = Path(data_root) if data_root else default_data_root()
    known = known or {}
    terms = {
        folder.name: known.get(folder.name) or client_terms(folder)
        for folder in sorted(p.parent for p in root.glob("*/client.yaml"))
    }
    return hashlib.sha256(json.dumps(terms, sort_keys=True).encode()).hexdigest()[:16]


def client_terms(folder: Path | str) -> dict[str, list[str]]:
    """A client's slug, name and component names (lower case), each with what it is and as
    written: what `Secrets` keeps of another client."""
    return {term: list(both) for term, both in _terms_of(Path(folder)).items()}


def passed_before(path: Path, digest: str, names: str) -> bool:
    """Whether `path` is as the check of its folder (`runfolder.GATE`) passed it with `names`
    (`names_digest`): recorded with `digest` (of its content, or of what it was made from), and
    the file as it was then."""
    entry = _read_gate(path.parent, names).get(path.name)
    return bool(entry) and entry["stat"] == signature_of(path) and entry["sha256"] == digest


def record_pass(path: Path, digest: str, names: str) -> None:
    """Record that `path` passed the check with `names`, under `digest` (`passed_before`)."""
    passed = _read_gate(path.parent, names)
    passed[path.name] = {"stat": signature_of(path), "sha256": digest}
    _write_gate(path.parent, names, passed)


def _sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _read_gate(run_dir: Path, names: str) -> dict[str, dict]:
    """The reports the last check of `run_dir` passed with `names`, by name: their stat and
    SHA-256."""
    try:
        data = orjson.loads((run_dir / runfolder.GATE).read_bytes())
    except (OSError, ValueError):
        return {}
    if not isinstance(data, dict) or data.get("names") != names:
        return {}
    passed = data.get("passed") or {}
    return {
        name: entry
        for name, entry in passed.items()
        if isinstance(entry, dict) and {"stat", "sha256"} <= set(entry)
    }


def _write_gate(run_dir: Path, names: str, passed: dict[str, dict]) -> None:
    """Record the reports that passed (a report no longer in the folder is left out)."""
    passed = {name: entry for name, entry in passed.items() if (run_dir / name).is_file()}
    with contextlib.suppress(OSError):  # only a record: the reports are then checked again
        write_json(run_dir / runfolder.GATE, {"names": names, "passed": passed})


def check_report(data: bytes, name: str, secrets: Secrets) -> list[Leak]:
    """Every problem of one HTML report (its bytes), named `name` in the problems."""
    leaks = []
    if len(data) > MAX_REPORT_BYTES:
        leaks.append(
            Leak(
                name,
                None,
                "",
                "too large to send",
                f"{len(data) / 1e6:.1f} MB, the limit is {MAX_REPORT_BYTES / 1e6:.1f} MB",
                "show fewer or smaller charts (figsize, dpi) in the template",
            )
        )
    page = _Page()
    page.feed(data.decode("utf-8", errors="replace"))
    page.close()
    leaks += [Leak(name, line, section, *problem) for line, section, problem in page.markup]
    text = "".join(page.parts)
    for offset, problem in _text_problems(text, secrets):
        line, section = page.where[bisect.bisect_right(page.starts, offset) - 1]
        leaks.append(Leak(name, line, section, *problem))
    return list(dict.fromkeys(leaks))


# ----------------------------------------------------------------------------- what to look for


def _text_problems(text: str, secrets: Secrets) -> list[tuple[int, tuple[str, str, str]]]:
    """(offset, (kind, found, fix)) of every problem in the text of a page."""
    found = []
    for start, term in _matches(text, secrets.others_pattern):
        what = secrets.others[" ".join(term.lower().split())]
        fix = "remove that text from this client's inputs (it belongs to another client)"
        found.append((start, ("another client's data", f"{what}: {term!r}", fix)))
    for match in _NUMBER.finditer(text) if secrets.figures else ():
        what = secrets.figures.get(match[0].replace(",", ""))
        if what:
            fix = "show peers only as this client's standing among them, never a peer's value"
            found.append((match.start(), ("another client's figure", f"{what}: {match[0]}", fix)))
    for start, term in _matches(text, secrets.authors_pattern):
        what = f"the author of {secrets.authors[' '.join(term.lower().split())]}"
        fix = "show authors only as pseudonyms, and text with @handles removed"
        found.append((start, ("a raw author value", what, fix)))
    for match in _TRACEBACK.finditer(text):
        found.append((match.start(), ("a traceback", "an error's traceback", "fix the cell")))
    local = {m.start(): repr(m[0][:80]) for m in _LOCAL_PATH.finditer(text)}
    for path in secrets.paths:
        for match in re.finditer(re.escape(path), text):
            local.setdefault(match.start(), "a folder of this machine")
    for start, what in local.items():
        found.append((start, ("a local path", what, "show file names only")))
    return found


def _matches(text: str, pattern: re.Pattern | None) -> list[tuple[int, str]]:
    """(offset, term as written) of every term of `pattern` in `text`."""
    return [(m.start(), m[0]) for m in pattern.finditer(text)] if pattern else []


def _whole_words(terms, exact: dict[str, str] | None = None) -> re.Pattern | None:
    """One case-insensitive pattern of `terms` as whole words, any whitespace between words;
    the terms of `exact` (lower case -> as written) only as written."""
    if not terms:
        return None
    exact = exact or {}

    def alternative(term: str) -> str:
        words = r"\s+".join(map(re.escape, exact.get(term, term).split()))
        return f"(?-i:{words})" if term in exact else words

    ordered = sorted(terms, key=len, reverse=True)
    alternatives = "|".join(alternative(t) for t in ordered)
    return re.compile(rf"(?<![\w@])(?:{alternatives})(?!\w)", re.IGNORECASE)


class _Page(HTMLParser):
    """A page's text as a reader sees it (link targets and titles too) with where each part is;
    markup that must not be there."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.starts: list[int] = []
        self.where: list[tuple[int, str]] = []
        self.markup: list[tuple[int, str, tuple[str, str, str]]] = []
        self._length = 0
        self._section = ""
        self._heading: list[str] | None = None
        self._in_style = False

    def handle_starttag(self, tag, attrs):
        attrs = {k: v or "" for k, v in attrs}
        if tag == "style":
            self._in_style = True
        if re.fullmatch(r"h[1-6]", tag):
            self._heading = []
        if tag == "script":
            self._flag("code", "a script", "reports run no scripts: drop the output that adds it")
        if _CODE_CLASSES & set(attrs.get("class", "").split()):
            self._flag("code", "an input cell", "export with the kit (it hides code cells)")
        if attrs.get("data-mime-type") == _STDERR:
            self._flag("a traceback", "stderr or error output", "fix the cell that writes it")
        for key in ("src", "href", "data", "srcset", "poster", "action", "title", "alt"):
            value = attrs.get(key, "").strip()
            if not value or value.startswith(("data:", "#")):
                continue
            if tag in _LOADING_TAGS and key not in ("title", "alt"):
                self._flag("not self-contained", f"<{tag}> loads {value[:80]!r}", "embed it")
            self._add(f"\n{value}\n")
        if _EXTERNAL_CSS.search(attrs.get("style", "")):
            self._flag("not self-contained", "a style that loads a file", "embed it")

    def handle_endtag(self, tag):
        if tag == "style":
            self._in_style = False
        if re.fullmatch(r"h[1-6]", tag) and self._heading is not None:
            self._section = " ".join("".join(self._heading).replace("¶", "").split())[:80]
            self._heading = None

    def handle_data(self, data):
        if self._in_style:
            if _EXTERNAL_CSS.search(data):
                self._flag("not self-contained", "a stylesheet that loads a file", "embed it")
            return
        if self._heading is not None:
            self._heading.append(data)
        self._add(data)

    def _add(self, text: str) -> None:
        self.parts.append(text)
        self.starts.append(self._length)
        self.where.append((self.getpos()[0], self._section))
        self._length += len(text)

    def _flag(self, kind: str, found: str, fix: str) -> None:
        self.markup.append((self.getpos()[0], self._section, (kind, found, fix)))


# ----------------------------------------------------------------------------- the secrets


def _client_of(folder: Path) -> str:
    """The client slug of a run folder: from its run.json, else the folder above it."""
    record = read_record(folder)
    return record.client if record and record.client else folder.resolve().parent.name


def _terms_of(folder: Path) -> dict[str, tuple[str, str]]:
    """A client's slug, name and component names (lower case), each with what it is and as
    written (as `remember_terms` was given them for these very files, else read)."""
    signature = _signature(folder)
    recorded = _RECORDED.get((folder, signature))
    return recorded if recorded is not None else _read_terms(folder, signature)


def _signature(folder: Path) -> tuple:
    return tuple(
        (p.name, p.stat().st_mtime_ns, p.stat().st_size)
        for p in (folder / "client.yaml", folder / "ecosystem.csv", folder / "inputs.xlsx")
        if p.exists()
    )


_RECORDED: dict[tuple[Path, tuple], dict[str, tuple[str, str]]] = {}


def remember_terms(data_root: Path | str, known: dict[str, dict]) -> None:
    """Take the terms (`client_terms`) of clients whose folders a batch found unchanged since a
    full read recorded them (`run.current`), by slug: checking one client's report then reads
    no other client's folder (at a thousand clients, minutes of spreadsheets). Kept only for the
    files as they are now (their times and sizes)."""
    for slug, terms in known.items():
        folder = Path(data_root) / slug
        _RECORDED[folder, _signature(folder)] = {t: tuple(both) for t, both in terms.items()}


@lru_cache(maxsize=4096)
def _read_terms(folder: Path, signature: tuple) -> dict[str, tuple[str, str]]:
    """`_terms_of`, read once per version of the files (a batch checks every client in turn)."""
    slug = folder.name
    terms = {slug.lower(): (f"the slug of client '{slug}'", slug.lower())}
    name = " ".join(_config_name(folder).split())
    if name:
        terms[name.lower()] = (f"the name of client '{slug}'", name)
    for component in _component_names(folder):
        component = " ".join(component.split())
        terms.setdefault(component.lower(), (f"a component name of client '{slug}'", component))
    return terms


# ----------------------------------------------------------------------------- ordinary words

# the library's modules whose strings can reach a report (not the CLI, the runner or intake)
_REPORT_MODULES = (
    "method",
    "measure",
    "publish",
    "lab",
    "catalogue.py",
    "vocab.py",
    "wording.py",
    "story.py",
    "results.py",
    "ranking.py",
    "periods.py",
    "model.py",
)
_WORD = re.compile(r"[a-z0-9]+(?:[-_][a-z0-9]+)*")


def _ordinary(term: str) -> str:
    """ "kit" when the kit's own report text uses `term`, "common" when it is a common English
    word, "" when it is neither or more than one word. A term without a letter ("2026") is the
    kit's: the reports print numbers and years."""
    if not _WORD.fullmatch(term):
        return ""
    if not re.search("[a-z]", term) or term in _kit_words():
        return "kit"
    return "common" if term in _common_words() else ""


@lru_cache(maxsize=1)
def _kit_words() -> frozenset[str]:
    """Every word of the kit's own report text (lower case): the templates' cells and the string
    literals (docstrings aside) of the library's report-writing modules; a hyphenated or
    underscored word counts whole and in its parts."""
    texts = []
    for template in sorted(kit_templates_dir().glob("[0-9][0-9]_*.ipynb")):
        cells = json.loads(template.read_text(encoding="utf-8"))["cells"]
        texts += [
            "".join(cell["source"])
            for cell in cells
            if "parameters" not in cell.get("metadata", {}).get("tags", [])  # an example's slug
        ]
    package = Path(__file__).resolve().parents[1]
    for name in _REPORT_MODULES:
        where = package / name
        for source in sorted(where.rglob("*.py")) if where.is_dir() else [where]:
            texts += _string_literals(source.read_text(encoding="utf-8"))
    words = set()
    for word in _WORD.findall("\n".join(texts).lower()):
        words.add(word)
        words.update(re.split("[-_]", word))
    return frozenset(words)


# a comment, or a string literal (its prefix, then triple or single quotes); a triple-quoted
# string that starts its line, first in the module or under a `def` or `class` line, is a docstring
_TRIPLE = r'"""[\s\S]*?"""' + r"|'''[\s\S]*?'''"
_SINGLE = r'"(?:\\.|[^"\\\n])*"' + r"|'(?:\\.|[^'\\\n])*'"
_LITERAL = re.compile(
    rf"#[^\n]*|(?P<indent>^[ \t]*)?(?<!\w)[rRbBfFuU]{{0,2}}(?P<string>{_TRIPLE}|{_SINGLE})", re.M
)


def _string_literals(source: str) -> list[str]:
    """The string literals of a module's source, comments and docstrings aside (a scan, not a
    parse: parsing every report module took seconds)."""
    found = []
    for match in _LITERAL.finditer(source):
        string = match["string"]
        if string is None:
            continue  # a comment
        if string[:3] in ('"""', "'''") and match["indent"] is not None:
            last = match.start() - 1
            while last >= 0 and source[last].isspace():
                last -= 1
            if last < 0 or source[last] == ":":
                continue  # a docstring: the module's, or right under a def or class line
        found.append(string)
    return found


@lru_cache(maxsize=1)
def _common_words() -> frozenset[str]:
    """The common English words of `common_words.txt` (its `#` lines are its provenance)."""
    text = (Path(__file__).with_name("common_words.txt")).read_text(encoding="utf-8")
    return frozenset(w for w in text.split("\n") if w and not w.startswith("#"))


def _peer_group(folder: Path) -> str:
    from ..intake import config_values

    return str(config_values(folder).get("peer_group") or "").strip()


def _peer_figures(out_root: Path, client: str, peers: list[str]) -> dict[str, str]:
    """The distinctive figures of `peers` under the output root, as they may be printed.

    The benchmarked key figures (`runfolder.Run.figures`) of every run of every peer, and the peer
    statistics of this client's own benchmarks, printed with 3 to 6 decimals where that gives at
    least `_MIN_FIGURE_DIGITS` significant digits (sign dropped); minus this client's own key
    figures in that form.
    """

    def runs(slug: str):
        return [run for run in read_runs(out_root, slug) if run.results is not None]

    def printed(values) -> set[str]:
        forms = {f"{abs(v):.{d}f}" for v in values if isinstance(v, float) for d in _DECIMALS}
        return {f for f in forms if len(f.replace(".", "").strip("0")) >= _MIN_FIGURE_DIGITS}

    own, figures = set(), {}
    for run in runs(client):
        own |= printed(run.figures.values())
        for entry in (run.results.get("benchmarks") or {}).values():  # also "peer_group", ...
            stats = (
                [entry.get(k) for k in ("peer_median", "peer_q1", "peer_q3")]
                if isinstance(entry, dict)
                else []
            )
            for form in printed(stats):
                figures.setdefault(form, f"a statistic of the peer group ({run.folder.name})")
    for peer in peers:
        for run in runs(peer):
            for form in printed(run.figures.values()):
                figures.setdefault(form, f"a figure of client '{peer}' ({run.folder.name})")
    return {form: what for form, what in figures.items() if form not in own}


def _client_terms(folder: Path) -> set[str]:
    return set(_terms_of(folder)) if folder.is_dir() else set()


def _config_name(folder: Path) -> str:
    from ..intake import config_values

    return str(config_values(folder).get("name") or "").strip()


def _component_names(folder: Path) -> list[str]:
    from ..intake import read_raw_table

    try:
        frame, _ = read_raw_table(folder, "ecosystem")
    except WorkbookError:
        return []
    if "name" not in frame.columns:
        return []
    return [n.strip() for n in frame["name"].astype(str) if n.strip()]


def _authors(folder: Path) -> tuple[dict[str, _Author], list[Leak]]:
    """The raw author values of a client's mentions, each with the row it was first found in."""
    from ..intake import read_raw_table
    from ..intake.pseudonym import read_salt

    try:
        frame, source = read_raw_table(folder, "mentions")
        salt = read_salt(folder)
    except (WorkbookError, ValueError) as exc:
        problem = Leak(
            "mentions",
            None,
            "",
            "not checked",
            f"the raw authors of '{folder.name}' could not be read ({type(exc).__name__})",
            "make the client valid (`socialworkbook validate`) and check again",
        )
        return {}, [problem]
    if "author" not in frame.columns:
        return {}, []
    authors: dict[str, _Author] = {}
    for row, value in frame["author"].astype(str).str.strip().items():
        if len(value) >= _MIN_TERM:
            authors.setdefault(value.lower(), _Author(row, source, value, salt))
    return authors, []


@dataclass(frozen=True)
class _Author:
    """Where a raw author value was first found; its pseudonym is worked out only when a report
    shows the value (an HMAC per row of every client's mentions, at every check, otherwise)."""

    row: int
    source: str
    value: str
    salt: str | None

    def __str__(self) -> str:
        from ..intake.pseudonym import pseudonym

        alias = f", pseudonym {pseudonym(self.value, self.salt)}" if self.salt else ""
        return f"mentions row {self.row} ({self.source}{alias})"
