"""A report section's story: the claim in words and the chart that shows it.

The measure stage writes stories (`metrics`, `stats`, `sentiment`, `estimate`); the lab tells
them (`Workbook.tell`, `Workbook.show_bars`) and templates hand them on. A module of the shared
base of its own: it is neither a client's data (`model`) nor any one measure's.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["Story"]


@dataclass(frozen=True)
class Story:
    """One section's claim, and how its chart is told; every field is text ("" when none).

    Attributes
    ----------
    headline : str
        The claim in one sentence, shown in bold.
    detail : str
        What the claim rests on, after the headline.
    title : str
        The chart's title: the finding it shows.
    subtitle : str
        A line under the chart's title.
    measure : str
        The column the chart draws.
    xlabel, ylabel : str
        The chart's axis labels.
    highlight : str
        The bar drawn in the brand colour.
    """

    headline: str
    detail: str = ""
    title: str = ""
    subtitle: str = ""
    measure: str = ""
    xlabel: str = ""
    ylabel: str = ""
    highlight: str = ""
