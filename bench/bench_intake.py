"""Intake benchmark: reading 200,000 posts, and refusing every file of the hostile corpus.

Targets: 200,000 posts in posts.csv read (`intake.read_client`) in under 10 s; each hostile file
(tests/hostile/) refused by `intake.validate` plus `intake.read_client` in under 20 s.
Prints one row per case with its wall and CPU seconds (best of three).
"""

from __future__ import annotations

import sys
import tempfile
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))
from clientfolders import random_posts, write_client  # noqa: E402 - the tests' seeded builders
from test_hostile_inputs import CASES, write_hostile_client  # noqa: E402 - the corpus's cases

from socialworkbook import intake  # noqa: E402
from socialworkbook.errors import ValidationError  # noqa: E402

POSTS = 200_000
POSTS_TARGET_SECONDS = 10.0
HOSTILE_TARGET_SECONDS = 20.0


def best_of_three(call: Callable[[], object]) -> tuple[float, float]:
    """Wall and CPU seconds of the fastest of three calls."""
    times = []
    for _ in range(3):
        wall, cpu = time.perf_counter(), time.process_time()
        call()
        times.append((time.perf_counter() - wall, time.process_time() - cpu))
    return min(times)


def refuse(root: Path) -> None:
    """Validate client `acme` and read it, which must raise ValidationError."""
    assert intake.validate("acme", root), "the hostile file was accepted"
    try:
        intake.read_client("acme", root)
    except ValidationError:
        return
    raise AssertionError("read_client accepted a hostile file")


def main() -> int:
    with tempfile.TemporaryDirectory(prefix="swb-bench-intake-") as tmp:
        posts_root = Path(tmp) / "posts"
        folder = write_client(posts_root, "acme")
        random_posts(POSTS).to_csv(folder / "posts.csv", index=False)
        read_posts = partial(intake.read_client, "acme", posts_root)
        cases = [(f"{POSTS:,} posts read", read_posts, POSTS_TARGET_SECONDS)]
        for name in sorted(CASES):
            root = Path(tmp) / name
            write_hostile_client(root, name)
            cases.append((f"hostile {name} refused", partial(refuse, root), HOSTILE_TARGET_SECONDS))
        rows = [(case, best_of_three(call), target) for case, call, target in cases]
    width = max(len(case) for case, _, _ in rows)
    print("Wall and CPU seconds of this process, best of three (the machine may be shared).")
    print(f"{'case':<{width}} {'wall s':>7} {'cpu s':>6} {'target s':>8}  verdict")
    for case, (wall, cpu), target in rows:
        verdict = "ok" if wall < target else "TOO SLOW"
        print(f"{case:<{width}} {wall:>7.2f} {cpu:>6.2f} {target:>8.0f}  {verdict}")
    slow = [case for case, (wall, _), target in rows if wall >= target]
    print(f"{len(rows) - len(slow)} of {len(rows)} cases meet their target")
    return 1 if slow else 0


if __name__ == "__main__":
    sys.exit(main())
