"""results.json: each notebook records its sections; the runner merges them (CONTRACT.md 3)."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

from .runfolder import PARTS, RESULTS_JSON
from .storage import json_safe, write_json

__all__ = ["PUBLISH_ENV", "SECTIONS", "RUN_KEYS", "record", "read_parts", "assemble"]

PUBLISH_ENV = "SOCIALWORKBOOK_PUBLISH"
"""Set to "1" by the runner in the kernels it starts: only there does a notebook write its run
folder. An analyst re-running an executed notebook (whose parameters still name the published
run folder) writes nothing there, so the run's HTML, results.json and scored_mentions.csv keep
agreeing."""

# The contract's sections notebooks fill; a section no notebook recorded is null, never invented.
# A workspace's own template may record a section of its own besides (a slug, `_SECTION_NAME`).
SECTIONS = (
    "ecosystem",
    "findings",
    "posts",
    "sentiment",
    "sentiment_competitors",
    "share_of_voice",
    "sentiment_shift",
    "goals",
)
# The run's own facts at the head of results.json (`assemble`); no notebook records these.
RUN_KEYS = (
    "client",
    "client_name",
    "period",
    "baseline",
    "peer_group",
    "benchmarks",
    "kit_version",
    "generated_at",
    "inputs_sha256",
    "data_quality",
)
_SECTION_NAME = re.compile(r"[a-z][a-z0-9_]*")


def record(output_dir: str | Path, notebook: str, **sections) -> Path | None:
    """Record results sections of one notebook under `<output_dir>/.parts/` (no-op without dir).

    A section is one of the contract's `SECTIONS` or a template's own, named by a slug
    ("a-z", digits, "_"); a name of the run's own facts (`RUN_KEYS`) is refused.
    """
    taken = sorted(set(sections) & set(RUN_KEYS))
    if taken:
        raise ValueError(
            f"{notebook}: {RESULTS_JSON} keeps {taken} for the run's own facts; "
            "record the section under another name"
        )
    malformed = sorted(name for name in sections if not _SECTION_NAME.fullmatch(name))
    if malformed:
        raise ValueError(
            f"{notebook}: a results section is named by a slug (a-z, digits and _, "
            f"e.g. own_checks), not {malformed}"
        )
    if not output_dir:
        return None
    return write_json(Path(output_dir) / PARTS / f"{notebook}.json", sections)


def read_parts(run_dir: Path) -> dict[str, dict]:
    """The recorded parts of a run folder, by notebook name."""
    folder = Path(run_dir) / PARTS
    if not folder.is_dir():
        return {}
    return {p.stem: json.loads(p.read_text()) for p in sorted(folder.glob("*.json"))}


def assemble(client, parts: dict[str, dict], *, kit_version: str) -> dict:
    """Merge the notebooks' parts with the run's own facts into the results.json object: the
    run's facts (`RUN_KEYS`), the contract's `SECTIONS`, then the templates' own sections."""
    merged: dict = {name: None for name in SECTIONS}
    findings: dict[str, dict] = {}
    for part in parts.values():
        for name, value in part.items():
            if name == "findings":
                for item in value or []:
                    findings.setdefault(item["id"], item)
            elif name not in RUN_KEYS and (value is not None or name not in merged):
                merged[name] = value
    if any("findings" in p for p in parts.values()):
        merged["findings"] = list(findings.values())
    head = {
        "client": client.slug,
        "client_name": client.config.name,
        "period": client.period.as_dict() | {"label": client.period.label},
        "baseline": None
        if client.baseline is None
        else client.baseline.as_dict() | {"label": client.baseline.label},
        "peer_group": client.config.peer_group or None,
        "benchmarks": None,  # filled by the batch's post-pass (benchmarks.refresh)
        "kit_version": kit_version,
        "generated_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "inputs_sha256": dict(sorted(client.inputs_sha256.items())),
        "data_quality": client.data_quality,
    }
    return json_safe(head | merged)
