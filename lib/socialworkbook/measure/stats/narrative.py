"""The significance tests in words: the notebook's tables, claims, caveats and definitions."""

from __future__ import annotations

import pandas as pd

from ... import wording
from ...catalogue import METRICS
from ...story import Story
from ...wording import chart_label
from .significance import (
    AUTOMATIC,
    COUNT_TEST,
    ESTIMATED_SHARE_TEST,
    FEW_AUTHORS,
    MIN_N,
    NOT_ENGLISH,
    PRIMARY,
    SHARE_TEST,
    SHARE_TESTS,
    SMALL_N,
)

__all__ = [
    "readable_tests",
    "bound_text",
    "forest_rows",
    "shift_summary",
    "change_words",
    "caveats",
    "verdict_caveat",
    "authors_words",
    "interval_words",
    "compared",
    "TEST_CAPTIONS",
    "definitions",
]


def readable_tests(table: pd.DataFrame, *, kind: str = "all") -> pd.DataFrame:
    """A `test_table` for a client to read: values, estimate with its interval, n, p, verdict.

    `kind` "sentiment" keeps the tests of mentions, "rates" the per-post rates, "all" every
    test. The interval is the one that goes with the verdict (at the family's adjusted level,
    `test_table`), so the two never disagree; the 95% interval of results.json goes with p.
    """
    rates = table["test"] == COUNT_TEST
    rows = table[rates] if kind == "rates" else table[~rates] if kind == "sentiment" else table
    signed = {"Cohen's h", "rank-biserial r"}
    out = pd.DataFrame(
        {
            "comparison": rows["comparison"].to_numpy(),
            "family": rows["family"].to_numpy(),
            "test": rows["test"].to_numpy(),
            "n (baseline / period)": [
                f"{wording.count(a, blank='–')} / {wording.count(b, blank='–')}"
                for a, b in zip(rows["n_baseline"], rows["n_period"], strict=True)
            ],
            "baseline → period": [_values(row) for _, row in rows.iterrows()],
            "estimate (interval)": [_estimate(row) for _, row in rows.iterrows()],
            "effect size": [
                "–" if pd.isna(v) else f"{m} {_signed(v) if m in signed else f'{v:.2f}'}"
                for m, v in zip(rows["effect_measure"], rows["effect_size"], strict=True)
            ],
            "authors": [_authors(row) for _, row in rows.iterrows()],
            "design effect": ["–" if pd.isna(v) else f"{v:.2f}" for v in rows["design_effect"]],
            "p": [wording.p_value(v, blank="–") for v in rows["p_value"]],
            "p adjusted (BH)": [wording.p_value(v, blank="–") for v in rows["p_adjusted"]],
            "verdict": rows["verdict"].to_numpy(),
        }
    )
    if kind == "rates":  # the ratio is the effect size, and posts are not clustered: say it once
        return out.drop(columns=["test", "effect size", "authors", "design effect"]).rename(
            columns={"n (baseline / period)": "posts (baseline / period)"}
        )
    return out


def forest_rows(table: pd.DataFrame) -> pd.DataFrame:
    """The positive-share rows for `charts.intervals`: label (with n), estimate and interval.

    Differences in percentage points, with the interval at the family's adjusted level (the
    one that matches the verdict). `$` in labels is escaped (matplotlib reads `$...$` as
    mathematics).
    """
    rows = table[table["test"].isin(SHARE_TESTS) & table["adjusted_low"].notna()]
    label = rows["comparison"].str.split(", ", n=1).str[1].fillna(rows["comparison"])
    return pd.DataFrame(
        {
            "label": [
                f"{chart_label(text, width=32)}\n(n={wording.count(a)} / {wording.count(b)})"
                for text, a, b in zip(label, rows["n_baseline"], rows["n_period"], strict=True)
            ],
            "estimate": 100.0 * rows["estimate"].to_numpy(),
            "ci_low": 100.0 * rows["adjusted_low"].to_numpy(),
            "ci_high": 100.0 * rows["adjusted_high"].to_numpy(),
            "significant": rows["significant"].to_numpy(dtype=bool),
        }
    )


def shift_summary(table: pd.DataFrame, period_label: str) -> Story:
    """The claim of the significance section: what changed beyond chance, and what did not.

    The headline names the clearest change of a positive share (largest difference beyond
    chance; all mentions when no component's share moved) and the overall one; the detail
    counts the primary and the exploratory comparisons apart. `subtitle` says which
    intervals the forest chart draws.
    """
    tested = table[table["p_value"].notna()]
    untested = table[table["p_value"].isna() & (table["family"] != AUTOMATIC)]
    unread = (table["not_tested"] == NOT_ENGLISH) & (table["component_id"] == "_all")
    language = (  # VADER reads English only (`language.Scope`)
        f"The automatic scores' positive share is not tested: {NOT_ENGLISH}; a random sample "
        "of the mentions labelled by people gives the sentiment figure."
        if unread.any()
        else ""
    )
    if tested.empty and language:
        return Story(headline="No sentiment comparison is tested.", detail=language)
    if tested.empty:
        return Story(
            headline="Nothing can be tested: no mentions or posts in both periods.",
            detail=(
                "A test compares the baseline with the period: it needs `baseline` in "
                f"client.yaml and at least {MIN_N} mentions or posts in each."
            ),
        )
    made = compared(table)
    shares = tested[tested["test"].isin(SHARE_TESTS)]
    moved = shares[(shares["component_id"] != "_all") & shares["significant"]]
    moved = moved.sort_values("estimate", key=abs, ascending=False)
    headline, title = "", f"Positive share, {period_label} against the baseline"
    if len(moved):
        row = moved.iloc[0]
        where = row["comparison"].split(", ", 1)[-1]
        direction = "rose" if row["estimate"] > 0 else "fell"
        headline = (
            f"The positive share on {where} {direction} by {abs(100 * row['estimate']):.0f} "
            f"points ({_interval(row, made=made)}): beyond chance."
        )
        title = (
            f"The positive share {direction} most on {where}"
            if len(moved) > 1
            else f"The positive share {direction} on {where}; elsewhere within chance"
        )
    elif len(shares):
        title = "No component's positive share moved beyond chance"
        headline = "No component's positive share moved beyond chance."
    whole = shares[shares["component_id"] == "_all"]
    if len(whole):
        row = whole.iloc[0]
        sentence = (
            f"Over all mentions the positive share moved {_points(row['estimate'])} points "
            f"({_interval(row, made=made)}): {_plain_verdict(row)}." + authors_words(row)
        )
        if row["test"] == ESTIMATED_SHARE_TEST:
            sentence = (
                "Over all mentions the positive share, estimated from the samples labelled by "
                f"people, moved from {row['value_baseline']:.0%} to {row['value_period']:.0%}, "
                f"{_points(row['estimate'])} points ({_interval(row, unit='labels', made=made)}): "
                f"{_plain_verdict(row)}."
            )
            automatic = table[(table["family"] == AUTOMATIC) & (table["component_id"] == "_all")]
            if len(automatic) and pd.notna(automatic["estimate"].iloc[0]):
                sentence += (
                    " The automatic scorer alone would say "
                    f"{wording.points(100 * automatic['estimate'].iloc[0])}."
                )
        headline = f"{headline} {sentence}".strip()
    primary = tested[tested["family"] == PRIMARY]
    explore = tested[tested["family"] != PRIMARY]
    detail = (
        f"{int(primary['significant'].sum())} of the {len(primary)} primary comparisons "
        f"({_primary_words(primary)}, per component and overall) changed beyond "
        "chance after allowing for how many were made."
    )
    engagement = primary[(primary["test"] == COUNT_TEST) & (primary["component_id"] == "_all")]
    if len(engagement):
        row = engagement.iloc[0]
        sentence = (
            f"Engagements per post over all posts: x{row['estimate']:.2f} "
            f"({_interval(row, unit='ratio', made=made)}), {_plain_verdict(row)}."
        )
        if headline:
            detail += f" {sentence}"
        else:  # no mentions compared: the engagement verdict is the claim
            headline = sentence
    if len(explore):
        detail += (
            f" {len(explore)} further comparisons are exploratory (corrected among themselves; "
            f"{int(explore['significant'].sum())} beyond chance): leads to look into, not "
            "findings."
        )
    if len(untested):
        detail += (
            f" {len(untested)} comparisons were not tested (fewer than {MIN_N} posts or "
            "mentions in a period, or nothing to compare)."
        )
    detail += f" {language}" if language else ""
    if language and not headline:
        headline = "No sentiment comparison is tested: the mentions are not in English."
    levels = shares["adjusted_level"].dropna()
    subtitle = (
        "Period minus baseline, with intervals allowing for the "
        f"{wording.counted(made, 'comparison')} made together; coloured: beyond chance."
        if len(levels)
        else ""
    )
    return Story(
        headline=headline,
        detail=detail,
        title=chart_label(title, width=64),
        subtitle=subtitle,
    )


def _units(table: pd.DataFrame) -> str:
    """What the compared figures count: "mentions or posts", or "posts" alone without mentions."""
    return "mentions or posts" if table["test"].isin(SHARE_TESTS).any() else "posts"


def _primary_words(primary: pd.DataFrame) -> str:
    """What the primary comparisons compare, in words: only what was compared."""
    words = []
    if primary["test"].isin(SHARE_TESTS).any():
        words.append("positive share")
    if (primary["test"] == COUNT_TEST).any():
        words.append("engagements per post")
    return " and ".join(words) or "positive share and engagements per post"


def change_words(row: pd.Series) -> dict[str, str]:
    """A positive-share row of `test_table` as a tile says it: `change_text`, the change and
    its verdict ("+6 points vs baseline, beyond chance"), and `note`, what it rests on (the
    adjusted interval and n, as the significance section words them; why not, if untested)."""
    change = row["estimate"]
    if pd.isna(change):  # untested: the plain difference of the two shares
        change = row["value_period"] - row["value_baseline"]
    moved = f"{wording.points(100 * change)} vs baseline"
    if pd.isna(row["p_adjusted"]):
        return {"change_text": moved, "note": row["verdict"]}
    source = "labels" if row["test"] == ESTIMATED_SHARE_TEST else "points"
    automatic = "" if source == "labels" else "automatic scores: "
    return {
        "change_text": f"{moved}, {row['verdict']}",
        "note": f"{automatic}{_interval(row, unit=source)}{authors_words(row)}",
    }


def authors_words(row: pd.Series | dict) -> str:
    """ " Only 12 people wrote these mentions: too few (under 30) to tell a real change from a
    few people's voices." for a clustered share test with fewer than `FEW_AUTHORS` authors;
    empty otherwise (a leading space, to follow a sentence)."""
    if row.get("test") != SHARE_TEST or not _true(row.get("few_authors")):
        return ""
    return (
        f" Only {int(row['authors']):,} people wrote these mentions: too few (under "
        f"{FEW_AUTHORS}) to tell a real change from a few people's voices."
    )


def _true(value: object) -> bool:
    return bool(value) if value is not None and not pd.isna(value) else False


def _authors(row: pd.Series) -> str:
    """The number of authors of a clustered share test ("12, too few"), else "–"."""
    if row["test"] != SHARE_TEST or pd.isna(row.get("authors")):
        return "–"
    few = ", too few" if _true(row.get("few_authors")) else ""
    return f"{int(row['authors']):,}{few}"


def caveats(scored: pd.DataFrame, table: pd.DataFrame) -> dict[str, str]:
    """The caveats of the tests in plain words: authors, cause, small n, rates, method.

    Empty words when nothing was tested (no caveat to read).
    """
    if table.empty:
        return dict.fromkeys(("authors", "cause", "small", "rates", "families", "method"), "")
    authors = scored["author"].fillna("").astype(str) if "author" in scored else pd.Series("")
    known = authors[authors != ""]
    counts = known.value_counts()
    repeated = counts[counts > 1]
    whole = table[(table["test"] == SHARE_TEST) & (table["component_id"] == "_all")]
    deff = whole["design_effect"].iloc[0] if len(whole) else None
    if len(repeated):
        share = repeated.sum() / len(scored) if len(scored) else 0.0
        author_words = (
            f"Repeated authors: {len(repeated):,} people wrote more than one of the compared "
            f"mentions, {share:.0%} of them together (one wrote {int(counts.iloc[0]):,}). "
            "Mentions by one person are not independent, so the positive-share tests cluster "
            "them by author"
        )
        author_words += (
            f": over all mentions the variance of the shift is {deff:.2f} times what "
            f"independent mentions would give (design effect {deff:.2f})."
            if deff is not None and pd.notna(deff)
            else "."
        )
        author_words += " The mix and compound-score tests do not, so their p is too small."
        if len(whole) and _true(whole["few_authors"].iloc[0]):
            author_words += (
                f" Only {int(whole['authors'].iloc[0]):,} people wrote the compared mentions: "
                f"with fewer than {FEW_AUTHORS}, a change in the positive share cannot be told "
                "apart from a few people's voices, and the design effect is not given (with so "
                "few authors it is not reliable)."
            )
    elif len(known):
        author_words = "Repeated authors: every author wrote one of the compared mentions."
    elif not table["test"].isin(SHARE_TESTS).any():
        author_words = ""  # no mentions compared: nothing to say about their authors
    else:
        author_words = (
            "Repeated authors: the mentions carry no author, so they are treated as "
            "independent; several mentions by one person would make p too small."
        )
    if (table["test"] == ESTIMATED_SHARE_TEST).any():
        author_words += (
            " The positive shares estimated from labelled random samples need no clustering: "
            "their intervals come from the random draw of the labelled mentions."
        )
    tested = table[table["p_value"].notna()]
    small = tested[(tested[["n_baseline", "n_period"]].min(axis=1) < SMALL_N)]
    units = _units(table)
    small_words = (
        f"Small numbers: {len(small)} of the {len(tested)} tested comparisons rest on fewer "
        f"than {SMALL_N} {units} on one side; their intervals are wide and a real "
        f"change there can go unnoticed. Below {MIN_N} on a side nothing is tested."
        if len(small)
        else f"Small numbers: every tested comparison rests on at least {SMALL_N} {units} "
        f"on each side; below {MIN_N} on a side nothing is tested."
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
            "Per-post rates: posts vary far more than a Poisson count allows, so each rate is "
            "tested with a model whose spread is measured from each period's posts "
            "themselves, so a few posts in one period are judged on their own spread; one "
            "test per rate."
        ),
        "families": (
            "Many tests at once: the primary comparisons "
            f"({_primary_words(table[table['family'] == PRIMARY])}, per component and overall) "
            "are corrected together, the exploratory ones "
            "among themselves (Benjamini-Hochberg); each verdict comes with the interval at "
            "the adjusted level, which excludes no change exactly when the verdict says "
            "beyond chance."
        ),
        "method": (
            "Method: a change of scoring method, version, threshold or preprocessing can fake "
            "a shift; both periods here are scored the same way."
        ),
    }


def verdict_caveat(scored: pd.DataFrame, table: pd.DataFrame) -> str:
    """The one sentence that qualifies the verdicts, read beside them (the full notes are in
    `caveats`): chance, not cause; clustering by author; how many rest on small numbers.
    Empty when nothing was tested."""
    if table.empty:
        return ""
    tested = table[table["p_value"].notna()]
    small = int((tested[["n_baseline", "n_period"]].min(axis=1) < SMALL_N).sum())
    authors = (
        "mentions by one author are counted as one voice"
        if "author" in scored and scored["author"].fillna("").astype(str).ne("").any()
        else "the mentions carry no author, so each is counted as independent"
    )
    if not table["test"].isin(SHARE_TESTS).any():  # no mentions compared
        authors = ""
    whole = table[(table["test"] == SHARE_TEST) & (table["component_id"] == "_all")]
    if len(whole) and _true(whole["few_authors"].iloc[0]):
        authors += (
            f", and only {int(whole['authors'].iloc[0]):,} people wrote them, too few to tell a "
            "change from a few people's voices"
        )
    small_words = (
        f", and {small} of the {len(tested)} comparisons rest on fewer than {SMALL_N} "
        f"{_units(table)} on a side, so a real change there can go unnoticed"
        if small
        else ""
    )
    if not authors:
        return "A change beyond chance says that something changed, not what changed it" + (
            f"; {small_words[6:]}." if small_words else "."
        )
    return (
        "A change beyond chance says that something changed, not what changed it; "
        f"{authors}{small_words}."
    )


_STATISTICS = (
    (
        "rates over a group",
        "a ratio of sums: all engagements over all reach of the group's posts, not the mean of "
        "each post's rate",
    ),
    (
        "positive share test",
        "period share minus baseline share, t-test with small-sample corrected errors "
        "clustered by author (CR2) on the Bell-McCaffrey degrees of freedom (at most the "
        f"number of authors minus one); below {FEW_AUTHORS} authors the data cannot separate a "
        "change from a few people's voices",
    ),
    (
        "estimated positive share test",
        "where random samples of both periods are labelled by people, the test of the positive "
        "share instead: the difference of the two estimated shares, Wald z with the sum of "
        "their variances; the automatic scores' shift is then shown untested",
    ),
    (
        "per-post rate test",
        "rate ratio from a negative binomial GLM (its standard error never below the unpooled "
        "one of the two means), t on the Welch-Satterthwaite degrees of freedom",
    ),
    ("sentiment mix test", "chi-square test of the counts of the three classes"),
    ("compound score test", "Mann-Whitney U of VADER's compound scores; effect rank-biserial r"),
    ("effect size", "Cohen's h (shares), Cramer's V (mix), rank-biserial r (compound scores)"),
    (
        "design effect",
        "the variance of a share with mentions clustered by author over its variance if "
        f"every mention were independent; not given below {FEW_AUTHORS} authors",
    ),
    (
        "p adjusted (BH)",
        "p corrected for the number of comparisons in its family (Benjamini-Hochberg, 5% "
        "false discovery rate); primary and exploratory families apart",
    ),
    (
        "interval",
        "the interval at the family's adjusted level (Benjamini-Yekutieli): it excludes no "
        "change exactly when the verdict is beyond chance",
    ),
)


def definitions() -> pd.DataFrame:
    """The method appendix's terms: each metric the catalogue defines there (its `glossary`
    place) with its formula, then each statistic."""
    rows = [(m.name, m.definition.replace(" x ", " × ")) for m in METRICS.glossary()]
    return pd.DataFrame([*rows, *_STATISTICS], columns=["term", "definition"])


def _level(value: float) -> str:
    """ "98.3%" (one decimal, none where it is whole)."""
    text = f"{100 * value:.1f}".removesuffix(".0")
    return f"{text}%"


def interval_words(low: str, high: str, compared: int | None) -> str:
    """The one way client text gives the interval beside a verdict: "−1 to +13 points,
    allowing for the 17 comparisons made together" (its level, which follows from that
    number, and the adjusted p are the method appendix's)."""
    made = "the comparisons" if compared is None else wording.counted(compared, "comparison")
    if compared is not None:
        made = f"the {made}"
    return f"{low} to {high}, allowing for {made} made together"


def compared(table: pd.DataFrame) -> int:
    """How many primary comparisons were tested (the family a verdict allows for)."""
    return int(((table["family"] == PRIMARY) & table["p_value"].notna()).sum())


def _interval(row: pd.Series, *, unit: str = "points", made: int | None = None) -> str:
    """ "+9 to +29 points, allowing for the 17 comparisons made together; 170 then 185
    mentions": the adjusted interval in the client text's one convention (`interval_words`)
    and the n (`unit` "points", "labels": n labelled, or "ratio": posts); `made` is how many
    comparisons were made together (`compared`)."""
    before, after = (wording.count(row[k], blank="–") for k in ("n_baseline", "n_period"))
    if unit in ("points", "labels"):
        low, high = bound_text(row["adjusted_low"]), bound_text(row["adjusted_high"]) + " points"
        n = f"{before} then {after} " + ("labelled mentions" if unit == "labels" else "mentions")
        if row.get("test") == SHARE_TEST and pd.notna(row.get("authors")):
            n += f" from {int(row['authors']):,} authors"
    else:
        low = "x" + bound_text(row["adjusted_low"], ratio=True)
        high = "x" + bound_text(row["adjusted_high"], ratio=True)
        n = f"{before} then {after} posts"
    return f"{interval_words(low, high, made)}; {n}"


def bound_text(value: float | None, *, ratio: bool = False, decimals: int | None = None) -> str:
    """An interval bound as printed: a share difference in signed points ("+6"), a ratio
    ("0.90"); with more decimals where rounding would put a bound that excludes no change
    (0 points, ratio 1) on it ("+0.3", "1.0001"), so a printed interval never seems to
    contradict its verdict. A missing bound (None, NaN) prints as a dash."""
    if value is None or pd.isna(value):
        return "–"
    shown, null = (value, 1.0) if ratio else (100 * value, 0.0)
    places = (2 if ratio else 0) if decimals is None else decimals
    while True:
        text = f"{shown:.{places}f}" if ratio else f"{shown:+.{places}f}"
        if float(text) != null or shown == null or places >= 6:
            return text.replace("-", wording.MINUS)
        places += 1


def _signed(value: float) -> str:
    """A signed effect size or compound score to two places, with a true minus sign:
    -0.031 -> "−0.03", 0.12 -> "+0.12", what rounds to zero -> "0.00" (`wording.signed`)."""
    return wording.signed(value, decimals=2)


def _points(value: object) -> str:
    return "–" if value is None or pd.isna(value) else wording.signed(100 * value)


def _estimate(row: pd.Series) -> str:
    """ "+6 points (-1 to +13, 99.1%)": the estimate with the interval that goes with its
    verdict (at the family's adjusted level)."""
    if pd.isna(row["estimate"]):
        return "–"
    if pd.isna(row["adjusted_low"]):  # untested: the value alone, no interval to judge by
        return f"{_points(row['estimate'])} points" if row["scale"] == "difference" else "–"
    if row["estimate_measure"] == "difference in share":
        value = f"{_points(row['estimate'])} points"
        low, high = bound_text(row["adjusted_low"]), bound_text(row["adjusted_high"])
    else:
        value = f"x{row['estimate']:.2f}"
        low = bound_text(row["adjusted_low"], ratio=True)
        high = bound_text(row["adjusted_high"], ratio=True)
    return f"{value} ({low} to {high}, {_level(row['adjusted_level'])})"


def _values(row: pd.Series) -> str:
    """The compared values: shares in %, medians of compound scores, rates per post."""
    before, after = row["value_baseline"], row["value_period"]
    if pd.isna(before) or pd.isna(after):
        return "–"
    if row["test"] in SHARE_TESTS:
        return f"{before:.0%} → {after:.0%}"
    if row["test"] == "Mann-Whitney U":
        return f"median {_signed(before)} → {_signed(after)}"
    return f"{before:,.2f} → {after:,.2f}"


def _plain_verdict(row: pd.Series) -> str:
    return "beyond chance" if row["significant"] else "within what chance alone could produce"


TEST_CAPTIONS = {
    "sentiment": (
        "Sentiment of the client's own mentions, baseline against period: estimate with the "
        "interval that goes with the verdict (its level adjusted for the comparisons of its "
        "family), effect size, design effect of clustering by author, n on each side, p, and p "
        "adjusted within its family (Benjamini-Hochberg; the positive share is primary, mix and "
        "compound scores exploratory)."
    ),
    "rates": (
        "Per-post rates, period against baseline: rate ratio (negative binomial GLM, t on "
        "small-sample degrees of freedom) with the interval that goes with the verdict (its "
        "level adjusted for the comparisons of its family), p, and p adjusted within its "
        "family (engagements per post primary, its parts exploratory); no test with fewer "
        "than 10 posts in a period."
    ),
}
"""The captions of the appendix's `readable_tests` tables, by `kind`."""
