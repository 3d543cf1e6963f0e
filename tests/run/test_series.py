"""Period series, `baseline: previous`, client history pages (issue 16)."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

import pytest
from clientfolders import write_client

from socialworkbook import intake
from socialworkbook.errors import ValidationError
from socialworkbook.periods import parse_period, previous_period
from socialworkbook.publish.check import Secrets, check_report
from socialworkbook.run import runner
from socialworkbook.runfolder import net_sentiment_interval

TEMPLATES = Path(__file__).parents[1] / "series_templates"
# A group only to be scheduled early under --dist loadgroup (groups with more tests go first):
# two of the longest tests are here, and a long test last keeps one worker alone.
pytestmark = pytest.mark.xdist_group("series")
QUARTERS = ["2026-Q1", "2026-Q2", "2026-Q3", "2026-Q4"]
ECOSYSTEM = (
    "component_id,name,component_type,continuum_stage\n"
    "main,Main page,social_media_profile,mass_market\n"
)


@pytest.mark.parametrize(
    ("label", "before"),
    [
        ("2026-Q3", "2026-Q2"),
        ("2026-Q1", "2025-Q4"),
        ("2026-01", "2025-12"),
        ("2026-03", "2026-02"),
        ("2026", "2025"),
        ("2026-07-01..2026-07-10", "2026-06-21..2026-06-30"),
        ("2024-03-01..2024-03-31", "2024-01-30..2024-02-29"),
    ],
)
def test_previous_period_is_the_one_of_the_same_kind_just_before(label, before):
    period, expected = parse_period(label), parse_period(before)
    found = previous_period(period)
    assert (found.label, found.start, found.end) == (expected.label, expected.start, expected.end)
    assert found.end == period.start - dt.timedelta(days=1)
    if ".." in label:
        assert found.days == period.days


def _year_of_posts() -> str:
    """Two posts a month over 2026, with counts that differ per month."""
    lines = ["post_id,component_id,published_at,reach,likes,comments,shares"]
    for month in range(1, 13):
        for day in (3, 17):
            lines.append(f"p{month}-{day},main,2026-{month:02d}-{day:02d},{100 * month + day},")
            lines[-1] += f"{month + day},{day},{month}"
    return "\n".join(lines) + "\n"


def _series_client(root: Path, slug: str = "acme", extra: str = "") -> Path:
    config = f"name: Acme Test\nperiod: 2026-Q4\nbaseline: previous\n{extra}"
    return write_client(
        root,
        slug,
        **{"client.yaml": config, "ecosystem.csv": ECOSYSTEM, "posts.csv": _year_of_posts()},
    )


def test_baseline_previous_in_client_yaml_follows_the_period(tmp_path):
    _series_client(tmp_path)
    assert intake.read_client("acme", tmp_path).baseline.label == "2026-Q3"
    assert intake.read_client("acme", tmp_path, period="2026-Q1").baseline.label == "2025-Q4"
    fixed = intake.read_client("acme", tmp_path, baseline="2025-Q2")
    assert fixed.baseline.label == "2025-Q2"


def test_bad_baseline_and_peer_group_name_the_fix(tmp_path):
    _series_client(tmp_path)
    with pytest.raises(ValidationError) as caught:
        intake.read_client("acme", tmp_path, baseline="last quarter")
    assert "--baseline" in str(caught.value) and "--baseline previous" in str(caught.value)
    _series_client(tmp_path, extra="peer_group: Retail Shops\n")
    with pytest.raises(ValidationError) as caught:
        intake.read_client("acme", tmp_path)
    assert "'peer_group'" in str(caught.value) and "peer_group: retail" in str(caught.value)


def test_net_sentiment_interval_of_automatic_scores_matches_the_multinomial_formula():
    entry = {"n": 200, "positive": 90, "neutral": 60, "negative": 50, "net_sentiment": 20.0}
    value, low, high, source = net_sentiment_interval(entry)
    # by hand: p = .45, q = .25, var = (.45 + .25 - .2 ** 2) / 200 = .0033, se = .057446
    assert source == "automatic scores" and value == 20.0
    assert low == pytest.approx(20 - 100 * 1.959964 * 0.0574456, abs=1e-3)
    assert high == pytest.approx(20 + 100 * 1.959964 * 0.0574456, abs=1e-3)
    estimated = entry | {"estimated": {"net_sentiment": -5.0, "ci_low": -15.0, "ci_high": 5.0}}
    assert net_sentiment_interval(estimated) == (-5.0, -15.0, 5.0, "estimated")


def test_a_clients_history_page_is_written_once_all_its_runs_of_the_batch_ended(
    tmp_path, monkeypatch
):
    """Each client's page is written as its last board summary ends (the others may still
    run), from all of its runs: never before one of them has ended, never twice."""
    data = tmp_path / "data"
    _series_client(data)
    _series_client(data, "bolt")
    real, written = runner._write_history, []

    def watched(report, batch, plan, names, runs):
        folders = (batch.out / plan.slug).iterdir()
        written.append((plan.slug, sorted(f.name for f in folders if _summary_ended(f))))
        real(report, batch, plan, names, runs)

    monkeypatch.setattr(runner, "_write_history", watched)
    out = tmp_path / "out"
    _series_batch(["acme", "bolt"], QUARTERS[2:], data, out)
    assert sorted(written) == [("acme", QUARTERS[2:]), ("bolt", QUARTERS[2:])]
    for slug in ("acme", "bolt"):
        page = (out / slug / "index.html").read_text()
        assert all(f"{quarter}/" in page for quarter in QUARTERS[2:])


def _series_batch(clients: list[str], periods: list[str], data: Path, out: Path):
    """A batch of `periods` of `clients` on the series templates, two workers; it succeeded."""
    report = runner.run_batch(
        clients,
        periods=periods,
        data_root=data,
        out=out,
        templates_dir=TEMPLATES,
        workers=2,
        quiet=True,
    )
    assert report.exit_code == 0, report.failures
    return report


def test_a_summary_reading_no_peers_runs_as_its_own_notebooks_end_the_others_after(
    tmp_path, monkeypatch
):
    """A client in no peer group reads no other client's results: its board summary is queued
    as its own notebooks end, not after everyone's (the benchmark post-pass). The clients of a
    peer group wait for it."""
    from socialworkbook.measure import benchmarks

    data, out = tmp_path / "data", tmp_path / "out"
    _series_client(data)
    for slug in ("bolt", "cora"):
        _series_client(data, slug, extra="peer_group: retail\n")
    real, summarised = benchmarks.refresh, {}

    def watched(runs):
        for slug in ("acme", "bolt", "cora"):
            summarised[slug] = _summary_ended(out / slug / "2026-Q4")
        return real(runs)

    monkeypatch.setattr(benchmarks, "refresh", watched)
    _series_batch(["acme", "bolt", "cora"], ["2026-Q4"], data, out)
    assert summarised == {"acme": True, "bolt": False, "cora": False}
    for slug in ("acme", "bolt", "cora"):
        assert _summary_ended(out / slug / "2026-Q4")
    results = json.loads((out / "bolt" / "2026-Q4" / "results.json").read_text())
    assert results["benchmarks"]["peer_group"] == "retail"


def _summary_ended(run_dir: Path) -> bool:
    record = run_dir / "run.json"
    templates = json.loads(record.read_text())["templates"] if record.is_file() else {}
    return templates.get("00_summary", {}).get("status") == "succeeded"


def test_series_with_baseline_previous_equals_single_runs_of_its_quarters(tmp_path):
    data = tmp_path / "data"
    _series_client(data)
    series_out, single_out = tmp_path / "series", tmp_path / "single"
    report = _series_batch(["acme"], QUARTERS, data, series_out)
    assert sorted(label for _, label in report.runs) == QUARTERS
    ends = [QUARTERS[0], QUARTERS[-1]]  # the first's baseline is the one before the series
    for quarter in ends:
        single = runner.run_batch(
            ["acme"],
            period=quarter,
            data_root=data,
            out=single_out,
            templates_dir=TEMPLATES,
            workers=1,
            quiet=True,
        )
        assert single.exit_code == 0, single.failures
    before = dict(zip(QUARTERS, ["2025-Q4", *QUARTERS[:3]], strict=True))
    for quarter in QUARTERS:
        ours = json.loads((series_out / "acme" / quarter / "results.json").read_text())
        assert ours["baseline"]["label"] == before[quarter]
        assert ours["period"]["label"] == quarter
        # six posts a quarter; months m, m+1, m+2 of the quarter: reach 100 m + 3 and + 17
        first = 3 * QUARTERS.index(quarter) + 1
        months = range(first, first + 3)
        assert ours["posts"]["_all"]["posts"] == 6
        assert ours["posts"]["_all"]["reach"] == sum(200 * m + 20 for m in months)
        if quarter in ends:
            theirs = json.loads((single_out / "acme" / quarter / "results.json").read_text())
            assert ours["posts"] == theirs["posts"]
    page = (series_out / "acme" / "index.html").read_text()
    links = set(re.findall(r'href="([^"#]+)"', page))
    for quarter in QUARTERS:
        assert f"{quarter}/00_summary.html" in links
        assert (series_out / "acme" / quarter / "00_summary.html").is_file()
    assert "<script" not in page and "Acme Test" in page
    assert check_report(page.encode(), "index.html", Secrets.of("acme", data)) == []


SENTIMENT = [61.7, 52.9, 44.1, 35.3, 26.5, 17.7]  # client i's net sentiment; all distinct


def _peer_client(root: Path, i: int, net: float) -> str:
    slug = f"shop-{i}"
    ecosystem = (
        "component_id,name,component_type,continuum_stage\n"
        f"main,Canary Counter {i},social_media_profile,mass_market\n"
    )
    sentiment = {"_all": {"n": 100, "positive": 50, "negative": 50, "net_sentiment": net}}
    write_client(
        root,
        slug,
        **{
            "client.yaml": f"name: Canary Shop {i}\nperiod: 2026-Q3\npeer_group: retail\n",
            "ecosystem.csv": ECOSYSTEM.replace("Main page", f"Canary Counter {i}"),
            "posts.csv": _year_of_posts(),
            "known.json": json.dumps({"sentiment": sentiment}),
        },
    )
    assert ecosystem.count("Canary Counter") == 1
    return slug


def _state(out: Path, slug: str) -> dict[str, str]:
    folder = out / slug / "2026-Q3" / ".state"
    return {p.stem: json.loads(p.read_text())["finished_at"] for p in folder.glob("*.json")}


def _net_benchmark(out: Path, slug: str) -> dict:
    results = json.loads((out / slug / "2026-Q3" / "results.json").read_text())
    return results["benchmarks"]["net_sentiment"]


def _check_against_numpy(out: Path, values: list[float]) -> None:
    import numpy as np

    for i, own in enumerate(values):
        peers = np.array(values[:i] + values[i + 1 :])
        entry = _net_benchmark(out, f"shop-{i}")
        assert entry["value"] == own and entry["peers"] == 5
        assert "peer_median" not in entry  # no peer statistic that singles out a peer
        assert entry["percentile"] == pytest.approx(100 * np.mean(peers < own))


def test_peer_group_batch_rerun_of_one_client_and_canaries(tmp_path):
    import zipfile

    from socialworkbook.publish.share import share_bundle

    data, out = tmp_path / "data", tmp_path / "notebooks"
    slugs = [_peer_client(data, i, net) for i, net in enumerate(SENTIMENT)]
    options = {"data_root": data, "out": out, "templates_dir": TEMPLATES, "quiet": True}
    first = runner.run_batch(slugs, workers=2, **options)
    assert first.exit_code == 0, first.failures
    _check_against_numpy(out, SENTIMENT)
    summary = (out / "shop-5" / "2026-Q3" / "00_summary.html").read_text()
    assert "net sentiment in the bottom quarter (5 compared, automatic scores (VADER))" in summary
    before = {slug: _state(out, slug) for slug in slugs}

    changed = [-80.0, *SENTIMENT[1:]]
    known = {
        "sentiment": {"_all": {"n": 100, "positive": 10, "negative": 90, "net_sentiment": -80.0}}
    }
    (data / "shop-0" / "known.json").write_text(json.dumps(known))
    again = runner.run_batch(["shop-0"], workers=1, force=True, **options)
    assert again.exit_code == 0, again.failures
    for slug in slugs[1:]:
        assert _state(out, slug) == before[slug]  # no notebook of theirs ran again
    assert _state(out, "shop-0") != before["shop-0"]
    _check_against_numpy(out, changed)
    # shop-0 fell from the top to the bottom: shop-2, 3 and 4 move up a quarter, shop-1 and 5
    # read the same. Their summaries keep the old standing until they run: marked stale.
    moved = ["shop-2", "shop-3", "shop-4"]
    assert again.stale == [(slug, "2026-Q3", "00_summary") for slug in moved]
    # (the test templates' known.json is a data file the kit does not read: a WARNING line each)
    lines = [line for line in runner.report_lines(again) if not line.startswith("WARNING")]
    assert [line.split(" / ")[0] for line in lines] == [f"STALE {s} 2026-Q3" for s in moved]
    index = (out / "index.html").read_text()
    assert index.count("standing out of date</span>") == 3
    for row in index.split("<tr>")[1:]:
        if "standing out of date</span>" in row:
            assert any(f">{slug}<" in row for slug in moved)
    old = "above the median, below the top quarter (5 compared, automatic scores (VADER))"
    assert old in (out / "shop-2" / "2026-Q3" / "00_summary.html").read_text()
    fixed = runner.run_batch(["shop-2"], workers=1, **options)
    assert fixed.exit_code == 0 and fixed.stale == [
        ("shop-3", "2026-Q3", "00_summary"),
        ("shop-4", "2026-Q3", "00_summary"),
    ]
    new_state = _state(out, "shop-2")
    assert [n for n in new_state if new_state[n] != before["shop-2"][n]] == ["00_summary"]
    summary = (out / "shop-2" / "2026-Q3" / "00_summary.html").read_text()
    assert "net sentiment in the top quarter (5 compared, automatic scores (VADER))" in summary

    bundle = share_bundle("shop-2", out=out, data_root=data, history=True)
    with zipfile.ZipFile(bundle) as archive:
        names = archive.namelist()
        bundled = {name: archive.read(name).decode("utf-8") for name in names}
    assert "shop-2-2026-Q3/history/index.html" in names
    assert "shop-2-2026-Q3/history/2026-Q3/00_summary.html" in names
    for i, slug in enumerate(slugs):
        pages = {str(p): p.read_text() for p in (out / slug).rglob("*.html")}
        if slug == "shop-2":
            pages |= bundled
        assert any(name.endswith("index.html") for name in pages)
        for j, other in enumerate(slugs):
            if j == i:
                continue
            for page, text in pages.items():
                for secret in (other, f"Canary Shop {j}", f"Canary Counter {j}", f"{changed[j]}"):
                    assert secret not in text, (page, secret)


def test_check_flags_another_clients_slug_on_a_history_page(tmp_path):
    data = tmp_path / "data"
    _peer_client(data, 0, 10.0)
    _peer_client(data, 1, 20.0)
    page = b"<html><body><h1>History</h1><p>compared with shop-1</p></body></html>"
    leaks = check_report(page, "index.html", Secrets.of("shop-0", data))
    assert [leak.kind for leak in leaks] == ["another client's data"]
    assert "the slug of client 'shop-1'" in leaks[0].found
