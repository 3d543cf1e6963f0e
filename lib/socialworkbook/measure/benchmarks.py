"""Anonymised peer benchmarks: where one client stands among the other clients of its peer group.

Built only on the `results.json` files under the output root, never on another client's inputs.
For a run of client C over period P, the peers are the other clients of C's `peer_group`; each
peer counts once, with its latest results among its runs whose period overlaps P (most days in
common, then the latest period, then the latest run). A figure is benchmarked only when at least
`MIN_PEERS` peers have it (k-anonymity); otherwise it is null and `reasons` says why. The board
reads only the client's standing (its quarter and the number of peers), never a peer's value.

`refresh` is the batch's post-pass: it runs after every client's results are written and before
the board summaries execute (they run last, see `run.run_batch`), and rewrites a results.json
only where its benchmarks changed.
"""

from __future__ import annotations

import bisect
import datetime as dt
import functools
import json
import statistics
from collections import defaultdict
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from ..storage import json_safe, write_json

__all__ = [
    "FIGURES",
    "MIN_PEERS",
    "Run",
    "key_figures",
    "read_runs",
    "benchmarks",
    "refresh",
    "read_section",
    "quarter",
    "standing",
]

# The benchmarked figures: results.json key -> what it means in plain words.
FIGURES: dict[str, str] = {
    "net_sentiment": "net sentiment",
    "engagement_rate_reach": "engagement rate by reach",
    "constructive_actions_per_day": "constructive actions per day",
    "goals_met_share": "share of goals met",
}
MIN_PEERS = 5
_MISSING = object()  # a results.json without a `benchmarks` key


@dataclass(frozen=True)
class Run:
    """One run folder's results as benchmarks and the portfolio read them."""

    client: str
    peer_group: str
    start: dt.date
    end: dt.date
    generated_at: str
    folder: Path
    figures: dict[str, float | None]
    benchmarks: object = field(default=None, compare=False)  # as written, or _MISSING

    def overlap(self, other: Run) -> int:
        """Days the two runs' periods have in common (0 when they do not overlap)."""
        return max(0, (min(self.end, other.end) - max(self.start, other.start)).days + 1)


def key_figures(results: dict) -> dict[str, float | None]:
    """The benchmarked figures of one results.json (None where the run has no such figure).

    Net sentiment is the estimate from human labels where there is one, else the automatic
    (VADER) figure; constructive actions are per day of the period; goals met as a share (0-1).
    """
    sentiment = ((results.get("sentiment") or {}).get("_all")) or {}
    estimated = sentiment.get("estimated") or {}
    posts = ((results.get("posts") or {}).get("_all")) or {}
    goals = [g for g in results.get("goals") or [] if g.get("status")]
    period = results.get("period") or {}
    actions = posts.get("constructive_actions")
    days = _days(period)
    return {
        "net_sentiment": estimated.get("net_sentiment", sentiment.get("net_sentiment")),
        "engagement_rate_reach": posts.get("engagement_rate_reach"),
        "constructive_actions_per_day": None if actions is None or not days else actions / days,
        "goals_met_share": sum(g["status"] == "met" for g in goals) / len(goals) if goals else None,
    }


def read_runs(out_root: Path | str) -> list[Run]:
    """Every readable `<client>/<period>/results.json` under the output root.

    Each file is parsed once per version (size and modification time): the post-pass and the
    portfolio index that follows it read the output root one after the other.
    """
    runs = []
    for path in sorted(Path(out_root).glob("*/*/results.json")):
        try:
            stat = path.stat()
            runs.append(_read_run(path, stat.st_mtime_ns, stat.st_size))
        except (OSError, ValueError, KeyError, TypeError):
            continue  # a run being written or broken counts on the next pass
    return runs


@functools.lru_cache(maxsize=16384)
def _read_run(path: Path, mtime_ns: int, size: int) -> Run:
    return _run(json.loads(path.read_text()), path.parent)


def benchmarks(own: Run, runs: list[Run]) -> dict | None:
    """The `benchmarks` section of `own`'s results.json from the runs of the output root.

    None when the client has no peer group. Each figure is {"value", "peer_median", "peer_q1",
    "peer_q3", "peers", "percentile"} (quartiles interpolated linearly, as numpy's default;
    percentile: the share of peers below the value, ties counted half, 0-100) or None, with the
    reason under `reasons`.
    """
    return _Benchmarker(runs).section(own)


def refresh(out_root: Path | str) -> list[Path]:
    """Recompute the benchmarks of every run under the output root; return the files changed.

    A results.json is rewritten (atomically) only where its `benchmarks` section changed.
    """
    runs = read_runs(out_root)
    benchmarker = _Benchmarker(runs)
    sections = {run.folder: benchmarker.section(run) for run in runs}
    stale = [
        r.folder for r in runs if r.benchmarks is _MISSING or r.benchmarks != sections[r.folder]
    ]
    # each write is fsynced: in threads, so the disk's waits overlap (the GIL is released)
    with ThreadPoolExecutor(max_workers=8) as pool:
        return list(pool.map(lambda folder: _write_section(folder, sections[folder]), stale))


def _write_section(folder: Path, section: dict | None) -> Path:
    path = folder / "results.json"
    return write_json(path, json.loads(path.read_text()) | {"benchmarks": section})


class _Benchmarker:
    """Benchmarks of many runs at once: each peer group's candidates per period, sorted once."""

    def __init__(self, runs: list[Run]):
        self._groups: dict[str, list[Run]] = defaultdict(list)
        for run in runs:
            if run.peer_group:
                self._groups[run.peer_group].append(run)
        self._best = functools.lru_cache(maxsize=None)(self._best_per_client)

    def section(self, own: Run) -> dict | None:
        if not own.peer_group:
            return None
        best = self._best(own.peer_group, own.start, own.end)
        section: dict = {"peer_group": own.peer_group}
        reasons = {}
        for figure in FIGURES:
            value = own.figures.get(figure)
            values = sorted(
                run.figures[figure]
                for client, run in best.items()
                if client != own.client and run.figures.get(figure) is not None
            )
            if value is None:
                section[figure] = None
                reasons[figure] = "this run has no such figure"
            elif len(values) < MIN_PEERS:
                section[figure] = None
                reasons[figure] = (
                    f"only {len(values)} other client(s) of the peer group have this figure for "
                    f"an overlapping period; at least {MIN_PEERS} are needed so that no client "
                    "can be singled out"
                )
            else:
                q1, median, q3 = statistics.quantiles(values, n=4, method="inclusive")
                below = bisect.bisect_left(values, value)
                ties = bisect.bisect_right(values, value) - below
                section[figure] = {
                    "value": value,
                    "peer_median": median,
                    "peer_q1": q1,
                    "peer_q3": q3,
                    "peers": len(values),
                    "percentile": 100 * (below + ties / 2) / len(values),
                }
        section["reasons"] = reasons
        return json_safe(section)

    def _best_per_client(self, group: str, start: dt.date, end: dt.date) -> dict[str, Run]:
        """Per client of `group`, its run overlapping [start, end] most (then latest)."""
        span = Run("", group, start, end, "", Path(), {})
        best: dict[str, tuple] = {}
        for run in self._groups[group]:
            days = run.overlap(span)
            if days:
                rank = (days, run.end, run.generated_at)
                if run.client not in best or rank > best[run.client][0]:
                    best[run.client] = (rank, run)
        return {client: run for client, (_, run) in best.items()}


def read_section(client, output_dir: Path | str = "") -> dict | None:
    """The benchmarks of `client`'s run as the post-pass wrote them (None before any)."""
    from ..paths import run_folder

    folder = Path(output_dir) if output_dir else run_folder(client.slug, client.period.slug)
    try:
        return json.loads((folder / "results.json").read_text()).get("benchmarks")
    except (OSError, ValueError):
        return None


def quarter(percentile: float) -> str:
    """Where a percentile puts the client, in words that show no peer's value."""
    if percentile >= 75:
        return "in the top quarter"
    if percentile >= 50:
        return "above the median, below the top quarter"
    if percentile >= 25:
        return "below the median, above the bottom quarter"
    return "in the bottom quarter"


def standing(section: dict | None) -> str:
    """Where the client stands among its peers, in one paragraph for the board.

    Only the client's quarter and the number of peers compared are said: never a peer's value,
    name or position.
    """
    if not section:
        return "No peer group is set for this client, so it is not compared with other clients."
    reasons = section.get("reasons") or {}
    parts = []
    for figure, meaning in FIGURES.items():
        entry = section.get(figure)
        if entry:
            parts.append(f"{meaning} {quarter(entry['percentile'])} ({entry['peers']} compared)")
        elif reasons.get(figure, "").startswith("only"):
            parts.append(f"{meaning} not compared (fewer than {MIN_PEERS} comparable clients)")
    if not parts:
        return "This period has no figure that can be compared with other clients."
    return (
        "Among the other clients we serve in the same field, over the same period (their "
        "figures are never shown): " + "; ".join(parts) + "."
    )


def _run(results: dict, folder: Path) -> Run:
    period = results["period"]
    return Run(
        client=results["client"],
        peer_group=results.get("peer_group") or "",
        start=dt.date.fromisoformat(period["start"]),
        end=dt.date.fromisoformat(period["end"]),
        generated_at=results.get("generated_at") or "",
        folder=folder,
        figures=key_figures(results),
        benchmarks=results.get("benchmarks", _MISSING),
    )


def _days(period: dict) -> int | None:
    try:
        start, end = dt.date.fromisoformat(period["start"]), dt.date.fromisoformat(period["end"])
    except (KeyError, TypeError, ValueError):
        return None
    return (end - start).days + 1
