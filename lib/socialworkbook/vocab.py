"""The contract's vocabularies and table schemas (CONTRACT.md section 1), in one place."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

__all__ = [
    "CONFIG_FILE",
    "WORKBOOK_FILE",
    "SLUG",
    "VOCABULARIES",
    "COUNT_COLUMNS",
    "RATE_COLUMNS",
    "DIMENSIONS",
    "TABLES",
    "TableSpec",
    "Column",
    "KNOWN_METRICS",
    "METRIC_KINDS",
    "LOWER_IS_BETTER",
    "metric_kind",
]

# The files of a client folder besides the tables' CSVs (CONTRACT.md section 1).
CONFIG_FILE = "client.yaml"
WORKBOOK_FILE = "inputs.xlsx"

SLUG = re.compile(r"^[a-z0-9][a-z0-9_-]{0,63}$")

VOCABULARIES: dict[str, tuple[str, ...]] = {
    "component_type": (
        "customer_community",
        "social_network",
        "social_media_profile",
        "community_platform",
        "social_crm",
        "collaboration_tool",
        "listening_tool",
    ),
    # The value continuum, in order from insight to mass market.
    "continuum_stage": ("social_crm", "collaboration", "community", "mass_market"),
    "purposes": ("listening", "talking", "energizing", "supporting", "embracing", "collaborating"),
    "business_functions": ("customer_service", "rnd", "operations", "hr", "marketing", "sales"),
    "lifecycle_stages": ("investigation", "purchase", "loyalty"),
    "audience": ("customers", "prospects", "employees", "partners", "public"),
    "status": ("active", "planned", "retired"),
    "label": ("positive", "neutral", "negative"),
}
VOCABULARIES["business_function"] = VOCABULARIES["business_functions"]

DIMENSIONS: tuple[str, ...] = (
    "brand_awareness",
    "lead_generation",
    "direct_sales",
    "customer_advocacy",
    "customer_insight",
    "customer_retention",
)

COUNT_COLUMNS: tuple[str, ...] = (
    "followers",
    "reach",
    "impressions",
    "likes",
    "comments",
    "shares",
    "votes",
    "referrals",
    "clicks",
    "saves",
    "video_views",
)


@dataclass(frozen=True)
class Column:
    """One column of a table: its name, kind and whether it is required.

    Kinds: `id` (slug, unique), `ref` (component_id that must exist in ecosystem), `text`,
    `vocab` (one value of VOCABULARIES[vocab]), `multi` (`;`-separated values of
    VOCABULARIES[vocab], or free text when vocab is None), `datetime`, `count`, `number`,
    `score` (0-5), `bool`, `metric` (a known metric key or a metric in `metrics`),
    `dimension` (DIMENSIONS or the client's own), `mention` (a mention_id of `mentions`, unique).
    """

    name: str
    kind: str
    required: bool = False
    vocab: str | None = None
    may_be_empty: bool = False  # a required column whose cells may be left empty


@dataclass(frozen=True)
class TableSpec:
    """A table of a client folder; `key` is the column whose values must be unique."""

    name: str
    columns: tuple[Column, ...]
    required: bool = False
    key: str | None = None
    one_row_per: str = ""
    defaults: dict[str, str] = field(default_factory=dict)

    @property
    def required_columns(self) -> list[str]:
        return [c.name for c in self.columns if c.required]

    def column(self, name: str) -> Column | None:
        return next((c for c in self.columns if c.name == name), None)


def _c(name: str, kind: str, required: bool = False, vocab: str | None = None, **options) -> Column:
    return Column(name, kind, required, vocab, **options)


TABLES: dict[str, TableSpec] = {
    spec.name: spec
    for spec in (
        TableSpec(
            "ecosystem",
            (
                _c("component_id", "id", True),
                _c("name", "text", True),
                _c("component_type", "vocab", True, "component_type"),
                _c("platform", "text"),
                _c("continuum_stage", "vocab", True, "continuum_stage"),
                _c("purposes", "multi", vocab="purposes"),
                _c("business_functions", "multi", vocab="business_functions"),
                _c("lifecycle_stages", "multi", vocab="lifecycle_stages"),
                _c("audience", "multi", vocab="audience"),
                _c("owner", "text"),
                _c("status", "vocab", vocab="status"),
                _c("url", "text"),
            ),
            required=True,
            key="component_id",
            one_row_per="component of the social ecosystem",
            defaults={"status": "active"},
        ),
        TableSpec(
            "ogst",
            (
                _c("component_id", "ref", True),
                _c("objective", "text", True),
                _c("goal", "text"),
                _c("metric", "metric"),
                _c("target", "number"),
                _c("target_date", "datetime"),
                _c("baseline_value", "number"),
                _c("strategy", "text"),
                _c("tactics", "multi"),
            ),
            one_row_per="objective-goal-strategy-tactics line of one component",
        ),
        TableSpec(
            "functions",
            (
                _c("business_function", "vocab", True, "business_function"),
                _c("business_objective", "text", True),
                _c("social_objective", "text", True),
                _c("activities", "multi"),
                _c("metrics", "multi_metric"),
                _c("components", "multi_ref"),
            ),
            one_row_per="business function",
        ),
        TableSpec(
            "value_scores",
            (
                _c("component_id", "ref", True),
                _c("dimension", "dimension", True),
                _c("score", "score", True),
            ),
            one_row_per="component x value dimension",
        ),
        TableSpec(
            "posts",
            (
                _c("post_id", "id", True),
                _c("component_id", "ref", True),
                _c("published_at", "datetime", True),
                _c("post_type", "text"),
                *(_c(name, "count") for name in COUNT_COLUMNS),
                _c("paid", "bool"),
            ),
            key="post_id",
            one_row_per="owned post / content item",
        ),
        TableSpec(
            "mentions",
            (
                _c("mention_id", "id", True),
                _c("published_at", "datetime", True),
                _c("text", "text", True),
                _c("component_id", "ref"),
                _c("author", "author"),
                _c("brand", "text"),
                _c("label", "vocab", vocab="label"),
            ),
            key="mention_id",
            one_row_per="piece of customer conversation",
        ),
        TableSpec(
            "metrics",
            (
                _c("date", "datetime", True),
                _c("metric", "text", True),
                _c("value", "number", True),
                _c("component_id", "ref"),
            ),
            one_row_per="other observation, long format",
        ),
        TableSpec(
            "labels",
            (
                _c("mention_id", "mention", True),
                _c("label", "vocab", True, "label", may_be_empty=True),
                _c("sample", "text"),
                _c("labelled_by", "text"),
                _c("labelled_at", "datetime"),
            ),
            key="mention_id",
            one_row_per="human sentiment label of one mention",
        ),
    )
}

# The rates of owned posts (FRAMEWORKS.md section 5), in the order every table shows them.
RATE_COLUMNS = (
    "conversation_rate",
    "amplification_rate",
    "applause_rate",
    "engagement_rate_reach",
    "engagement_rate_impressions",
    "engagement_rate_followers",
)

# Metric keys the kit computes from posts and mentions (CONTRACT.md section 3 and FRAMEWORKS.md 5),
# plus well-known keys usually supplied in `metrics`. A goal may name any of these, or any metric
# present in the client's `metrics` table.
KNOWN_METRICS: dict[str, str] = {
    "posts": "number of owned posts",
    "likes": "likes on owned posts",
    "comments": "comments on owned posts",
    "shares": "shares of owned posts",
    "votes": "votes on owned posts",
    "referrals": "referrals from owned posts",
    "clicks": "clicks on owned posts",
    "reach": "reach of owned posts, summed over posts",
    "impressions": "impressions of owned posts",
    "followers": "followers at the latest post in the period",
    "conversation_rate": "comments per post",
    "amplification_rate": "shares per post",
    "applause_rate": "likes per post",
    "engagement_rate_reach": "100 x engagements / reach",
    "engagement_rate_impressions": "100 x engagements / impressions",
    "engagement_rate_followers": "100 x engagements / followers at post time",
    "constructive_actions": "comments + votes + referrals",
    "mentions": "mentions in the period",
    "net_sentiment": "100 x (positive - negative) / mentions",
    "positive_share": "positive mentions / mentions",
    "negative_share": "negative mentions / mentions",
    "share_of_voice": "brand mentions / mentions of brand and competitors",
    "response_time_hours": "mean first-response time in hours (from metrics)",
    "time_to_hire_days": "mean days to hire (from metrics)",
    "cost_per_hire": "mean cost per hire (from metrics)",
    "support_cases": "support cases opened (from metrics)",
}

# What kind of quantity each metric is (FRAMEWORKS.md section 7): a "stock" is a level reached at
# a moment (its latest value counts: followers, members), a "flow" is counted over a period (its
# sum counts: posts, comments, leads), a "level" is a rate, average or score (its mean counts).
METRIC_KINDS: dict[str, str] = {
    **dict.fromkeys(
        (
            "posts",
            *(c for c in COUNT_COLUMNS if c != "followers"),
            "engagements",
            "constructive_actions",
            "mentions",
            "support_cases",
            "leads",
        ),
        "flow",
    ),
    **dict.fromkeys(("followers", "members", "subscribers"), "stock"),
    **dict.fromkeys(
        (
            *RATE_COLUMNS,
            "net_sentiment",
            "positive_share",
            "negative_share",
            "share_of_voice",
            "response_time_hours",
            "resolution_time_hours",
            "time_to_hire_days",
            "cost_per_hire",
            "cost_per_lead",
            "csat",
            "nps",
            "monthly_active_users",
            "daily_active_users",
            "active_members",
        ),
        "level",
    ),
}

# Names of a metric not in METRIC_KINDS that make it a level (a rate, share, score or duration).
_LEVEL_SUFFIXES = (
    "_rate",
    "_share",
    "_ratio",
    "_pct",
    "_percent",
    "_score",
    "_hours",
    "_minutes",
    "_days",
    "_mean",
    "_avg",
    "_average",
)


def metric_kind(metric: str) -> str:
    """The kind of a metric: "stock", "flow" or "level".

    `METRIC_KINDS` first; then a name ending in a rate, share, score or duration suffix
    (`_rate`, `_share`, `_ratio`, `_pct`, `_percent`, `_score`, `_hours`, `_minutes`, `_days`,
    `_mean`, `_avg`, `_average`) or containing `_per_` is a level; anything else is a flow.
    """
    if metric in METRIC_KINDS:
        return METRIC_KINDS[metric]
    if metric.endswith(_LEVEL_SUFFIXES) or "_per_" in metric:
        return "level"
    return "flow"


# Metrics where a lower value is better: a fall is progress, attainment is target / actual.
LOWER_IS_BETTER: frozenset[str] = frozenset(
    {
        "response_time_hours",
        "resolution_time_hours",
        "time_to_hire_days",
        "cost_per_hire",
        "cost_per_lead",
        "support_cases",
        "negative_share",
    }
)
