"""Benchmark: training and predicting the estimate's classifier for many mentions.

Run from the project root::

    .venv/bin/python bench/bench_estimate.py             # 1,000,000 mentions, 500 labels
    .venv/bin/python bench/bench_estimate.py --n 50000   # a quick smoke run

Mentions are made of two pieces of Hutto & Gilbert's human-rated snippets (tests/data),
cut at random lengths, so that nearly every text is distinct (nothing is saved
by repeats); the labels are the first piece's human class. VADER's compound is not part of the
timing (see bench_sentiment.py): random values stand in for it. It times building the text
features (counting), the cross-fitted training on the labels and predicting every mention, and
reports wall and CPU seconds (the machine may be shared: CPU seconds show
the work done) and peak memory (max RSS). Target: under 60 s and 2 GiB for 1,000,000 mentions.
"""

from __future__ import annotations

import argparse
import os
import resource
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from labelled_clients import SNIPPETS, snippets  # noqa: E402

from socialworkbook.measure import classifier  # noqa: E402


def mentions(n: int, seed: int = 0):
    """`n` texts of two random snippet pieces, and the human class of the first piece."""
    pool = [snippets(name) for name in SNIPPETS]
    texts = np.concatenate([p["text"].to_numpy(dtype=object) for p in pool])
    truth = np.concatenate([p["truth"].to_numpy(dtype=object) for p in pool])
    rng = np.random.default_rng(seed)
    first, second = rng.integers(0, len(texts), n), rng.integers(0, len(texts), n)
    cut_a, cut_b = rng.integers(30, 120, n), rng.integers(10, 60, n)
    out = [
        f"{texts[a][:i]} {texts[b][:j]}"
        for a, b, i, j in zip(first, second, cut_a, cut_b, strict=True)
    ]
    return out, truth[first]


def _clocks() -> np.ndarray:
    """(wall seconds, CPU seconds of this process and its finished workers) so far."""
    t = os.times()
    return np.array([time.perf_counter(), t.user + t.system + t.children_user + t.children_system])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=1_000_000, help="mentions (default 1,000,000)")
    parser.add_argument("--labels", type=int, default=500, help="labelled mentions (default 500)")
    args = parser.parse_args()
    texts, truth = mentions(args.n)
    compound = np.random.default_rng(1).uniform(-1, 1, args.n)
    train = np.random.default_rng(2).choice(args.n, args.labels, replace=False)
    start = began = _clocks()
    features = classifier.TextFeatures(texts, compound)
    rows = [("text features (prepare)", _clocks() - began)]
    began = _clocks()
    probabilities = classifier.cross_predict(features, train, truth[train])[0]
    rows.append(("train 5 folds + predict every mention", _clocks() - began))
    rows.append(("total", _clocks() - start))
    total = rows[-1][1][0]
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 2**20
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 2**20
    distinct = features.size
    print(
        f"\nestimate classifier: {args.n:,} mentions ({distinct:,} distinct), "
        f"{args.labels} labels, {classifier.FOLDS}-fold cross-fitting"
    )
    print(f"{'step':42} {'wall s':>9} {'CPU s':>9}")
    for name, (wall, cpu) in rows:
        print(f"{name:42} {wall:9.1f} {cpu:9.1f}")
    print(f"{'peak memory (GiB, this process)':42} {peak:9.2f}")
    print(f"{'peak memory (GiB, largest worker)':42} {children:9.2f}")
    print(f"{'mentions per second':42} {args.n / total:9,.0f}")
    accuracy = float(
        (np.asarray(classifier.CLASSES, object)[probabilities.argmax(1)] == truth).mean()
    )
    print(f"{'accuracy on every mention (first piece)':42} {accuracy:9.2f}")
    target = "met" if total < 60 and max(peak, children) < 2 else "NOT met"
    print(f"target (< 60 s, < 2 GiB) for this n: {target}")


if __name__ == "__main__":
    main()
