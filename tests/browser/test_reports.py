"""Client reports and the portfolio index in headless Chromium: offline, decoded, navigable, inert.

Every request the page makes to anything but itself is blocked and logged. The reports are those of
the real templates (`templates/`, through the session's `example_run`) once they exist, else of a
report template written here that shows client text through the library's `say` and `show_table`.
Canary clients carry `<script>`, `<img onerror>`, `javascript:` links and entities in mentions,
component names and goals; a planted second client's name; and raw author names.
"""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
import zipfile
from pathlib import Path

import nbformat
import pytest
from clientfolders import write_client
from factories import python_notebook

from socialworkbook import runfolder
from socialworkbook.paths import kit_templates_dir
from socialworkbook.publish import portfolio
from socialworkbook.publish.check import check_run_folder
from socialworkbook.publish.share import share_bundle
from socialworkbook.run.runner import run_batch

TEMPLATES_DIR = kit_templates_dir()

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ("northwind-outdoor", "ledgerline")
REAL_TEMPLATES = sorted(TEMPLATES_DIR.glob("0*_*.ipynb"))
pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("example_run")]

SCRIPT = "<script>alert('canary-script')</script>"
IMG = "<img src=x onerror=alert('canary-img')>"
JS_LINK = "[click me](javascript:alert('canary-link'))"
ENTITY = "Tom &amp; Jerry &lt;b&gt; &#x3C;i&#x3E;"
CANARIES = (SCRIPT, IMG, JS_LINK, ENTITY)
AUTHORS = ("@zed_canary_author", "Jane Q. Canarywoman")
DIMENSIONS = ("brand_awareness", "customer_advocacy", "customer_insight", "customer_retention")


# ----------------------------------------------------------------------------- the report template


def _cell(kind: str, source: str, tags=()):
    make = nbformat.v4.new_markdown_cell if kind == "md" else nbformat.v4.new_code_cell
    cell = make(source)
    if tags:
        cell.metadata["tags"] = list(tags)
    return cell


def write_report_template(folder: Path, name: str = "01_report") -> Path:
    """A template in the house anatomy that shows client text, tables, a chart and a widget."""
    nb = python_notebook()
    nb.cells = [
        _cell("md", "# Ecosystem and voice\nWhat the client runs, and what its customers say."),
        _cell(
            "code",
            'client: str = "northwind-outdoor"  # client slug\n'
            'period: str = ""  # reporting period\n'
            'data_root: str = ""  # folder of client folders\n'
            'output_dir: str = ""  # run folder',
            ["parameters"],
        ),
        _cell(
            "code",
            "import sys, warnings\n"
            "import matplotlib.pyplot as plt\n"
            "from IPython.display import display\n"
            "from socialworkbook.lab import charts\n"
            "from socialworkbook.measure import sentiment\n"
            "from socialworkbook.lab.notebook import open_workbook, table_html\n"
            f'wb = open_workbook(client, notebook="{name}", period=period, data_root=data_root,'
            " output_dir=output_dir)\n"
            'ecosystem = wb.client.table("ecosystem")\n'
            'mentions = wb.client.table("mentions")\n'
            'mentions = mentions.assign(text=mentions["text"].map(sentiment.preprocess))',
        ),
        _cell("md", "## 1. The ecosystem at a glance\nEvery component the client runs, by type."),
        _cell(
            "code",
            'wb.show_table(ecosystem[["name", "component_type", "continuum_stage"]],'
            ' caption="Components")',
        ),
        _cell(
            "code",
            'counts = ecosystem.groupby("component_type").size().rename("components")\n'
            "counts = counts.reset_index()\n"
            'charts.bars(counts, x="components", y="component_type", fmt="{:,.0f}",'
            ' title="Most components face the mass market")\n'
            "plt.show()",
        ),
        _cell("md", "## 2. What customers say"),
        _cell(
            "code",
            'wb.say("### Voices about {name}\\n\\nOne customer wrote: {text}", name=wb.name,'
            ' text=mentions["text"].iloc[0])',
        ),
        _cell(
            "code",
            'wb.show_table(mentions[["mention_id", "text", "author"]].head(6), caption="Mentions")',
        ),
        _cell("md", "## 3. Goals"),
        _cell(
            "code",
            'goals = wb.client.table("ogst")[["component_id", "objective", "goal"]]\n'
            'first = goals["goal"].iloc[0] if len(goals) else "none"\n'
            'wb.say("The first goal: {goal}", goal=first)\n'
            "display({'application/vnd.jupyter.widget-view+json': {'model_id': 'm1',"
            " 'version_major': 2, 'version_minor': 0}, 'text/html': table_html(goals,"
            " caption='Goals (editable in JupyterLab)'), 'text/plain': 'VBox()'}, raw=True)",
        ),
        _cell(
            "code",
            "print('a diagnostic for the analyst', file=sys.stderr)\n"
            "warnings.warn('a library warning')\n"
            "display({'application/vnd.jupyter.widget-view+json': {'model_id': 'm2',"
            " 'version_major': 2, 'version_minor': 0}, 'text/plain': 'Button()'}, raw=True)",
        ),
        _cell("code", 'print("internal state")', ["remove-cell"]),
        _cell(
            "code",
            "from socialworkbook.measure import metrics, stats\n"
            "from socialworkbook.method import ogst\n"
            "scored = sentiment.score_client(wb.client)\n"
            'wb.record(posts=metrics.posts_results(wb.client.in_period("posts")),'
            " sentiment=sentiment.sentiment_results(sentiment.part(scored)),"
            " sentiment_shift=stats.shift_results(scored, metrics.span_posts(wb.client)),"
            " goals=ogst.goal_status(wb.client))",
        ),
        _cell("md", "## 4. Summary\nIn plain words: the ecosystem is broad, and customers talk."),
    ]
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{name}.ipynb"
    nbformat.write(nb, path)
    return path


# ----------------------------------------------------------------------------- the runs


def _csv(header: list[str], rows: list[list]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    return buffer.getvalue()


def write_canary_clients(root: Path) -> None:
    """`canary` (hostile text everywhere), `acme` (holds globex's name), `globex`."""
    ecosystem = _csv(
        ["component_id", "name", "component_type", "continuum_stage", "purposes", "owner"],
        [
            ["c-script", SCRIPT, "customer_community", "community", "supporting", "Team"],
            ["c-img", IMG, "social_media_profile", "mass_market", "talking", "Team"],
            ["c-link", JS_LINK, "listening_tool", "social_crm", "listening", "Team"],
            ["c-entity", ENTITY, "social_network", "mass_market", "talking", "Team"],
        ],
    )
    components = ["c-script", "c-img", "c-link", "c-entity"]
    mentions = [
        [
            "m00",
            "2026-07-01T09:00",
            f"{SCRIPT} {IMG} {JS_LINK} {ENTITY} love it",
            "c-img",
            AUTHORS[0],
            "positive",
        ],
    ]
    for i in range(1, 24):
        day = f"2026-{5 + (i >= 12) * 3:02d}-{1 + i % 28:02d}T10:00"
        tail = f" cc {AUTHORS[0]}" if i % 3 == 0 else " great service"  # handles are stripped
        label = ["positive", "negative", ""][i % 3]
        mentions.append(
            [f"m{i:02d}", day, CANARIES[i % 4] + tail, components[i % 4], AUTHORS[i % 2], label]
        )
    posts = [
        [
            f"p{i}",
            components[i % 4],
            f"2026-{5 + (i >= 4) * 3:02d}-{3 + i:02d}",
            10 + i,
            2,
            1,
            200 + 10 * i,
        ]
        for i in range(8)
    ]
    ogst = _csv(
        ["component_id", "objective", "goal", "metric", "target", "target_date", "strategy"],
        [
            ["c-script", SCRIPT, f"{IMG} {JS_LINK} {ENTITY}", "likes", "100", "2026-09-30", ENTITY],
            ["c-img", JS_LINK, SCRIPT, "reach", "900", "2026-09-30", IMG],
        ],
    )
    write_client(
        root,
        "canary",
        files={
            "client.yaml": f'name: "{IMG} Canary &amp; Co"\nperiod: 2026-Q3\n'
            "baseline: 2026-Q2\nbrand_color: '#c0392b'\n",
            "ecosystem.csv": ecosystem,
            "mentions.csv": _csv(
                ["mention_id", "published_at", "text", "component_id", "author", "label"], mentions
            ),
            "posts.csv": _csv(
                ["post_id", "component_id", "published_at", "likes", "comments", "shares", "reach"],
                posts,
            ),
            "ogst.csv": ogst,
            "value_scores.csv": _csv(
                ["component_id", "dimension", "score"],
                [
                    [c, d, (i + j) % 6]
                    for i, c in enumerate(components)
                    for j, d in enumerate(DIMENSIONS)
                ],
            ),
            "functions.csv": _csv(
                [
                    "business_function",
                    "business_objective",
                    "social_objective",
                    "activities",
                    "components",
                ],
                [
                    ["marketing", SCRIPT, IMG, JS_LINK, "c-img;c-link"],
                    ["customer_service", ENTITY, JS_LINK, IMG, "c-script"],
                ],
            ),
        },
    )
    write_client(
        root,
        "acme",
        files={
            "client.yaml": "name: Acme Outdoor\nperiod: 2026-Q3\n",
            "mentions.csv": "mention_id,published_at,text,author\n"
            "a1,2026-07-02,We came over from Globex Industrial last year,@acme_fan\n",
        },
    )
    write_client(
        root, "globex", files={"client.yaml": "name: Globex Industrial\nperiod: 2026-Q3\n"}
    )


def _copy_examples(data_root: Path) -> None:
    for slug in EXAMPLES:
        shutil.copytree(
            ROOT / "client_data" / slug, data_root / slug, ignore=shutil.ignore_patterns(".*")
        )


@pytest.fixture(scope="module")
def reports(request, tmp_path_factory):
    """(out, data_root) of a run of both example clients: the real templates once they exist."""
    if REAL_TEMPLATES:
        run = request.getfixturevalue("example_run")
        return run.out, run.data_root
    base = tmp_path_factory.mktemp("reports")
    _copy_examples(base / "client_data")
    write_report_template(base / "templates")
    run_batch(
        EXAMPLES,
        data_root=base / "client_data",
        out=base / "notebooks",
        templates_dir=base / "templates",
        workers=2,
        quiet=True,
    )
    return base / "notebooks", base / "client_data"


@pytest.fixture(scope="module")
def canary(tmp_path_factory):
    """(out, data_root, report): canary run with the real templates and the report template."""
    base = tmp_path_factory.mktemp("canary")
    data_root, out, templates = base / "client_data", base / "notebooks", base / "templates"
    write_canary_clients(data_root)
    templates.mkdir()
    for template in REAL_TEMPLATES:
        shutil.copy(template, templates / template.name)
    write_report_template(templates, "99_canary")
    report = run_batch(
        ["canary"], data_root=data_root, out=out, templates_dir=templates, workers=2, quiet=True
    )
    only_report = base / "report_only"
    write_report_template(only_report)
    run_batch(
        ["acme"], data_root=data_root, out=out, templates_dir=only_report, workers=1, quiet=True
    )
    return out, data_root, report


@pytest.fixture(scope="module")
def shots(tmp_path_factory) -> Path:
    """Where the screenshots go (printed at the end of the session by pytest's -rA)."""
    folder = tmp_path_factory.getbasetemp() / "screenshots"
    folder.mkdir(exist_ok=True)
    return folder


# ----------------------------------------------------------------------------- the browser


class Visit:
    """A page opened in Chromium with every request but the page itself blocked and logged."""

    def __init__(self, browser, path: Path, *, csp: bool = True, width: int = 1280):
        self.context = browser.new_context(
            bypass_csp=not csp, viewport={"width": width, "height": 900}
        )
        self.requests: list[str] = []
        self.dialogs: list[str] = []
        self.errors: list[str] = []
        url = path.resolve().as_uri()

        def route(request_route):
            if request_route.request.url.split("#")[0] == url:
                request_route.continue_()
            else:
                self.requests.append(request_route.request.url)
                request_route.abort()

        self.context.route("**/*", route)
        self.page = self.context.new_page()
        self.page.on(
            "dialog", lambda dialog: (self.dialogs.append(dialog.message), dialog.dismiss())
        )
        self.page.on("pageerror", lambda error: self.errors.append(str(error)))
        self.page.goto(url, wait_until="load")
        self.page.wait_for_timeout(200)  # a late onerror or timer would show by now

    def images(self) -> list[tuple[bool, int]]:
        """Every image and inline SVG chart: (loaded, width in pixels)."""
        return self.page.evaluate(
            "Array.from(document.images).map(i => [i.complete, i.naturalWidth]).concat("
            "Array.from(document.querySelectorAll('svg.swb-chart'))"
            ".map(s => [true, s.getBoundingClientRect().width]))"
        )

    def close(self) -> None:
        self.context.close()


def _reports_of(out: Path, client: str) -> list[Path]:
    return sorted((out / client / "2026-Q3").glob("[0-9][0-9]_*.html"))


def test_harness_sees_external_requests_and_dialogs(browser, tmp_path):
    page = tmp_path / "bad.html"
    page.write_text(
        '<img src="https://tracker.invalid/p.gif"><link rel="stylesheet" href="http://cdn.invalid/x.css">'
        "<script>alert('ran')</script>"
    )
    visit = Visit(browser, page, csp=False)
    assert sorted(visit.requests) == ["http://cdn.invalid/x.css", "https://tracker.invalid/p.gif"]
    assert visit.dialogs == ["ran"]
    visit.close()


@pytest.mark.parametrize("client", EXAMPLES)
def test_report_is_offline_decoded_and_navigable(browser, reports, shots, client):
    out, _ = reports
    paths = _reports_of(out, client)
    assert paths, (
        f"no reports of {client}: {sorted(p.name for p in (out / client / '2026-Q3').iterdir())}"
    )
    for path in paths:
        assert path.stat().st_size <= 2 * 1024 * 1024, path.name
        bare = Visit(
            browser, path, csp=False
        )  # no CSP to hide a request: the page itself asks nothing
        assert bare.requests == [] and bare.dialogs == [] and bare.errors == []
        bare.close()
        visit = Visit(browser, path)
        images = visit.images()
        assert images and all(complete and width > 0 for complete, width in images), images
        links = visit.page.eval_on_selector_all(
            ".swb-toc a", "els => els.map(e => e.getAttribute('href'))"
        )
        assert links, f"{path.name} has no contents"
        for i, href in enumerate(links):
            visit.page.locator(".swb-toc a").nth(i).click()
            hash_, top, height, at_end = visit.page.evaluate(
                """href => {
                    const el = document.getElementById(decodeURIComponent(href.slice(1)));
                    const bottom = window.scrollY + window.innerHeight;
                    const end = bottom >= document.body.scrollHeight - 2;
                    return [location.hash, el.getBoundingClientRect().top, window.innerHeight, end];
                }""",
                href,
            )
            assert hash_ == href
            assert 0 <= top < height, (path.name, href, top)
            assert at_end or top <= 40, (
                path.name,
                href,
                top,
            )  # lands at the top unless the page ends
        visit.page.evaluate("window.scrollTo(0, 0)")
        visit.page.mouse.move(1, 1)  # no hover left on the contents
        visit.page.screenshot(path=shots / f"{client}-{path.stem}.png", full_page=True)
        assert visit.requests == [] and visit.errors == []
        visit.close()


def _inert(visit: Visit) -> None:
    """Nothing of the client's text became markup, and nothing ran."""
    assert visit.dialogs == []
    found = visit.page.evaluate(
        """() => [document.scripts.length, document.querySelectorAll('[onerror]').length,
                  document.querySelectorAll('img[src="x"]').length,
                  document.querySelectorAll('a[href^="javascript:" i]').length]"""
    )
    assert found == [0, 0, 0, 0]


@pytest.mark.parametrize("csp", [False, True])
def test_canary_text_is_shown_never_run(browser, canary, csp):
    out, _, report = canary
    assert report.clients["canary"]["status"] == "succeeded", report.failures
    paths = _reports_of(out, "canary")
    assert "99_canary.html" in [p.name for p in paths]
    for path in paths:
        visit = Visit(browser, path, csp=csp)
        _inert(visit)
        assert visit.requests == []
        if path.name == "99_canary.html":
            text = visit.page.evaluate("document.body.textContent")
            for canary_text in CANARIES:
                assert canary_text in text, canary_text
            client = visit.page.evaluate("document.querySelector('.swb-client').textContent")
            assert client == f"{IMG} Canary &amp; Co"
        visit.close()


def test_planted_client_name_is_caught_and_held_back(canary):
    out, data_root, _ = canary
    run_dir = out / "acme" / "2026-Q3"
    info = json.loads((run_dir / "run.json").read_text())
    assert info["status"] == "failed"
    assert info["templates"]["01_report"]["error"]["ename"] == "ConfidentialityError"
    assert (
        not (run_dir / "01_report.html").exists() and (run_dir / "01_report.html.blocked").exists()
    )
    leaks = check_run_folder(run_dir, data_root=data_root)
    assert leaks and {leak.kind for leak in leaks} == {"another client's data"}
    assert all("the name of client 'globex'" in leak.found for leak in leaks)
    assert "globex" not in (run_dir / "run.json").read_text().lower()
    assert "globex" not in (out / "index.html").read_text().lower()


def _raw_authors(data_root: Path, clients) -> set[str]:
    from socialworkbook.intake.folder import read_raw_table

    found = set(AUTHORS)
    for client in clients:
        frame, _ = read_raw_table(data_root / client, "mentions")
        found |= {a for a in frame["author"].astype(str) if a.strip()}
    return found


def test_raw_authors_never_in_any_output_file(reports, canary):
    runs = [(reports[0], reports[1], EXAMPLES), (canary[0], canary[1], ("canary", "acme"))]
    for out, data_root, clients in runs:
        authors = {a.lower() for a in _raw_authors(data_root, clients)}
        handles = {a for a in authors if re.fullmatch(r"@[\w.]+", a)}
        others = authors - handles
        files = [p for p in out.rglob("*") if p.is_file()]
        assert len(files) > 10
        for path in files:
            text = path.read_bytes().decode("latin-1").lower()
            tokens = {t.rstrip(".") for t in re.findall(r"@[\w.]+", text)}
            assert not tokens & handles, (path, sorted(tokens & handles)[:3])
            assert not [a for a in others if a in text], path


def test_share_bundle_holds_nothing_of_another_client(reports, tmp_path):
    out, data_root = reports
    from socialworkbook.publish.check import Secrets

    secrets = Secrets.of("northwind-outdoor", data_root)
    assert "ledgerline" in secrets.others  # the names this test looks for
    bundle = share_bundle(
        "northwind-outdoor", out=out, data_root=data_root, dest=tmp_path / "b.zip"
    )
    ledger_authors = {a.lower() for a in _raw_authors(data_root, ["ledgerline"])}
    with zipfile.ZipFile(bundle) as archive:
        names = archive.namelist()
        assert "northwind-outdoor-2026-Q3/index.html" in names
        assert all(n.startswith("northwind-outdoor-2026-Q3/") for n in names)
        for name in names:
            text = archive.read(name).decode("utf-8").lower()
            assert not [t for t in secrets.others if t in text], name
            assert "ledgerline" not in text and "client portfolio" not in text
            assert not {t.rstrip(".") for t in re.findall(r"@[\w.]+", text)} & ledger_authors


def _portfolio(out: Path) -> None:
    for client, net in (("b-client", 10), ("d-client", -5), ("a-client", None), ("c-client", 30)):
        folder = out / client / "2026-Q3"
        folder.mkdir(parents=True)
        sentiment = {"_all": {"net_sentiment": net}} if net is not None else None
        (folder / "results.json").write_text(json.dumps({"sentiment": sentiment}))
        info = {"client": client, "client_name": client.upper(), "status": "succeeded"}
        (folder / "run.json").write_text(json.dumps(info | {"templates": {}}))
    portfolio.write_index(out, runfolder.read_runs(out))


def test_portfolio_sorts_offline(browser, tmp_path, reports, shots):
    _portfolio(tmp_path)
    visit = Visit(browser, tmp_path / "index.html")  # with its CSP: only the hashed script runs
    order = (
        "() => Array.from(document.querySelectorAll('tbody td:first-child strong'))"
        ".map(e => e.textContent)"
    )
    assert visit.page.evaluate(order) == ["A-CLIENT", "B-CLIENT", "C-CLIENT", "D-CLIENT"]
    visit.page.click("th:nth-child(4) button")
    assert visit.page.evaluate(order) == ["D-CLIENT", "B-CLIENT", "C-CLIENT", "A-CLIENT"]
    visit.page.click("th:nth-child(4) button")
    assert visit.page.evaluate(order) == ["C-CLIENT", "B-CLIENT", "D-CLIENT", "A-CLIENT"]
    assert visit.page.get_attribute("th:nth-child(4)", "aria-sort") == "descending"
    visit.page.click("th:nth-child(1) button")
    assert visit.page.evaluate(order) == ["A-CLIENT", "B-CLIENT", "C-CLIENT", "D-CLIENT"]
    assert visit.requests == [] and visit.errors == []
    visit.close()
    real = Visit(browser, reports[0] / "index.html")
    assert real.requests == [] and real.errors == []
    assert real.page.locator("tbody a").count() >= 2
    real.page.screenshot(path=shots / "portfolio.png", full_page=True)
    real.close()
