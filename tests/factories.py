"""Build small, normalised `model.Client` objects in memory, so library tests need no files.

Tables are given as lists of dicts holding only the columns a test cares about; every other
column of the table's spec in `vocab.TABLES` is filled in and normalised as `model.py` describes
(text "", multi-valued cells as tuples, datetimes as naive `datetime64[ns]`, counts as int64,
numbers as float64 with NaN, `_row` as the spreadsheet row). Multi-valued cells may be given as a
tuple, a list or a `;`-separated string. As with real inputs, a count column of `posts` that no row
mentions stays absent.

Usage::

    client = make_client(
        ecosystem=[component("forum", purposes="listening;supporting")],
        posts=[{"post_id": "p1", "component_id": "forum", "published_at": "2026-07-03",
                "likes": 4}],
    )
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import Any

import nbformat
import numpy as np
import pandas as pd

from socialworkbook import vocab
from socialworkbook.model import Client, ClientConfig
from socialworkbook.periods import Period, parse_period

__all__ = [
    "million_posts",
    "python_notebook",
    "make_client",
    "component",
    "table",
    "fake_metric_value",
    "use_metric_value",
]

_MULTI_KINDS = {"multi", "multi_metric", "multi_ref"}


def component(component_id: str, **fields: Any) -> dict[str, Any]:
    """One ecosystem row with sensible defaults (an active, owned customer community)."""
    row = {
        "component_id": component_id,
        "name": component_id.replace("_", " ").replace("-", " ").title(),
        "component_type": "customer_community",
        "continuum_stage": "community",
        "owner": "Community team",
        "status": "active",
    }
    row.update(fields)
    return row


def table(name: str, rows: Iterable[Mapping[str, Any]] | None = None) -> pd.DataFrame:
    """The normalised DataFrame of table `name` built from `rows` (empty when None)."""
    spec = vocab.TABLES[name]
    rows = [dict(r) for r in (rows or [])]
    given = {key for r in rows for key in r}
    data: dict[str, pd.Series] = {}
    for col in spec.columns:
        if col.kind == "count" and col.name not in given:
            continue  # an absent count column stays absent (rates over it are null)
        values = [r.get(col.name) for r in rows]
        data[col.name] = _normalise(values, col.kind, spec.defaults.get(col.name, ""))
    extra = sorted(given - {c.name for c in spec.columns} - {"_row"})
    for name_ in extra:
        data[name_] = pd.Series(
            ["" if _blank(r.get(name_)) else str(r.get(name_)) for r in rows], dtype=object
        )
    data["_row"] = pd.Series([int(r.get("_row", i + 2)) for i, r in enumerate(rows)], dtype="int64")
    return pd.DataFrame(data, index=pd.RangeIndex(len(rows)))


def make_client(
    *,
    ecosystem: Iterable[Mapping[str, Any]] = (),
    ogst: Iterable[Mapping[str, Any]] | None = None,
    functions: Iterable[Mapping[str, Any]] | None = None,
    value_scores: Iterable[Mapping[str, Any]] | None = None,
    posts: Iterable[Mapping[str, Any]] | None = None,
    mentions: Iterable[Mapping[str, Any]] | None = None,
    metrics: Iterable[Mapping[str, Any]] | None = None,
    slug: str = "acme",
    name: str = "Acme",
    period: str | Period = "2026-Q3",
    baseline: str | Period | None = "2026-Q2",
    dimensions: Iterable[str] = (),
    competitors: Iterable[str] = (),
    brand: str = "",
) -> Client:
    """A validated-looking `Client` built from lists of dicts (no files are read or written)."""
    span = period if isinstance(period, Period) else parse_period(period)
    base = baseline if isinstance(baseline, Period) or baseline is None else parse_period(baseline)
    config = ClientConfig(
        name=name,
        period=span,
        baseline=base,
        competitors=tuple(competitors),
        brand=brand,
        dimensions=tuple(dimensions),
    )
    given = {
        "ecosystem": ecosystem,
        "ogst": ogst,
        "functions": functions,
        "value_scores": value_scores,
        "posts": posts,
        "mentions": mentions,
        "metrics": metrics,
    }
    tables = {key: table(key, rows) for key, rows in given.items()}
    return Client(
        slug=slug,
        folder=Path("/nonexistent") / slug,
        config=config,
        period=span,
        baseline=base,
        tables=tables,
    )


def fake_metric_value(client: Client, key: str, span: Period, *, component_id: str | None = None):
    """A simple stand-in for `metrics.metric_value` for tests of modules that consume it.

    Posts: count columns are summed, `posts` counts posts, `constructive_actions` is comments +
    votes + referrals, `followers` is the latest value. Mentions: `mentions` counts them and
    `net_sentiment` uses the human `label` as the sentiment. Anything else sums the `metrics` table.
    None where the span holds no data.
    """
    if span is None:
        return None
    posts = _in_span(client.table("posts"), "published_at", span, component_id)
    if key in vocab.COUNT_COLUMNS or key in {"posts", "constructive_actions"}:
        if posts.empty:
            return None
        if key == "posts":
            return float(len(posts))
        if key == "followers":
            return float(posts.sort_values("published_at")["followers"].iloc[-1])
        if key == "constructive_actions":
            cols = [c for c in ("comments", "votes", "referrals") if c in posts]
            return float(posts[cols].to_numpy().sum()) if cols else None
        return float(posts[key].sum()) if key in posts else None
    if key in {"mentions", "net_sentiment"}:
        mentions = _in_span(client.table("mentions"), "published_at", span, component_id)
        if mentions.empty:
            return None
        if key == "mentions":
            return float(len(mentions))
        labels = mentions["label"]
        return 100.0 * ((labels == "positive").sum() - (labels == "negative").sum()) / len(labels)
    rows = _in_span(client.table("metrics"), "date", span, component_id)
    rows = rows[rows["metric"] == key]
    return None if rows.empty else float(rows["value"].sum())


def use_metric_value(monkeypatch, func: Callable = fake_metric_value) -> None:
    """Make `measure.metrics.formulas.metric_value` be `func` for one test (pytest monkeypatch)."""
    monkeypatch.setattr("socialworkbook.measure.metrics.formulas.metric_value", func)


def _in_span(frame: pd.DataFrame, column: str, span: Period, component_id: str | None):
    days = frame[column].dt.normalize()
    keep = (days >= pd.Timestamp(span.start)) & (days <= pd.Timestamp(span.end))
    if component_id is not None:
        keep &= frame["component_id"] == component_id
    return frame[keep]


def _blank(value: Any) -> bool:
    if value is None:
        return True
    if isinstance(value, float) and math.isnan(value):
        return True
    return isinstance(value, str) and not value.strip()


def _normalise(values: list[Any], kind: str, default: str) -> pd.Series:
    if kind in _MULTI_KINDS:
        return pd.Series([_as_tuple(v) for v in values], dtype=object)
    if kind == "datetime":
        parsed = pd.to_datetime(pd.Series([None if _blank(v) else v for v in values]))
        if getattr(parsed.dt, "tz", None) is not None:
            parsed = parsed.dt.tz_localize(None)
        return parsed.astype("datetime64[ns]")
    if kind == "count":
        return pd.Series([0 if _blank(v) else int(v) for v in values], dtype="int64")
    if kind in {"number", "score"}:
        return pd.Series([math.nan if _blank(v) else float(v) for v in values], dtype="float64")
    if kind == "bool":
        return pd.Series([bool(v) and v not in ("0", "false", "no") for v in values], dtype=bool)
    return pd.Series([default if _blank(v) else str(v).strip() for v in values], dtype=object)


def _as_tuple(value: Any) -> tuple[str, ...]:
    if _blank(value):
        return ()
    if isinstance(value, str):
        value = value.split(";")
    return tuple(str(v).strip() for v in value if str(v).strip())


def million_posts(n: int = 1_000_000) -> pd.DataFrame:
    """`n` random posts over 40 components in 2026 (seeded), as a normalised posts table."""
    rng = np.random.default_rng(7)
    posts = pd.DataFrame(
        {
            "post_id": np.arange(n).astype(str),
            "component_id": rng.choice([f"c{i:02d}" for i in range(40)], n),
            "published_at": pd.Timestamp("2026-01-01")
            + pd.to_timedelta(rng.integers(0, 365 * 24, n), unit="h"),
            "post_type": rng.choice(["photo", "video", "link"], n),
            **{
                c: rng.poisson(lam, n).astype("int64")
                for c, lam in [
                    ("likes", 30),
                    ("comments", 3),
                    ("shares", 2),
                    ("reach", 900),
                    ("impressions", 1500),
                    ("followers", 5000),
                ]
            },  # fmt: skip
            "paid": False,
        }
    )
    return posts


def python_notebook(cells: Iterable[nbformat.NotebookNode] = ()) -> nbformat.NotebookNode:
    """A notebook of `cells` on the `python3` kernel, the kernelspec the templates carry."""
    nb = nbformat.v4.new_notebook(cells=list(cells))
    nb.metadata["kernelspec"] = {
        "name": "python3",
        "display_name": "Python 3",
        "language": "python",
    }
    return nb
