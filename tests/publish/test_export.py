"""Client-ready HTML of executed notebooks: no code, prompts, stderr or scripts; offline."""

from __future__ import annotations

import base64
import copy
import io
import re
from html.parser import HTMLParser

import matplotlib
import nbformat
import pytest
from clientfolders import write_client

from socialworkbook import intake
from socialworkbook.lab.notebook import escape_text, table_html
from socialworkbook.publish import export
from socialworkbook.publish.portfolio import index_figures

matplotlib.use("Agg")

PROVENANCE = {
    "kit_version": "9.8.7",
    "template": "03_sentiment_shift",
    "template_version": "abc123def456",
    "inputs_sha256": {"mentions.csv": "f" * 64, "client.yaml": "0123456789abcdef" + "e" * 48},
    "client": "acme",
    "period": "2026-Q3",
    "client_name": "Acme Outdoor",
    "brand_color": "#2e6b4f",
    "logo": "",
}
WIDGET = "application/vnd.jupyter.widget-view+json"


def _png() -> str:
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(4, 2))
    ax.bar(["a", "b"], [1, 2])
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png")
    return base64.b64encode(buffer.getvalue()).decode("ascii")


def _display(data: dict) -> nbformat.NotebookNode:
    return nbformat.v4.new_output("display_data", data=data)


def _notebook() -> nbformat.NotebookNode:
    """An executed notebook holding everything a client must and must not see."""
    nb = nbformat.v4.new_notebook()
    md, code = nbformat.v4.new_markdown_cell, nbformat.v4.new_code_cell
    chart = code("SECRET_PLOT_CODE = 1")
    chart.outputs = [_display({"image/png": _png(), "text/plain": "<Figure>"})]
    noisy = code("SECRET_NOISY_CODE = 2")
    noisy.outputs = [
        nbformat.v4.new_output("stream", name="stdout", text="visible stdout line\n"),
        nbformat.v4.new_output("stream", name="stderr", text="FutureWarning: hidden stderr\n"),
        nbformat.v4.new_output(
            "error", ename="ValueError", evalue="boom", traceback=["Traceback (most recent", "x"]
        ),
        _display({"application/javascript": "alert('js output')", "text/plain": "js"}),
    ]
    widget = code("SECRET_WIDGET_CODE = 3")
    widget.outputs = [
        _display(
            {
                WIDGET: {"model_id": "model-with-static", "version_major": 2, "version_minor": 0},
                "text/html": "<table><tr><td>static widget table</td></tr></table>",
                "text/plain": "VBox(children=(...))",
            }
        ),
        _display(
            {
                WIDGET: {
                    "model_id": "model-without-static",
                    "version_major": 2,
                    "version_minor": 0,
                },
                "text/plain": "Button(description='Save')",
            }
        ),
    ]
    said = code("wb.say(...)")
    said.outputs = [
        _display({"text/markdown": "### Voices about Acme\n\nFrom the data.", "text/plain": "md"})
    ]
    hidden = code("print('removed')")
    hidden.metadata["tags"] = ["remove-cell"]
    hidden.outputs = [nbformat.v4.new_output("stream", name="stdout", text="removed cell output")]
    nb.cells = [
        md("# Sentiment shift\nHow customers feel now against last quarter."),
        code("client: str = 'acme'"),
        md("## 1. The trend\nA claim in words."),
        chart,
        noisy,
        md("## 2. Widgets\nThe analyst's inputs."),
        widget,
        said,
        hidden,
        md("## 1. The trend\nThe same heading twice."),
    ]
    nb.metadata["widgets"] = {"application/vnd.jupyter.widget-state+json": {"state": {"x": 1}}}
    return nb


def _tags(html: str, name: str) -> list[dict]:
    """The attributes of every `name` element of a page."""
    found = []

    class Parser(HTMLParser):
        def handle_starttag(self, tag, attrs):
            if tag == name:
                found.append(dict(attrs))

    Parser().feed(html)
    return found


class _Ids(HTMLParser):
    """ids of elements, hrefs of the contents, and the tags used."""

    def __init__(self):
        super().__init__()
        self.ids, self.toc, self.tags, self._in_toc = {}, [], [], False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        self.tags.append(tag)
        if attrs.get("id"):
            self.ids.setdefault(attrs["id"], tag)
        if tag == "nav":
            self._in_toc = True
        if self._in_toc and tag == "a":
            self.toc.append(attrs["href"])

    def handle_endtag(self, tag):
        if tag == "nav":
            self._in_toc = False


@pytest.fixture(scope="module")
def page() -> str:
    return export.notebook_to_html(_notebook(), provenance=PROVENANCE)


def test_no_code_prompts_stderr_errors_or_scripts(page):
    assert "SECRET_" not in page and "client: str" not in page
    assert "In&nbsp;[" not in page and "Out[" not in page
    assert "hidden stderr" not in page and "Traceback" not in page and "boom" not in page
    assert "removed cell output" not in page
    assert "<script" not in page.lower()
    assert "alert(" not in page
    assert "visible stdout line" in page


def test_nothing_from_outside(page):
    for name in ("require.js", "require.min.js", "mathjax", "mermaid", "unpkg", "cdn", "jsdelivr"):
        assert name not in page.lower(), name
    assert not re.search(r"""(?:src|href)\s*=\s*["']?(?:https?:)?//""", page)
    assert "@import" not in page and "url(http" not in page
    (csp,) = [
        m["content"]
        for m in _tags(page, "meta")
        if m.get("http-equiv") == "Content-Security-Policy"
    ]
    assert "default-src 'none'" in csp and "img-src data:" in csp
    assert "script-src" not in csp  # falls back to default-src 'none': no script runs


def test_small_without_charts():
    # JupyterLab's own stylesheet alone is ~250 KB; the kit's page brings only what it uses.
    assert len(export.notebook_to_html(nbformat.v4.new_notebook()).encode()) < 40_000


def test_chart_embedded_as_data_uri(page):
    images = [img["src"] for img in _tags(page, "img")]
    assert len(images) == 1 and images[0].startswith("data:image/png;base64,")
    base64.b64decode(images[0].split(",", 1)[1], validate=True)


def test_a_chart_alt_text_is_its_finding_sentence():
    nb = nbformat.v4.new_notebook()
    chart = nbformat.v4.new_code_cell("chart()")
    chart.outputs = [_display({"image/png": _png(), "text/plain": "<Figure>"})]
    chart.outputs[0].metadata = {"image/png": {"alt": 'Reach rose 12% <"fast">'}}
    nb.cells = [chart]
    (img,) = _tags(export.notebook_to_html(nb), "img")
    assert img["alt"] == 'Reach rose 12% <"fast">'  # parsed back: it was escaped in the page


def test_widgets_become_static_html(page):
    assert "static widget table" in page
    assert WIDGET not in page and "model-with-static" not in page
    assert "model-without-static" not in page and "Button(description" not in page
    assert "VBox(" not in page
    assert "widget-state" not in page


def test_header_names_client_title_period_and_date(page):
    header = page[page.index('<header class="swb-header">') : page.index("</header>")]
    assert "Acme Outdoor" in header
    assert '<h1 class="swb-title">Sentiment shift</h1>' in header
    assert "2026-Q3" in header and "1 July – 30 September 2026" in header
    assert re.search(r"Prepared</dt><dd>\d{1,2} [A-Z][a-z]+ \d{4}<", header)
    assert "--brand: #2e6b4f" in page
    body = page[page.index('<main class="swb-body">') :]
    assert "Sentiment shift" not in body  # the title line moved to the header, not shown twice
    assert "How customers feel now" in body
    assert "<title>Acme Outdoor · Sentiment shift · 2026-Q3</title>" in page


def test_contents_link_to_headings_once_each(page):
    parser = _Ids()
    parser.feed(page)
    assert parser.toc == ["#1.-The-trend", "#2.-Widgets", "#Voices-about-Acme"]
    for href in parser.toc:
        assert parser.ids[href[1:]] in {"h2", "h3"}


def test_footer_is_confidential_and_leaves_versions_and_hashes_to_the_appendix(page):
    footer = page[page.index('<footer class="swb-footer">') :]
    assert "Confidential · prepared for Acme Outdoor" in footer
    assert "provenance appendix" in footer
    for internal in ("9.8.7", "03_sentiment_shift", "abc123def456", "mentions.csv", "0123456789"):
        assert internal not in footer, internal
    body = page[page.index("<body") :]
    assert "f" * 16 not in body and "abc123def456" not in body


def test_navigation_bar_links_every_report_of_the_period():
    reports = [("00_summary", "Summary for the board"), ("03_sentiment_shift", "Sentiment")]
    html = export.notebook_to_html(_notebook(), provenance=PROVENANCE | {"reports": reports})
    (nav,) = re.findall(r'<nav [^>]*class="swb-nav".*?</nav>', html, re.DOTALL)
    links = re.findall(r"<a ([^>]+)>([^<]+)</a>", nav)
    assert [(sorted(attrs.split()), text) for attrs, text in links] == [
        (['href="00_summary.html"'], "Summary for the board"),
        (['aria-current="page"', 'href="03_sentiment_shift.html"'], "Sentiment"),
    ]
    assert 'class="swb-nav"' not in export.notebook_to_html(_notebook(), provenance={})


def test_report_titles_read_the_templates_headings():
    from socialworkbook.paths import kit_templates_dir

    folder = kit_templates_dir()
    titles = dict(export.report_titles(folder))
    assert titles["00_summary"] == "Summary for the board"
    assert titles["04_action_plan"] == "Action plan"
    assert list(titles) == sorted(p.stem for p in folder.glob("[0-9][0-9]_*.ipynb"))


def test_print_stylesheet(page):
    assert "@media print" in page and "@page" in page
    assert "break-inside: avoid" in page


def test_title_falls_back_to_template_name():
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_markdown_cell("Just text, no heading.")]
    html = export.notebook_to_html(nb, provenance={"template": "02_value_dimensions"})
    assert '<h1 class="swb-title">Value dimensions</h1>' in html
    assert "Just text, no heading." in html


def test_client_text_stays_text():
    nasty = "<script>alert(1)</script> <img src=x onerror=alert(2)> [x](javascript:alert(3)) &amp;"
    nb = nbformat.v4.new_notebook()
    cell = nbformat.v4.new_code_cell("wb.say(...)")
    cell.outputs = [
        _display({"text/markdown": f"## Component {escape_text(nasty)}", "text/plain": ""}),
        _display({"text/html": table_html(__import__("pandas").DataFrame({"name": [nasty]}))}),
    ]
    nb.cells = [cell]
    html = export.notebook_to_html(nb, provenance={"client_name": nasty, "period": nasty})
    lowered = html.lower()
    assert "<script" not in lowered and "<img src=x" not in lowered
    assert 'href="javascript' not in lowered
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "&amp;amp;" in html  # the entity the client wrote shows as written


def test_bad_brand_colour_is_replaced():
    html = export.notebook_to_html(
        nbformat.v4.new_notebook(), provenance={"brand_color": "red;}</style><b>x"}
    )
    assert f"--brand: {export.DEFAULT_COLOR}" in html and "</style><b>" not in html


@pytest.mark.parametrize("color", ["#ffe600", "#ffffff", "#7fdbff", "#1f4e79"])
def test_brand_ink_reads_on_white(color):
    ink = export._ink(color)
    rgb = [int(ink[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    assert 1.05 / (export._luminance(rgb) + 0.05) >= 4.5
    if color == "#1f4e79":
        assert ink == color  # a dark brand colour is used as it is


def test_branding_embeds_the_logo(tmp_path):
    logo = base64.b64decode(_png())
    write_client(
        tmp_path,
        "acme",
        files={
            "client.yaml": "name: Acme Outdoor\nperiod: 2026-Q3\nbrand_color: '#AA3300'\n"
            "logo: logo.png\n",
            "logo.png": logo,
        },
    )
    brand = export.branding(intake.read_client("acme", data_root=tmp_path))
    assert brand["client_name"] == "Acme Outdoor" and brand["brand_color"] == "#aa3300"
    assert brand["logo"].startswith("data:image/png;base64,")
    assert base64.b64decode(brand["logo"].split(",", 1)[1]) == logo
    html = export.notebook_to_html(nbformat.v4.new_notebook(), provenance=brand)
    (img,) = _tags(html, "img")
    assert img == {"class": "swb-logo", "src": brand["logo"], "alt": "Acme Outdoor"}


def test_branding_without_logo(tmp_path):
    write_client(tmp_path, "acme")
    brand = export.branding(intake.read_client("acme", data_root=tmp_path))
    assert brand["logo"] == ""
    html = export.notebook_to_html(nbformat.v4.new_notebook(), provenance=brand)
    assert _tags(html, "img") == []


@pytest.mark.parametrize(
    ("label", "span"),
    [
        ("2026-Q3", "1 July – 30 September 2026"),
        ("2025-12-15..2026-01-14", "15 December 2025 – 14 January 2026"),
        ("2026-02", "1 February – 28 February 2026"),
        ("not a period", ""),
    ],
)
def test_period_span(label, span):
    assert export.period_span(label) == span


def test_render_page_escapes():
    html = export.render_page(
        "bundle",
        client_name="<b>Acme</b>",
        period="2026-Q3",
        figures=index_figures({}),
        reports=[{"href": "01_x.html", "title": "<i>x</i>"}],
        prepared="1 October 2026",
        kit_version="1",
    )
    assert "<b>Acme</b>" not in html and "&lt;b&gt;Acme&lt;/b&gt;" in html
    assert "<i>x</i>" not in html


@pytest.mark.parametrize(
    "text",
    [
        'the customer\'s "tent"',
        "<script>alert('x')</script> & <img src=x onerror=alert(1)>",
        "[click](javascript:alert(1)) ![i](x.png) <https://x.example>",
        "Tom &amp; Jerry &lt;b&gt; &#x3C;i&#x3E;",
        "# not a heading, > not a quote, *not bold*, `not code`, | not | a table |",
        "see https://t.co/f0dd4 or mail a@b.example at 10:30",
    ],
)
def test_client_text_in_markdown_shows_exactly_as_written(text):
    nb = nbformat.v4.new_notebook()
    cell = nbformat.v4.new_code_cell("wb.say(...)")
    cell.outputs = [_display({"text/markdown": f"Said: {escape_text(text)}", "text/plain": ""})]
    nb.cells = [cell]
    html = export.notebook_to_html(nb)
    shown = html[html.index('data-mime-type="text/markdown"') :]
    shown = shown[shown.index("<p>") + 3 : shown.index("</p>")]
    assert "<" not in shown  # no element made of client text
    assert __import__("html").unescape(shown) == f"Said: {text}"


def test_table_numbers_are_right_aligned_with_thousands_separated():
    import pandas as pd
    from bs4 import BeautifulSoup

    frame = pd.DataFrame(
        {"component": ["Trail <Club>", "Shop"], "reach": [6951680, 12], "rate": [0.5, None]}
    )
    soup = BeautifulSoup(table_html(frame), "html.parser")
    cells = [td.get_text() for td in soup.find_all("td")]
    assert cells == ["Trail <Club>", "6,951,680", "0.50", "Shop", "12", "–"]
    style = soup.style.get_text()
    table = soup.table["id"]
    for column in (1, 2):  # reach and rate, header and cells
        for cell in ("th", "td"):
            assert f"#{table} {cell}.col{column} {{\n  text-align: right;" in style
    assert ".col0" not in style  # text stays left-aligned


def test_numbers_already_written_as_text_are_right_aligned_too():
    import pandas as pd
    from bs4 import BeautifulSoup

    frame = pd.DataFrame(
        {
            "metric": ["reach", "engagement % of reach"],
            "2026-Q3": ["1,226,862", "5.24"],
            "change": ["+33%", "–"],
            "post": ["p1", "p2"],
        }
    )
    soup = BeautifulSoup(table_html(frame), "html.parser")
    rules = re.findall(r"td\.(col\d+) \{([^}]*)\}", soup.style.get_text())
    right = {column for column, body in rules if "text-align: right" in body}
    assert right == {"col1", "col2"}


def _svg() -> str:
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(4, 2))
    ax.bar(["north", "south"], [1, 2])
    ax.set_title("Reach rose 12%")
    buffer = io.StringIO()
    fig.savefig(buffer, format="svg")
    plt.close(fig)
    return buffer.getvalue()


def _jpeg() -> str:
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(2, 1))
    ax.plot([1, 2], [2, 1])
    buffer = io.BytesIO()
    fig.savefig(buffer, format="jpeg")
    plt.close(fig)
    return base64.b64encode(buffer.getvalue()).decode("ascii")


def test_a_page_is_nbconverts_own_without_the_pass_that_parses_it_again(monkeypatch):
    """The report exporter leaves out nbconvert's last pass (BeautifulSoup: alt text for images
    without one, tab stops for notebook cells): the page, parsed back, is the exporter's own."""
    from bs4 import BeautifulSoup
    from nbconvert import HTMLExporter

    nb = _notebook()
    photo, chart = nbformat.v4.new_code_cell("photo()"), nbformat.v4.new_code_cell("chart()")
    photo.outputs = [_display({"image/jpeg": _jpeg(), "text/plain": "<Image>"})]
    chart.outputs = [_display({"image/svg+xml": _svg(), "text/plain": "<Figure>"})]
    nb.cells += [photo, chart]
    ours = export.notebook_to_html(nb, provenance=PROVENANCE)
    exporter = type(export._get_exporter())
    monkeypatch.setattr(exporter, "from_notebook_node", HTMLExporter.from_notebook_node)
    theirs = export.notebook_to_html(nb, provenance=PROVENANCE)
    assert ours != theirs and str(BeautifulSoup(ours, features="html.parser")) == theirs
    assert [img.get("alt") for img in _tags(ours, "img")] == ["", ""]  # marked decorative


def test_a_chart_in_svg_sits_inline_with_its_text_as_text_and_its_finding_as_its_name():
    nb = nbformat.v4.new_notebook()
    chart = nbformat.v4.new_code_cell("chart()")
    chart.outputs = [_display({"image/svg+xml": _svg(), "image/png": _png(), "text/plain": "<F>"})]
    chart.outputs[0].metadata = {"image/svg+xml": {"alt": 'Reach rose 12% <"fast">'}}
    nb.cells = [chart]
    page = export.notebook_to_html(nb)
    assert "<img" not in page.split('class="swb-body"', 1)[1]  # no raster chart beside it
    (svg,) = _tags(page, "svg")
    assert svg["class"] == "swb-chart swb-narrow" and svg["role"] == "img"  # 4 in: fits a phone
    assert svg["aria-label"] == 'Reach rose 12% <"fast">'  # parsed back: it was escaped
    assert "<?xml" not in page and "<!DOCTYPE svg" not in page and "<metadata" not in page
    assert "Reach rose 12%" in re.sub(r"<[^>]+>", " ", page.split("<svg", 1)[1])  # as text


def test_an_svg_output_loses_scripts_handlers_links_and_its_page_wide_style():
    hostile = (
        '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" '
        'width="10pt" height="10pt" viewBox="0 0 10 10" onload="alert(1)">'
        "<style>* { color: red }</style><script>alert(2)</script>"
        '<a href="https://tracker.invalid/"><text x="1" y="5">hi &lt;b&gt;</text></a>'
        '<g onclick="alert(3)"><use xlink:href="https://evil.invalid/x.svg#a"/>'
        '<use xlink:href="#p1"/><foreignObject><p>html</p></foreignObject>'
        '<text x="1" y="9">kept</text></g></svg>'
    )
    clean = export.inline_svg(hostile, alt="a chart")
    for gone in ("alert", "<style", "<script", "tracker.invalid", "evil.invalid", "foreignObject"):
        assert gone not in clean
    assert "kept" in clean and 'href="#p1"' in clean and 'aria-label="a chart"' in clean
    assert export.inline_svg("<svg><unclosed></svg>") is None
    assert export.inline_svg('<html xmlns="http://www.w3.org/1999/xhtml"/>') is None


def test_a_page_made_from_the_notebook_itself_is_the_same_and_only_then_changes_it():
    nb = _notebook()
    before = copy.deepcopy(nb)
    kept = export.notebook_to_html(nb, provenance=PROVENANCE)
    assert nb == before  # left as it was
    assert export.notebook_to_html(nb, provenance=PROVENANCE, keep=False) == kept
    assert nb != before  # no copy: made from (and changing) the notebook itself
