"""Real public data sets of `tests/data/` in the kit's normalised table shapes (see `model`).

The files are read as they are, never edited; tests/data/README.md gives their source and licence.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pandas as pd
import pytest

__all__ = [
    "DATA",
    "FACEBOOK_CSV",
    "TWEETS_TXT",
    "facebook_raw",
    "assert_facebook_rates",
    "facebook_posts",
    "vader_tweets",
    "tweet_mentions",
]

DATA = Path(__file__).resolve().parent / "data"
FACEBOOK_CSV = DATA / "facebook_metrics" / "dataset_Facebook.csv"
TWEETS_TXT = DATA / "vader_tweets" / "tweets_GroundTruth.txt"

_FACEBOOK_COUNTS = {
    "Page total likes": "followers",
    "Lifetime Post Total Reach": "reach",
    "Lifetime Post Total Impressions": "impressions",
    "like": "likes",
    "comment": "comments",
    "share": "shares",
}


def facebook_raw() -> pd.DataFrame:
    """The UCI Facebook metrics file as published (`;`-separated, empty cells NaN)."""
    return pd.read_csv(FACEBOOK_CSV, sep=";")


def assert_facebook_rates(total: dict) -> None:
    """`total` (results.json `posts._all`) holds the rates computed here from the raw file."""
    counts = facebook_raw().fillna({"like": 0, "share": 0, "comment": 0})
    n = len(counts)
    engagements = counts["like"].sum() + counts["comment"].sum() + counts["share"].sum()
    assert engagements == counts["Total Interactions"].sum()  # the file's own total agrees
    assert total["conversation_rate"] == pytest.approx(counts["comment"].sum() / n, rel=1e-12)
    assert total["amplification_rate"] == pytest.approx(counts["share"].sum() / n, rel=1e-12)
    assert total["applause_rate"] == pytest.approx(counts["like"].sum() / n, rel=1e-12)
    assert total["engagement_rate_reach"] == pytest.approx(
        100 * engagements / counts["Lifetime Post Total Reach"].sum(), rel=1e-12
    )
    assert total["engagement_rate_impressions"] == pytest.approx(
        100 * engagements / counts["Lifetime Post Total Impressions"].sum(), rel=1e-12
    )
    # and the figures a reader can check with a calculator
    assert total["conversation_rate"] == pytest.approx(7.482)
    assert total["amplification_rate"] == pytest.approx(27.048)
    assert total["applause_rate"] == pytest.approx(177.59)
    assert total["engagement_rate_reach"] == pytest.approx(100 * 106_060 / 6_951_680)


def facebook_posts() -> pd.DataFrame:
    """The 500 Facebook posts as a normalised `posts` table of component "facebook-page".

    published_at is the first day of `Post Month` 2014 falling on `Post Weekday` (1 = Sunday),
    at `Post Hour`: the file has no dates, so this is a consistent stand-in. Empty counts are 0.
    """
    raw = facebook_raw()
    published = [
        _first_weekday(2014, int(month), int(weekday)) + dt.timedelta(hours=int(hour))
        for month, weekday, hour in zip(
            raw["Post Month"], raw["Post Weekday"], raw["Post Hour"], strict=True
        )
    ]
    posts = pd.DataFrame(
        {
            "post_id": [f"fb-{i:03d}" for i in range(len(raw))],
            "component_id": "facebook-page",
            "published_at": pd.to_datetime(published).astype("datetime64[ns]"),
            "post_type": raw["Type"].fillna("").astype(str),
        }
    )
    for source, column in _FACEBOOK_COUNTS.items():
        posts[column] = raw[source].fillna(0).astype("int64")
    posts["paid"] = raw["Paid"].fillna(0).astype(int).astype(bool)
    posts["_row"] = range(2, len(raw) + 2)
    return posts


def vader_tweets() -> pd.DataFrame:
    """Hutto & Gilbert's 4,200 human-rated tweets: id, rating (mean, -4..4), text."""
    rows = []
    with TWEETS_TXT.open(encoding="utf-8", newline="") as handle:
        for line in handle:
            line = line.rstrip("\r\n")
            if not line:
                continue
            tweet_id, rating, text = line.split("\t", 2)
            rows.append((int(tweet_id), float(rating), text))
    return pd.DataFrame(rows, columns=["id", "rating", "text"])


def tweet_mentions() -> pd.DataFrame:
    """The tweets as a normalised `mentions` table (no component, author, brand or label)."""
    tweets = vader_tweets()
    return pd.DataFrame(
        {
            "mention_id": [f"t-{i}" for i in tweets["id"]],
            "published_at": pd.Timestamp("2014-01-01").as_unit("ns"),
            "text": tweets["text"],
            "component_id": "",
            "author": "",
            "brand": "",
            "label": "",
            "_row": range(2, len(tweets) + 2),
        }
    )


def _first_weekday(year: int, month: int, weekday: int) -> dt.datetime:
    """First day of the month falling on `weekday` (1 = Sunday ... 7 = Saturday)."""
    target = (weekday - 2) % 7  # Python: Monday = 0 ... Sunday = 6
    first = dt.date(year, month, 1)
    day = first + dt.timedelta(days=(target - first.weekday()) % 7)
    return dt.datetime(day.year, day.month, day.day)
