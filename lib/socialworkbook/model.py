"""The in-memory shape of a validated client: configuration plus normalised tables.

Every table is a DataFrame holding every column of its spec in `vocab.TABLES` (extra input
columns are kept as text), normalised as follows:

- text: `str`, "" when empty; `vocab`: `str`, the spec default (status: "active") or "" when empty
- multi (`;`-separated): a tuple of stripped strings, () when empty
- datetime: pandas `datetime64[ns]`, naive; a value with an offset keeps its local wall-clock time
- count: `int64`, empty cells read as 0. A count column absent from the input stays absent, so
  that rates over it are null rather than zero.
- number and score: `float64`, NaN when empty; bool (`paid`): `bool`
- mentions.author: a stable pseudonym ("p-" + 12 hex digits) or ""; the raw value is never kept
- `_row`: the spreadsheet row the line came from (header = row 1)
- posts `_unmeasured_<count>` (bool, only where it is true somewhere): the post's component left
  that count blank on every post, i.e. its platform does not have it; reports say n/a, not 0

Optional tables that are absent are empty DataFrames with the same columns.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # a Client is made by intake, which imports pandas
    import pandas as pd

from .periods import Period

__all__ = ["ClientConfig", "Client", "UNMEASURED"]

UNMEASURED = "_unmeasured_"
"""Prefix of the posts columns marking a count its component does not measure (see above)."""


@dataclass(frozen=True)
class ClientConfig:
    """The validated content of client.yaml."""

    name: str
    period: Period
    baseline: Period | str | None = None  # a Period, or `periods.PREVIOUS`
    peer_group: str = ""
    industry: str = ""
    currency: str = ""
    competitors: tuple[str, ...] = ()
    brand: str = ""
    brand_color: str = "#1f4e79"
    logo: str | None = None
    dimensions: tuple[str, ...] = ()
    language: str = ""  # ISO 639-1 code of the mentions' language when stated, else ""


@dataclass
class Client:
    """A validated client: what every library function and template works on."""

    slug: str
    folder: Path
    config: ClientConfig
    period: Period
    baseline: Period | None
    tables: dict[str, pd.DataFrame]
    data_quality: dict[str, dict] = field(default_factory=dict)  # intake's, per table
    inputs_sha256: dict[str, str] = field(default_factory=dict)
    sources: dict[str, str] = field(default_factory=dict)
    warnings: list = field(default_factory=list)  # errors.Problem: read, but worth a look

    def table(self, name: str) -> pd.DataFrame:
        """The normalised table `name` (empty when the client has none)."""
        return self.tables[name]

    def component_names(self) -> dict[str, str]:
        """Component id -> the name the client gave it in `ecosystem` (its id where none)."""
        eco = self.tables["ecosystem"]
        return {
            str(cid): str(name) or str(cid)
            for cid, name in zip(eco["component_id"], eco["name"], strict=True)
        }

    def in_period(self, name: str, column: str = "published_at", *, baseline: bool = False):
        """Rows of table `name` whose `column` falls in the period (or the baseline)."""
        span = self.baseline if baseline else self.period
        frame = self.tables[name]
        if span is None:
            return frame.iloc[0:0]
        return frame[_between(frame[column], span.start, span.end)]


def _between(values: pd.Series, start: dt.date, end: dt.date) -> pd.Series:
    import pandas as pd

    days = values.dt.normalize()
    return (days >= pd.Timestamp(start)) & (days <= pd.Timestamp(end))
