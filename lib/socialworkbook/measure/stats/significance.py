"""Is a shift real? Significance tests of sentiment and post metrics (FRAMEWORKS.md section 7).

One valid test per comparison, period against baseline (differences are period - baseline,
ratios period / baseline):

- a share of mentions (`proportion_shift`): t-test of the difference with small-sample
  corrected standard errors clustered by author pseudonym (CR2, Bell and McCaffrey 2002, with
  the Bell-McCaffrey degrees of freedom, at most G - 1 for G authors: Imbens and Kolesar 2016),
  the number of authors, and the design effect where there are at least `FEW_AUTHORS`;
  where both periods have a positive share estimated from labelled random samples
  (`estimate.ClientEstimates.shifts`), that estimate's difference is the comparison's test
  (`ESTIMATED_SHARE_TEST`, FRAMEWORKS section 7) and the automatic scores' shift is kept
  beside it as what the automatic scorer alone would say, untested;
- the sentiment mix (`mix_chi_square`) and the compound scores (`compound_mann_whitney`);
- per-post counts (`count_rate_test`): negative binomial GLM with a period indicator
  (statsmodels), its rate ratio, interval and one p-value (t on small-sample df).

No test runs with fewer than `MIN_N` posts or mentions in either period. `test_table` adjusts
p-values with Benjamini-Hochberg within declared families (`PRIMARY`: the positive share and
engagements per post, per component and overall; everything else exploratory) and gives each
row one verdict with an interval at the matching false-coverage level (Benjamini & Yekutieli
2005), so the interval excludes "no change" exactly when the verdict says "beyond chance". The
board, the portfolio index, the notebooks and results.json all read that one table.
"""

from __future__ import annotations

import math
import warnings
from collections.abc import Iterable, Mapping, Sequence

import numpy as np
import pandas as pd
from scipy import stats as sps
from scipy.stats import contingency
from statsmodels.discrete.discrete_model import NegativeBinomial
from statsmodels.stats.multitest import multipletests

from ... import memo
from ...catalogue import ENGAGEMENTS, METRICS
from .. import language
from ..metrics.formulas import span_posts

__all__ = [
    "SMALL_N",
    "MIN_N",
    "FEW_AUTHORS",
    "ALPHA",
    "SHARE_TEST",
    "ESTIMATED_SHARE_TEST",
    "SHARE_TESTS",
    "AUTOMATIC",
    "NOT_ENGLISH",
    "COUNT_TEST",
    "PRIMARY",
    "EXPLORATORY",
    "design_effect",
    "cr2_slope",
    "proportion_shift",
    "mix_chi_square",
    "compound_mann_whitney",
    "count_rate_test",
    "benjamini_hochberg",
    "test_table",
    "TEST_COLUMNS",
    "shift_tests",
    "period_tests",
    "shift_section",
    "shift_results",
    "tested_shift",
]

SMALL_N = 30
"""Below this many observations in a group a caveat warns of wide intervals."""

MIN_N = 10
"""Fewer posts (or mentions) than this in either period: no test, and the table says so."""

FEW_AUTHORS = 30
"""Below this many authors a clustered test cannot separate a change from a few people's voices:
the reports say so, and the design effect (itself unreliable with few authors) is not given."""

ALPHA = 0.05
"""False discovery rate of the Benjamini-Hochberg adjustment within each family."""

SHARE_TEST = "difference of shares, t (errors clustered by author, CR2)"
ESTIMATED_SHARE_TEST = "difference of estimated shares, Wald z (labelled random samples)"
SHARE_TESTS = (SHARE_TEST, ESTIMATED_SHARE_TEST)
AUTOMATIC = "automatic (no verdict)"
"""The family of the automatic scores' shift where an estimate is the test: never a verdict."""
_AUTOMATIC_ONLY = "automatic scores alone; the labelled estimate is the test"
# Why VADER's shift of a stratum is untested (`language.Scope`): verdict "not tested", no shares
NOT_ENGLISH = "the mentions are not in English, which the automatic sentiment scorer cannot read"
COUNT_TEST = "negative binomial GLM rate ratio (t, Welch df)"
PRIMARY = "primary"
"""The declared family: positive share and engagements per post, per component and overall."""
EXPLORATORY = "exploratory"

_SHIFT_KEYS = (
    "baseline_positive_share",
    "period_positive_share",
    "difference",
    "ci_low",
    "ci_high",
    "p_value",
    "test",
    "n_baseline",
    "n_period",
    "design_effect",
    "authors_known",
    "authors",
    "df",
    "family",
    "p_adjusted",
    "adjusted_level",
    "adjusted_low",
    "adjusted_high",
    "verdict",
)
_CAUSE = "a period comparison shows association, not cause"
_AUTHORS = "several mentions by one author are not independent, which makes p too small"
_Z95 = float(sps.norm.ppf(0.975))


def design_effect(hits: Sequence[float], clusters: Sequence[object]) -> float:
    """Design effect of a share under clustering: its cluster variance / the binomial variance.

    The variance of the share p = sum(y) / n as a ratio estimator over clusters j with y_j hits
    of m_j mentions: k / (k - 1) * sum((y_j - p m_j)^2) / n^2 (k clusters), divided by
    p (1 - p) / n. 1 where the share is 0 or 1 (no variance to inflate).
    """
    y = np.asarray(hits, dtype="float64")
    n, p = len(y), float(y.mean()) if len(y) else 0.0
    if n < 2 or p in (0.0, 1.0):
        return 1.0
    groups = pd.DataFrame({"y": y, "c": list(clusters)}).groupby("c")["y"].agg(["sum", "size"])
    k = len(groups)
    if k < 2:
        return float(n)
    resid = groups["sum"] - p * groups["size"]
    return float(k / (k - 1) * (resid**2).sum() / n**2 / (p * (1 - p) / n))


def cr2_slope(
    y: Sequence[float], x: Sequence[float], clusters: Sequence[object]
) -> tuple[float, float, float, int]:
    """Slope of the least-squares line of y on [1, x] with its CR2 cluster-robust standard error.

    CR2 (Bell and McCaffrey 2002; Pustejovsky and Tipton 2018): the sandwich
    V = W (sum_g X_g' A_g e_g e_g' A_g X_g) W, W = (X'X)^-1, with A_g = (I - H_gg)^(-1/2)
    (a pseudo-inverse where H_gg has an eigenvalue 1); with every observation its own cluster
    it is HC2. Degrees of freedom: Bell and McCaffrey's Satterthwaite approximation under a
    working model of independent equal errors, df = tr(M)^2 / tr(M^2), M = G'G with column g
    of G = (I - H)_{., g} A_g X_g W c, c = (0, 1). Returns (slope, se, df, number of clusters).
    """
    y = np.asarray(y, dtype="float64")
    X = np.column_stack([np.ones(len(y)), np.asarray(x, dtype="float64")])
    W = np.linalg.inv(X.T @ X)
    slope = W @ X.T @ y
    e = y - X @ slope
    wc = W[:, 1]
    codes = pd.factorize(pd.Series(list(clusters), dtype=object))[0]
    sizes = np.bincount(codes)
    single = sizes[codes] == 1  # one-observation clusters at once: A_g = 1 / sqrt(1 - h_ii)
    xs = X[single]
    h = np.einsum("ij,jk,ik->i", xs, W, xs)
    a1 = (xs @ wc) / np.sqrt(np.clip(1 - h, 1e-12, None))
    variance = float(((a1 * e[single]) ** 2).sum())
    s, d = [xs * a1[:, None]], [a1**2]
    rest = np.flatnonzero(~single)
    order = rest[np.argsort(codes[rest], kind="stable")]
    for idx in np.split(order, np.flatnonzero(np.diff(codes[order])) + 1) if len(order) else []:
        xg = X[idx]
        q, r = np.linalg.qr(xg)
        lam, p = np.linalg.eigh(r @ W @ r.T)
        u = q @ p  # H_gg = u diag(lam) u'
        scale = np.where(lam < 1 - 1e-10, 1 / np.sqrt(np.clip(1 - lam, 1e-12, None)), 0.0) - 1
        v = xg @ wc
        a = v + u @ (scale * (u.T @ v))  # A_g X_g W c
        variance += float(a @ e[idx]) ** 2
        s.append((xg.T @ a)[None, :])
        d.append(np.array([a @ a]))
    s, d = np.concatenate(s), np.concatenate(d)
    # M = diag(d) - B S' with B = S W (the hat matrix has rank 2): its traces in O(G)
    b = s @ W
    bs = np.einsum("ij,ij->i", b, s)
    sb = s.T @ b
    trace = d.sum() - bs.sum()
    trace2 = (d**2).sum() - 2 * (d * bs).sum() + np.trace(sb @ sb)
    df = trace**2 / trace2 if trace2 > 0 else float("nan")
    return float(slope[1]), math.sqrt(variance), float(df), len(sizes)


def proportion_shift(
    hits: Sequence[bool], in_period: Sequence[bool], *, authors: Sequence[object] | None = None
) -> dict:
    """Shift of a share of mentions (e.g. positive), period against baseline.

    difference = period share - baseline share (the slope of the 0/1 outcome on a period
    indicator); its standard error is cluster-robust by author with the small-sample
    correction CR2 (`cr2_slope`; a mention without an author is its own cluster, so with no
    author known this is HC2, the unpooled two-sample error). The reference is t on the
    Bell-McCaffrey degrees of freedom, at most G - 1 for G authors (`df`): normal references
    with few authors reject a true null far too often (57% of the time with 4 authors). Two-
    sided p and the 95% interval difference +- t se invert each other. `authors` is G (a
    mention without an author counting as one); below `FEW_AUTHORS` the data cannot separate a
    change from a few people's voices (`few_authors`), and design_effect is None; otherwise
    design_effect = (clustered se / se with every mention its own cluster)^2, None where no
    author is known (`authors_known` False). effect_size is Cohen's h. No test (p_value None,
    `not_tested` says why) below `MIN_N` mentions in either period, when one period's mentions
    all come from one author, or when neither period varies.
    """
    y = np.asarray(hits, dtype="float64")
    x = np.asarray(in_period, dtype=bool)
    n_base, n_period = int((~x).sum()), int(x.sum())
    base = float(y[~x].mean()) if n_base else None
    period = float(y[x].mean()) if n_period else None
    names = (
        pd.Series(list(authors), dtype=object).fillna("").astype(str).to_numpy()
        if authors is not None
        else np.full(len(y), "", dtype=object)
    )
    known = names != ""
    # a mention without an author is its own cluster, numbered after the authors
    clusters = np.empty(len(y), dtype=np.int64)
    clusters[known] = pd.factorize(names[known])[0]
    first = clusters[known].max() + 1 if known.any() else 0
    clusters[~known] = first + np.arange((~known).sum())
    voices = len(np.unique(clusters))
    out = {
        "test": SHARE_TEST,
        "baseline_positive_share": base,
        "period_positive_share": period,
        "difference": None if base is None or period is None else period - base,
        "estimate": None,
        "estimate_measure": "difference in share",
        "ci_low": None,
        "ci_high": None,
        "se": None,
        "df": None,
        "scale": "difference",
        "z": None,
        "p_value": None,
        "effect_size": None,
        "effect_measure": "Cohen's h",
        "design_effect": None,
        "authors_known": bool(known.any()),
        "authors": voices if known.any() else None,
        "few_authors": bool(known.any() and voices < FEW_AUTHORS),
        "n_baseline": n_base,
        "n_period": n_period,
        "n": n_base + n_period,
        "not_tested": None,
        "caveat": _caveat([n_base, n_period], ""),
    }
    if out["few_authors"]:
        out["caveat"] = "; ".join(filter(None, [out["caveat"], _few(voices)]))
    if min(n_base, n_period) < MIN_N:
        out["not_tested"] = f"fewer than {MIN_N} mentions in a period"
        return out
    if min(len(np.unique(clusters[~x])), len(np.unique(clusters[x]))) < 2:
        out["not_tested"] = "all the mentions of a period come from one author"
        return out
    diff, se, df, groups = cr2_slope(y, x, clusters)
    if not (se > 1e-12 and math.isfinite(df) and df > 0):
        out["not_tested"] = "no variation within either period"
        return out
    df = min(df, groups - 1.0)
    alone = cr2_slope(y, x, np.arange(len(y)))[1] if known.any() and not out["few_authors"] else 0
    t = diff / se
    crit = float(sps.t.ppf(0.975, df))
    out.update(
        estimate=diff,
        se=se,
        df=df,
        z=t,
        p_value=float(2 * sps.t.sf(abs(t), df)),
        ci_low=diff - crit * se,
        ci_high=diff + crit * se,
        effect_size=float(2 * math.asin(math.sqrt(period)) - 2 * math.asin(math.sqrt(base))),
        design_effect=(se / alone) ** 2 if alone > 0 else None,
    )
    return out


def _few(authors: int) -> str:
    """The caveat of a clustered test with fewer than `FEW_AUTHORS` authors."""
    return (
        f"only {authors} authors: with fewer than {FEW_AUTHORS} the data cannot separate a "
        "change from a few people's voices"
    )


def mix_chi_square(table: pd.DataFrame | Sequence[Sequence[int]] | np.ndarray) -> dict:
    """Chi-square test of independence of a 2 x 3 table (baseline / period x pos / neu / neg).

    scipy `chi2_contingency` without continuity correction, after dropping all-zero rows and
    columns; effect size Cramér's V (scipy `association`). Values are None when fewer than two
    rows or columns remain.
    """
    observed = np.asarray(table, dtype="int64")
    observed = observed[observed.sum(axis=1) > 0][:, observed.sum(axis=0) > 0]
    n = int(observed.sum())
    out = {
        "test": "chi-square (mix)",
        "chi2": None,
        "dof": None,
        "p_value": None,
        "effect_size": None,
        "effect_measure": "Cramér's V",
        "min_expected": None,
        "n": n,
        "caveat": _caveat(list(np.asarray(table).sum(axis=1)), _AUTHORS),
    }
    if observed.ndim != 2 or min(observed.shape) < 2:
        return out
    result = sps.chi2_contingency(observed, correction=False)
    min_expected = float(result.expected_freq.min())
    out.update(
        chi2=float(result.statistic),
        dof=int(result.dof),
        p_value=float(result.pvalue),
        effect_size=float(contingency.association(observed, method="cramer")),
        min_expected=min_expected,
    )
    if min_expected < 5:
        out["caveat"] += "; an expected count below 5 makes p unreliable"
    return out


def compound_mann_whitney(a: Sequence[float], b: Sequence[float]) -> dict:
    """Mann-Whitney U test of two samples of compound scores (a = baseline, b = period).

    Two-sided (scipy `mannwhitneyu`); effect size the rank-biserial correlation
    r = P(b > a) - P(b < a) = 1 - 2 U_a / (n_a n_b): positive when the period scores higher.
    """
    a = np.asarray(a, dtype="float64")
    b = np.asarray(b, dtype="float64")
    a, b = a[~np.isnan(a)], b[~np.isnan(b)]
    out = {
        "test": "Mann-Whitney U",
        "u_statistic": None,
        "p_value": None,
        "effect_size": None,
        "effect_measure": "rank-biserial r",
        "median_a": float(np.median(a)) if len(a) else None,
        "median_b": float(np.median(b)) if len(b) else None,
        "n_a": len(a),
        "n_b": len(b),
        "n": len(a) + len(b),
        "caveat": _caveat(
            [len(a), len(b)], "compares whole score distributions, not means; " + _AUTHORS
        ),
    }
    if not len(a) or not len(b):
        return out
    result = sps.mannwhitneyu(a, b, alternative="two-sided")
    out.update(
        u_statistic=float(result.statistic),
        p_value=float(result.pvalue),
        effect_size=float(1.0 - 2.0 * result.statistic / (len(a) * len(b))),
    )
    return out


def count_rate_test(period_counts: Sequence[float], baseline_counts: Sequence[float]) -> dict:
    """Test of a per-post count (e.g. comments per post), period against baseline.

    Negative binomial regression of the per-post counts on a period indicator (`_count_model`:
    each period's posts may vary as they do, not by one common dispersion, which with 10 posts
    against 100 covered a true ratio of 2 only 87% of the time): rate ratio = exp(coefficient)
    = mean(period) / mean(baseline), its 95% interval and the t-test p-value (small-sample df),
    which invert each other; `dispersion` is the negative binomial alpha. No test
    (`not_tested` says why) below `MIN_N` posts in either period, or where one
    period has no such count at all (the ratio is 0 or unbounded).
    """
    now = np.asarray(period_counts, dtype="float64")
    before = np.asarray(baseline_counts, dtype="float64")
    rate1 = float(now.mean()) if len(now) else None
    rate2 = float(before.mean()) if len(before) else None
    out = {
        "test": COUNT_TEST,
        "rate1": rate1,
        "rate2": rate2,
        "estimate": None,
        "estimate_measure": "rate ratio",
        "effect_size": None,
        "effect_measure": "rate ratio",
        "ci_low": None,
        "ci_high": None,
        "se": None,
        "df": None,
        "scale": "log",
        "dispersion": None,
        "statistic": None,
        "p_value": None,
        "n_baseline": len(before),
        "n_period": len(now),
        "n": len(now) + len(before),
        "not_tested": None,
        "caveat": _caveat([len(now), len(before)], ""),
    }
    if min(len(now), len(before)) < MIN_N:
        out["not_tested"] = f"fewer than {MIN_N} posts in a period"
        return out
    if not (now.sum() > 0 and before.sum() > 0):
        out["not_tested"] = "none at all in one period"
        return out
    center, se, df, dispersion = _count_model(now, before)
    if not (se > 0 and math.isfinite(se)):
        out["not_tested"] = "no variation between posts"
        return out
    low, high = _bounds(center, se, df, "log", 0.05)
    statistic = center / se
    out.update(
        estimate=math.exp(center),
        effect_size=math.exp(center),
        ci_low=low,
        ci_high=high,
        se=se,
        df=df,
        dispersion=dispersion,
        statistic=statistic,
        p_value=float(2 * sps.t.sf(abs(statistic), df)),
    )
    return out


def _count_model(now: np.ndarray, before: np.ndarray) -> tuple[float, float, float, float | None]:
    """(log rate ratio, se, df, alpha) of `count_rate_test`.

    The negative binomial (NB2) regression of the counts on a period indicator (statsmodels
    `NegativeBinomial`, maximum likelihood of the coefficients and of alpha, variance
    mu + alpha mu^2): its coefficient is log(mean(now) / mean(before)). Its standard error is
    never taken below the unpooled one of the two means (each group's own variance, the delta
    method on the log scale: var(now) / (n mean(now)^2) + var(before) / (n mean(before)^2)),
    which guards where alpha is at its boundary (near-Poisson counts) or the model is wrong.
    Reference t on the Welch-Satterthwaite df of the model's two group variances
    ((1 / mean + alpha) / n each), so that a small group (10 posts against 100) is judged on
    about its own number of posts.
    """
    m1, m0, n1, n0 = float(now.mean()), float(before.mean()), len(now), len(before)
    center = math.log(m1 / m0)
    unpooled = now.var(ddof=1) / (n1 * m1**2) + before.var(ddof=1) / (n0 * m0**2)
    y = np.concatenate([now, before])
    x = np.column_stack([np.ones(n1 + n0), np.r_[np.ones(n1), np.zeros(n0)]])  # const, now
    alpha, model_var = 0.0, float("nan")
    try:
        with warnings.catch_warnings(), np.errstate(all="ignore"):
            warnings.simplefilter("ignore")
            fit = NegativeBinomial(y, x).fit(disp=0, maxiter=200)
        alpha = max(float(fit.params[-1]), 0.0)
        model_var = float(fit.bse[1]) ** 2
    except (ValueError, np.linalg.LinAlgError):  # no fit: the unpooled error alone
        pass
    if not math.isfinite(model_var):
        model_var = 0.0
    v1, v0 = (1 / m1 + alpha) / n1, (1 / m0 + alpha) / n0
    df = (v1 + v0) ** 2 / (v1**2 / (n1 - 1) + v0**2 / (n0 - 1))
    return center, math.sqrt(max(model_var, unpooled)), float(df), alpha


def benjamini_hochberg(p_values: Iterable[float | None]) -> np.ndarray:
    """Benjamini-Hochberg adjusted p-values (statsmodels `multipletests`, fdr_bh).

    Missing p-values (None, NaN) stay NaN and do not count as tests.
    """
    p = np.array([np.nan if v is None else float(v) for v in p_values], dtype="float64")
    out = np.full(len(p), np.nan)
    known = ~np.isnan(p)
    if known.any():
        out[known] = multipletests(p[known], method="fdr_bh")[1]
    return out


def test_table(rows: Iterable[Mapping] | Mapping[str, Mapping], *, alpha: float = ALPHA):
    """One table of every test of a notebook: BH-adjusted within each family, one verdict each.

    `rows` are the dicts returned by this module's tests, each with an optional `comparison`
    (what is compared, in words) and `family` (`PRIMARY`, else `EXPLORATORY`), or a mapping
    comparison -> result.

    Returns
    -------
    DataFrame
        Columns `TEST_COLUMNS`: what is compared (comparison, component_id, family, test, n on
        each side, value_baseline and value_period), the estimate with its 95% interval
        (ci_low, ci_high; it inverts the row's own test), se / df / scale of that test,
        effect size, design_effect, p_value, p_adjusted (Benjamini-Hochberg within the row's
        family), adjusted_level with adjusted_low / adjusted_high (the interval at level
        1 - R * alpha / m of the family, R of m tests beyond chance: Benjamini & Yekutieli's
        false-coverage interval, which excludes no change exactly when the row is
        significant), significant (p_adjusted <= `alpha`), verdict (in words), caveat.
    """
    items = (
        [{**result, "comparison": name} for name, result in rows.items()]
        if isinstance(rows, Mapping)
        else [dict(result) for result in rows]
    )
    given = TEST_COLUMNS[: TEST_COLUMNS.index("p_adjusted")]
    frame = pd.DataFrame([{c: item.get(c) for c in given} for item in items], columns=given)
    numbers = ["value_baseline", "value_period", "estimate", "ci_low", "ci_high", "se", "df"]
    numbers += ["effect_size", "design_effect", "p_value", "authors"]
    frame = frame.astype({c: "float64" for c in numbers})
    frame["family"] = frame["family"].fillna(EXPLORATORY)
    for column in ("p_adjusted", "adjusted_level", "adjusted_low", "adjusted_high"):
        frame[column] = np.nan
    for _, index in frame.groupby("family").groups.items():
        tested = frame.loc[index].index[frame.loc[index, "p_value"].notna()]
        if not len(tested):
            continue
        adjusted = benjamini_hochberg(frame.loc[tested, "p_value"])
        chosen = max(int((adjusted <= alpha).sum()), 1)
        level = chosen * alpha / len(tested)
        frame.loc[tested, "p_adjusted"] = adjusted
        frame.loc[tested, "adjusted_level"] = 1 - level
        for i in tested:
            row = frame.loc[i]
            if pd.notna(row["se"]):
                center = math.log(row["estimate"]) if row["scale"] == "log" else row["estimate"]
                low, high = _bounds(center, row["se"], row["df"], row["scale"], level)
                frame.loc[i, ["adjusted_low", "adjusted_high"]] = [low, high]
    frame["significant"] = frame["p_adjusted"] <= alpha
    frame["verdict"] = [_verdict(row) for _, row in frame.iterrows()]
    frame["caveat"] = ["; ".join(filter(None, [item.get("caveat", ""), _CAUSE])) for item in items]
    return frame[list(TEST_COLUMNS)]


TEST_COLUMNS: tuple[str, ...] = (
    "comparison",
    "component_id",
    "family",
    "test",
    "n_baseline",
    "n_period",
    "n",
    "value_baseline",
    "value_period",
    "estimate_measure",
    "estimate",
    "ci_low",
    "ci_high",
    "se",
    "df",
    "scale",
    "effect_measure",
    "effect_size",
    "design_effect",
    "authors_known",
    "authors",
    "few_authors",
    "not_tested",
    "p_value",
    "p_adjusted",
    "adjusted_level",
    "adjusted_low",
    "adjusted_high",
    "significant",
    "verdict",
    "caveat",
)
"""Columns of `test_table`."""


# --------------------------------------------------------------------------- the notebook's tests

# (count column, words, family): engagements per post is primary, its parts exploratory
_COUNTS = (
    (ENGAGEMENTS, "engagements per post", PRIMARY),
    ("comments", "comments per post", EXPLORATORY),
    ("shares", "shares per post", EXPLORATORY),
    ("likes", "likes per post", EXPLORATORY),
)
_ENGAGEMENT_PARTS = METRICS[ENGAGEMENTS].needs


def shift_tests(
    scored: pd.DataFrame,
    posts: pd.DataFrame,
    *,
    names: Mapping[str, str] | None = None,
    estimated: Mapping[str, Mapping] | None = None,
) -> list[dict]:
    """Every period-against-baseline test of the metric-analysis notebook, one dict each.

    `scored` and `posts` carry a `when` column ("baseline" / "period"), as
    `sentiment.score_client` and `metrics.span_posts` give them. For all mentions and for each
    component with mentions on both sides: the positive share (`proportion_shift`, clustered
    by `author`; family `PRIMARY`), the sentiment mix (`mix_chi_square`) and the compound
    scores (`compound_mann_whitney`), both exploratory. For all posts and for each component
    with posts on both sides: engagements per post (likes + comments + shares; `PRIMARY`) and
    comments, shares and likes per post (exploratory), each a `count_rate_test`. Each dict
    gets `comparison` (in words, with the component's name from `names`), `component_id`
    ("_all" for everything) and `family`. Where `estimated` (component_id -> the shift of the
    estimated positive shares, `estimate.ClientEstimates.shifts`) has the key, that shift is
    the primary positive-share test and the automatic scores' one is kept untested (family
    `AUTOMATIC`). VADER's comparisons use the mentions it reads (`language.vader_sides`); where
    they are not in English, its positive share is untested (`NOT_ENGLISH`). Pass the list to
    `test_table`.
    """
    names = dict(names or {})
    estimated = dict(estimated or {})
    out: list[dict] = []
    for key, group in _groups(scored):
        label = _label(key, names, "all mentions")
        group = language.vader_sides(group, scored.attrs.get("stated_language", ""))
        if group is None:  # VADER reads English only: no comparison of its scores is tested
            if key in estimated:
                out.append(_share_row(estimated[key], f"positive share, {label}", key))
            comparison = f"positive share (automatic scores alone), {label}"
            out.append(dict(comparison=comparison, component_id=key, family=AUTOMATIC))
            out[-1] |= {"test": SHARE_TEST, "not_tested": NOT_ENGLISH}
            continue
        now = (group["when"] == "period").to_numpy()
        base, after = group[~now], group[now]
        mix = [
            [int((part["sentiment"] == c).sum()) for c in ("positive", "neutral", "negative")]
            for part in (base, after)
        ]
        sides = {"component_id": key, "n_baseline": len(base), "n_period": len(after)}
        authors = group["author"] if "author" in group.columns else None
        share = proportion_shift(group["sentiment"] == "positive", now, authors=authors)
        scores = compound_mann_whitney(base["compound"], after["compound"])
        out.append(_share_row(estimated.get(key, share), f"positive share, {label}", key))
        if key in estimated:  # the estimate is the test; the automatic scores only say
            automatic = _share_row(share, f"positive share (automatic scores alone), {label}", key)
            out.append(
                {**automatic, "family": AUTOMATIC, "p_value": None, "not_tested": _AUTOMATIC_ONLY}
            )
        out += [
            {**mix_chi_square(mix), "comparison": f"sentiment mix, {label}", **sides},
            {
                **scores,
                "comparison": f"compound scores, {label}",
                "value_baseline": scores["median_a"],
                "value_period": scores["median_b"],
                **sides,
            },
        ]
    for key, group in _groups(posts):
        label = _label(key, names, "all posts")
        parts = [c for c in _ENGAGEMENT_PARTS if c in group.columns]
        if parts:
            group = group.assign(engagements=group[parts].sum(axis=1))
        base, now = group[group["when"] == "baseline"], group[group["when"] == "period"]
        for column, words, family in _COUNTS:
            if column not in group.columns or not group[column].any():
                continue  # no such count, or none on either side: nothing to compare
            test = count_rate_test(now[column], base[column])
            out.append(
                {
                    **test,
                    "comparison": f"{words}, {label}",
                    "component_id": key,
                    "family": family,
                    "value_baseline": test["rate2"],
                    "value_period": test["rate1"],
                }
            )
    return out


def _share_row(share: Mapping, comparison: str, key: str) -> dict:
    """A positive-share shift as a primary row of `shift_tests`."""
    return {
        **share,
        "comparison": comparison,
        "component_id": key,
        "family": PRIMARY,
        "value_baseline": share["baseline_positive_share"],
        "value_period": share["period_positive_share"],
    }


@memo.shared("period-tests")  # once for a batch run's notebooks
def period_tests(
    client, scored: pd.DataFrame, *, estimated: Mapping[str, Mapping] | None = None
) -> pd.DataFrame:
    """The one `test_table` of `shift_tests` (period against baseline) behind every verdict."""
    names = client.component_names()
    return test_table(shift_tests(scored, span_posts(client), names=names, estimated=estimated))


def shift_section(table: pd.DataFrame) -> dict[str, dict] | None:
    """The results.json `sentiment_shift` section from a `test_table`: its positive-share rows.

    One entry per component_id (and `_all`) with the CONTRACT keys of the automatic scores'
    shift (shares, difference, 95% interval, p_value, test) and the row's design_effect,
    family, p_adjusted, adjusted level and interval, and verdict; `estimated` holds the same
    keys of the shift of the estimated shares, or None. Where it is not None it is the
    comparison's one test (its verdict the one every output prints) and the automatic scores'
    entry is untested (p_value None, family `AUTOMATIC`). None without such rows.
    """
    rows = table[table["test"].isin(SHARE_TESTS)]
    if rows.empty:
        return None
    found: dict[str, dict] = {}
    for _, row in rows.iterrows():
        entry = {
            "baseline_positive_share": row["value_baseline"],
            "period_positive_share": row["value_period"],
            "difference": row["value_period"] - row["value_baseline"],
            **{k: row[k] for k in _SHIFT_KEYS if k in row.index},
        }
        kind = "automatic" if row["test"] == SHARE_TEST else "estimated"
        plain = {k: _plain(entry[k]) for k in _SHIFT_KEYS if k in entry}
        plain |= {"not_tested": NOT_ENGLISH} if row["not_tested"] == NOT_ENGLISH else {}
        if plain.get("authors") is not None:
            plain["authors"] = int(plain["authors"])
        found.setdefault(str(row["component_id"]), {})[kind] = plain
    return {key: dict(f["automatic"], estimated=f.get("estimated")) for key, f in found.items()}


def shift_results(
    scored: pd.DataFrame,
    posts: pd.DataFrame | None = None,
    *,
    names: Mapping[str, str] | None = None,
    estimated: Mapping[str, Mapping] | None = None,
    tests: pd.DataFrame | None = None,
) -> dict[str, dict] | None:
    """`shift_section` of the tests of `scored` and `posts` (None without baseline mentions):
    pass the notebook's `posts` (`metrics.span_posts`: the Benjamini-Hochberg family holds the
    engagement tests too) and `estimated` (`estimate.ClientEstimates.shifts`, the positive-share
    tests), or `tests`, their table (`period_tests`) where the caller has it, not computed again."""
    if scored.empty or not (scored["when"] == "baseline").any():
        return None
    if tests is None:
        posts = posts if posts is not None else pd.DataFrame(columns=["when", "component_id"])
        tests = test_table(shift_tests(scored, posts, names=names, estimated=estimated))
    return shift_section(tests)


def tested_shift(entry: Mapping | None) -> Mapping | None:
    """The part of a `sentiment_shift` entry that carries the comparison's verdict: its
    `estimated` shift where there is one, else the entry itself."""
    if not entry:
        return entry
    return entry.get("estimated") or entry


def _groups(frame: pd.DataFrame):
    """("_all", frame), then (component_id, rows) for components with rows on both sides;
    nothing when one side is empty."""
    if frame.empty or "when" not in frame.columns:
        return
    if not ((frame["when"] == "baseline").any() and (frame["when"] == "period").any()):
        return
    yield "_all", frame
    component = frame["component_id"].fillna("").astype(str)
    for key in sorted(set(component) - {""}):
        group = frame[component == key]
        if (group["when"] == "baseline").any() and (group["when"] == "period").any():
            yield key, group


def _label(key: str, names: Mapping[str, str], everything: str) -> str:
    return everything if key == "_all" else names.get(key, key)


# --------------------------------------------------------------------------- private


def _bounds(center: float, se: float, df: float | None, scale: str, alpha: float):
    """The two-sided 1 - alpha Wald interval (t with `df` where given) on the estimate's scale."""
    crit = sps.t.ppf(1 - alpha / 2, df) if df is not None and pd.notna(df) else None
    crit = float(sps.norm.ppf(1 - alpha / 2)) if crit is None else float(crit)
    low, high = center - crit * se, center + crit * se
    return (math.exp(low), math.exp(high)) if scale == "log" else (low, high)


def _plain(value: object) -> object:
    """A JSON-ready value: numpy numbers as Python ones, NaN as None."""
    if isinstance(value, (bool, np.bool_)):
        return bool(value)
    if isinstance(value, (int, float, np.integer, np.floating)):
        value = float(value) if isinstance(value, (float, np.floating)) else int(value)
        return None if isinstance(value, float) and not math.isfinite(value) else value
    return None if value is None or (not isinstance(value, str) and pd.isna(value)) else value


def _verdict(row: pd.Series) -> str:
    """ "beyond chance" / "within chance" (prefixed "exploratory: "), or why not tested."""
    if pd.isna(row["p_adjusted"]):
        untested = row["not_tested"] or "nothing to compare"
        return "not tested" if untested == NOT_ENGLISH else f"not tested: {untested}"
    word = "beyond chance" if row["significant"] else "within chance"
    return word if row["family"] == PRIMARY else f"exploratory: {word}"


def _caveat(sizes: Sequence[float], text: str) -> str:
    sizes = [_number(s) for s in sizes]
    if sizes and min(sizes) < SMALL_N:
        small = f"small samples (fewer than {SMALL_N} in a group) give wide intervals"
        return f"{small}; {text}" if text else small
    return text


def _number(value: object) -> float:
    return 0.0 if value is None or pd.isna(value) else float(value)
