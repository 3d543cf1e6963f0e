"""Tests of socialworkbook.measure.stats against hand computations, statsmodels called directly and
seeded simulations."""

from __future__ import annotations

import json
import math
import re

import numpy as np
import pandas as pd
import pytest
import simulate_tests
import statsmodels.api as sm
import statsmodels.formula.api as smf
from sandwich import cr2_by_hand
from scipy import stats as sps
from statsmodels.stats import rates as poisson_rates
from statsmodels.stats.multitest import multipletests

from socialworkbook.measure import stats
from socialworkbook.measure.stats import significance

Z975 = 1.959963984540054  # standard normal 97.5% quantile


def _phi_two_sided(z: float) -> float:
    return math.erfc(abs(z) / math.sqrt(2))


def _shares(x0: int, n0: int, x1: int, n1: int):
    """0/1 outcomes and the period indicator of x0 of n0 baseline and x1 of n1 period hits."""
    hits = np.r_[np.ones(x0), np.zeros(n0 - x0), np.ones(x1), np.zeros(n1 - x1)]
    return hits, np.r_[np.zeros(n0, bool), np.ones(n1, bool)]


# --------------------------------------------------------------------------- proportions


def test_proportion_shift_without_authors_is_the_unpooled_welch_test_by_hand():
    x0, n0, x1, n1 = 30, 110, 45, 120
    result = stats.proportion_shift(*_shares(x0, n0, x1, n1))
    p0, p1 = x0 / n0, x1 / n1
    # HC2 with one-mention clusters = the unpooled variance with n - 1 denominators (Welch);
    # Bell-McCaffrey df under equal working variances: Satterthwaite of the two chi-squares
    se = math.sqrt(p0 * (1 - p0) / (n0 - 1) + p1 * (1 - p1) / (n1 - 1))
    df = (1 / n0 + 1 / n1) ** 2 / (1 / (n0**2 * (n0 - 1)) + 1 / (n1**2 * (n1 - 1)))
    t = (p1 - p0) / se
    crit = sps.t.ppf(0.975, df)
    assert result["baseline_positive_share"] == pytest.approx(p0)
    assert result["period_positive_share"] == pytest.approx(p1)
    assert result["difference"] == pytest.approx(p1 - p0)
    assert result["z"] == pytest.approx(t, rel=1e-9)
    assert result["df"] == pytest.approx(df, rel=1e-9)
    assert result["p_value"] == pytest.approx(2 * sps.t.sf(abs(t), df), rel=1e-8)
    assert result["ci_low"] == pytest.approx(p1 - p0 - crit * se, rel=1e-9)
    assert result["ci_high"] == pytest.approx(p1 - p0 + crit * se, rel=1e-9)
    h = 2 * math.asin(math.sqrt(p1)) - 2 * math.asin(math.sqrt(p0))
    assert result["effect_size"] == pytest.approx(h, rel=1e-12)
    assert (result["n_baseline"], result["n_period"]) == (110, 120)
    assert result["design_effect"] is None and not result["authors_known"]  # said so
    assert result["authors"] is None and not result["few_authors"]
    # HC2 is statsmodels' too
    fit = sm.OLS(_shares(x0, n0, x1, n1)[0], sm.add_constant(_shares(x0, n0, x1, n1)[1] * 1.0))
    assert result["se"] == pytest.approx(fit.fit(cov_type="HC2").bse[1], rel=1e-9)


def test_clustered_test_is_cr2_with_bell_mccaffrey_degrees_of_freedom():
    rng = np.random.default_rng(11)
    n = 90
    authors = rng.integers(0, 9, n)  # 9 authors, active in both periods
    now = rng.random(n) < 0.5
    hits = rng.random(n) < 0.3 + 0.02 * authors
    result = stats.proportion_shift(hits, now, authors=[f"a{a}" for a in authors])
    se, df = cr2_by_hand(hits, now, authors)
    assert result["se"] == pytest.approx(se, rel=1e-9)
    assert result["df"] == pytest.approx(min(df, 9 - 1), rel=1e-9)
    t = result["difference"] / se
    assert result["p_value"] == pytest.approx(2 * sps.t.sf(abs(t), result["df"]), rel=1e-8)
    assert result["authors"] == 9 and result["few_authors"]
    assert result["design_effect"] is None  # meaningless with 9 authors: not given
    assert "cannot separate a change from a few people's voices" in result["caveat"]


def _few_author_draw(rng, authors: int, both: bool):
    """One null draw of `simulate_tests.share_draw` (bench/): `authors` people with their own
    positive rate and skewed numbers of mentions, active in one period or, `both`, in both."""
    hits, now, who = simulate_tests.share_draw(rng, authors, both)
    return hits, now, [f"author-{a}" for a in who]


@pytest.mark.parametrize("both", [False, True], ids=["one period each", "both periods"])
def test_few_authors_do_not_raise_false_alarms(both):
    # no true change: with 4 and 8 authors the normal reference of the uncorrected clustered
    # errors flagged 37% and 20% (one period each), 13% and 12% (both periods) of 200 draws;
    # the full simulation (`make simulate`) runs 4, 8, 15 and 30 authors with 1,500 draws
    rng = np.random.default_rng(27 + both)
    for authors in (4, 8):
        flagged = tested = 0
        for _ in range(200):
            hits, now, who = _few_author_draw(rng, authors, both)
            result = stats.proportion_shift(hits, now, authors=who)
            if result["p_value"] is None:
                continue
            tested += 1
            flagged += result["p_value"] < 0.05
            excludes = result["ci_low"] > 0 or result["ci_high"] < 0
            assert excludes == (result["p_value"] < 0.05)  # one verdict
        assert tested >= 100
        assert flagged / tested <= 0.09, (authors, flagged, tested)


def test_proportion_shift_edge_cases():
    empty = stats.proportion_shift(*_shares(0, 0, 3, 10))
    assert empty["baseline_positive_share"] is None
    assert empty["p_value"] is None and empty["difference"] is None
    assert empty["period_positive_share"] == 0.3
    few = stats.proportion_shift(*_shares(2, 9, 8, 40))
    assert few["p_value"] is None and few["not_tested"] == "fewer than 10 mentions in a period"
    assert few["difference"] == pytest.approx(0.2 - 2 / 9)
    same = stats.proportion_shift(*_shares(0, 10, 0, 12))
    assert same["difference"] == 0.0 and same["p_value"] is None
    assert same["not_tested"] == "no variation within either period"
    assert "small samples" in stats.proportion_shift(*_shares(3, 12, 5, 12))["caveat"]


def test_the_interval_excludes_zero_exactly_when_p_is_below_5_percent():
    rng = np.random.default_rng(7)
    for _ in range(300):
        n0, n1 = rng.integers(10, 200, 2)
        x0, x1 = rng.integers(0, n0 + 1), rng.integers(0, n1 + 1)
        result = stats.proportion_shift(*_shares(x0, n0, x1, n1))
        if result["p_value"] is None:
            continue
        excludes = result["ci_low"] > 0 or result["ci_high"] < 0
        assert excludes == (result["p_value"] < 0.05), (x0, n0, x1, n1)
    # the case: 80/80 against 76/80 can no longer read p = 0.043 beside -12.2 to +0.5
    case = stats.proportion_shift(*_shares(80, 80, 76, 80))
    assert (case["ci_high"] < 0) == (case["p_value"] < 0.05)


def test_no_shift_is_not_flagged_more_often_than_alpha():
    rng = np.random.default_rng(2024)
    draws = 400
    flagged = covered = 0
    for _ in range(draws):
        base, period = rng.binomial(300, 0.4), rng.binomial(250, 0.4)
        result = stats.proportion_shift(*_shares(base, 300, period, 250))
        flagged += result["p_value"] < 0.05
        covered += result["ci_low"] <= 0 <= result["ci_high"]
    assert flagged / draws <= 0.05 + 0.03
    assert covered / draws >= 0.95 - 0.03


def _clustered_sample():
    """Per period 20 authors with 15 mentions each, all of one sentiment, and 100 authors with
    one mention: 400 mentions. Baseline: 10 of the big authors positive, 50 of the single;
    period: 14 and 70."""
    rows = []
    for when, big_positive, single_positive in (("baseline", 10, 50), ("period", 14, 70)):
        for author in range(20):
            rows += [(when, f"{when}-big-{author}", author < big_positive)] * 15
        rows += [(when, f"{when}-one-{i}", i < single_positive) for i in range(100)]
    return pd.DataFrame(rows, columns=["when", "author", "positive"])


def test_clustered_interval_is_wider_by_the_expected_design_effect():
    sample = _clustered_sample()
    hits, now = sample["positive"].to_numpy(), (sample["when"] == "period").to_numpy()
    clustered = stats.proportion_shift(hits, now, authors=sample["author"])
    naive = stats.proportion_shift(hits, now)
    # Kish: deff = 1 + (m_w - 1) * ICC with m_w = sum(m_j^2) / n the mention-weighted mean
    # cluster size; every author's mentions share one sentiment, so ICC = 1.
    sizes = np.array([15] * 20 + [1] * 100)
    expected = 1 + (np.sum(sizes**2) / sizes.sum() - 1) * 1.0
    assert expected == pytest.approx(11.5)
    # CR2 weighs the big authors' leverage a little more than Kish's approximation (11.9)
    assert clustered["design_effect"] == pytest.approx(expected, rel=0.05)
    width = clustered["ci_high"] - clustered["ci_low"]
    naive_width = naive["ci_high"] - naive["ci_low"]
    crit = sps.t.ppf(0.975, clustered["df"]) / sps.t.ppf(0.975, naive["df"])
    assert width / naive_width == pytest.approx(math.sqrt(clustered["design_effect"]) * crit)
    assert clustered["difference"] == naive["difference"] == pytest.approx(0.7 - 0.5)
    assert naive["p_value"] < 0.001 < 0.05 < clustered["p_value"]  # many mentions, few people
    assert clustered["authors"] == 240 and not clustered["few_authors"]
    se, df = cr2_by_hand(hits, now, pd.factorize(sample["author"])[0])
    assert clustered["se"] == pytest.approx(se, rel=1e-9)
    assert clustered["df"] == pytest.approx(df, rel=1e-9)


def test_a_mention_without_an_author_is_its_own_cluster():
    sample = _clustered_sample()
    hits, now = sample["positive"].to_numpy(), (sample["when"] == "period").to_numpy()
    unknown = stats.proportion_shift(hits, now, authors=[""] * len(sample))
    naive = stats.proportion_shift(hits, now)
    assert unknown["p_value"] == pytest.approx(naive["p_value"])
    assert unknown["design_effect"] is None and not unknown["authors_known"]


def test_design_effect_by_the_cluster_variance_formula():
    sample = _clustered_sample()
    base = sample[sample["when"] == "baseline"]
    # ratio-estimator variance over clusters against the binomial variance, by hand
    per_author = base.groupby("author")["positive"].agg(["sum", "size"])
    n, p, k = len(base), base["positive"].mean(), len(per_author)
    variance = k / (k - 1) * ((per_author["sum"] - p * per_author["size"]) ** 2).sum() / n**2
    assert stats.design_effect(base["positive"], base["author"]) == pytest.approx(
        variance / (p * (1 - p) / n)
    )
    assert stats.design_effect([1, 1, 1], ["a", "b", "c"]) == 1.0


# --------------------------------------------------------------------------- rates


def _counts_frame(now, before):
    return pd.DataFrame(
        {"count": np.r_[now, before], "period": np.r_[np.ones(len(now)), np.zeros(len(before))]}
    )


def test_count_rate_test_is_the_negative_binomial_glm_with_a_small_sample_t():
    rng = np.random.default_rng(9)
    now = rng.negative_binomial(1, 1 / 7, 40)  # mean 6, variance 42: overdispersed
    before = rng.negative_binomial(1, 1 / 5, 45)  # mean 4
    result = stats.count_rate_test(now, before)
    frame = _counts_frame(now, before)
    fit = smf.negativebinomial("count ~ period", data=frame).fit(disp=0)
    ratio = now.mean() / before.mean()
    assert result["estimate"] == pytest.approx(ratio, rel=1e-6)  # NB2's MLE: the ratio of means
    assert math.exp(fit.params["period"]) == pytest.approx(ratio, rel=1e-6)
    alpha = fit.params["alpha"]
    assert result["dispersion"] == pytest.approx(alpha, rel=1e-4)
    # se: the model's, never below the unpooled delta-method one of the two means
    unpooled = now.var(ddof=1) / (40 * now.mean() ** 2) + before.var(ddof=1) / (
        45 * before.mean() ** 2
    )
    se = max(fit.bse["period"], math.sqrt(unpooled))
    assert result["se"] == pytest.approx(se, rel=1e-4)
    # df: Welch-Satterthwaite of the model's group variances (1 / mean + alpha) / n
    v1, v0 = (1 / now.mean() + alpha) / 40, (1 / before.mean() + alpha) / 45
    df = (v1 + v0) ** 2 / (v1**2 / 39 + v0**2 / 44)
    assert result["df"] == pytest.approx(df, rel=1e-4)
    t = math.log(ratio) / se
    assert result["p_value"] == pytest.approx(2 * sps.t.sf(abs(t), df), rel=1e-3)
    crit = sps.t.ppf(0.975, df)
    assert result["ci_low"] == pytest.approx(ratio * math.exp(-crit * se), rel=1e-4)
    assert result["ci_high"] == pytest.approx(ratio * math.exp(crit * se), rel=1e-4)


def _negative_binomial(rng, mean: float, n: int) -> np.ndarray:
    """n counts with the given mean and variance mean + mean^2 (gamma-Poisson, alpha 1)."""
    return rng.poisson(rng.gamma(1.0, mean, n))


def test_count_interval_covers_a_true_ratio_of_2_with_10_posts_against_100():
    # one common Pearson dispersion (the quasi-Poisson test) covered 86% of these 200 draws;
    # the full simulation is in `make simulate`
    rng = np.random.default_rng(1)
    covered = tested = 0
    for _ in range(200):
        now, before = _negative_binomial(rng, 20.0, 10), _negative_binomial(rng, 10.0, 100)
        result = stats.count_rate_test(now, before)
        if result["p_value"] is None:
            continue
        tested += 1
        covered += result["ci_low"] <= 2.0 <= result["ci_high"]
    assert tested >= 190
    assert covered / tested >= 0.92, (covered, tested)


def test_count_rate_test_needs_enough_posts_and_some_counts():
    few = stats.count_rate_test([500] * 9, [1] * 9)
    assert few["p_value"] is None and few["not_tested"] == "fewer than 10 posts in a period"
    assert few["rate1"] == 500 and few["rate2"] == 1
    none = stats.count_rate_test([0] * 12, [3] * 12)
    assert none["p_value"] is None and none["not_tested"] == "none at all in one period"


def test_the_count_test_keeps_its_false_positive_rate_where_poisson_does_not():
    rng = np.random.default_rng(12)
    draws, flagged, poisson_flagged = 200, 0, 0
    for _ in range(draws):  # no change: both periods from one overdispersed distribution
        now, before = rng.negative_binomial(1, 1 / 21, (2, 20))  # mean 20, variance 420
        flagged += stats.count_rate_test(now, before)["p_value"] < 0.05
        poisson = poisson_rates.test_poisson_2indep(now.sum(), 20, before.sum(), 20, method="score")
        poisson_flagged += poisson.pvalue < 0.05
    low, high = sps.binom.interval(0.99, draws, 0.05)
    message = (
        f"false positives over {draws} draws: negative binomial {flagged}, Poisson score test "
        f"{poisson_flagged}; 99% binomial band around 5%: {low:.0f} to {high:.0f}"
    )
    assert low <= flagged <= high, message
    assert poisson_flagged > high, message


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


def _family_rows():
    """Three primary and two exploratory tests, with intervals."""
    rng = np.random.default_rng(4)
    rows = []
    for i, (x0, x1) in enumerate(((40, 70), (50, 58), (50, 49))):
        rows.append(
            {
                **stats.proportion_shift(*_shares(x0, 100, x1, 100)),
                "comparison": f"share {i}",
                "family": stats.PRIMARY,
            }
        )
    for i, mean in enumerate((9, 5)):
        test = stats.count_rate_test(rng.poisson(mean, 30), rng.poisson(5, 30))
        rows.append({**test, "comparison": f"rate {i}"})  # no family: exploratory
    return rows


def test_test_table_adjusts_within_declared_families():
    rows = _family_rows()
    table = stats.test_table(rows)
    assert list(table.columns) == list(stats.TEST_COLUMNS)
    assert table["family"].tolist() == ["primary"] * 3 + ["exploratory"] * 2
    for family in ("primary", "exploratory"):
        part = table[table["family"] == family]
        expected = multipletests(part["p_value"], method="fdr_bh")[1]
        assert part["p_adjusted"].tolist() == pytest.approx(expected.tolist())
    assert table["caveat"].str.contains("association, not cause").all()
    mapped = stats.test_table({"mix": stats.mix_chi_square([[30, 50, 30], [45, 40, 35]])})
    assert mapped.loc[0, "comparison"] == "mix" and mapped.loc[0, "family"] == "exploratory"


def test_the_adjusted_interval_excludes_no_change_exactly_when_the_verdict_says_so():
    rng = np.random.default_rng(21)
    for _ in range(40):
        rows = []
        for i in range(6):
            x0, x1 = rng.integers(20, 80, 2)
            share = stats.proportion_shift(*_shares(x0, 100, x1, 100))
            rows.append({**share, "comparison": f"s{i}", "family": stats.PRIMARY})
        counts = stats.count_rate_test(rng.poisson(6, 25), rng.poisson(4, 25))
        rows.append({**counts, "comparison": "c", "family": stats.PRIMARY})
        table = stats.test_table(rows)
        tested = table[table["p_value"].notna()]
        chosen = int(tested["significant"].sum())
        # Benjamini & Yekutieli: level 1 - R q / m, with R of m selected (1 when none)
        assert tested["adjusted_level"].eq(1 - max(chosen, 1) * 0.05 / len(tested)).all()
        null = np.where(tested["scale"] == "log", 1.0, 0.0)
        excludes = (tested["adjusted_low"] > null) | (tested["adjusted_high"] < null)
        assert excludes.tolist() == tested["significant"].tolist()
        assert tested["verdict"].isin(["beyond chance", "within chance"]).all()


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
    rows = stats.shift_tests(scored, posts, names={"a": "Forum A", "b": "Page B"})
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
        "engagements per post, all posts",
        "comments per post, all posts",
        "likes per post, all posts",  # no shares on either side: nothing to test
        "engagements per post, Forum A",
        "comments per post, Forum A",
        "likes per post, Forum A",
        "engagements per post, Page B",
        "comments per post, Page B",
        "likes per post, Page B",
    ]
    primary = [r["comparison"] for r in rows if r.get("family") == stats.PRIMARY]
    assert primary == [c for c in comparisons if c.startswith(("positive", "engagements"))]
    b = scored[scored["component_id"] == "b"]
    single = stats.proportion_shift(
        b["sentiment"] == "positive", b["when"] == "period", authors=b["author"]
    )
    assert rows[6]["p_value"] == single["p_value"] and rows[6]["ci_low"] == single["ci_low"]
    assert (rows[6]["n_baseline"], rows[6]["n_period"], rows[6]["component_id"]) == (200, 200, "b")
    assert rows[0]["n_period"] == 401  # the period mention of "c" counts in all mentions
    a = posts[posts["component_id"] == "a"]
    now, before = a[a["when"] == "period"], a[a["when"] == "baseline"]
    assert (
        rows[13]["p_value"] == stats.count_rate_test(now["comments"], before["comments"])["p_value"]
    )
    engaged = stats.count_rate_test(
        now["comments"] + now["likes"] + now["shares"],
        before["comments"] + before["likes"] + before["shares"],
    )
    assert rows[12]["p_value"] == engaged["p_value"]


def test_a_shift_in_one_component_is_found_and_named():
    scored, posts = _notebook_data()
    table = stats.test_table(
        stats.shift_tests(scored, posts, names={"a": "Forum A", "b": "Page B"})
    )
    real = table[table["significant"]]
    assert "positive share, Page B" in set(real["comparison"])
    assert "positive share, Forum A" not in set(real["comparison"])
    claim = stats.shift_summary(table, "2026-Q3")
    assert claim.headline.startswith("The positive share on Page B rose by ")
    assert ": beyond chance." in claim.headline
    assert claim.title == "The positive share rose on Page B; elsewhere within chance"
    forest = stats.forest_rows(table)
    assert forest["label"].str.startswith(("all mentions", "Forum A", "Page B")).all()
    page = forest[forest["label"].str.startswith("Page B")].iloc[0]
    row = table[table["comparison"] == "positive share, Page B"].iloc[0]
    assert page["estimate"] == pytest.approx(100 * row["estimate"])
    assert page["ci_low"] == pytest.approx(100 * row["adjusted_low"]) and page["significant"]
    assert page["label"].endswith("(n=200 / 200)")
    made = int(((table["family"] == stats.PRIMARY) & table["p_value"].notna()).sum())
    assert f"intervals allowing for the {made} comparisons made together" in claim.subtitle
    assert "% interval" not in claim.subtitle  # the level and the adjusted p: the appendix's
    assert "adjusted p" not in claim.headline + claim.detail and "n=" not in claim.headline


def test_shift_results_is_the_contract_section_of_the_same_table():
    scored, posts = _notebook_data()
    table = stats.test_table(stats.shift_tests(scored, posts))
    section = stats.shift_results(scored, posts)
    assert set(section) == {"_all", "a", "b"}  # "c" has no baseline mention
    for key, entry in section.items():
        row = table[(table["test"] == stats.SHARE_TEST) & (table["component_id"] == key)].iloc[0]
        assert entry["p_value"] == row["p_value"] and entry["p_adjusted"] == row["p_adjusted"]
        assert entry["verdict"] == row["verdict"]
        assert entry["difference"] == pytest.approx(
            entry["period_positive_share"] - entry["baseline_positive_share"]
        )
        assert {"ci_low", "ci_high", "test", "design_effect", "family"} <= set(entry)
    json.dumps(section, allow_nan=False)


def test_shift_results_read_a_given_table_instead_of_testing_again(monkeypatch):
    scored, posts = _notebook_data()
    table = stats.test_table(stats.shift_tests(scored, posts))
    share = (table["test"] == stats.SHARE_TEST) & (table["component_id"] == "_all")
    table.loc[share, "p_value"] = 0.5  # a value the data would not give: read, not recomputed

    def never(*args, **kwargs):
        raise AssertionError("the tests were computed again")

    monkeypatch.setattr(significance, "shift_tests", never)
    section = stats.shift_results(scored, tests=table)
    assert section["_all"]["p_value"] == 0.5
    assert set(section) == {"_all", "a", "b"}
    assert stats.shift_results(scored[scored["when"] == "period"], tests=table) is None


def test_nothing_to_test_without_a_baseline():
    scored, posts = _notebook_data()
    period_only = scored[scored["when"] == "period"]
    table = stats.test_table(stats.shift_tests(period_only, posts[posts["when"] == "period"]))
    assert table["p_value"].isna().all()
    assert stats.shift_summary(table, "2026-Q3").headline.startswith("Nothing can be tested")
    assert stats.shift_results(period_only) is None


def test_caveats_count_repeated_authors_and_give_the_design_effect():
    scored, posts = _notebook_data()
    table = stats.test_table(stats.shift_tests(scored, posts))
    caveats = stats.caveats(scored, table)
    authors = scored.loc[scored["author"] != "", "author"].value_counts()
    repeated = authors[authors > 1]
    share = repeated.sum() / len(scored)
    assert caveats["authors"].startswith(
        f"Repeated authors: {len(repeated)} people wrote more than one of the compared "
        f"mentions, {share:.0%} of them together (one wrote {authors.max()})."
    )
    deff = table.loc[table["comparison"] == "positive share, all mentions", "design_effect"]
    assert f"design effect {deff.iloc[0]:.2f}" in caveats["authors"]
    assert caveats["cause"].startswith("Association, not cause:")
    small = (table["p_value"].notna() & (table[["n_baseline", "n_period"]].min(axis=1) < 30)).sum()
    assert caveats["small"].startswith(f"Small numbers: {small} of the")
    unknown = stats.caveats(scored.assign(author=""), table)
    assert "carry no author, so they are treated as independent" in unknown["authors"]


def test_readable_tests_show_the_compared_values():
    scored, posts = _notebook_data()
    table = stats.test_table(stats.shift_tests(scored, posts, names={"a": "A", "b": "B"}))
    shares = stats.readable_tests(table, kind="sentiment")
    row = shares[shares["comparison"] == "positive share, B"].iloc[0]
    b = scored[scored["component_id"] == "b"]
    before = (b.loc[b["when"] == "baseline", "sentiment"] == "positive").mean()
    after = (b.loc[b["when"] == "period", "sentiment"] == "positive").mean()
    assert row["baseline → period"] == f"{before:.0%} → {after:.0%}"
    assert row["n (baseline / period)"] == "200 / 200"
    assert row["verdict"] == "beyond chance" and row["family"] == "primary"
    level = table.loc[table["comparison"] == "positive share, B", "adjusted_level"].iloc[0]
    assert row["estimate (interval)"].endswith(f", {100 * level:.1f}%)")
    rates = stats.readable_tests(table, kind="rates")
    assert list(rates.columns) == [
        "comparison",
        "family",
        "posts (baseline / period)",
        "baseline → period",
        "estimate (interval)",
        "p",
        "p adjusted (BH)",
        "verdict",
    ]
    a = posts[posts["component_id"] == "a"]
    per_post = a.groupby("when")["likes"].mean()
    row = rates[rates["comparison"] == "likes per post, A"].iloc[0]
    assert row["baseline → period"] == f"{per_post['baseline']:,.2f} → {per_post['period']:,.2f}"
    assert row["verdict"].startswith("exploratory: ")
    assert len(shares) + len(rates) == len(table)


def test_negative_effect_sizes_and_medians_print_with_a_true_minus_sign():
    """Cohen's h and the rank-biserial r are signed; a fall prints "−0.11" (U+2212, which never
    breaks a line and reads as a minus), never a bare hyphen; a rise keeps its "+"."""
    scored, posts = _notebook_data()
    table = stats.test_table(stats.shift_tests(scored, posts, names={"a": "A", "b": "B"}))
    shown = stats.readable_tests(table, kind="sentiment").set_index("comparison")
    a = scored[scored["component_id"] == "a"]
    share = {w: (g["sentiment"] == "positive").mean() for w, g in a.groupby("when")}
    h = 2 * math.asin(math.sqrt(share["period"])) - 2 * math.asin(math.sqrt(share["baseline"]))
    assert h < 0  # component A's positive share fell: 50% -> 45%
    assert shown.loc["positive share, A", "effect size"] == f"Cohen's h \u2212{abs(h):.2f}"
    median = a.groupby("when")["compound"].median()
    assert median["period"] < 0 < median["baseline"]
    assert shown.loc["compound scores, A", "baseline → period"] == (
        f"median +{median['baseline']:.2f} → \u2212{abs(median['period']):.2f}"
    )
    assert shown.loc["positive share, B", "effect size"].startswith("Cohen's h +")
    text = " ".join(shown[["effect size", "baseline → period"]].to_numpy().ravel())
    assert re.search(r"-\d", text) is None


def test_printed_bounds_never_round_onto_no_change():
    assert stats.bound_text(0.06) == "+6" and stats.bound_text(-0.134) == "\u221213"
    assert stats.bound_text(0.003) == "+0.3"  # not "+0", which would read as touching 0
    assert stats.bound_text(-0.0004, decimals=1) == "\u22120.04"
    assert stats.bound_text(1.000135, ratio=True) == "1.0001"  # not "1.00"
    assert stats.bound_text(0.9, ratio=True) == "0.90" and stats.bound_text(0.0) == "+0"


def test_few_authors_are_said_in_plain_words_everywhere_the_test_is_read():
    rng = np.random.default_rng(3)
    hits, now, who = _few_author_draw(rng, 12, True)
    scored = pd.DataFrame(
        {
            "when": np.where(now, "period", "baseline"),
            "sentiment": np.where(hits, "positive", "neutral"),
            "compound": np.where(hits, 0.6, 0.0),
            "author": who,
            "component_id": "c1",
        }
    )
    table = stats.test_table(stats.shift_tests(scored, pd.DataFrame(columns=["when"])))
    whole = table[(table["test"] == stats.SHARE_TEST) & (table["component_id"] == "_all")]
    assert whole["authors"].iloc[0] == 12 and whole["few_authors"].iloc[0]
    shown = stats.readable_tests(table, kind="sentiment")
    assert "12, too few" in set(shown["authors"]) and "–" in set(shown["design effect"])
    words = stats.caveats(scored, table)["authors"]
    assert "Only 12 people wrote the compared mentions" in words
    assert "cannot be told apart from a few people's voices" in words
    assert "only 12 people wrote them" in stats.verdict_caveat(scored, table)
    story = stats.shift_summary(table, "Q3")
    assert "from 12 authors" in story.headline and "too few (under 30)" in story.headline
    section = stats.shift_section(table)
    assert section["_all"]["authors"] == 12 and section["_all"]["design_effect"] is None
