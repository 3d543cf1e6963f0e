"""Tests of measure.sentiment: VADER on human-rated tweets, the per-client cache, results."""

from __future__ import annotations

import contextlib
import json
import re
import sqlite3
import threading
from importlib.metadata import version

import numpy as np
import pandas as pd
import pytest
import realdata
from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

from socialworkbook.measure import brands, score_cache, sentiment
from socialworkbook.measure.score_cache import DATABASE, ScoreCache


@pytest.fixture()
def calls(monkeypatch):
    """Count calls of VADER's scorer (in this process)."""
    counter = {"n": 0}
    original = SentimentIntensityAnalyzer.polarity_scores

    def counting(self, text):
        counter["n"] += 1
        return original(self, text)

    monkeypatch.setattr(SentimentIntensityAnalyzer, "polarity_scores", counting)
    return counter


def _weighted_f1(truth: np.ndarray, predicted: np.ndarray) -> float:
    """Support-weighted F1 over the three classes, by hand (sklearn is not a dependency)."""
    total = 0.0
    for cls in ("positive", "neutral", "negative"):
        tp = np.sum((truth == cls) & (predicted == cls))
        fp = np.sum((truth != cls) & (predicted == cls))
        fn = np.sum((truth == cls) & (predicted != cls))
        f1 = 2 * tp / (2 * tp + fp + fn) if tp + fp + fn else 0.0
        total += f1 * np.sum(truth == cls)
    return total / len(truth)


# --------------------------------------------------------------------------- real data


def test_vader_tweets_correlation_and_f1():
    tweets = realdata.vader_tweets()
    assert len(tweets) == 4_200
    compound = sentiment.score_texts(tweets["text"].tolist())
    r = np.corrcoef(compound, tweets["rating"].to_numpy())[0, 1]
    assert r >= 0.87
    human = np.sign(tweets["rating"].to_numpy())
    truth = np.where(human > 0, "positive", np.where(human < 0, "negative", "neutral"))
    f1 = _weighted_f1(truth, sentiment.classify(compound).astype(str))
    assert f1 >= 0.94


def test_tweets_as_mentions_give_results_json_shape():
    scored = sentiment.score_mentions(realdata.tweet_mentions())
    result = sentiment.sentiment_results(scored)
    assert list(result) == ["_all"]  # no component on these mentions
    entry = result["_all"]
    assert entry["n"] == 4_200
    assert entry["positive"] + entry["neutral"] + entry["negative"] == 4_200
    assert entry["labelled"] is None
    assert entry["method"] == sentiment.METHOD
    json.dumps(result, allow_nan=False)


# --------------------------------------------------------------------------- scoring


def test_method_records_version_threshold_and_preprocessing():
    assert sentiment.METHOD == {
        "name": "vader",
        "version": version("vaderSentiment"),
        "threshold": 0.05,
        "preprocessing": "removed @handles and URLs (http/https/www), collapsed whitespace",
    }


def test_preprocess_removes_handles_and_urls_only():
    text = "@United  thanks!! see https://t.co/AbC and www.example.com/x,\n mail me@mail.com"
    assert sentiment.preprocess(text) == "thanks!! see and mail me@mail.com"


def test_brand_handle_does_not_bias_the_score():
    with_handle, plain = sentiment.score_texts(["@united my flight was delayed", "my flight"])
    raw = SentimentIntensityAnalyzer().polarity_scores("@united my flight")["compound"]
    assert raw > 0.05  # VADER reads "united" as a positive word
    assert plain == 0.0
    assert with_handle == sentiment.score_texts(["my flight was delayed"])[0]


def test_classify_thresholds():
    classes = sentiment.classify([0.05, 0.0499, -0.0499, -0.05, 1.0, -1.0])
    assert list(classes) == ["positive", "neutral", "neutral", "negative", "positive", "negative"]


def test_scores_match_vader_and_each_distinct_text_is_scored_once(calls):
    texts = ["I love it", "I hate it", "I love it", "", None, "I love it  "]
    scores = sentiment.score_texts(texts)
    vader = SentimentIntensityAnalyzer()
    expected = [vader.polarity_scores(sentiment.preprocess(t or ""))["compound"] for t in texts]
    calls["n"] -= len(texts)  # the reference loop above
    assert scores.tolist() == expected
    assert calls["n"] == 3  # "I love it" (also with trailing spaces), "I hate it", ""


def test_empty_input():
    assert sentiment.score_texts([]).shape == (0,)
    scored = sentiment.score_mentions(pd.DataFrame({"mention_id": [], "text": []}))
    assert list(scored.columns) == ["mention_id", "text", "compound", "sentiment"]


# --------------------------------------------------------------------------- cache


def _cache(folder, salt="5a" * 32) -> ScoreCache:
    return sentiment.cache_at(folder, salt=salt)


def _entries(folder) -> int:
    with contextlib.closing(sqlite3.connect(folder / DATABASE)) as db:
        return db.execute("SELECT count(*) FROM scores").fetchone()[0]


def test_cache_hits_on_second_run_and_stores_no_text(tmp_path, calls):
    folder = tmp_path / "client-a" / ".cache" / "sentiment"
    secret = "Zanzibar-unique-phrase: the refund took forever and I am furious"
    texts = [secret, "what a lovely day", "meh", secret]
    first = sentiment.score_texts(texts, cache=_cache(folder))
    assert calls["n"] == 3
    second = sentiment.score_texts(texts, cache=_cache(folder))
    assert calls["n"] == 3  # every score came from the cache
    assert second.tolist() == first.tolist()
    assert {p.name for p in folder.iterdir()} >= {"calls", DATABASE}
    assert len(list((folder / "calls").iterdir())) == 1
    for path in tmp_path.rglob("*"):
        if path.is_file():
            data = path.read_bytes()
            for needle in (secret, sentiment.preprocess(secret), "lovely", "Zanzibar"):
                assert needle.encode() not in data
                assert needle.encode("utf-16-le") not in data
                assert needle.encode("utf-32-le") not in data


def test_cache_is_per_folder_and_grows(tmp_path, calls):
    a, b = tmp_path / "a", tmp_path / "b"
    sentiment.score_texts(["good", "bad"], cache=_cache(a))
    sentiment.score_texts(["good", "bad"], cache=_cache(b))
    assert calls["n"] == 4  # b does not see a's cache
    sentiment.score_texts(["good", "bad", "ugly"], cache=_cache(a))
    assert calls["n"] == 5  # only the new text is scored
    assert _entries(a) == 3


def test_per_text_cache_serves_a_changed_batch_in_any_order(tmp_path, calls):
    rng = np.random.default_rng(8)
    words = ["good", "bad", "slow", "love", "hate", "ok", "great", "app", "store", "why"]
    texts = [" ".join(rng.choice(words, 6)) + f" {i}" for i in range(500)]
    first = sentiment.score_texts(texts, cache=_cache(tmp_path))
    before = calls["n"]
    order = rng.permutation(len(texts))[:300]
    subset = sentiment.score_texts([texts[i] for i in order], cache=_cache(tmp_path))
    assert calls["n"] == before  # a new batch, but every text is in the per-text cache
    assert subset.tolist() == first[order].tolist()
    for path in (tmp_path / "calls").iterdir():
        path.unlink()
    assert sentiment.score_texts(texts, cache=_cache(tmp_path)).tolist() == first.tolist()
    assert calls["n"] == before


def test_whole_call_entries_are_pruned(tmp_path, monkeypatch):
    monkeypatch.setattr(score_cache, "CALLS_KEPT", 3)
    for i in range(6):
        sentiment.score_texts([f"text number {i}", "same"], cache=_cache(tmp_path))
    assert len(list((tmp_path / "calls").iterdir())) == 3
    assert _entries(tmp_path) == 7


def test_missing_values_and_odd_texts_are_cached_too(tmp_path, calls):
    texts = [None, "good", np.nan, "a\x00b", "", "good\x00"]
    first = sentiment.score_texts(texts, cache=_cache(tmp_path))
    assert first[0] == first[2] == first[4] == 0.0
    before = calls["n"]
    assert sentiment.score_texts(texts, cache=_cache(tmp_path)).tolist() == first.tolist()
    reverse = sentiment.score_texts(texts[::-1], cache=_cache(tmp_path))
    assert reverse.tolist() == first[::-1].tolist()
    assert calls["n"] == before
    assert len(list((tmp_path / "calls").iterdir())) == 2


def test_unreadable_cache_is_rebuilt(tmp_path, calls):
    path = tmp_path / DATABASE
    path.write_bytes(b"not a database file, just bytes" * 100)
    with pytest.warns(UserWarning, match="unreadable"):
        scores = sentiment.score_texts(["good"], cache=_cache(tmp_path))
    assert scores[0] > 0
    assert _entries(tmp_path) == 1


def test_parallel_scoring_equals_serial(monkeypatch, tmp_path):
    monkeypatch.setattr(sentiment, "PARALLEL_MIN", 10)
    monkeypatch.setattr(sentiment, "_CHUNK", 7)
    rng = np.random.default_rng(3)
    words = ["good", "bad", "service", "slow", "love", "hate", "ok", "great", "the", "app"]
    texts = [" ".join(rng.choice(words, 5)) + f" #{i}" for i in range(60)]
    parallel = sentiment.score_texts(texts, cache=_cache(tmp_path), workers=2)
    serial = sentiment.score_texts(texts, workers=1)
    assert parallel.tolist() == serial.tolist()
    assert sentiment.score_texts(texts, cache=_cache(tmp_path)).tolist() == serial.tolist()


# --------------------------------------------------------------------------- results


def _scored() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "mention_id": [f"m{i}" for i in range(7)],
            "published_at": pd.to_datetime(
                [
                    "2026-07-01",
                    "2026-07-02",
                    "2026-07-09",
                    "2026-07-20",
                    "2026-07-21",
                    "2026-08-03",
                    "2026-08-04",
                ]
            ),  # fmt: skip
            "text": ["t"] * 7,
            "component_id": ["forum", "forum", "forum", "page", "page", "", "forum"],
            "author": ["p-1"] * 7,
            "label": ["positive", "negative", "", "", "", "neutral", "positive"],
            "compound": [0.8, 0.3, -0.6, 0.0, 0.1, 0.02, -0.2],
            "sentiment": [
                "positive",
                "positive",
                "negative",
                "neutral",
                "positive",
                "neutral",
                "negative",
            ],
        }  # fmt: skip
    )


def test_sentiment_results_counts_labels_and_agreement():
    result = sentiment.sentiment_results(_scored())
    assert list(result) == ["forum", "page", "_all"]
    forum = result["forum"]
    assert {k: forum[k] for k in ("n", "positive", "neutral", "negative")} == {
        "n": 4,
        "positive": 2,
        "neutral": 0,
        "negative": 2,
    }
    assert forum["net_sentiment"] == 0.0
    assert forum["labelled"] == {
        "n": 3,
        "positive": 2,
        "neutral": 0,
        "negative": 1,
        "net_sentiment": pytest.approx(100 / 3),
        "agreement": pytest.approx(1 / 3),
    }
    assert result["page"]["labelled"] is None
    assert result["page"]["net_sentiment"] == 50.0
    everything = result["_all"]
    assert everything["n"] == 7
    assert everything["net_sentiment"] == pytest.approx(100 * (3 - 2) / 7)
    assert everything["labelled"]["agreement"] == pytest.approx(2 / 4)
    json.dumps(result, allow_nan=False)


def test_empty_results_have_null_net_sentiment():
    result = sentiment.sentiment_results(_scored().iloc[0:0])
    assert result == {
        "_all": {
            "n": 0,
            "positive": 0,
            "neutral": 0,
            "negative": 0,
            "net_sentiment": None,
            "method": sentiment.METHOD,
            "labelled": None,
        }
    }


def test_confusion_table():
    table = sentiment.confusion_table(_scored())
    assert table.loc["positive", "positive"] == 1
    assert table.loc["positive", "negative"] == 1
    assert table.loc["negative", "positive"] == 1
    assert table.loc["neutral", "neutral"] == 1
    assert table.to_numpy().sum() == 4
    assert list(table.index) == list(table.columns) == ["positive", "neutral", "negative"]


def test_sentiment_over_time():
    weekly = sentiment.sentiment_over_time(_scored(), freq="W")
    assert weekly["period"].dt.strftime("%Y-%m-%d").tolist() == [
        "2026-06-29", "2026-07-06", "2026-07-13", "2026-07-20", "2026-07-27", "2026-08-03"
    ]  # fmt: skip
    assert weekly["n"].tolist() == [2, 1, 0, 2, 0, 2]
    assert weekly.loc[0, "net_sentiment"] == 100.0
    assert np.isnan(weekly.loc[2, "net_sentiment"])
    monthly = sentiment.sentiment_over_time(_scored(), freq="MS", by="component_id")
    july_forum = monthly[(monthly["period"] == "2026-07-01") & (monthly["component_id"] == "forum")]
    assert july_forum["n"].item() == 3
    assert july_forum["mean_compound"].item() == pytest.approx((0.8 + 0.3 - 0.6) / 3)


def test_over_time_of_no_mentions_is_empty():
    scored = sentiment.score_mentions(_scored().iloc[0:0].drop(columns=["compound", "sentiment"]))
    assert sentiment.sentiment_over_time(scored, freq="W").empty
    assert list(sentiment.sentiment_over_time(scored, freq="MS", by="component_id").columns)[
        :3
    ] == [
        "period",
        "component_id",
        "n",
    ]


def test_long_form_share():
    texts = ["short and sweet", "x" * 401, "One. Two. Three.", "One. Two. Three. Four.", "Ok!"]
    assert sentiment.long_form_share(texts) == pytest.approx(2 / 5)
    assert sentiment.long_form_share([]) is None


def test_scored_mentions_table_has_exactly_the_contract_columns():
    table = sentiment.scored_mentions_table(_scored())
    assert list(table.columns) == [
        "mention_id",
        "component_id",
        "published_at",
        "compound",
        "sentiment",
        "label",
    ]
    assert len(table) == 7


# --------------------------------------------------------------------------- a client's mentions


def _client_mentions(tmp_path=None):
    from factories import make_client

    rows = [
        ("m1", "2026-05-02", "I love the new app, great work", "forum", "acme", "positive"),
        ("m2", "2026-05-03", "Terrible service, awful", "forum", "", ""),
        ("m3", "2026-07-02", "Great support, thank you!", "forum", "acme", "negative"),
        ("m4", "2026-07-03", "Rival is amazing and wonderful", "", "Rival", ""),
        ("+m5", "2026-07-04", '=HYPERLINK("http://x") meh', "page", "", "neutral"),
        ("m6", "2026-01-04", "Outside both spans, lovely", "page", "acme", ""),
    ]
    client = make_client(
        mentions=[
            {
                "mention_id": mid,
                "published_at": day,
                "text": text,
                "component_id": cid,
                "author": "p-0123456789ab",
                "brand": brand,
                "label": label,
            }
            for mid, day, text, cid, brand, label in rows
        ],
        competitors=["rival"],
        brand="acme",
    )
    if tmp_path is not None:
        client.folder = tmp_path / "acme"
        client.folder.mkdir()
    return client


def test_own_mentions_leave_out_competitors_only():
    client = _client_mentions()
    mentions = client.table("mentions")
    own = brands.own_mentions(mentions, "ACME ")
    assert own["mention_id"].tolist() == ["m1", "m2", "m3", "+m5", "m6"]  # empty brand is own
    assert brands.own_brand(client) == "acme"
    assert brands.competitor_mentions(client) == 1


def test_score_client_scores_both_spans_into_the_clients_own_cache(tmp_path):
    client = _client_mentions(tmp_path)
    scored = sentiment.score_client(client)
    assert scored[["mention_id", "when"]].values.tolist() == [
        ["m1", "baseline"],
        ["m2", "baseline"],
        ["m3", "period"],
        ["+m5", "period"],
    ]  # m4 is about the competitor "Rival"
    vader = SentimentIntensityAnalyzer()
    expected = [vader.polarity_scores(sentiment.preprocess(t))["compound"] for t in scored["text"]]
    assert scored["compound"].tolist() == expected
    assert sentiment.part(scored)["mention_id"].tolist() == ["m3", "+m5"]
    rivals = sentiment.score_client(client, own=False)
    assert rivals[["mention_id", "when", "brand"]].values.tolist() == [["m4", "period", "rival"]]
    assert (tmp_path / "acme" / ".cache" / "sentiment" / DATABASE).is_file()
    assert sentiment.client_cache(_client_mentions()) is None  # no folder on disk, no cache


def test_write_scored_mentions_is_formula_safe_and_holds_no_text(tmp_path):
    client = _client_mentions(tmp_path)
    scored = sentiment.score_client(client)
    assert sentiment.write_scored_mentions(scored, "") is None  # interactive: nothing written
    assert sentiment.write_scored_mentions(scored.iloc[0:0], tmp_path) is None
    path = sentiment.write_scored_mentions(scored, tmp_path / "out")
    content = path.read_text(encoding="utf-8")
    lines = content.splitlines()
    assert lines[0] == "mention_id,component_id,published_at,compound,sentiment,label"
    assert lines[1].startswith("m1,forum,2026-05-02T00:00:00,0.")
    assert "HYPERLINK" not in content and "p-0123456789ab" not in content  # no text, no author
    assert "\n'+m5,page," in content  # an id a spreadsheet would run as a formula is quoted
    written = pd.read_csv(path, keep_default_na=False)
    assert written["compound"].tolist() == scored["compound"].round(4).tolist()
    assert written["label"].tolist() == scored["label"].tolist()
    assert written["mention_id"].tolist() == ["m1", "m2", "m3", "'+m5"]


def test_component_table_adds_up_and_reads_well():
    scored = _scored()
    names = {"forum": "The $ forum", "page": "Page"}
    table = sentiment.component_table(scored, names)
    assert table.index.tolist() == ["forum", "page", "", "_all"]
    assert table["component"].tolist() == ["The $ forum", "Page", "(no component)", "All mentions"]
    assert table.loc["_all", ["n", "positive", "neutral", "negative"]].tolist() == [7, 3, 2, 2]
    parts = table.drop(index="_all")[["positive", "neutral", "negative"]].sum()
    assert parts.tolist() == [3, 2, 2]
    assert table.loc["forum", "net_sentiment"] == 0.0
    assert table.loc["page", "positive_share"] == 0.5
    readable = sentiment.readable(table)
    assert readable.iloc[-1].tolist() == ["All mentions", "7", "3", "2", "2", "43%", "+14"]
    shares = sentiment.shares_frame(table)
    assert shares.index[0] == r"The \$ forum"
    assert list(shares.columns) == ["positive", "neutral", "negative"]


def test_summary_names_friendliest_and_harshest_and_counts_left_out_mentions():
    client = _client_mentions()
    table = sentiment.component_table(_scored(), {"forum": "Forum", "page": "Page"})
    claim = sentiment.summary(table, client)
    assert claim.headline == "Net sentiment +14 across 7 mentions in 2026-Q3."
    assert "friendliest conversation is on Page (net +50, n=2)" in claim.detail
    assert "harshest on Forum (net 0, n=4)" in claim.detail  # no sign on nothing
    assert "1 more is about competitors" in claim.detail
    # a negative figure has a true minus sign (U+2212), never a hyphen that can break a line
    table.loc["forum", "net_sentiment"] = -25.0
    table.loc["_all", "net_sentiment"] = -4.0
    claim = sentiment.summary(table, client)
    assert claim.headline == "Net sentiment \u22124 across 7 mentions in 2026-Q3."
    assert claim.title == "Friendliest on Page, harshest on Forum"
    assert "harshest on Forum (net \u221225, n=4)" in claim.detail
    assert not re.search(r"(?<![\w])-\d", claim.headline + claim.detail)
    empty = sentiment.component_table(_scored().iloc[0:0], {})
    assert sentiment.summary(empty, client).headline == "No customer mentions in 2026-Q3."


def test_long_form_note_warns_from_five_percent():
    short = pd.DataFrame({"text": ["nice"] * 19 + ["x" * 401]})
    assert sentiment.long_form_note(short).headline == (
        "Warning: 1 of the 20 mentions (5%) are long-form."
    )
    shorter = pd.DataFrame({"text": ["nice"] * 21 + ["x" * 401]})
    assert sentiment.long_form_note(shorter).headline.startswith("Mentions are short")
    # no mentions: nothing to say (a client without mentions reads no sentence about them)
    assert sentiment.long_form_note(pd.DataFrame({"text": []})).headline == ""


def test_labels_summary_and_readable_confusion():
    scored = _scored()
    assert sentiment.has_labels(scored)
    claim = sentiment.labels_summary(scored)
    assert claim.headline == "VADER agrees with the human label on 50% of the 4 labelled mentions."
    assert "labelled positive, scored negative (1 mention)" in claim.detail
    table = sentiment.readable_confusion(scored)
    assert table.columns.tolist() == [
        "human label",
        "scored positive",
        "scored neutral",
        "scored negative",
        "labelled",
        "VADER agrees",
    ]
    assert table.iloc[0].tolist() == ["positive", "1", "0", "1", "2", "50%"]
    assert table.iloc[1].tolist() == ["neutral", "0", "1", "0", "1", "100%"]
    unlabelled = scored.assign(label="")
    assert not sentiment.has_labels(unlabelled)
    assert sentiment.labels_summary(unlabelled).headline == "No mention carries a human label."


def _inherited_marks(items: list) -> list:
    return [getattr(sentiment, "_TEST_MARK", None) for _ in items]


def test_a_process_with_threads_spawns_its_scoring_workers(monkeypatch):
    monkeypatch.setattr(sentiment, "PARALLEL_MIN", 10)
    monkeypatch.setattr(sentiment, "_TEST_MARK", "inherited", raising=False)
    stop = threading.Event()
    other = threading.Thread(target=stop.wait)  # as in a kernel, which runs several threads
    other.start()
    try:
        marks = sentiment._in_processes(_inherited_marks, list(range(40)), workers=2)
    finally:
        stop.set()
        other.join()
    assert marks == [None] * 40  # fresh interpreters, not forks of this threaded process
