"""Is a shift real? Significance tests of sentiment and post metrics (FRAMEWORKS.md section 7).

Every test returns a dict with at least `test`, `n`, `effect_size`, `effect_measure`, `p_value`
and `caveat` (plain words for the client), so `test_table` can collect the tests of a notebook
and adjust their p-values together (Benjamini-Hochberg). Values a test cannot give (an empty
group, a zero denominator) are None. Comparisons read "period against baseline": differences
are period - baseline and ratios period / baseline when the period is passed first.
"""

from __future__ import annotations

import math
import warnings
from collections.abc import Iterable, Mapping, Sequence

import numpy as np
import pandas as pd
from scipy import stats as sps
from scipy.stats import contingency
from statsmodels.stats.multitest import multipletests
from statsmodels.stats.proportion import (
    confint_proportions_2indep,
    proportion_effectsize,
    proportions_ztest,
)
from statsmodels.stats.rates import confint_poisson_2indep, test_poisson_2indep

from .metrics import chart_label

__all__ = [
    "SMALL_N",
    "CI_METHOD",
    "proportion_shift",
    "sentiment_shift_results",
    "shift_results",
    "mix_chi_square",
    "compound_mann_whitney",
    "poisson_rate_test",
    "bootstrap_rate_ci",
    "benjamini_hochberg",
    "test_table",
    "TEST_COLUMNS",
    "shift_tests",
    "readable_tests",
    "forest_rows",
    "shift_summary",
    "caveats",
]

SMALL_N = 30
"""Below this many observations in a group a caveat warns of wide intervals."""

CI_METHOD = "newcomb"
"""statsmodels method of the 95% interval of a difference of proportions: Newcombe's hybrid
score interval (from two Wilson intervals). Unlike the Wald interval it keeps its coverage for
small n and shares near 0 or 1, and stays within -1..1."""

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
)
_CAUSE = "a period comparison shows association, not cause"
_AUTHORS = "several mentions by one author are not independent, which makes p too small"


def proportion_shift(pos_base: int, n_base: int, pos_period: int, n_period: int) -> dict:
    """Pooled two-proportion z-test of a share, period against baseline.

    difference = period share - baseline share, with its 95% Newcombe interval (`CI_METHOD`);
    p_value two-sided from statsmodels `proportions_ztest` (pooled variance); effect_size is
    Cohen's h = 2 asin(sqrt(p_period)) - 2 asin(sqrt(p_base)). When both samples are all in or
    all out of the class the difference is 0 and p_value is 1. Values need n > 0 on both sides.
    """
    n_base, n_period = int(n_base), int(n_period)
    pos_base, pos_period = int(pos_base), int(pos_period)
    base = pos_base / n_base if n_base else None
    period = pos_period / n_period if n_period else None
    out = {
        "test": "two-proportion z",
        "baseline_positive_share": base,
        "period_positive_share": period,
        "difference": None,
        "ci_low": None,
        "ci_high": None,
        "z": None,
        "p_value": None,
        "estimate": None,
        "estimate_measure": "difference in share",
        "effect_size": None,
        "effect_measure": "Cohen's h",
        "ci_method": CI_METHOD,
        "n_baseline": n_base,
        "n_period": n_period,
        "n": n_base + n_period,
        "caveat": _caveat([n_base, n_period], _AUTHORS),
    }
    if base is None or period is None:
        return out
    low, high = confint_proportions_2indep(
        pos_period, n_period, pos_base, n_base, method=CI_METHOD, compare="diff", alpha=0.05
    )
    pooled = (pos_base + pos_period) / (n_base + n_period)
    if pooled in (0.0, 1.0):
        z, p = 0.0, 1.0  # no variance under the null: both samples identical
    else:
        z, p = proportions_ztest([pos_period, pos_base], [n_period, n_base])
    out.update(
        difference=period - base,
        estimate=period - base,
        ci_low=float(low),
        ci_high=float(high),
        z=float(z),
        p_value=float(p),
        effect_size=float(proportion_effectsize(period, base)),
    )
    return out


def sentiment_shift_results(
    scored: pd.DataFrame,
    baseline_mask: Sequence[bool] | pd.Series | np.ndarray,
    period_mask: Sequence[bool] | pd.Series | np.ndarray,
    *,
    by: str = "component_id",
    cls: str = "positive",
) -> dict[str, dict] | None:
    """The results.json `sentiment_shift` section: positive share, period against baseline.

    One entry per value of `by` (mentions without a component count only in `_all`) and `_all`,
    each with the `proportion_shift` keys of the contract plus n_baseline and n_period; a group
    with no mention on one side has null shares / tests. None when the baseline holds no
    mention at all.
    """
    baseline_mask = np.asarray(baseline_mask, dtype=bool)
    period_mask = np.asarray(period_mask, dtype=bool)
    if not baseline_mask.any():
        return None
    hit = (scored["sentiment"] == cls).to_numpy()
    groups = (
        scored[by].fillna("").astype(str).to_numpy()
        if by in scored.columns
        else np.full(len(scored), "", dtype=object)
    )
    keys = sorted(set(groups[baseline_mask | period_mask]) - {""})
    out: dict[str, dict] = {}
    for key in [*keys, "_all"]:
        member = np.ones(len(scored), bool) if key == "_all" else groups == key
        b, p = member & baseline_mask, member & period_mask
        shift = proportion_shift(hit[b].sum(), b.sum(), hit[p].sum(), p.sum())
        out[key] = {k: shift[k] for k in _SHIFT_KEYS}
    return out


def shift_results(scored: pd.DataFrame) -> dict[str, dict] | None:
    """`sentiment_shift_results` of mentions scored by `sentiment.score_client` (its `when`)."""
    return sentiment_shift_results(scored, scored["when"] == "baseline", scored["when"] == "period")


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


def poisson_rate_test(count1: int, exposure1: float, count2: int, exposure2: float) -> dict:
    """Test of two Poisson rates (e.g. comments per post), rate ratio = rate1 / rate2.

    statsmodels `test_poisson_2indep` (score method) with the exposures (posts), and the 95%
    score interval of the ratio (`confint_poisson_2indep`). Counts per post are usually more
    spread out than Poisson allows, which makes p too small: back it with `bootstrap_rate_ci`.
    """
    rate1 = count1 / exposure1 if exposure1 else None
    rate2 = count2 / exposure2 if exposure2 else None
    out = {
        "test": "Poisson rate ratio",
        "rate1": rate1,
        "rate2": rate2,
        "estimate": None,
        "estimate_measure": "rate ratio",
        "effect_size": None,
        "effect_measure": "rate ratio",
        "ci_low": None,
        "ci_high": None,
        "statistic": None,
        "p_value": None,
        "n": _number(exposure1) + _number(exposure2),
        "caveat": _caveat(
            [exposure1, exposure2],
            "assumes every post draws responses at one rate; real counts vary more, so check "
            "the bootstrap interval",
        ),
    }
    if rate1 is None or rate2 is None or count1 + count2 == 0:
        return out
    result = test_poisson_2indep(
        count1, exposure1, count2, exposure2, method="score", compare="ratio"
    )
    out.update(statistic=_finite(result.statistic), p_value=_finite(result.pvalue))
    if rate2 > 0:
        low, high = confint_poisson_2indep(
            count1, exposure1, count2, exposure2, method="score", compare="ratio"
        )
        out.update(
            estimate=rate1 / rate2,
            effect_size=rate1 / rate2,
            ci_low=_finite(low),
            ci_high=_finite(high),
        )
    return out


def bootstrap_rate_ci(
    per_post_counts_a: Sequence[float],
    per_post_counts_b: Sequence[float],
    *,
    seed: int = 0,
    n_resamples: int = 5000,
    confidence: float = 0.95,
) -> dict:
    """Bootstrap interval of the ratio of mean counts per post, mean(a) / mean(b).

    Posts are resampled within each group (scipy `bootstrap`, BCa, falling back to percentile
    where BCa is undefined), so it holds for overdispersed counts. `seed` makes it repeatable.
    Interval bounds that are not finite (b's resamples averaging 0) are None.
    """
    a = np.asarray(per_post_counts_a, dtype="float64")
    b = np.asarray(per_post_counts_b, dtype="float64")
    rate_a = float(a.mean()) if len(a) else None
    rate_b = float(b.mean()) if len(b) else None
    out = {
        "test": "bootstrap rate ratio",
        "rate_a": rate_a,
        "rate_b": rate_b,
        "effect_size": rate_a / rate_b if rate_a is not None and rate_b else None,
        "effect_measure": "rate ratio",
        "ci_low": None,
        "ci_high": None,
        "confidence": confidence,
        "method": None,
        "n_resamples": n_resamples,
        "seed": seed,
        "p_value": None,
        "n": len(a) + len(b),
        "caveat": _caveat([len(a), len(b)], "an interval, not a test; posts resampled"),
    }
    if len(a) < 2 or len(b) < 2 or not rate_b:
        return out

    def ratio(x: np.ndarray, y: np.ndarray, axis: int = -1) -> np.ndarray:
        with np.errstate(divide="ignore", invalid="ignore"):
            return np.mean(x, axis=axis) / np.mean(y, axis=axis)

    batch = max(1, 4_000_000 // (len(a) + len(b)))
    for method in ("BCa", "percentile"):
        with (
            np.errstate(divide="ignore", invalid="ignore"),
            warnings.catch_warnings(action="ignore"),
        ):
            result = sps.bootstrap(
                (a, b),
                ratio,
                n_resamples=n_resamples,
                batch=batch,
                vectorized=True,
                confidence_level=confidence,
                method=method,
                rng=np.random.default_rng(seed),
            )
        low, high = result.confidence_interval
        if not (math.isnan(low) or math.isnan(high)):
            break
    out.update(ci_low=_finite(low), ci_high=_finite(high), method=method)
    return out


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


def test_table(rows: Iterable[Mapping] | Mapping[str, Mapping], *, alpha: float = 0.05):
    """One table of every test of a notebook, with Benjamini-Hochberg adjusted p-values.

    `rows` are the dicts returned by this module's tests, each with an optional `comparison`
    (what is compared, in words), or a mapping comparison -> result. A row may carry
    `bootstrap_low` and `bootstrap_high`, the bootstrap interval of a rate ratio.

    Returns
    -------
    DataFrame
        Columns `TEST_COLUMNS`: comparison, component_id, test, n_baseline, n_period, n,
        value_baseline and value_period (what is compared, where a row gives them),
        estimate_measure, estimate, ci_low, ci_high (95% interval of the estimate),
        bootstrap_low, bootstrap_high, effect_measure, effect_size, p_value, p_adjusted
        (Benjamini-Hochberg over every row with a p-value), significant (adjusted p < `alpha`
        and, where a bootstrap interval is given, that interval excludes 1), caveat.
    """
    items = (
        [{**result, "comparison": name} for name, result in rows.items()]
        if isinstance(rows, Mapping)
        else [dict(result) for result in rows]
    )
    frame = pd.DataFrame(
        [{c: item.get(c) for c in TEST_COLUMNS[:-3]} for item in items],
        columns=list(TEST_COLUMNS[:-3]),
    )
    numbers = ["value_baseline", "value_period", "estimate", "ci_low", "ci_high"]
    numbers += ["bootstrap_low", "bootstrap_high"]
    frame = frame.astype({c: "float64" for c in [*numbers, "effect_size", "p_value"]})
    frame["p_adjusted"] = benjamini_hochberg(frame["p_value"].tolist())
    outside = ~((frame["bootstrap_low"] <= 1) & (frame["bootstrap_high"] >= 1))
    booted = frame["bootstrap_low"].notna() | frame["bootstrap_high"].notna()
    frame["significant"] = (frame["p_adjusted"] < alpha) & (~booted | outside)
    frame["caveat"] = ["; ".join(filter(None, [item.get("caveat", ""), _CAUSE])) for item in items]
    return frame


TEST_COLUMNS: tuple[str, ...] = (
    "comparison",
    "component_id",
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
    "bootstrap_low",
    "bootstrap_high",
    "effect_measure",
    "effect_size",
    "p_value",
    "p_adjusted",
    "significant",
    "caveat",
)
"""Columns of `test_table`."""


# --------------------------------------------------------------------------- the notebook's tests

_RATES = (
    ("comments", "comments per post"),
    ("shares", "shares per post"),
    ("likes", "likes per post"),
)


def shift_tests(
    scored: pd.DataFrame,
    posts: pd.DataFrame,
    *,
    names: Mapping[str, str] | None = None,
    seed: int = 0,
) -> list[dict]:
    """Every period-against-baseline test of the metric-analysis notebook, one dict each.

    `scored` and `posts` carry a `when` column ("baseline" / "period"), as
    `sentiment.score_client` and `metrics.span_posts` give them. For all mentions and for each
    component with mentions on both sides: the positive share (`proportion_shift`), the
    positive / neutral / negative mix (`mix_chi_square`) and the compound scores
    (`compound_mann_whitney`). For all posts and for each component with posts on both sides:
    comments, shares and likes per post (`poisson_rate_test`, period / baseline), each with
    the `bootstrap_rate_ci` interval of the same ratio (`bootstrap_low`, `bootstrap_high`).
    Each dict gets `comparison` (in words, with the component's name from `names`),
    `component_id` ("_all" for everything), `n_baseline` and `n_period`. Pass the list to
    `test_table`.
    """
    names = dict(names or {})
    out: list[dict] = []
    for key, group in _groups(scored):
        label = _label(key, names, "all mentions")
        base, now = group[group["when"] == "baseline"], group[group["when"] == "period"]
        pos = (base["sentiment"] == "positive").sum(), (now["sentiment"] == "positive").sum()
        mix = [
            [int((part["sentiment"] == c).sum()) for c in ("positive", "neutral", "negative")]
            for part in (base, now)
        ]
        sides = {"component_id": key, "n_baseline": len(base), "n_period": len(now)}
        share = proportion_shift(pos[0], len(base), pos[1], len(now))
        scores = compound_mann_whitney(base["compound"], now["compound"])
        out += [
            {
                **share,
                "comparison": f"positive share, {label}",
                "value_baseline": share["baseline_positive_share"],
                "value_period": share["period_positive_share"],
                **sides,
            },
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
        base, now = group[group["when"] == "baseline"], group[group["when"] == "period"]
        sides = {"component_id": key, "n_baseline": len(base), "n_period": len(now)}
        for column, words in _RATES:
            if column not in group.columns or not group[column].any():
                continue  # no such count, or none on either side: nothing to compare
            test = poisson_rate_test(now[column].sum(), len(now), base[column].sum(), len(base))
            boot = bootstrap_rate_ci(now[column], base[column], seed=seed)
            out.append(
                {
                    **test,
                    "comparison": f"{words}, {label}",
                    "value_baseline": test["rate2"],
                    "value_period": test["rate1"],
                    "bootstrap_low": boot["ci_low"],
                    "bootstrap_high": boot["ci_high"],
                    **sides,
                }
            )
    return out


def readable_tests(table: pd.DataFrame, *, kind: str = "all") -> pd.DataFrame:
    """A `test_table` for a client to read: values, estimate with its interval, effect, n, p.

    `kind` "sentiment" keeps the tests of mentions, "rates" the per-post rates (with their
    bootstrap interval in its own column), "all" every test.
    """
    rates = table["test"] == "Poisson rate ratio"
    rows = table[rates] if kind == "rates" else table[~rates] if kind == "sentiment" else table
    signed = {"Cohen's h", "rank-biserial r"}
    out = pd.DataFrame(
        {
            "comparison": rows["comparison"].to_numpy(),
            "test": rows["test"].to_numpy(),
            "n (baseline / period)": [
                f"{_int(a)} / {_int(b)}"
                for a, b in zip(rows["n_baseline"], rows["n_period"], strict=True)
            ],
            "baseline → period": [_values(row) for _, row in rows.iterrows()],
            "estimate (95% CI)": [_estimate(row) for _, row in rows.iterrows()],
            "effect size": [
                "–" if pd.isna(v) else f"{m} {v:+.2f}" if m in signed else f"{m} {v:.2f}"
                for m, v in zip(rows["effect_measure"], rows["effect_size"], strict=True)
            ],
            "bootstrap 95% CI": [
                "–" if pd.isna(low) else f"{low:.2f} to {high:.2f}"
                for low, high in zip(rows["bootstrap_low"], rows["bootstrap_high"], strict=True)
            ],
            "p": [_p(v) for v in rows["p_value"]],
            "p adjusted (BH)": [_p(v) for v in rows["p_adjusted"]],
            "verdict": [_verdict(row) for _, row in rows.iterrows()],
        }
    )
    if kind == "rates":  # the ratio is the effect size: say it once
        return out.drop(columns=["test", "effect size"]).rename(
            columns={"n (baseline / period)": "posts (baseline / period)"}
        )
    if kind == "sentiment":
        return out.drop(columns=["bootstrap 95% CI"])
    return out


def forest_rows(table: pd.DataFrame, *, test: str = "two-proportion z") -> pd.DataFrame:
    """The rows of one test for `charts.intervals`: label (with n), estimate and interval.

    Differences of shares are given in percentage points. `$` in labels is escaped (matplotlib
    reads `$...$` as mathematics).
    """
    rows = table[(table["test"] == test) & table["estimate"].notna()].copy()
    scale = 100.0 if test == "two-proportion z" else 1.0
    label = rows["comparison"].str.split(", ", n=1).str[1].fillna(rows["comparison"])
    return pd.DataFrame(
        {
            "label": [
                f"{chart_label(text, width=32)}\n(n={_int(a)} / {_int(b)})"
                for text, a, b in zip(label, rows["n_baseline"], rows["n_period"], strict=True)
            ],
            "estimate": scale * rows["estimate"].to_numpy(),
            "ci_low": scale * rows["ci_low"].to_numpy(),
            "ci_high": scale * rows["ci_high"].to_numpy(),
            "significant": rows["significant"].to_numpy(dtype=bool),
        }
    )


def shift_summary(table: pd.DataFrame, period_label: str) -> dict[str, str]:
    """The claim of the significance section: what changed beyond chance, and what did not.

    The headline names the clearest change of a positive share (largest significant
    difference; all mentions when no component's share moved); the detail counts the tests.
    """
    tested = table[table["p_value"].notna()]
    if tested.empty:
        return {
            "headline": "Nothing can be tested: no mentions or posts in both periods.",
            "detail": (
                "A test compares the baseline with the period: it needs `baseline` in "
                "client.yaml and mentions or posts in both."
            ),
            "title": "",
        }
    shares = tested[tested["test"] == "two-proportion z"]
    parts = shares[(shares["component_id"] != "_all") & shares["significant"]]
    moved = parts.sort_values("estimate", key=abs, ascending=False)
    whole = shares[shares["component_id"] == "_all"]
    headline, title = "", f"Positive share, {period_label} against the baseline"
    if len(moved):
        row = moved.iloc[0]
        where = row["comparison"].split(", ", 1)[-1]
        direction = "rose" if row["estimate"] > 0 else "fell"
        headline = (
            f"The positive share on {where} {direction} by {abs(100 * row['estimate']):.0f} "
            f"points ({_interval(row)}): a real change."
        )
        title = (
            f"The positive share {direction} most on {where}"
            if len(moved) > 1
            else f"The positive share {direction} on {where}; elsewhere within chance"
        )
    elif len(shares):
        title = "No component's positive share moved beyond chance"
        headline = "No component's positive share moved beyond chance."
    if len(whole):
        row = whole.iloc[0]
        verdict = "a real change" if row["significant"] else "within chance"
        sentence = (
            f"Over all mentions the positive share moved {_points(row['estimate'])} points "
            f"({_interval(row)}), {verdict}."
        )
        headline = f"{headline} {sentence}".strip()
    real = tested[tested["significant"]]
    detail = (
        f"{len(real)} of {len(tested)} comparisons of this notebook show a change larger than "
        "chance after correcting for the number of tests (Benjamini-Hochberg, 5% false "
        "discovery rate)."
    )
    rates = tested[(tested["test"] == "Poisson rate ratio") & tested["significant"]]
    doubted = tested[(tested["test"] == "Poisson rate ratio") & ~tested["significant"]]
    doubted = doubted[doubted["p_adjusted"] < 0.05]
    if len(rates) or len(doubted):
        detail += (
            f" Of the per-post rates, {len(rates)} changed with the bootstrap interval agreeing; "
            f"for {len(doubted)} more the Poisson test alone would say so, but the bootstrap, "
            "which allows for posts that vary, does not."
        )
    return {"headline": headline, "detail": detail, "title": chart_label(title, width=64)}


def caveats(scored: pd.DataFrame, table: pd.DataFrame) -> dict[str, str]:
    """The caveats of the tests in plain words: authors, cause, small n, overdispersion."""
    authors = scored["author"].fillna("").astype(str) if "author" in scored else pd.Series("")
    known = authors[authors != ""]
    counts = known.value_counts()
    repeated = counts[counts > 1]
    if len(repeated):
        share = repeated.sum() / len(scored) if len(scored) else 0.0
        author_words = (
            f"Repeated authors: {len(repeated):,} people wrote more than one of the compared "
            f"mentions, {share:.0%} of them together. Mentions by one person are not "
            "independent, so the tests count more evidence than there is and p-values come "
            "out too small."
        )
    else:
        author_words = (
            "Repeated authors: the mentions carry no author (or each author wrote once), so "
            "this cannot be checked; several mentions by one person would make p too small."
        )
    tested = table[table["p_value"].notna()]
    small = tested[(tested[["n_baseline", "n_period"]].min(axis=1) < SMALL_N)]
    small_words = (
        f"Small numbers: {len(small)} of the {len(tested)} comparisons rest on fewer than "
        f"{SMALL_N} mentions or posts on one side; their intervals are wide and a real change "
        "there can go unnoticed."
        if len(small)
        else f"Small numbers: every comparison rests on at least {SMALL_N} mentions or posts "
        "on each side; intervals still show how precise each estimate is."
    )
    return {
        "authors": author_words,
        "cause": (
            "Association, not cause: a difference between two periods says that something "
            "changed, not what changed it. Look for what else happened (campaigns, outages, "
            "seasons, a new moderator) before crediting one action."
        ),
        "small": small_words,
        "rates": (
            "Per-post rates: the Poisson test assumes every post draws responses at one rate; "
            "real posts vary far more, so a rate counts as changed only when the bootstrap "
            "interval (which resamples whole posts) agrees."
        ),
        "method": (
            "Method: a change of scoring method, version, threshold or preprocessing can fake "
            "a shift; both periods here are scored the same way."
        ),
    }


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


def _int(value: object) -> str:
    return "–" if value is None or pd.isna(value) else f"{int(value):,}"


def _p(value: object) -> str:
    if value is None or pd.isna(value):
        return "–"
    return "< 0.001" if value < 0.001 else f"{value:.3f}"


def _interval(row: pd.Series) -> str:
    """ "95% CI +9 to +29, n=170 then 185, adjusted p < 0.001" of a two-proportion row."""
    return (
        f"95% CI {_points(row['ci_low'])} to {_points(row['ci_high'])}, "
        f"n={_int(row['n_baseline'])} then {_int(row['n_period'])}, "
        f"adjusted p {_p(row['p_adjusted'])}"
    )


def _points(value: object) -> str:
    return "–" if value is None or pd.isna(value) else f"{100 * value:+.0f}"


def _estimate(row: pd.Series) -> str:
    if pd.isna(row["estimate"]):
        return "–"
    if row["estimate_measure"] == "difference in share":
        low, high = _points(row["ci_low"]), _points(row["ci_high"])
        return f"{_points(row['estimate'])} points ({low} to {high})"
    return f"x{row['estimate']:.2f} ({row['ci_low']:.2f} to {row['ci_high']:.2f})"


def _values(row: pd.Series) -> str:
    """The compared values: shares in %, medians of compound scores, rates per post."""
    before, after = row["value_baseline"], row["value_period"]
    if pd.isna(before) or pd.isna(after):
        return "–"
    if row["test"] == "two-proportion z":
        return f"{before:.0%} → {after:.0%}"
    if row["test"] == "Mann-Whitney U":
        return f"median {before:+.2f} → {after:+.2f}"
    return f"{before:,.2f} → {after:,.2f}"


def _verdict(row: pd.Series) -> str:
    if pd.isna(row["p_adjusted"]):
        return "not tested"
    if row["significant"]:
        return "real change"
    if row["p_adjusted"] < 0.05:
        return "bootstrap disagrees"
    return "within chance"


# --------------------------------------------------------------------------- private


def _caveat(sizes: Sequence[float], text: str) -> str:
    sizes = [_number(s) for s in sizes]
    if sizes and min(sizes) < SMALL_N:
        return f"small samples (fewer than {SMALL_N} in a group) give wide intervals; {text}"
    return text


def _number(value: object) -> float:
    return 0.0 if value is None or pd.isna(value) else float(value)


def _finite(value: object) -> float | None:
    value = float(value)
    return value if math.isfinite(value) else None
