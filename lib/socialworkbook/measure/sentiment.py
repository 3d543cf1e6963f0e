"""Sentiment of customer conversation with VADER (Hutto & Gilbert 2014), cached per client.

A mention's text is preprocessed (@handles and URLs removed: a brand handle such as "@united"
carries lexicon words that would bias every mention of the brand), scored with VADER's compound
score, and classed positive (>= 0.05), negative (<= -0.05) or neutral. `METHOD` records all of
this and goes with every result, because a change in any part can fake a "shift".

Scores are cached in the client's own folder (`client_cache`, a `score_cache.ScoreCache`), so
no text crosses clients: per text (client-salted hash -> score, in SQLite) and per whole call.
The cache holds salted hashes and scores only, never a text. Distinct texts are scored once;
large batches are spread over the CPU cores (fork; elsewhere one process).
"""

from __future__ import annotations

import multiprocessing
import os
import re
import threading
from collections.abc import Sequence
from dataclasses import replace
from importlib.metadata import version
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from .. import wording
from ..periods import bucket_range, period_starts
from ..story import Story
from ..wording import chart_label
from . import language
from .brands import brands, competitor_mentions, own_brand
from .score_cache import ScoreCache, salt_of

if TYPE_CHECKING:
    from ..model import Client

__all__ = [
    "scorer_note",
    "PREPROCESSING",
    "THRESHOLD",
    "PARALLEL_MIN",
    "METHOD",
    "CLASSES",
    "client_cache_dir",
    "preprocess",
    "classify",
    "net_sentiment",
    "class_counts",
    "score_texts",
    "score_mentions",
    "sentiment_results",
    "confusion_table",
    "sentiment_over_time",
    "long_form_share",
    "scored_mentions_table",
    "competitor_results",
    "client_cache",
    "cache_at",
    "score_client",
    "with_language",
    "part",
    "write_scored_mentions",
    "component_table",
    "readable",
    "shares_frame",
    "summary",
    "trend_summary",
    "readable_confusion",
    "has_labels",
    "labels_summary",
    "long_form_note",
]

PREPROCESSING = "removed @handles and URLs (http/https/www), collapsed whitespace"
THRESHOLD = 0.05
CLASSES: tuple[str, ...] = ("positive", "neutral", "negative")
METHOD: dict[str, object] = {
    "name": "vader",
    "version": version("vaderSentiment"),
    "threshold": THRESHOLD,
    "preprocessing": PREPROCESSING,
}
"""The scoring method, recorded with every sentiment result (results.json `method`)."""

PARALLEL_MIN = 20_000
"""Uncached distinct texts from which scoring is spread over several processes."""

# One pass: an @handle not preceded by a word character, "." or "@" (so e-mail addresses stay),
# or a URL starting http://, https:// or www. (any case). Literal-first for a fast scan.
_STRIP = re.compile(r"@(?<![\w.@]@)\w+|\b(?:[hH][tT][tT][pP][sS]?://|[wW][wW][wW]\.)\S+")
_CACHED_METHOD = f"vader {METHOD['version']}\x00{PREPROCESSING}"  # what a cached score is of
_CHUNK = 4_000

_analyzer = None  # one SentimentIntensityAnalyzer per process, built on first use


def client_cache_dir(client_folder: Path | str) -> Path:
    """The sentiment cache folder of one client: `<client folder>/.cache/sentiment/`."""
    return Path(client_folder) / ".cache" / "sentiment"


def preprocess(text: str) -> str:
    """Remove @handles and URLs (http://, https://, www.) and collapse whitespace."""
    return " ".join(_STRIP.sub(" ", text).split())


def classify(compound: np.ndarray | Sequence[float]) -> np.ndarray:
    """VADER classes of compound scores: >= 0.05 positive, <= -0.05 negative, else neutral."""
    values = np.asarray(compound, dtype="float64")
    return np.where(
        values >= THRESHOLD, "positive", np.where(values <= -THRESHOLD, "negative", "neutral")
    ).astype(object)


def net_sentiment(positive, negative, n):
    """Net sentiment, 100 x (positive - negative) / n: of counts, or of columns of counts
    (`n` null where there are no mentions)."""
    return 100.0 * (positive - negative) / n


def score_texts(
    texts: Sequence[str], *, cache: ScoreCache | None = None, workers: int | None = None
) -> np.ndarray:
    """VADER compound score of each text, after `preprocess`.

    Each distinct preprocessed text is scored once. With `cache` (a client's own, see
    `client_cache`) scores persist per text, keyed by a client-salted hash of the text as
    given and the method, so a re-run scores only new texts; the scores of a whole call are
    kept too, so repeating the same call, as every notebook of a run does, costs one pass over
    the texts. Only salted hashes and scores are stored, never a text. More than
    `PARALLEL_MIN` distinct texts to score are spread over `workers` processes (default: the
    usable CPUs). None and NaN count as empty texts.

    Returns
    -------
    numpy.ndarray
        float64 compound scores in -1..1 (4 decimals, as VADER gives them), one per text.
    """
    if isinstance(texts, list):
        items = texts
    elif isinstance(texts, np.ndarray):
        items = texts.ravel().tolist()
    else:
        items = list(texts)
    if not items:
        return np.empty(0, dtype="float64")
    if cache is not None and (scores := cache.load_call(items)) is not None:
        return np.round(scores.astype("float64"), 4)
    raw = np.empty(len(items), dtype=object)
    raw[:] = items
    scores = _score_raw(raw, cache, workers)
    if cache is not None:
        cache.save_call(items, scores)
    return np.round(scores.astype("float64"), 4)


def score_mentions(
    mentions: pd.DataFrame, *, cache: ScoreCache | None = None, workers: int | None = None
) -> pd.DataFrame:
    """A copy of `mentions` with `compound` (VADER score) and `sentiment` (class) columns."""
    scored = mentions.copy()
    text = scored["text"] if "text" in scored else pd.Series("", index=scored.index)
    compound = score_texts(text.tolist(), cache=cache, workers=workers)
    scored["compound"] = compound
    scored["sentiment"] = classify(compound)
    return scored


def sentiment_results(
    scored: pd.DataFrame, *, by: str = "component_id"
) -> dict[str, dict[str, object]]:
    """The results.json `sentiment` section: per value of `by` and `_all`.

    Each entry: n, positive, neutral, negative, net_sentiment = 100 * (positive - negative) / n
    (None when n = 0), `METHOD`, and `labelled` (the same counts from the human `label`, plus
    agreement = share of labelled mentions whose VADER class equals the label) or None when no
    mention of the group is labelled. Mentions without a component count only in `_all`.
    """
    out: dict[str, dict[str, object]] = {}
    if by in scored.columns and len(scored):
        groups = scored[by].fillna("").astype(str)
        for key in sorted(groups.unique()):
            if key != "":
                out[key] = _summary(scored[groups == key])
    out["_all"] = _summary(scored)
    return out


def confusion_table(scored: pd.DataFrame) -> pd.DataFrame:
    """Human label (rows) against VADER class (columns) over the labelled mentions, as counts."""
    labelled = _labelled(scored)
    table = pd.crosstab(labelled["label"], labelled["sentiment"])
    table = table.reindex(index=list(CLASSES), columns=list(CLASSES), fill_value=0)
    table.index.name, table.columns.name = "label", "vader"
    return table.astype("int64")


def sentiment_over_time(
    scored: pd.DataFrame, *, freq: str = "W", by: str | None = None
) -> pd.DataFrame:
    """Mentions per calendar bucket (weeks from Monday for "W", months for "MS").

    Returns
    -------
    DataFrame
        Columns period (bucket start), `by` if given, n, positive, neutral, negative,
        net_sentiment, positive_share, positive_pct (the share in %), mean_compound; buckets
        without mentions between the first and last are included with n = 0.
    """
    where = language.vader_scope(scored)
    scored = language.vader_rows(scored)
    keys = [] if by is None else [by]
    frame = pd.DataFrame(
        {
            "period": period_starts(scored["published_at"], freq=freq).to_numpy(),
            **{k: scored[k].fillna("").to_numpy() for k in keys},
            "sentiment": scored["sentiment"].to_numpy(),
            "compound": scored["compound"].to_numpy(dtype="float64"),
        }
    )
    counts = pd.crosstab([frame[c] for c in ["period", *keys]], frame["sentiment"])
    counts = counts.reindex(columns=list(CLASSES), fill_value=0)
    counts.columns.name = None
    mean = frame.groupby(["period", *keys])["compound"].mean()
    if len(frame):
        levels = [bucket_range(scored["published_at"], freq=freq)] + [
            frame[k].drop_duplicates().sort_values() for k in keys
        ]
        full = (
            pd.MultiIndex.from_product(levels, names=["period", *keys])
            if keys
            else pd.Index(levels[0], name="period")
        )
        counts = counts.reindex(full, fill_value=0)
        mean = mean.reindex(full)
    counts = counts.astype("int64")
    n = counts.sum(axis=1)
    out = counts.copy()
    out.insert(0, "n", n)
    share = n.where(n > 0)
    out["net_sentiment"] = net_sentiment(counts["positive"], counts["negative"], share)
    out["positive_share"] = counts["positive"] / share
    out["positive_pct"] = 100.0 * out["positive_share"]
    out["mean_compound"] = mean.reindex(out.index)
    out = out.reset_index()
    out.attrs["vader_scope"] = where
    return out


def long_form_share(
    texts: Sequence[str], *, max_chars: int = 400, max_sentences: int = 3
) -> float | None:
    """Share of texts longer than `max_chars` characters or `max_sentences` sentences.

    VADER is accurate on short social text and much less so on long reviews and editorials;
    a notebook warns when this share is high. None for no texts.
    """
    series = pd.Series(texts, dtype=object).fillna("").astype(str)
    if series.empty:
        return None
    sentences = series.str.count(r"[^.!?\s][^.!?]*(?:[.!?]+|$)")
    long = (series.str.len() > max_chars) | (sentences > max_sentences)
    return float(long.mean())


def scored_mentions_table(scored: pd.DataFrame) -> pd.DataFrame:
    """The scored_mentions.csv table: mention_id, component_id, published_at, compound,
    sentiment, label (no text and no author)."""
    columns = ["mention_id", "component_id", "published_at", "compound", "sentiment", "label"]
    out = pd.DataFrame(index=scored.index)
    for column in columns:
        out[column] = scored[column] if column in scored else ""
    return out.reset_index(drop=True)


# --------------------------------------------------------------------------- a client's mentions
# The sentiment sections are about the client's own brand (CONTRACT.md section 3): mentions whose
# `brand` is empty or the client's own slug. Competitors' mentions get figures of their own
# (`competitor_results`) and share of voice compares the brands; they never enter the client's.

LONG_FORM_WARN = 0.05
"""Share of long-form mentions from which the notebook warns that VADER is less accurate."""

ALL_MENTIONS_LABEL = "All mentions"
NO_COMPONENT_LABEL = "(no component)"


def cache_at(folder: Path | str, *, salt: str) -> ScoreCache:
    """The score cache in `folder` with keys salted by `salt`, for this module's `METHOD`."""
    return ScoreCache(folder, salt=salt, method=_CACHED_METHOD)


def client_cache(client: Client) -> ScoreCache | None:
    """The client's score cache (keys salted with its salt), or None without a folder on disk."""
    folder = getattr(client, "folder", None)
    salt = salt_of(folder, "sentiment")
    if salt is None:
        return None
    return cache_at(client_cache_dir(folder), salt=salt)


def score_client(client: Client, *, workers: int | None = None, own: bool = True) -> pd.DataFrame:
    """The mentions of the client's own brand in the baseline and the period, scored.

    `score_mentions` of the mentions whose brand is the client's (`own_mentions`); with
    `own=False` the other brands' mentions instead. A `when` column says "baseline" or
    "period" (baseline rows first) and `brand` holds the normalised brand (`brands`). Scores
    are cached in the client's folder (`client_cache`).
    """
    both = pd.concat(
        [
            client.in_period("mentions", baseline=True).assign(when="baseline"),
            client.in_period("mentions").assign(when="period"),
        ],
        ignore_index=True,
    )
    mine = own_brand(client)
    both["brand"] = brands(both, mine)
    both = both[(both["brand"] == mine) == own].reset_index(drop=True)
    scored = score_mentions(both, cache=client_cache(client), workers=workers)
    return with_language(scored, client)


def with_language(scored: pd.DataFrame, client: Client) -> pd.DataFrame:
    """`scored` with a `language` column: each mention's detected language code
    (`language.detect`, "und" where it cannot be told), client.yaml's `language:` among the
    candidates; the scope of VADER's figures (`language.vader_scope`) reads it."""
    text = scored["text"] if "text" in scored else pd.Series("", index=scored.index)
    codes = language.detect(
        [preprocess(t) if isinstance(t, str) else "" for t in text.tolist()],
        stated=client.config.language,
        cache=language.client_cache(client),
    )
    out = scored.assign(language=codes)
    out.attrs["stated_language"] = client.config.language
    return out


def competitor_results(client: Client) -> dict[str, dict[str, object]]:
    """The results.json `sentiment_competitors` section: one `sentiment` entry per other brand.

    Every competitor listed in client.yaml (n = 0 where never mentioned) and any other brand
    found in the period's mentions, each counted over its own mentions of the period.
    """
    scored = part(score_client(client, own=False))
    listed = [str(c).strip().lower() for c in client.config.competitors]
    names = dict.fromkeys([*listed, *sorted(scored["brand"].unique())])
    return {name: _summary(scored[scored["brand"] == name]) for name in names if name}


def part(scored: pd.DataFrame, when: str = "period") -> pd.DataFrame:
    """The rows of `score_client` output of the period (or, with "baseline", the baseline)."""
    return scored[scored["when"] == when]


def write_scored_mentions(scored: pd.DataFrame, output_dir: Path | str) -> Path | None:
    """Write `<output_dir>/scored_mentions.csv` (`scored_mentions_table`, oldest first).

    Formula-safe (`spreadsheet.write_csv`); published_at as ISO 8601, compound with 4
    decimals. Nothing is written without `output_dir` (an interactive session) or mentions.
    """
    from ..runfolder import SCORED_MENTIONS
    from ..spreadsheet import write_csv

    if not output_dir or scored.empty:
        return None
    table = scored_mentions_table(scored.sort_values("published_at", kind="stable"))
    table["published_at"] = pd.to_datetime(table["published_at"]).dt.strftime("%Y-%m-%dT%H:%M:%S")
    table["compound"] = table["compound"].astype("float64").round(4)
    table["label"] = table["label"].fillna("").astype(str)
    return write_csv(table, Path(output_dir) / SCORED_MENTIONS)


def component_table(scored: pd.DataFrame, names: dict[str, str]) -> pd.DataFrame:
    """Counts and shares per component (most mentions first), `(no component)`, and `_all`.

    Index: component_id ("" for mentions without one, "_all" last). Columns: component (name),
    n, positive, neutral, negative, net_sentiment (-100..100), positive_share (0..1). Only the
    mentions VADER may score count (`language.vader_rows`); `attrs["vader_scope"]` says which.
    """
    where = language.vader_scope(scored)
    parts = scored["component_id"].fillna("").astype(str) if "component_id" in scored else None
    # a component mostly not in English has no row of its own (it counts in the total's English)
    groups = {} if parts is None else dict(list(scored.groupby(parts)))
    read = {k: language.vader_scope(g).applies for k, g in groups.items()}
    scored = language.vader_rows(scored)
    component = (
        scored["component_id"].fillna("").astype(str)
        if "component_id" in scored
        else pd.Series("", index=scored.index)
    )
    counts = pd.crosstab(component, scored["sentiment"]) if len(scored) else pd.DataFrame()
    counts = counts.reindex(columns=list(CLASSES), fill_value=0).astype("int64")
    counts = counts.loc[counts.sum(axis=1).sort_values(ascending=False, kind="stable").index]
    if "" in counts.index:  # mentions without a component go last, before the total
        counts = pd.concat([counts.drop(index=""), counts.loc[[""]]])
    total = pd.DataFrame([counts.sum()], index=["_all"]).astype("int64")
    counts = counts[[read.get(k, True) for k in counts.index]]  # VADER's rows only
    out = pd.concat([counts, total])
    out.columns.name = None
    n = out.sum(axis=1)
    out.insert(0, "n", n)
    known = n.where(n > 0)
    out["net_sentiment"] = net_sentiment(out["positive"], out["negative"], known)
    out["positive_share"] = out["positive"] / known
    labels = [
        ALL_MENTIONS_LABEL if i == "_all" else NO_COMPONENT_LABEL if i == "" else names.get(i, i)
        for i in out.index
    ]
    out.insert(0, "component", labels)
    out.index.name = "component_id"
    out.attrs["vader_scope"] = where
    return out


def readable(table: pd.DataFrame) -> pd.DataFrame:
    """A `component_table` for a client to read: shares in %, net sentiment signed; no rows
    where VADER's figures do not apply (`language.vader_scope`)."""
    where = table.attrs.get("vader_scope")
    table = table if where is None or where.applies else table.iloc[0:0]
    return pd.DataFrame(
        {
            "component": table["component"].to_numpy(),
            "mentions": [f"{v:,}" for v in table["n"]],
            "positive": [f"{v:,}" for v in table["positive"]],
            "neutral": [f"{v:,}" for v in table["neutral"]],
            "negative": [f"{v:,}" for v in table["negative"]],
            "positive share": [_share(v) for v in table["positive_share"]],
            "net sentiment": [wording.measure(v, "net_sentiment") for v in table["net_sentiment"]],
        }
    )


def shares_frame(table: pd.DataFrame) -> pd.DataFrame:
    """The rows of a `component_table` for `charts.stacked_shares`: indexed by name."""
    rows = table[table["n"] > 0]
    names = [chart_label(name, width=32) for name in rows["component"]]
    return rows[list(CLASSES)].set_axis(names, axis=0)


def summary(table: pd.DataFrame, client: Client) -> Story:
    """The claim of the sentiment section, from a `component_table` of the period."""
    period_label = client.period.label
    left_out = competitor_mentions(client)
    total = table.loc["_all"]
    if client.table("mentions").empty:  # a client without conversation data: nothing to say
        return Story("")
    where = table.attrs.get("vader_scope")
    if where is not None and not where.applies:
        return language.not_applicable(where, period_label)
    if not total["n"]:
        return Story(
            headline=f"No customer mentions in {period_label}.",
            detail="There is no conversation to score in this period.",
        )
    n = int(total["n"])
    net = total["net_sentiment"]
    headline = f"Net sentiment {wording.signed(net)} across {n:,} mentions in {period_label}."
    detail = (
        f"{_share(total['positive'] / n)} positive, {_share(total['neutral'] / n)} neutral, "
        f"{_share(total['negative'] / n)} negative (net sentiment = positive minus negative, "
        "as a share of all mentions; classes by the automatic scorer)."
    )
    parts = table.drop(index=["_all", ""], errors="ignore")
    enough = parts[parts["n"] >= 30]
    ranked = (enough if len(enough) >= 2 else parts).sort_values("net_sentiment", ascending=False)
    title = f"Net sentiment {wording.signed(total['net_sentiment'])} in {period_label}"
    if len(ranked) >= 2:
        best, worst = ranked.iloc[0], ranked.iloc[-1]
        detail += (
            f" The friendliest conversation is on {best['component']} (net "
            f"{wording.signed(best['net_sentiment'])}, n={best['n']:,}), the harshest on "
            f"{worst['component']} (net {wording.signed(worst['net_sentiment'])}, "
            f"n={worst['n']:,})."
        )
        title = f"Friendliest on {best['component']}, harshest on {worst['component']}"
    if where is not None and where.coverage():
        detail += " " + where.coverage()
    if left_out:
        detail += (
            f" Only mentions of {client.config.name} count here: {left_out:,} more "
            f"{'is' if left_out == 1 else 'are'} about competitors (the section "
            "Share of voice compares the brands)."
        )
    return Story(headline=headline, detail=detail, title=_chart_title(title))


def trend_summary(over_time: pd.DataFrame, shift: dict | None, client: Client) -> Story:
    """The claim of the sentiment trend, from `sentiment_over_time` and the results.json
    `sentiment_shift` section (its `_all` entry)."""
    period_label = client.period.label
    shift = (shift or {}).get("_all")
    where = over_time.attrs.get("vader_scope")
    if where is not None and not where.applies and not (shift or {}).get("estimated"):
        return language.not_applicable(where, period_label)
    if over_time.empty and not (shift or {}).get("estimated"):  # nothing to follow
        return Story("")
    if not shift or shift.get("baseline_positive_share") is None:
        share = over_time["positive"].sum() / max(int(over_time["n"].sum()), 1)
        return Story(
            headline=f"{_share(share)} of mentions in {period_label} are positive.",
            detail="Without baseline mentions there is no earlier level to compare with.",
            title=f"Positive share of mentions over {period_label}",
        )
    before, after = shift["baseline_positive_share"], shift["period_positive_share"]
    if after is None:
        return Story(
            headline=f"No mentions in {period_label}.",
            detail="There is nothing to compare with the baseline.",
            title="Positive share of mentions over time",
        )
    # "rose" or "fell" only for a change beyond chance (the verdict of "Is the change real?")
    real = shift.get("verdict") == "beyond chance"
    direction = "rose" if after > before else "fell"
    headline = (
        f"The positive share {direction} from {_share(before)} (of {shift['n_baseline']:,} "
        f"mentions) in the baseline to {_share(after)} (of {shift['n_period']:,}) in "
        f"{period_label}."
        if real
        else f"The positive share was {_share(after)} (of {shift['n_period']:,} mentions) in "
        f"{period_label} against {_share(before)} (of {shift['n_baseline']:,}) in the baseline."
    )
    detail = "The section “Is the change real?” tests whether the change is larger than chance."
    title = (
        f"The positive share of mentions {direction}: {_share(before)} to {_share(after)}"
        if real
        else f"The positive share of mentions: {_share(before)} in the baseline, "
        f"{_share(after)} in {period_label}"
    )
    estimated = shift.get("estimated")
    if estimated:  # the labelled samples' estimate leads; the chart shows the automatic scores
        low, high = estimated["baseline_positive_share"], estimated["period_positive_share"]
        moved = (
            ("rose" if high > low else "fell")
            if estimated.get("verdict") == "beyond chance"
            else "moved"
        )
        headline = (
            f"From the mentions labelled by people, the positive share {moved} from "
            f"{_share(low)} (of {estimated['n_baseline']:,} labelled) in the baseline to "
            f"{_share(high)} (of {estimated['n_period']:,} labelled) in {period_label}."
        )
        detail = (
            f"The chart follows the automatic scores, which alone say {_share(before)} "
            f"to {_share(after)} of {shift['n_baseline']:,} and {shift['n_period']:,} mentions. "
            + detail
        )
        title = f"Scored positive automatically: {_share(before)} to {_share(after)}"
        if where is not None and not where.applies:
            detail, title = where.reason(), ""
    return Story(headline=headline, detail=detail, title=_chart_title(title))


def readable_confusion(scored: pd.DataFrame) -> pd.DataFrame:
    """`confusion_table` for a client to read: one row per human label, VADER's classes across,
    and the share of each label's mentions VADER classes the same way; no rows without labels."""
    table = confusion_table(scored)
    total = table.sum(axis=1)
    out = pd.DataFrame({"human label": table.index.to_numpy()})
    for cls in CLASSES:
        out[f"scored {cls}"] = [f"{v:,}" for v in table[cls]]
    out["labelled"] = [f"{v:,}" for v in total]
    out["VADER agrees"] = [
        _share(table.loc[c, c] / n) if n else "–" for c, n in zip(CLASSES, total, strict=True)
    ]
    return out if total.any() else out.iloc[:0]


def has_labels(scored: pd.DataFrame) -> bool:
    """Whether any mention of `scored` carries a human label (positive, neutral, negative)."""
    return not _labelled(scored).empty


def labels_summary(scored: pd.DataFrame) -> Story:
    """The claim of the human-labels check, over the labelled mentions of `scored`."""
    labelled = _labelled(scored)
    if scored.empty:  # no mentions: nothing to label
        return Story("")
    if labelled.empty:
        return Story(
            headline="No mention carries a human label.",
            detail=(
                "Label a sample (positive, neutral, negative in the `label` column) to check how "
                "well the automatic classes match your own reading."
            ),
        )
    agree = float((labelled["label"] == labelled["sentiment"]).mean())
    table = confusion_table(scored)
    off = table.where(~np.eye(3, dtype=bool)).stack()
    detail = "Each row is a human label, the columns say how VADER scored those mentions."
    if off.sum() > 0:
        (human, vader), count = off.idxmax(), int(off.max())
        english = language.in_scope(labelled["language"]).mean() if "language" in labelled else 1.0
        cause = (
            "sarcasm and negation are the usual causes"
            if english >= language.MIN_ENGLISH
            else f"the cause is language: {_share(1 - english)} of these mentions are not in "
            "English, which VADER cannot read"
        )
        detail += (
            f" The most common disagreement: labelled {human}, scored {vader} "
            f"({wording.counted(count, 'mention')}); {cause}."
        )
    headline = (
        f"VADER agrees with the human label on {_share(agree)} of the {len(labelled):,} "
        "labelled mentions."
    )
    return Story(headline=headline, detail=detail)


def scorer_note() -> str:
    """The automatic scorer and its settings, for the method appendix (the body says only "the
    automatic scorer")."""
    return (
        f"The automatic scorer is VADER {METHOD['version']}, a word list for English social "
        f"text: classes at compound ±{THRESHOLD} (positive at +{THRESHOLD} or more, negative "
        f"at −{THRESHOLD} or less, neutral between); before scoring, {PREPROCESSING}. It is "
        "built for short social text (F1 0.96 on tweets in its paper) and is much less "
        "accurate on long reviews and editorials (F1 about 0.55-0.63)."
    )


def long_form_note(scored: pd.DataFrame) -> Story:
    """A warning when many mentions are long-form (VADER is much less accurate there), with
    the mentions' languages (`language.describe`); where VADER cannot read them, only those."""
    where = language.vader_scope(scored)
    if not where.applies:
        return Story(f"Languages of the mentions: {language.describe(where.shares, where.n)}.")
    texts = scored["text"].tolist() if "text" in scored else []
    share = long_form_share(texts)
    if share is None:  # no mentions: nothing to warn about
        return Story("")
    count = round(share * len(texts))
    if "language" in scored:
        languages = f"Languages of the mentions: {language.describe(where.shares, where.n)}."
        found = long_form_note(scored.drop(columns="language"))
        return replace(found, detail=" ".join(filter(None, [found.detail, languages])))
    if share >= LONG_FORM_WARN:
        return Story(
            headline=(
                f"Warning: {count:,} of the {len(texts):,} mentions ({_share(share)}) are "
                "long-form."
            ),
            detail=(
                "Long-form means over 400 characters or more than three sentences, like reviews "
                "or forum posts. The automatic scorer is built for short social text and is much "
                "less accurate on long reviews and editorials: read the classes of these mentions "
                "with care, and label a random sample by hand."
            ),
        )
    return Story(
        headline=f"Mentions are short social text ({_share(share)} long-form).",
        detail=(
            "The automatic scorer is accurate on this kind of text; it is much less so on long "
            "reviews and editorials."
        ),
    )


def _chart_title(text: str) -> str:
    return chart_label(text, width=64)


def _share(value: object) -> str:
    return "n/a" if value is None or pd.isna(value) else wording.share(value)


# --------------------------------------------------------------------------- private


def _labelled(scored: pd.DataFrame) -> pd.DataFrame:
    if "label" not in scored.columns:
        return scored.iloc[0:0].assign(label=pd.Series(dtype=object))
    labels = scored["label"].fillna("").astype(str).str.strip().str.lower()
    return scored.assign(label=labels)[labels.isin(CLASSES)]


def class_counts(classes: pd.Series) -> dict[str, object]:
    """n, the count of each class and `net_sentiment` of a series of classes (None when empty)."""
    n = int(len(classes))
    counts = {c: int((classes == c).sum()) for c in CLASSES}
    net = net_sentiment(counts["positive"], counts["negative"], n) if n else None
    return {"n": n, **counts, "net_sentiment": net}


def _summary(group: pd.DataFrame) -> dict[str, object]:
    where = language.vader_scope(group)
    entry = class_counts(language.vader_rows(group)["sentiment"])
    if not where.applies:  # VADER's classes of another language are not sentiment
        entry = {"n": where.n, **dict.fromkeys([*CLASSES, "net_sentiment"])}
    entry["method"] = dict(METHOD)
    if not where.complete:
        entry["language"] = where.as_dict()
    labelled = _labelled(group)
    if labelled.empty:
        entry["labelled"] = None
    else:
        human = class_counts(labelled["label"])
        human["agreement"] = float((labelled["label"] == labelled["sentiment"]).mean())
        entry["labelled"] = human
    return entry


def _score_raw(raw: np.ndarray, cache: ScoreCache | None, workers: int | None) -> np.ndarray:
    """float32 scores of `raw` through the per-text `cache` (if any)."""
    codes, found = pd.factorize(raw)
    uniques = [u if isinstance(u, str) else str(u) for u in found]
    if (codes < 0).any():  # None and NaN: empty texts
        codes[codes < 0] = len(uniques)
        uniques.append("")
    # Keys of the texts as given: a re-run finds its scores without preprocessing anything.
    keys = cache.keys(uniques) if cache is not None else []
    scores = np.full(len(uniques), np.nan, dtype="float32")
    if cache is not None:
        scores[:] = cache.lookup(keys)
    missing = np.flatnonzero(np.isnan(scores))
    if len(missing):
        # Score each distinct preprocessed text once ("@acme hi" and "hi" are the same text).
        cleaned = _in_processes(_preprocess_list, [uniques[i] for i in missing], workers)
        distinct = list(dict.fromkeys(cleaned))
        fresh = dict(zip(distinct, _in_processes(_score_list, distinct, workers), strict=True))
        scores[missing] = [fresh[text] for text in cleaned]
        if cache is not None:
            cache.store([keys[i] for i in missing], scores[missing])
    return scores[codes]


def _analyzer_instance():
    global _analyzer
    if _analyzer is None:
        from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

        _analyzer = SentimentIntensityAnalyzer()
    return _analyzer


def _score_list(texts: list[str]) -> list[float]:
    score = _analyzer_instance().polarity_scores
    return [score(t)["compound"] for t in texts]


def _preprocess_list(texts: list[str]) -> list[str]:
    return [preprocess(t) for t in texts]


def _usable_cpus() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def _in_processes(function, items: list, workers: int | None) -> list:
    """`function(items)` (a list in, a list out), split over `workers` processes.

    One process for up to `PARALLEL_MIN` items or with one worker. The workers are forked where
    this process runs no other thread; elsewhere (a kernel has several) they are spawned, since
    a fork copies locks that other threads may hold.
    """
    workers = _usable_cpus() if workers is None else max(1, int(workers))
    if workers < 2 or len(items) <= PARALLEL_MIN:
        return function(items)
    forkable = "fork" in multiprocessing.get_all_start_methods()
    method = "fork" if forkable and threading.active_count() == 1 else "spawn"
    chunks = [items[i : i + _CHUNK] for i in range(0, len(items), _CHUNK)]
    with multiprocessing.get_context(method).Pool(workers) as pool:
        parts = pool.map(function, chunks, chunksize=1)
    return [value for part in parts for value in part]
