"""Tests of measure.score_cache: concurrent writers lose nothing; keys are client-salted."""

from __future__ import annotations

import contextlib
import hashlib
import hmac
import multiprocessing
import sqlite3
import warnings
from pathlib import Path
from types import SimpleNamespace

import numpy as np
from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

from socialworkbook.intake.pseudonym import read_salt
from socialworkbook.measure import sentiment
from socialworkbook.measure.score_cache import DATABASE, ScoreCache

SALT = "c3" * 32
TEXTS = [
    f"text {i} is {'good' if i % 3 else 'awful'} and {'slow' if i % 5 else 'fine'}"
    for i in range(800)
]


def _rows(folder: Path) -> list[tuple[bytes, str, float]]:
    with contextlib.closing(sqlite3.connect(folder / DATABASE)) as db:
        return db.execute("SELECT key, method, compound FROM scores").fetchall()


def _hmac_key(salt: str, text: str) -> bytes:
    return hmac.new(bytes.fromhex(salt), text.encode(), hashlib.sha256).digest()[:16]


def _score_in_rounds(folder: str, first: int, barrier) -> None:
    """One writer: 300 texts from `first`, in six calls of 50, after every writer is ready."""
    warnings.simplefilter("error")  # a cache that could not be written would warn: fail instead
    cache = sentiment.cache_at(folder, salt=SALT)
    barrier.wait()
    for start in range(first, first + 300, 50):
        sentiment.score_texts(TEXTS[start : start + 50], cache=cache)


def test_concurrent_writers_scoring_overlapping_texts_lose_no_entry(tmp_path):
    context = multiprocessing.get_context("fork")
    barrier = context.Barrier(5)
    writers = [
        context.Process(target=_score_in_rounds, args=(str(tmp_path), 100 * k, barrier))
        for k in range(5)  # texts 0-299, 100-399, ..., 400-699: every text but the first
    ]  # hundred and the last is written by two or three writers at once
    for writer in writers:
        writer.start()
    for writer in writers:
        writer.join(120)
    assert [w.exitcode for w in writers] == [0] * 5
    rows = _rows(tmp_path)
    expected = {_hmac_key(SALT, t): t for t in TEXTS[:700]}
    assert len(rows) == len(expected) == 700  # one entry per text, none lost, none doubled
    vader = SentimentIntensityAnalyzer()
    for key, method, compound in rows:
        text = expected[key]
        assert method.startswith(f"vader {sentiment.METHOD['version']}")
        truth = vader.polarity_scores(sentiment.preprocess(text))["compound"]
        assert abs(compound - truth) < 1e-4  # float32 storage of a 4-decimal score


def test_keys_are_salted_per_client(tmp_path):
    text = "the same complaint, word for word, in two clients"
    keys = {}
    for slug in ("acme", "globex"):
        folder = tmp_path / slug
        folder.mkdir()
        cache = sentiment.client_cache(SimpleNamespace(folder=folder))
        sentiment.score_texts([text], cache=cache)
        (key,) = [row[0] for row in _rows(folder / ".cache" / "sentiment")]
        assert key == _hmac_key(read_salt(folder), text)  # HMAC under this client's own salt
        keys[slug] = key
    assert keys["acme"] != keys["globex"]
    assert hashlib.sha256(text.encode()).digest()[:16] not in keys.values()


def test_another_method_reads_none_of_the_stored_scores(tmp_path):
    vader = sentiment.cache_at(tmp_path, salt=SALT)
    sentiment.score_texts(["good", "bad"], cache=vader)
    other = ScoreCache(tmp_path, salt=SALT, method="vader 9.9\x00other preprocessing")
    assert np.isnan(other.lookup(other.keys(["good", "bad"]))).all()
    assert np.isfinite(vader.lookup(vader.keys(["good", "bad"]))).all()


def test_the_database_runs_in_wal_mode(tmp_path):
    sentiment.score_texts(["good"], cache=ScoreCache(tmp_path, salt=SALT, method="m"))
    with contextlib.closing(sqlite3.connect(tmp_path / DATABASE)) as db:
        assert db.execute("PRAGMA journal_mode").fetchone() == ("wal",)


def test_an_earlier_kits_unsalted_cache_is_deleted(tmp_path):
    (tmp_path / "batches").mkdir()
    (tmp_path / "batches" / "0123.npy").write_bytes(b"old")
    (tmp_path / "vader-3.3.2.npy").write_bytes(b"old")
    sentiment.score_texts(["good"], cache=sentiment.cache_at(tmp_path, salt=SALT))
    assert sorted(p.name for p in tmp_path.iterdir() if not p.name.startswith(DATABASE)) == [
        "calls"
    ]


def _first_store(folder: str, barrier) -> None:
    warnings.simplefilter("error")  # a cache that could not be written would warn: fail instead
    cache = ScoreCache(folder, salt=SALT, method="m")
    barrier.wait()
    cache.store(cache.keys(TEXTS[:5]), np.zeros(5, dtype="float32"))


def test_writers_that_create_the_database_together_all_write(tmp_path):
    """The first writers of a new cache, at once: SQLite can refuse a connection's change to WAL
    mode at once, without waiting, while another makes it; the kit makes it one at a time."""
    context = multiprocessing.get_context("fork")
    failed = 0
    for trial in range(40):
        barrier = context.Barrier(8)
        writers = [
            context.Process(target=_first_store, args=(str(tmp_path / str(trial)), barrier))
            for _ in range(8)
        ]
        for writer in writers:
            writer.start()
        for writer in writers:
            writer.join(120)
        failed += sum(writer.exitcode != 0 for writer in writers)
        assert len(_rows(tmp_path / str(trial))) == 5
    assert failed == 0
