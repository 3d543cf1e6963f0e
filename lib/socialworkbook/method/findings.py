"""Findings: the gaps the kit reports to a client, each with a recommendation and where to look."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass

import pandas as pd

from .. import memo
from ..model import Client

__all__ = [
    "Finding",
    "SEVERITIES",
    "NOTEBOOK_NAME",
    "SECTION",
    "producer",
    "produced",
    "as_result",
    "as_results",
    "from_results",
    "prioritise",
    "findings_table",
    "action_list",
]

# Most severe first; `prioritise` sorts in this order.
SEVERITIES: tuple[str, ...] = ("high", "medium", "low")

NOTEBOOK_NAME = re.compile(r"\d\d_[a-z0-9]+(?:_[a-z0-9]+)*")
"""The shape of a template's name (`NN_name`, as in templates/): any template, the kit's or a
workspace's own, may be the one a finding points to."""

SECTION = "findings"
"""The anchor (`<a id="findings"></a>` in its heading) of the section of a template that lists
its findings: where the board's "Detail" link of a finding goes (`notebook.ranked_html`)."""

_PRODUCERS: dict[str, Callable[[Client], Iterable[Finding]]] = {}


@dataclass(frozen=True)
class Finding:
    """One gap, stated for a board, with what to do about it and which notebook shows the detail.

    Attributes
    ----------
    id : str
        Stable slug, the same from run to run for the same gap, e.g. "no-listening-post" or
        "no-component-for-function:hr".
    severity : str
        "high", "medium" or "low".
    text : str
        One sentence stating the gap in plain words.
    recommendation : str
        One line: what to do.
    notebook : str
        The template that shows the detail (a name of the `NOTEBOOK_NAME` form).
    """

    id: str
    severity: str
    text: str
    recommendation: str
    notebook: str

    def __post_init__(self) -> None:
        if self.severity not in SEVERITIES:
            raise ValueError(f"severity must be one of {SEVERITIES}, not {self.severity!r}")
        if not isinstance(self.notebook, str) or not NOTEBOOK_NAME.fullmatch(self.notebook):
            raise ValueError(
                f"notebook must name a template as NN_name (e.g. 05_own_check), "
                f"not {self.notebook!r}"
            )
        if not self.id:
            raise ValueError("a finding needs an id")


def producer(notebook: str):
    """Register the decorated `function(client) -> findings` as the producer of the findings
    template `notebook` records (the board and the action plan ask every producer: `produced`).

    A workspace's own template needs no producer: it records its findings (`Workbook.record`),
    and the board takes them from results.json (`from_results`).
    """
    if not NOTEBOOK_NAME.fullmatch(notebook):
        raise ValueError(f"a findings producer names a template as NN_name, not {notebook!r}")

    def register(function: Callable[[Client], Iterable[Finding]]):
        _PRODUCERS[notebook] = function
        return function

    return register


def produced(client: Client) -> list[Finding]:
    """The findings of every registered producer for `client`, in template order (in a batch
    run each producer's computed once for the client's notebooks, `memo`)."""
    return [
        finding
        for name in sorted(_PRODUCERS)
        for finding in memo.remembered(
            f"findings-{name}", client, lambda name=name: list(_PRODUCERS[name](client))
        )
    ]


def as_result(finding: Finding) -> dict[str, str]:
    """The finding as a results.json `findings` entry: id, severity, text, recommendation, notebook.

    `text` is the gap only; the recommendation has its own key.
    """
    return {
        "id": finding.id,
        "severity": finding.severity,
        "text": finding.text,
        "recommendation": finding.recommendation,
        "notebook": finding.notebook,
    }


def as_results(findings: Iterable[Finding]) -> list[dict[str, str]]:
    """Every finding as a results.json `findings` entry, in the given order."""
    return [as_result(f) for f in findings]


def from_results(results: dict | None) -> list[Finding]:
    """The findings a run's notebooks recorded (the `findings` of a results.json object), in
    the order recorded; none for None or a run without findings."""
    return [Finding(**entry) for entry in (results or {}).get("findings") or []]


def findings_table(findings: Iterable[Finding]) -> pd.DataFrame:
    """Findings for a reader, most severe first: severity, finding, what to do."""
    ordered = prioritise(findings)
    return pd.DataFrame(
        {
            "severity": [f.severity for f in ordered],
            "finding": [f.text for f in ordered],
            "what to do": [f.recommendation for f in ordered],
        }
    )


def prioritise(findings: Iterable[Finding]) -> list[Finding]:
    """Findings most severe first, in given order within a severity; repeated ids dropped, and
    a finding whose words repeat an earlier one's (two producers seeing the same gap)."""
    seen: set[str] = set()
    said: set[tuple[str, str]] = set()
    unique = []
    for finding in findings:
        words = (finding.text, finding.recommendation)
        if finding.id not in seen and words not in said:
            seen.add(finding.id)
            said.add(words)
            unique.append(finding)
    return sorted(unique, key=lambda f: SEVERITIES.index(f.severity))


def action_list(findings: Iterable[Finding]) -> pd.DataFrame:
    """A numbered action list: priority (1 = first), severity, action, why, where; index: id."""
    ordered = prioritise(findings)
    frame = pd.DataFrame(
        {
            "priority": range(1, len(ordered) + 1),
            "severity": [f.severity for f in ordered],
            "action": [f.recommendation for f in ordered],
            "why": [f.text for f in ordered],
            "where": [f.notebook for f in ordered],
        },
        index=pd.Index([f.id for f in ordered], name="finding"),
    )
    return frame.astype({"priority": "int64"})
