"""The words a client reads: internal names in plain words, one formatter per kind of quantity.

Every report, the index pages and the widgets' static tables say a metric key, a vocabulary slug,
a post type or a business function through `name`, and a number through the formatter of its kind:
`count`, `rate`, `money`, `share`, `points`, `signed`, `interval`, `p_value`, a metric's value
through `measure`, a date through `day`. Counted
nouns go through `counted` (plurals by `inflect`), lists of items through `listing`. Negative
numbers carry a true minus sign and a value that rounds to zero is written without a sign.
"""

from __future__ import annotations

import math
import re
import textwrap
from functools import lru_cache

from . import vocab
from .catalogue import METRICS, metric_kind

__all__ = [
    "name",
    "words",
    "article",
    "brand",
    "count",
    "number",
    "rate",
    "measure",
    "formatter",
    "day",
    "money",
    "share",
    "points",
    "signed",
    "interval",
    "p_value",
    "counted",
    "listing",
    "vocabulary_slugs",
    "MINUS",
    "chart_text",
    "chart_label",
]

MINUS = "\u2212"

# Words that are not the slug with its underscores read as spaces (a metric's are the catalogue's).
_NAMES: dict[str, str] = {
    "rnd": "R&D",
    "hr": "HR",
    "crm": "CRM",
    "social_crm": "social CRM",
    "video_views": "video views",
    "social_referred_revenue": "revenue referred by social",
    "closed_won_revenue": "revenue from deals won",
    "n_functions": "business functions",
}
# Upper-case words inside slugs.
_ACRONYMS = {"crm": "CRM", "rnd": "R&D", "hr": "HR", "faq": "FAQ", "seo": "SEO", "b2b": "B2B"}
_CURRENCY_SIGNS = {"EUR": "€", "USD": "$", "GBP": "£", "JPY": "¥"}


def name(key: object) -> str:
    """An internal name in a client's words: `conversation_rate` -> "comments per post".

    A metric key is named by its catalogue entry (`catalogue.METRICS`).
    """
    text = str(key).strip()
    metric = METRICS.get(text) or METRICS.get(text.lower())
    known = metric.name if metric else _NAMES.get(text) or _NAMES.get(text.lower())
    if known:
        return known
    words = re.split(r"[_\s]+", text)
    return " ".join(_ACRONYMS.get(w.lower(), w) for w in words if w)


_SLUG = re.compile(r"[a-z][a-z0-9]*(?:_[a-z0-9]+)+")
_NOTEBOOK = re.compile(r"\d\d_([a-z0-9_]+)")


def words(value):
    """`value` in words where it is an internal name (`club_post`, `rnd`, the notebook
    `01_ecosystem_map` -> "Ecosystem map"); else as it is."""
    if not isinstance(value, str):
        return value
    notebook = _NOTEBOOK.fullmatch(value)
    if notebook:
        text = name(notebook.group(1))
        return text[:1].upper() + text[1:]
    if _SLUG.fullmatch(value) or value in vocabulary_slugs():
        return name(value)
    return value


def brand(slug: str) -> str:
    """A brand slug as a name: "summitgear" -> "Summitgear", "trail-haus" -> "Trail Haus"."""
    return " ".join(w[:1].upper() + w[1:] for w in re.split(r"[-_\s]+", str(slug)) if w)


def article(noun: str) -> str:
    """The noun with its indefinite article: "an event", "a club post"."""
    return _engine().a(noun)


def _number(value: float, decimals: int) -> str:
    """`value` with thousands separators and `decimals` places; a true minus; never "-0"."""
    text = f"{value:,.{decimals}f}"
    if float(text.replace(",", "")) == 0:
        text = text.lstrip("-")
    return text.replace("-", MINUS)


def _missing(value) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value))


def count(value, *, blank: str = "n/a") -> str:
    """A count: `440000.0` -> "440,000" (never a decimal); `blank` where there is none."""
    return blank if _missing(value) else _number(round(float(value)), 0)


def number(value, *, blank: str = "n/a") -> str:
    """A measured value of any kind: whole ones without decimals (400.0 -> "400"), others with up to
    two (4.5 -> "4.5", 0.126 -> "0.13")."""
    if _missing(value):
        return blank
    text = _number(float(value), 2)
    return text.rstrip("0").rstrip(".") if "." in text else text


_MONEY = re.compile(r"revenue|cost|spend|budget|value_of")


def formatter(metric: str):
    """The formatter that writes a value of metric `metric`: its catalogue format; for a key the
    catalogue does not hold, a share for a name ending in `_share`, a rate for one ending in
    `_rate`, money for revenue, cost, spend or budget, a level's number, else a count."""
    key = str(metric)
    entry = METRICS.get(key)
    if entry is not None:
        kind = entry.format
    elif key.endswith("_share"):
        kind = "share"
    elif key.endswith("_rate") or key.startswith("engagement_rate"):
        kind = "rate"
    elif _MONEY.search(key):
        kind = "money"
    else:
        kind = "number" if metric_kind(key) == "level" else "count"
    write = _FORMATTERS[kind]
    if entry is not None and entry.decimals is not None and kind in ("rate", "share", "signed"):
        return lambda value, **options: write(value, decimals=entry.decimals, **options)
    return write


def measure(value, metric: str, *, currency: str = "", blank: str = "n/a") -> str:
    """A value of metric `metric` as every report writes it (`formatter`): a share as a
    percentage ("65%"), net sentiment signed ("+54"), a rate with two decimals ("5.24"), money in
    the client's currency, another level with up to two decimals, a count whole."""
    if _missing(value):
        return blank
    write = formatter(metric)
    return write(value, currency) if write is money else write(value)


def day(value) -> str:
    """A date as a client reads it: 2026-09-07 -> "7 Sep 2026"."""
    import pandas as pd  # here only: the pages' filters import this module

    stamp = pd.Timestamp(value)
    return f"{stamp.day} {stamp:%b %Y}"


def rate(value, *, decimals: int = 2, blank: str = "n/a") -> str:
    """A rate or a level with fixed decimals: 0.5 -> "0.50", 1234.567 -> "1,234.57"."""
    return blank if _missing(value) else _number(float(value), decimals)


def money(value, currency: str | None, *, blank: str = "n/a") -> str:
    """An amount in the client's currency: ("EUR", 1500) -> "€1,500"; ("CHF", 2.5) -> "CHF 2.50"."""
    if _missing(value):
        return blank
    decimals = 0 if float(value) == round(float(value)) or abs(float(value)) >= 1000 else 2
    amount = _number(abs(float(value)), decimals)
    code = (currency or "").upper()
    sign = MINUS if float(value) < 0 and amount.strip("0.,") else ""
    if code in _CURRENCY_SIGNS:
        return f"{sign}{_CURRENCY_SIGNS[code]}{amount}"
    return f"{sign}{code} {amount}".strip() if code else f"{sign}{amount}"


def share(value, *, decimals: int = 0, blank: str = "n/a") -> str:
    """A share of a whole (0..1) as a percentage: 0.652 -> "65%"."""
    return blank if _missing(value) else f"{_number(100 * float(value), decimals)}%"


def signed(value, *, decimals: int = 0, unit: str = "", blank: str = "n/a") -> str:
    """A signed change: 3.24 -> "+3", -0.4 -> "0" (no sign on what rounds to zero), with `unit`."""
    if _missing(value):
        return blank
    text = _number(float(value), decimals)
    if float(value) > 0 and text.strip("0.,"):
        text = "+" + text
    return f"{text}{unit}"


def points(value, *, decimals: int = 0, blank: str = "n/a") -> str:
    """A change in percentage points, whole as every report writes a share's change: 3.24 ->
    "+3 points", 1 -> "+1 point"."""
    if _missing(value):
        return blank
    text = signed(value, decimals=decimals)
    return f"{text} {'point' if text.lstrip('+' + MINUS) in ('1', '1.0') else 'points'}"


def interval(low, high, *, decimals: int = 1, unit: str = "", blank: str = "n/a") -> str:
    """A confidence interval of a signed quantity: (-5.74, 3.8) -> "−5.7 to +3.8"."""
    if _missing(low) or _missing(high):
        return blank
    return f"{signed(low, decimals=decimals)} to {signed(high, decimals=decimals)}{unit}"


def p_value(value, *, blank: str = "n/a") -> str:
    """A p-value to three places, a small one as a bound: 0.0412 -> "0.041", 1e-5 -> "< 0.001"."""
    if _missing(value):
        return blank
    return "< 0.001" if float(value) < 0.001 else f"{float(value):.3f}"


def _engine():
    """inflect's engine, imported on first need (`inflect_engine`: without typeguard's cost)."""
    from .inflect_engine import ENGINE

    return ENGINE


def counted(n: int, noun: str, *, none: str = "no") -> str:
    """A count with its noun: (0, "gap") -> "no gaps", (1, ...) -> "1 gap", (2, ...) -> "2 gaps"."""
    noun_form = _engine().plural_noun(noun, n) if n != 1 else noun
    return f"{none if n == 0 else count(n)} {noun_form}"


def listing(
    items, *, empty: str = "none", limit: int | None = None, conjunction: str = "and"
) -> str:
    """Items as a sentence would list them: "a", "a and b", "a, b and c"; `empty` for none.

    Beyond `limit` items, the rest are counted: "a, b, c, d, e and 3 more". `conjunction` joins
    the last item: "a, b or c".
    """
    items = [str(i) for i in items]
    if not items:
        return empty
    if limit is not None and len(items) > limit:
        return f"{', '.join(items[:limit])} {conjunction} {len(items) - limit} more"
    if len(items) == 1:
        return items[0]
    return f"{', '.join(items[:-1])} {conjunction} {items[-1]}"


@lru_cache(maxsize=1)
def vocabulary_slugs() -> frozenset[str]:
    """Every slug of the contract's vocabularies and every metric key a goal may name."""
    slugs = {v for values in vocab.VOCABULARIES.values() for v in values}
    return frozenset(slugs | set(vocab.DIMENSIONS) | set(METRICS.known()))


def chart_text(text: object) -> str:
    """Client text safe for a chart: `$` escaped, as matplotlib reads `$...$` as mathematics."""
    return str(text).replace("$", r"\$")


def chart_label(text: object, *, width: int = 28) -> str:
    """`chart_text` wrapped onto lines of about `width` characters (long names on an axis);
    an internal name (a post type such as `club_post`) in words."""
    text = chart_text(words(str(text)))
    return "\n".join(textwrap.wrap(text, width, break_long_words=False)) or ""


_FORMATTERS = {
    "count": count,
    "number": number,
    "rate": rate,
    "share": share,
    "signed": signed,
    "money": money,
}
