"""The contract's vocabularies and table schemas (CONTRACT.md section 1), in one place.

The metrics, their keys and kinds, are the catalogue's (`catalogue.METRICS`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

__all__ = [
    "CONFIG_FILE",
    "WORKBOOK_FILE",
    "SAMPLES_FILE",
    "SLUG",
    "VOCABULARIES",
    "GOAL_STATUSES",
    "COUNT_COLUMNS",
    "LANGUAGES",
    "DIMENSIONS",
    "TABLES",
    "TableSpec",
    "Column",
]

# The files of a client folder besides the tables' CSVs (CONTRACT.md section 1).
CONFIG_FILE = "client.yaml"
WORKBOOK_FILE = "inputs.xlsx"
SAMPLES_FILE = "samples.json"  # the design of the labelled samples (`measure.labels` writes it)

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

GOAL_STATUSES: tuple[str, ...] = ("met", "on_track", "behind", "unverified", "no_data")
"""Every goal status, in the order readers count them. "unverified": a goal on sentiment with
automatic scores only (no estimate from human labels); never met, never counted among goals met.
"""

DIMENSIONS: tuple[str, ...] = (
    "brand_awareness",
    "lead_generation",
    "direct_sales",
    "customer_advocacy",
    "customer_insight",
    "customer_retention",
)

# The languages of mentions, by ISO 639-1 code: those the kit's detector (py3langid) knows.
# `language:` in client.yaml is one of them; the reports name a language by its English name.
LANGUAGES: dict[str, str] = {
    "af": "Afrikaans",
    "am": "Amharic",
    "an": "Aragonese",
    "ar": "Arabic",
    "as": "Assamese",
    "az": "Azerbaijani",
    "ba": "Bashkir",
    "be": "Belarusian",
    "bg": "Bulgarian",
    "bn": "Bengali",
    "br": "Breton",
    "bs": "Bosnian",
    "ca": "Catalan",
    "cs": "Czech",
    "cy": "Welsh",
    "da": "Danish",
    "de": "German",
    "dz": "Dzongkha",
    "el": "Greek",
    "en": "English",
    "eo": "Esperanto",
    "es": "Spanish",
    "et": "Estonian",
    "eu": "Basque",
    "fa": "Persian",
    "fi": "Finnish",
    "fo": "Faroese",
    "fr": "French",
    "fy": "Western Frisian",
    "ga": "Irish",
    "gd": "Scottish Gaelic",
    "gl": "Galician",
    "gu": "Gujarati",
    "ha": "Hausa",
    "he": "Hebrew",
    "hi": "Hindi",
    "hr": "Croatian",
    "ht": "Haitian Creole",
    "hu": "Hungarian",
    "hy": "Armenian",
    "id": "Indonesian",
    "ig": "Igbo",
    "is": "Icelandic",
    "it": "Italian",
    "ja": "Japanese",
    "jv": "Javanese",
    "ka": "Georgian",
    "kk": "Kazakh",
    "km": "Khmer",
    "kn": "Kannada",
    "ko": "Korean",
    "ku": "Kurdish",
    "ky": "Kyrgyz",
    "la": "Latin",
    "lb": "Luxembourgish",
    "lg": "Ganda",
    "ln": "Lingala",
    "lo": "Lao",
    "lt": "Lithuanian",
    "lv": "Latvian",
    "mg": "Malagasy",
    "mk": "Macedonian",
    "ml": "Malayalam",
    "mn": "Mongolian",
    "mr": "Marathi",
    "ms": "Malay",
    "mt": "Maltese",
    "my": "Burmese",
    "ne": "Nepali",
    "nl": "Dutch",
    "nn": "Norwegian Nynorsk",
    "no": "Norwegian",
    "oc": "Occitan",
    "om": "Oromo",
    "or": "Odia",
    "pa": "Punjabi",
    "pl": "Polish",
    "ps": "Pashto",
    "pt": "Portuguese",
    "qu": "Quechua",
    "ro": "Romanian",
    "ru": "Russian",
    "rw": "Kinyarwanda",
    "sa": "Sanskrit",
    "se": "Northern Sami",
    "si": "Sinhala",
    "sk": "Slovak",
    "sl": "Slovenian",
    "sn": "Shona",
    "so": "Somali",
    "sq": "Albanian",
    "sr": "Serbian",
    "st": "Southern Sotho",
    "sv": "Swedish",
    "sw": "Swahili",
    "ta": "Tamil",
    "te": "Telugu",
    "tg": "Tajik",
    "th": "Thai",
    "tk": "Turkmen",
    "tl": "Tagalog",
    "tr": "Turkish",
    "tt": "Tatar",
    "ug": "Uyghur",
    "uk": "Ukrainian",
    "ur": "Urdu",
    "uz": "Uzbek",
    "vi": "Vietnamese",
    "vo": "Volapük",
    "wa": "Walloon",
    "xh": "Xhosa",
    "yo": "Yoruba",
    "zh": "Chinese",
    "zu": "Zulu",
}

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
                _c("baseline_date", "datetime"),
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
                _c("message", "text"),
                _c("link", "text"),
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
