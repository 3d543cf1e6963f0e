"""Leaders of a ranking, with every tie: what a computed "most", "top" or "best" headline names."""

from __future__ import annotations

from collections.abc import Hashable, Mapping

__all__ = ["leaders"]


def leaders(values: Mapping[Hashable, float], *, n: int = 1) -> list:
    """The keys of the `n` largest values and of every value tied with the n-th, largest first.

    Equal values keep the mapping's order. Empty for no values; all keys for fewer than `n`.
    """
    ranked = sorted(values, key=lambda key: -values[key])
    if len(ranked) <= n:
        return ranked
    cut = values[ranked[n - 1]]
    return [key for key in ranked if values[key] >= cut]
