"""The metric catalogue: every metric the kit knows, defined once, and the views derived from it.

One `Metric` per key, registered once with `METRICS.register` (as papermill registers its
translators): its client name, short name, definition, kind, direction, unit, format, what it
needs and where it comes from, and where it is shown (results.json, the metric analysis's
period table, the board's tiles, the peer benchmarks, the method appendix). Intake validates
goal metrics against it, `wording` names and writes metrics through it, the measure stage
computes a post rate from its `Ratio`, and the method and publishing stages list their figures
from it: nothing else keeps a list of metric keys.

It lives in the shared base, not in the measure stage, because intake (`KNOWN`, which
`metric` columns accept) and `wording` (the base's names and formats) ask it too, and a stage
may import only the stages below it. It imports nothing from the library.

Adding a post rate that is a ratio of sums of posts columns is one `register` line here:
`formulas` computes every `Ratio`, and every view below lists it where its fields say.
"""

# ruff: noqa: E501  (one `register` line per metric, as papermill registers its translators)
from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass

__all__ = [
    "KINDS",
    "FORMATS",
    "SOURCES",
    "Ratio",
    "Metric",
    "Catalogue",
    "View",
    "METRICS",
    "BENCHMARKED",
    "metric_kind",
    "ENGAGEMENTS",
    "CONSTRUCTIVE_ACTIONS",
    "ACTIVE_MEMBERS",
    "APPLAUSE_RATE",
    "ENGAGEMENTS_PER_POST",
    "CONVERSATION_RATE",
    "AMPLIFICATION_RATE",
    "ENGAGEMENT_RATE_REACH",
    "ENGAGEMENT_RATE_IMPRESSIONS",
    "NET_SENTIMENT",
    "POSITIVE_SHARE",
    "CONSTRUCTIVE_ACTIONS_PER_DAY",
    "GOALS_MET_SHARE",
]

KINDS = ("stock", "flow", "level", "rate")
"""A stock is reached at a moment (its latest value counts), a flow counted over a period (its sum
counts), a level is an average, score or duration and a rate a ratio (their mean counts)."""

FORMATS = ("count", "number", "rate", "share", "signed", "money")
"""The `wording` formatter that writes a metric's value."""

SOURCES = ("posts", "mentions", "metrics", "results")
"""Where a figure comes from: the posts or mentions tables, the client's `metrics` table, or a
run's results.json (a figure derived from other figures)."""

# How a value is written where a format string is needed (the charts' ticks, the peer page).
_SPECS = {
    "count": "{{:,.{d}f}}",
    "number": "{{:,.{d}f}}",
    "rate": "{{:,.{d}f}}",
    "share": "{{:.{d}%}}",
    "signed": "{{:+.{d}f}}",
    "money": "{{:,.{d}f}}",
}
_DECIMALS = {"count": 0, "number": 1, "rate": 2, "share": 0, "signed": 0, "money": 0}


@dataclass(frozen=True)
class Ratio:
    """A post rate as data: `scale` x sum(numerator) / sum(denominator) over a group's posts.

    `numerator` is a count column or a summed figure (`engagements`); `denominator` is "posts"
    (a rate per post) or a count column, in which case the numerator counts only the posts whose
    denominator is above 0 (a post without reach adds no engagements to the rate by reach).
    """

    numerator: str
    denominator: str
    scale: float = 1.0


@dataclass(frozen=True)
class Metric:
    """One metric: what it is called, what it means, how it is written and where it is shown.

    Parameters
    ----------
    key : str
        The metric key (results.json, goals, the `metrics` table).
    name : str
        Its name in a client's words (`wording.name`), e.g. "comments per post".
    definition : str
        One line: how it is computed (the method appendix, intake's list of known metrics).
    kind : str
        One of `KINDS`.
    format : str
        One of `FORMATS`; `decimals` overrides the places of its format string (`spec`) and
        of a rate, share or signed formatter.
    source : str
        One of `SOURCES`.
    short : str
        The heading of its column in a table ("engagement % of reach"); `name` when empty.
    words : str
        The figure in a sentence ("engagement rate by reach"); `name` when empty.
    direction : str
        "higher" or "lower": which way is progress (a goal's attainment, the board).
    unit : str
        "" (a plain number), "%" (per 100), "per post", "share" (0-1), "points", "hours",
        "days" or "money".
    needs : tuple of str
        The posts columns one of which must be present for the figure (posts metrics).
    formula : Ratio, optional
        A post rate computed by `formulas` from this alone.
    known : bool
        A goal may name it without the client's `metrics` table holding it (intake's `KNOWN`);
        False for keys only given a kind here.
    results : bool
        In each entry of the results.json `posts` section.
    period : int, optional
        Its row in the metric analysis's period comparison (None: not shown there).
    board : str
        Its tile's label on the board ("" when it is not a board figure); tiles in catalogue
        order.
    benchmark : int, optional
        Its place among the peer-benchmarked figures (None: not benchmarked).
    glossary : int, optional
        Its place among the method appendix's defined terms (None: not defined there).
    """

    key: str
    name: str
    definition: str
    kind: str
    format: str
    source: str
    short: str = ""
    words: str = ""
    direction: str = "higher"
    unit: str = ""
    needs: tuple[str, ...] = ()
    formula: Ratio | None = None
    decimals: int | None = None
    known: bool = True
    results: bool = False
    period: int | None = None
    board: str = ""
    benchmark: int | None = None
    glossary: int | None = None

    def __post_init__(self) -> None:
        if self.kind not in KINDS or self.format not in FORMATS or self.source not in SOURCES:
            raise ValueError(f"metric {self.key!r}: kind, format or source outside the catalogue's")
        if self.direction not in ("higher", "lower"):
            raise ValueError(f"metric {self.key!r}: direction is 'higher' or 'lower'")

    @property
    def heading(self) -> str:
        """Its column heading in a table."""
        return self.short or self.name

    @property
    def phrase(self) -> str:
        """The figure in a sentence."""
        return self.words or self.name

    @property
    def lower_is_better(self) -> bool:
        """Whether a fall is progress (attainment is target / actual)."""
        return self.direction == "lower"

    @property
    def spec(self) -> str:
        """Its value as a format string, as the formatter writes it ("{:,.2f}" for a rate)."""
        return _SPECS[self.format].format(d=self._places)

    @property
    def label_spec(self) -> str:
        """A value labelled on a chart: `spec` with its unit's sign ("{:,.2f}%" for a rate in %,
        "{:,.2f}" for a rate per post, which never carries "%")."""
        return self.spec + ("%" if self.unit == "%" else "")

    @property
    def axis_spec(self) -> str:
        """A chart axis's ticks: one decimal fewer than `spec` (a signed or share figure's own)."""
        places = self._places if self.format in ("signed", "share") else max(self._places - 1, 0)
        return _SPECS[self.format].format(d=places)

    @property
    def _places(self) -> int:
        return _DECIMALS[self.format] if self.decimals is None else self.decimals


class View(Mapping):
    """A live mapping key -> value over the catalogue's entries that `select` picks, in the
    order `order` gives (catalogue order by default): a view always shows what is registered."""

    def __init__(
        self,
        catalogue: Catalogue,
        select: Callable[[Metric], bool],
        value: Callable[[Metric], object],
        order: Callable[[Metric], object] | None = None,
    ):
        self._catalogue, self._select, self._value, self._order = catalogue, select, value, order

    def _entries(self) -> list[Metric]:
        chosen = [m for m in self._catalogue if self._select(m)]
        return sorted(chosen, key=self._order) if self._order else chosen

    def __getitem__(self, key: str):
        entry = self._catalogue.get(key)
        if entry is None or not self._select(entry):
            raise KeyError(key)
        return self._value(entry)

    def __iter__(self) -> Iterator[str]:
        return iter([m.key for m in self._entries()])

    def __len__(self) -> int:
        return len(self._entries())

    def __repr__(self) -> str:
        return f"View({dict(self)!r})"


class Catalogue:
    """The registry of metrics: `register` one `Metric` per key; look one up by key."""

    def __init__(self) -> None:
        self._metrics: dict[str, Metric] = {}

    def register(self, metric: Metric) -> Metric:
        """Add `metric`; a key registered twice is an error (a metric has one definition)."""
        if metric.key in self._metrics:
            raise ValueError(f"metric {metric.key!r} is registered already")
        self._metrics[metric.key] = metric
        return metric

    def replace(self, metric: Metric) -> Metric:
        """Put `metric` in the place of the entry with its key (a label reworded, say)."""
        if metric.key not in self._metrics:
            raise KeyError(metric.key)
        self._metrics[metric.key] = metric
        return metric

    def remove(self, key: str) -> None:
        """Take a metric out again (a test's own entry)."""
        del self._metrics[key]

    def __getitem__(self, key: str) -> Metric:
        return self._metrics[key]

    def get(self, key: object) -> Metric | None:
        """The entry of `key`, None for a key the catalogue does not hold."""
        return self._metrics.get(str(key))

    def __contains__(self, key: object) -> bool:
        return key in self._metrics

    def __iter__(self) -> Iterator[Metric]:
        return iter(list(self._metrics.values()))

    def __len__(self) -> int:
        return len(self._metrics)

    def view(self, select, value=lambda m: m, order=None) -> View:
        """A live `View` of the entries `select` picks."""
        return View(self, select, value, order)

    def keys(self, select: Callable[[Metric], bool] = lambda m: True) -> tuple[str, ...]:
        """The keys `select` picks, in catalogue order."""
        return tuple(m.key for m in self if select(m))

    # the lists other modules read, each a question asked of the entries

    def known(self) -> dict[str, str]:
        """Key -> definition of every metric a goal may name without the client's data."""
        return {m.key: m.definition for m in self if m.known}

    def lower_is_better(self) -> frozenset[str]:
        """The keys where a lower value is better."""
        return frozenset(m.key for m in self if m.lower_is_better)

    def post_rates(self) -> tuple[Metric, ...]:
        """The rates of owned posts `formulas` computes, in the order every table shows them."""
        return tuple(m for m in self if m.formula is not None)

    def results_keys(self) -> tuple[str, ...]:
        """The keys of one entry of the results.json `posts` section."""
        return self.keys(lambda m: m.results)

    def period_keys(self) -> tuple[str, ...]:
        """The rows of the metric analysis's period comparison, in order."""
        shown = [m for m in self if m.period is not None]
        return tuple(m.key for m in sorted(shown, key=lambda m: m.period))

    def glossary(self) -> tuple[Metric, ...]:
        """The metrics the method appendix defines, in order."""
        return tuple(sorted((m for m in self if m.glossary is not None), key=_glossary))


def _glossary(metric: Metric) -> int:
    return metric.glossary


METRICS = Catalogue()
# The figures compared among a peer group's clients (`measure.benchmarks`), by their place:
# metric key -> what it means in plain words.
BENCHMARKED = METRICS.view(
    lambda m: m.benchmark is not None, lambda m: m.phrase, order=lambda m: m.benchmark
)
"""Every metric the kit knows."""

# Keys the library's code names where it computes a figure its own way.
ENGAGEMENTS = "engagements"
CONSTRUCTIVE_ACTIONS = "constructive_actions"
ACTIVE_MEMBERS = "active_members"
CONVERSATION_RATE = "conversation_rate"
AMPLIFICATION_RATE = "amplification_rate"
APPLAUSE_RATE = "applause_rate"
ENGAGEMENTS_PER_POST = "engagements_per_post"
ENGAGEMENT_RATE_REACH = "engagement_rate_reach"
ENGAGEMENT_RATE_IMPRESSIONS = "engagement_rate_impressions"
NET_SENTIMENT = "net_sentiment"
POSITIVE_SHARE = "positive_share"
CONSTRUCTIVE_ACTIONS_PER_DAY = "constructive_actions_per_day"
GOALS_MET_SHARE = "goals_met_share"

_register = METRICS.register


def _count(key: str, definition: str, **fields) -> Metric:
    """A count column of the posts table as a flow metric of posts."""
    return Metric(key, key.replace("_", " "), definition, "flow", "count", "posts",
                  needs=(key,), **fields)  # fmt: skip


# ----------------------------------------------------------------- computed from posts and mentions
# (CONTRACT.md section 3, FRAMEWORKS.md 5); a goal may name any of these.
_register(Metric("posts", "posts", "number of owned posts", "flow", "count", "posts", results=True, period=0))  # fmt: skip
_register(_count("likes", "likes on owned posts", results=True))
_register(_count("comments", "comments on owned posts", results=True))
_register(_count("shares", "shares of owned posts", results=True))
_register(_count("votes", "votes on owned posts"))
_register(_count("referrals", "referrals from owned posts"))
_register(_count("clicks", "clicks on owned posts"))
_register(_count("reach", "reach of owned posts, summed over posts", results=True, period=2, board="reach of owned posts, summed over posts (not distinct people)"))  # fmt: skip
_register(_count("impressions", "impressions of owned posts", results=True, period=3))
_register(Metric("followers", "followers", "followers at the latest post in the period", "stock", "count", "posts", needs=("followers",)))  # fmt: skip
_register(Metric(CONVERSATION_RATE, "comments per post", "comments per post", "rate", "rate", "posts", unit="per post", needs=("comments",), formula=Ratio("comments", "posts"), results=True, period=7))  # fmt: skip
_register(Metric(AMPLIFICATION_RATE, "shares per post", "shares per post", "rate", "rate", "posts", unit="per post", needs=("shares",), formula=Ratio("shares", "posts"), results=True, period=8))  # fmt: skip
_register(Metric(APPLAUSE_RATE, "likes per post", "likes per post", "rate", "rate", "posts", unit="per post", needs=("likes",), formula=Ratio("likes", "posts"), results=True, period=9))  # fmt: skip
_register(Metric(ENGAGEMENT_RATE_REACH, "engagement rate (% of reach)", "100 x engagements / reach", "rate", "rate", "posts", short="engagement % of reach", words="engagement rate by reach", unit="%", needs=("reach",), formula=Ratio(ENGAGEMENTS, "reach", 100.0), results=True, period=4, board="engagement rate by reach", benchmark=1, glossary=0))  # fmt: skip
_register(Metric(ENGAGEMENT_RATE_IMPRESSIONS, "engagement rate (% of impressions)", "100 x engagements / impressions", "rate", "rate", "posts", short="engagement % of impressions", words="engagement rate by impressions", unit="%", needs=("impressions",), formula=Ratio(ENGAGEMENTS, "impressions", 100.0), results=True, period=5, glossary=1))  # fmt: skip
_register(Metric("engagement_rate_followers", "engagement rate (% of followers)", "100 x engagements / followers at post time", "rate", "rate", "posts", short="engagement % of followers", words="engagement rate by followers", unit="%", needs=("followers",), formula=Ratio(ENGAGEMENTS, "followers", 100.0), period=6))  # fmt: skip
# Engagements per post: the engagement figure of a client whose platforms give no reach,
# impressions or followers (a Facebook export of reactions, comments and shares); never in %.
_register(Metric(ENGAGEMENTS_PER_POST, "engagements per post", "(likes + comments + shares) / posts", "rate", "rate", "posts", unit="per post", needs=("likes", "comments", "shares"), formula=Ratio(ENGAGEMENTS, "posts"), period=6))  # fmt: skip
_register(Metric(CONSTRUCTIVE_ACTIONS, "constructive actions", "comments + votes + referrals", "flow", "count", "posts", needs=("comments", "votes", "referrals"), results=True, period=10, board="constructive customer actions (comments, votes, referrals)", glossary=2))  # fmt: skip
_register(Metric("mentions", "mentions", "mentions in the period", "flow", "count", "mentions"))
_register(Metric(NET_SENTIMENT, "net sentiment", "100 x (positive - negative) / mentions", "rate", "signed", "mentions", unit="points", board="net sentiment (positive minus negative, % of mentions)", benchmark=0, glossary=5))  # fmt: skip
_register(Metric(POSITIVE_SHARE, "share of positive mentions", "positive mentions / mentions", "rate", "share", "mentions", unit="share", board="share of positive mentions", glossary=4))  # fmt: skip
_register(Metric("negative_share", "share of negative mentions", "negative mentions / mentions", "rate", "share", "mentions", unit="share", direction="lower"))  # fmt: skip
_register(Metric("share_of_voice", "share of voice", "brand mentions / mentions of brand and competitors", "rate", "share", "mentions", unit="share", glossary=3))  # fmt: skip

# ----------------------------------------------------------------- well-known keys of `metrics`
_register(Metric("response_time_hours", "response time (hours)", "mean first-response time in hours (from metrics)", "level", "number", "metrics", unit="hours", direction="lower"))  # fmt: skip
_register(Metric("time_to_hire_days", "time to hire (days)", "mean days to hire (from metrics)", "level", "number", "metrics", unit="days", direction="lower"))  # fmt: skip
_register(Metric("cost_per_hire", "cost per hire", "mean cost per hire (from metrics)", "level", "money", "metrics", unit="money", direction="lower"))  # fmt: skip
_register(Metric("support_cases", "support cases", "support cases opened (from metrics)", "flow", "count", "metrics", direction="lower"))  # fmt: skip

# ----------------------------------------------------------------- kinds only (a goal needs the data)
_register(Metric(ENGAGEMENTS, "engagements", "likes + comments + shares", "flow", "count", "posts", needs=("likes", "comments", "shares"), known=False, period=1))  # fmt: skip
_register(Metric("leads", "leads", "leads (from metrics)", "flow", "count", "metrics", known=False))  # fmt: skip
_register(Metric("members", "members", "members (from metrics)", "stock", "count", "metrics", known=False))  # fmt: skip
_register(Metric("subscribers", "subscribers", "subscribers (from metrics)", "stock", "count", "metrics", known=False))  # fmt: skip
_register(Metric("resolution_time_hours", "resolution time hours", "mean resolution time in hours (from metrics)", "level", "number", "metrics", unit="hours", direction="lower", known=False))  # fmt: skip
_register(Metric("cost_per_lead", "cost per lead", "mean cost per lead (from metrics)", "level", "money", "metrics", unit="money", direction="lower", known=False))  # fmt: skip
_register(Metric("csat", "csat", "customer satisfaction score (from metrics)", "level", "number", "metrics", known=False))  # fmt: skip
_register(Metric("nps", "nps", "net promoter score (from metrics)", "level", "number", "metrics", known=False))  # fmt: skip
_register(Metric("monthly_active_users", "monthly active users", "monthly active users (from metrics)", "level", "count", "metrics", known=False))  # fmt: skip
_register(Metric("daily_active_users", "daily active users", "daily active users (from metrics)", "level", "number", "metrics", known=False))  # fmt: skip
_register(Metric(ACTIVE_MEMBERS, "active members", "active members (from metrics)", "level", "number", "metrics", known=False))  # fmt: skip

# ----------------------------------------------------------------- figures of a run's results.json
_register(Metric(CONSTRUCTIVE_ACTIONS_PER_DAY, "constructive actions per day", "constructive actions / days of the period", "rate", "number", "results", decimals=1, known=False, benchmark=2))  # fmt: skip
_register(Metric(GOALS_MET_SHARE, "goals met share", "goals met / goals with a status", "rate", "share", "results", words="share of goals met", unit="share", known=False, benchmark=3))  # fmt: skip


# Names of a metric the catalogue does not hold that make it a level (a rate, share, score or
# duration).
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
_KIND_OF_AGGREGATION = {"stock": "stock", "flow": "flow", "level": "level", "rate": "level"}


def metric_kind(metric: str) -> str:
    """How metric `metric` aggregates over a span: "stock", "flow" or "level".

    The catalogue's kind first (a rate aggregates as a level: its mean counts); then a name
    ending in a rate, share, score or duration suffix (`_rate`, `_share`, `_ratio`, `_pct`,
    `_percent`, `_score`, `_hours`, `_minutes`, `_days`, `_mean`, `_avg`, `_average`) or
    containing `_per_` is a level; anything else is a flow.
    """
    entry = METRICS.get(metric)
    if entry is not None:
        return _KIND_OF_AGGREGATION[entry.kind]
    if metric.endswith(_LEVEL_SUFFIXES) or "_per_" in metric:
        return "level"
    return "flow"
