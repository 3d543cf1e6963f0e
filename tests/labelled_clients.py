"""Client folders built from Hutto & Gilbert's human-rated snippets, for the estimate tests;
and a small client to draw samples from and label (`SAMPLE_ECOSYSTEM`, `sample_mentions`).

Read from `tests/data/vader_tweets/` (unmodified copies; see tests/data/README.md). Human
class = sign of the mean rating. Each snippet is dated at random (seeded) in the period
(2026-Q3) or the baseline (2026-Q2), alternately in one of two components; a few extra
mentions name a competitor.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

__all__ = [
    "SAMPLE_ECOSYSTEM",
    "SNIPPETS",
    "sample_mentions",
    "snippets",
    "truth_of",
    "write_snippet_client",
]

_HERE = Path(__file__).resolve().parent
SNIPPETS = {
    "movie": "movieReviewSnippets_GroundTruth.txt",
    "amazon": "amazonReviewSnippets_GroundTruth.txt",
    "nyt": "nytEditorialSnippets_GroundTruth.txt",
    "tweets": "tweets_GroundTruth.txt",
}


def _path(name: str) -> Path:
    return _HERE / "data" / "vader_tweets" / SNIPPETS[name]


def snippets(name: str) -> pd.DataFrame:
    """id, rating (mean of the raters, -4..4), text and truth (sign of the rating as a class)."""
    rows = []
    with _path(name).open(encoding="utf-8", errors="replace", newline="") as handle:
        for line in handle:
            line = line.rstrip("\r\n")
            if line:
                snippet_id, rating, text = line.split("\t", 2)
                rows.append((snippet_id, float(rating), text))
    frame = pd.DataFrame(rows, columns=["id", "rating", "text"])
    frame["truth"] = np.select(
        [frame["rating"] > 0, frame["rating"] < 0], ["positive", "negative"], "neutral"
    )
    return frame


def write_snippet_client(root: Path, name: str, *, slug: str | None = None, seed: int = 7) -> Path:
    """A client folder `root/<slug>` of the snippets `name`; returns the folder.

    Its mentions.csv has mention_id `<name>-<id>`, published_at, text, component_id (web or
    forum), brand (empty; 100 extra competitor mentions have brand `rival`).
    """
    data = snippets(name)
    rng = np.random.default_rng(seed)
    days = rng.integers(0, 183, len(data))  # 2026-04-01 + 0..182 days: Q2 and Q3
    mentions = pd.DataFrame(
        {
            "mention_id": [f"{name}-{i}" for i in data["id"]],
            "published_at": (pd.Timestamp("2026-04-01") + pd.to_timedelta(days, "D")).strftime(
                "%Y-%m-%d"
            ),
            "text": data["text"],
            "component_id": np.where(rng.random(len(data)) < 0.5, "web", "forum"),
            "brand": "",
        }
    )
    rival = mentions.sample(100, random_state=seed).assign(brand="rival")
    rival["mention_id"] = "rival-" + rival["mention_id"]
    folder = Path(root) / (slug or name)
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "client.yaml").write_text(
        f"name: {name.title()} Co\nperiod: 2026-Q3\nbaseline: 2026-Q2\ncompetitors: [rival]\n"
    )
    (folder / "ecosystem.csv").write_text(
        "component_id,name,component_type,continuum_stage\n"
        "web,Web reviews,social_network,mass_market\n"
        "forum,Forum,customer_community,community\n"
    )
    pd.concat([mentions, rival]).to_csv(folder / "mentions.csv", index=False)
    return folder


def truth_of(name: str) -> pd.Series:
    """The human class of each mention id of `write_snippet_client(name)`."""
    data = snippets(name)
    return pd.Series(data["truth"].to_numpy(), index=[f"{name}-{i}" for i in data["id"]])


SAMPLE_ECOSYSTEM = (
    "component_id,name,component_type,continuum_stage\n"
    "web,Web,social_network,mass_market\nforum,Forum,customer_community,community\n"
)


def sample_mentions(period=60, baseline=40, rival=10, labelled=5):
    """Own mentions in 2026-Q3 and Q2 (the first `labelled` labelled by hand), and a rival's."""
    rows = ["mention_id,published_at,text,component_id,author,brand,label"]
    for i in range(period):
        label = "positive" if i < labelled else ""
        where = "web" if i % 3 else "forum"
        rows.append(f"p{i},2026-08-{1 + i % 28:02d},Tent {i} is fine,{where},,,{label}")
    for i in range(baseline):
        rows.append(f"b{i},2026-05-{1 + i % 28:02d},Stove {i} broke,web,,acme,")
    for i in range(rival):
        rows.append(f"r{i},2026-08-02,Rival {i} is great,web,,rival,")
    return "\n".join(rows) + "\n"
