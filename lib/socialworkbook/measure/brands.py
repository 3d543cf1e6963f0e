"""The client's own brand among the brands its mentions name (CONTRACT.md section 3)."""

from __future__ import annotations

import pandas as pd

from ..model import Client

__all__ = ["own_brand", "brands", "own_mentions", "competitor_mentions"]


def own_brand(client: Client) -> str:
    """The client's own brand slug in `mentions.brand`: `brand` in client.yaml, else the slug."""
    return (client.config.brand or client.slug).strip().lower()


def brands(mentions: pd.DataFrame, own: str) -> pd.Series:
    """Each mention's brand, lower-cased and stripped; an empty brand is the client's own."""
    if "brand" not in mentions.columns:
        return pd.Series(own, index=mentions.index, dtype=object)
    given = mentions["brand"].fillna("").astype(str).str.strip().str.lower()
    return given.where(given != "", own)


def own_mentions(mentions: pd.DataFrame, own: str) -> pd.DataFrame:
    """The mentions of the client's own brand `own` (empty brand or `own`, case-insensitive)."""
    return mentions[brands(mentions, own.strip().lower()) == own.strip().lower()]


def competitor_mentions(client: Client) -> int:
    """How many mentions of the period are about another brand (left out of sentiment)."""
    mentions = client.in_period("mentions")
    return len(mentions) - len(own_mentions(mentions, own_brand(client)))
