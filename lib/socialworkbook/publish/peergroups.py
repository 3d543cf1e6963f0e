"""The portfolio's peer-group view: per group, each key figure across clients, and their trends.

Internal to the consultancy (it is part of `<out>/index.html`, which no client receives): every
client of a peer group is placed on the distribution of each benchmarked figure (its latest
period), and each client's figures are drawn over all its periods.
"""

from __future__ import annotations

from collections import defaultdict

from ..catalogue import METRICS
from ..measure.benchmarks import FIGURES
from ..runfolder import Run
from . import minicharts

__all__ = ["FORMATS", "peer_groups"]

# How each figure is written on the page: metric key -> the catalogue's format string.
FORMATS = METRICS.view(lambda m: m.key in FIGURES, lambda m: m.spec)


def peer_groups(runs: list[Run]) -> list[dict]:
    """One entry per peer group (by name) of `runs` (the output root as `runfolder.read_runs`
    read it): its figures' strip charts and its clients' trends."""
    by_group: dict[str, dict[str, list[Run]]] = defaultdict(lambda: defaultdict(list))
    for run in runs:
        if run.peer_group:
            by_group[run.peer_group][run.client].append(run)
    return [_group(name, clients) for name, clients in sorted(by_group.items())]


def _group(name: str, clients: dict[str, list[Run]]) -> dict:
    series = {c: sorted(runs, key=lambda r: (r.start, r.end)) for c, runs in clients.items()}
    latest = {c: runs[-1] for c, runs in series.items()}
    shown = {id(r): r.figures for runs in series.values() for r in runs}
    figures = []
    for figure, meaning in FIGURES.items():
        fmt = FORMATS[figure]
        placed = [
            {
                "value": shown[id(run)][figure],
                "text": f"{client} ({_label(run)}): {fmt.format(shown[id(run)][figure])}",
                "href": f"{client}/{run.folder.name}/",
            }
            for client, run in latest.items()
            if shown[id(run)].get(figure) is not None
        ]
        figures.append(
            {
                "meaning": meaning,
                "clients": len(placed),
                "chart": minicharts.strip_chart(placed, fmt=fmt),
            }
        )
    trends = [
        {
            "client": client,
            "periods": f"{_label(runs[0])} – {_label(runs[-1])}"
            if len(runs) > 1
            else _label(runs[0]),
            "count": len(runs),
            "cells": [
                {
                    "points": minicharts.sparkline([shown[id(r)][f] for r in runs]),
                    "latest": "–"
                    if shown[id(runs[-1])][f] is None
                    else FORMATS[f].format(shown[id(runs[-1])][f]),
                }
                for f in FIGURES
            ],
        }
        for client, runs in sorted(series.items())
    ]
    return {"name": name, "clients": len(series), "figures": figures, "trends": trends}


def _label(run: Run) -> str:
    return run.folder.name
