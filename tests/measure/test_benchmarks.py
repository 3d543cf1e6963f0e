"""Anonymised peer benchmarks (issue 16): figures against numpy, k-anonymity, peer groups."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from socialworkbook import runfolder
from socialworkbook.measure import benchmarks

RETAIL = {  # client -> engagement rate by reach; the other figures follow from it
    "ret-a": 2.0,
    "ret-b": 3.5,
    "ret-c": 1.25,
    "ret-d": 3.5,
    "ret-e": 5.0,
    "ret-f": 0.5,
    "ret-g": 4.0,
}


def write_run(
    out: Path, client: str, period: str, start: str, end: str, *, group, rate, estimate=None
):
    """A results.json written through the library's writer, with known figures."""
    folder = out / client / period
    folder.mkdir(parents=True)
    days = (np.datetime64(end) - np.datetime64(start)).astype(int) + 1
    content = {
        "client": client,
        "client_name": f"Canary {client} Ltd",
        "period": {"start": start, "end": end, "label": period},
        "peer_group": group,
        "generated_at": "2026-10-01T09:00:00+00:00",
        "posts": {"_all": {"engagement_rate_reach": rate, "constructive_actions": 10 * days}},
        "sentiment": {
            "_all": {
                "n": 100,
                "net_sentiment": 10 * rate,
                "estimated": None if estimate is None else {"net_sentiment": estimate},
            }
        },
        "goals": [{"status": "met"}, {"status": "behind" if rate < 3 else "met"}],
    }
    runfolder.write_results(folder, content)
    return folder


def read(out: Path, client: str, period: str = "2026-Q3") -> dict:
    return json.loads((out / client / period / "results.json").read_text())["benchmarks"]


@pytest.fixture
def portfolio(tmp_path):
    out = tmp_path / "notebooks"
    for client, rate in RETAIL.items():
        write_run(out, client, "2026-Q3", "2026-07-01", "2026-09-30", group="retail", rate=rate)
    # another peer group with extreme values, and a client without a group
    for i in range(6):
        write_run(out, f"trv-{i}", "2026-Q3", "2026-07-01", "2026-09-30", group="travel", rate=99.0)
    write_run(out, "loner", "2026-Q3", "2026-07-01", "2026-09-30", group=None, rate=-50.0)
    return out


def test_figures_of_seven_peers_match_numpy(portfolio):
    changed = benchmarks.refresh(runfolder.read_runs(portfolio))
    assert len(changed) == len(RETAIL) + 6 + 1  # the loner's benchmarks: null
    for client, rate in RETAIL.items():
        peers = np.array([r for c, r in RETAIL.items() if c != client])
        section = read(portfolio, client)
        assert section["peer_group"] == "retail"
        entry = section["engagement_rate_reach"]
        assert entry["value"] == rate
        assert entry["peers"] == 6
        assert set(entry) == {"value", "peers", "percentile"}  # no peer statistic
        below, ties = np.sum(peers < rate), np.sum(peers == rate)
        assert entry["percentile"] == pytest.approx(100 * (below + ties / 2) / len(peers))
        sentiment = section["net_sentiment"]
        assert sentiment["method"] == runfolder.AUTOMATIC  # every peer's is VADER's: named
        assert sentiment["percentile"] == entry["percentile"]  # 10 x the rate: the same order
        per_day = section["constructive_actions_per_day"]
        assert per_day["value"] == pytest.approx(10.0) and per_day["percentile"] == 50.0
        goals = section["goals_met_share"]
        share = np.where(peers < 3, 0.5, 1.0)
        mine = 0.5 if rate < 3 else 1.0
        assert goals["percentile"] == pytest.approx(
            100 * (np.sum(share < mine) + np.sum(share == mine) / 2) / len(peers)
        )
        for figure in benchmarks.FIGURES:
            assert not {"peer_median", "peer_q1", "peer_q3"} & set(section[figure])
    assert read(portfolio, "loner") is None


def test_known_values_by_hand(portfolio):
    benchmarks.refresh(runfolder.read_runs(portfolio))
    # ret-a (2.0) against 3.5, 1.25, 3.5, 5.0, 0.5, 4.0: sorted 0.5 1.25 3.5 3.5 4.0 5.0
    entry = read(portfolio, "ret-a")["engagement_rate_reach"]
    assert entry["percentile"] == pytest.approx(100 * 2 / 6)
    # ret-b (3.5): three peers below (0.5, 1.25, 2.0) and one tie (ret-d) -> (3 + .5) / 6
    assert read(portfolio, "ret-b")["engagement_rate_reach"]["percentile"] == pytest.approx(
        100 * 3.5 / 6
    )


def test_four_peers_give_null_with_the_reason(tmp_path):
    out = tmp_path / "notebooks"
    for i in range(5):
        write_run(out, f"sm-{i}", "2026-Q3", "2026-07-01", "2026-09-30", group="small", rate=i)
    benchmarks.refresh(runfolder.read_runs(out))
    section = read(out, "sm-0")
    for figure in benchmarks.FIGURES:
        assert section[figure] is None
        assert section["reasons"][figure].startswith("only 4 other client(s)")
        assert "at least 5" in section["reasons"][figure]
    text = benchmarks.standing(section)
    assert "not compared (fewer than 5 comparable clients)" in text


def test_only_overlapping_periods_count_and_the_best_overlapping_run_is_used(portfolio):
    # ret-b's Q2 (no overlap with Q3) and a later, shorter run inside Q3 count only once
    write_run(portfolio, "ret-b", "2026-Q2", "2026-04-01", "2026-06-30", group="retail", rate=1e6)
    write_run(portfolio, "ret-c", "2026-08", "2026-08-01", "2026-08-31", group="retail", rate=1e6)
    benchmarks.refresh(runfolder.read_runs(portfolio))
    entry = read(portfolio, "ret-a")["engagement_rate_reach"]
    assert entry["peers"] == 6 and entry["percentile"] == pytest.approx(100 * 2 / 6)  # Q3 wins
    assert read(portfolio, "ret-c", "2026-08")["engagement_rate_reach"]["peers"] == 6


def test_refresh_writes_only_what_changed(portfolio):
    benchmarks.refresh(runfolder.read_runs(portfolio))
    assert benchmarks.refresh(runfolder.read_runs(portfolio)) == []
    folder = portfolio / "ret-e" / "2026-Q3"
    content = json.loads((folder / "results.json").read_text())
    content["posts"]["_all"]["engagement_rate_reach"] = 0.1
    runfolder.write_results(folder, content)
    changed = {p.parent.parent.name for p in benchmarks.refresh(runfolder.read_runs(portfolio))}
    assert changed == set(RETAIL)  # every member of retail, no traveller
    assert read(portfolio, "ret-e")["engagement_rate_reach"]["percentile"] == 0.0


def test_standing_shows_no_peer_value_or_name(portfolio):
    benchmarks.refresh(runfolder.read_runs(portfolio))
    for client in RETAIL:
        text = benchmarks.standing(read(portfolio, client))
        assert "6 compared" in text
        for other, rate in RETAIL.items():
            assert other not in text and "Canary" not in text
            assert f"{rate:g}" not in text.replace("6 compared", "")
    assert "in the top quarter" in benchmarks.standing(read(portfolio, "ret-e"))
    assert "in the bottom quarter" in benchmarks.standing(read(portfolio, "ret-f"))


def test_portfolio_places_every_client_of_each_peer_group(portfolio):
    from socialworkbook.publish import peergroups
    from socialworkbook.publish import portfolio as index

    benchmarks.refresh(runfolder.read_runs(portfolio))
    groups = {g["name"]: g for g in peergroups.peer_groups(runfolder.read_runs(portfolio))}
    assert sorted(groups) == ["retail", "travel"]  # the loner has no group
    retail = groups["retail"]
    rate = next(f for f in retail["figures"] if f["meaning"] == "engagement rate by reach")
    chart = rate["chart"]
    assert sorted(d["text"].split(" ")[0] for d in chart["dots"]) == sorted(RETAIL)
    # dots are placed linearly: the quartile marks sit where numpy's quartiles fall among them
    xs = {float(d["text"].rsplit(" ", 1)[1]): d["x"] for d in chart["dots"]}
    low, high = min(xs), max(xs)
    quartiles = np.percentile(list(RETAIL.values()), [25, 50, 75])
    for mark, q in zip(chart["quartiles"], quartiles, strict=True):
        expected = xs[low] + (xs[high] - xs[low]) * (q - low) / (high - low)
        assert mark == pytest.approx(expected, abs=0.15)
    assert [t["client"] for t in retail["trends"]] == sorted(RETAIL)
    page = index.write_index(portfolio, runfolder.read_runs(portfolio)).read_text()
    assert "Peer group retail" in page and "Peer group travel" in page
    assert all(f'href="{client}/2026-Q3/"' in page for client in RETAIL)


def test_a_client_tied_with_every_peer_is_at_the_median(tmp_path):
    out = tmp_path / "notebooks"
    for i in range(6):
        write_run(out, f"eq-{i}", "2026-Q3", "2026-07-01", "2026-09-30", group="same", rate=2.0)
    benchmarks.refresh(runfolder.read_runs(out))
    entry = read(out, "eq-0")["engagement_rate_reach"]
    assert entry["percentile"] == 50.0 and "peer_median" not in entry
    assert "engagement rate by reach at the median (5 compared)" in benchmarks.standing(
        read(out, "eq-0")
    )


def test_leave_one_out_matches_numpy_on_random_groups_with_ties_and_gaps(tmp_path):
    rng = np.random.default_rng(7)
    out = tmp_path / "notebooks"
    rates = {f"r-{i:02d}": float(rng.choice([0.5, 1.0, 1.5, 2.0, rng.gamma(2)])) for i in range(23)}
    for client, rate in rates.items():
        write_run(out, client, "2026-Q3", "2026-07-01", "2026-09-30", group="g", rate=rate)
    write_run(out, "r-00", "2026-09", "2026-09-01", "2026-09-30", group="g", rate=1e3)
    benchmarks.refresh(runfolder.read_runs(out))
    for client, rate in rates.items():
        peers = np.array([r for c, r in rates.items() if c != client])
        entry = read(out, client)["engagement_rate_reach"]
        assert entry["peers"] == len(peers) == 22
        assert entry["percentile"] == pytest.approx(
            100 * (np.sum(peers < rate) + np.sum(peers == rate) / 2) / len(peers)
        )
    # r-00's September run: its own Q3 run is left out, the other 22 clients' Q3 runs count
    entry = read(out, "r-00", "2026-09")["engagement_rate_reach"]
    others = np.array([r for c, r in rates.items() if c != "r-00"])
    assert entry["value"] == 1e3 and entry["peers"] == 22 and entry["percentile"] == 100.0
    assert len(others) == 22


def test_net_sentiment_is_compared_like_with_like(tmp_path):
    # six clients with a labelled estimate, two with VADER's figure alone: estimates are compared
    # with estimates (five peers each), VADER's with VADER's (one peer: not compared)
    out = tmp_path / "notebooks"
    estimates = {f"lab-{i}": float(v) for i, v in enumerate([-20, 5, 12, 30, 41, 7])}
    for client, value in estimates.items():
        write_run(
            out, client, "2026-Q3", "2026-07-01", "2026-09-30", group="g", rate=9.0, estimate=value
        )
    for client in ("vad-0", "vad-1"):
        write_run(out, client, "2026-Q3", "2026-07-01", "2026-09-30", group="g", rate=0.1)
    benchmarks.refresh(runfolder.read_runs(out))
    for client, value in estimates.items():
        entry = read(out, client)["net_sentiment"]
        peers = np.array([v for c, v in estimates.items() if c != client])
        assert entry["value"] == value and entry["peers"] == 5
        assert entry["method"] == runfolder.ESTIMATED
        assert entry["percentile"] == pytest.approx(100 * np.sum(peers < value) / 5)
    section = read(out, "vad-0")
    assert section["net_sentiment"] is None
    assert "by automatic scores (VADER)" in section["reasons"]["net_sentiment"]
    assert section["engagement_rate_reach"]["peers"] == 7  # other figures: every peer
    assert "labelled by people" in benchmarks.standing(read(out, "lab-0"))
