"""Benchmark: sentiment scoring of many mentions and aggregation of many posts.

Run from the project root::

    .venv/bin/python bench/bench_sentiment.py            # 1,000,000 mentions and posts
    .venv/bin/python bench/bench_sentiment.py --n 20000  # a quick smoke run

Mentions are drawn (seeded) from a vocabulary of short social texts built from phrase slots,
with repeats, as real conversation has them. It times (1) a plain single-process VADER loop
(preprocess + polarity_scores per mention, on a sample timed half before and half after the
kit's first run, extrapolated), (2) the kit's first run (empty cache, several processes), (3)
the cached re-run of the same mentions, also with only the per-text cache and with 1% of the
mentions new, (4) a first run where no text repeats (so only the second core helps;
`--all-distinct`), and reports peak memory (max RSS of this process plus the largest child, and
a bound counting every worker). Then it times aggregating as many synthetic posts.
Scratch files go to `.bench/` and are removed afterwards.
"""

from __future__ import annotations

import argparse
import contextlib
import resource
import sqlite3
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd
from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

from socialworkbook.measure import metrics, sentiment
from socialworkbook.measure.score_cache import DATABASE

ROOT = Path(__file__).resolve().parents[1]
SALT = "b0" * 32  # one benchmark client's salt

OPENERS = [
    "", "Honestly", "Wow", "Ugh", "Just saying", "lol", "So", "Well", "OMG", "Hey",
    "Update:", "Day 3 and", "Again", "FYI", "Not gonna lie", "Quick question:", "PSA:",
    "Third time this week", "Finally", "Seriously",
]  # fmt: skip
SUBJECTS = [
    "the new app update", "customer service", "my order", "the delivery", "this brand",
    "the checkout", "your support team", "the store staff", "the return process", "the price",
    "the website", "the new jacket", "my refund", "the hiking boots", "the loyalty program",
    "the chat bot", "shipping", "the packaging", "your newsletter", "the sale",
    "the mobile site", "the community forum", "the size guide", "the tent I bought",
    "the warranty claim", "the phone line", "my account", "the rain jacket", "the backpack",
    "the gift card", "the exchange", "the product quality", "the fitting room",
    "the order tracking", "the helpdesk", "the manager", "the in-store pickup",
    "the membership fee", "the promo code", "the repair service",
]  # fmt: skip
PREDICATES = [
    "is amazing", "was terrible", "is okay I guess", "took forever", "made my day",
    "is so confusing", "works great now", "keeps crashing", "was fine", "is not bad at all",
    "is the worst", "exceeded my expectations", "is a joke", "was super helpful",
    "never answered", "is overpriced", "is worth every penny", "arrived broken",
    "arrived early", "could be better", "is really slow", "is beautiful", "broke after a week",
    "is pretty good", "was rude to me", "was friendly and quick", "is still missing",
    "is exactly what I needed", "makes no sense", "is solid", "is disappointing",
    "is a lifesaver", "was a nightmare", "was smooth", "is meh", "rocks", "sucks",
    "has improved a lot", "got worse", "is back in stock", "is sold out again",
    "was delivered to the wrong address", "fixed my problem", "did not fix anything",
    "is so comfy", "feels cheap", "looks great", "is hard to find", "is easy to use",
    "charged me twice", "refunded me fast", "is under review", "changed last week",
    "is what everyone talks about", "is on sale today", "is waterproof for real",
    "leaks", "fits perfectly", "runs small", "is my favourite",
]  # fmt: skip
TAILS = [
    "", "!", "!!", ".", " :)", " :(", " \U0001f60d", " \U0001f621", " #fail", " #love",
    " thanks", " smh", " 10/10", " never again", " highly recommend", " wtf", " :D",
    " any ideas?", " #happycustomer", " \U0001f44d",
]  # fmt: skip
HANDLES = ["", "@acme ", "@acmehelp ", "@united "]
LINKS = ["", " https://t.co/x7Yq2", " www.acme.example/help"]


def vocabulary(distinct: int, rng: np.random.Generator) -> list[str]:
    """`distinct` different texts, drawn without replacement from every slot combination."""
    slots = [HANDLES, OPENERS, SUBJECTS, PREDICATES, TAILS, LINKS]
    sizes = [len(s) for s in slots]
    total = int(np.prod(sizes))
    picks = rng.choice(total, size=min(distinct, total), replace=False)
    texts = []
    for flat in picks:
        parts = []
        for slot, size in zip(reversed(slots), reversed(sizes), strict=True):
            flat, i = divmod(int(flat), size)
            parts.append(slot[i])
        link, tail, predicate, subject, opener, handle = parts
        opener = f"{opener} " if opener else ""
        texts.append(f"{handle}{opener}{subject} {predicate}{tail}{link}")
    return texts


def mentions(n: int, distinct: int, seed: int) -> list[str]:
    """`n` mention texts: every vocabulary text at least once, the rest drawn with repeats."""
    rng = np.random.default_rng(seed)
    words = vocabulary(distinct, rng)
    extra = rng.integers(0, len(words), size=max(0, n - len(words)))
    order = rng.permutation(np.concatenate([np.arange(len(words)), extra])[:n])
    return [words[i] for i in order]


def synthetic_posts(n: int, seed: int) -> pd.DataFrame:
    """`n` posts over a year in 50 components with Poisson-like counts."""
    rng = np.random.default_rng(seed)
    counts = [("likes", 30), ("comments", 3), ("shares", 2), ("reach", 900)]
    counts += [("impressions", 1500), ("followers", 5000), ("votes", 1), ("referrals", 1)]
    return pd.DataFrame(
        {
            "post_id": np.char.add("p", np.arange(n).astype(str)),
            "component_id": rng.choice([f"component-{i:02d}" for i in range(50)], n),
            "published_at": pd.Timestamp("2026-01-01")
            + pd.to_timedelta(rng.integers(0, 365 * 24 * 60, n), unit="min"),
            "post_type": rng.choice(["photo", "video", "link", "status"], n),
            **{c: rng.poisson(lam, n).astype("int64") for c, lam in counts},
            "paid": rng.random(n) < 0.1,
        }
    )


def peak_rss_mib() -> float:
    """Max RSS of this process plus the largest child so far, in MiB (Linux reports KiB)."""
    scale = 1 / 1024 if sys.platform != "darwin" else 1 / 1024 / 1024
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return (own + children) * scale


def timed(function, *args):
    """(result, wall-clock seconds, CPU seconds of this process and its finished children)."""

    def cpu() -> float:
        own = resource.getrusage(resource.RUSAGE_SELF)
        children = resource.getrusage(resource.RUSAGE_CHILDREN)
        return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime

    wall, before = time.perf_counter(), cpu()
    result = function(*args)
    return result, time.perf_counter() - wall, cpu() - before


def peak_rss_bound_mib(workers: int) -> float:
    """This process plus `workers` times the largest child: a bound on the peak of a run whose
    workers were alive together (shared copy-on-write pages counted more than once)."""
    scale = 1 / 1024 if sys.platform != "darwin" else 1 / 1024 / 1024
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return (own + workers * children) * scale


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=1_000_000, help="mentions and posts")
    parser.add_argument("--distinct", type=int, help="distinct texts (default 30%% of n)")
    parser.add_argument("--sample", type=int, default=100_000, help="plain-loop sample size")
    parser.add_argument("--workers", type=int, default=2, help="processes of the kit's run")
    parser.add_argument("--seed", type=int, default=20260701)
    parser.add_argument(
        "--all-distinct",
        type=int,
        default=200_000,
        help="also time a first run where every text differs (0: skip)",
    )
    args = parser.parse_args(argv)
    n = args.n
    distinct = args.distinct or max(1, int(0.3 * n))
    sample = min(args.sample, n)

    start = time.perf_counter()
    texts = mentions(n, distinct, args.seed)
    build = time.perf_counter() - start
    cleaned_distinct = len({sentiment.preprocess(t) for t in set(texts)})
    print(
        f"{n:,} mentions, {len(set(texts)):,} distinct texts "
        f"({cleaned_distinct:,} after preprocessing), built in {build:.1f} s; "
        f"workers={args.workers}, seed={args.seed}"
    )

    analyzer = SentimentIntensityAnalyzer()

    def plain_loop(part: list[str]) -> list[float]:
        return [analyzer.polarity_scores(sentiment.preprocess(t))["compound"] for t in part]

    def kit(items: list[str], folder: Path) -> np.ndarray:
        cache = sentiment.cache_at(folder, salt=SALT)
        return sentiment.score_texts(items, cache=cache, workers=args.workers)

    # Half the plain loop before the kit's first run and half after, so that a change in the
    # machine's load during the run weighs on both sides alike.
    plain, plain_wall, plain_cpu = timed(plain_loop, texts[: sample // 2])

    (ROOT / ".bench").mkdir(exist_ok=True)
    with tempfile.TemporaryDirectory(dir=ROOT / ".bench") as scratch:
        cache = Path(scratch) / "client" / ".cache" / "sentiment"
        first, first_time, first_cpu = timed(kit, texts, cache)
        rest, wall, cpu = timed(plain_loop, texts[sample // 2 : sample])
        plain, plain_wall, plain_cpu = plain + rest, plain_wall + wall, plain_cpu + cpu
        plain_time, plain_cpu = n / sample * plain_wall, n / sample * plain_cpu
        cached, cached_time, cached_cpu = timed(kit, texts, cache)
        cache_file = cache / DATABASE
        cache_bytes = sum(p.stat().st_size for p in cache.glob(f"{DATABASE}*"))
        with contextlib.closing(sqlite3.connect(cache_file)) as db:
            cache_entries = db.execute("SELECT count(*) FROM scores").fetchone()[0]
        for path in (cache / "calls").iterdir():  # leave only the per-text cache
            path.unlink()
        per_text, per_text_time, per_text_cpu = timed(kit, texts, cache)
        changed = list(texts)
        rng = np.random.default_rng(args.seed + 1)
        for i in rng.choice(n, size=max(1, n // 100), replace=False):
            changed[i] = f"{changed[i]} (edited {i})"
        _, changed_time, changed_cpu = timed(kit, changed, cache)
        # Without repeats only the second core can help: the honest floor of the speed-up.
        unique_n = min(args.all_distinct, n)
        unique_time = None
        if unique_n:
            unique = vocabulary(unique_n, np.random.default_rng(args.seed + 2))
            _, unique_time, unique_cpu = timed(kit, unique, Path(scratch) / "unique")
    peak = peak_rss_mib()
    bound = peak_rss_bound_mib(args.workers)
    assert np.array_equal(first, cached), "cached scores differ from the first run"
    assert np.array_equal(first, per_text), "per-text cached scores differ from the first run"
    assert np.array_equal(first[:sample], np.round(plain, 4)), "kit scores differ from VADER"

    posts = synthetic_posts(n, args.seed)
    start = time.perf_counter()
    table = metrics.post_metrics(posts, by="component_id")
    metrics.posts_results(posts)
    posts_time = time.perf_counter() - start
    start = time.perf_counter()
    metrics.post_metrics_over_time(posts, freq="W", by="component_id")
    weekly_time = time.perf_counter() - start
    assert table.loc["_all", "posts"] == n

    extrapolated = "" if sample == n else f" (timed on {sample:,}, extrapolated)"
    rows = [
        ("plain VADER loop, 1 process" + extrapolated, plain_time, plain_cpu, n),
        (f"kit first run, empty cache, {args.workers} processes", first_time, first_cpu, n),
        ("kit cached re-run (same mentions)", cached_time, cached_cpu, n),
        ("  same, per-text cache only (whole-call entry deleted)", per_text_time,
         per_text_cpu, n),
        ("  re-run with 1% of mentions new", changed_time, changed_cpu, n),
    ]  # fmt: skip
    if unique_time is not None:
        rows.append((f"kit first run, {unique_n:,} texts all distinct", unique_time, unique_cpu,
                     unique_n))  # fmt: skip
    width = max(len(r[0]) for r in rows) + 2
    print()
    print(f"{'step':<{width}}{'seconds':>10}{'CPU s':>9}{'mentions/s':>14}")
    for label, seconds, cpu, count in rows:
        print(f"{label:<{width}}{seconds:>10.2f}{cpu:>9.2f}{count / seconds:>14,.0f}")
    print(
        "(CPU s: processor time of this process and its workers; where it is well below "
        "seconds x processes, other work on the machine held the cores)"
    )
    print()
    speedup = plain_time / first_time
    cached_share = cached_time / first_time
    print(f"{'check':<44}{'value':>14}{'target':>12}  ok")
    checks = [
        ("first run vs plain loop", f"{speedup:.1f}x", ">= 1.6x", speedup >= 1.6),
        ("cached / first run time", f"{cached_share:.1%}", "<= 5%", cached_share <= 0.05),
        ("  per-text cache only / first run time", f"{per_text_time / first_time:.1%}", "-",
         True),
        ("peak memory (self + largest child)", f"{peak / 1024:.2f} GiB", "<= 2 GiB", peak <= 2048),
        (f"  upper bound (self + {args.workers} x largest child)", f"{bound / 1024:.2f} GiB",
         "<= 2 GiB", bound <= 2048),
        (f"aggregate {n:,} posts (by component + _all)", f"{posts_time:.2f} s", "< 10 s",
         posts_time < 10),
        (f"weekly metrics of {n:,} posts by component", f"{weekly_time:.2f} s", "< 10 s",
         weekly_time < 10),
    ]  # fmt: skip
    if unique_time is not None:
        floor = (unique_n / n * plain_time) / unique_time
        checks.insert(1, ("  all distinct: first run vs plain loop", f"{floor:.1f}x", "-", True))
    for label, value, target, ok in checks:
        print(f"{label:<44}{value:>14}{target:>12}  {'yes' if ok else 'NO'}")
    print(f"\ncache file: {cache_bytes / 1e6:.1f} MB, {cache_entries:,} hashed texts + scores")
    return 0 if all(c[3] for c in checks) else 1


if __name__ == "__main__":
    sys.exit(main())
