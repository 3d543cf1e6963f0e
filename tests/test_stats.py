"""Tests of socialworkbook.stats against hand computations and seeded simulations."""

from __future__ import annotations

import json
import math

import numpy as np
import pandas as pd
import pytest

from socialworkbook import stats

Z975 = 1.959963984540054  # standard normal 97.5% quantile


def _phi_two_sided(z: float) -> float:
    return math.erfc(abs(z) / math.sqrt(2))


def _wilson(count: int, n: int) -> tuple[float, float]:
    p = count / n
    denominator = 1 + Z975**2 / n
    centre = (p + Z975**2 / (2 * n)) / denominator
    half = Z975 * math.sqrt(p * (1 - p) / n + Z975**2 / (4 * n * n)) / denominator
    return centre - half, centre + half


# --------------------------------------------------------------------------- proportions


def test_proportion_shift_matches_hand_computation():
    pos_base, n_base, pos_period, n_period = 30, 110, 45, 120
    result = stats.proportion_shift(pos_base, n_base, pos_period, n_period)
    p1, p0 = pos_period / n_period, pos_base / n_base
    pooled = (pos_base + pos_period) / (n_base + n_period)
    z = (p1 - p0) / math.sqrt(pooled * (1 - pooled) * (1 / n_base + 1 / n_period))
    # Newcombe's hybrid score interval from the two Wilson intervals
    l1, u1 = _wilson(pos_period, n_period)
    l0, u0 = _wilson(pos_base, n_base)
    low = (p1 - p0) - math.sqrt((p1 - l1) ** 2 + (u0 - p0) ** 2)
    high = (p1 - p0) + math.sqrt((u1 - p1) ** 2 + (p0 - l0) ** 2)
    h = 2 * math.asin(math.sqrt(p1)) - 2 * math.asin(math.sqrt(p0))
    assert result["test"] == "two-proportion z"
    assert result["baseline_positive_share"] == pytest.approx(p0)
    assert result["period_positive_share"] == pytest.approx(p1)
    assert result["difference"] == pytest.approx(p1 - p0)
    assert result["z"] == pytest.approx(z, rel=1e-10)
    assert result["p_value"] == pytest.approx(_phi_two_sided(z), rel=1e-9)
    assert result["ci_low"] == pytest.approx(low, rel=1e-9)
    assert result["ci_high"] == pytest.approx(high, rel=1e-9)
    assert result["effect_size"] == pytest.approx(h, rel=1e-12)
    assert (result["n_baseline"], result["n_period"]) == (110, 120)


def test_proportion_shift_edge_cases():
    empty = stats.proportion_shift(0, 0, 3, 10)
    assert empty["baseline_positive_share"] is None
    assert empty["p_value"] is None and empty["difference"] is None
    assert empty["period_positive_share"] == 0.3
    same = stats.proportion_shift(0, 10, 0, 12)
    assert same["difference"] == 0.0 and same["p_value"] == 1.0
    assert same["ci_low"] < 0 < same["ci_high"]
    assert "small samples" in same["caveat"]


def test_a_built_in_shift_is_detected():
    rng = np.random.default_rng(11)
    base = rng.random(800) < 0.30
    period = rng.random(800) < 0.42
    result = stats.proportion_shift(base.sum(), 800, period.sum(), 800)
    assert result["p_value"] < 0.01
    assert result["ci_low"] > 0
    assert result["ci_low"] < 0.12 < result["ci_high"]


def test_no_shift_is_not_flagged_more_often_than_alpha():
    rng = np.random.default_rng(2024)
    draws = 400
    flagged = 0
    covered = 0
    for _ in range(draws):
        base = rng.binomial(300, 0.4)
        period = rng.binomial(250, 0.4)
        result = stats.proportion_shift(base, 300, period, 250)
        flagged += result["p_value"] < 0.05
        covered += result["ci_low"] <= 0 <= result["ci_high"]
    assert flagged / draws <= 0.05 + 0.03
    assert covered / draws >= 0.95 - 0.03


def _scored(rng, n_base, n_period, p_base, p_period):
    rows = []
    for when, n, p in (("base", n_base, p_base), ("period", n_period, p_period)):
        for i in range(n):
            rows.append(
                {
                    "when": when,
                    "component_id": "forum" if i % 2 else "page",
                    "sentiment": "positive" if rng.random() < p else "negative",
                }
            )
    return pd.DataFrame(rows)


def test_sentiment_shift_results():
    rng = np.random.default_rng(5)
    scored = _scored(rng, 600, 600, 0.3, 0.5)
    scored.loc[len(scored)] = {"when": "period", "component_id": "new", "sentiment": "positive"}
    result = stats.sentiment_shift_results(
        scored, scored["when"] == "base", scored["when"] == "period"
    )
    assert list(result) == ["forum", "new", "page", "_all"]
    everything = result["_all"]
    assert set(everything) >= {
        "baseline_positive_share",
        "period_positive_share",
        "difference",
        "ci_low",
        "ci_high",
        "p_value",
        "test",
    }
    assert everything["p_value"] < 0.01
    assert everything["n_baseline"] == 600 and everything["n_period"] == 601
    assert everything["test"] == "two-proportion z"
    new = result["new"]  # no baseline mention: nothing to compare
    assert new["baseline_positive_share"] is None and new["p_value"] is None
    assert new["period_positive_share"] == 1.0
    json.dumps(result, allow_nan=False)
    none = stats.sentiment_shift_results(
        scored, np.zeros(len(scored), bool), np.ones(len(scored), bool)
    )
    assert none is None


# --------------------------------------------------------------------------- mix and scores


def test_mix_chi_square_matches_hand_computation():
    table = np.array([[30, 50, 30], [45, 40, 35]])
    result = stats.mix_chi_square(table)
    n = table.sum()
    expected = np.outer(table.sum(axis=1), table.sum(axis=0)) / n
    chi2 = ((table - expected) ** 2 / expected).sum()
    assert result["chi2"] == pytest.approx(chi2, rel=1e-12)
    assert result["dof"] == 2
    assert result["p_value"] == pytest.approx(math.exp(-chi2 / 2), rel=1e-10)  # chi2(2) tail
    assert result["effect_size"] == pytest.approx(math.sqrt(chi2 / (n * 1)), rel=1e-12)
    assert result["n"] == n
    frame = pd.DataFrame(table, columns=["positive", "neutral", "negative"])
    assert stats.mix_chi_square(frame)["chi2"] == pytest.approx(chi2)


def test_mix_chi_square_degenerate_tables():
    dropped = stats.mix_chi_square([[10, 0, 5], [20, 0, 30]])
    assert dropped["dof"] == 1
    assert stats.mix_chi_square([[10, 0, 0], [20, 0, 0]])["p_value"] is None
    small = stats.mix_chi_square([[3, 1, 2], [1, 4, 2]])
    assert "below 5" in small["caveat"]


def test_mann_whitney_rank_biserial_by_hand():
    a = [0.1, -0.3, 0.5, 0.0, 0.2]
    b = [0.4, 0.6, 0.2, 0.9]
    result = stats.compound_mann_whitney(a, b)
    greater = sum((y > x) for x in a for y in b)
    smaller = sum((y < x) for x in a for y in b)
    assert result["effect_size"] == pytest.approx((greater - smaller) / (len(a) * len(b)))
    assert result["u_statistic"] == sum((x > y) + 0.5 * (x == y) for x in a for y in b)
    assert 0 < result["p_value"] < 1
    rng = np.random.default_rng(1)
    shifted = stats.compound_mann_whitney(rng.normal(0, 0.4, 400), rng.normal(0.2, 0.4, 400))
    assert shifted["p_value"] < 0.01 and shifted["effect_size"] > 0
    assert stats.compound_mann_whitney([], [0.1])["p_value"] is None


# --------------------------------------------------------------------------- rates


def test_poisson_rate_test_matches_conditional_score_test():
    count1, exposure1, count2, exposure2 = 130, 40, 90, 45
    result = stats.poisson_rate_test(count1, exposure1, count2, exposure2)
    # Given the total, count1 is binomial with share exposure1 / (exposure1 + exposure2) under H0.
    total, share = count1 + count2, exposure1 / (exposure1 + exposure2)
    z = (count1 - total * share) / math.sqrt(total * share * (1 - share))
    assert result["statistic"] == pytest.approx(z, rel=1e-9)
    assert result["p_value"] == pytest.approx(_phi_two_sided(z), rel=1e-9)
    assert result["effect_size"] == pytest.approx((130 / 40) / (90 / 45))
    assert result["ci_low"] < result["effect_size"] < result["ci_high"]
    assert stats.poisson_rate_test(0, 10, 0, 10)["p_value"] is None
    assert stats.poisson_rate_test(5, 0, 3, 10)["rate1"] is None


def test_bootstrap_rate_ci_is_repeatable_and_wider_for_overdispersed_counts():
    rng = np.random.default_rng(9)
    a = rng.negative_binomial(1, 1 / 6, 200)  # mean 5, variance 30
    b = rng.negative_binomial(1, 1 / 5, 200)  # mean 4, variance 20
    first = stats.bootstrap_rate_ci(a, b, seed=4)
    again = stats.bootstrap_rate_ci(a, b, seed=4)
    assert first == again
    assert first["ci_low"] < first["effect_size"] < first["ci_high"]
    poisson = stats.poisson_rate_test(a.sum(), len(a), b.sum(), len(b))
    width_boot = first["ci_high"] - first["ci_low"]
    width_poisson = poisson["ci_high"] - poisson["ci_low"]
    assert width_boot > 1.5 * width_poisson
    assert stats.bootstrap_rate_ci([1, 2], [0, 0], seed=1)["ci_low"] is None


# --------------------------------------------------------------------------- many tests


def test_benjamini_hochberg_matches_hand_computation():
    p = [0.01, 0.04, 0.03, 0.20, 0.005]
    m = len(p)
    order = np.argsort(p)
    ranked = np.array(p)[order] * m / np.arange(1, m + 1)
    adjusted_sorted = np.minimum.accumulate(ranked[::-1])[::-1].clip(max=1)
    expected = np.empty(m)
    expected[order] = adjusted_sorted
    assert stats.benjamini_hochberg(p) == pytest.approx(expected)
    with_gap = stats.benjamini_hochberg([0.01, None, 0.04])
    assert np.isnan(with_gap[1])
    assert with_gap[[0, 2]] == pytest.approx([0.02, 0.04])


def test_test_table():
    rows = {
        "positive share, forum": stats.proportion_shift(30, 110, 45, 120),
        "mix, forum": stats.mix_chi_square([[30, 50, 30], [45, 40, 35]]),
        "comments per post": stats.poisson_rate_test(130, 40, 90, 45),
        "bootstrap": stats.bootstrap_rate_ci([1, 2, 3], [1, 1, 2], seed=0),
    }
    table = stats.test_table(rows)
    assert list(table.columns) == list(stats.TEST_COLUMNS)
    z = table.iloc[0]
    assert (z["estimate"], z["ci_low"]) == (
        rows["positive share, forum"]["difference"],
        rows["positive share, forum"]["ci_low"],
    )
    assert table.loc[2, "estimate"] == pytest.approx((130 / 40) / (90 / 45))
    assert table["comparison"].tolist() == list(rows)
    known = table["p_value"].notna()
    assert table.loc[known, "p_adjusted"].tolist() == pytest.approx(
        stats.benjamini_hochberg(table.loc[known, "p_value"]).tolist()
    )
    assert np.isnan(table.loc[3, "p_adjusted"]) and not table.loc[3, "significant"]
    assert table["caveat"].str.contains("association, not cause").all()
    listed = stats.test_table([{**rows["mix, forum"], "comparison": "mix"}])
    assert listed.loc[0, "comparison"] == "mix"


def test_a_rate_counts_as_changed_only_when_the_bootstrap_agrees():
    poisson = stats.poisson_rate_test(130, 40, 90, 45)
    assert poisson["p_value"] < 0.001
    agreeing = {**poisson, "bootstrap_low": 1.2, "bootstrap_high": 2.1}
    disagreeing = {**poisson, "bootstrap_low": 0.9, "bootstrap_high": 2.4}
    table = stats.test_table([agreeing, disagreeing, poisson])
    assert table["significant"].tolist() == [True, False, True]
    assert stats.readable_tests(table)["verdict"].tolist() == [
        "real change",
        "bootstrap disagrees",
        "real change",
    ]


# --------------------------------------------------------------------------- the notebook's tests


def _notebook_data(seed: int = 3):
    """Mentions of two components (only "b" shifts) and posts of the same, by `when`."""
    rng = np.random.default_rng(seed)
    rows = []
    for when in ("baseline", "period"):
        for component, n, p in (("a", 200, 0.5), ("b", 200, 0.3 if when == "baseline" else 0.6)):
            for i in range(n):
                positive = rng.random() < p
                rows.append(
                    {
                        "when": when,
                        "component_id": component,
                        "sentiment": "positive" if positive else "negative",
                        "compound": rng.uniform(0.05, 1) if positive else rng.uniform(-1, -0.05),
                        "author": f"p-{i % 150}",
                    }
                )
    rows.append(  # a component only in the period is not compared
        {"when": "period", "component_id": "c", "sentiment": "positive", "compound": 0.5}
    )
    scored = pd.DataFrame(rows).fillna({"author": ""})
    posts = pd.DataFrame(
        {
            "when": ["baseline"] * 20 + ["period"] * 20,
            "component_id": (["a"] * 10 + ["b"] * 10) * 2,
            "comments": rng.poisson(4, 40),
            "shares": 0,
            "likes": rng.poisson(30, 40),
        }
    )
    return scored, posts


def test_shift_tests_cover_every_group_and_repeat_the_single_tests():
    scored, posts = _notebook_data()
    rows = stats.shift_tests(scored, posts, names={"a": "Forum A", "b": "Page B"}, seed=1)
    comparisons = [r["comparison"] for r in rows]
    assert comparisons == [
        "positive share, all mentions",
        "sentiment mix, all mentions",
        "compound scores, all mentions",
        "positive share, Forum A",
        "sentiment mix, Forum A",
        "compound scores, Forum A",
        "positive share, Page B",
        "sentiment mix, Page B",
        "compound scores, Page B",
        "comments per post, all posts",
        "likes per post, all posts",  # no shares on either side: nothing to test
        "comments per post, Forum A",
        "likes per post, Forum A",
        "comments per post, Page B",
        "likes per post, Page B",
    ]
    b = scored[scored["component_id"] == "b"]
    base, now = b[b["when"] == "baseline"], b[b["when"] == "period"]
    single = stats.proportion_shift(
        (base["sentiment"] == "positive").sum(),
        len(base),
        (now["sentiment"] == "positive").sum(),
        len(now),
    )
    assert rows[6]["p_value"] == single["p_value"] and rows[6]["ci_low"] == single["ci_low"]
    assert (rows[6]["n_baseline"], rows[6]["n_period"], rows[6]["component_id"]) == (200, 200, "b")
    assert rows[0]["n_period"] == 401  # the period mention of "c" counts in all mentions
    a_posts = posts[posts["component_id"] == "a"]
    poisson = stats.poisson_rate_test(
        a_posts.loc[a_posts["when"] == "period", "comments"].sum(),
        10,
        a_posts.loc[a_posts["when"] == "baseline", "comments"].sum(),
        10,
    )
    assert rows[11]["p_value"] == poisson["p_value"]
    assert rows[11]["bootstrap_low"] < rows[11]["estimate"] < rows[11]["bootstrap_high"]


def test_a_shift_in_one_component_is_found_and_named():
    scored, posts = _notebook_data()
    table = stats.test_table(
        stats.shift_tests(scored, posts, names={"a": "Forum A", "b": "Page B"})
    )
    real = table[table["significant"]]
    assert "positive share, Page B" in set(real["comparison"])
    assert "positive share, Forum A" not in set(real["comparison"])
    claim = stats.shift_summary(table, "2026-Q3")
    assert claim["headline"].startswith("The positive share on Page B rose by ")
    assert ": a real change." in claim["headline"]
    assert claim["title"] == "The positive share rose on Page B; elsewhere within chance"
    forest = stats.forest_rows(table)
    assert forest["label"].str.startswith(("all mentions", "Forum A", "Page B")).all()
    page = forest[forest["label"].str.startswith("Page B")].iloc[0]
    row = table[table["comparison"] == "positive share, Page B"].iloc[0]
    assert page["estimate"] == pytest.approx(100 * row["estimate"])
    assert page["ci_low"] == pytest.approx(100 * row["ci_low"]) and page["significant"]
    assert page["label"].endswith("(n=200 / 200)")


def test_nothing_to_test_without_a_baseline():
    scored, posts = _notebook_data()
    period_only = scored[scored["when"] == "period"]
    table = stats.test_table(stats.shift_tests(period_only, posts[posts["when"] == "period"]))
    assert table["p_value"].isna().all()
    assert stats.shift_summary(table, "2026-Q3")["headline"].startswith("Nothing can be tested")
    assert stats.shift_results(period_only) is None


def test_caveats_count_repeated_authors():
    scored, posts = _notebook_data()
    table = stats.test_table(stats.shift_tests(scored, posts))
    caveats = stats.caveats(scored, table)
    authors = scored.loc[scored["author"] != "", "author"].value_counts()
    repeated = authors[authors > 1]
    share = repeated.sum() / len(scored)
    assert caveats["authors"].startswith(
        f"Repeated authors: {len(repeated)} people wrote more than one of the compared "
        f"mentions, {share:.0%} of them together."
    )
    assert caveats["cause"].startswith("Association, not cause:")
    small = (table["p_value"].notna() & (table[["n_baseline", "n_period"]].min(axis=1) < 30)).sum()
    assert caveats["small"].startswith(f"Small numbers: {small} of the")


def test_readable_tests_show_the_compared_values():
    scored, posts = _notebook_data()
    table = stats.test_table(stats.shift_tests(scored, posts, names={"a": "A", "b": "B"}))
    shares = stats.readable_tests(table, kind="sentiment")
    assert "bootstrap 95% CI" not in shares.columns
    row = shares[shares["comparison"] == "positive share, B"].iloc[0]
    b = scored[scored["component_id"] == "b"]
    before = (b.loc[b["when"] == "baseline", "sentiment"] == "positive").mean()
    after = (b.loc[b["when"] == "period", "sentiment"] == "positive").mean()
    assert row["baseline → period"] == f"{before:.0%} → {after:.0%}"
    assert row["n (baseline / period)"] == "200 / 200"
    rates = stats.readable_tests(table, kind="rates")
    assert list(rates.columns) == [
        "comparison",
        "posts (baseline / period)",
        "baseline → period",
        "estimate (95% CI)",
        "bootstrap 95% CI",
        "p",
        "p adjusted (BH)",
        "verdict",
    ]
    a = posts[posts["component_id"] == "a"]
    per_post = a.groupby("when")["likes"].mean()
    row = rates[rates["comparison"] == "likes per post, A"].iloc[0]
    assert row["baseline → period"] == f"{per_post['baseline']:,.2f} → {per_post['period']:,.2f}"
    assert len(shares) + len(rates) == len(table)
