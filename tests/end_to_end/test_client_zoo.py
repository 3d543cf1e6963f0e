"""The client zoo end to end: every shape of client (tests/zoo.py) through every template, and a
text check over every HTML report (tests/reportcheck.py).

One batch run of the whole zoo (two workers) in a session fixture. A shape's own checks (a
partial period's coverage, Spanish mentions' language) belong beside it; here every report of
every shape must pass the generic checks: no stray markdown, no empty list item, heading or
section, no "%" on a per-post figure, no capped attainment, no None/nan, no finding twice, no
sentence about data the client does not have.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pandas as pd
import pytest
from reportcheck import defects, read_page
from zoo import PERIOD, SHAPES, build_zoo

pytestmark = pytest.mark.xdist_group("client_zoo")

TEMPLATES = ("00_summary", "01_ecosystem_map", "02_value_dimensions", "03_metric_analysis")


@pytest.fixture(scope="session")
def zoo_run(tmp_path_factory):
    """Every zoo client run through every template, once per session (two workers)."""
    from socialworkbook.run.runner import run_batch

    base = tmp_path_factory.mktemp("client_zoo")
    slugs = build_zoo(base / "client_data")
    report = run_batch(
        slugs, data_root=base / "client_data", out=base / "out", workers=2, quiet=True
    )
    return base, report


def _run_dir(zoo_run, slug: str) -> Path:
    base, _ = zoo_run
    return base / "out" / slug / PERIOD


RUN = [slug for slug, shape in SHAPES.items() if not shape.empty]


def test_the_zoo_has_every_shape_the_issue_names():
    assert len(SHAPES) >= 10
    assert {"facebook-no-reach", "instagram-only", "no-mentions", "mentions-only"} <= set(SHAPES)
    assert {"one-component", "thirty-components", "partial-period", "empty-period"} <= set(SHAPES)
    assert {"excel-only", "spanish-mentions", "summary"} <= set(SHAPES)


def test_every_shape_runs_every_template(zoo_run):
    _, report = zoo_run
    for slug in RUN:
        templates = report.clients[slug]["templates"]
        for name in TEMPLATES:
            assert templates[name]["status"] == "succeeded", (slug, name, report.failures)
            assert (_run_dir(zoo_run, slug) / f"{name}.html").is_file()


def test_a_period_without_data_is_refused_and_makes_no_run(zoo_run):
    _, report = zoo_run
    refused = [f for f in report.failures if f["client"] == "empty-period"]
    assert refused and "--allow-empty" in refused[0]["evalue"]
    assert not _run_dir(zoo_run, "empty-period").exists()
    assert [f for f in report.failures if f["client"] != "empty-period"] == []


def test_no_report_of_any_shape_reads_wrong(zoo_run):
    found = []
    for slug in RUN:
        pages = sorted(_run_dir(zoo_run, slug).glob("*.html"))
        assert len(pages) >= len(TEMPLATES), slug
        for page in pages:
            text = page.read_text(encoding="utf-8")
            found += [f"{slug}/{page.name}: {d}" for d in defects(text, has=SHAPES[slug].has)]
    assert found == [], "\n".join(found)


def _posts(zoo_run, slug: str) -> pd.DataFrame:
    base, _ = zoo_run
    posts = pd.read_csv(base / "client_data" / slug / "posts.csv", parse_dates=["published_at"])
    return posts[(posts["published_at"] >= "2026-04-01") & (posts["published_at"] < "2026-07-01")]


def test_without_reach_the_headline_is_engagements_per_post_computed_by_hand(zoo_run):
    posts = _posts(zoo_run, "facebook-no-reach")
    per_post = (posts["likes"] + posts["comments"] + posts["shares"]).sum() / len(posts)
    run_dir = _run_dir(zoo_run, "facebook-no-reach")
    page = read_page((run_dir / "03_metric_analysis.html").read_text(encoding="utf-8"))
    assert f"Shop page: {per_post:,.2f} engagements per post." in page.text
    types = posts.assign(e=posts["likes"] + posts["comments"] + posts["shares"])
    best = types.groupby("post_type")["e"].mean().idxmax()  # video: many comments per post
    assert f'Posts of type "{best}" engage best' in page.text
    results = json.loads((run_dir / "results.json").read_text(encoding="utf-8"))
    assert results["posts"]["_all"]["reach"] is None  # not measured, never 0


def test_attainment_beyond_double_is_printed_as_it_is(zoo_run):
    posts = _posts(zoo_run, "facebook-no-reach")
    run_dir = _run_dir(zoo_run, "facebook-no-reach")
    results = json.loads((run_dir / "results.json").read_text(encoding="utf-8"))
    comments = next(g for g in results["goals"] if g["metric"] == "comments")
    assert comments["attainment"] == pytest.approx(posts["comments"].sum() / 200)
    assert comments["attainment"] > 2
    board = read_page((run_dir / "00_summary.html").read_text(encoding="utf-8")).text
    assert "200% met" not in board


OLD_REPORT = """<html><body><main>
<h2>1. Engagement per component</h2>
<p><strong>Shop page: engagement rate 90.94 (likes per post).</strong> 40 posts.</p>
<h2>9. Is the change real?</h2>
<p>**** 0 of the 2 primary comparisons changed beyond chance.</p>
<p>A change beyond chance says that something changed; the mentions carry no author.</p>
<h2>10. What it means</h2>
<ul><li><b>Engagement.</b> Up.</li><li></li><li><b>Is the change real?</b> </li></ul>
<table><tr><th>component</th><th>likes per post</th></tr><tr><td>A</td><td>90.94%</td></tr></table>
<p>The likes goal stands at 200% met; net sentiment nan.</p>
<h2>11. Sentiment</h2>
</main></body></html>"""


def test_the_check_finds_each_defect_the_old_reports_had():
    found = defects(OLD_REPORT, has=frozenset({"posts", "goals"}))
    kinds = {line.split(":")[0] for line in found}
    assert {
        "stray markdown",
        "a per-post figure as an engagement rate",
        "% in a per-post column 'likes per post'",
        "capped attainment",
        "nan shown",
        "empty section",
        "about mentions the client lacks",
        "about authors the client lacks",
    } <= kinds
    assert any(line.startswith("empty list item") for line in found)
    assert defects("<p>None of the 2 comparisons moved.</p>", has=frozenset()) == []
    said = defects("<p>In 2026-Q2, Solo met 0 of 0 goals.</p>", has=frozenset({"posts"}))
    assert said == ["goals counted where none are set: 'met 0 of 0'"]


def test_a_partial_period_says_where_its_data_stop_and_compares_per_day_with_data(zoo_run):
    last = _posts(zoo_run, "partial-period")["published_at"].max().date()
    run_dir = _run_dir(zoo_run, "partial-period")
    results = json.loads((run_dir / "results.json").read_text(encoding="utf-8"))
    covered = results["data_quality"]["posts"]["coverage"]["period"]
    days = (last - dt.date(2026, 4, 1)).days + 1  # 1 April to the last post, by hand
    assert (covered["last"], covered["days"], covered["stops_early"]) == (
        last.isoformat(),
        days,
        True,
    )
    analysis = read_page((run_dir / "03_metric_analysis.html").read_text(encoding="utf-8")).text
    assert f"Posts stop on {last.day} {last:%b %Y}" in analysis
    assert f"{PERIOD} per day ({days} days with data)" in analysis
    plan = read_page((run_dir / "04_action_plan.html").read_text(encoding="utf-8")).text
    after = last + dt.timedelta(days=1)
    assert f"Ask for the posts from {after.day} {after:%b %Y} to 30 Jun 2026" in plan


def test_spanish_mentions_get_no_automatic_sentiment_verdict(zoo_run):
    run_dir = _run_dir(zoo_run, "spanish-mentions")
    results = json.loads((run_dir / "results.json").read_text(encoding="utf-8"))
    languages = results["data_quality"]["mentions"]["languages"]
    assert languages.get("es", 0) >= 0.8
    assert results["sentiment"]["_all"]["net_sentiment"] is None
    assert results["sentiment_shift"]["_all"]["verdict"] == "not tested"
