"""The metric analysis as its notebook tells it (03_metric_analysis): tables and claims.

A template cell calls one of these and shows the result. A claim is a dict of plain text
(`headline`, `detail`, `title`, and for a chart what to draw) that the notebook passes to
`Workbook.say`, which escapes it. The figures come from `formulas`.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from ... import wording
from ...catalogue import (
    ACTIVE_MEMBERS,
    AMPLIFICATION_RATE,
    APPLAUSE_RATE,
    CONSTRUCTIVE_ACTIONS,
    CONVERSATION_RATE,
    ENGAGEMENT_RATE_REACH,
    ENGAGEMENTS,
    ENGAGEMENTS_PER_POST,
    METRICS,
)
from ...periods import period_freq
from ...ranking import leaders
from ...story import Story
from ...wording import chart_label
from .formulas import ALL, client_voice, constructive_actions, is_total, post_metrics, unequal_days

if TYPE_CHECKING:
    from ...model import Client

__all__ = [
    "ALL_LABEL",
    "MIN_POSTS",
    "READABLE",
    "heading",
    "engagement_columns",
    "CONSTRUCTIVE_COLUMNS",
    "POST_COLUMNS",
    "trend_freq",
    "by_component",
    "compare_periods",
    "readable",
    "readable_comparison",
    "engagement_summary",
    "comparison_summary",
    "post_type_summary",
    "top_posts_summary",
    "top_posts_caption",
    "constructive_table",
    "constructive_summary",
    "share_of_voice_table",
    "share_of_voice_summary",
    "closing_points",
    "chart_rows",
    "VOICE_COLUMNS",
    "partial_buckets",
]


ALL_LABEL = "All components"


MIN_POSTS = 5
"""Groups with fewer posts are not named best or worst in a claim (one lucky post is not a
pattern); they stay in the tables."""


# Column -> (heading a client reads, how a value is written), for the columns that are not
# metrics; a metric's are its catalogue entry's (`heading`).
READABLE: dict[str, tuple[str, str]] = {
    "component": ("component", "text"),
    "component_id": ("component id", "text"),
    "post_id": ("post", "text"),
    "post": ("post", "text"),
    "post_type": ("post type", "text"),
    "published_at": ("published", "date"),
    "per_post": ("per post", "rate"),
    # the mean of the period's observations, written whole in the constructive table
    ACTIVE_MEMBERS: ("active members", "count"),
    "per_active_member": ("per active member", "rate"),
    "brand": ("brand", "text"),
    "share": ("share of voice", "share"),
    "baseline mentions": ("baseline mentions", "count"),
    "baseline share": ("baseline share", "share"),
}


def heading(column: str) -> tuple[str, str]:
    """(heading a client reads, how a value is written) of a table's column: `READABLE`, else
    the catalogue's heading and format of a metric, else the column as it is, as text."""
    if column in READABLE:
        return READABLE[column]
    metric = METRICS.get(column)
    return (metric.heading, metric.format) if metric else (column, "text")


def engagement_columns(table: pd.DataFrame | None = None) -> tuple[str, ...]:
    """The columns of the engagement tables of the notebook (by component, by post type): every
    post rate of the catalogue; with `table`, without the figures it has on no row (a client
    without reach has no reach column nor rates by reach: a figure not measured is not shown)."""
    columns = ("component", "posts", "reach", *(m.key for m in METRICS.post_rates()))
    if table is None:
        return columns
    if "component" not in table and table.index.name:  # by post type: its index leads
        columns = (table.index.name, *columns[1:])
    return tuple(c for c in columns if c not in table or table[c].notna().any())


CONSTRUCTIVE_COLUMNS: tuple[str, ...] = (
    "component",
    "posts",
    *METRICS[CONSTRUCTIVE_ACTIONS].needs,
    CONSTRUCTIVE_ACTIONS,
    "per_post",
    ACTIVE_MEMBERS,
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
    "post",
    "component",
    "likes",
    "comments",
    "shares",
    ENGAGEMENTS,
    "reach",
    ENGAGEMENT_RATE_REACH,
    "link",
)
"""The columns of the best / weakest posts tables (the post in words, no id, no person; its
link where the posts carry one)."""


def _measures() -> list[tuple[str, str]]:
    """The engagement rates (the catalogue's post rates in %), each with "by <denominator>", in
    the order a claim prefers them."""
    return [(m.key, f"by {m.formula.denominator}") for m in METRICS.post_rates() if m.unit == "%"]


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
    first = pd.Period(start, freq=period_freq(freq))
    last = pd.Period(client.period.end, freq=period_freq(freq))
    partial = []
    if first.start_time.date() < start:
        partial.append(first.start_time)
    if last.end_time.date() > client.period.end:
        partial.append(last.start_time)
    return partial


def by_component(posts: pd.DataFrame, names: dict[str, str]) -> pd.DataFrame:
    """`post_metrics` per component (most posts first) and `_all`, with a `component` name."""
    table = post_metrics(posts, by="component_id")
    parts = table.drop(index=ALL).sort_values(["posts", ENGAGEMENTS], ascending=False)
    table = pd.concat([parts, table.loc[[ALL]]])
    table.insert(0, "component", _names(table.index, names))
    return table


def compare_periods(client: Client) -> pd.DataFrame:
    """The `_all` post metrics of the baseline and of the period side by side, and the change.

    Index: metric keys (those with a value on either side). Columns: metric (in words),
    baseline, period (values, null without a baseline) and change_pct (null where the
    baseline value is 0 or null). Where the days the posts cover differ (`unequal_days`:
    spans of different length, or posts that start late or stop early), baseline_per_day and
    period_per_day hold the totals per day with data and change_pct of a total is the change
    per day. `attrs` holds the two period labels and `days` (`unequal_days`).
    """
    base = post_metrics(client.in_period("posts", baseline=True)).loc[ALL]
    now = post_metrics(client.in_period("posts")).loc[ALL]
    if client.baseline is None:
        base = base.where(base.isna(), np.nan)
    rows = [c for c in METRICS.period_keys() if not (pd.isna(base[c]) and pd.isna(now[c]))]
    out = pd.DataFrame(
        {
            "metric": [heading(c)[0] for c in rows],
            "baseline": [base[c] for c in rows],
            "period": [now[c] for c in rows],
        },
        index=pd.Index(rows, name="key"),
    ).astype({"baseline": "float64", "period": "float64"})
    days = unequal_days(client)
    totals = np.array([is_total(c) for c in rows], dtype=bool)
    before, after = out["baseline"], out["period"]
    if days:  # totals over different days with data: per day (CONTRACT sections 3 and 5)
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

    Counts get thousands separators, rates two decimals, shares whole percent; null is "n/a".
    A column may be the index (e.g. post_type). Unknown columns are shown as they are.
    """
    frame = table.reset_index() if table.index.name in (columns or ()) else table
    chosen = [c for c in (columns or frame.columns) if c in frame.columns]
    out = pd.DataFrame(index=range(len(frame)))
    for column in chosen:
        title, kind = heading(column)
        out[title] = [_write(v, kind) for v in frame[column]]
    return out


def readable_comparison(comparison: pd.DataFrame) -> pd.DataFrame:
    """`compare_periods` for a client to read: each row written as its metric's kind."""
    baseline_label, period_label = comparison.attrs.get("labels", ("baseline", "period"))
    kinds = [heading(key)[1] for key in comparison.index]
    out = pd.DataFrame(
        {
            "metric": comparison["metric"].to_numpy(),
            baseline_label: [
                _write(v, k) for v, k in zip(comparison["baseline"], kinds, strict=True)
            ],
            period_label: [_write(v, k) for v, k in zip(comparison["period"], kinds, strict=True)],
            "change": [wording.signed(v, unit="%", blank="–") for v in comparison["change_pct"]],
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
                f"{label} per day ({n} days with data)",
                ["–" if pd.isna(v) else f"{v:,.1f}" for v in comparison[column]],
            )
        out = out.rename(columns={"change": "change (totals per day)"})
    if comparison["baseline"].isna().all():  # no baseline: nothing to set beside the period
        out = out.drop(columns=[baseline_label, "change"])
    return out


def engagement_summary(table: pd.DataFrame, client: Client) -> Story:
    """The claim of the engagement section, from a `by_component` table of the period.

    Besides the text: `measure` (the column to chart: engagement rate by reach, else by
    impressions or followers), `xlabel` and `highlight` (the best component's name).
    """
    period = client.period.label
    total = table.loc[ALL]
    measure, label = _engagement_measure(total)
    chart = {"measure": measure, "xlabel": _axis_label(measure), "highlight": ""}
    if (
        client.table("posts").empty and not total["posts"]
    ):  # a listening-only client: no section about posts
        return _claim("", "", **chart)
    if not total["posts"]:
        return _claim(f"No posts in {period}.", "There are no owned posts to measure.", **chart)
    ranked = _ranked(table.drop(index=ALL), measure)
    detail = (
        f"{_count(total['posts'], 'post')} in {period} on "
        f"{_count(len(table) - 1, 'component')} earned {_write(total[ENGAGEMENTS], 'count')} "
        f"engagements (likes + comments + shares): {_write(total[CONVERSATION_RATE], 'rate')} "
        f"comments, {_write(total[AMPLIFICATION_RATE], 'rate')} shares and "
        f"{_write(total[APPLAUSE_RATE], 'rate')} likes per post. {_rate_words(total)}"
    )
    if ranked.empty:
        return _claim(f"{_count(total['posts'], 'post')} in {period}.", detail, **chart)
    top, low = ranked.iloc[0], ranked.iloc[-1]
    best, tied = _tied_names(ranked, measure, "component")
    figure, words = _figure(top, measure, label), METRICS[measure].phrase
    headline = f"{best} engages its audience best: {figure}."
    title = f"{best} has the highest {words}"
    if tied > 1:
        headline = f"{best} tie for the best engagement: {figure} each."
        title = f"{best} tie for the highest {words}"
    if len(table) == 2:  # one component
        figure = _figure(top, measure, label, lead=True)
        headline = f"{top['component']}: {figure}."
        title = f"{top['component']}: {figure}"
    if len(ranked) > 1 and low[measure] < top[measure]:
        least, tied = _tied_names(ranked, measure, "component", lowest=True)
        posts = f", {_count(low['posts'], 'post')}" if tied == 1 else " each"
        verb = "engages" if tied == 1 else "engage"
        detail += f" {least} {verb} least ({_rate(low, measure)}{posts})."
    chart["highlight"] = chart_label(top["component"])
    return _claim(headline, detail, title, **chart)


def comparison_summary(
    comparison: pd.DataFrame, client: Client, over_time: pd.DataFrame | None = None
) -> Story:
    """The claim of the period-against-baseline section, from `compare_periods`.

    Also `measure` and `ylabel` for the trend charts. Without a baseline the chart's title names
    the week or month where the measure was highest in `over_time` (`post_metrics_over_time`).
    """
    baseline_label, period_label = comparison.attrs.get("labels", ("baseline", "period"))
    base, now = comparison["baseline"], comparison["period"]
    measure = next(
        (c for c, _ in _measures() if c in comparison.index and pd.notna(now[c])),
        ENGAGEMENTS_PER_POST if ENGAGEMENTS_PER_POST in comparison.index else APPLAUSE_RATE,
    )
    bucket = "week" if trend_freq(client) == "W" else "month"
    chart = {"measure": measure, "ylabel": _axis_label(measure)}
    title = f"{METRICS[measure].phrase.capitalize()} by {bucket}"
    if over_time is not None and measure in over_time and over_time[measure].notna().any():
        peaks = leaders(over_time[measure].dropna().to_dict())
        peak = pd.Timestamp(over_time.loc[peaks[0], "period"])
        when = f"the week of {peak:%Y-%m-%d}" if bucket == "week" else f"{peak:%B %Y}"
        if len(peaks) > 1:  # a tie: say so, naming the first of the tied buckets
            when = f"{len(peaks)} {bucket}s alike, first {when}"
        title = f"{METRICS[measure].phrase.capitalize()} was highest in {when}"
    if client.table("posts").empty:  # a listening-only client: no section about posts
        return _claim("", "", title, **chart)
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
    unit = "%" if METRICS[measure].unit == "%" else ""
    direction = _direction(base.get(measure), now.get(measure))
    what = METRICS[measure].phrase
    headline = (
        f"The {what} {direction} from {_write(base.get(measure), 'rate')}{unit} in "
        f"{baseline_label} to {_write(now.get(measure), 'rate')}{unit} in {period_label}."
    )
    detail = (
        f"Posts: {_write(base.get('posts'), 'count')} then {_write(now.get('posts'), 'count')}; "
        f"comments per post {_write(base.get(CONVERSATION_RATE), 'rate')} then "
        f"{_write(now.get(CONVERSATION_RATE), 'rate')}; shares per post "
        f"{_write(base.get(AMPLIFICATION_RATE), 'rate')} then "
        f"{_write(now.get(AMPLIFICATION_RATE), 'rate')}. The section “Is the change real?” "
        "tests whether the per-post changes are larger than chance."
    )
    days = comparison.attrs.get("days")
    if days:
        detail += (
            f" Posts cover {days[0]} days of the baseline and {days[1]} of the period: totals "
            "are compared per day with data (rates per post already compare)."
        )
    title = f"The {what} {direction} from {baseline_label} to {period_label}"
    return _claim(headline, detail, title, **chart)


def post_type_summary(table: pd.DataFrame) -> Story:
    """The claim of the post-type section, from `post_type_metrics`; also `measure`,
    `xlabel` and `highlight` for the chart."""
    total = table.loc[ALL]
    measure, label = _engagement_measure(total)
    chart = {"measure": measure, "xlabel": _axis_label(measure), "highlight": "", "subtitle": ""}
    if not total["posts"]:  # no posts in the period: the engagement section says so
        return _claim("", "", **chart)
    ranked = _ranked(table.drop(index=ALL), measure)
    if ranked.empty:
        return _claim("Post types cannot be ranked.", "There are no posts to compare.", **chart)
    top = ranked.index[0]
    quoted = ranked.assign(_type=[f'"{wording.name(t)}"' for t in ranked.index])
    best, tied = _tied_names(quoted, measure, "_type")
    least, _ = _tied_names(quoted, measure, "_type", lowest=True)
    figure, words = _figure(ranked.iloc[0], measure, label), METRICS[measure].phrase
    headline = f"Posts of type {best} engage best: {figure}."
    title = f"{best} posts have the highest {words}"
    if tied > 1:
        headline = f"Posts of types {best} tie for the best engagement: {figure} each."
        title = f"{best} posts tie for the highest {words}"
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


def top_posts_caption(table: pd.DataFrame, *, worst: bool = False) -> str:
    """The caption of a `top_posts` table: what its posts are ranked by."""
    which = "lowest" if worst else "highest"
    if table.attrs.get("measure", ENGAGEMENT_RATE_REACH) == ENGAGEMENT_RATE_REACH:
        return f"The five posts with the {which} engagement rate by reach."
    what = "fewest" if worst else "most"
    return f"The five posts with the {what} engagements (likes + comments + shares)."


def top_posts_summary(best: pd.DataFrame, worst: pd.DataFrame) -> Story:
    """The claim of the best-and-weakest-posts section, from two `top_posts` tables."""
    if best.empty and not best.attrs.get("posts"):  # no posts: the engagement section says so
        return _claim("", "")
    if best.empty:
        return _claim(
            "No single post can be ranked.",
            "Ranking needs posts in the period with likes, comments or shares.",
        )
    first, last = best.iloc[0], worst.iloc[0]
    if best.attrs.get("measure") == ENGAGEMENTS:
        return _top_by_engagements(best, worst)
    rate = ENGAGEMENT_RATE_REACH
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


def _top_by_engagements(best: pd.DataFrame, worst: pd.DataFrame) -> Story:
    """`top_posts_summary` of posts without reach: ranked by their engagements."""
    first, last = best.iloc[0], worst.iloc[0]
    top_n = len(leaders(best[ENGAGEMENTS].reset_index(drop=True).to_dict()))
    low_n = len(leaders((-worst[ENGAGEMENTS]).reset_index(drop=True).to_dict()))
    weakest = "the weakest" if low_n <= 1 else f"the weakest {_tie('post', low_n)}"
    headline = (
        f"The best {_tie('post', top_n)} drew {_count(first[ENGAGEMENTS], 'engagement')}, "
        f"{weakest} {_write(last[ENGAGEMENTS], 'count')}."
    )
    named = [
        f"Best: {_post_words(first)}" + (f" (one of {top_n} tied)" if top_n > 1 else ""),
        f"Weakest: {_post_words(last)}" + (f" (one of {low_n} tied)" if low_n > 1 else ""),
    ]
    detail = (
        f"{named[0]}. {named[1]}. Engagements are likes + comments + shares; the posts carry "
        "no reach, so no engagement rate in % can be given."
    )
    return _claim(headline, detail)


def constructive_table(posts: pd.DataFrame, names: dict[str, str], client: Client) -> pd.DataFrame:
    """`constructive_actions` of the period per component (most first) and `_all`, with names.

    Active members come from the client's `metrics` rows `active_members` in the period.
    """
    observations = client.in_period("metrics", column="date")
    table = constructive_actions(posts, metrics=observations)
    parts = table.drop(index=ALL).sort_values(CONSTRUCTIVE_ACTIONS, ascending=False)
    table = pd.concat([parts, table.loc[[ALL]]])
    table.insert(0, "component", _names(table.index, names))
    return table


def constructive_summary(table: pd.DataFrame, comparison: pd.DataFrame, client: Client) -> Story:
    """The claim of the constructive-actions section (`constructive_table`, `compare_periods`)."""
    total = table.loc[ALL]
    if (
        client.table("posts").empty and not total["posts"]
    ):  # a listening-only client: no section about posts
        return _claim("", "", "Constructive actions")
    if pd.isna(total[CONSTRUCTIVE_ACTIONS]) or not total["posts"]:
        return _claim(
            "Constructive customer actions cannot be counted.",
            "They need posts with comments, votes or referrals.",
            "Constructive actions",
        )
    top = table.iloc[0]
    headline = (
        f"Customers took {_write(total[CONSTRUCTIVE_ACTIONS], 'count')} constructive "
        f"actions in {client.period.label}, {_write(total['per_post'], 'rate')} per post."
    )
    leading, tied = _tied_names(table.drop(index=ALL), CONSTRUCTIVE_ACTIONS, "component")
    if tied > 1:
        detail = (
            f"Constructive actions are comments, votes and referrals. {leading} tie for the "
            f"most ({_write(top[CONSTRUCTIVE_ACTIONS], 'count')} each)."
        )
    else:
        detail = (
            f"Constructive actions are comments, votes and referrals. {leading} drew the "
            f"most ({_write(top[CONSTRUCTIVE_ACTIONS], 'count')}, "
            f"{_write(top['per_post'], 'rate')} per post"
        )
        if pd.notna(top["per_active_member"]):
            detail += f", {_write(top['per_active_member'], 'rate')} per active member"
        detail += ")."
    before = comparison["baseline"].get(CONSTRUCTIVE_ACTIONS)
    title = f"Constructive actions in {client.period.label}"
    if before is None or pd.isna(before):
        return _claim(headline, detail, title)
    baseline_label = comparison.attrs["labels"][0]
    change = comparison["change_pct"].get(CONSTRUCTIVE_ACTIONS)
    change = wording.signed(change, unit="%", blank="") if change is not None else ""
    days = comparison.attrs.get("days")
    after = total[CONSTRUCTIVE_ACTIONS]
    if days:  # different days with data: per day, with the totals beside
        before_day, after_day = before / days[0], after / days[1]
        detail += (
            f" Per day with data: {before_day:,.1f} in the baseline "
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
    now = client_voice(client)
    if now is None:
        return pd.DataFrame(columns=[*columns, "share_pct"])
    before = client_voice(client, baseline=True)
    out = now.copy()
    out["baseline mentions"] = before["mentions"] if before is not None else np.nan
    out["baseline share"] = before["share"] if before is not None else np.nan
    out["share_pct"] = 100.0 * out["share"]
    out["brand"] = [client.config.name if b == brand else wording.brand(b) for b in out["brand"]]
    return out[[*columns, "share_pct"]]


def share_of_voice_summary(table: pd.DataFrame, client: Client) -> Story:
    """The claim of the share-of-voice section, from `share_of_voice_table`; also
    `highlight` (the client brand) for the chart."""
    if client.table("mentions").empty:  # a client without conversation data
        return _claim("", "", highlight="")
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
    engagement: Story,
    comparison: Story,
    constructive: Story,
    voice: Story,
    feelings: Story,
    tests: Story,
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
    return {label: story.headline for label, story in sections.items() if story.headline}


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
    return wording.listing(tied), len(tied)


def _names(index: pd.Index, names: dict[str, str]) -> list[str]:
    return [ALL_LABEL if i == ALL else names.get(str(i), str(i)) for i in index]


def _claim(headline: str, detail: str, title: str = "", **chart: str) -> Story:
    """A claim: text for `Workbook.tell` and a chart title (`chart_label`, lines of 64)."""
    return Story(headline, detail, chart_label(title, width=64), **chart)


def _engagement_measure(total: pd.Series) -> tuple[str, str]:
    """The engagement rate a claim ranks by and its "by <denominator>" words; without reach,
    impressions or followers, engagements per post (likes + comments + shares, never likes
    alone), which has no such words."""
    for column, label in _measures():
        if pd.notna(total[column]):
            return column, label
    return ENGAGEMENTS_PER_POST, ""


def _figure(row: pd.Series, measure: str, label: str, *, lead: bool = False) -> str:
    """A group's engagement figure in a claim: "1.53% by reach" ("engagement rate 1.53% by
    reach" with `lead`), or "12.34 engagements per post" (a rate per post has no "%")."""
    if METRICS[measure].unit == "%":
        return ("engagement rate " if lead else "") + f"{_rate(row, measure)} {label}"
    return f"{_write(row[measure], 'rate')} {METRICS[measure].phrase}"


def _axis_label(measure: str) -> str:
    if METRICS[measure].unit != "%":
        return METRICS[measure].phrase
    return f"{METRICS[measure].phrase}, % (ratio of sums)"


def _rate(row: pd.Series, measure: str) -> str:
    unit = {"%": "%", "per post": " per post"}.get(METRICS[measure].unit, "")
    return f"{_write(row[measure], 'rate')}{unit}"


def _rate_words(total: pd.Series) -> str:
    """The engagement rates of all posts in a sentence, or why there are none."""
    words = [
        f"{_write(total[column], 'rate')}% {label}"
        for column, label in _measures()
        if pd.notna(total[column])
    ]
    if not words:
        return (
            "The posts carry no reach, impressions or followers, so no engagement rate in % "
            f"can be given: components are compared by engagements per post "
            f"({_write(total[ENGAGEMENTS_PER_POST], 'rate')} over all posts), a ratio of sums."
        )
    return (
        f"Engagement rate {', '.join(words)}, each a ratio of sums (all engagements over all "
        "people reached), not an average of single posts."
    )


def _tie(noun: str, n: int) -> str:
    """ "post", or "2 posts (tied)" when `n` share the place."""
    return noun if n <= 1 else f"{wording.counted(n, noun)} (tied)"


def _post_words(post: pd.Series) -> str:
    """A post as a client knows it: "a club post on the Trail Club, 7 Sep 2026 (reach 1,150)"."""
    kind = wording.name(post.get("post_type") or "post")
    where = f" on {post['component']}" if "component" in post else ""
    when = _write(post["published_at"], "date")
    if "reach" not in post:
        return f"{wording.article(kind)}{where}, {when}"
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
        return "n/a"
    if kind == "count":
        return wording.count(value)
    if kind == "rate":
        return wording.rate(value)
    if kind == "share":
        return wording.share(value)
    if kind == "number":
        return wording.number(value)
    if kind == "signed":
        return wording.signed(value)
    if kind == "date":
        return wording.day(value)
    return "All" if value == ALL else str(value)
