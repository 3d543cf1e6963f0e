"""Post-metrics benchmark: aggregate a million posts (totals, rates, weekly per component).

Target: under 5 s on one core. Prints the best of three wall times.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))
from factories import million_posts  # noqa: E402 - the tests' seeded generator

from socialworkbook.measure import metrics  # noqa: E402

TARGET_SECONDS = 5.0


def main() -> int:
    posts = million_posts()
    times = []
    for _ in range(3):
        start = time.perf_counter()
        metrics.posts_results(posts)
        metrics.post_metrics_over_time(posts, freq="W", by="component_id")
        times.append(time.perf_counter() - start)
    best = min(times)
    verdict = "meets" if best < TARGET_SECONDS else "MISSES"
    print(
        f"{len(posts):,} posts aggregated in {best:.2f} s (best of 3): "
        f"{verdict} the {TARGET_SECONDS:.0f} s target"
    )
    return 0 if best < TARGET_SECONDS else 1


if __name__ == "__main__":
    sys.exit(main())
