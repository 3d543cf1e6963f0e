"""Metrics of owned posts and customer conversation (CONTRACT.md section 3, FRAMEWORKS.md 5).

Every rate here is a ratio of sums over the posts of a group (sum of numerators / sum of
denominators), never a mean of per-post ratios, unless a function says otherwise (`top_posts`
ranks single posts by their own rate). A sum over a count column the client did not supply is
null (NaN in a DataFrame, None in a dict), and so is every rate whose numerator or denominator
needs it; a rate whose denominator is 0 is null too.

`metric_value` is the one place that answers "what is metric `key` over this span?" for goal
tracking and the business-function framework.
"""

from __future__ import annotations

import datetime as dt
import math
import weakref
from collections.abc import Sequence
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from ... import wording
from ...catalogue import (
    ACTIVE_MEMBERS,
    CONSTRUCTIVE_ACTIONS,
    ENGAGEMENT_RATE_REACH,
    ENGAGEMENTS,
    METRICS,
    metric_kind,
)
from ...model import UNMEASURED
from ...periods import Period, bucket_range, period_starts
from ...vocab import COUNT_COLUMNS
from .. import brands, language, sentiment

if TYPE_CHECKING:
    from ...model import Client

__all__ = [
    "post_metric_columns",
    "post_metrics",
    "posts_results",
    "post_metrics_over_time",
    "post_type_metrics",
    "top_posts",
    "constructive_actions",
    "share_of_voice",
    "client_voice",
    "aggregation_rule",
    "first_day",
    "metric_value",
    "LENGTH_TOLERANCE",
    "unequal_days",
    "source_table",
    "is_total",
    "span_posts",
    "share_of_voice_results",
]

ALL = "_all"
# The parts of the two summed figures, as the catalogue defines them.
_ENGAGEMENT = METRICS[ENGAGEMENTS].needs
_CONSTRUCTIVE = METRICS[CONSTRUCTIVE_ACTIONS].needs
# Sums reported per group; followers is a stock (audience size), so summing it is meaningless.
_SUMMED = (*_ENGAGEMENT, *(c for c in COUNT_COLUMNS if c not in {"followers", *_ENGAGEMENT}))


def post_metric_columns() -> tuple[str, ...]:
    """Columns of `post_metrics`, in order: posts, the sums, then every post rate of the
    catalogue (`catalogue.METRICS.post_rates`)."""
    rates = (m.key for m in METRICS.post_rates())
    return ("posts", *_SUMMED, ENGAGEMENTS, CONSTRUCTIVE_ACTIONS, *rates)


_COUNT_KEYS = frozenset(
    {*COUNT_COLUMNS, *METRICS.keys(lambda m: m.source == "posts" and m.format == "count")}
)

# How `metric_value` aggregates a metric of the `metrics` table over a span, by the metric's kind
# (`catalogue.metric_kind`): a flow is summed, a level averaged over the span's observations, and
# a stock takes its latest value.
_AGGREGATION_OF_KIND = {"flow": "sum", "level": "mean", "stock": "last"}
_MENTION_KEYS = frozenset(METRICS.keys(lambda m: m.source == "mentions"))


def _post_keys() -> frozenset[str]:
    return frozenset({*post_metric_columns(), *COUNT_COLUMNS})


# --------------------------------------------------------------------------- posts


def post_metrics(posts: pd.DataFrame, *, by: str | Sequence[str] | None = None) -> pd.DataFrame:
    """Sums and rates of posts per group of `by`, plus a last row `_all` over every post.

    Rates are the catalogue's post rates (`catalogue.Ratio`), ratios of sums: conversation_rate =
    sum(comments) / posts, amplification_rate = sum(shares) / posts, applause_rate = sum(likes)
    / posts; engagements = likes + comments + shares (the columns present);
    engagement_rate_reach = 100 * sum(engagements) / sum(reach), both sums over the posts with
    reach > 0 (a blank reach is read as 0: its post's engagements stay out of the numerator
    too), engagement_rate_impressions likewise; engagement_rate_followers = 100 *
    sum(engagements) / sum(followers), both sums over the posts with followers > 0 (ratio of
    sums, not the mean of per-post rates); constructive_actions = comments + votes + referrals
    (the columns present).
    Null (NaN) where a needed column is absent or a denominator is 0.

    Parameters
    ----------
    posts : DataFrame
        Posts in the kit's normalised shape (see `model`).
    by : str or list of str, optional
        Column(s) to group by, e.g. "component_id". None gives only the `_all` row.

    Returns
    -------
    DataFrame
        Indexed by the group keys (`_all` last; a tuple of `_all` for several keys), columns
        `post_metric_columns()`.
    """
    keys = _keys(by)
    work = _per_post(posts, keys)
    total = _sum_frame(work.drop(columns=keys))
    total.index = (
        pd.MultiIndex.from_tuples([(ALL,) * len(keys)], names=keys)
        if len(keys) > 1
        else pd.Index([ALL], name=keys[0] if keys else None)
    )
    if keys and len(work):
        grouped = work.groupby(keys, sort=True, observed=True, dropna=False)
        sums = grouped.sum()
        sums.insert(0, "posts", grouped.size().astype("int64"))
        sums = pd.concat([sums, total])
    else:
        sums = total
    return _rates(sums, _present(posts))


def posts_results(posts: pd.DataFrame) -> dict[str, dict[str, float | int | None]]:
    """The results.json `posts` section: one entry per component_id and `_all`.

    Plain Python numbers (int for counts, float for rates) and None for null.
    """
    table = post_metrics(posts, by="component_id")
    return {
        str(component): {key: _plain(row[key], key) for key in METRICS.results_keys()}
        for component, row in table.iterrows()
    }


def post_metrics_over_time(
    posts: pd.DataFrame, *, freq: str = "W", by: str | Sequence[str] | None = None
) -> pd.DataFrame:
    """`post_metrics` per calendar bucket (weeks from Monday for "W", months for "MS").

    Buckets without posts between the first and the last post are included with posts = 0
    (and null rates), so a chart shows the gap.

    Returns
    -------
    DataFrame
        Columns `period` (bucket start), the `by` columns, then `post_metric_columns()`.
    """
    keys = _keys(by)
    work = _per_post(posts, keys)
    work.insert(0, "period", period_starts(posts["published_at"], freq=freq).to_numpy())
    grouped = work.groupby(["period", *keys], sort=True, observed=True, dropna=False)
    sums = grouped.sum()
    sums.insert(0, "posts", grouped.size().astype("int64"))
    if len(work):
        spans = bucket_range(posts["published_at"], freq=freq)
        levels = [spans] + [work[k].drop_duplicates().sort_values() for k in keys]
        full = (
            pd.MultiIndex.from_product(levels, names=["period", *keys])
            if keys
            else pd.Index(levels[0], name="period")
        )
        sums = sums.reindex(full).fillna(0).astype(sums.dtypes.to_dict())
    out = _rates(sums, _present(posts))
    return out.reset_index()


def post_type_metrics(posts: pd.DataFrame) -> pd.DataFrame:
    """`post_metrics` per post_type (an empty type is shown as "unspecified"), plus `_all`."""
    frame = posts.copy()
    if "post_type" not in frame:
        frame["post_type"] = ""
    frame["post_type"] = frame["post_type"].fillna("").astype(str).replace("", "unspecified")
    return post_metrics(frame, by="post_type")


def top_posts(
    posts: pd.DataFrame,
    *,
    n: int = 5,
    worst: bool = False,
    names: dict[str, str] | None = None,
) -> pd.DataFrame:
    """The `n` posts with the highest (or, with `worst`, lowest) engagement rate by reach.

    A post's rate is 100 * (likes + comments + shares) / reach; posts with reach 0 are left out.
    Identifiers, dates, types and counts are returned, and `post`, the post as a client knows it
    ("7 Sep 2026, club post" and, where the posts carry a `message` column, its first words); no
    other free-text or person column. A count the post's platform does not have is null. With
    `names` (component_id -> name) a `component` column follows component_id.

    Posts without reach (no reach column, or reach 0 on every post) are ranked by their
    engagements (likes + comments + shares), and have no reach or rate columns;
    `attrs["measure"]` names the column ranked by.
    Where the posts carry a `link` column, `link` is the post's https address ("" for any other
    value).
    """
    present = _present(posts)
    by_reach = "reach" in present and bool((posts["reach"] > 0).any())
    columns = [
        c
        for c in ("post_id", "component_id", "published_at", "post_type", *_ENGAGEMENT, "reach")
        if c in posts.columns and (by_reach or c != "reach")
    ]
    measure = ENGAGEMENT_RATE_REACH if by_reach else ENGAGEMENTS
    out_columns = ["post", *columns, ENGAGEMENTS] + ([ENGAGEMENT_RATE_REACH] if by_reach else [])
    if not present & set(_ENGAGEMENT):
        empty = pd.DataFrame(columns=out_columns).assign(**{measure: []})
        empty.attrs.update(measure=measure, posts=len(posts))
        return empty
    frame = (posts.loc[posts["reach"] > 0, columns] if by_reach else posts[columns]).copy()
    frame[ENGAGEMENTS] = _engagements(frame, present)
    if by_reach:
        frame[ENGAGEMENT_RATE_REACH] = 100.0 * frame[ENGAGEMENTS] / frame["reach"]
    for name in _ENGAGEMENT:
        mark = f"{UNMEASURED}{name}"
        if name in frame and mark in posts:
            frame[name] = frame[name].astype("float64").mask(posts.loc[frame.index, mark])
    message = posts.loc[frame.index, "message"] if "message" in posts else None
    frame["post"] = [
        _post_label(frame.loc[i], None if message is None else message[i]) for i in frame.index
    ]
    if "link" in posts:
        links = posts.loc[frame.index, "link"].fillna("").astype(str).str.strip()
        frame["link"] = links.where(links.str.match(r"https://[^\s\"'<>]+$"), "")
        out_columns.append("link")
    frame = frame.sort_values([measure, "published_at"], ascending=[worst, False], kind="stable")
    frame = frame.head(n).reset_index(drop=True)[out_columns]
    if names is not None:
        frame.insert(2, "component", [names.get(c, c) for c in frame["component_id"]])
    frame.attrs.update(measure=measure, posts=len(posts))
    return frame


def constructive_actions(
    posts: pd.DataFrame,
    *,
    by: str | Sequence[str] | None = "component_id",
    metrics: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Constructive customer actions (comments + votes + referrals) per group and `_all`.

    Also per post and, where `metrics` (long format, already limited to the span) holds rows of
    metric `active_members`, per active member: a component's active members are the mean of its
    observations; `_all` uses the client-wide rows (empty component_id) when there are any, else
    the sum over components (a member of two components counts twice) and then divides only the
    actions of those components.

    Returns
    -------
    DataFrame
        Indexed like `post_metrics`; columns posts, comments, votes, referrals,
        constructive_actions, per_post, active_members, per_active_member.
    """
    table = post_metrics(posts, by=by)
    out = table[["posts", *_CONSTRUCTIVE, CONSTRUCTIVE_ACTIONS]].copy()
    out["per_post"] = _ratio(out[CONSTRUCTIVE_ACTIONS], out["posts"])
    members = pd.Series(np.nan, index=out.index, dtype="float64")
    actions = out[CONSTRUCTIVE_ACTIONS].astype("float64")
    if metrics is not None and len(metrics) and _keys(by) == ["component_id"]:
        rows = metrics[metrics["metric"] == ACTIVE_MEMBERS]
        component = rows.get("component_id", pd.Series("", index=rows.index)).fillna("")
        per_component = rows["value"].groupby(component).mean()
        for key in out.index:
            if key != ALL and key in per_component.index:
                members[key] = per_component[key]
        if "" in per_component.index:
            members[ALL] = per_component[""]
        elif len(per_component):
            members[ALL] = per_component.sum()
            known = members.drop(index=ALL).notna()
            actions[ALL] = actions.drop(index=ALL)[known].sum()
    out[ACTIVE_MEMBERS] = members
    out["per_active_member"] = _ratio(actions, members)
    return out


# --------------------------------------------------------------------------- mentions


def share_of_voice(
    mentions: pd.DataFrame, brand: str, competitors: Sequence[str]
) -> pd.DataFrame | None:
    """Each brand's mentions and share among the mentions of `brand` and its `competitors`.

    Brands are compared case-insensitively, ignoring surrounding spaces; a mention without a
    brand is the client's own (`brand`), as in the sentiment figures. The client brand comes
    first, then the competitors in the given order (with 0 where never mentioned); share is
    mentions / all mentions of these brands (NaN when there are none). None when the mentions
    carry no brand at all.
    """
    if "brand" not in mentions.columns:
        return None
    given = mentions["brand"].fillna("").astype(str).str.strip().str.lower()
    if not (given != "").any():
        return None
    names = list(dict.fromkeys([brand, *competitors]))
    wanted = [name.strip().lower() for name in names]
    counts = given.where(given != "", wanted[0]).value_counts()
    values = [int(counts.get(name, 0)) for name in wanted]
    total = sum(values)
    shares = [v / total if total else math.nan for v in values]
    return pd.DataFrame({"brand": names, "mentions": values, "share": shares})


def share_of_voice_results(client: Client) -> dict[str, float | None] | None:
    """The results.json `share_of_voice` section: {brand: share of the period's mentions}.

    The client's own brand under its slug first, then each listed competitor; None where
    `share_of_voice_table` is empty (no competitors listed or no brand on the mentions).
    """
    now = client_voice(client)
    if now is None:
        return None
    return {
        str(brand).strip().lower(): None if pd.isna(share) else float(share)
        for brand, share in zip(now["brand"], now["share"], strict=True)
    }


def client_voice(client: Client, *, baseline: bool = False) -> pd.DataFrame | None:
    """`share_of_voice` of the period (or the baseline) by brand slug; None without competitors."""
    if not client.config.competitors:
        return None
    mentions = client.in_period("mentions", baseline=baseline)
    own = client.config.brand or client.slug
    return share_of_voice(mentions, own, list(client.config.competitors))


# --------------------------------------------------------------------------- any metric


def aggregation_rule(metric: str) -> str:
    """How a `metrics`-table metric aggregates over a span: "sum", "mean" or "last".

    By the metric's kind (`catalogue.metric_kind`): flows are summed, levels averaged, stocks
    take their latest value.
    """
    return _AGGREGATION_OF_KIND[metric_kind(metric)]


def metric_value(
    client: Client, key: str, span: Period, *, component_id: str | None = None
) -> float | None:
    """The value of metric `key` over `span` (inclusive days), for one component or all.

    Metrics of posts (posts, the count columns, the rates of `post_metrics`) and of mentions
    (mentions; net_sentiment in -100..100; positive_share, negative_share and share_of_voice as
    fractions 0..1) are computed from the client's tables, as `post_metrics` and
    `sentiment.score_mentions` do; a count over a span without posts or mentions is 0. The
    mention keys other than share_of_voice count the client's own brand only
    (`brands.own_mentions`), as the metric-analysis notebook does.
    followers is the latest followers value (> 0) of a post in the span (of posts at the same
    time, the last in table order), summed over components. The client brand for
    share_of_voice is `config.brand`, else the client slug.

    Any other key comes from the `metrics` table, aggregated over the span by
    `aggregation_rule`; so does a post or mention key when the client has no posts / mentions
    (for that component) or lacks the needed column. Without a component, the client-wide
    rows (empty component_id) are used when the metric has any, else every component's rows.

    Returns None when there is no observation (or `span` is None), or for a rate whose
    denominator is 0.
    """
    if span is None:
        return None
    if key in _post_keys():
        value = _posts_value(client, key, span, component_id)
        if value is not _ABSENT:
            return value
    elif key in _MENTION_KEYS:
        value = _mentions_value(client, key, span, component_id)
        if value is not _ABSENT:
            return value
    return _table_value(client, key, span, component_id)


def first_day(client: Client, key: str, *, component_id: str | None = None) -> dt.date | None:
    """The first day of the observations `metric_value` reads for `key` (None without any).

    Posts for a post metric (with followers > 0 for followers), mentions for a mention metric,
    else the `metrics` table's rows of `key`, chosen as `metric_value` chooses them.
    """
    everything = Period("all data", dt.date(1900, 1, 1), dt.date(2200, 12, 31))
    if key in _post_keys() and _posts_value(client, key, everything, component_id) is not _ABSENT:
        posts = _for_component(_table(client, "posts"), component_id)
        days = posts.loc[posts["followers"] > 0] if key == "followers" else posts
        days = days["published_at"]
    elif (
        key in _MENTION_KEYS
        and _mentions_value(client, key, everything, component_id) is not _ABSENT
    ):
        days = _for_component(_table(client, "mentions"), component_id)["published_at"]
    else:
        rows = _metric_rows(client, key, component_id)
        if rows is None:
            return None
        days = rows.loc[rows["value"].notna(), "date"]
    days = days.dropna()
    return None if days.empty else days.min().date()


# --------------------------------------------------------------------------- spans


LENGTH_TOLERANCE = 0.05
"""Periods whose lengths differ by more than this share compare totals per day (CONTRACT 3)."""


def unequal_days(client: Client, table: str = "posts") -> tuple[int, int] | None:
    """(baseline days, period days) that `table`'s data cover, when they differ by more than
    `LENGTH_TOLERANCE`: then its totals compare per covered day (CONTRACT 3 and 5).

    The days covered are intake's coverage (`data_quality.<table>.coverage`); the spans' own
    lengths where there is none, or where a span holds no data at all. None without a baseline
    or when the days are close enough to compare totals.
    """
    if client.baseline is None:
        return None
    before, now = client.baseline.days, client.period.days
    covered = (client.data_quality.get(table) or {}).get("coverage") or {}
    if (covered.get("baseline") or {}).get("days") and (covered.get("period") or {}).get("days"):
        before, now = covered["baseline"]["days"], covered["period"]["days"]
    return (before, now) if abs(now - before) > LENGTH_TOLERANCE * min(now, before) else None


def source_table(key: str) -> str:
    """The table metric `key` is counted from: posts or mentions for the catalogue's figures
    of those tables, else the client's `metrics` table."""
    source = METRICS[key].source if key in METRICS else "metrics"
    return source if source in ("posts", "mentions") else "metrics"


def is_total(key: str) -> bool:
    """Whether metric `key` is a total over a span (a count summed), not a rate or a level."""
    return key in _COUNT_KEYS and key != "followers"


def span_posts(client: Client) -> pd.DataFrame:
    """The posts of the baseline and of the period, with `when` = "baseline" or "period"."""
    return pd.concat(
        [
            client.in_period("posts", baseline=True).assign(when="baseline"),
            client.in_period("posts").assign(when="period"),
        ],
        ignore_index=True,
    )


# --------------------------------------------------------------------------- private

_ABSENT = object()  # the source table or column of a metric is missing


def _keys(by: str | Sequence[str] | None) -> list[str]:
    if by is None:
        return []
    return [by] if isinstance(by, str) else list(by)


def _present(posts: pd.DataFrame) -> frozenset[str]:
    return frozenset(c for c in COUNT_COLUMNS if c in posts.columns)


def _engagements(frame: pd.DataFrame, present: frozenset[str]) -> pd.Series:
    parts = [c for c in _ENGAGEMENT if c in present]
    if not parts:
        return pd.Series(0, index=frame.index, dtype="int64")
    return frame[parts].sum(axis=1).astype("int64")


def _per_post(posts: pd.DataFrame, keys: list[str]) -> pd.DataFrame:
    """Group keys plus the per-post columns whose sums make every metric (int64, 0 if absent)."""
    present = _present(posts)
    index = posts.index
    zero = np.zeros(len(posts), dtype="int64")

    def col(name: str) -> np.ndarray:
        return posts[name].to_numpy(dtype="int64") if name in present else zero

    def measured(name: str) -> np.ndarray:
        mark = f"{UNMEASURED}{name}"
        return ~posts[mark].to_numpy(dtype=bool) if mark in posts else np.ones(len(posts), bool)

    engagements = sum((col(c) for c in _ENGAGEMENT), zero)
    data = {k: posts[k].to_numpy() for k in keys}
    data.update({c: col(c) for c in _SUMMED})
    # how many posts of a group measure each count (a platform without likes: n/a, not 0)
    data.update({f"_measured_{c}": measured(c).astype("int64") for c in _SUMMED})
    data[f"_measured_{ENGAGEMENTS}"] = np.logical_or.reduce(
        [measured(c) for c in _ENGAGEMENT]
    ).astype("int64")
    data[ENGAGEMENTS] = engagements
    data[CONSTRUCTIVE_ACTIONS] = sum((col(c) for c in _CONSTRUCTIVE), zero)
    for rate in METRICS.post_rates():
        numerator, denominator = rate.formula.numerator, rate.formula.denominator
        if denominator == "posts":
            continue
        # a rate's numerator counts only the posts in its denominator (blank reach is read as 0)
        counted = data[numerator] if numerator in data else col(numerator)
        data[_within(numerator, denominator)] = np.where(col(denominator) > 0, counted, 0)
        if denominator not in _SUMMED:  # a stock (followers at post time) is summed for rates
            data[_stock(denominator)] = col(denominator)
    return pd.DataFrame(data, index=index)


def _within(numerator: str, denominator: str) -> str:
    """The per-post column of `numerator` over the posts with a `denominator` above 0."""
    return f"_{numerator}_within_{denominator}"


def _stock(name: str) -> str:
    return f"_stock_{name}"


def _sum_frame(work: pd.DataFrame) -> pd.DataFrame:
    sums = work.sum().astype("int64").to_frame().T
    sums.insert(0, "posts", np.int64(len(work)))
    return sums


def _ratio(numerator: pd.Series, denominator: pd.Series, scale: float = 1.0) -> pd.Series:
    num = numerator.astype("float64")
    den = denominator.astype("float64")
    return (scale * num / den).where(den > 0)


def _rates(sums: pd.DataFrame, present: frozenset[str]) -> pd.DataFrame:
    """Turn group sums into the `post_metric_columns()` frame, nulling what the data cannot
    give."""
    out = pd.DataFrame(index=sums.index)
    out["posts"] = sums["posts"].astype("int64")

    def measured(name: str) -> pd.Series:  # null where the group has posts but none measures it
        return sums[name].where((sums[f"_measured_{name}"] > 0) | (out["posts"] == 0))

    for name in _SUMMED:
        out[name] = measured(name) if name in present else np.nan
    out[ENGAGEMENTS] = measured(ENGAGEMENTS) if present & set(_ENGAGEMENT) else np.nan
    out[CONSTRUCTIVE_ACTIONS] = (
        sums[CONSTRUCTIVE_ACTIONS] if present & set(_CONSTRUCTIVE) else np.nan
    )
    for rate in METRICS.post_rates():
        out[rate.key] = _rate(rate.formula, sums, out, present)
    return out[list(post_metric_columns())]


def _rate(formula, sums: pd.DataFrame, out: pd.DataFrame, present: frozenset[str]) -> pd.Series:
    """One `catalogue.Ratio` of a frame of group sums (`out` holds the figures so far).

    Per post: the numerator's figure over the posts. Over a flow (reach, impressions): the
    numerator of the posts with a denominator, both as measured (null where either is). Over a
    stock (followers at post time): the sums of the posts with one, null where the numerator's
    columns or the stock's are absent.
    """
    numerator, denominator, scale = formula.numerator, formula.denominator, formula.scale
    if denominator == "posts":
        return _ratio(out[numerator], out["posts"], scale)
    within = sums[_within(numerator, denominator)]
    if denominator in _SUMMED:
        return _ratio(within.where(out[numerator].notna()), out[denominator], scale)
    parts = METRICS[numerator].needs if numerator in METRICS else (numerator,)
    if denominator in present and present & set(parts):
        return _ratio(within, sums[_stock(denominator)], scale)
    return pd.Series(np.nan, index=out.index, dtype="float64")


def _plain(value: object, key: str) -> float | int | None:
    if value is None or pd.isna(value):
        return None
    return int(value) if key in _COUNT_KEYS else float(value)


def _in_span(frame: pd.DataFrame, column: str, span: Period) -> pd.DataFrame:
    days = frame[column].dt.normalize()
    return frame[(days >= pd.Timestamp(span.start)) & (days <= pd.Timestamp(span.end))]


def _table(client: Client, name: str) -> pd.DataFrame | None:
    frame = client.tables.get(name)
    return frame if frame is not None and len(frame) else None


def _for_component(frame: pd.DataFrame, component_id: str | None) -> pd.DataFrame:
    if component_id is None:
        return frame
    return frame[frame["component_id"].fillna("") == component_id]


def _posts_value(client: Client, key: str, span: Period, component_id: str | None):
    posts = _table(client, "posts")
    if posts is None or (posts := _for_component(posts, component_id)).empty:
        return _ABSENT
    present = _present(posts)
    entry = METRICS.get(key)
    if entry is not None and entry.source == "posts":
        needs = set(entry.needs)
    else:
        needs = {key} if key in COUNT_COLUMNS else set()
    if needs and not needs & present:
        return _ABSENT
    if key == "followers":
        posts = _in_span(posts, "published_at", span)
        followed = posts[posts["followers"] > 0].sort_values("published_at", kind="stable")
        if followed.empty:
            return None
        return float(followed.groupby("component_id")["followers"].last().sum())
    memo = _memo_of(client.tables["posts"])
    if (component_id, span.start, span.end) not in memo:
        posts = _in_span(posts, "published_at", span)
        memo[component_id, span.start, span.end] = post_metrics(posts).iloc[-1]
    value = memo[component_id, span.start, span.end][key]
    return None if pd.isna(value) else float(value)


_MEMOS: dict[int, tuple[weakref.ref, dict]] = {}


def _memo_of(frame: pd.DataFrame) -> dict:
    """The `post_metrics` rows computed from `frame` (a client's posts table) by (component,
    start, end), kept while the frame lives: the goals, the board's figures, the value
    evidence and the framework's chains ask for many metrics of the same component and span.
    A client's tables are never changed in place (an edit is saved and the client read again)."""
    key = id(frame)
    found = _MEMOS.get(key)
    if found is None or found[0]() is not frame:
        found = (weakref.ref(frame, lambda _: _MEMOS.pop(key, None)), {})
        _MEMOS[key] = found
    return found[1]


def _mentions_value(client: Client, key: str, span: Period, component_id: str | None):
    mentions = _table(client, "mentions")
    if mentions is None or (mentions := _for_component(mentions, component_id)).empty:
        return _ABSENT
    mentions = _in_span(mentions, "published_at", span)
    if key == "share_of_voice":
        brand = client.config.brand or client.slug
        table = share_of_voice(mentions, brand, list(client.config.competitors))
        if table is None:
            return _ABSENT
        share = table["share"].iloc[0]
        return None if pd.isna(share) else float(share)
    mentions = brands.own_mentions(mentions, brands.own_brand(client))
    if key == "mentions":
        return float(len(mentions))
    if mentions.empty:
        return None
    scored = sentiment.score_mentions(mentions, cache=sentiment.client_cache(client))
    scored = language.vader_rows(sentiment.with_language(scored, client))
    if scored.empty:  # VADER reads English only: no automatic figure of other languages
        return None
    counts = sentiment.class_counts(scored["sentiment"])
    if key == "net_sentiment":
        return counts["net_sentiment"]
    return counts[key.removesuffix("_share")] / counts["n"]


def _metric_rows(client: Client, key: str, component_id: str | None) -> pd.DataFrame | None:
    """The `metrics` rows of `key` for one component, else the client-wide ones (any if none)."""
    metrics = _table(client, "metrics")
    if metrics is None:
        return None
    rows = metrics[metrics["metric"] == key]
    component = rows["component_id"].fillna("") if "component_id" in rows else None
    if component is not None:
        if component_id is not None:
            rows = rows[component == component_id]
        elif (component == "").any():
            rows = rows[component == ""]
    return rows


def _table_value(client: Client, key: str, span: Period, component_id: str | None):
    rows = _metric_rows(client, key, component_id)
    if rows is None:
        return None
    rows = _in_span(rows, "date", span)
    values = rows["value"].dropna()
    if values.empty:
        return None
    rule = aggregation_rule(key)
    if rule == "mean":
        return float(values.mean())
    if rule == "last":
        ordered = rows.loc[values.index].sort_values("date", kind="stable")
        if "component_id" in ordered:
            return float(ordered.groupby(ordered["component_id"].fillna(""))["value"].last().sum())
        return float(ordered["value"].iloc[-1])
    return float(values.sum())


def _post_label(post: pd.Series, message: object = None, *, words: int = 8) -> str:
    """A post in words: its date, its type and the first `words` words of its message."""
    label = wording.day(post["published_at"])
    if post.get("post_type"):
        label += f", {wording.name(post['post_type'])}"
    cut = str(message or "").split()
    if cut:
        label += f': "{" ".join(cut[:words])}{" …" if len(cut) > words else ""}"'
    return label
