"""results.json: each notebook records its sections; the runner merges them (CONTRACT.md 3)."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from .runfolder import PARTS
from .storage import json_safe, write_json

__all__ = ["PUBLISH_ENV", "SECTIONS", "record", "read_parts", "assemble"]

PUBLISH_ENV = "SOCIALWORKBOOK_PUBLISH"
"""Set to "1" by the runner in the kernels it starts: only there does a notebook write its run
folder. An analyst re-running an executed notebook (whose parameters still name the published
run folder) writes nothing there, so the run's HTML, results.json and scored_mentions.csv keep
agreeing."""

# The sections notebooks fill; a section no notebook recorded is null, never invented.
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


def record(output_dir: str | Path, notebook: str, **sections) -> Path | None:
    """Record results sections of one notebook under `<output_dir>/.parts/` (no-op without dir)."""
    if not output_dir:
        return None
    unknown = set(sections) - set(SECTIONS) - {"extra"}
    if unknown:
        raise ValueError(f"unknown results sections: {sorted(unknown)}; known: {SECTIONS}")
    return write_json(Path(output_dir) / PARTS / f"{notebook}.json", sections)


def read_parts(run_dir: Path) -> dict[str, dict]:
    """The recorded parts of a run folder, by notebook name."""
    folder = Path(run_dir) / PARTS
    if not folder.is_dir():
        return {}
    return {p.stem: json.loads(p.read_text()) for p in sorted(folder.glob("*.json"))}


def assemble(client, parts: dict[str, dict], *, kit_version: str) -> dict:
    """Merge the notebooks' parts with the run's own facts into the results.json object."""
    merged: dict = {name: None for name in SECTIONS}
    findings: dict[str, dict] = {}
    for part in parts.values():
        for name, value in part.items():
            if name == "findings":
                for item in value or []:
                    findings.setdefault(item["id"], item)
            elif name in SECTIONS and value is not None:
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
