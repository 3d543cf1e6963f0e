"""The portfolio index: every client x period, status, key figures, links; offline and sortable."""

from __future__ import annotations

import base64
import hashlib
import json
import re
from html.parser import HTMLParser

import pytest

from socialworkbook import runfolder
from socialworkbook.publish import portfolio


def _run(out, client, period, *, status="succeeded", results=None, reports=("01_map",), name=None):
    folder = out / client / period
    folder.mkdir(parents=True)
    templates = {r: {"status": "succeeded"} for r in reports}
    if status == "failed":
        templates["02_broken"] = {"status": "failed"}
    info = {"client": client, "status": status, "finished_at": "2026-10-01T09:30:00+00:00"}
    (folder / "run.json").write_text(
        json.dumps(info | {"client_name": name, "templates": templates})
    )
    if results is not None:
        (folder / "results.json").write_text(json.dumps(results))
    for report in reports:
        (folder / f"{report}.html").write_text("<p>report</p>")
    return folder


RESULTS = {
    "sentiment": {"_all": {"net_sentiment": -12.25}, "forum": {"net_sentiment": 80}},
    "sentiment_shift": {
        "_all": {
            "difference": 0.0512,
            "p_value": 0.04,
            "p_adjusted": 0.2,
            "verdict": "within chance",
        }
    },
    "posts": {"_all": {"engagement_rate_reach": None, "engagement_rate_impressions": 1.5}},
    "goals": [{"status": "met"}, {"status": "on_track"}, {"status": "no_data"}],
}


def test_index_figures():
    figures = portfolio.index_figures(RESULTS)
    assert figures == {
        "net_sentiment": -12.25,
        "net_interval": None,  # no labelled random sample: VADER's figure, unverified
        "net_labelled": None,
        "net_vader": None,
        "shift": pytest.approx(5.12),
        "shift_beyond_chance": False,  # the run's verdict (adjusted), not the raw p < 0.05
        "shift_labelled": False,
        "shift_p_adjusted": 0.2,
        "engagement_rate": 1.5,  # of impressions where reach is unknown, and labelled so
        "engagement_basis": "impressions",
        "goals_met": 1,
        "goals": 3,
    }


def test_index_figures_lead_with_the_estimate_of_a_labelled_sample(tmp_path):
    estimated = {"net_sentiment": -58.4, "ci_low": -65.2, "ci_high": -51.0, "labelled_n": 260}
    shifted = {
        "difference": -0.08,
        "ci_low": -0.15,
        "ci_high": -0.01,
        "p_value": 0.03,
        "p_adjusted": 0.04,
        "verdict": "beyond chance",
    }
    automatic = {"difference": 0.02, "p_value": None, "verdict": "not tested: automatic scores"}
    results = {
        "sentiment": {"_all": {"net_sentiment": 3.0, "estimated": estimated}},
        "sentiment_shift": {"_all": {**automatic, "estimated": shifted}},
    }
    figures = portfolio.index_figures(results)
    assert figures["net_sentiment"] == -58.4 and figures["net_interval"] == [-65.2, -51.0]
    assert figures["net_labelled"] == 260 and figures["net_vader"] == 3.0
    # the estimated shift is the comparison's one test: its difference and its verdict
    assert figures["shift"] == pytest.approx(-8.0) and figures["shift_labelled"]
    assert figures["shift_beyond_chance"] is True and figures["shift_p_adjusted"] == 0.04
    _run(tmp_path, "acme", "2026-Q3", results=results, name="Acme")
    table = _Table()
    table.feed(portfolio.write_index(tmp_path, runfolder.read_runs(tmp_path)).read_text())
    (row,) = table.rows
    assert row[3] == "−58 95% −65 to −51, 260 labelled; VADER +3"
    assert row[4] == "−8 points from the labelled samples"


@pytest.mark.parametrize("results", [{}, {"sentiment": None, "posts": {}, "goals": []}, None])
def test_index_figures_of_a_run_without_them(results):
    assert set(portfolio.index_figures(results).values()) == {None}


class _Table(HTMLParser):
    """The body rows of the page's table as lists of cell texts, and every href."""

    def __init__(self):
        super().__init__()
        self.rows, self.hrefs, self._row, self._in_body = [], [], None, False

    def handle_starttag(self, tag, attrs):
        if tag == "tbody":
            self._in_body = True
        elif tag == "tr" and self._in_body:
            self._row = []
        elif tag == "td" and self._row is not None:
            self._row.append("")
        elif self._row:
            self._row[-1] += " "  # <br>, <span>: words apart
        if tag == "a":
            self.hrefs.append(dict(attrs)["href"])

    def handle_endtag(self, tag):
        if tag == "tr" and self._row is not None:
            self.rows.append([" ".join(cell.split()) for cell in self._row])
            self._row = None

    def handle_data(self, data):
        if self._row:
            self._row[-1] += data


@pytest.fixture
def out(tmp_path):
    out = tmp_path / "notebooks"
    _run(out, "acme", "2026-Q2", results=RESULTS, name="Acme <Outdoor> & Co")
    _run(
        out,
        "acme",
        "2026-Q3",
        results={},
        reports=("01_map", "02_voice"),
        name="Acme <Outdoor> & Co",
    )
    _run(out, "zeta", "2026-Q3", status="failed", results=RESULTS, name="Zeta")
    _run(out, "bad", "invalid-inputs", status="invalid", reports=())
    return out


def test_every_client_and_period_with_status_and_figures(out):
    page = portfolio.write_index(out, runfolder.read_runs(out)).read_text()
    table = _Table()
    table.feed(page)
    rows = {(r[0], r[1]): r for r in table.rows}
    assert sorted(rows) == [
        ("Acme <Outdoor> & Co acme", "2026-Q2"),
        ("Acme <Outdoor> & Co acme", "2026-Q3"),
        ("Zeta zeta", "2026-Q3"),
        ("bad bad", "invalid-inputs"),
    ]
    q2 = rows[("Acme <Outdoor> & Co acme", "2026-Q2")]
    assert q2[2:7] == [
        "succeeded",
        "−12 VADER only, unverified",
        "+5 points",
        "1.50% of impressions",
        "1 of 3",
    ]
    assert rows[("Acme <Outdoor> & Co acme", "2026-Q3")][3:7] == ["–"] * 4
    assert rows[("Zeta zeta", "2026-Q3")][2] == "failed 02_broken"
    assert rows[("bad bad", "invalid-inputs")][7] == "no reports"
    assert "Acme &lt;Outdoor&gt; &amp; Co" in page


def test_links_reach_the_reports(out):
    page = portfolio.write_index(out, runfolder.read_runs(out)).read_text()
    table = _Table()
    table.feed(page)
    assert sorted(table.hrefs) == [
        "acme/2026-Q2/01_map.html",
        "acme/2026-Q3/01_map.html",
        "acme/2026-Q3/02_voice.html",
        "zeta/2026-Q3/01_map.html",
    ]
    for href in table.hrefs:
        assert (out / href).is_file()


def test_offline_and_only_its_own_script_may_run(out):
    page = portfolio.write_index(out, runfolder.read_runs(out)).read_text()
    assert not re.search(r"""(?:src|href)\s*=\s*["']?(?:https?:)?//""", page)
    (script,) = re.findall(r"<script>(.*?)</script>", page, re.DOTALL)
    digest = base64.b64encode(hashlib.sha256(script.encode()).digest()).decode()
    csp = re.search(r'Content-Security-Policy" content="([^"]+)"', page).group(1)
    assert f"script-src 'sha256-{digest}'" in csp and "default-src 'none'" in csp
    assert "addEventListener" in script


def test_empty_portfolio(tmp_path):
    page = portfolio.write_index(tmp_path, runfolder.read_runs(tmp_path)).read_text()
    assert "No runs yet" in page


def test_unreadable_run_is_skipped(out):
    (out / "zeta" / "2026-Q3" / "results.json").write_text("{not json")
    page = portfolio.write_index(out, runfolder.read_runs(out)).read_text()
    assert "zeta/2026-Q3" not in page and "acme/2026-Q2" in page


def test_axis_labels_of_a_narrow_range_are_distinct():
    from socialworkbook.publish import minicharts

    chart = minicharts.strip_chart([{"value": 0.7, "text": "a"}] * 3, fmt="{:,.1f}")
    texts = [t["text"] for t in chart["ticks"]]
    assert texts == ["0.60", "0.65", "0.70", "0.75", "0.80"]  # not 0.6, 0.6, 0.7, 0.7, 0.8
    wide = minicharts.strip_chart([{"value": -80, "text": "a"}, {"value": 61, "text": "b"}])
    assert [t["text"] for t in wide["ticks"]] == ["-100.0", "-50.0", "0.0", "50.0", "100.0"]
    series = minicharts.series_chart([{"label": "a", "value": 2.1}, {"label": "b", "value": 3.0}])
    assert [t["text"] for t in series["ticks"]] == ["2.00", "2.25", "2.50", "2.75", "3.00"]
    shares = minicharts.strip_chart([{"value": v, "text": "a"} for v in (0.5, 0.6)], fmt="{:.0%}")
    assert [t["text"] for t in shares["ticks"]] == ["50%", "55%", "60%"]


def test_an_index_made_of_the_same_is_not_written_again(out):
    """The same runs leave the index as it is; a changed run, a changed or removed index is
    written again."""
    index = portfolio.write_index(out, runfolder.read_runs(out))
    written = index.stat().st_mtime_ns, index.stat().st_ino
    assert portfolio.write_index(out, runfolder.read_runs(out)) == index
    assert (index.stat().st_mtime_ns, index.stat().st_ino) == written
    _run(out, "yota", "2026-Q3", results=RESULTS, name="Yota")  # a new client's run
    assert (
        "yota/2026-Q3/01_map.html"
        in portfolio.write_index(out, runfolder.read_runs(out)).read_text()
    )
    index.write_text("edited by hand")
    assert "yota/2026-Q3" in portfolio.write_index(out, runfolder.read_runs(out)).read_text()
    index.unlink()
    assert "yota/2026-Q3" in portfolio.write_index(out, runfolder.read_runs(out)).read_text()
