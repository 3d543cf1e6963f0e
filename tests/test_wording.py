"""The client's words: internal names in words, one formatter per quantity, counted nouns."""

from __future__ import annotations

import math
import subprocess
import sys

import pytest

from socialworkbook import wording
from socialworkbook.catalogue import METRICS

M = wording.MINUS


@pytest.mark.parametrize(
    ("key", "words"),
    [
        ("conversation_rate", "comments per post"),
        ("engagement_rate_reach", "engagement rate (% of reach)"),
        ("monthly_active_users", "monthly active users"),
        ("social_referred_revenue", "revenue referred by social"),
        ("club_post", "club post"),
        ("rnd", "R&D"),
        ("hr", "HR"),
        ("social_crm", "social CRM"),
        ("customer_service", "customer service"),
        ("n_functions", "business functions"),
        ("Engagement rate", "Engagement rate"),
    ],
)
def test_name(key, words):
    assert wording.name(key) == words


def test_every_vocabulary_slug_and_metric_key_has_words_without_underscores():
    for slug in wording.vocabulary_slugs():
        assert "_" not in wording.name(slug), slug
    assert set(METRICS.known()) <= wording.vocabulary_slugs()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (wording.count(440000.0), "440,000"),
        (wording.count(0), "0"),
        (wording.count(None), "n/a"),
        (wording.count(math.nan), "n/a"),
        (wording.count(2.6), "3"),
        (wording.number(400.0), "400"),
        (wording.number(4.5), "4.5"),
        (wording.number(1234.126), "1,234.13"),
        (wording.number(-0.001), "0"),
        (wording.money(1500, "EUR"), "€1,500"),
        (wording.money(1540185.4, "usd"), "$1,540,185"),
        (wording.money(2.5, "CHF"), "CHF 2.50"),
        (wording.money(-12, "GBP"), f"{M}£12"),
        (wording.money(7, None), "7"),
        (wording.share(0.652), "65%"),
        (wording.share(0.0004, decimals=1), "0.0%"),
        (wording.signed(3.24), "+3"),
        (wording.signed(-0.4), "0"),
        (wording.signed(-4.6), f"{M}5"),
        (wording.signed(12, unit="%"), "+12%"),
        (wording.points(3.24), "+3 points"),
        (wording.points(3.24, decimals=1), "+3.2 points"),
        (wording.points(-1), f"{M}1 point"),
        (wording.points(-0.04), "0 points"),
        (wording.rate(-0.004), "0.00"),
        (wording.rate(1234.567), "1,234.57"),
        (wording.day("2026-09-07T10:00"), "7 Sep 2026"),
        (wording.measure(0.652, "share_of_voice"), "65%"),
        (wording.measure(53.5, "net_sentiment"), "+54"),
        (wording.measure(-9.4, "net_sentiment"), f"{M}9"),
        (wording.measure(5.2449, "engagement_rate_reach"), "5.24"),
        (wording.measure(149155.4, "social_referred_revenue", currency="EUR"), "€149,155"),
        (wording.measure(440000.0, "reach"), "440,000"),
        (wording.measure(2.725, "response_time_hours"), "2.73"),
        (wording.measure(None, "reach"), "n/a"),
        (wording.interval(-5.74, 3.8), f"{M}5.7 to +3.8"),
        (wording.interval(-0.04, 2, decimals=0, unit=" points"), "0 to +2 points"),
        (wording.interval(None, 2), "n/a"),
    ],
)
def test_formatters(text, expected):
    assert text == expected


@pytest.mark.parametrize(
    ("n", "noun", "expected"),
    [
        (0, "component", "no components"),
        (1, "component", "1 component"),
        (2, "component", "2 components"),
        (0, "gap", "no gaps"),
        (1, "lifecycle stage", "1 lifecycle stage"),
        (2, "lifecycle stage", "2 lifecycle stages"),
        (1, "business function", "1 business function"),
        (3, "business function", "3 business functions"),
        (2, "activity", "2 activities"),
        (1200, "mention", "1,200 mentions"),
    ],
)
def test_counted(n, noun, expected):
    assert wording.counted(n, noun) == expected


@pytest.mark.parametrize(
    ("items", "expected"),
    [
        ([], "none"),
        (["the forum"], "the forum"),
        (["a", "b"], "a and b"),
        (["a", "b", "c"], "a, b and c"),
    ],
)
def test_listing(items, expected):
    assert wording.listing(items) == expected


def test_listing_counts_the_rest_beyond_a_limit_and_takes_another_conjunction():
    letters = list("abcdefgh")
    assert wording.listing(letters, limit=5) == "a, b, c, d, e and 3 more"
    assert wording.listing(letters[:5], limit=5) == "a, b, c, d and e"
    assert wording.listing(letters[:3], conjunction="or") == "a, b or c"
    assert wording.listing([], empty="") == ""


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("01_ecosystem_map", "Ecosystem map"),
        ("club_post", "club post"),
        ("rnd", "R&D"),
        ("Club post", "Club post"),
        (3, 3),
        ("nw-p1", "nw-p1"),
    ],
)
def test_words_touch_only_internal_names(value, expected):
    assert wording.words(value) == expected


def test_brand():
    assert [wording.brand(s) for s in ("summitgear", "trail-haus", "b_corp")] == [
        "Summitgear",
        "Trail Haus",
        "B Corp",
    ]


def test_article():
    assert [wording.article(n) for n in ("event", "club post", "hour")] == [
        "an event",
        "a club post",
        "an hour",
    ]


def test_p_value():
    assert [wording.p_value(v) for v in (0.0412, 0.5, 0.001, 0.00099, 2e-12)] == [
        "0.041",
        "0.500",
        "0.001",
        "< 0.001",
        "< 0.001",
    ]
    assert wording.p_value(None) == "n/a" and wording.p_value(math.nan, blank="–") == "–"


_NOUNS = ["gap", "activity", "person", "mention", "business function", "child", "analysis"]
_INFLECT_SAYS = f"""
import typeguard, sys
checked = typeguard.typechecked
{{imports}}
import inflect
engine = inflect.engine()
print([engine.plural_noun(n, 2) for n in {_NOUNS!r}], [engine.a(n) for n in {_NOUNS!r}])
print("typeguard" in inflect.engine.plural_noun.__code__.co_names, typeguard.typechecked is checked)
"""


def _inflect_says(imports: str) -> list[str]:
    code = _INFLECT_SAYS.format(imports=imports)
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return done.stdout.splitlines()


def test_inflect_is_imported_without_typeguard_checks_and_says_the_same_words():
    # the instrumentation costs about 3 s of CPU at import; its checks only refuse wrong types
    with_checks = _inflect_says("")
    kit = _inflect_says("import socialworkbook.inflect_engine")
    assert with_checks[1] == "True True"  # independent: inflect as installed, checks on
    assert kit[1] == "False True"  # the kit's import: no checks, typeguard left as it was
    assert kit[0] == with_checks[0]
    assert "activities" in kit[0] and "an analysis" in kit[0]
