"""End to end: 03_metric_analysis for both example clients (the session's `example_run`).

Every number in results.json `posts`, `sentiment` and `sentiment_shift` is recomputed here from
the client's own files with plain pandas, vaderSentiment and textbook formulas, not with the kit.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import sample_by_hand as by_hand
import statsmodels.formula.api as smf
import yaml
from rendered import html_tables
from sandwich import cr2_by_hand
from scipy import stats as sps
from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

pytestmark = pytest.mark.xdist_group("example_run")

CLIENTS = ("northwind-outdoor", "ledgerline")
NOTEBOOK = "03_metric_analysis"
PERIOD = ("2026-07-01", "2026-09-30")
BASELINE = ("2026-04-01", "2026-06-30")

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
    "sentiment_competitors",
    "share_of_voice",
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
    return pd.read_excel(folder / "inputs.xlsx", sheet_name=name, engine="openpyxl")


def _between(frame: pd.DataFrame, span: tuple[str, str]) -> pd.DataFrame:
    day = pd.to_datetime(frame["published_at"]).dt.strftime("%Y-%m-%d")
    return frame[(day >= span[0]) & (day <= span[1])]


def _config(example_run, client) -> dict:
    return yaml.safe_load((example_run.data_root / client / "client.yaml").read_text())


def _brands(example_run, client, mentions) -> pd.Series:
    """Each mention's brand as written, lower case; no brand is the client's own."""
    own = _config(example_run, client)["brand"]
    return mentions["brand"].fillna("").str.strip().str.lower().replace("", own)


def _own_mentions(example_run, client, span, vader, *, own: bool = True) -> pd.DataFrame:
    """The mentions of `span` about the client's own brand (CONTRACT section 3; with
    `own=False` the other brands'), scored and classed by hand."""
    mentions = _between(_raw(example_run, client, "mentions"), span).copy()
    brand = _config(example_run, client)["brand"]
    mentions = mentions[(_brands(example_run, client, mentions) == brand) == own]
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
    sampled = _sample_labels(example_run, client)  # people's labels of the random sample
    unlabelled = mentions["label"] == ""
    mentions.loc[unlabelled, "label"] = (
        mentions.loc[unlabelled, "mention_id"].map(sampled).fillna("").astype(str)
    )
    return mentions


def _sample_labels(example_run, client) -> pd.Series:
    """{mention id: label} of the client's labelled random sample (labels.csv), if it has one."""
    path = example_run.data_root / client / "labels.csv"
    if not path.exists():
        return pd.Series(dtype=str)
    labels = pd.read_csv(path, dtype=str, keep_default_na=False)
    labels = labels[labels["label"].str.strip() != ""]
    return labels.set_index("mention_id")["label"].str.strip().str.lower()


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
    raw = _raw(example_run, client, "posts")
    # a count a component leaves blank on every post (in the whole file) is not measured there
    blank = raw[COUNTS].isna().groupby(raw["component_id"]).all()
    posts = _between(raw, PERIOD).fillna({c: 0 for c in COUNTS})
    groups = {cid: rows for cid, rows in posts.groupby("component_id")} | {"_all": posts}
    results = _results(example_run, client)["posts"]
    assert set(results) == set(groups)
    for key, rows in groups.items():
        entry = results[key]
        # the contract's keys in order, then constructive_actions (the kit's addition)
        assert list(entry) == [*POST_KEYS, "constructive_actions"]
        n = len(rows)
        unmeasured = set() if key == "_all" else {c for c in COUNTS if blank.loc[key, c]}
        sums = {c: int(rows[c].sum()) for c in COUNTS}
        engagements = rows["likes"] + rows["comments"] + rows["shares"]
        assert entry["posts"] == n
        for column in COUNTS:
            if column in unmeasured:
                assert entry[column] is None, (key, column)
            else:
                assert entry[column] == sums[column] and type(entry[column]) is int, (key, column)
        assert entry["conversation_rate"] == pytest.approx(sums["comments"] / n, rel=1e-12)
        assert entry["amplification_rate"] == pytest.approx(sums["shares"] / n, rel=1e-12)
        if "likes" in unmeasured:
            assert entry["applause_rate"] is None, key
        else:
            assert entry["applause_rate"] == pytest.approx(sums["likes"] / n, rel=1e-12)
        constructive = rows[["comments", "votes", "referrals"]].fillna(0).to_numpy().sum()
        assert entry["constructive_actions"] == constructive, key
        for rate, base in (("reach", "reach"), ("impressions", "impressions")):
            value = entry[f"engagement_rate_{rate}"]
            if sums[base]:  # engagements of the posts in the denominator only
                engaged = engagements[rows[base] > 0].sum()
                assert value == pytest.approx(100 * engaged / sums[base], rel=1e-12), key
            else:
                assert value is None, key


def test_a_metric_the_platform_lacks_reads_n_a_not_zero(example_run):
    """Northwind's Reddit leaves likes blank on every post: its likes per post read n/a."""
    raw = _raw(example_run, "northwind-outdoor", "posts")
    assert raw.loc[raw["component_id"] == "nw-reddit", "likes"].isna().all()
    html = (_run_dir(example_run, "northwind-outdoor") / f"{NOTEBOOK}.html").read_text()
    (table,) = [
        t for t in html_tables(html) if t[0][:1] == ["component"] and "likes per post" in t[0]
    ]
    rows = {row[0]: dict(zip(table[0], row, strict=True)) for row in table[1:]}
    assert rows["r/NorthwindOutdoor"]["likes per post"] == "n/a"
    others = [row["likes per post"] for name, row in rows.items() if name != "r/NorthwindOutdoor"]
    assert others and all(value not in ("n/a", "0.00") for value in others)


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
def test_sentiment_is_the_clients_own_brand_and_competitors_get_their_own(
    example_run, client, vader
):
    everything = _between(_raw(example_run, client, "mentions"), PERIOD)
    brands = _brands(example_run, client, everything)
    config = _config(example_run, client)
    assert brands.isin(config["competitors"]).any()  # both clients' mentions name competitors
    results = _results(example_run, client)
    assert results["sentiment"]["_all"]["n"] == int((brands == config["brand"]).sum())
    rivals = _own_mentions(example_run, client, PERIOD, vader, own=False)
    rivals["brand"] = _brands(example_run, client, rivals)
    competitors = results["sentiment_competitors"]
    assert set(competitors) == set(config["competitors"]) | set(rivals["brand"])
    for brand, entry in competitors.items():
        rows = rivals[rivals["brand"] == brand]
        counts = {c: int((rows["vader"] == c).sum()) for c in ("positive", "neutral", "negative")}
        assert {k: entry[k] for k in ("n", *counts)} == {"n": len(rows), **counts}, brand
    named = brands[brands.isin([config["brand"], *config["competitors"]])]
    shares = named.value_counts() / len(named)
    assert results["share_of_voice"] == pytest.approx(
        {b: float(shares.get(b, 0.0)) for b in [config["brand"], *config["competitors"]]}
    )
    assert list(results["share_of_voice"])[0] == config["brand"]  # own brand first


@pytest.mark.parametrize("client", CLIENTS)
def test_sentiment_shift_equals_statsmodels_with_errors_clustered_by_author(
    example_run, client, vader
):
    before = _own_mentions(example_run, client, BASELINE, vader).assign(period=0.0)
    after = _own_mentions(example_run, client, PERIOD, vader).assign(period=1.0)
    shift = _results(example_run, client)["sentiment_shift"]
    components = (set(before["component_id"]) & set(after["component_id"])) - {""}
    assert set(shift) == components | {"_all"}
    for key, entry in shift.items():
        both = pd.concat([before, after])
        if key != "_all":
            both = both[both["component_id"] == key]
        both = both.assign(y=(both["vader"] == "positive").astype(float))
        b, a = both[both["period"] == 0], both[both["period"] == 1]
        assert entry["test"] == "difference of shares, t (errors clustered by author, CR2)"
        assert entry["baseline_positive_share"] == pytest.approx(b["y"].mean(), rel=1e-12)
        assert entry["period_positive_share"] == pytest.approx(a["y"].mean(), rel=1e-12)
        assert (entry["n_baseline"], entry["n_period"]) == (len(b), len(a))
        if min(len(a), len(b)) < 10:
            assert entry["p_value"] is None and entry["verdict"].startswith("not tested")
            continue
        groups = pd.factorize(both["author"].fillna("").astype(str))[0]  # every author known
        fit = smf.ols("y ~ period", data=both).fit()
        assert entry["difference"] == pytest.approx(fit.params["period"], rel=1e-9, abs=1e-12)
        # CR2 errors with the Bell-McCaffrey df (at most authors - 1), by hand
        se, df = cr2_by_hand(both["y"], both["period"], groups)
        authors = len(set(groups))
        assert entry["authors"] == authors
        df = min(df, authors - 1)
        assert entry["df"] == pytest.approx(df, rel=1e-7)
        t = fit.params["period"] / se
        if entry["estimated"] is not None:  # the estimate from the labels is the test
            assert entry["p_value"] is None and entry["family"] == "automatic (no verdict)"
            assert entry["verdict"].startswith("not tested: automatic scores alone")
        else:
            p = 2 * sps.t.sf(abs(t), df)
            assert entry["p_value"] == pytest.approx(p, rel=1e-6, abs=1e-12)
        crit = sps.t.ppf(0.975, df)
        low, high = fit.params["period"] - crit * se, fit.params["period"] + crit * se
        assert (entry["ci_low"], entry["ci_high"]) == (pytest.approx(low), pytest.approx(high))
        if authors < 30:  # too few to tell a change from a few voices: no design effect
            assert entry["design_effect"] is None
            continue
        alone, _ = cr2_by_hand(both["y"], both["period"], np.arange(len(both)))
        assert entry["design_effect"] == pytest.approx((se / alone) ** 2, rel=1e-7)


def test_northwind_estimates_from_its_labelled_sample_equal_the_labels_by_hand(example_run):
    """Northwind's labelled random sample (samples.json, labels.csv): per component and overall,
    the labels counted by hand; too few (under 30) gives no estimate and says how many; where
    the kit uses the labelled sample alone, its figure and 95% interval are the textbook ones
    computed by hand (sample_by_hand: Wilson, Bonett-Price, finite-population correction);
    where it adds the classifier's predictions (cross-prediction), its figure lies inside the
    labels-alone interval by hand and its own interval is narrower (else the labels alone)."""
    folder = example_run.data_root / "northwind-outdoor"
    results = _results(example_run, "northwind-outdoor")["sentiment"]
    alone = "labelled random sample alone, stratified"
    estimated = 0
    for key, entry in results.items():
        sample = by_hand.domain(folder, PERIOD, None if key == "_all" else key)
        if sample.n < 30:
            assert entry["estimated"] is None, key
            assert entry["estimated_note"].startswith(f"Only {sample.n} of the 30 labels"), key
            continue
        estimate, estimated = entry["estimated"], estimated + 1
        assert (estimate["labelled_n"], estimate["drawn_n"]) == (sample.n, len(sample.labels))
        assert estimate["response_rate"] == 1.0 and entry["estimated_note"] is None
        shares = [estimate[f"{c}_share"] for c in by_hand.CLASSES]  # one estimator: they add up
        assert sum(shares) == pytest.approx(1.0), key
        assert estimate["net_sentiment"] == pytest.approx(100 * (shares[0] - shares[2])), key
        figures = {f"{c}_share": (sample.share(c), f"{c}_share_ci") for c in by_hand.CLASSES}
        figures["net_sentiment"] = (sample.net(), "ci")
        for name, ((value, low, high), ci) in figures.items():
            kit = (estimate[name], estimate[f"{ci}_low"], estimate[f"{ci}_high"])
            if estimate["methods"][name] == alone:
                assert kit == pytest.approx((value, low, high), rel=1e-9), (key, name)
            else:
                assert estimate["methods"][name].startswith("cross-prediction-powered")
                assert low <= kit[0] <= high, (key, name)
                assert kit[2] - kit[1] < high - low, (key, name)
    assert estimated == 3  # all mentions, the Trail Club and Instagram
    # the Trail Club's net sentiment rests on its 52 labels alone: the goal's figure
    club = by_hand.domain(folder, PERIOD, "nw-trail-club")
    assert results["nw-trail-club"]["estimated"]["methods"]["net_sentiment"] == alone
    assert club.n == 52 and round(club.net()[0]) == 58


def test_ledgerline_has_no_sample_and_its_automatic_figures_say_so(example_run):
    """The other example keeps the unlabelled path: no estimate, the note says why."""
    assert not (example_run.data_root / "ledgerline" / "samples.json").exists()
    for key, entry in _results(example_run, "ledgerline")["sentiment"].items():
        assert entry["estimated"] is None, key
        note = entry["estimated_note"]
        assert "No random sample of the mentions is labelled by people" in note, key


def test_northwind_shifts_are_tested_on_the_estimates(example_run):
    """Where both spans have an estimate, the shift is the difference of the two estimated
    positive shares, tested with a Wald z on the sum of their variances: its p-value and its
    95% interval invert each other, the period's share is the sentiment section's estimate,
    the baseline's lies inside the labels-alone interval of the baseline's sample by hand, and
    the verdict follows the interval allowing for the comparisons made together."""
    folder = example_run.data_root / "northwind-outdoor"
    results = _results(example_run, "northwind-outdoor")
    tested = 0
    for key, entry in results["sentiment_shift"].items():
        shift = entry["estimated"]
        component = None if key == "_all" else key
        if shift is None:
            assert results["sentiment"][key]["estimated"] is None or (
                by_hand.domain(folder, BASELINE, component).n < 30
            )
            continue
        tested += 1
        period = results["sentiment"][key]["estimated"]
        baseline = by_hand.domain(folder, BASELINE, component)
        assert (shift["n_period"], shift["n_baseline"]) == (period["labelled_n"], baseline.n)
        assert shift["period_positive_share"] == period["positive_share"]
        _, low, high = baseline.share("positive")
        assert low <= shift["baseline_positive_share"] <= high
        difference = shift["period_positive_share"] - shift["baseline_positive_share"]
        assert shift["difference"] == pytest.approx(difference, rel=1e-12)
        se = (shift["ci_high"] - shift["ci_low"]) / (2 * sps.norm.ppf(0.975))
        assert shift["ci_low"] == pytest.approx(difference - sps.norm.ppf(0.975) * se)
        spread = (period["positive_share_ci_high"] - period["positive_share_ci_low"]) / (
            2 * sps.norm.ppf(0.975)
        )
        assert se > spread  # the baseline's variance adds to the period's
        p = 2 * sps.norm.sf(abs(difference) / se)
        assert shift["p_value"] == pytest.approx(p, rel=1e-6, abs=1e-300)
        level = shift["adjusted_level"]
        half = sps.norm.ppf(0.5 + level / 2) * se
        adjusted = (shift["adjusted_low"], shift["adjusted_high"])
        assert adjusted == pytest.approx((difference - half, difference + half))
        excludes = adjusted[0] > 0 or adjusted[1] < 0
        assert shift["verdict"] == ("beyond chance" if excludes else "within chance"), key
    assert tested == 3


def test_northwind_trail_club_shift_is_detected_with_the_right_sign(example_run):
    shift = _results(example_run, "northwind-outdoor")["sentiment_shift"]
    club = shift["nw-trail-club"]
    # README: by wording design 45% (n=170) -> 65% (n=185); VADER agrees on most mentions
    assert (club["n_baseline"], club["n_period"]) == (170, 185)
    assert club["baseline_positive_share"] == pytest.approx(0.45, abs=0.05)
    assert club["period_positive_share"] == pytest.approx(0.65, abs=0.05)
    assert club["difference"] > 0 and club["ci_low"] > 0  # the automatic scores see it too
    # the test is the estimate from people's labels (checked by hand above): the same shift
    estimate = club["estimated"]
    assert estimate["baseline_positive_share"] == pytest.approx(0.45, abs=0.05)
    assert estimate["period_positive_share"] == pytest.approx(0.65, abs=0.05)
    assert estimate["ci_low"] > 0 and estimate["p_value"] < 0.01
    assert estimate["verdict"] == "beyond chance"
    for stable in ("nw-instagram", "nw-facebook", "nw-reddit"):  # built with no shift
        tested = shift[stable]["estimated"] or shift[stable]  # Instagram's is estimated
        assert tested["p_value"] > 0.05, stable
        assert tested["ci_low"] < 0 < tested["ci_high"], stable
    assert shift["nw-instagram"]["estimated"] is not None


def test_the_notebook_tells_the_shift_and_corrects_for_many_tests(example_run):
    html = (_run_dir(example_run, "northwind-outdoor") / f"{NOTEBOOK}.html").read_text()
    assert "The positive share on Northwind Trail Club (customer community) rose by" in html
    tables = html_tables(html)
    tests = next(t for t in tables if t[0][:3] == ["comparison", "family", "test"])
    header = tests[0]
    rows = [dict(zip(header, row, strict=True)) for row in tests[1:]]
    name = "Northwind Trail Club (customer community)"
    (club,) = [r for r in rows if r["comparison"] == f"positive share, {name}"]
    folder = example_run.data_root / "northwind-outdoor"
    labelled = [by_hand.domain(folder, span, "nw-trail-club").n for span in (BASELINE, PERIOD)]
    assert club["n (baseline / period)"] == "{} / {}".format(*labelled) == "66 / 52"
    assert club["test"] == "difference of estimated shares, Wald z (labelled random samples)"
    assert club["verdict"] == "beyond chance"
    (automatic,) = [
        r for r in rows if r["comparison"] == f"positive share (automatic scores alone), {name}"
    ]
    assert automatic["n (baseline / period)"] == "170 / 185"  # every mention, scored
    assert automatic["verdict"].startswith("not tested: automatic scores alone")
    assert all(r["effect size"] != "" and r["p adjusted (BH)"] != "" for r in rows)


@pytest.mark.parametrize("client", CLIENTS)
def test_the_story_comes_first_and_the_appendix_holds_every_test(example_run, client):
    html = (_run_dir(example_run, client) / f"{NOTEBOOK}.html").read_text(encoding="utf-8")
    story, appendix = html.split('id="Method-and-statistics"')
    # the story: its sections and the verdicts' one-sentence caveat, no table of tests or jargon
    for heading in ("Engagement per component", "Is the change real?", "What it means"):
        assert heading in _text(story)
    assert "says that something changed, not what changed it" in _text(story)
    assert not [t for t in html_tables(story) if t[0][:2] == ["comparison", "family"]]
    for jargon in ("Cohen", "Cramér", "rank-biserial", "p adjusted (BH)"):
        assert jargon not in story, jargon
    # the appendix: the days the data cover, definitions, then every test (three per compared
    # group of mentions, one per results.json shift entry, and the estimate's test where the
    # labelled samples give one; engagements per post for every component posting in both spans)
    tables = html_tables(appendix)
    assert tables[0][0] == ["data", "span", "first day", "last day", "days covered", "note"]
    assert tables[1][0] == ["term", "definition"]
    sentiment, rates = [t for t in tables if t[0][:2] == ["comparison", "family"]]
    shift = _results(example_run, client)["sentiment_shift"]
    estimated = sum(entry["estimated"] is not None for entry in shift.values())
    assert estimated == (3 if client == "northwind-outdoor" else 0)
    assert len(sentiment) - 1 == 3 * len(shift) + estimated
    posts = _raw(example_run, client, "posts")
    both = [set(_between(posts, span)["component_id"].dropna()) for span in (BASELINE, PERIOD)]
    engagement = [r[0] for r in rates[1:] if r[0].startswith("engagements per post")]
    assert len(engagement) == len(both[0] & both[1]) + 1
    assert "Association, not cause" in _text(appendix)


# --------------------------------------------------------------------------- one verdict

# signed numbers carry a true minus (U+2212)
SHARE_ROW = re.compile(
    r"^([+\u2212]?\d+) points \(([+\u2212][\d.]+) to ([+\u2212][\d.]+), ([\d.]+)%\)$"
)
RATE_ROW = re.compile(r"^x([\d.]+) \(([\d.]+) to ([\d.]+), ([\d.]+)%\)$")
BOARD = re.compile(
    r"¹ The change in the share of positive mentions has the interval ([+\u2212][\d.]+) to "
    r"([+\u2212][\d.]+) points, allowing for the \d+ comparisons made together \(a ([\d.]+)% "
    r"interval\); a change is beyond chance only when that interval leaves out no change\."
    r"(?: The mentions were written by ([\d,]+) people)?"
)
VERDICT = re.compile(
    r"share of positive mentions of .*?, (on automatic scores no person has checked|estimated "
    r"from mentions labelled by people): "
    r"(a change beyond chance|within what chance alone could produce)\.¹"
)


def _signed_number(text: str) -> float:
    return float(text.replace("\u2212", "-"))


def _text(html: str) -> str:
    import html as markup

    return " ".join(markup.unescape(re.sub(r"<[^>]+>", " ", html)).split())


@pytest.mark.parametrize("client", CLIENTS)
def test_one_verdict_per_comparison_in_board_index_notebook_and_results(example_run, client):
    run = _run_dir(example_run, client)
    shift = _results(example_run, client)["sentiment_shift"]
    # results.json: each adjusted interval excludes 0 exactly when the verdict says so
    tested = list(shift.items())
    tested += [(k, e["estimated"]) for k, e in shift.items() if e["estimated"] is not None]
    for key, entry in tested:
        if entry["p_adjusted"] is None:
            continue
        excludes = entry["adjusted_low"] > 0 or entry["adjusted_high"] < 0
        assert excludes == (entry["verdict"] == "beyond chance"), key
        assert entry["family"] == "primary" and entry["verdict"] in (
            "beyond chance",
            "within chance",
        )
    # 03: every printed interval matches its verdict; shares carry results.json's verdict
    names = _raw(example_run, client, "ecosystem").set_index("name")["component_id"].to_dict()
    tables = html_tables((run / f"{NOTEBOOK}.html").read_text(encoding="utf-8"))
    compared = [t for t in tables if t[0][:2] == ["comparison", "family"]]
    assert len(compared) == 2  # sentiment and per-post rates
    checked = 0
    for table in compared:
        for cells in table[1:]:
            row = dict(zip(table[0], cells, strict=True))
            what, where = row["comparison"].split(", ", 1)
            if what.startswith("positive share"):
                key = "_all" if where == "all mentions" else names[where]
                # the estimate from the labels is the test where there is one
                entry = shift[key]["estimated"] if what == "positive share" else None
                assert row["verdict"] == (entry or shift[key])["verdict"], row["comparison"]
                if what == "positive share (automatic scores alone)":  # beside the estimate
                    assert shift[key]["estimated"] is not None, row["comparison"]
                    assert row["verdict"].startswith("not tested: automatic scores alone")
            printed = SHARE_ROW.match(row["estimate (interval)"]) or RATE_ROW.match(
                row["estimate (interval)"]
            )
            if printed is None:
                assert row["estimate (interval)"] == "–" or what in (
                    "sentiment mix",
                    "compound scores",
                    "positive share (automatic scores alone)",  # a figure, not a test
                )
                continue
            low, high = _signed_number(printed[2]), _signed_number(printed[3])
            null = 0.0 if what == "positive share" else 1.0
            assert (low > null or high < null) == row["verdict"].endswith("beyond chance"), row
            checked += 1
    assert checked >= 20
    # 00: the board's sentence is the same verdict and interval
    text = _text((run / "00_summary.html").read_text(encoding="utf-8"))
    board, verdict = BOARD.search(text), VERDICT.search(text)
    whole = shift["_all"]["estimated"] or shift["_all"]
    assert board is not None and verdict is not None
    labelled = shift["_all"]["estimated"] is not None
    assert verdict[1].startswith("estimated from") == labelled == (client == "northwind-outdoor")
    assert float(board[3]) == pytest.approx(100 * whole["adjusted_level"], abs=0.05)
    # whole points, with more decimals only where a bound would round onto 0
    assert _signed_number(board[1]) == pytest.approx(100 * whole["adjusted_low"], abs=0.5)
    assert _signed_number(board[2]) == pytest.approx(100 * whole["adjusted_high"], abs=0.5)
    # the authors clustered by, for a test on automatic scores (a labelled sample has none)
    assert (None if labelled else int(board[4].replace(",", ""))) == whole["authors"]
    assert (verdict[2] == "a change beyond chance") == (whole["verdict"] == "beyond chance")
    # the portfolio index: the shift is coloured only when the verdict says beyond chance
    index = (example_run.out / "index.html").read_text(encoding="utf-8")
    cells = re.findall(r'data-value="([^"]+)"><span class="([^"]+)" title="([^"]+)">', index)
    (cell,) = [c for c in cells if float(c[0]) == pytest.approx(100 * whole["difference"])]
    cell = (None, *cell[1:])
    assert cell[2] == whole["verdict"]
    assert (cell[1] != "swb-muted") == (whole["verdict"] == "beyond chance")


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


# --------------------------------------------------------------------------- hostile names


HOSTILE = r"Trail $\bad{x}$ Club <b>bold</b> [x](javascript:alert(1))"


def test_a_hostile_component_name_is_shown_as_written(tmp_path):
    """Markup, a link and matplotlib mathematics in a name: escaped in text, literal in charts."""
    import shutil

    ROOT = Path(__file__).resolve().parents[2]

    from socialworkbook.run.runner import run_batch

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
