"""A Spanish client without labels, end to end: no VADER figure or verdict in any output.

One small client (tests/languages.py: the example's ecosystem, 160 hand-written Spanish
mentions over the baseline and the period, no posts, so every comparison a report could hold is
one of sentiment), run through the two templates that speak of sentiment (00 and 03). Its
results.json, both HTML reports, the portfolio index and its history page are read: the VADER
shift of every stratum is "not tested", no sentiment figure comes from VADER, and the reports
lead with labelling a random sample.
"""

from __future__ import annotations

import json
import re

import pytest
from bs4 import BeautifulSoup
from languages import spanish_client

from socialworkbook import runfolder
from socialworkbook.publish import history

SLUG = "tienda"
VERDICT = re.compile(r"beyond chance|within chance|what chance alone|a change beyond")
# Sentences about the method that name the verdicts without giving one.
METHOD = (
    "verdict",
    "Ranked by what it means",
    "A change beyond chance says",
    "What changed beyond",
)

pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("language_run")]


@pytest.fixture(scope="module")
def spanish_run(tmp_path_factory):
    from socialworkbook.run.runner import run_batch

    base = tmp_path_factory.mktemp("spanish_run")
    folder = spanish_client(base / "client_data", SLUG, n=160)
    (folder / "posts.csv").unlink()
    report = run_batch(
        [SLUG], data_root=base / "client_data", out=base / "out", only=["00", "03"], quiet=True
    )
    assert report.exit_code == 0, report.failures
    return base / "out", base / "out" / SLUG / "2026-Q3"


def _text(html: str) -> str:
    return re.sub(r"\s+", " ", BeautifulSoup(html, "html.parser").get_text(" "))


def _verdicts(text: str) -> list[str]:
    sentences = re.split(r"(?<=[.!?])\s+", text)
    return [s for s in sentences if VERDICT.search(s) and not any(m in s for m in METHOD)]


def test_results_json_holds_no_vader_verdict_or_figure(spanish_run):
    _, run_dir = spanish_run
    results = json.loads((run_dir / "results.json").read_text(encoding="utf-8"))
    assert results["data_quality"]["mentions"]["languages"] == {"es": 1.0}
    shifts = results["sentiment_shift"]
    assert shifts and {entry["verdict"] for entry in shifts.values()} == {"not tested"}
    assert all(entry["estimated"] is None for entry in shifts.values())
    for key, entry in results["sentiment"].items():
        assert entry["net_sentiment"] is None and entry["positive"] is None, key
        assert entry["language"]["vader"] == "not applicable", key
    assert not _verdicts(json.dumps(results))


def test_no_report_gives_a_sentiment_verdict(spanish_run):
    out, run_dir = spanish_run
    pages = {p.name: p.read_text(encoding="utf-8") for p in run_dir.glob("*.html")}
    pages["index.html"] = (out / "index.html").read_text(encoding="utf-8")
    rows = history.periods_of(runfolder.read_runs(out), SLUG)
    brand = {"client_name": "Tienda Montaña", "brand_color": "#1f4e79", "logo": ""}
    pages["history"] = history.render_history(rows, brand)
    assert {"00_summary.html", "03_metric_analysis.html"} <= set(pages)
    for name, html in pages.items():
        text = _text(html)
        assert not _verdicts(text), (name, _verdicts(text))
        assert not re.search(r"Net sentiment [+−-]?\d", text), name
        assert "VADER) alone would" not in text, name


def test_the_reports_lead_with_labelling_a_random_sample(spanish_run):
    _, run_dir = spanish_run
    board = _text((run_dir / "00_summary.html").read_text(encoding="utf-8"))
    analysis = _text((run_dir / "03_metric_analysis.html").read_text(encoding="utf-8"))
    assert "mostly not in English" in board and "labelled by people" in board
    section = analysis.split("Sentiment of the conversation", 2)[-1]
    assert section.lstrip(" ¶").startswith("Sentiment here needs a random sample labelled by")
    assert "Languages of the mentions: Spanish 100% (n=80)" in analysis
