"""Anonymised peer benchmarks: where one client stands among the other clients of its peer group.

Built only on the `results.json` files under the output root, never on another client's inputs.
For a run of client C over period P, the peers are the other clients of C's `peer_group`; each
peer counts once, with its latest results among its runs whose period overlaps P (most days in
common, then the latest period, then the latest run). A figure is benchmarked only when at least
`MIN_PEERS` peers have it (k-anonymity); otherwise it is null and `reasons` says why. The board
reads only the client's standing (its quarter and the number of peers), never a peer's value.

Like with like: a figure that can be measured two ways (net sentiment: the estimate from
mentions labelled by people, or the automatic VADER scores; `runfolder.benchmark_methods`) is
compared only with the peers' figures measured the same way, and the entry names the method.

No peer statistic singles out a peer: an entry keeps the client's own value, its percentile
among the peers and their number, never a peer quantile. With the minimum of 5 peers the
quartiles and the median (interpolated at positions 1, 2 and 3) are three peers' exact values,
and with more peers an order statistic still often is one; so none is kept, whatever the number.

`refresh` is the batch's post-pass: it runs after every client's results are written and before
the board summaries execute (they run last, see `run.run_batch`), and rewrites a results.json
only where its benchmarks changed.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections import defaultdict
from pathlib import Path

import numpy as np

from .. import runfolder
from ..catalogue import BENCHMARKED
from ..runfolder import Run

__all__ = [
    "FIGURES",
    "MIN_PEERS",
    "refresh",
    "digest",
    "read_section",
    "quarter",
    "standing",
]

# The benchmarked figures: metric key -> what it means in plain words (the catalogue's).
FIGURES = BENCHMARKED
MIN_PEERS = 5
_MISSING = object()  # a results.json without a `benchmarks` key


def refresh(runs: list[Run]) -> list[Path]:
    """Recompute the benchmarks of every run of the output root; return the files changed.

    `runs` (the output root as `runfolder.read_runs` read it) are updated in place. A
    results.json is rewritten (atomically) only where its `benchmarks` section changed.
    """
    sections = _sections(runs)
    changed = [
        run
        for run in runs
        if run.start is not None
        and (_written(run) is _MISSING or _written(run) != sections[id(run)])
    ]
    contents = {run.folder: run.results | {"benchmarks": sections[id(run)]} for run in changed}
    written = runfolder.write_results_all(contents)
    for run in changed:
        run.results = contents[run.folder]
    return written


def _written(run: Run):
    """The `benchmarks` section of a run as written (`_MISSING` when results.json has none)."""
    return (run.results or {}).get("benchmarks", _MISSING)


def _sections(runs: list[Run]) -> dict[int, dict | None]:
    """The benchmarks section of every benchmarkable run, by `id(run)`.

    The runs of a peer group are taken per period: for each period the group's runs cover, each
    client's best-overlapping run is a candidate, and every run of that period is compared with
    the candidates of the other clients at once (`_leave_one_out`).
    """
    sections: dict[int, dict | None] = {}
    figures = {id(run): run.figures for run in runs if run.start is not None}
    groups: dict[str, list[Run]] = defaultdict(list)
    for run in runs:
        if run.start is None:
            continue
        if run.peer_group:
            groups[run.peer_group].append(run)
        else:
            sections[id(run)] = None
    for group, members in groups.items():
        periods: dict[tuple, list[Run]] = defaultdict(list)
        for run in members:
            periods[run.start, run.end].append(run)
        for (start, end), owns in periods.items():
            candidates = _best_per_client(members, start, end)
            entries = {
                figure: _like_with_like(figure, owns, candidates, figures) for figure in FIGURES
            }
            for i, own in enumerate(owns):
                section: dict = {"peer_group": group}
                reasons = {}
                for figure in FIGURES:
                    section[figure], reason = entries[figure][i]
                    if reason:
                        reasons[figure] = reason
                section["reasons"] = reasons
                section[runfolder.STANDING_SHA256] = digest(section)
                sections[id(own)] = section
    return sections


def _best_per_client(members: list[Run], start: dt.date, end: dt.date) -> dict[str, Run]:
    """Per client, its run overlapping [start, end] most (then the latest period, then run)."""
    best: dict[str, tuple] = {}
    for run in members:
        days = run.overlap(start, end)
        if days:
            rank = (days, run.end, run.generated_at)
            if run.client not in best or rank > best[run.client][0]:
                best[run.client] = (rank, run)
    return {client: run for client, (_, run) in best.items()}


def _like_with_like(
    figure: str, owns: list[Run], candidates: dict[str, Run], figures: dict[int, dict]
) -> list[tuple]:
    """`_figure_entries` of each run of `owns` against the candidates whose `figure` was
    measured the same way (`Run.methods`); the method is named in the entry."""
    out: list[tuple] = [None] * len(owns)
    methods = sorted({own.methods.get(figure, "") for own in owns})
    for method in methods:
        mine = [i for i, own in enumerate(owns) if own.methods.get(figure, "") == method]
        alike = {c: r for c, r in candidates.items() if r.methods.get(figure, "") == method}
        found = _figure_entries(figure, [owns[i] for i in mine], alike, figures)
        for i, (entry, reason) in zip(mine, found, strict=True):
            if method and entry is not None:
                entry = {**entry, "method": method}
            elif method and reason.startswith("only"):
                reason = reason.replace(" have this figure", f" have this figure by {method}", 1)
            out[i] = (entry, reason)
    return out


def _figure_entries(
    figure: str, owns: list[Run], candidates: dict[str, Run], figures: dict[int, dict]
) -> list[tuple]:
    """(entry or None, reason) of one figure for each run of `owns`, against the other clients.

    `figures` are every run's `Run.figures`, by `id(run)`.
    """
    pairs = [
        (c, figures[id(r)][figure])
        for c, r in candidates.items()
        if figures[id(r)].get(figure) is not None
    ]
    order = sorted(range(len(pairs)), key=lambda i: pairs[i][1])
    values = np.array([pairs[i][1] for i in order], dtype=float)
    position = {pairs[i][0]: rank for rank, i in enumerate(order)}
    mine = [figures[id(own)].get(figure) for own in owns]
    drop = np.array([position.get(own.client, -1) for own in owns])
    peers = len(values) - (drop >= 0)
    stats = _leave_one_out(values, drop, np.array([np.nan if v is None else v for v in mine]))
    entries = []
    for i, value in enumerate(mine):
        if value is None:
            entries.append((None, "this run has no such figure"))
        elif peers[i] < MIN_PEERS:
            entries.append(
                (
                    None,
                    f"only {peers[i]} other client(s) of the peer group have this figure for "
                    f"an overlapping period; at least {MIN_PEERS} are needed so that no client "
                    "can be singled out",
                )
            )
        else:
            entries.append(
                (
                    {"value": value, "peers": int(peers[i]), "percentile": float(stats[i])},
                    "",
                )
            )
    return entries


def _leave_one_out(values: np.ndarray, drop: np.ndarray, own: np.ndarray) -> np.ndarray:
    """Percentile of each `own` value among sorted `values` without `drop[i]`.

    `drop[i]` is the position (in `values`) of run i's own client, -1 when it is not among them.
    The percentile counts the values below and half the ties, 0-100; NaN where fewer than two
    values remain. No peer quantile is computed (see the module's note).
    """
    dropped = drop >= 0
    n = len(values) - dropped
    if len(values) < 2:
        return np.full(len(own), np.nan)
    mine = values[np.maximum(drop, 0)]
    below = np.searchsorted(values, own, "left") - (dropped & (mine < own))
    ties = np.searchsorted(values, own, "right") - np.searchsorted(values, own, "left")
    ties = ties - (dropped & (mine == own))
    with np.errstate(invalid="ignore", divide="ignore"):
        return 100 * (below + ties / 2) / n


def digest(section: dict | None) -> str:
    """A short hash of the standing a board summary prints from a `benchmarks` section."""
    return hashlib.sha256(standing(section).encode("utf-8")).hexdigest()[:16]


def read_section(client, output_dir: Path | str = "") -> dict | None:
    """The benchmarks of `client`'s run as the post-pass wrote them (None before any)."""
    folder = Path(output_dir or runfolder.run_folder(client.slug, client.period.slug))
    try:
        return (runfolder.read_results(folder) or {}).get("benchmarks")
    except (OSError, ValueError):
        return None


def quarter(percentile: float) -> str:
    """Where a percentile puts the client, in words that show no peer's value."""
    if percentile >= 75:
        return "in the top quarter"
    if percentile == 50:
        return "at the median"
    if percentile > 50:
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
            method = f", {entry['method']}" if entry.get("method") else ""
            parts.append(
                f"{meaning} {quarter(entry['percentile'])} ({entry['peers']} compared{method})"
            )
        elif reasons.get(figure, "").startswith("only"):
            parts.append(f"{meaning} not compared (fewer than {MIN_PEERS} comparable clients)")
    if not parts:
        return "This period has no figure that can be compared with other clients."
    return (
        "Among the other clients we serve in the same field, over the same period (their "
        "figures are never shown): " + "; ".join(parts) + "."
    )
