"""A zoo of client shapes: small, seeded client folders unlike the two example clients.

Each builder writes one client folder under a data root and returns its slug. The shapes are the
ones real clients have (issue 23): Facebook-only without reach, Instagram-only, no mentions,
mentions only, one component, thirty components, a partial period, an empty period, Excel only,
Spanish mentions, a slug that is an ordinary word. Kept small (tens of posts and mentions) so a
run of every template over the whole zoo costs little.

    from zoo import SHAPES, build_zoo
    slugs = build_zoo(tmp_path / "client_data")          # every shape
    build_zoo(root, ["facebook-no-reach"])               # some

`SHAPES` maps a slug to a `Shape`: its builder and what the client lacks (`has`), which the text
checks read to know which sentences must not appear.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import openpyxl
import pandas as pd

__all__ = ["Shape", "SHAPES", "build_zoo", "PERIOD", "BASELINE"]

PERIOD = "2026-Q2"
BASELINE = "2026-Q1"
_STARTS = {PERIOD: pd.Timestamp("2026-04-01"), BASELINE: pd.Timestamp("2026-01-01")}
_DAYS = {PERIOD: 91, BASELINE: 90}

ECOSYSTEM_COLUMNS = (
    "component_id,name,component_type,platform,continuum_stage,purposes,business_functions,"
    "lifecycle_stages,audience,status"
)

ENGLISH = [
    "Love the new jacket, great fit and fast delivery",
    "Terrible service, my order is two weeks late",
    "The store opens at nine on Saturdays",
    "Thank you for the quick answer, very helpful",
    "Worst purchase ever, the zip broke on day one",
    "Does the tent come in green?",
    "Amazing trip with your boots, happy feet all week",
    "Still waiting for a refund, not happy at all",
]
SPANISH = [
    "Me encanta la nueva chaqueta, muy buena calidad",
    "El pedido no llega, pésimo servicio, sin respuesta",
    "La tienda abre a las nueve los sábados",
    "Gracias por la respuesta rápida, muy amables",
    "No funciona la cremallera, por favor cambien el producto",
    "¿La tienda de campaña viene en verde?",
    "Un viaje increíble con sus botas, todo perfecto",
    "Sigo esperando el reembolso, qué vergüenza",
]


@dataclass(frozen=True)
class Shape:
    """One client shape: how to build it and which kinds of data it has."""

    build: Callable[[Path, str], None]
    has: frozenset[str]  # of "reach", "impressions", "mentions", "authors", "posts", "goals"
    empty: bool = False  # the period holds no data at all (run needs --allow-empty)


def _yaml(name: str, *, baseline: bool = True, extra: str = "") -> str:
    text = f'name: "{name}"\nindustry: "Retail"\ncurrency: "EUR"\nperiod: "{PERIOD}"\n'
    if baseline:
        text += f'baseline: "{BASELINE}"\n'
    return text + extra


def _component(cid: str, name: str, platform: str, stage: str = "mass_market") -> str:
    kind = "customer_community" if stage == "community" else "social_media_profile"
    return (
        f"{cid},{name},{kind},{platform},{stage},talking;listening,marketing;customer_service,"
        "investigation;loyalty,customers;public,active"
    )


def _ecosystem(rows: Iterable[str]) -> str:
    return "\n".join([ECOSYSTEM_COLUMNS, *rows]) + "\n"


def _times(rng, span: str, n: int, days: int | None = None) -> pd.Series:
    days = _DAYS[span] if days is None else days
    seconds = np.sort(rng.integers(6 * 3600, days * 86400 - 3600, n))
    return (_STARTS[span] + pd.to_timedelta(seconds, unit="s")).strftime("%Y-%m-%dT%H:%M:%S")


def _posts(
    rng,
    components: list[str],
    n: int,
    *,
    columns: Iterable[str] = ("likes", "comments", "shares"),
    types: tuple[str, ...] = ("photo", "video", "status", "link"),
    days: int | None = None,
    prefix: str = "p",
) -> pd.DataFrame:
    """`n` posts per period (baseline and period), counts drawn per type (video: many comments)."""
    frames = []
    for span in (BASELINE, PERIOD):
        post_type = rng.choice(list(types), n)
        frame = pd.DataFrame(
            {
                "post_id": [f"{prefix}{span[-2:].lower()}{i:04d}" for i in range(n)],
                "component_id": rng.choice(components, n),
                "published_at": _times(rng, span, n, days if span == PERIOD else None),
                "post_type": post_type,
            }
        )
        video = post_type == "video"
        scale = 1.2 if span == PERIOD else 1.0
        for column in columns:
            base = {
                "likes": 80,
                "comments": 6,
                "shares": 4,
                "reach": 2500,
                "impressions": 3500,
                "video_views": 900,
                "saves": 10,
                "clicks": 20,
            }[column]
            mean = base * scale * np.where(video & (column == "comments"), 40, 1)
            frame[column] = rng.poisson(mean)
        frames.append(frame)
    return pd.concat(frames, ignore_index=True)


def _mentions(
    rng,
    n: int,
    *,
    texts: list[str],
    components: list[str] | None = None,
    authors: bool = True,
    days: int | None = None,
) -> pd.DataFrame:
    frames = []
    for span in (BASELINE, PERIOD):
        frame = pd.DataFrame(
            {
                "mention_id": [f"m{span[-2:].lower()}{i:04d}" for i in range(n)],
                "published_at": _times(rng, span, n, days if span == PERIOD else None),
                "text": rng.choice(texts, n),
            }
        )
        if components:
            frame["component_id"] = rng.choice(components, n)
        if authors:
            frame["author"] = [f"@user{k}" for k in rng.integers(0, n // 2 + 1, n)]
        frames.append(frame)
    return pd.concat(frames, ignore_index=True)


def _ogst(goals: list[tuple[str, str, float, str]]) -> str:
    lines = [
        "component_id,objective,goal,metric,target,target_date,baseline_value,strategy,tactics"
    ]
    for cid, metric, target, goal in goals:
        lines.append(
            f'{cid},Grow the conversation,"{goal}",{metric},{target},2026-06-30,,'
            "Post what customers ask about,Weekly video;Answer every comment"
        )
    return "\n".join(lines) + "\n"


def _write(folder: Path, files: dict[str, str | pd.DataFrame]) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for name, content in files.items():
        path = folder / name
        if isinstance(content, pd.DataFrame):
            content.to_csv(path, index=False)
        else:
            path.write_text(content, encoding="utf-8")


def _rng(slug: str):
    return np.random.default_rng(sum(map(ord, slug)))


# --- the shapes -----------------------------------------------------------------------------


def facebook_no_reach(root: Path, slug: str) -> None:
    """The Thai sellers' shape: one Facebook page, reactions, comments, shares; no reach, no
    mentions; goals far beyond their targets (attainment over 200%)."""
    rng = _rng(slug)
    _write(
        root / slug,
        {
            "client.yaml": _yaml("Siam Seller Shop"),
            "ecosystem.csv": _ecosystem([_component("fb-page", "Shop page", "Facebook")]),
            "posts.csv": _posts(rng, ["fb-page"], 40),
            "ogst.csv": _ogst(
                [
                    ("fb-page", "comments", 200, "200 comments in the quarter"),
                    ("fb-page", "likes", 700, "700 reactions in the quarter"),
                    ("fb-page", "shares", 5000, "5000 shares in the quarter"),
                ]
            ),
        },
    )


def instagram_only(root: Path, slug: str) -> None:
    """One Instagram profile with reach, impressions, saves and video views; no mentions."""
    rng = _rng(slug)
    columns = ("likes", "comments", "shares", "reach", "impressions", "saves", "video_views")
    _write(
        root / slug,
        {
            "client.yaml": _yaml("Lumen Studio"),
            "ecosystem.csv": _ecosystem([_component("ig", "Lumen on Instagram", "Instagram")]),
            "posts.csv": _posts(rng, ["ig"], 40, columns=columns, types=("reel", "carousel")),
            "ogst.csv": _ogst([("ig", "reach", 150000, "Reach 150,000 in the quarter")]),
        },
    )


def no_mentions(root: Path, slug: str) -> None:
    """Two profiles with reach; posts and goals but no mentions table."""
    rng = _rng(slug)
    columns = ("likes", "comments", "shares", "reach")
    _write(
        root / slug,
        {
            "client.yaml": _yaml("Harbor Bikes"),
            "ecosystem.csv": _ecosystem(
                [
                    _component("hb-facebook", "Harbor Bikes page", "Facebook"),
                    _component("hb-instagram", "Harbor Bikes on Instagram", "Instagram"),
                ]
            ),
            "posts.csv": _posts(rng, ["hb-facebook", "hb-instagram"], 30, columns=columns),
            "ogst.csv": _ogst([("hb-facebook", "engagement_rate_reach", 3.0, "3% of reach")]),
        },
    )


def mentions_only(root: Path, slug: str) -> None:
    """A listening-only client: English mentions with authors, no posts."""
    rng = _rng(slug)
    _write(
        root / slug,
        {
            "client.yaml": _yaml("Quiet Listening Co"),
            "ecosystem.csv": _ecosystem(
                [
                    _component("ql-x", "Quiet on X", "X"),
                    _component("ql-forum", "Quiet forum", "Discourse", "community"),
                ]
            ),
            "mentions.csv": _mentions(rng, 40, texts=ENGLISH, components=["ql-x", "ql-forum"]),
            "ogst.csv": _ogst([("ql-x", "net_sentiment", 20, "Net sentiment of 20")]),
        },
    )


def one_component(root: Path, slug: str) -> None:
    """A single component with posts (reach) and mentions."""
    rng = _rng(slug)
    _write(
        root / slug,
        {
            "client.yaml": _yaml("Solo Bakery"),
            "ecosystem.csv": _ecosystem([_component("solo-fb", "Solo on Facebook", "Facebook")]),
            "posts.csv": _posts(rng, ["solo-fb"], 25, columns=("likes", "comments", "reach")),
            "mentions.csv": _mentions(rng, 25, texts=ENGLISH, components=["solo-fb"]),
        },
    )


def thirty_components(root: Path, slug: str) -> None:
    """Thirty components over every stage; posts on ten of them, mentions on five."""
    rng = _rng(slug)
    platforms = ["Facebook", "Instagram", "LinkedIn", "YouTube", "TikTok", "X"]
    stages = ["mass_market", "community", "collaboration", "social_crm"]
    ids = [f"c{i:02d}" for i in range(30)]
    rows = [
        _component(cid, f"Channel {i + 1}", platforms[i % 6], stages[i % 4])
        for i, cid in enumerate(ids)
    ]
    columns = ("likes", "comments", "shares", "reach")
    _write(
        root / slug,
        {
            "client.yaml": _yaml("Many Channels Group"),
            "ecosystem.csv": _ecosystem(rows),
            "posts.csv": _posts(rng, ids[:10], 60, columns=columns),
            "mentions.csv": _mentions(rng, 40, texts=ENGLISH, components=ids[:5]),
            "value_scores.csv": pd.DataFrame(
                {
                    "component_id": np.repeat(ids, 2),
                    "dimension": ["brand_awareness", "customer_insight"] * 30,
                    "score": rng.integers(0, 6, 60),
                }
            ),
            "ogst.csv": _ogst(
                [(cid, "likes", 500, "500 likes in the quarter") for cid in ids[:10]]
            ),
        },
    )


def partial_period(root: Path, slug: str) -> None:
    """Posts and mentions stop on 12 June: 73 of the quarter's 91 days."""
    rng = _rng(slug)
    columns = ("likes", "comments", "shares", "reach")
    _write(
        root / slug,
        {
            "client.yaml": _yaml("Early Stop Ltd"),
            "ecosystem.csv": _ecosystem([_component("es-fb", "Early Stop page", "Facebook")]),
            "posts.csv": _posts(rng, ["es-fb"], 30, columns=columns, days=73),
            "mentions.csv": _mentions(rng, 30, texts=ENGLISH, components=["es-fb"], days=73),
        },
    )


def empty_period(root: Path, slug: str) -> None:
    """Data in the baseline only: the period holds no posts, mentions or metrics."""
    rng = _rng(slug)
    posts = _posts(rng, ["ep-fb"], 20, columns=("likes", "comments", "shares", "reach"))
    _write(
        root / slug,
        {
            "client.yaml": _yaml("Gone Quiet Inc"),
            "ecosystem.csv": _ecosystem([_component("ep-fb", "Gone Quiet page", "Facebook")]),
            "posts.csv": posts[posts["published_at"] < "2026-04-01"],
        },
    )


def excel_only(root: Path, slug: str) -> None:
    """Every table as a sheet of inputs.xlsx; only client.yaml beside it."""
    rng = _rng(slug)
    sheets = {
        "ecosystem": pd.read_csv(
            io.StringIO(
                _ecosystem(
                    [
                        _component("xl-fb", "Sheet Co page", "Facebook"),
                        _component("xl-li", "Sheet Co on LinkedIn", "LinkedIn"),
                    ]
                )
            )
        ),
        "posts": _posts(rng, ["xl-fb", "xl-li"], 25, columns=("likes", "comments", "reach")),
        "mentions": _mentions(rng, 25, texts=ENGLISH, components=["xl-fb"]),
    }
    folder = root / slug
    _write(folder, {"client.yaml": _yaml("Sheet Co")})
    book = openpyxl.Workbook()
    book.remove(book.active)
    for name, frame in sheets.items():
        sheet = book.create_sheet(name)
        sheet.append(list(frame.columns))
        for row in frame.itertuples(index=False):
            sheet.append([v.item() if hasattr(v, "item") else v for v in row])
    book.save(folder / "inputs.xlsx")


def spanish_mentions(root: Path, slug: str) -> None:
    """Posts with reach and Spanish mentions (no labels)."""
    rng = _rng(slug)
    _write(
        root / slug,
        {
            "client.yaml": _yaml("Aerolínea del Sol"),
            "ecosystem.csv": _ecosystem([_component("ads-x", "Aerolínea on X", "X")]),
            "posts.csv": _posts(
                rng, ["ads-x"], 25, columns=("likes", "comments", "shares", "reach")
            ),
            "mentions.csv": _mentions(rng, 40, texts=SPANISH, components=["ads-x"]),
        },
    )


def ordinary_word(root: Path, slug: str) -> None:
    """A client whose slug is a word the reports use; posts and mentions like any client."""
    rng = _rng(slug)
    _write(
        root / slug,
        {
            "client.yaml": _yaml("Reach Partners"),
            "ecosystem.csv": _ecosystem([_component("rp-fb", "Partners page", "Facebook")]),
            "posts.csv": _posts(
                rng, ["rp-fb"], 25, columns=("likes", "comments", "shares", "reach")
            ),
            "mentions.csv": _mentions(rng, 25, texts=ENGLISH, components=["rp-fb"]),
        },
    )


_ALL = frozenset({"posts", "reach", "mentions", "authors", "goals"})
SHAPES: dict[str, Shape] = {
    "facebook-no-reach": Shape(facebook_no_reach, frozenset({"posts", "goals"})),
    "instagram-only": Shape(instagram_only, frozenset({"posts", "reach", "impressions", "goals"})),
    "no-mentions": Shape(no_mentions, frozenset({"posts", "reach", "goals"})),
    "mentions-only": Shape(mentions_only, frozenset({"mentions", "authors", "goals"})),
    "one-component": Shape(one_component, frozenset({"posts", "reach", "mentions", "authors"})),
    "thirty-components": Shape(thirty_components, _ALL),
    "partial-period": Shape(partial_period, frozenset({"posts", "reach", "mentions", "authors"})),
    "empty-period": Shape(empty_period, frozenset({"reach"}), empty=True),
    "excel-only": Shape(excel_only, frozenset({"posts", "reach", "mentions", "authors"})),
    "spanish-mentions": Shape(
        spanish_mentions, frozenset({"posts", "reach", "mentions", "authors"})
    ),
    "summary": Shape(ordinary_word, frozenset({"posts", "reach", "mentions", "authors"})),
}
"""Slug -> shape. `summary` is a word every board report prints."""


def build_zoo(root: Path, slugs: Iterable[str] | None = None) -> list[str]:
    """Write the zoo's client folders (all, or `slugs`) under `root`; return their slugs."""
    root = Path(root)
    chosen = list(SHAPES if slugs is None else slugs)
    for slug in chosen:
        SHAPES[slug].build(root, slug)
    return chosen
