"""Portfolio benchmark: the benchmark post-pass and the portfolio index for many small clients.

For 250, 500 and 1,000 clients in 20 peer groups with 4 quarterly periods each, results.json and
run.json are written directly through the library's writers (no notebooks), then the benchmark
pass (`benchmarks.refresh`) and the portfolio index (`portfolio.write_index`), both from one read of
the output root (`runfolder.read_runs`), are timed together.
Target: under 5 s for 1,000 clients, growing linearly with the number of clients.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

from socialworkbook import runfolder
from socialworkbook.measure import benchmarks
from socialworkbook.periods import parse_period
from socialworkbook.publish import portfolio
from socialworkbook.storage import write_json

QUARTERS = ("2026-Q1", "2026-Q2", "2026-Q3", "2026-Q4")
GROUPS = 20
TARGET_SECONDS = 5.0


def make_portfolio(out: Path, clients: int, *, seed: int = 16) -> None:
    """Write `clients` x 4 periods of results.json and run.json under `out`."""
    rng = np.random.default_rng(seed)
    for i in range(clients):
        slug = f"client-{i:04d}"
        for label in QUARTERS:
            period = parse_period(label)
            folder = out / slug / period.slug
            folder.mkdir(parents=True)
            n = int(rng.integers(50, 500))
            positive = int(rng.integers(0, n))
            negative = int(rng.integers(0, n - positive + 1))
            content = {
                "client": slug,
                "client_name": f"Client {i}",
                "period": period.as_dict() | {"label": label},
                "peer_group": f"group-{i % GROUPS:02d}",
                "generated_at": "2026-12-01T09:00:00+00:00",
                "posts": {
                    "_all": {
                        "posts": 40,
                        "engagement_rate_reach": float(rng.gamma(2.0, 1.5)),
                        "constructive_actions": int(rng.integers(100, 5000)),
                    }
                },
                "sentiment": {
                    "_all": {
                        "n": n,
                        "positive": positive,
                        "negative": negative,
                        "net_sentiment": 100 * (positive - negative) / n,
                    }
                },
                "goals": [{"status": s} for s in rng.choice(["met", "on_track", "behind"], 4)],
            }
            runfolder.write_results(folder, content)
            write_json(
                folder / "run.json",
                {"client": slug, "status": "succeeded", "period": label, "templates": {}},
            )


def timed(out: Path) -> tuple[float, float, int]:
    """Wall and CPU seconds of the benchmark pass plus the portfolio index; files changed.

    The output root is read once: the index is drawn from the runs the pass read and updated.
    """
    wall, cpu = time.perf_counter(), time.process_time()
    runs = runfolder.read_runs(out)
    changed = benchmarks.refresh(runs)
    portfolio.write_index(out, runs)
    return time.perf_counter() - wall, time.process_time() - cpu, len(changed)


def _change_one_client(out: Path) -> None:
    """A re-run of one client: its latest results change."""
    folder = out / "client-0000" / QUARTERS[-1]
    content = runfolder.read_results(folder)
    content["posts"]["_all"]["engagement_rate_reach"] = 1e3  # from anywhere to the top
    runfolder.write_results(folder, content)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="250,500,1000")
    args = parser.parse_args(argv)
    sizes = [int(s) for s in args.sizes.split(",")]
    print(
        "first pass: every results.json gains its benchmarks; again: one client changed "
        "(its peer group's files rewritten). Wall seconds, and CPU seconds of this process "
        "(the machine may be shared)."
    )
    print(f"{'clients':>8} {'pass':>6} {'wall s':>7} {'cpu s':>6} {'ms/client':>10} {'written':>8}")
    seconds = {}
    for size in sizes:
        with tempfile.TemporaryDirectory(prefix="swb-bench-portfolio-") as tmp:
            out = Path(tmp)
            make_portfolio(out, size)
            for name in ("first", "again"):
                if name == "again":
                    _change_one_client(out)
                wall, cpu, changed = timed(out)
                print(
                    f"{size:>8} {name:>6} {wall:>7.2f} {cpu:>6.2f} "
                    f"{1000 * wall / size:>10.2f} {changed:>8}"
                )
                seconds.setdefault(size, wall)
    largest = max(sizes)
    ok = seconds[largest] < TARGET_SECONDS
    print(
        f"{largest} clients, first pass: {seconds[largest]:.2f} s "
        f"(target < {TARGET_SECONDS:.0f} s): ",
        end="",
    )
    print("ok" if ok else "TOO SLOW")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
