"""The sentiment trend's claim says "rose" or "fell" only for a change beyond chance, with its n
in words ("of 683 mentions"), as the rest of the client text does."""

from __future__ import annotations

import re

from factories import component, make_client


def test_the_sentiment_trend_says_rose_only_for_a_change_beyond_chance():
    import pandas as pd

    from socialworkbook.measure import sentiment

    client = make_client(ecosystem=[component("a", name="Page A")], name="Acme")
    over_time = pd.DataFrame({"positive": [30], "n": [60]})
    shift = {
        "baseline_positive_share": 0.52,
        "period_positive_share": 0.58,
        "n_baseline": 597,
        "n_period": 683,
        "verdict": "within chance",
    }
    story = sentiment.trend_summary(over_time, {"_all": shift}, client)
    assert not re.search(r"\b(rose|fell)\b", story.headline + story.title), story
    assert "58% (of 683 mentions)" in story.headline and "n=" not in story.headline
    real = sentiment.trend_summary(
        over_time, {"_all": shift | {"verdict": "beyond chance"}}, client
    )
    assert "rose from 52%" in real.headline and "rose" in real.title
