"""Sentiment estimated by hand from a client's labelled random sample, with numpy and scipy only.

The design is read from the client folder as the analyst sees it: `samples.json` (each stratum's
span and frame of mention ids) and `labels.csv` (the drawn mentions and their labels). Within a
domain (a span, and a component or all), the drawn and labelled mentions are a simple random
sample of the domain's part of the frame; mentions outside the frame that carry a label in
mentions.csv (labelled by hand) count with that label. The labelled sample alone gives

- each share: the sample's share, with a Wilson score interval on the effective sample size
  n / (1 - n/N) (the finite-population correction);
- net sentiment (positive minus negative share of one multinomial sample): Bonett & Price's
  adjusted Wald interval (one added to the positive and the negative count, two to n) with its
  variance times (1 - n/N);

each then weighted with the hand-labelled mentions: (N * estimate + known count) / (N + known).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
import yaml
from scipy import stats

CLASSES = ("positive", "neutral", "negative")
Z = stats.norm.ppf(0.975)


@dataclass(frozen=True)
class Domain:
    """One domain's labelled sample (`labels`), frame size `N` and hand-labelled mentions."""

    labels: np.ndarray  # the drawn mentions' labels ("" where not labelled)
    N: int
    known: np.ndarray  # labels of the domain's mentions outside the frame, labelled by hand

    @property
    def n(self) -> int:
        return int((self.labels != "").sum())

    def _weighted(self, value: float, known: float) -> float:
        return (self.N * value + known) / (self.N + len(self.known))

    def share(self, cls: str) -> tuple[float, float, float]:
        """(estimate, low, high) of the share of `cls`, 0..1."""
        y = self.labels[self.labels != ""]
        n, p = len(y), float((y == cls).mean())
        eff = n / (1 - n / self.N)
        centre = (p + Z**2 / (2 * eff)) / (1 + Z**2 / eff)
        half = Z * np.sqrt(p * (1 - p) / eff + Z**2 / (4 * eff**2)) / (1 + Z**2 / eff)
        known = float((self.known == cls).sum())
        return tuple(self._weighted(v, known) for v in (p, centre - half, centre + half))

    def net(self) -> tuple[float, float, float]:
        """(estimate, low, high) of net sentiment, -100..100."""
        y = self.labels[self.labels != ""]
        n = len(y)
        pos, neg = int((y == "positive").sum()), int((y == "negative").sum())
        p1, p2 = (pos + 1) / (n + 2), (neg + 1) / (n + 2)
        half = Z * np.sqrt((1 - n / self.N) * (p1 + p2 - (p1 - p2) ** 2) / (n + 2))
        known = float((self.known == "positive").sum() - (self.known == "negative").sum())
        values = ((pos - neg) / n, p1 - p2 - half, p1 - p2 + half)
        return tuple(100 * self._weighted(v, known) for v in values)


def own_mentions(folder: Path) -> pd.DataFrame:
    """The client's own mentions (no brand, or its own), with `day`, `hand` (the label typed in
    mentions.csv) and `sampled` (the label given in labels.csv, "" if none)."""
    brand = yaml.safe_load((folder / "client.yaml").read_text(encoding="utf-8"))["brand"]
    mentions = pd.read_csv(folder / "mentions.csv", dtype=str, keep_default_na=False)
    mentions = mentions[mentions["brand"].str.strip().str.lower().isin(["", brand])].copy()
    mentions["day"] = mentions["published_at"].str[:10]
    mentions["hand"] = mentions["label"].str.strip().str.lower()
    labels = folder / "labels.csv"
    if labels.exists():
        given = pd.read_csv(labels, dtype=str, keep_default_na=False)
        given = given.set_index("mention_id")["label"].str.strip().str.lower()
        mentions["sampled"] = mentions["mention_id"].map(given).fillna("")
    else:
        mentions["sampled"] = ""
    return mentions


def domain(folder: Path, span: tuple[str, str], component: str | None = None) -> Domain:
    """The domain of `span` (first and last day) and `component` (None: all) of the sample."""
    design = json.loads((folder / "samples.json").read_text(encoding="utf-8"))
    (stratum,) = [
        s
        for sample in design["samples"]
        for s in sample["strata"]
        if (s["start"], s["end"]) == span and s["component"] in (None, component)
    ]
    frame = set(stratum["frame_ids"])
    assert len(frame) == stratum["frame_size"]
    mentions = own_mentions(folder)
    mentions = mentions[mentions["day"].between(*span)]
    if component is not None:
        mentions = mentions[mentions["component_id"] == component]
    inside = mentions["mention_id"].isin(frame)
    drawn = inside & mentions["mention_id"].isin(_drawn(folder))
    known = mentions.loc[~inside & (mentions["hand"] != ""), "hand"].to_numpy(dtype=object)
    return Domain(mentions.loc[drawn, "sampled"].to_numpy(dtype=object), int(inside.sum()), known)


def _drawn(folder: Path) -> set[str]:
    labels = pd.read_csv(folder / "labels.csv", dtype=str, keep_default_na=False)
    return set(labels.loc[labels["sample"] != "", "mention_id"])
