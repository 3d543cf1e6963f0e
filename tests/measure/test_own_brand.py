"""The client's figures are about its own brand; competitors get theirs (CONTRACT section 3)."""

from __future__ import annotations

from factories import make_client
from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

from socialworkbook.measure import metrics, sentiment

# (id, day, text, brand): own mentions carry the client's slug or no brand at all
ROWS = [
    ("o1", "2026-07-02", "I love the new tent, great work", "acme"),
    ("o2", "2026-07-03", "Terrible service, awful", ""),
    ("o3", "2026-08-04", "Fine, it arrived", "ACME "),
    ("o4", "2026-09-05", "Wonderful help from the team", "acme"),
    ("r1", "2026-07-06", "Rival is amazing and wonderful", "rival"),
    ("r2", "2026-07-07", "Rival was a disaster, horrible", "Rival"),
    ("r3", "2026-08-08", "Rival great value, happy", "rival"),
    ("t1", "2026-08-09", "Third sucks, so bad", "third"),
    ("b1", "2026-05-01", "Rival lovely in spring", "rival"),  # baseline: not in the period
]


def _client(rows):
    return make_client(
        mentions=[
            {"mention_id": i, "published_at": day, "text": text, "brand": brand, "author": ""}
            for i, day, text, brand in rows
        ],
        competitors=["rival", "third", "never"],
        brand="acme",
    )


def _hand_counts(texts):
    vader = SentimentIntensityAnalyzer()
    scores = [vader.polarity_scores(t)["compound"] for t in texts]
    counts = {
        "positive": sum(s >= 0.05 for s in scores),
        "negative": sum(s <= -0.05 for s in scores),
    }
    counts["neutral"] = len(scores) - counts["positive"] - counts["negative"]
    return {"n": len(scores), **counts}


def _own_results(client):
    return sentiment.sentiment_results(sentiment.part(sentiment.score_client(client)))


def test_competitor_mentions_leave_the_clients_sentiment_unchanged():
    with_rivals = _own_results(_client(ROWS))["_all"]
    own_only = _own_results(_client([r for r in ROWS if r[0].startswith("o")]))["_all"]
    assert with_rivals == own_only
    expected = _hand_counts([text for i, _, text, _ in ROWS if i.startswith("o")])
    assert {k: with_rivals[k] for k in expected} == expected
    net = 100 * (expected["positive"] - expected["negative"]) / expected["n"]
    assert with_rivals["net_sentiment"] == net
    # the board tile reads the same own-brand figure
    client = _client(ROWS)
    assert metrics.metric_value(client, "net_sentiment", client.period) == net
    assert metrics.metric_value(client, "mentions", client.period) == 4


def test_competitors_get_their_own_figures_counted_by_hand():
    section = sentiment.competitor_results(_client(ROWS))
    assert list(section) == ["rival", "third", "never"]
    rival = _hand_counts([text for i, _, text, _ in ROWS if i in {"r1", "r2", "r3"}])
    assert {k: section["rival"][k] for k in rival} == rival  # b1 is in the baseline
    third = _hand_counts(["Third sucks, so bad"])
    assert {k: section["third"][k] for k in third} == third
    assert section["never"]["n"] == 0 and section["never"]["net_sentiment"] is None
    assert set(section["rival"]) == set(_own_results(_client(ROWS))["_all"])  # same shape


def test_share_of_voice_by_hand():
    shares = metrics.share_of_voice_results(_client(ROWS))
    # period: 4 own (empty brand counts as own), 3 rival, 1 third, 0 never -> 8 mentions
    assert shares == {"acme": 4 / 8, "rival": 3 / 8, "third": 1 / 8, "never": 0.0}
    assert metrics.share_of_voice_results(make_client(mentions=[])) is None
