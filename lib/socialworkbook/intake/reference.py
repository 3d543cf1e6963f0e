"""The client folder's reference, generated from what the kit knows (docs/client-folder.md).

The tables and their columns (`vocab.TABLES`), the allowed values (`vocab.VOCABULARIES`, the value
dimensions), the keys of client.yaml and the metric keys (`catalogue.METRICS`) are written out here
with their meanings, so the page cannot drift from the code: `scripts/make_docs.py` rewrites the
generated part of the page, and a test fails when the page and `client_folder_reference()` differ
or when a column or value has no meaning written here.
"""

from __future__ import annotations

import re

from .. import catalogue, vocab
from .config import _KEY_HELP

__all__ = [
    "GENERATED_START",
    "GENERATED_END",
    "COLUMN_MEANINGS",
    "VALUE_MEANINGS",
    "client_folder_reference",
    "with_reference",
]

GENERATED_START = "<!-- generated from the kit: scripts/make_docs.py rewrites what follows -->"
GENERATED_END = "<!-- end of the generated part -->"

# What one row of each table is, in an analyst's words.
TABLE_MEANINGS = {
    "ecosystem": "the client's social ecosystem: every community, profile and tool it runs or "
    "plans, one row per component. The only table every client must have.",
    "ogst": "the client's objectives, goals, strategies and tactics (OGST), one line per "
    "objective of one component; a goal with a metric and a target is tracked in the reports.",
    "functions": "the business-function framework: for each business function, what the "
    "business wants, what social technologies should do for it, and how it is measured.",
    "value_scores": "how much value each component creates on each value dimension, scored 0-5 "
    "by the analyst with the client.",
    "posts": "the client's own posts and content items with their counts, as the platforms "
    "export them (`socialworkbook import` writes this table from the exports).",
    "mentions": "customer conversation: comments, tweets, reviews, forum posts about the client "
    "or its competitors, as a listening tool exports them.",
    "metrics": "any other figure the client tracks (response times, leads, members, ...), one "
    "observation per row: date, metric, value.",
    "labels": "people's sentiment labels of mentions: the random samples that "
    "`socialworkbook sample` draws, labelled by hand.",
}

# What each column holds (table, column) -> meaning. Every column of `vocab.TABLES` has one.
COLUMN_MEANINGS = {
    ("ecosystem", "component_id"): "a short id of your choice for the component, e.g. `fb-page`"
    " (lower case, digits, `-`, `_`); other tables refer to the component by it",
    ("ecosystem", "name"): "the component's name as the reports show it, e.g. `Support forum`",
    ("ecosystem", "component_type"): "what kind of component it is",
    ("ecosystem", "platform"): "where it runs, e.g. Facebook, Discourse, LinkedIn",
    ("ecosystem", "continuum_stage"): "where it sits on the value continuum",
    ("ecosystem", "purposes"): "what the client uses it for (one or more)",
    ("ecosystem", "business_functions"): "the business functions it serves (one or more)",
    ("ecosystem", "lifecycle_stages"): "the customer lifecycle stages it serves (one or more)",
    ("ecosystem", "audience"): "who it is for (one or more)",
    ("ecosystem", "owner"): "who runs it at the client, free text",
    ("ecosystem", "status"): "whether it is live; empty means active",
    ("ecosystem", "url"): "its address, for the analyst's reference",
    ("ogst", "component_id"): "the component the line is about",
    ("ogst", "objective"): "what the client wants to achieve, in words",
    ("ogst", "goal"): "the measurable goal, in words, e.g. `200 forum answers a month`",
    ("ogst", "metric"): "the metric that measures the goal: a metric key below, or a metric of "
    "the `metrics` table",
    ("ogst", "target"): "the value the metric should reach",
    ("ogst", "target_date"): "when the target is due; a goal due later is judged on its pace",
    ("ogst", "baseline_value"): "the metric's value when the goal was set (its starting point); "
    "without it the first value in the data is taken",
    ("ogst", "baseline_date"): "the day `baseline_value` was measured (blank: the first day of the "
    "period); the goal's pace is counted from it",
    ("ogst", "strategy"): "how the goal will be reached, in words",
    ("ogst", "tactics"): "the concrete actions, several separated by `;`",
    ("functions", "business_function"): "the business function",
    ("functions", "business_objective"): "what that function of the business wants to achieve",
    ("functions", "social_objective"): "what social technologies should do toward it",
    ("functions", "activities"): "the social activities that serve it, several separated by `;`",
    ("functions", "metrics"): "how it is measured: metric keys below (or metrics of the "
    "`metrics` table), separated by `;`",
    ("functions", "components"): "the components that serve it: component ids, separated by `;`",
    ("value_scores", "component_id"): "the component scored",
    ("value_scores", "dimension"): "the value dimension",
    ("value_scores", "score"): "how much value the component creates there: 0 (none) to 5 (most)",
    ("posts", "post_id"): "the platform's id of the post (or any id unique in the table)",
    ("posts", "component_id"): "the component it was posted on",
    ("posts", "published_at"): "when it was published",
    ("posts", "post_type"): "its format, e.g. photo, video, link, thread",
    ("posts", "followers"): "the component's followers when it was posted",
    ("posts", "reach"): "people who saw it, as the platform counts them",
    ("posts", "impressions"): "times it was shown",
    ("posts", "likes"): "likes or reactions",
    ("posts", "comments"): "comments or replies",
    ("posts", "shares"): "shares, retweets or reposts",
    ("posts", "votes"): "votes, e.g. on a forum or Reddit",
    ("posts", "referrals"): "visits it sent to the client's site",
    ("posts", "clicks"): "clicks on it",
    ("posts", "saves"): "times it was saved or bookmarked",
    ("posts", "video_views"): "views of its video",
    ("posts", "paid"): "whether it was promoted with paid budget: true or false (yes/no too)",
    ("posts", "message"): "what it says (its first words show in the best and weakest posts)",
    ("posts", "link"): "its address, `https://...` (the best and weakest posts link to it)",
    ("mentions", "mention_id"): "the id of the mention (any id unique in the table)",
    ("mentions", "published_at"): "when it was written",
    ("mentions", "text"): "what was said",
    ("mentions", "component_id"): "the component it was found on, when it was one of the "
    "client's own",
    ("mentions", "author"): "who wrote it: replaced by a pseudonym when read, never shown",
    ("mentions", "brand"): "the brand it is about (the client's own brand slug or a "
    "competitor's); empty means the client's",
    ("mentions", "label"): "a person's sentiment label of it, when it has one",
    ("metrics", "date"): "the day the value is for",
    ("metrics", "metric"): "the metric: a metric key below, or any name of your own",
    ("metrics", "value"): "the value, a number",
    ("metrics", "component_id"): "the component it belongs to, when it belongs to one",
    ("labels", "mention_id"): "the mention labelled (a `mention_id` of the mentions table)",
    ("labels", "label"): "the person's label; empty until labelled",
    ("labels", "sample"): "the sample it was drawn in (written by `socialworkbook sample`)",
    ("labels", "labelled_by"): "who labelled it",
    ("labels", "labelled_at"): "when it was labelled",
}

# What each allowed value means: (vocabulary, value) -> meaning.
VALUE_MEANINGS = {
    ("component_type", "customer_community"): "a community the client hosts for its customers",
    ("component_type", "social_network"): "a social network run by the client itself",
    ("component_type", "social_media_profile"): "the client's profile or page on a public "
    "platform (Facebook, Instagram, X, LinkedIn, YouTube, TikTok, ...)",
    ("component_type", "community_platform"): "a platform for online communities the client "
    "uses (a forum or community software)",
    ("component_type", "social_crm"): "a customer-relationship tool with social data",
    ("component_type", "collaboration_tool"): "a tool for working together with customers, "
    "partners or staff (ideas portals, wikis, co-creation)",
    ("component_type", "listening_tool"): "a tool that gathers what people say about the client",
    ("continuum_stage", "social_crm"): "insight: knowing each customer from social data",
    ("continuum_stage", "collaboration"): "working together with customers and partners",
    ("continuum_stage", "community"): "a community of customers around the client",
    ("continuum_stage", "mass_market"): "reaching many people at once",
    ("purposes", "listening"): "learning what customers say",
    ("purposes", "talking"): "spreading the client's messages",
    ("purposes", "energizing"): "getting enthusiastic customers to speak for the client",
    ("purposes", "supporting"): "helping customers help themselves and each other",
    ("purposes", "embracing"): "bringing customers into how the client works",
    ("purposes", "collaborating"): "creating things together with customers",
    ("business_functions", "customer_service"): "customer service and support",
    ("business_functions", "rnd"): "research and development",
    ("business_functions", "operations"): "operations",
    ("business_functions", "hr"): "human resources",
    ("business_functions", "marketing"): "marketing",
    ("business_functions", "sales"): "sales",
    ("lifecycle_stages", "investigation"): "before buying: finding and comparing",
    ("lifecycle_stages", "purchase"): "buying",
    ("lifecycle_stages", "loyalty"): "after buying: using, staying, recommending",
    ("audience", "customers"): "the client's customers",
    ("audience", "prospects"): "people who may become customers",
    ("audience", "employees"): "the client's staff",
    ("audience", "partners"): "suppliers, resellers and other partners",
    ("audience", "public"): "anyone",
    ("status", "active"): "live now (the default)",
    ("status", "planned"): "not live yet",
    ("status", "retired"): "no longer used",
    ("label", "positive"): "the writer is pleased",
    ("label", "neutral"): "neither pleased nor displeased, or no opinion",
    ("label", "negative"): "the writer is displeased",
    ("dimension", "brand_awareness"): "more people know the brand",
    ("dimension", "lead_generation"): "more people ask to hear from the client",
    ("dimension", "direct_sales"): "sales made through the component",
    ("dimension", "customer_advocacy"): "customers recommend the client",
    ("dimension", "customer_insight"): "the client learns what customers want",
    ("dimension", "customer_retention"): "customers stay",
}

_KIND_WORDS = {
    "id": "an id, unique in the table",
    "ref": "a `component_id` of the ecosystem",
    "multi_ref": "`component_id`s of the ecosystem, separated by `;`",
    "text": "text",
    "vocab": "one allowed value",
    "multi": "text; several separated by `;`",
    "datetime": "a date, `2026-07-01`, or date and time, `2026-07-01T14:30`",
    "count": "a whole number, 0 or more; left empty on every post of a component, it is not "
    "measured there (never 0)",
    "number": "a number",
    "score": "a whole number 0-5",
    "bool": "true or false",
    "metric": "a [metric key](#metric-keys)",
    "multi_metric": "[metric keys](#metric-keys), separated by `;`",
    "dimension": "a value dimension",
    "mention": "a `mention_id` of the mentions table",
    "author": "text (personal data)",
}
_UNIT_WORDS = {
    "": "",
    "%": "per 100",
    "per post": "per post",
    "share": "a share, 0-100%",
    "points": "points, -100 to +100",
    "hours": "hours",
    "days": "days",
    "money": "money, in the client's currency",
}
_KIND_OF_METRIC = {
    "stock": "a level at a moment: the latest value counts",
    "flow": "a total over the period",
    "level": "an average over the period",
    "rate": "a rate over the period",
}
_SOURCE_WORDS = {
    "posts": "the posts table",
    "mentions": "the mentions table",
    "metrics": "the metrics table",
    "results": "a run's figures",
}


def client_folder_reference() -> str:
    """The generated part of docs/client-folder.md: the tables, client.yaml, the allowed
    values and the metric keys, each with its meaning."""
    parts = ["## The tables", ""]
    parts.append(
        "Each table is a CSV file `<table>.csv` in the client folder, or a sheet named `<table>` "
        "of one workbook `inputs.xlsx`. Columns in **bold** are required; the others may be "
        "left out or left empty."
    )
    for spec in vocab.TABLES.values():
        needed = "required" if spec.required else "optional"
        parts += ["", f"### `{spec.name}` ({needed})", "", TABLE_MEANINGS[spec.name][0].upper()]
        parts[-1] += TABLE_MEANINGS[spec.name][1:]
        parts += ["", "| column | what it holds | written as |", "|---|---|---|"]
        for column in spec.columns:
            name = f"**{column.name}**" if column.required else column.name
            meaning = COLUMN_MEANINGS[(spec.name, column.name)]
            parts.append(f"| {name} | {meaning} | {_written_as(column)} |")
    parts += ["", "## client.yaml", "", "| key | what it holds |", "|---|---|"]
    for key, help_text in _KEY_HELP.items():
        required = key in ("name", "period")
        parts.append(f"| {'**' + key + '**' if required else key} | {_escape(help_text)} |")
    codes = ", ".join(f"`{code}` {name}" for code, name in vocab.LANGUAGES.items())
    parts += ["", f"The codes `language:` takes (ISO 639-1): {codes}."]
    parts += ["", "## Allowed values", ""]
    for name, values in _vocabularies().items():
        parts += [f"### `{name}`", "", "| value | meaning |", "|---|---|"]
        parts += [
            f"| `{value}` | {VALUE_MEANINGS[(_meaning_of(name), value)]} |" for value in values
        ]
        parts.append("")
    parts.append(
        "A client may add value dimensions of its own: list their slugs under `dimensions:` in "
        "client.yaml, then use them in value_scores."
    )
    parts += ["", "## Metric keys", ""]
    parts.append(
        "A goal (`ogst.metric`) and the business-function framework (`functions.metrics`) name a "
        "metric by its key. The keys below are the ones the kit knows; a metric of your own is "
        "any name you use in the `metrics` table. Where lower is better, a fall is progress."
    )
    for known in (True, False):
        if not known:
            parts += [
                "",
                "The kit also knows how these add up over a period; a goal or the framework may "
                "name them once the client's `metrics` table holds them:",
            ]
        parts += ["", "| key | name | how it is computed | counts as | better |"]
        parts.append("|---|---|---|---|---|")
        for metric in catalogue.METRICS:
            if metric.known == known:
                parts.append(_metric_row(metric))
    return "\n".join(parts) + "\n"


def _metric_row(metric: catalogue.Metric) -> str:
    counts = _KIND_OF_METRIC[metric.kind]
    unit = _UNIT_WORDS.get(metric.unit, metric.unit)
    if unit:
        counts += f"; {unit}"
    counts += f"; from {_SOURCE_WORDS[metric.source]}"
    better = "lower" if metric.lower_is_better else "higher"
    definition = _escape(metric.definition)
    return f"| `{metric.key}` | {metric.name} | {definition} | {counts} | {better} |"


def with_reference(page: str) -> str:
    """`page` with its generated part (between the markers) replaced by the reference."""
    pattern = re.compile(re.escape(GENERATED_START) + r".*?" + re.escape(GENERATED_END), re.S)
    if not pattern.search(page):
        raise ValueError("the page has no generated part (its markers are missing)")
    block = f"{GENERATED_START}\n\n{client_folder_reference()}\n{GENERATED_END}"
    return pattern.sub(lambda _: block, page)


def _vocabularies() -> dict[str, tuple[str, ...]]:
    names = {k: v for k, v in vocab.VOCABULARIES.items() if k != "business_function"}
    return names | {"dimension": vocab.DIMENSIONS}


def _meaning_of(name: str) -> str:
    return "business_functions" if name == "business_function" else name


def _written_as(column: vocab.Column) -> str:
    if column.vocab:
        name = _meaning_of(column.vocab)
        if column.kind == "vocab":
            return f"one of the [`{name}`](#{name}) values"
        return f"[`{name}`](#{name}) values, several separated by `;`"
    if column.kind == "dimension":
        return "a [`dimension`](#dimension) value"
    return _KIND_WORDS[column.kind]


def _escape(text: str) -> str:
    return text.replace("|", "\\|")
