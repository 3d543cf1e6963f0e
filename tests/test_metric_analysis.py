"""End to end: 03_metric_analysis for both example clients (the session's `example_run`).

Every number in results.json `posts`, `sentiment` and `sentiment_shift` is recomputed here from
the client's own files with plain pandas, vaderSentiment and textbook formulas, not with the kit.
"""

from __future__ import annotations

import json
import math
import re
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import yaml
from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

pytestmark = pytest.mark.xdist_group("example_run")

CLIENTS = ("northwind-outdoor", "ledgerline")
NOTEBOOK = "03_metric_analysis"
PERIOD = ("2026-07-01", "2026-09-30")
BASELINE = ("2026-04-01", "2026-06-30")
Z975 = 1.959963984540054

POST_KEYS = [
    "posts",
    "likes",
    "comments",
    "shares",
    "reach",
    "impressions",
    "conversation_rate",
    "amplification_rate",
    "applause_rate",
    "engagement_rate_reach",
    "engagement_rate_impressions",
]
COUNTS = ["likes", "comments", "shares", "reach", "impressions"]
CONTRACT_KEYS = {
    "client",
    "period",
    "baseline",
    "kit_version",
    "generated_at",
    "inputs_sha256",
    "data_quality",
    "ecosystem",
    "findings",
    "posts",
    "sentiment",
    "sentiment_shift",
    "goals",
}
# Independent preprocessing: URLs (http, https, www), then @handles not inside an e-mail address.
URL = re.compile(r"(?i)\b(?:https?://|www\.)\S+")
HANDLE = re.compile(r"(?<![\w.@])@\w+")


# --------------------------------------------------------------------------- fixtures


@pytest.fixture(scope="module")
def vader():
    return SentimentIntensityAnalyzer()


def _run_dir(example_run, client):
    return example_run.run_dir(client)


def _results(example_run, client) -> dict:
    text = (_run_dir(example_run, client) / "results.json").read_text(encoding="utf-8")
    return json.loads(text, parse_constant=lambda name: pytest.fail(f"{name} in results.json"))


def _raw(example_run, client, name) -> pd.DataFrame:
    """A table as the client gave it: `<name>.csv`, else the sheet of inputs.xlsx."""
    folder = example_run.data_root / client
    if (folder / f"{name}.csv").exists():
        return pd.read_csv(folder / f"{name}.csv", keep_default_na=False, na_values=[""])
    return pd.read_excel(folder / "inputs.xlsx", sheet_name=name)


def _between(frame: pd.DataFrame, span: tuple[str, str]) -> pd.DataFrame:
    day = pd.to_datetime(frame["published_at"]).dt.strftime("%Y-%m-%d")
    return frame[(day >= span[0]) & (day <= span[1])]


def _config(example_run, client) -> dict:
    return yaml.safe_load((example_run.data_root / client / "client.yaml").read_text())


def _own_mentions(example_run, client, span, vader) -> pd.DataFrame:
    """Every mention of `span` (CONTRACT: sentiment over the mentions of the period), scored and
    classed by hand."""
    mentions = _between(_raw(example_run, client, "mentions"), span).copy()
    cleaned = [
        " ".join(HANDLE.sub(" ", URL.sub(" ", str(text))).split())
        for text in mentions["text"].fillna("")
    ]
    mentions["compound"] = [vader.polarity_scores(t)["compound"] for t in cleaned]
    mentions["vader"] = [
        "positive" if c >= 0.05 else "negative" if c <= -0.05 else "neutral"
        for c in mentions["compound"]
    ]
    mentions["component_id"] = mentions["component_id"].fillna("")
    mentions["label"] = mentions["label"].fillna("").str.strip().str.lower()
    return mentions


# --------------------------------------------------------------------------- the run


@pytest.mark.parametrize("client", CLIENTS)
def test_the_notebook_ran_and_wrote_its_files(example_run, client):
    run = json.loads((_run_dir(example_run, client) / "run.json").read_text())
    assert run["templates"][NOTEBOOK]["status"] == "succeeded", run["templates"][NOTEBOOK]
    for name in (f"{NOTEBOOK}.ipynb", f"{NOTEBOOK}.html", "results.json", "scored_mentions.csv"):
        assert (_run_dir(example_run, client) / name).is_file(), name


@pytest.mark.parametrize("client", CLIENTS)
def test_results_json_has_every_contract_key_filled(example_run, client):
    results = _results(example_run, client)
    assert CONTRACT_KEYS <= set(results)
    missing = sorted(key for key in CONTRACT_KEYS if results[key] is None)
    assert missing == [], f"sections no notebook filled: {missing}"


# --------------------------------------------------------------------------- posts


@pytest.mark.parametrize("client", CLIENTS)
def test_posts_equal_an_independent_recomputation(example_run, client):
    posts = _between(_raw(example_run, client, "posts"), PERIOD)
    posts = posts.fillna({c: 0 for c in COUNTS})
    groups = {cid: rows for cid, rows in posts.groupby("component_id")} | {"_all": posts}
    results = _results(example_run, client)["posts"]
    assert set(results) == set(groups)
    for key, rows in groups.items():
        entry = results[key]
        assert list(entry) == POST_KEYS
        n = len(rows)
        sums = {c: int(rows[c].sum()) for c in COUNTS}
        engaged = sums["likes"] + sums["comments"] + sums["shares"]
        assert entry["posts"] == n
        for column in COUNTS:
            assert entry[column] == sums[column] and type(entry[column]) is int, (key, column)
        assert entry["conversation_rate"] == pytest.approx(sums["comments"] / n, rel=1e-12)
        assert entry["amplification_rate"] == pytest.approx(sums["shares"] / n, rel=1e-12)
        assert entry["applause_rate"] == pytest.approx(sums["likes"] / n, rel=1e-12)
        for rate, base in (("reach", "reach"), ("impressions", "impressions")):
            value = entry[f"engagement_rate_{rate}"]
            if sums[base]:
                assert value == pytest.approx(100 * engaged / sums[base], rel=1e-12), key
            else:
                assert value is None, key


# --------------------------------------------------------------------------- sentiment


@pytest.mark.parametrize("client", CLIENTS)
def test_sentiment_equals_vader_run_by_hand(example_run, client, vader):
    mentions = _own_mentions(example_run, client, PERIOD, vader)
    results = _results(example_run, client)["sentiment"]
    keyed = mentions[mentions["component_id"] != ""]
    groups = {cid: rows for cid, rows in keyed.groupby("component_id")} | {"_all": mentions}
    assert set(results) == set(groups)
    for key, rows in groups.items():
        entry = results[key]
        counts = {c: int((rows["vader"] == c).sum()) for c in ("positive", "neutral", "negative")}
        assert {k: entry[k] for k in ("n", *counts)} == {"n": len(rows), **counts}, key
        net = 100 * (counts["positive"] - counts["negative"]) / len(rows)
        assert entry["net_sentiment"] == pytest.approx(net, rel=1e-12)
        assert entry["method"] == {
            "name": "vader",
            "version": "3.3.2",
            "threshold": 0.05,
            "preprocessing": "removed @handles and URLs (http/https/www), collapsed whitespace",
        }
        labelled = rows[rows["label"] != ""]
        if labelled.empty:
            assert entry["labelled"] is None
            continue
        human = {
            c: int((labelled["label"] == c).sum()) for c in ("positive", "neutral", "negative")
        }
        assert {k: entry["labelled"][k] for k in ("n", *human)} == {"n": len(labelled), **human}
        agreement = (labelled["label"] == labelled["vader"]).mean()
        assert entry["labelled"]["agreement"] == pytest.approx(agreement, rel=1e-12)


@pytest.mark.parametrize("client", CLIENTS)
def test_sentiment_counts_every_mention_of_the_period(example_run, client, vader):
    everything = _between(_raw(example_run, client, "mentions"), PERIOD)
    brand = everything["brand"].fillna("").str.strip().str.lower()
    rivals = {c.lower() for c in _config(example_run, client).get("competitors", [])}
    assert brand.isin(rivals).any()  # both clients' mentions name competitors: they count too
    assert _results(example_run, client)["sentiment"]["_all"]["n"] == len(everything)


@pytest.mark.parametrize("client", CLIENTS)
def test_sentiment_shift_equals_the_textbook_formulas(example_run, client, vader):
    before = _own_mentions(example_run, client, BASELINE, vader)
    after = _own_mentions(example_run, client, PERIOD, vader)
    shift = _results(example_run, client)["sentiment_shift"]
    components = (set(before["component_id"]) | set(after["component_id"])) - {""}
    assert set(shift) == components | {"_all"}
    for key, entry in shift.items():
        b = before if key == "_all" else before[before["component_id"] == key]
        a = after if key == "_all" else after[after["component_id"] == key]
        assert entry["test"] == "two-proportion z"
        if len(b) == 0 or len(a) == 0:
            assert entry["p_value"] is None and entry["difference"] is None
            continue
        x0, n0 = int((b["vader"] == "positive").sum()), len(b)
        x1, n1 = int((a["vader"] == "positive").sum()), len(a)
        p0, p1 = x0 / n0, x1 / n1
        assert entry["baseline_positive_share"] == pytest.approx(p0, rel=1e-12)
        assert entry["period_positive_share"] == pytest.approx(p1, rel=1e-12)
        assert entry["difference"] == pytest.approx(p1 - p0, rel=1e-12, abs=1e-15)
        pooled = (x0 + x1) / (n0 + n1)
        if pooled in (0, 1):
            assert entry["p_value"] == 1.0
            continue
        z = (p1 - p0) / math.sqrt(pooled * (1 - pooled) * (1 / n0 + 1 / n1))
        assert entry["p_value"] == pytest.approx(math.erfc(abs(z) / math.sqrt(2)), rel=1e-9)
        (l1, u1), (l0, u0) = _wilson(x1, n1), _wilson(x0, n0)  # Newcombe's hybrid interval
        low = (p1 - p0) - math.sqrt((p1 - l1) ** 2 + (u0 - p0) ** 2)
        high = (p1 - p0) + math.sqrt((u1 - p1) ** 2 + (p0 - l0) ** 2)
        assert entry["ci_low"] == pytest.approx(low, rel=1e-9, abs=1e-12)
        assert entry["ci_high"] == pytest.approx(high, rel=1e-9, abs=1e-12)


def test_northwind_trail_club_shift_is_detected_with_the_right_sign(example_run):
    shift = _results(example_run, "northwind-outdoor")["sentiment_shift"]
    club = shift["nw-trail-club"]
    # README: by wording design 45% (n=170) -> 65% (n=185); VADER agrees on most mentions
    assert (club["n_baseline"], club["n_period"]) == (170, 185)
    assert club["baseline_positive_share"] == pytest.approx(0.45, abs=0.05)
    assert club["period_positive_share"] == pytest.approx(0.65, abs=0.05)
    assert club["difference"] > 0 and club["ci_low"] > 0 and club["p_value"] < 0.01
    for stable in ("nw-instagram", "nw-facebook", "nw-reddit"):  # built with no shift
        assert shift[stable]["p_value"] > 0.05, stable
        assert shift[stable]["ci_low"] < 0 < shift[stable]["ci_high"], stable


def test_the_notebook_tells_the_shift_and_corrects_for_many_tests(example_run):
    html = (_run_dir(example_run, "northwind-outdoor") / f"{NOTEBOOK}.html").read_text()
    assert "The positive share on Northwind Trail Club (customer community) rose by" in html
    tables = html_tables(html)
    tests = next(t for t in tables if t[0][:2] == ["comparison", "test"])
    header = tests[0]
    rows = [dict(zip(header, row, strict=True)) for row in tests[1:]]
    club = next(r for r in rows if r["comparison"].startswith("positive share, Northwind Trail"))
    assert club["n (baseline / period)"] == "170 / 185"
    assert club["verdict"] == "real change"
    assert all(r["effect size"] != "" and r["p adjusted (BH)"] != "" for r in rows)


# --------------------------------------------------------------------------- files


@pytest.mark.parametrize("client", CLIENTS)
def test_scored_mentions_csv_holds_the_contract_columns_and_scores(example_run, client, vader):
    path = _run_dir(example_run, client) / "scored_mentions.csv"
    table = pd.read_csv(path, keep_default_na=False, dtype={"label": str, "component_id": str})
    assert list(table.columns) == [
        "mention_id",
        "component_id",
        "published_at",
        "compound",
        "sentiment",
        "label",
    ]
    expected = pd.concat(
        [
            _own_mentions(example_run, client, BASELINE, vader),
            _own_mentions(example_run, client, PERIOD, vader),
        ]
    ).sort_values("published_at", kind="stable")
    assert table["mention_id"].tolist() == expected["mention_id"].tolist()
    assert np.array_equal(table["compound"].to_numpy(), expected["compound"].to_numpy())
    assert table["sentiment"].tolist() == expected["vader"].tolist()
    assert table["published_at"].tolist() == expected["published_at"].tolist()  # ISO as given


@pytest.mark.parametrize("client", CLIENTS)
def test_no_author_or_mention_text_in_any_output(example_run, client):
    mentions = _raw(example_run, client, "mentions")
    authors = set(mentions["author"].dropna()) - {""}
    assert len(authors) > 100
    texts = [t for t in mentions["text"].dropna() if len(t) > 40]
    for path in _run_dir(example_run, client).iterdir():
        if path.suffix not in {".html", ".ipynb", ".json", ".csv"}:
            continue
        content = path.read_text(encoding="utf-8")
        leaked = [a for a in authors if a in content]
        assert leaked == [], (path.name, leaked[:3])
        assert not any(t in content for t in texts), path.name


# --------------------------------------------------------------------------- helpers


def _wilson(count: int, n: int) -> tuple[float, float]:
    p = count / n
    denominator = 1 + Z975**2 / n
    centre = (p + Z975**2 / (2 * n)) / denominator
    half = Z975 * math.sqrt(p * (1 - p) / n + Z975**2 / (4 * n * n)) / denominator
    return centre - half, centre + half


def html_tables(html: str) -> list[list[list[str]]]:
    """The text of every cell of every <table>, row by row (the standard library parser)."""
    from html.parser import HTMLParser

    class Cells(HTMLParser):
        def __init__(self):
            super().__init__()
            self.tables, self.cell = [], None

        def handle_starttag(self, tag, attrs):
            if tag == "table":
                self.tables.append([])
            elif tag == "tr" and self.tables:
                self.tables[-1].append([])
            elif tag in ("td", "th") and self.tables:
                self.cell = ""

        def handle_endtag(self, tag):
            if tag in ("td", "th") and self.cell is not None:
                self.tables[-1][-1].append(" ".join(self.cell.split()))
                self.cell = None

        def handle_data(self, data):
            if self.cell is not None:
                self.cell += data

    parser = Cells()
    parser.feed(html)
    return [[row for row in table if row] for table in parser.tables]


# --------------------------------------------------------------------------- hostile names


HOSTILE = r"Trail $\bad{x}$ Club <b>bold</b> [x](javascript:alert(1))"


def test_a_hostile_component_name_is_shown_as_written(tmp_path):
    """Markup, a link and matplotlib mathematics in a name: escaped in text, literal in charts."""
    import shutil

    ROOT = Path(__file__).resolve().parents[1]

    from socialworkbook.run import run_batch

    shutil.copytree(
        ROOT / "client_data" / "northwind-outdoor",
        tmp_path / "data" / "northwind-outdoor",
        ignore=shutil.ignore_patterns(".*"),
    )
    path = tmp_path / "data" / "northwind-outdoor" / "ecosystem.csv"
    ecosystem = pd.read_csv(path, keep_default_na=False, dtype=str)
    ecosystem.loc[ecosystem["component_id"] == "nw-trail-club", "name"] = HOSTILE
    ecosystem.to_csv(path, index=False)
    report = run_batch(
        ["northwind-outdoor"],
        data_root=tmp_path / "data",
        out=tmp_path / "out",
        only=["03"],
        quiet=True,
    )
    assert report.exit_code == 0, report.failures  # the chart did not choke on $\bad{x}$
    html = (tmp_path / "out" / "northwind-outdoor" / "2026-Q3" / f"{NOTEBOOK}.html").read_text()
    assert "<b>bold</b>" not in html
    assert 'href="javascript' not in html
    assert "&lt;b&gt;bold&lt;/b&gt;" in html
