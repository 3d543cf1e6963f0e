"""Tests of measure.metrics.formulas: posts metrics on real data, time buckets, metric_value."""

from __future__ import annotations

import dataclasses
import json
import math

import numpy as np
import pandas as pd
import pytest
import realdata
from factories import component, make_client, million_posts

from socialworkbook import wording
from socialworkbook.catalogue import METRICS
from socialworkbook.measure import metrics
from socialworkbook.periods import parse_period


@pytest.fixture(scope="module")
def fb_posts() -> pd.DataFrame:
    return realdata.facebook_posts()


@pytest.fixture(scope="module")
def fb_raw() -> pd.DataFrame:
    return realdata.facebook_raw().fillna(0)


# --------------------------------------------------------------------------- real data


def test_facebook_totals_match_the_published_invariants(fb_posts):
    result = metrics.posts_results(fb_posts)
    assert set(result) == {"facebook-page", "_all"}
    total = result["_all"]
    assert list(total) == list(METRICS.results_keys())
    assert total["posts"] == 500
    assert total["comments"] == 3_741
    assert total["likes"] == 88_795
    assert total["shares"] == 13_524
    assert total["reach"] == 6_951_680
    assert total["impressions"] == 14_792_974
    assert result["facebook-page"] == total
    assert all(type(total[k]) is int for k in ("posts", "likes", "comments", "shares", "reach"))
    json.dumps(result, allow_nan=False)


def test_facebook_rates_match_an_independent_computation(fb_posts):
    realdata.assert_facebook_rates(metrics.posts_results(fb_posts)["_all"])


def test_facebook_post_types(fb_posts, fb_raw):
    table = metrics.post_type_metrics(fb_posts)
    assert table["posts"].drop("_all").to_dict() == {
        "Link": 22,
        "Photo": 426,
        "Status": 45,
        "Video": 7,
    }
    likes = fb_raw.groupby("Type")["like"].sum()
    for post_type, value in likes.items():
        assert table.loc[post_type, "likes"] == value


def test_facebook_engagement_rate_followers_is_a_ratio_of_sums(fb_posts, fb_raw):
    table = metrics.post_metrics(fb_posts)
    engaged = fb_raw["Total Interactions"].sum()
    expected = 100 * engaged / fb_raw["Page total likes"].sum()
    assert table.loc["_all", "engagement_rate_followers"] == pytest.approx(expected, rel=1e-12)
    per_post_mean = (100 * fb_raw["Total Interactions"] / fb_raw["Page total likes"]).mean()
    assert not math.isclose(expected, per_post_mean, rel_tol=1e-6)


def test_facebook_monthly_sums_add_up(fb_posts, fb_raw):
    monthly = metrics.post_metrics_over_time(fb_posts, freq="MS")
    assert len(monthly) == 12
    assert monthly["period"].dt.month.tolist() == list(range(1, 13))
    by_month = fb_raw.groupby("Post Month")["like"].sum()
    assert monthly["likes"].tolist() == by_month.tolist()
    assert monthly["posts"].sum() == 500


def test_metric_value_on_facebook_december(fb_posts, fb_raw):
    client = make_client(period="2014-12", baseline=None)
    client.tables["posts"] = fb_posts
    december = fb_raw[fb_raw["Post Month"] == 12]
    span = parse_period("2014-12")
    assert metrics.metric_value(client, "likes", span) == december["like"].sum()
    assert metrics.metric_value(client, "posts", span) == len(december)
    assert metrics.metric_value(client, "engagement_rate_reach", span) == pytest.approx(
        100 * december["Total Interactions"].sum() / december["Lifetime Post Total Reach"].sum()
    )
    month = fb_posts[fb_posts["published_at"].dt.month == 12]
    latest = month[month["published_at"] == month["published_at"].max()]
    # the stand-in dates tie: the last of the tied rows in table order is taken
    assert metrics.metric_value(client, "followers", span) == latest["followers"].iloc[-1]


# --------------------------------------------------------------------------- small cases


def _posts(**columns) -> pd.DataFrame:
    base = {
        "post_id": ["a", "b", "c", "d"],
        "component_id": ["x", "x", "y", "y"],
        "published_at": pd.to_datetime(["2026-07-01", "2026-07-08", "2026-07-02", "2026-08-20"]),
        "post_type": ["photo", "", "link", "photo"],
    }
    base.update({k: np.asarray(v, dtype="int64") for k, v in columns.items()})
    base["paid"] = [False, True, False, False]
    return pd.DataFrame(base)


def test_absent_columns_and_zero_denominators_are_null():
    posts = _posts(likes=[1, 2, 3, 4], comments=[0, 0, 0, 0], reach=[0, 0, 10, 0])
    result = metrics.posts_results(posts)
    assert result["x"]["shares"] is None
    assert result["x"]["amplification_rate"] is None
    assert result["x"]["impressions"] is None
    assert result["x"]["engagement_rate_impressions"] is None
    assert result["x"]["engagement_rate_reach"] is None  # reach sums to 0
    # the post with reach 0 (blank) keeps its 4 likes out of the numerator too
    assert result["y"]["engagement_rate_reach"] == pytest.approx(100 * 3 / 10)
    assert result["x"]["conversation_rate"] == 0.0
    json.dumps(result, allow_nan=False)


def test_empty_posts_give_zero_posts_and_null_rates():
    posts = _posts(likes=[1, 2, 3, 4]).iloc[0:0]
    result = metrics.posts_results(posts)
    assert list(result) == ["_all"]
    assert result["_all"]["posts"] == 0
    assert result["_all"]["likes"] == 0
    assert result["_all"]["applause_rate"] is None


def test_engagement_rate_followers_uses_posts_with_followers_only():
    posts = _posts(likes=[10, 20, 30, 40], followers=[100, 0, 200, 0])
    row = metrics.post_metrics(posts).loc["_all"]
    assert row["engagement_rate_followers"] == pytest.approx(100 * (10 + 30) / (100 + 200))
    assert row["engagements"] == 100


def test_group_by_several_columns_and_all_row():
    posts = _posts(likes=[1, 2, 3, 4])
    table = metrics.post_metrics(posts, by=["component_id", "post_type"])
    assert table.index.names == ["component_id", "post_type"]
    assert table.loc[("_all", "_all"), "likes"] == 10
    assert table.loc[("y", "photo"), "posts"] == 1


def test_weekly_buckets_start_on_monday_and_fill_gaps():
    posts = _posts(likes=[1, 2, 3, 4])
    weekly = metrics.post_metrics_over_time(posts, freq="W", by="component_id")
    assert (weekly["period"].dt.day_of_week == 0).all()
    assert weekly["likes"].sum() == 10
    weeks = weekly["period"].drop_duplicates()
    assert len(weeks) == 8  # 2026-06-29 .. 2026-08-17: every week between first and last post
    empty = weekly[weekly["posts"] == 0]
    assert empty["applause_rate"].isna().all()
    with pytest.raises(ValueError, match="unknown frequency"):
        metrics.post_metrics_over_time(posts, freq="fortnight")


def test_top_posts_ranks_by_own_rate_and_keeps_no_personal_columns():
    posts = _posts(likes=[1, 5, 3, 0], comments=[0, 0, 1, 0], shares=[0, 0, 0, 0])
    posts["reach"] = [10, 10, 100, 0]
    posts["author"] = ["Ann", "Bob", "Cy", "Di"]
    posts["message"] = "Our new <b>trail</b> shoe is here: one two three four five six"
    top = metrics.top_posts(posts, n=2)
    assert top["post_id"].tolist() == ["b", "a"]
    assert top["engagement_rate_reach"].tolist() == [50.0, 10.0]
    assert "author" not in top and "message" not in top
    # the post in words: date, type, the message's first eight words (escaped where shown)
    assert top.loc[0, "post"] == '8 Jul 2026: "Our new <b>trail</b> shoe is here: one two …"'
    assert metrics.top_posts(posts.drop(columns="message"), n=1).loc[0, "post"] == "8 Jul 2026"
    worst = metrics.top_posts(posts, n=1, worst=True)
    assert worst["post_id"].tolist() == ["c"]
    # without reach: ranked by each post's engagements (b 5, c 4, a 1, d 0), no rate column
    no_reach = metrics.top_posts(posts.drop(columns="reach"), n=3)
    assert no_reach["post_id"].tolist() == ["b", "c", "a"]
    assert no_reach.attrs["measure"] == "engagements"
    assert "reach" not in no_reach and "engagement_rate_reach" not in no_reach


def test_top_posts_show_their_first_words_escaped_and_an_https_link_from_the_data():
    from socialworkbook.lab.notebook import table_html

    posts = _posts(likes=[1, 5, 3, 0], comments=[0, 0, 1, 0], shares=[0, 0, 0, 0])
    posts["reach"] = [10, 10, 100, 0]
    posts["message"] = ["Hello <script>x</script> there", "Best trail & shoe", "c", "d"]
    posts["link"] = ["javascript:alert(1)", "https://shop.example/p/b?x=1&y=2", "", ""]
    top = metrics.top_posts(posts, n=2)
    assert top["link"].tolist() == ["https://shop.example/p/b?x=1&y=2", ""]  # https only
    page = table_html(metrics.readable(top, metrics.POST_COLUMNS))
    assert '<a href="https://shop.example/p/b?x=1&amp;y=2">open</a>' in page
    assert "&lt;script&gt;x&lt;/script&gt;" in page and "<script>" not in page
    assert "Best trail &amp; shoe" in page and "javascript" not in page
    # posts without a link column: no link column
    assert "link" not in metrics.top_posts(posts.drop(columns="link"), n=1)


def test_a_count_a_platform_does_not_have_is_null_not_zero():
    posts = _posts(likes=[1, 5, 0, 0], comments=[2, 0, 3, 1], shares=[0, 1, 1, 0], reach=[10] * 4)
    posts["_unmeasured_likes"] = [False, False, True, True]  # y leaves likes blank everywhere
    table = metrics.post_metrics(posts, by="component_id")
    assert pd.isna(table.loc["y", "likes"]) and pd.isna(table.loc["y", "applause_rate"])
    assert table.loc["y", "engagements"] == 5  # comments + shares, the counts y has
    assert table.loc["x", "applause_rate"] == 3.0 and table.loc["_all", "likes"] == 6
    assert metrics.readable(table, ["applause_rate"]).iloc[1, 0] == "n/a"
    worst = metrics.top_posts(posts, n=4, worst=True)
    assert worst.set_index("post_id")["likes"].isna().to_dict() == {
        "a": False,
        "b": False,
        "c": True,
        "d": True,
    }


def test_constructive_actions_per_post_and_active_member():
    posts = _posts(comments=[1, 2, 3, 4], votes=[10, 0, 0, 0], referrals=[0, 0, 5, 0])
    observations = pd.DataFrame(
        {
            "date": pd.to_datetime(["2026-07-31", "2026-08-31", "2026-07-31"]),
            "metric": ["active_members", "active_members", "active_members"],
            "value": [10.0, 30.0, 12.0],
            "component_id": ["x", "x", "y"],
        }
    )
    table = metrics.constructive_actions(posts, metrics=observations)
    assert table.loc["x", "constructive_actions"] == 13
    assert table.loc["_all", "constructive_actions"] == 25
    assert table.loc["x", "per_post"] == 6.5
    assert table.loc["x", "active_members"] == 20.0
    assert table.loc["x", "per_active_member"] == pytest.approx(13 / 20)
    assert table.loc["_all", "active_members"] == 32.0
    without = metrics.constructive_actions(posts)
    assert without["per_active_member"].isna().all()


def test_share_of_voice():
    mentions = pd.DataFrame({"brand": ["Acme", "acme ", "rival", "other", "", "rival"]})
    table = metrics.share_of_voice(mentions, "acme", ["rival", "third"])
    assert table["brand"].tolist() == ["acme", "rival", "third"]
    assert table["mentions"].tolist() == [3, 2, 0]  # a mention without a brand is the client's
    assert table["share"].tolist() == [0.6, 0.4, 0.0]
    assert metrics.share_of_voice(pd.DataFrame({"brand": ["", ""]}), "acme", []) is None
    assert metrics.share_of_voice(pd.DataFrame({"text": ["x"]}), "acme", []) is None


def test_aggregation_rules():
    assert metrics.aggregation_rule("leads") == "sum"
    assert metrics.aggregation_rule("response_time_hours") == "mean"
    assert metrics.aggregation_rule("nps") == "mean"
    assert metrics.aggregation_rule("churn_rate") == "mean"
    assert metrics.aggregation_rule("tickets_per_agent") == "mean"
    assert metrics.aggregation_rule("members") == "last"


# --------------------------------------------------------------------------- metric_value


@pytest.fixture()
def client():
    return make_client(
        ecosystem=[],
        posts=[
            {
                "post_id": "p1",
                "component_id": "forum",
                "published_at": "2026-07-03 09:00",
                "likes": 4,
                "comments": 2,
                "reach": 100,
                "followers": 900,
            },
            {
                "post_id": "p2",
                "component_id": "forum",
                "published_at": "2026-09-30 23:00",
                "likes": 6,
                "comments": 0,
                "reach": 100,
                "followers": 950,
            },
            {
                "post_id": "p3",
                "component_id": "page",
                "published_at": "2026-08-01 00:00",
                "likes": 10,
                "comments": 1,
                "reach": 0,
                "followers": 50,
            },
            {
                "post_id": "p0",
                "component_id": "page",
                "published_at": "2026-06-30 12:00",
                "likes": 99,
                "comments": 9,
                "reach": 10,
                "followers": 40,
            },
        ],  # fmt: skip
        mentions=[
            {
                "mention_id": "m1",
                "published_at": "2026-07-05",
                "component_id": "forum",
                "text": "@acme I love this, great support!",
                "brand": "acme",
            },
            {
                "mention_id": "m2",
                "published_at": "2026-07-06",
                "component_id": "forum",
                "text": "Terrible, awful experience. https://x.example/a",
                "brand": "rival",
            },
            {
                "mention_id": "m3",
                "published_at": "2026-08-06",
                "component_id": "page",
                "text": "Happy and delighted",
                "brand": "acme",
            },
            {
                "mention_id": "m4",
                "published_at": "2026-04-06",
                "component_id": "page",
                "text": "bad",
                "brand": "acme",
            },
        ],  # fmt: skip
        metrics=[
            {"date": "2026-07-31", "metric": "leads", "value": 5, "component_id": "forum"},
            {"date": "2026-08-31", "metric": "leads", "value": 7, "component_id": "page"},
            {"date": "2026-06-30", "metric": "leads", "value": 100, "component_id": "page"},
            {"date": "2026-07-31", "metric": "response_time_hours", "value": 4},
            {"date": "2026-08-31", "metric": "response_time_hours", "value": 8},
            {
                "date": "2026-08-31",
                "metric": "response_time_hours",
                "value": 1,
                "component_id": "forum",
            },
            {"date": "2026-07-31", "metric": "members", "value": 10, "component_id": "forum"},
            {"date": "2026-09-30", "metric": "members", "value": 12, "component_id": "forum"},
            {"date": "2026-08-31", "metric": "members", "value": 3, "component_id": "page"},
        ],  # fmt: skip
        competitors=["rival"],
        brand="acme",
    )


def test_metric_value_posts(client):
    q3 = client.period
    assert metrics.metric_value(client, "posts", q3) == 3
    assert metrics.metric_value(client, "likes", q3) == 20
    assert metrics.metric_value(client, "likes", q3, component_id="forum") == 10
    assert metrics.metric_value(client, "conversation_rate", q3) == pytest.approx(1.0)
    # p3's blank reach (read as 0) keeps its 11 engagements out of the numerator too
    assert metrics.metric_value(client, "engagement_rate_reach", q3) == pytest.approx(
        100 * 12 / 200
    )
    assert metrics.metric_value(client, "engagement_rate_reach", q3, component_id="page") is None
    # followers: the latest value per component, summed
    assert metrics.metric_value(client, "followers", q3) == 950 + 50
    assert metrics.metric_value(client, "followers", q3, component_id="forum") == 950
    assert metrics.metric_value(client, "posts", parse_period("2026-01")) == 0
    assert metrics.metric_value(client, "shares", q3) is None  # no shares column, no metric rows
    assert metrics.metric_value(client, "posts", None) is None


def test_metric_value_computes_the_post_metrics_of_a_component_and_span_once(client, monkeypatch):
    from socialworkbook.measure.metrics import formulas

    calls = []
    real = formulas.post_metrics
    monkeypatch.setattr(formulas, "post_metrics", lambda posts: calls.append(1) or real(posts))
    q3 = client.period
    assert metrics.metric_value(client, "posts", q3) == 3
    assert metrics.metric_value(client, "likes", q3) == 20
    assert metrics.metric_value(client, "conversation_rate", q3) == pytest.approx(1.0)
    assert len(calls) == 1  # one component and span: its post metrics are computed once
    assert metrics.metric_value(client, "likes", q3, component_id="forum") == 10
    assert len(calls) == 2
    # a client read again (new tables) is computed afresh, never answered from the memo
    posts = client.tables["posts"].assign(likes=client.tables["posts"]["likes"] * 2)
    again = dataclasses.replace(client, tables={**client.tables, "posts": posts})
    assert metrics.metric_value(again, "likes", q3) == 40
    assert metrics.metric_value(client, "likes", q3) == 20
    assert len(calls) == 3


def test_metric_value_mentions(client):
    q3 = client.period
    # Only the client's own brand counts (CONTRACT section 3): m1 and m3, both positive;
    # m2 about competitor "rival" stays out, whether or not competitors are listed.
    assert metrics.metric_value(client, "mentions", q3) == 2
    assert metrics.metric_value(client, "net_sentiment", q3) == pytest.approx(100.0)
    assert metrics.metric_value(client, "positive_share", q3) == pytest.approx(1.0)
    client.config = dataclasses.replace(client.config, competitors=())
    assert metrics.metric_value(client, "net_sentiment", q3) == pytest.approx(100.0)
    assert metrics.metric_value(client, "negative_share", q3, component_id="forum") == 0.0
    client.config = dataclasses.replace(client.config, competitors=("rival",))
    assert metrics.metric_value(client, "share_of_voice", q3) == pytest.approx(2 / 3)
    assert metrics.metric_value(client, "net_sentiment", parse_period("2026-01")) is None


def test_metric_value_from_the_metrics_table(client):
    q3 = client.period
    assert metrics.metric_value(client, "leads", q3) == 12
    assert metrics.metric_value(client, "leads", q3, component_id="page") == 7
    # client-wide rows win over component rows when there are any
    assert metrics.metric_value(client, "response_time_hours", q3) == 6.0
    assert metrics.metric_value(client, "response_time_hours", q3, component_id="forum") == 1.0
    assert metrics.metric_value(client, "members", q3) == 12 + 3
    assert metrics.metric_value(client, "members", q3, component_id="forum") == 12
    assert metrics.metric_value(client, "leads", parse_period("2026-01")) is None
    assert metrics.metric_value(client, "unknown_metric", q3) is None


def test_metric_value_falls_back_to_metrics_table_without_posts():
    client = make_client(
        metrics=[
            {"date": "2026-07-31", "metric": "followers", "value": 100},
            {"date": "2026-08-31", "metric": "followers", "value": 120},
            {"date": "2026-08-31", "metric": "posts", "value": 7},
        ]
    )
    assert metrics.metric_value(client, "followers", client.period) == 120
    assert metrics.metric_value(client, "posts", client.period) == 7


def test_metric_value_caches_sentiment_in_the_client_folder(client, tmp_path):
    client.folder = tmp_path / "acme"
    client.folder.mkdir()
    metrics.metric_value(client, "net_sentiment", client.period)
    assert (client.folder / ".cache" / "sentiment" / "scores.sqlite").is_file()


# --------------------------------------------------------------------------- speed


def test_one_million_posts_aggregate_exactly():
    """A million posts (the speed target is in bench/bench_metrics.py, not here)."""
    posts = million_posts()
    result = metrics.posts_results(posts)
    weekly = metrics.post_metrics_over_time(posts, freq="W", by="component_id")
    assert result["_all"]["likes"] == int(posts["likes"].to_numpy().sum())
    assert weekly["posts"].sum() == len(posts)


# --------------------------------------------------------------------------- notebook tables


def _posts_client(**kwargs):
    """Two components: "big" (6 posts a quarter) and "tiny" (2 posts, a high rate)."""
    rows = []
    for quarter, month, likes in (("q2", 5, 10), ("q3", 8, 20)):
        for i in range(6):
            rows.append(
                {
                    "post_id": f"big-{quarter}-{i}",
                    "component_id": "big",
                    "published_at": f"2026-{month:02d}-{i + 1:02d} 10:00",
                    "post_type": "photo" if i % 2 else "video",
                    "likes": likes,
                    "comments": 2,
                    "shares": 1,
                    "reach": 1000,
                    "votes": 3,
                }
            )
        for i in range(2):
            rows.append(
                {
                    "post_id": f"tiny-{quarter}-{i}",
                    "component_id": "tiny",
                    "published_at": f"2026-{month:02d}-{i + 10:02d} 10:00",
                    "post_type": "link",
                    "likes": 50,
                    "comments": 0,
                    "shares": 0,
                    "reach": 100,
                    "votes": 0,
                }
            )
    return make_client(
        ecosystem=[
            {"component_id": "big", "name": "Big $ forum"},
            {"component_id": "tiny", "name": "Tiny page"},
        ],
        posts=rows,
        **kwargs,
    )


def test_by_component_orders_by_posts_and_names_the_rows():
    client = _posts_client()
    names = client.component_names()
    table = metrics.by_component(client.in_period("posts"), names)
    assert table.index.tolist() == ["big", "tiny", "_all"]
    assert table["component"].tolist() == ["Big $ forum", "Tiny page", "All components"]
    assert table.loc["big", "engagement_rate_reach"] == pytest.approx(100 * 6 * 23 / 6000)
    assert table.loc["tiny", "engagement_rate_reach"] == pytest.approx(50.0)


def test_engagement_claim_ranks_only_components_with_enough_posts():
    client = _posts_client()
    names = client.component_names()
    claim = metrics.engagement_summary(
        metrics.by_component(client.in_period("posts"), names), client
    )
    # "tiny" has the higher rate but only 2 posts (< MIN_POSTS): one lucky post is no pattern
    assert claim.headline == "Big $ forum engages its audience best: 2.30% by reach."
    assert claim.measure == "engagement_rate_reach"
    assert claim.highlight == wording.chart_label("Big $ forum") == r"Big \$ forum"
    assert r"\$" in claim.title and "$ forum" in claim.headline
    assert "8 posts in 2026-Q3 on 2 components earned 238 engagements" in claim.detail


def test_chart_rows_drop_the_total_and_make_labels_safe():
    client = _posts_client()
    names = {"big": "A component with a name much longer than a chart label line", "tiny": "t"}
    rows = metrics.chart_rows(metrics.by_component(client.in_period("posts"), names))
    assert rows["component_id"].tolist() == ["big", "tiny"]
    assert "\n" in rows.loc[0, "component"]
    assert metrics.chart_rows(metrics.post_type_metrics(client.in_period("posts")), min_posts=3)[
        "post_type"
    ].tolist() == ["photo", "video"]  # link (2 posts) left out of the chart


def test_compare_periods_against_the_baseline():
    client = _posts_client()
    comparison = metrics.compare_periods(client)
    assert comparison.attrs["labels"] == ("2026-Q2", "2026-Q3")
    assert comparison.loc["posts", ["baseline", "period"]].tolist() == [8, 8]
    assert comparison.loc["applause_rate", "baseline"] == pytest.approx((60 + 100) / 8)
    assert comparison.loc["applause_rate", "period"] == pytest.approx((120 + 100) / 8)
    assert comparison.loc["applause_rate", "change_pct"] == pytest.approx(100 * (220 - 160) / 160)
    assert "impressions" not in comparison.index  # no such column: no row
    table = metrics.readable_comparison(comparison)
    assert list(table.columns) == ["metric", "2026-Q2", "2026-Q3", "change"]
    assert table.set_index("metric").loc["likes per post"].tolist() == ["20.00", "27.50", "+38%"]
    fell = metrics.readable_comparison(comparison.assign(change_pct=-12.4))
    assert set(fell["change"]) == {"\u221212%"}  # a true minus, never a hyphen that breaks
    claim = metrics.comparison_summary(comparison, client)
    # (6 * (10 + 2 + 1) + 2 * 50) / 6200 reached, then (6 * (20 + 2 + 1) + 2 * 50) / 6200
    assert claim.headline == (
        "The engagement rate by reach rose from 2.87% in 2026-Q2 to 3.84% in 2026-Q3."
    )


def test_compare_periods_without_a_baseline():
    client = _posts_client(baseline=None)
    comparison = metrics.compare_periods(client)
    assert comparison["baseline"].isna().all() and comparison["change_pct"].isna().all()
    assert comparison.loc["posts", "period"] == 8
    claim = metrics.comparison_summary(comparison, client)
    assert claim.headline.startswith("No baseline period is set")


def test_readable_writes_numbers_for_people():
    frame = pd.DataFrame(
        {
            "component": ["x", "_all"],
            "posts": [1234, 5],
            "engagement_rate_reach": [1.23456, np.nan],
            "share": [0.655, 0.1],
            "other": ["kept", "as is"],
        }
    )
    table = metrics.readable(frame)
    assert list(table.columns) == [
        "component",
        "posts",
        "engagement % of reach",
        "share of voice",
        "other",
    ]
    assert table.iloc[0].tolist() == ["x", "1,234", "1.23", "66%", "kept"]
    assert table.iloc[1].tolist() == ["All", "5", "n/a", "10%", "as is"]


def test_top_posts_with_component_names():
    client = _posts_client()
    names = client.component_names()
    best = metrics.top_posts(client.in_period("posts"), n=1, names=names)
    assert best[["post_id", "component"]].values.tolist() == [["tiny-q3-1", "Tiny page"]]
    claim = metrics.top_posts_summary(
        best, metrics.top_posts(client.in_period("posts"), n=1, worst=True)
    )
    assert claim.headline == (
        "The best post engaged 50.0% of the people it reached, the weakest 2.30%."
    )


def test_constructive_actions_of_all_divide_only_the_components_with_members():
    client = _posts_client(
        metrics=[
            {"date": "2026-07-31", "metric": "active_members", "value": 40, "component_id": "big"},
            {"date": "2026-08-31", "metric": "active_members", "value": 60, "component_id": "big"},
        ]
    )
    names = client.component_names()
    table = metrics.constructive_table(client.in_period("posts"), names, client)
    big_actions = 6 * (2 + 3)  # comments + votes; no referrals column
    assert table.loc["big", "constructive_actions"] == big_actions
    assert table.loc["big", "per_active_member"] == pytest.approx(big_actions / 50)
    assert np.isnan(table.loc["tiny", "per_active_member"])
    assert table.loc["_all", "active_members"] == 50
    assert table.loc["_all", "per_active_member"] == pytest.approx(big_actions / 50)
    claim = metrics.constructive_summary(table, metrics.compare_periods(client), client)
    assert claim.headline == "Customers took 30 constructive actions in 2026-Q3, 3.75 per post."


def test_share_of_voice_table_period_and_baseline():
    mentions = [
        {"mention_id": f"m{i}", "published_at": day, "text": "x", "brand": brand}
        for i, (day, brand) in enumerate(
            [
                ("2026-07-01", "acme"),
                ("2026-07-02", "acme"),
                ("2026-07-03", "Rival"),
                ("2026-07-04", "other"),
                ("2026-05-01", "rival"),
            ]
        )
    ]
    client = make_client(mentions=mentions, competitors=["rival"], brand="acme")
    table = metrics.share_of_voice_table(client)
    assert table["brand"].tolist() == [client.config.name, "Rival"]
    assert table["mentions"].tolist() == [2, 1]
    assert table["share"].tolist() == pytest.approx([2 / 3, 1 / 3])
    assert table["baseline share"].tolist() == [0.0, 1.0]
    claim = metrics.share_of_voice_summary(table, client)
    assert claim.headline == (
        f"{client.config.name} holds 67% of the brand conversation in 2026-Q3."
    )
    none = make_client(mentions=mentions, brand="acme")
    assert metrics.share_of_voice_table(none).empty
    assert metrics.share_of_voice_summary(metrics.share_of_voice_table(none), none).headline == (
        "Share of voice is not measured."
    )


def test_trend_freq_is_weeks_for_quarters_and_months_for_years():
    assert metrics.trend_freq(make_client()) == "W"
    assert metrics.trend_freq(make_client(period="2014", baseline=None)) == "MS"


def test_partial_buckets_are_the_cut_first_and_last_weeks_or_months():
    # 2026-Q2 starts on a Wednesday and Q3 ends on a Wednesday: both end weeks are cut
    quarters = make_client(period="2026-Q3", baseline="2026-Q2")
    assert metrics.partial_buckets(quarters, "W") == [
        pd.Timestamp("2026-03-30"),
        pd.Timestamp("2026-09-28"),
    ]
    assert metrics.partial_buckets(quarters, "MS") == []  # whole months
    # 2025-Q4 runs Wednesday 1 October to Wednesday 31 December
    assert metrics.partial_buckets(make_client(period="2025-Q4", baseline=None), "W") == [
        pd.Timestamp("2025-09-29"),
        pd.Timestamp("2025-12-29"),
    ]
    # 2026-06 runs Monday 1 June to Tuesday 30 June: only the last week is cut
    assert metrics.partial_buckets(make_client(period="2026-06", baseline=None), "W") == [
        pd.Timestamp("2026-06-29")
    ]


def test_compare_periods_per_day_when_the_spans_differ_in_length():
    posts = [
        {"post_id": "b1", "component_id": "x", "published_at": "2026-02-01", "comments": 181},
        {"post_id": "b2", "component_id": "x", "published_at": "2026-05-01", "comments": 181},
        {"post_id": "p1", "component_id": "x", "published_at": "2026-08-01", "comments": 276},
    ]
    client = make_client(ecosystem=[], posts=posts, baseline="2026-01-01..2026-06-30")
    table = metrics.compare_periods(client)
    assert table.attrs["days"] == (181, 92)
    # engagements (comments only): 362 over 181 days = 2.0 a day, 276 over 92 = 3.0 a day:
    # +50% per day, although the total fell from 362 to 276
    row = table.loc["engagements"]
    assert (row["baseline"], row["period"]) == (362, 276)
    assert (row["baseline_per_day"], row["period_per_day"]) == (2.0, 3.0)
    assert row["change_pct"] == 50.0
    rate = table.loc["conversation_rate"]  # per post: compared as it is, no per-day value
    assert rate["change_pct"] == 100 * (276 - 181) / 181 and pd.isna(rate["period_per_day"])
    readable = metrics.readable_comparison(table).set_index("metric")
    per_day = "2026-01-01..2026-06-30 per day (181 days with data)"
    assert readable.loc["engagements", per_day] == "2.0"
    assert readable.loc["engagements", "change (totals per day)"] == "+50%"
    claim = metrics.constructive_summary(
        metrics.constructive_table(client.in_period("posts"), {}, client), table, client
    )
    assert (
        "Per day with data: 2.0 in the baseline 2026-01-01..2026-06-30 "
        "(362 over 181 days) against 3.0 in 2026-Q3 (276 over 92 days), +50% per day."
    ) in claim.detail
    assert claim.title.startswith("Constructive actions per day rose from 2 in")
    assert "totals are compared per day" in metrics.comparison_summary(table, client).detail


def _rated_client(likes_by_component):
    """Five posts per component, each reaching 100 people, with the given likes per post."""
    posts = [
        {
            "post_id": f"{cid}{i}",
            "component_id": cid,
            "published_at": f"2026-07-0{i + 1}",
            "post_type": post_type,
            "likes": likes,
            "comments": 0,
            "shares": 0,
            "reach": 100,
        }
        for cid, (likes, post_type) in likes_by_component.items()
        for i in range(5)
    ]
    ecosystem = [component(cid, name=cid.upper()) for cid in likes_by_component]
    return make_client(ecosystem=ecosystem, posts=posts)


def _engagement_claim(client):
    names = client.component_names()
    return metrics.engagement_summary(
        metrics.by_component(client.in_period("posts"), names), client
    )


def test_engagement_claims_name_ties():
    # one best: 100 * 10 / 100 = 10% for A, 5% for B and C (tied for least)
    one = _engagement_claim(
        _rated_client({"a": (10, "photo"), "b": (5, "video"), "c": (5, "link")})
    )
    assert one.headline == "A engages its audience best: 10.00% by reach."
    assert one.detail.endswith(" B and C engage least (5.00% each).")
    # two tied at 10%, C at 5%
    pair = _rated_client({"a": (10, "photo"), "b": (10, "video"), "c": (5, "link")})
    two = _engagement_claim(pair)
    assert two.headline == "A and B tie for the best engagement: 10.00% by reach each."
    assert two.title.startswith("A and B tie for the highest engagement rate")
    assert two.detail.endswith(" C engages least (5.00%, 5 posts).")
    # all four tied: nobody engages least
    four = _rated_client({c: (10, "photo") for c in "abcd"})
    claim = _engagement_claim(four)
    assert claim.headline == "A, B, C and D tie for the best engagement: 10.00% by reach each."
    assert "least" not in claim.detail
    kinds = metrics.post_type_summary(metrics.post_type_metrics(pair.in_period("posts")))
    assert kinds.headline == (
        'Posts of types "photo" and "video" tie for the best engagement: 10.00% by reach each.'
    )
    assert '"link" posts engage least (5.00%)' in kinds.detail
    alike = metrics.post_type_summary(metrics.post_type_metrics(four.in_period("posts")))
    assert alike.headline == 'Posts of type "photo" engage best: 10.00% by reach.'
    assert "every type engages alike" in alike.detail


def _ranked_posts(rates):
    """Posts of one type on one component, ranked as `top_posts` ranks them (rates given)."""
    return pd.DataFrame(
        {
            "post_type": ["photo"] * len(rates),
            "component": ["Forum"] * len(rates),
            "published_at": pd.to_datetime([f"2026-07-0{i + 1}" for i in range(len(rates))]),
            "reach": [100] * len(rates),
            "engagement_rate_reach": rates,
        }
    )


@pytest.mark.parametrize(
    ("best", "worst", "headline"),
    [
        (
            [9.0, 5.0],
            [1.0, 2.0],
            "The best post engaged 9.0% of the people it reached, the weakest 1.00%.",
        ),
        (
            [9.0, 9.0, 5.0],
            [1.0, 1.0],
            "The best 2 posts (tied) engaged 9.0% of the people they "
            "reached, the weakest 2 posts (tied) 1.00%.",
        ),
    ],
)
def test_best_and_weakest_posts_name_their_ties(best, worst, headline):
    claim = metrics.top_posts_summary(_ranked_posts(best), _ranked_posts(worst))
    assert claim.headline == headline
    assert ("one of 2 tied" in claim.detail) is (best[0] == best[1])


def test_constructive_actions_name_a_tie_for_the_most():
    client = make_client(ecosystem=[component("a", name="Forum"), component("b", name="Club")])
    table = pd.DataFrame(
        {
            "component": ["Forum", "Club", "All"],
            "posts": [2, 4, 6],
            "constructive_actions": [12, 12, 24],
            "per_post": [6.0, 3.0, 4.0],
            "per_active_member": [np.nan, np.nan, np.nan],
        },
        index=["a", "b", "_all"],
    )
    comparison = pd.DataFrame(
        {"baseline": [np.nan], "period": [24.0], "change_pct": [np.nan]},
        index=["constructive_actions"],
    )
    comparison.attrs["labels"] = ("2026-Q2", "2026-Q3")
    claim = metrics.constructive_summary(table, comparison, client)
    assert "Forum and Club tie for the most (12 each)" in claim.detail
    table.loc["b", "constructive_actions"] = 10
    claim = metrics.constructive_summary(table, comparison, client)
    assert "Forum drew the most (12, 6.00 per post" in claim.detail


def test_the_peak_of_a_trend_names_a_tie():
    client = make_client(ecosystem=[component("a")], baseline=None)
    comparison = pd.DataFrame(
        {"baseline": [np.nan], "period": [3.0]}, index=["engagement_rate_reach"]
    )
    weeks = pd.to_datetime(["2026-07-06", "2026-07-13", "2026-07-20"])
    tied = pd.DataFrame({"period": weeks, "engagement_rate_reach": [4.0, 2.0, 4.0]})
    title = metrics.comparison_summary(comparison, client, tied).title
    assert "2 weeks alike, first the week of 2026-07-06" in title.replace("\n", " ")
    alone = tied.assign(engagement_rate_reach=[1.0, 2.0, 4.0])
    title = metrics.comparison_summary(comparison, client, alone).title
    assert "highest in the week of 2026-07-20" in title.replace("\n", " ")
