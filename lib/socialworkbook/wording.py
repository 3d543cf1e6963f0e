"""Plain words shared by computed headlines: lists joined with "and", leaders and their ties."""

from __future__ import annotations

from collections.abc import Hashable, Mapping, Sequence

__all__ = ["join_and", "capitalize", "plural", "leaders"]


def join_and(items: Sequence[object], *, limit: int | None = 5) -> str:
    """ "a", "a and b", "a, b and c"; past `limit` items, the first `limit` "and N more"."""
    items = [str(item) for item in items]
    if limit is not None and len(items) > limit:
        return ", ".join(items[:limit]) + f" and {len(items) - limit} more"
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


def capitalize(text: str) -> str:
    """`text` with its first letter in upper case (the rest as written)."""
    return text[:1].upper() + text[1:]


def plural(n: int, noun: str) -> str:
    """ "1 component", "2 components" (a regular plural)."""
    return f"{n} {noun}{'' if n == 1 else 's'}"


def leaders(values: Mapping[Hashable, float], *, n: int = 1) -> list:
    """The keys of the `n` largest values and of every value tied with the n-th, largest first.

    Equal values keep the mapping's order. Empty for no values; all keys for fewer than `n`.
    """
    ranked = sorted(values, key=lambda key: -values[key])
    if len(ranked) <= n:
        return ranked
    cut = values[ranked[n - 1]]
    return [key for key in ranked if values[key] >= cut]
