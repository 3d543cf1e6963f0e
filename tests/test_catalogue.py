"""The metric catalogue (issue 22): one registered entry per metric, every list derived from it."""

from __future__ import annotations

import dataclasses
import json

import pytest
from clientfolders import write_client

from socialworkbook import intake, results, runfolder, wording
from socialworkbook.catalogue import METRICS, Metric, Ratio, metric_kind
from socialworkbook.lab.notebook import figures_html
from socialworkbook.measure import benchmarks, estimate
from socialworkbook.measure.metrics import formulas, narrative
from socialworkbook.method import board
from socialworkbook.publish import peergroups

POSTS = (
    "post_id,component_id,published_at,post_type,likes,comments,shares,saves,reach\n"
    "p1,fb,2026-07-01T10:00:00,photo,10,2,1,3,100\n"
    "p2,fb,2026-07-02,link,5,1,0,1,50\n"
    "p3,forum,2026-08-01T12:30,thread,1,4,2,0,20\n"
    "p0,fb,2026-05-01,photo,4,0,0,2,40\n"
)
MENTIONS = (
    "mention_id,published_at,text,component_id,author\n"
    "m1,2026-07-01T09:00:00,Love the new tent,fb,@alice\n"
    "m2,2026-07-03,The zip broke and I hate it,fb,@bob\n"
    "m3,2026-08-03,Great service,forum,@carol\n"
)


@pytest.fixture
def saves_per_post():
    """A new post rate, registered for one test: one entry and no formula code (a `Ratio`)."""
    metric = METRICS.register(
        Metric(
            "save_rate",
            "saves per post",
            "saves per post",
            "rate",
            "rate",
            "posts",
            unit="per post",
            needs=("saves",),
            formula=Ratio("saves", "posts"),
            results=True,
            board="saves per post",
            benchmark=4,
        )
    )
    yield metric
    METRICS.remove(metric.key)


@pytest.fixture
def client(tmp_path):
    folder = write_client(tmp_path, files={"posts.csv": POSTS, "mentions.csv": MENTIONS})
    return intake.read_client_folder(folder)


def test_adding_a_post_rate_touches_the_catalogue_only(saves_per_post, client, tmp_path):
    key = saves_per_post.key
    posts = client.in_period("posts")
    # results.json `posts`, as 03 records it and the runner assembles it
    section = formulas.posts_results(posts)
    written = runfolder.write_results(
        tmp_path, results.assemble(client, {"03": {"posts": section}}, kit_version="0")
    )
    found = json.loads(written.read_text())["posts"]
    assert found["_all"][key] == pytest.approx(4 / 3)  # saves 3 + 1 + 0 over 3 posts
    assert found["fb"][key] == pytest.approx(2.0) and found["forum"][key] == 0.0
    # 03's per-component table, as a client reads it
    table = narrative.by_component(posts, {"fb": "Facebook page", "forum": "Support forum"})
    shown = narrative.readable(table, narrative.engagement_columns())
    assert list(shown["saves per post"]) == ["2.00", "0.00", "1.33"]
    # the board's figures and their tile
    figures = board.key_figures(client).set_index("metric")
    assert figures.loc[key, "figure"] == "saves per post"
    assert figures.loc[key, "period"] == pytest.approx(4 / 3)
    assert figures.loc[key, "baseline"] == pytest.approx(2.0)
    tile = figures_html(figures.loc[[key]].reset_index(), formats=board.FORMATS)
    assert ">1.33</div>" in tile and "saves per post" in tile
    # the peer benchmarks: a figure of each results.json, its words and its format
    assert benchmarks.FIGURES[key] == "saves per post"
    assert runfolder.benchmark_figures(json.loads(written.read_text()))[key] == pytest.approx(4 / 3)
    assert peergroups.FORMATS[key] == "{:,.2f}"
    # and the words, the kind and the goal metrics every other module asks for
    assert wording.name(key) == "saves per post" and wording.measure(4 / 3, key) == "1.33"
    assert metric_kind(key) == "level" and key in METRICS.known()
    assert formulas.metric_value(client, key, client.period) == pytest.approx(4 / 3)


def test_without_the_entry_no_list_holds_the_rate(client):
    posts = client.in_period("posts")
    assert "save_rate" not in formulas.posts_results(posts)["_all"]
    assert "save_rate" not in narrative.engagement_columns()
    assert "save_rate" not in set(board.key_figures(client)["metric"])
    assert "save_rate" not in benchmarks.FIGURES


@pytest.fixture
def reworded():
    """The board's sentiment tiles with new labels, for one test."""
    old = [METRICS["net_sentiment"], METRICS["positive_share"]]
    for metric, label in zip(old, ["feeling, net", "happy share"], strict=True):
        METRICS.replace(dataclasses.replace(metric, board=label))
    yield
    for metric in old:
        METRICS.replace(metric)


def test_rewording_a_tile_keeps_it_found_by_its_key(reworded, client):
    figures = board.key_figures(client)
    labels = dict(zip(figures["metric"], figures["figure"], strict=True))
    assert labels["net_sentiment"] == "feeling, net" and labels["positive_share"] == "happy share"
    empty = estimate.ClientEstimates({"_all": None}, {"_all": None}, {"_all": ""}, {})
    tiles = estimate.board_figures(figures, empty, None).set_index("metric")
    unverified = "automatic scores only: unverified"
    assert tiles.loc["net_sentiment", "note"] == tiles.loc["positive_share", "note"] == unverified
    assert tiles.loc["reach", "note"] == ""
    html = figures_html(tiles.reset_index(), formats=board.FORMATS)
    share = wording.share(tiles.loc["positive_share", "period"])
    assert f'<div class="swb-value">{share}</div><div class="swb-label">happy share' in html


def test_a_metric_has_one_definition():
    with pytest.raises(ValueError, match="registered already"):
        METRICS.register(METRICS["engagement_rate_reach"])
    with pytest.raises(ValueError, match="kind, format or source"):
        Metric("x", "x", "x", "speed", "count", "posts")
    keys = [m.key for m in METRICS]
    assert len(keys) == len(set(keys))


def test_views_keep_the_orders_the_reports_show():
    assert METRICS.results_keys() == (
        "posts",
        "likes",
        "comments",
        "shares",
        "reach",
        "impressions",
        "conversation_rate",
        "amplification_rate",
        "applause_rate",
        "engagement_rate_reach",
        "engagement_rate_impressions",
        "constructive_actions",
    )
    assert list(board.FIGURES) == [
        "reach",
        "engagement_rate_reach",
        "constructive_actions",
        "net_sentiment",
        "positive_share",
    ]
    assert list(benchmarks.FIGURES.values()) == [
        "net sentiment",
        "engagement rate by reach",
        "constructive actions per day",
        "share of goals met",
    ]
    assert dict(peergroups.FORMATS) == {
        "net_sentiment": "{:+.0f}",
        "engagement_rate_reach": "{:,.2f}",
        "constructive_actions_per_day": "{:,.1f}",
        "goals_met_share": "{:.0%}",
    }
    assert list(METRICS.known())[:8] == [
        "posts",
        "likes",
        "comments",
        "shares",
        "votes",
        "referrals",
        "clicks",
        "reach",
    ]
    assert [m.key for m in METRICS.post_rates()] == [
        "conversation_rate",
        "amplification_rate",
        "applause_rate",
        "engagement_rate_reach",
        "engagement_rate_impressions",
        "engagement_rate_followers",
        "engagements_per_post",
    ]
