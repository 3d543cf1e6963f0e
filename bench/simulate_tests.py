"""Null and coverage simulations of the significance tests (`make simulate`; not in `make test`).

1. The author-clustered share test with few authors: false-positive rate of a true null at 4,
   8, 15 and 30 authors, each author active in one period (half the authors in each) or in both,
   with the old test (cluster-robust errors with a normal reference, statsmodels) beside the
   kit's (CR2, t on the Bell-McCaffrey df, at most G - 1). Authors have their own positive rate
   (beta, mean 0.3, intraclass correlation 0.2) and skewed numbers of mentions (1 + geometric,
   mean 10). Target: <= 7%.
2. The per-post count test: coverage of the 95% rate-ratio interval with a true ratio of 2 (and
   the null rate at a ratio of 1) at 10 posts against 100 and other splits, negative binomial
   counts (alpha 1), the old test (quasi-Poisson, one Pearson dispersion) beside the kit's
   (negative binomial GLM). Target: coverage >= 93%.

    python bench/simulate_tests.py [--draws 1500] [--count-draws 500]
"""

from __future__ import annotations

import argparse
import warnings

import numpy as np
import statsmodels.api as sm

from socialworkbook.measure import stats


def share_draw(rng, authors: int, both: bool):
    rate = rng.beta(1.2, 2.8, authors)
    sizes = 1 + rng.negative_binomial(1, 0.1, authors)
    who = np.repeat(np.arange(authors), sizes)
    hits = rng.random(sizes.sum()) < np.repeat(rate, sizes)
    if both:
        now = rng.random(sizes.sum()) < 0.5
    else:
        side = np.zeros(authors, bool)
        side[rng.permutation(authors)[: authors // 2]] = True
        now = np.repeat(side, sizes)
    return hits, now, who


def old_share_p(hits, now, who) -> float:
    design = sm.add_constant(now.astype(float))
    fit = sm.OLS(hits.astype(float), design).fit(cov_type="cluster", cov_kwds={"groups": who})
    return float(fit.pvalues[1])


def old_count(now, before):
    y = np.r_[now, before]
    x = sm.add_constant(np.r_[np.ones(len(now)), np.zeros(len(before))])
    fit = sm.GLM(y, x, family=sm.families.Poisson()).fit(scale="X2", use_t=True)
    low, high = np.exp(fit.conf_int()[1])
    return float(fit.pvalues[1]), low, high


def shares(draws: int) -> None:
    print(f"Clustered share test, true null, {draws} seeded draws a row: false-positive rate")
    print(f"{'authors':>8} {'active in':>10} {'tested':>7} {'old':>8} {'kit':>8}")
    for both in (False, True):
        for authors in (4, 8, 15, 30):
            rng = np.random.default_rng(1000 * authors + both)
            old = new = tested = 0
            for _ in range(draws):
                hits, now, who = share_draw(rng, authors, both)
                result = stats.proportion_shift(hits, now, authors=[f"a{w}" for w in who])
                if result["p_value"] is None:
                    continue
                tested += 1
                new += result["p_value"] < 0.05
                old += old_share_p(hits, now, who) < 0.05
            where = "both" if both else "one"
            print(f"{authors:>8} {where:>10} {tested:>7} {old / tested:>8.1%} {new / tested:>8.1%}")


def counts(draws: int) -> None:
    print(f"\nCount test, negative binomial counts (alpha 1), {draws} seeded draws a row")
    print(
        f"{'posts':>10} {'ratio':>6} {'old cover':>10} {'kit cover':>10}"
        f" {'old rej':>8} {'kit rej':>8}"
    )
    for n_now, n_before in ((10, 100), (100, 10), (60, 10), (50, 50)):
        for ratio in (2.0, 1.0):
            rng = np.random.default_rng(n_now * 1000 + n_before + int(ratio))
            cov = {"old": 0, "kit": 0}
            rej = {"old": 0, "kit": 0}
            tested = 0
            for _ in range(draws):
                now = rng.poisson(rng.gamma(1.0, 10.0 * ratio, n_now))
                before = rng.poisson(rng.gamma(1.0, 10.0, n_before))
                result = stats.count_rate_test(now, before)
                if result["p_value"] is None:
                    continue
                tested += 1
                p, low, high = old_count(now, before)
                cov["old"] += low <= ratio <= high
                rej["old"] += p < 0.05
                cov["kit"] += result["ci_low"] <= ratio <= result["ci_high"]
                rej["kit"] += result["p_value"] < 0.05
            print(
                f"{n_now:>4} v {n_before:<3} {ratio:>6.1f} {cov['old'] / tested:>10.1%} "
                f"{cov['kit'] / tested:>10.1%} {rej['old'] / tested:>8.1%} "
                f"{rej['kit'] / tested:>8.1%}"
            )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--draws", type=int, default=1500)
    parser.add_argument("--count-draws", type=int, default=500)
    args = parser.parse_args()
    warnings.simplefilter("ignore")
    shares(args.draws)
    counts(args.count_draws)


if __name__ == "__main__":
    main()
