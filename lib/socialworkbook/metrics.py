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
import textwrap
from collections.abc import Sequence
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from . import vocab, wording
from .periods import Period
from .ranking import leaders
from .vocab import COUNT_COLUMNS

if TYPE_CHECKING:
    from .model import Client

__all__ = [
    "POST_METRIC_COLUMNS",
    "RESULTS_POST_KEYS",
    "post_metrics",
    "posts_results",
    "post_metrics_over_time",
    "post_type_metrics",
    "top_posts",
    "constructive_actions",
    "share_of_voice",
    "aggregation_rule",
    "first_day",
    "metric_value",
    "LENGTH_TOLERANCE",
    "unequal_days",
    "is_total",
    "period_starts",
    "bucket_range",
    "ALL_LABEL",
    "MIN_POSTS",
    "READABLE",
    "ENGAGEMENT_COLUMNS",
    "CONSTRUCTIVE_COLUMNS",
    "POST_COLUMNS",
    "component_names",
    "span_posts",
    "trend_freq",
    "by_component",
    "compare_periods",
    "readable",
    "readable_comparison",
    "engagement_summary",
    "comparison_summary",
    "post_type_summary",
    "top_posts_summary",
    "constructive_table",
    "constructive_summary",
    "share_of_voice_table",
    "share_of_voice_results",
    "share_of_voice_summary",
    "closing_points",
    "chart_rows",
    "chart_text",
    "chart_label",
    "VOICE_COLUMNS",
]

ALL = "_all"
_ENGAGEMENT = ("likes", "comments", "shares")
_CONSTRUCTIVE = ("comments", "votes", "referrals")
# Sums reported per group; followers is a stock (audience size), so summing it is meaningless.
_SUMMED = (*_ENGAGEMENT, *(c for c in COUNT_COLUMNS if c not in {"followers", *_ENGAGEMENT}))

POST_METRIC_COLUMNS: tuple[str, ...] = (
    "posts",
    *_SUMMED,
    "engagements",
    "constructive_actions",
    "conversation_rate",
    "amplification_rate",
    "applause_rate",
    "engagement_rate_reach",
    "engagement_rate_impressions",
    "engagement_rate_followers",
)
"""Columns of `post_metrics`, in order."""

RESULTS_POST_KEYS: tuple[str, ...] = (
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
    "constructive_actions",
)
"""Keys of one entry of the results.json `posts` section (CONTRACT.md section 3)."""

_COUNT_KEYS = frozenset({"posts", *COUNT_COLUMNS, "engagements", "constructive_actions"})

# How `metric_value` aggregates a metric of the `metrics` table over a span, by the metric's kind
# (`vocab.metric_kind`): a flow is summed, a level averaged over the span's observations, and a
# stock takes its latest value.
_AGGREGATION_OF_KIND = {"flow": "sum", "level": "mean", "stock": "last"}
_MENTION_KEYS = frozenset(
    {"mentions", "net_sentiment", "positive_share", "negative_share", "share_of_voice"}
)
_POST_KEYS = frozenset({*POST_METRIC_COLUMNS, *COUNT_COLUMNS})
_PERIOD_FREQ = {
    "D": "D",
    "W": "W-SUN",
    "W-MON": "W-SUN",
    "MS": "M",
    "M": "M",
    "ME": "M",
    "QS": "Q",
    "Q": "Q",
    "QE": "Q",
    "YS": "Y",
    "Y": "Y",
    "YE": "Y",
}


# --------------------------------------------------------------------------- posts


def post_metrics(posts: pd.DataFrame, *, by: str | Sequence[str] | None = None) -> pd.DataFrame:
    """Sums and rates of posts per group of `by`, plus a last row `_all` over every post.

    Rates are ratios of sums: conversation_rate = sum(comments) / posts, amplification_rate =
    sum(shares) / posts, applause_rate = sum(likes) / posts; engagements = likes + comments +
    shares (the columns present); engagement_rate_reach = 100 * sum(engagements) / sum(reach),
    both sums over the posts with reach > 0 (a blank reach is read as 0: its post's engagements
    stay out of the numerator too), engagement_rate_impressions likewise;
    engagement_rate_followers = 100 * sum(engagements) / sum(followers), both sums over the
    posts with followers > 0 (ratio of sums, not the mean of per-post rates);
    constructive_actions = comments + votes + referrals (the columns present).
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
        `POST_METRIC_COLUMNS`.
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
        str(component): {key: _plain(row[key], key) for key in RESULTS_POST_KEYS}
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
        Columns `period` (bucket start), the `by` columns, then `POST_METRIC_COLUMNS`.
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
    Only post identifiers, dates, types and counts are returned: no free-text or person column.
    With `names` (component_id -> name) a `component` column follows component_id. Empty when
    the posts have no reach column.
    """
    present = _present(posts)
    columns = [
        c
        for c in ("post_id", "component_id", "published_at", "post_type", *_ENGAGEMENT, "reach")
        if c in posts.columns
    ]
    out_columns = [*columns, "engagements", "engagement_rate_reach"]
    if "reach" not in present:
        return pd.DataFrame(columns=out_columns)
    frame = posts.loc[posts["reach"] > 0, columns].copy()
    frame["engagements"] = _engagements(frame, present)
    frame["engagement_rate_reach"] = 100.0 * frame["engagements"] / frame["reach"]
    frame = frame.sort_values(
        ["engagement_rate_reach", "published_at"], ascending=[worst, False], kind="stable"
    )
    frame = frame.head(n).reset_index(drop=True)[out_columns]
    if names is not None:
        frame.insert(2, "component", [names.get(c, c) for c in frame["component_id"]])
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
    out = table[["posts", "comments", "votes", "referrals", "constructive_actions"]].copy()
    out["per_post"] = _ratio(out["constructive_actions"], out["posts"])
    members = pd.Series(np.nan, index=out.index, dtype="float64")
    actions = out["constructive_actions"].astype("float64")
    if metrics is not None and len(metrics) and _keys(by) == ["component_id"]:
        rows = metrics[metrics["metric"] == "active_members"]
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
    out["active_members"] = members
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
    now = _voice(client)
    if now is None:
        return None
    return {
        str(brand).strip().lower(): None if pd.isna(share) else float(share)
        for brand, share in zip(now["brand"], now["share"], strict=True)
    }


def _voice(client: Client, *, baseline: bool = False) -> pd.DataFrame | None:
    """`share_of_voice` of the period (or the baseline) by brand slug; None without competitors."""
    if not client.config.competitors:
        return None
    mentions = client.in_period("mentions", baseline=baseline)
    own = client.config.brand or client.slug
    return share_of_voice(mentions, own, list(client.config.competitors))


# --------------------------------------------------------------------------- any metric


def aggregation_rule(metric: str) -> str:
    """How a `metrics`-table metric aggregates over a span: "sum", "mean" or "last".

    By the metric's kind (`vocab.metric_kind`): flows are summed, levels averaged, stocks take
    their latest value.
    """
    return _AGGREGATION_OF_KIND[vocab.metric_kind(metric)]


def metric_value(
    client: Client, key: str, span: Period, *, component_id: str | None = None
) -> float | None:
    """The value of metric `key` over `span` (inclusive days), for one component or all.

    Metrics of posts (posts, the count columns, the rates of `post_metrics`) and of mentions
    (mentions; net_sentiment in -100..100; positive_share, negative_share and share_of_voice as
    fractions 0..1) are computed from the client's tables, as `post_metrics` and
    `sentiment.score_mentions` do; a count over a span without posts or mentions is 0. The
    mention keys other than share_of_voice count the client's own brand only
    (`sentiment.own_mentions`), as the metric-analysis notebook does.
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
    if key in _POST_KEYS:
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
    if key in _POST_KEYS and _posts_value(client, key, everything, component_id) is not _ABSENT:
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


# --------------------------------------------------------------------------- time buckets


def period_starts(values: pd.Series, *, freq: str = "W") -> pd.Series:
    """The start of the calendar bucket of each date-time: week from Monday ("W"), month ("MS").

    Also accepts "D", "QS" and "YS" (and the pandas aliases M, ME, Q, QE, Y, YE).
    """
    return values.dt.to_period(_period_freq(freq)).dt.start_time


def bucket_range(values: pd.Series, *, freq: str = "W") -> pd.DatetimeIndex:
    """Every bucket start from the first to the last of `values` (empty for no values)."""
    values = values.dropna()
    if values.empty:
        return pd.DatetimeIndex([])
    days = pd.Series(pd.date_range(values.min().normalize(), values.max().normalize(), freq="D"))
    return pd.DatetimeIndex(period_starts(days, freq=freq).unique())


# --------------------------------------------------------------------------- notebook tables
# Tables and plain-words claims of the metric-analysis notebook: a template cell calls one of
# these and shows the result. A claim is a dict of plain text (`headline`, `detail`, `title`,
# and for a chart what to draw) that the notebook passes to `Workbook.say`, which escapes it.

ALL_LABEL = "All components"
MIN_POSTS = 5
"""Groups with fewer posts are not named best or worst in a claim (one lucky post is not a
pattern); they stay in the tables."""

# Column -> (heading a client reads, how a value is written).
READABLE: dict[str, tuple[str, str]] = {
    "component": ("component", "text"),
    "component_id": ("component id", "text"),
    "post_id": ("post", "text"),
    "post_type": ("post type", "text"),
    "published_at": ("published", "date"),
    "posts": ("posts", "count"),
    "likes": ("likes", "count"),
    "comments": ("comments", "count"),
    "shares": ("shares", "count"),
    "votes": ("votes", "count"),
    "referrals": ("referrals", "count"),
    "reach": ("reach", "count"),
    "impressions": ("impressions", "count"),
    "engagements": ("engagements", "count"),
    "constructive_actions": ("constructive actions", "count"),
    "conversation_rate": ("comments per post", "rate"),
    "amplification_rate": ("shares per post", "rate"),
    "applause_rate": ("likes per post", "rate"),
    "engagement_rate_reach": ("engagement % of reach", "rate"),
    "engagement_rate_impressions": ("engagement % of impressions", "rate"),
    "engagement_rate_followers": ("engagement % of followers", "rate"),
    "per_post": ("per post", "rate"),
    "active_members": ("active members", "count"),
    "per_active_member": ("per active member", "rate"),
    "brand": ("brand", "text"),
    "mentions": ("mentions", "count"),
    "share": ("share of voice", "share"),
    "baseline mentions": ("baseline mentions", "count"),
    "baseline share": ("baseline share", "share"),
}

ENGAGEMENT_COLUMNS: tuple[str, ...] = (
    "component",
    "posts",
    "reach",
    "conversation_rate",
    "amplification_rate",
    "applause_rate",
    "engagement_rate_reach",
    "engagement_rate_impressions",
    "engagement_rate_followers",
)
"""The columns of the engagement tables of the notebook (by component, by post type)."""

CONSTRUCTIVE_COLUMNS: tuple[str, ...] = (
    "component",
    "posts",
    "comments",
    "votes",
    "referrals",
    "constructive_actions",
    "per_post",
    "active_members",
    "per_active_member",
)
"""The columns of the constructive-actions table of the notebook."""

VOICE_COLUMNS: tuple[str, ...] = (
    "brand",
    "mentions",
    "share",
    "baseline mentions",
    "baseline share",
)
"""The columns of the share-of-voice table of the notebook."""

POST_COLUMNS: tuple[str, ...] = (
    "post_id",
    "component",
    "published_at",
    "post_type",
    "likes",
    "comments",
    "shares",
    "reach",
    "engagement_rate_reach",
)
"""The columns of the best / weakest posts tables (no text, no person)."""

_PERIOD_COLUMNS = (
    "posts",
    "engagements",
    "reach",
    "impressions",
    "engagement_rate_reach",
    "engagement_rate_impressions",
    "engagement_rate_followers",
    "conversation_rate",
    "amplification_rate",
    "applause_rate",
    "constructive_actions",
)
_MEASURE_WORDS = {
    "engagement_rate_reach": "engagement rate by reach",
    "engagement_rate_impressions": "engagement rate by impressions",
    "engagement_rate_followers": "engagement rate by followers",
    "applause_rate": "likes per post",
}
_MEASURES = (
    ("engagement_rate_reach", "by reach"),
    ("engagement_rate_impressions", "by impressions"),
    ("engagement_rate_followers", "by followers"),
)


LENGTH_TOLERANCE = 0.05
"""Periods whose lengths differ by more than this share compare totals per day (CONTRACT 3)."""


def unequal_days(client: Client) -> tuple[int, int] | None:
    """(baseline days, period days) when their lengths differ by more than `LENGTH_TOLERANCE`.

    None without a baseline or when the lengths are close enough to compare totals.
    """
    if client.baseline is None:
        return None
    before, now = client.baseline.days, client.period.days
    return (before, now) if abs(now - before) > LENGTH_TOLERANCE * min(now, before) else None


def is_total(key: str) -> bool:
    """Whether metric `key` is a total over a span (a count summed), not a rate or a level."""
    return key in _COUNT_KEYS and key != "followers"


def component_names(ecosystem: pd.DataFrame) -> dict[str, str]:
    """component_id -> the component's name (its id where the name is empty)."""
    return {
        str(cid): str(name) or str(cid)
        for cid, name in zip(ecosystem["component_id"], ecosystem["name"], strict=True)
    }


def span_posts(client: Client) -> pd.DataFrame:
    """The posts of the baseline and of the period, with `when` = "baseline" or "period"."""
    return pd.concat(
        [
            client.in_period("posts", baseline=True).assign(when="baseline"),
            client.in_period("posts").assign(when="period"),
        ],
        ignore_index=True,
    )


def _trend_start(client: Client):
    """The first day a trend shows: the baseline's start, or the period's without a baseline."""
    return (
        min(client.baseline.start, client.period.start) if client.baseline else client.period.start
    )


def trend_freq(client: Client) -> str:
    """Weeks ("W") for trends spanning up to 200 days (baseline start to period end), else
    months ("MS")."""
    return "W" if (client.period.end - _trend_start(client)).days <= 200 else "MS"


def partial_buckets(client: Client, freq: str) -> list[pd.Timestamp]:
    """Starts of the trend's first and last buckets where the data span only partly covers them
    (a quarter starting on a Wednesday begins with a part-week, whose totals dip)."""
    start = _trend_start(client)
    first = pd.Period(start, freq=_period_freq(freq))
    last = pd.Period(client.period.end, freq=_period_freq(freq))
    partial = []
    if first.start_time.date() < start:
        partial.append(first.start_time)
    if last.end_time.date() > client.period.end:
        partial.append(last.start_time)
    return partial


def by_component(posts: pd.DataFrame, names: dict[str, str]) -> pd.DataFrame:
    """`post_metrics` per component (most posts first) and `_all`, with a `component` name."""
    table = post_metrics(posts, by="component_id")
    parts = table.drop(index=ALL).sort_values(["posts", "engagements"], ascending=False)
    table = pd.concat([parts, table.loc[[ALL]]])
    table.insert(0, "component", _names(table.index, names))
    return table


def compare_periods(client: Client) -> pd.DataFrame:
    """The `_all` post metrics of the baseline and of the period side by side, and the change.

    Index: metric keys (those with a value on either side). Columns: metric (in words),
    baseline, period (values, null without a baseline) and change_pct (null where the
    baseline value is 0 or null). Where the two spans differ in length (`unequal_days`),
    baseline_per_day and period_per_day hold the totals per day and change_pct of a total is
    the change per day. `attrs` holds the two period labels and `days` (`unequal_days`).
    """
    base = post_metrics(client.in_period("posts", baseline=True)).loc[ALL]
    now = post_metrics(client.in_period("posts")).loc[ALL]
    if client.baseline is None:
        base = base.where(base.isna(), np.nan)
    rows = [c for c in _PERIOD_COLUMNS if not (pd.isna(base[c]) and pd.isna(now[c]))]
    out = pd.DataFrame(
        {
            "metric": [READABLE[c][0] for c in rows],
            "baseline": [base[c] for c in rows],
            "period": [now[c] for c in rows],
        },
        index=pd.Index(rows, name="key"),
    ).astype({"baseline": "float64", "period": "float64"})
    days = unequal_days(client)
    totals = np.array([is_total(c) for c in rows], dtype=bool)
    before, after = out["baseline"], out["period"]
    if days:  # totals over spans of different length: per day (CONTRACT section 3)
        out["baseline_per_day"] = (before / days[0]).where(totals)
        out["period_per_day"] = (after / days[1]).where(totals)
        before = before.where(~totals, out["baseline_per_day"])
        after = after.where(~totals, out["period_per_day"])
    out["change_pct"] = (100.0 * (after - before) / before).where(before > 0)
    out.attrs["labels"] = _labels(client)
    out.attrs["days"] = days
    return out


def readable(table: pd.DataFrame, columns: Sequence[str] | None = None) -> pd.DataFrame:
    """A copy for a client to read: chosen columns, headings in words, numbers written out.

    Counts get thousands separators, rates two decimals, shares whole percent; null is "–".
    A column may be the index (e.g. post_type). Unknown columns are shown as they are.
    """
    frame = table.reset_index() if table.index.name in (columns or ()) else table
    chosen = [c for c in (columns or frame.columns) if c in frame.columns]
    out = pd.DataFrame(index=range(len(frame)))
    for column in chosen:
        heading, kind = READABLE.get(column, (column, "text"))
        out[heading] = [_write(v, kind) for v in frame[column]]
    return out


def readable_comparison(comparison: pd.DataFrame) -> pd.DataFrame:
    """`compare_periods` for a client to read: each row written as its metric's kind."""
    baseline_label, period_label = comparison.attrs.get("labels", ("baseline", "period"))
    kinds = [READABLE[key][1] for key in comparison.index]
    out = pd.DataFrame(
        {
            "metric": comparison["metric"].to_numpy(),
            baseline_label: [
                _write(v, k) for v, k in zip(comparison["baseline"], kinds, strict=True)
            ],
            period_label: [_write(v, k) for v, k in zip(comparison["period"], kinds, strict=True)],
            "change": ["–" if pd.isna(v) else f"{v:+.0f}%" for v in comparison["change_pct"]],
        }
    )
    days = comparison.attrs.get("days")
    if days:  # totals per day beside the totals, and the change of a total per day
        for label, column, n in (
            (baseline_label, "baseline_per_day", days[0]),
            (period_label, "period_per_day", days[1]),
        ):
            out.insert(
                len(out.columns) - 1,
                f"{label} per day ({n} days)",
                ["–" if pd.isna(v) else f"{v:,.1f}" for v in comparison[column]],
            )
        out = out.rename(columns={"change": "change (totals per day)"})
    if comparison["baseline"].isna().all():  # no baseline: nothing to set beside the period
        out = out.drop(columns=[baseline_label, "change"])
    return out


def engagement_summary(table: pd.DataFrame, client: Client) -> dict[str, str]:
    """The claim of the engagement section, from a `by_component` table of the period.

    Besides the text: `measure` (the column to chart: engagement rate by reach, else by
    impressions or followers), `xlabel` and `highlight` (the best component's name).
    """
    period = client.period.label
    total = table.loc[ALL]
    measure, label = _engagement_measure(total)
    chart = {"measure": measure, "xlabel": _axis_label(measure), "highlight": ""}
    if not total["posts"]:
        return _claim(f"No posts in {period}.", "There are no owned posts to measure.", **chart)
    ranked = _ranked(table.drop(index=ALL), measure)
    detail = (
        f"{_count(total['posts'], 'post')} in {period} on "
        f"{_count(len(table) - 1, 'component')} earned {_write(total['engagements'], 'count')} "
        f"engagements (likes + comments + shares): {_write(total['conversation_rate'], 'rate')} "
        f"comments, {_write(total['amplification_rate'], 'rate')} shares and "
        f"{_write(total['applause_rate'], 'rate')} likes per post. Engagement rate "
        f"{_rate_words(total)}, each a ratio of sums (all engagements over all people reached), "
        "not an average of single posts."
    )
    if ranked.empty:
        return _claim(f"{_count(total['posts'], 'post')} in {period}.", detail, **chart)
    top, low = ranked.iloc[0], ranked.iloc[-1]
    best, tied = _tied_names(ranked, measure, "component")
    headline = f"{best} engages its audience best: {_rate(top, measure)} {label}."
    title = f"{best} has the highest engagement rate {label}"
    if tied > 1:
        headline = f"{best} tie for the best engagement: {_rate(top, measure)} {label} each."
        title = f"{best} tie for the highest engagement rate {label}"
    if len(table) == 2:  # one component
        headline = f"{top['component']}: engagement rate {_rate(top, measure)} {label}."
        title = f"{top['component']}: engagement rate {_rate(top, measure)} {label}"
    if len(ranked) > 1 and low[measure] < top[measure]:
        least, tied = _tied_names(ranked, measure, "component", lowest=True)
        posts = f", {_count(low['posts'], 'post')}" if tied == 1 else " each"
        verb = "engages" if tied == 1 else "engage"
        detail += f" {least} {verb} least ({_rate(low, measure)}{posts})."
    chart["highlight"] = chart_label(top["component"])
    return _claim(headline, detail, title, **chart)


def comparison_summary(
    comparison: pd.DataFrame, client: Client, over_time: pd.DataFrame | None = None
) -> dict[str, str]:
    """The claim of the period-against-baseline section, from `compare_periods`.

    Also `measure`, `ylabel` and `bucket` ("week" or "month", as `trend_freq`) for the trend
    charts. Without a baseline the chart's title names
    the week or month where the measure was highest in `over_time` (`post_metrics_over_time`).
    """
    baseline_label, period_label = comparison.attrs.get("labels", ("baseline", "period"))
    base, now = comparison["baseline"], comparison["period"]
    measure = next(
        (c for c, _ in _MEASURES if c in comparison.index and pd.notna(now[c])), "applause_rate"
    )
    bucket = "week" if trend_freq(client) == "W" else "month"
    chart = {"measure": measure, "ylabel": _axis_label(measure), "bucket": bucket}
    title = f"{_MEASURE_WORDS[measure].capitalize()} by {bucket}"
    if over_time is not None and measure in over_time and over_time[measure].notna().any():
        peaks = leaders(over_time[measure].dropna().to_dict())
        peak = pd.Timestamp(over_time.loc[peaks[0], "period"])
        when = f"the week of {peak:%Y-%m-%d}" if bucket == "week" else f"{peak:%B %Y}"
        if len(peaks) > 1:  # a tie: say so, naming the first of the tied buckets
            when = f"{len(peaks)} {bucket}s alike, first {when}"
        title = f"{_MEASURE_WORDS[measure].capitalize()} was highest in {when}"
    if client.baseline is None:
        return _claim(
            "No baseline period is set, so there is nothing to compare with.",
            "Set `baseline` in client.yaml (for example the quarter before) to see the change.",
            title,
            **chart,
        )
    if not base.get("posts"):
        return _claim(
            f"No posts in the baseline {baseline_label}.",
            "There is nothing to compare the period with.",
            title,
            **chart,
        )
    unit = "%" if measure.startswith("engagement") else ""
    direction = _direction(base.get(measure), now.get(measure))
    what = _MEASURE_WORDS[measure]
    headline = (
        f"The {what} {direction} from {_write(base.get(measure), 'rate')}{unit} in "
        f"{baseline_label} to {_write(now.get(measure), 'rate')}{unit} in {period_label}."
    )
    detail = (
        f"Posts: {_write(base.get('posts'), 'count')} then {_write(now.get('posts'), 'count')}; "
        f"comments per post {_write(base.get('conversation_rate'), 'rate')} then "
        f"{_write(now.get('conversation_rate'), 'rate')}; shares per post "
        f"{_write(base.get('amplification_rate'), 'rate')} then "
        f"{_write(now.get('amplification_rate'), 'rate')}. The section “Is the change real?” "
        "tests whether the per-post changes are larger than chance."
    )
    days = comparison.attrs.get("days")
    if days:
        detail += (
            f" The baseline lasts {days[0]} days and the period {days[1]}: totals are compared "
            "per day (rates per post already compare)."
        )
    title = f"The {what} {direction} from {baseline_label} to {period_label}"
    return _claim(headline, detail, title, **chart)


def post_type_summary(table: pd.DataFrame) -> dict[str, str]:
    """The claim of the post-type section, from `post_type_metrics`; also `measure`,
    `xlabel` and `highlight` for the chart."""
    total = table.loc[ALL]
    measure, label = _engagement_measure(total)
    chart = {"measure": measure, "xlabel": _axis_label(measure), "highlight": "", "subtitle": ""}
    ranked = _ranked(table.drop(index=ALL), measure)
    if ranked.empty:
        return _claim("Post types cannot be ranked.", "There are no posts to compare.", **chart)
    top = ranked.index[0]
    quoted = ranked.assign(_type=[f'"{wording.name(t)}"' for t in ranked.index])
    best, tied = _tied_names(quoted, measure, "_type")
    least, _ = _tied_names(quoted, measure, "_type", lowest=True)
    rate = _rate(ranked.iloc[0], measure)
    headline = f"Posts of type {best} engage best: {rate} {label}."
    title = f"{best} posts have the highest engagement rate {label}"
    if tied > 1:
        headline = f"Posts of types {best} tie for the best engagement: {rate} {label} each."
        title = f"{best} posts tie for the highest engagement rate {label}"
    spread = ranked[measure].iloc[-1] < ranked[measure].iloc[0]
    detail = (
        f"{_count(len(table) - 1, 'post type')}; of the types with at least {MIN_POSTS} posts, "
        + (
            f"{least} posts engage least ({_rate(ranked.iloc[-1], measure)})"
            if spread
            else "every type engages alike"
        )
        + ". A type with few posts moves a lot by chance: read the post counts beside the rates."
    )
    chart["highlight"] = chart_label(top)
    chart["subtitle"] = f"Post types with at least {MIN_POSTS} posts in the period."
    return _claim(headline, detail, title, **chart)


def top_posts_summary(best: pd.DataFrame, worst: pd.DataFrame) -> dict[str, str]:
    """The claim of the best-and-weakest-posts section, from two `top_posts` tables."""
    if best.empty:
        return _claim(
            "No single post can be ranked.",
            "Ranking needs posts in the period with their reach.",
        )
    first, last = best.iloc[0], worst.iloc[0]
    rate = "engagement_rate_reach"
    top_n = len(leaders(best[rate].reset_index(drop=True).to_dict()))
    low_n = len(leaders((-worst[rate]).reset_index(drop=True).to_dict()))
    weakest = "the weakest" if low_n <= 1 else f"the weakest {_tie('post', low_n)}"
    headline = (
        f"The best {_tie('post', top_n)} engaged {first[rate]:.1f}% of the people "
        f"{'it' if top_n == 1 else 'they'} reached, {weakest} {last[rate]:.2f}%."
    )
    named = [
        f"Best: {_post_words(first)}" + (f" (one of {top_n} tied)" if top_n > 1 else ""),
        f"Weakest: {_post_words(last)}" + (f" (one of {low_n} tied)" if low_n > 1 else ""),
    ]
    detail = (
        f"{named[0]}. {named[1]}. Each post's own engagement "
        "rate by reach; posts without reach are left out."
    )
    return _claim(headline, detail)


def constructive_table(posts: pd.DataFrame, names: dict[str, str], client: Client) -> pd.DataFrame:
    """`constructive_actions` of the period per component (most first) and `_all`, with names.

    Active members come from the client's `metrics` rows `active_members` in the period.
    """
    observations = client.in_period("metrics", column="date")
    table = constructive_actions(posts, metrics=observations)
    parts = table.drop(index=ALL).sort_values("constructive_actions", ascending=False)
    table = pd.concat([parts, table.loc[[ALL]]])
    table.insert(0, "component", _names(table.index, names))
    return table


def constructive_summary(
    table: pd.DataFrame, comparison: pd.DataFrame, client: Client
) -> dict[str, str]:
    """The claim of the constructive-actions section (`constructive_table`, `compare_periods`)."""
    total = table.loc[ALL]
    if pd.isna(total["constructive_actions"]) or not total["posts"]:
        return _claim(
            "Constructive customer actions cannot be counted.",
            "They need posts with comments, votes or referrals.",
            "Constructive actions",
        )
    top = table.iloc[0]
    headline = (
        f"Customers took {_write(total['constructive_actions'], 'count')} constructive "
        f"actions in {client.period.label}, {_write(total['per_post'], 'rate')} per post."
    )
    leading, tied = _tied_names(table.drop(index=ALL), "constructive_actions", "component")
    if tied > 1:
        detail = (
            f"Constructive actions are comments, votes and referrals. {leading} tie for the "
            f"most ({_write(top['constructive_actions'], 'count')} each)."
        )
    else:
        detail = (
            f"Constructive actions are comments, votes and referrals. {leading} drew the "
            f"most ({_write(top['constructive_actions'], 'count')}, "
            f"{_write(top['per_post'], 'rate')} per post"
        )
        if pd.notna(top["per_active_member"]):
            detail += f", {_write(top['per_active_member'], 'rate')} per active member"
        detail += ")."
    before = comparison["baseline"].get("constructive_actions")
    title = f"Constructive actions in {client.period.label}"
    if before is None or pd.isna(before):
        return _claim(headline, detail, title)
    baseline_label = comparison.attrs["labels"][0]
    change = comparison["change_pct"].get("constructive_actions")
    change = f"{change:+.0f}%" if change is not None and pd.notna(change) else ""
    days = comparison.attrs.get("days")
    after = total["constructive_actions"]
    if days:  # spans of different length: per day, with the totals beside
        before_day, after_day = before / days[0], after / days[1]
        detail += (
            f" Per day, as the spans differ in length: {before_day:,.1f} in the baseline "
            f"{baseline_label} ({_write(before, 'count')} over {days[0]} days) against "
            f"{after_day:,.1f} in {client.period.label} ({_write(after, 'count')} over "
            f"{days[1]} days)" + (f", {change} per day." if change else ".")
        )
        direction = _direction(before_day, after_day)
        title = (
            f"Constructive actions per day {direction} from {before_day:,.0f} in "
            f"{baseline_label} to {after_day:,.0f} in {client.period.label}"
        )
        return _claim(headline, detail, title)
    detail += f" In the baseline {baseline_label}: {_write(before, 'count')}" + (
        f" ({change})." if change else "."
    )
    direction = _direction(before, after)
    title = (
        f"Constructive actions {direction} from {_write(before, 'count')} in "
        f"{baseline_label} to {_write(after, 'count')} in {client.period.label}"
    )
    return _claim(headline, detail, title)


def share_of_voice_table(client: Client) -> pd.DataFrame:
    """Share of voice in the period (and the baseline) among the brand and its competitors.

    Columns brand, mentions, share, baseline mentions, baseline share (`VOICE_COLUMNS`) and
    share_pct (share in %, for a chart); empty when the client lists no competitors or its
    mentions carry no `brand`. The client brand is `brand` in
    client.yaml, else the client slug; `brand` shows it as the client's name and each competitor
    slug as a name (`wording.brand`).
    """
    columns = list(VOICE_COLUMNS)
    brand = client.config.brand or client.slug
    now = _voice(client)
    if now is None:
        return pd.DataFrame(columns=[*columns, "share_pct"])
    before = _voice(client, baseline=True)
    out = now.copy()
    out["baseline mentions"] = before["mentions"] if before is not None else np.nan
    out["baseline share"] = before["share"] if before is not None else np.nan
    out["share_pct"] = 100.0 * out["share"]
    out["brand"] = [client.config.name if b == brand else wording.brand(b) for b in out["brand"]]
    return out[[*columns, "share_pct"]]


def share_of_voice_summary(table: pd.DataFrame, client: Client) -> dict[str, str]:
    """The claim of the share-of-voice section, from `share_of_voice_table`; also
    `highlight` (the client brand) for the chart."""
    if table.empty:
        return _claim(
            "Share of voice is not measured.",
            "It needs `competitors` in client.yaml and a `brand` on each mention.",
            highlight="",
        )
    own = table.iloc[0]
    n = int(table["mentions"].sum())
    if not n:
        return _claim(f"No brand mentions in {client.period.label}.", "", highlight="")
    others = ", ".join(
        f"{brand} {_write(share, 'share')}"
        for brand, share in zip(table["brand"][1:], table["share"][1:], strict=True)
    )
    headline = (
        f"{own['brand']} holds {_write(own['share'], 'share')} of the brand conversation "
        f"in {client.period.label}."
    )
    detail = f"Out of {n:,} mentions of the brand and its competitors: {others}."
    if pd.notna(own["baseline share"]):
        detail += f" In the baseline: {_write(own['baseline share'], 'share')}."
    leader = table.sort_values("mentions", ascending=False, kind="stable").iloc[0]["brand"]
    title = (
        f"{own['brand']} leads the brand conversation"
        if leader == own["brand"]
        else f"{leader} is talked about more than {own['brand']}"
    )
    return _claim(headline, detail, title, highlight=chart_label(own["brand"]))


def closing_points(
    engagement: dict, comparison: dict, constructive: dict, voice: dict, feelings: dict, tests: dict
) -> dict[str, str]:
    """The metric analysis's closing summary: each section's headline under its label."""
    sections = {
        "Engagement.": engagement,
        "Against the baseline.": comparison,
        "Constructive actions.": constructive,
        "Share of voice.": voice,
        "Sentiment.": feelings,
        "Is the change real?": tests,
    }
    return {label: story["headline"] for label, story in sections.items()}


def chart_rows(table: pd.DataFrame, *, min_posts: int = 0) -> pd.DataFrame:
    """The rows of a table to chart: without `_all` (and, with `min_posts`, without groups of
    fewer posts), the index as a column, text as `chart_label`."""
    rows = table.drop(index=ALL, errors="ignore")
    if min_posts and "posts" in rows and (rows["posts"] >= min_posts).any():
        rows = rows[rows["posts"] >= min_posts]
    rows = rows.reset_index()
    for column in rows.columns:
        if rows[column].dtype == object or pd.api.types.is_string_dtype(rows[column]):
            rows[column] = rows[column].astype(str).map(chart_label)
    return rows


def chart_text(text: object) -> str:
    """Client text safe for a chart: `$` escaped, as matplotlib reads `$...$` as mathematics."""
    return str(text).replace("$", r"\$")


def chart_label(text: object, *, width: int = 28) -> str:
    """`chart_text` wrapped onto lines of about `width` characters (long names on an axis);
    an internal name (a post type such as `club_post`) in words."""
    text = chart_text(wording.words(str(text)))
    return "\n".join(textwrap.wrap(text, width, break_long_words=False)) or ""


def _labels(client: Client) -> tuple[str, str]:
    return (client.baseline.label if client.baseline else "baseline", client.period.label)


def _ranked(parts: pd.DataFrame, measure: str) -> pd.DataFrame:
    """Rows with a value, best first; only those with `MIN_POSTS` posts when there are any."""
    known = parts[parts[measure].notna()]
    enough = known[known["posts"] >= MIN_POSTS]
    return (enough if len(enough) else known).sort_values(measure, ascending=False)


def _tied_names(
    ranked: pd.DataFrame, measure: str, column: str, *, lowest: bool = False
) -> tuple[str, int]:
    """`column` of the rows tied for the highest (or lowest) `measure`, joined, and how many."""
    values = ranked[measure] if not lowest else -ranked[measure]
    tied = [str(v) for v in ranked.loc[leaders(values.to_dict()), column]]
    return (", ".join(tied[:-1]) + " and " + tied[-1] if len(tied) > 1 else tied[0]), len(tied)


def _names(index: pd.Index, names: dict[str, str]) -> list[str]:
    return [ALL_LABEL if i == ALL else names.get(str(i), str(i)) for i in index]


def _claim(headline: str, detail: str, title: str = "", **chart: str) -> dict[str, str]:
    """A claim: text for `Workbook.say` and a chart title (`chart_label`, lines of 64)."""
    return {"headline": headline, "detail": detail, "title": chart_label(title, width=64), **chart}


def _engagement_measure(total: pd.Series) -> tuple[str, str]:
    for column, label in _MEASURES:
        if pd.notna(total[column]):
            return column, label
    return "applause_rate", "(likes per post)"


def _axis_label(measure: str) -> str:
    if measure == "applause_rate":
        return "likes per post"
    return f"{_MEASURE_WORDS[measure]}, % (ratio of sums)"


def _rate(row: pd.Series, measure: str) -> str:
    unit = "" if measure == "applause_rate" else "%"
    return f"{_write(row[measure], 'rate')}{unit}"


def _rate_words(total: pd.Series) -> str:
    words = [
        f"{_write(total[column], 'rate')}% {label}"
        for column, label in _MEASURES
        if pd.notna(total[column])
    ]
    return ", ".join(words) if words else "unknown (no reach, impressions or followers)"


def _tie(noun: str, n: int) -> str:
    """ "post", or "2 posts (tied)" when `n` share the place."""
    return noun if n <= 1 else f"{wording.counted(n, noun)} (tied)"


def _post_words(post: pd.Series) -> str:
    """A post as a client knows it: "a club post on the Trail Club, 7 Sep 2026 (reach 1,150)"."""
    kind = wording.name(post.get("post_type") or "post")
    where = f" on {post['component']}" if "component" in post else ""
    when = _write(post["published_at"], "date")
    return f"{wording.article(kind)}{where}, {when} (reach {_write(post['reach'], 'count')})"


def _direction(before: object, after: object) -> str:
    if before is None or after is None or pd.isna(before) or pd.isna(after):
        return "changed"
    if math.isclose(float(before), float(after), rel_tol=0.005):
        return "held"
    return "rose" if after > before else "fell"


def _count(n: object, noun: str) -> str:
    n = int(n)
    return f"{n:,} {noun}" + ("" if n == 1 else "s")


def _write(value: object, kind: str) -> str:
    """A value as a client reads it (see `readable`)."""
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return "–"
    if kind == "count":
        return f"{float(value):,.0f}"
    if kind == "rate":
        return f"{float(value):,.2f}"
    if kind == "share":
        return f"{float(value):.0%}"
    if kind == "date":
        return f"{pd.Timestamp(value):%Y-%m-%d}"
    return "All" if value == ALL else str(value)


# --------------------------------------------------------------------------- private

_ABSENT = object()  # the source table or column of a metric is missing


def _period_freq(freq: str) -> str:
    try:
        return _PERIOD_FREQ[freq]
    except KeyError:
        raise ValueError(
            f"unknown frequency '{freq}': use one of D, W (weeks from Monday), MS (months), QS, YS"
        ) from None


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

    engagements = sum((col(c) for c in _ENGAGEMENT), zero)
    followers = col("followers")
    data = {k: posts[k].to_numpy() for k in keys}
    data.update({c: col(c) for c in _SUMMED})
    data["engagements"] = engagements
    data["constructive_actions"] = sum((col(c) for c in _CONSTRUCTIVE), zero)
    data["_followers"] = followers
    # a rate's numerator counts only the posts in its denominator (blank reach is read as 0)
    data["_engagements_followed"] = np.where(followers > 0, engagements, 0)
    data["_engagements_reached"] = np.where(col("reach") > 0, engagements, 0)
    data["_engagements_seen"] = np.where(col("impressions") > 0, engagements, 0)
    return pd.DataFrame(data, index=index)


def _sum_frame(work: pd.DataFrame) -> pd.DataFrame:
    sums = work.sum().astype("int64").to_frame().T
    sums.insert(0, "posts", np.int64(len(work)))
    return sums


def _ratio(numerator: pd.Series, denominator: pd.Series, scale: float = 1.0) -> pd.Series:
    num = numerator.astype("float64")
    den = denominator.astype("float64")
    return (scale * num / den).where(den > 0)


def _rates(sums: pd.DataFrame, present: frozenset[str]) -> pd.DataFrame:
    """Turn group sums into the `POST_METRIC_COLUMNS` frame, nulling what the data cannot give."""
    out = pd.DataFrame(index=sums.index)
    out["posts"] = sums["posts"].astype("int64")
    for name in _SUMMED:
        out[name] = sums[name] if name in present else np.nan
    out["engagements"] = sums["engagements"] if present & set(_ENGAGEMENT) else np.nan
    out["constructive_actions"] = (
        sums["constructive_actions"] if present & set(_CONSTRUCTIVE) else np.nan
    )
    out["conversation_rate"] = _ratio(out["comments"], out["posts"])
    out["amplification_rate"] = _ratio(out["shares"], out["posts"])
    out["applause_rate"] = _ratio(out["likes"], out["posts"])
    engaged = out["engagements"].notna()
    out["engagement_rate_reach"] = _ratio(
        sums["_engagements_reached"].where(engaged), out["reach"], 100.0
    )
    out["engagement_rate_impressions"] = _ratio(
        sums["_engagements_seen"].where(engaged), out["impressions"], 100.0
    )
    if "followers" in present and present & set(_ENGAGEMENT):
        out["engagement_rate_followers"] = _ratio(
            sums["_engagements_followed"], sums["_followers"], 100.0
        )
    else:
        out["engagement_rate_followers"] = np.nan
    return out[list(POST_METRIC_COLUMNS)]


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
    needs = {
        "engagements": set(_ENGAGEMENT),
        "engagement_rate_reach": {"reach"},
        "engagement_rate_impressions": {"impressions"},
        "engagement_rate_followers": {"followers"},
        "conversation_rate": {"comments"},
        "amplification_rate": {"shares"},
        "applause_rate": {"likes"},
        "constructive_actions": set(_CONSTRUCTIVE),
    }.get(key, {key} if key in COUNT_COLUMNS else set())
    if needs and not needs & present:
        return _ABSENT
    posts = _in_span(posts, "published_at", span)
    if key == "followers":
        followed = posts[posts["followers"] > 0].sort_values("published_at", kind="stable")
        if followed.empty:
            return None
        return float(followed.groupby("component_id")["followers"].last().sum())
    value = post_metrics(posts).iloc[-1][key]
    return None if pd.isna(value) else float(value)


def _mentions_value(client: Client, key: str, span: Period, component_id: str | None):
    mentions = _table(client, "mentions")
    if mentions is None or (mentions := _for_component(mentions, component_id)).empty:
        return _ABSENT
    mentions = _in_span(mentions, "published_at", span)
    from . import sentiment  # sentiment imports this module (period_starts)

    if key == "share_of_voice":
        brand = client.config.brand or client.slug
        table = share_of_voice(mentions, brand, list(client.config.competitors))
        if table is None:
            return _ABSENT
        share = table["share"].iloc[0]
        return None if pd.isna(share) else float(share)
    mentions = sentiment.own_mentions(mentions, sentiment.own_brand(client))
    if key == "mentions":
        return float(len(mentions))
    if mentions.empty:
        return None
    classes = sentiment.score_mentions(mentions, cache=sentiment.client_cache(client))
    classes = classes["sentiment"]
    n = len(classes)
    positive = int((classes == "positive").sum())
    negative = int((classes == "negative").sum())
    if key == "net_sentiment":
        return 100.0 * (positive - negative) / n
    if key == "positive_share":
        return positive / n
    return negative / n


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
