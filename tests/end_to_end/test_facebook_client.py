"""Real data end to end: the UCI Facebook metrics converted to a client and run through 03.

The converted folder goes through the kit's own intake and the metric-analysis template (a batch
run with `only=["03"]`); its results.json must reproduce the totals published in
tests/data/README.md and the rates computed independently from the raw file
(`realdata.assert_facebook_rates`).
"""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path

import pytest
import realdata
from rendered import html_tables

ROOT = Path(__file__).resolve().parents[2]
SLUG = "facebook-cosmetics"

# tests/data/README.md, "Invariants a correct load reproduces" (empty cells read as 0).
PUBLISHED = {
    "posts": 500,
    "comments": 3_741,
    "likes": 88_795,
    "shares": 13_524,
    "reach": 6_951_680,
    "impressions": 14_792_974,
}
PUBLISHED_INTERACTIONS = 106_060
PUBLISHED_TYPES = {"Photo": 426, "Status": 45, "Link": 22, "Video": 7}


def _converter():
    spec = importlib.util.spec_from_file_location(
        "facebook_to_client", ROOT / "scripts" / "facebook_to_client.py"
    )
    module = importlib.util.module_from_spec(spec)
    sys.modules["facebook_to_client"] = module
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def facebook_run(tmp_path_factory):
    """The Facebook data converted into a client folder and run through template 03."""
    from socialworkbook.run.runner import run_batch

    base = tmp_path_factory.mktemp("facebook")
    _converter().convert(realdata.FACEBOOK_CSV, base / "client_data", SLUG)
    report = run_batch(
        [SLUG], data_root=base / "client_data", out=base / "out", only=["03"], quiet=True
    )
    return report, base / "out" / SLUG / "2014"


@pytest.fixture(scope="module")
def results(facebook_run) -> dict:
    _, run_dir = facebook_run
    text = (run_dir / "results.json").read_text(encoding="utf-8")
    return json.loads(text, parse_constant=lambda name: pytest.fail(f"{name} in results.json"))


def test_the_template_runs_on_the_converted_data(facebook_run):
    report, run_dir = facebook_run
    assert report.exit_code == 0, report.failures
    assert report.clients[SLUG]["templates"]["03_metric_analysis"]["status"] == "succeeded"
    assert (run_dir / "03_metric_analysis.html").is_file()
    assert not (run_dir / "scored_mentions.csv").exists()  # the page has no mentions


def test_posts_reproduce_the_published_totals(results):
    total = results["posts"]["_all"]
    for key, value in PUBLISHED.items():
        assert total[key] == value, key
        assert type(total[key]) is int
    assert total["likes"] + total["comments"] + total["shares"] == PUBLISHED_INTERACTIONS
    assert results["posts"]["facebook-page"] == total
    assert set(results["posts"]) == {"facebook-page", "_all"}


def test_rates_equal_an_independent_computation_from_the_raw_file(results):
    realdata.assert_facebook_rates(results["posts"]["_all"])


def test_blank_cells_are_counted_as_read_as_zero(results):
    # README: six empty cells, of which like 1 and share 4 are count columns (Paid is not)
    assert results["data_quality"]["posts"]["blank_counts_read_as_zero"] == 5


def test_without_mentions_or_baseline_sentiment_is_empty_and_shift_null(results):
    assert results["baseline"] is None
    assert results["sentiment"]["_all"]["n"] == 0
    assert results["sentiment"]["_all"]["net_sentiment"] is None
    assert results["sentiment_shift"] is None


def test_the_notebook_states_the_figures_and_the_post_types(facebook_run):
    _, run_dir = facebook_run
    html = (run_dir / "03_metric_analysis.html").read_text(encoding="utf-8")
    assert "500 posts in 2014" in html
    assert "1.53% by reach" in html  # 100 * 106,060 / 6,951,680 = 1.5257
    assert "No baseline period is set" in html
    types = next(t for t in html_tables(html) if t[0][0] == "post type")
    posts = {row[0]: row[1] for row in types[1:]}
    assert posts == {**{k: str(v) for k, v in PUBLISHED_TYPES.items()}, "All": "500"}
