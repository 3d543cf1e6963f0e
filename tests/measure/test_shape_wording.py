"""What the metric analysis says for clients unlike the examples (issue 23, "every shape of
client reads right"): posts without reach, clients without mentions."""

from __future__ import annotations

import numpy as np
from factories import component, make_client

from socialworkbook.catalogue import ENGAGEMENTS_PER_POST, METRICS
from socialworkbook.measure import metrics, sentiment, stats


def _facebook_client():
    """Two pages without reach: A's photos draw likes, B's videos comments (five posts each).

    By hand: A 100 likes per post = 100 engagements per post; B 50 + 80 + 10 = 140.
    """
    posts = [
        {
            "post_id": f"{cid}{i}",
            "component_id": cid,
            "published_at": f"2026-07-0{i + 1}",
            "post_type": post_type,
            "likes": likes,
            "comments": comments,
            "shares": shares,
        }
        for cid, post_type, likes, comments, shares in (
            ("a", "photo", 100, 0, 0),
            ("b", "video", 50, 80, 10),
        )
        for i in range(5)
    ]
    return make_client(
        ecosystem=[component("a", name="Page A"), component("b", name="Page B")], posts=posts
    )


def test_without_reach_components_are_ranked_by_engagements_per_post_not_likes():
    client = _facebook_client()
    table = metrics.by_component(client.in_period("posts"), client.component_names())
    story = metrics.engagement_summary(table, client)
    assert story.measure == ENGAGEMENTS_PER_POST
    assert story.headline == "Page B engages its audience best: 140.00 engagements per post."
    assert "%" not in story.headline and "%" not in story.title
    assert "no reach, impressions or followers" in story.detail
    assert "people reached" not in story.detail
    assert "Page A engages least (100.00 per post, 5 posts)" in story.detail


def test_without_reach_post_types_are_ranked_by_engagements_per_post():
    types = metrics.post_type_metrics(_facebook_client().in_period("posts"))
    story = metrics.post_type_summary(types)
    assert story.headline == 'Posts of type "video" engage best: 140.00 engagements per post.'
    assert types.loc["video", ENGAGEMENTS_PER_POST] == 140.0


def test_without_reach_the_tables_leave_out_the_rates_they_cannot_give():
    client = _facebook_client()
    table = metrics.by_component(client.in_period("posts"), client.component_names())
    columns = metrics.engagement_columns(table)
    assert "reach" not in columns and "engagement_rate_reach" not in columns
    assert ENGAGEMENTS_PER_POST in columns
    shown = metrics.readable(table, columns)
    assert shown.loc[shown["component"] == "Page B", "engagements per post"].item() == "140.00"


def test_without_reach_the_best_posts_are_those_with_most_engagements():
    posts = _facebook_client().in_period("posts")
    best = metrics.top_posts(posts, n=2, names={"a": "Page A", "b": "Page B"})
    worst = metrics.top_posts(posts, n=2, worst=True, names={"a": "Page A", "b": "Page B"})
    assert best["engagements"].tolist() == [140, 140]
    assert worst["engagements"].tolist() == [100, 100]
    assert "reach" not in best and "engagement_rate_reach" not in best
    story = metrics.top_posts_summary(best, worst)
    assert story.headline == (
        "The best 2 posts (tied) drew 140 engagements, the weakest 2 posts (tied) 100."
    )
    assert "%" not in story.headline
    assert metrics.top_posts_caption(best) == (
        "The five posts with the most engagements (likes + comments + shares)."
    )


def test_a_rate_per_post_is_labelled_without_percent_and_a_rate_in_percent_with():
    assert METRICS[ENGAGEMENTS_PER_POST].label_spec.format(90.94) == "90.94"
    assert METRICS["applause_rate"].label_spec.format(90.94) == "90.94"
    assert METRICS["engagement_rate_reach"].label_spec.format(1.5257) == "1.53%"


def _posts_only_tests():
    """The test table of a client with posts in both quarters (40 each) and no mentions."""
    rng = np.random.default_rng(3)
    posts = [
        {
            "post_id": f"{quarter}{i}",
            "component_id": "a",
            "published_at": f"2026-{month:02d}-{i % 28 + 1:02d}",
            "likes": int(rng.poisson(likes)),
            "comments": int(rng.poisson(5)),
            "shares": int(rng.poisson(2)),
        }
        for quarter, month, likes in (("b", 5, 50), ("p", 8, 80))
        for i in range(40)
    ]
    client = make_client(ecosystem=[component("a", name="Page A")], posts=posts)
    scored = sentiment.score_client(client)
    assert scored.empty
    return scored, stats.period_tests(client, scored)


def test_without_mentions_the_verdicts_lead_with_engagement_and_say_nothing_of_authors():
    scored, tests = _posts_only_tests()
    story = stats.shift_summary(tests, "2026-Q3")
    assert story.headline.startswith("Engagements per post over all posts: x")
    assert "positive share" not in story.detail
    caveat = stats.verdict_caveat(scored, tests)
    assert "author" not in caveat and "mention" not in caveat
    notes = stats.caveats(scored, tests)
    assert notes["authors"] == "" and "mention" not in notes["small"]
    assert "positive share" not in notes["families"]
