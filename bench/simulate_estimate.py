"""Simulation: coverage and bias of the labelled-sample estimate on human-rated data sets.

Run from the project root (`make simulate` runs the full version)::

    .venv/bin/python bench/simulate_estimate.py                    # 200 draws, 100 and 300 labels
    .venv/bin/python bench/simulate_estimate.py --draws 20         # a quick look
    .venv/bin/python bench/simulate_estimate.py --leaking          # the vocabulary learnt once

For each of the four human-rated sets of Hutto & Gilbert (tests/data/vader_tweets: tweets,
Amazon reviews, movie reviews, NYT editorials; human class = sign of the mean rating), a
"client" of `--size` texts is drawn once (seeded); its true net sentiment and positive share are
those of its human classes. Each draw labels a simple random sample of n of its texts (the
human class), cross-fits the kit's classifier (`classifier.cross_predict`) and estimates with
`estimate.piece_estimate`, as a client's report does. Per data set, n and figure: coverage of
the 95% interval (target >= 93%), the bias t-statistic (mean error over its standard error,
target within +-2.5), mean absolute error and mean width, in points (net sentiment -100..100,
shares 0..100). `--leaking` learns the vocabulary and IDF once from all labelled texts, as the
kit did before issue 27 (the comparison column).
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(ROOT / "lib"))

from labelled_clients import SNIPPETS, snippets  # noqa: E402

from socialworkbook.measure import classifier, estimate, sentiment  # noqa: E402

FIGURES = {"net": ("net", 100.0), "positive": ("positive", 100.0)}


def client(name: str, size: int, seed: int = 0) -> tuple[classifier.TextFeatures, np.ndarray]:
    """The features of `size` texts of the set `name` (seeded), and their human classes."""
    data = snippets(name)
    if size < len(data):
        data = data.sample(size, random_state=seed).reset_index(drop=True)
    compound = sentiment.score_texts(data["text"].tolist(), cache=None, workers=1)
    return classifier.TextFeatures(data["text"], compound), data["truth"].to_numpy(object)


def draws(
    name: str, n: int, count: int, size: int, *, leaking: bool = False, first: int = 0
) -> pd.DataFrame:
    """`count` seeded draws of n labels from the client of the set `name`: one row per draw
    and figure (truth, estimate, low, high, method)."""
    features, truth = client(name, size)
    onehot = np.column_stack([truth == c for c in sentiment.CLASSES]).astype(float)
    true = {"net": onehot[:, 0].mean() - onehot[:, 2].mean(), "positive": onehot[:, 0].mean()}
    rows = []
    for seed in range(first, first + count):
        rng = np.random.default_rng([seed, n, len(name)])
        train = np.sort(rng.choice(len(truth), n, replace=False))
        found = estimate.text_estimate(
            features, train, truth[train], seed=seed, per_fold=not leaking
        )
        for figure, (output, scale) in FIGURES.items():
            low, high = found.interval(output)
            rows.append(
                {
                    "data": name,
                    "n": n,
                    "figure": figure,
                    "seed": seed,
                    "truth": scale * true[figure],
                    "estimate": scale * float(found.mean[estimate._OUTPUTS.index(output)]),
                    "low": scale * low,
                    "high": scale * high,
                    "method": found.method(output),
                }
            )
    return pd.DataFrame(rows)


def summary(table: pd.DataFrame) -> pd.DataFrame:
    """Coverage, bias t, mean absolute error and width per data set, n and figure."""
    table = table.assign(
        error=table["estimate"] - table["truth"],
        covered=(table["low"] <= table["truth"]) & (table["truth"] <= table["high"]),
        width=table["high"] - table["low"],
    )
    grouped = table.groupby(["data", "n", "figure"])
    out = pd.DataFrame(
        {
            "draws": grouped.size(),
            "truth": grouped["truth"].first(),
            "coverage": grouped["covered"].mean(),
            "bias": grouped["error"].mean(),
            "bias_t": grouped["error"].mean()
            / (grouped["error"].std(ddof=1) / np.sqrt(grouped.size())),
            "mae": grouped["error"].apply(lambda e: e.abs().mean()),
            "width": grouped["width"].mean(),
        }
    )
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--draws", type=int, default=200, help="draws per set and n (200)")
    parser.add_argument("--labels", type=int, nargs="+", default=[100, 300])
    parser.add_argument("--size", type=int, default=1000, help="texts per client (1,000)")
    parser.add_argument("--data", nargs="+", default=list(SNIPPETS), choices=list(SNIPPETS))
    parser.add_argument("--leaking", action="store_true", help="vocabulary learnt once (old)")
    parser.add_argument("--out", type=Path, help="write every draw to this CSV")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    parts = []
    for name in args.data:
        for n in args.labels:
            parts.append(draws(name, n, args.draws, args.size, leaking=args.leaking))
            print(summary(parts[-1]).round(3).to_string(header=len(parts) == 1), flush=True)
    table = pd.concat(parts, ignore_index=True)
    if args.out:
        table.to_csv(args.out, index=False)
    result = summary(table)
    pd.set_option("display.width", 120)
    print(result.round(3).to_string())
    print(
        f"\n{'leaking (vocabulary learnt once)' if args.leaking else 'per-fold features'}; "
        f"{time.perf_counter() - started:.0f} s"
    )
    worst = result["coverage"].min(), result["bias_t"].abs().max()
    print(
        f"lowest coverage {worst[0]:.3f} (target >= 0.93); largest |bias t| {worst[1]:.2f} (<= 2.5)"
    )
    return 0 if worst[0] >= 0.93 and worst[1] <= 2.5 else 1


if __name__ == "__main__":
    raise SystemExit(main())
