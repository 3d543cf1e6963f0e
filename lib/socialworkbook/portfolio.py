"""The consultancy's portfolio page `<out>/index.html`: every client and period, status, links."""

from __future__ import annotations

import html
import json
from pathlib import Path

from .storage import atomic_write_text

__all__ = ["collect_runs", "write_index"]


def collect_runs(out_root: Path) -> list[dict]:
    """One row per `<client>/<period>/run.json` under the output root."""
    rows = []
    for run_json in sorted(Path(out_root).glob("*/*/run.json")):
        run_dir = run_json.parent
        try:
            info = json.loads(run_json.read_text())
        except (OSError, ValueError):
            continue
        results_path = run_dir / "results.json"
        results = json.loads(results_path.read_text()) if results_path.is_file() else {}
        rows.append(
            {
                "client": run_dir.parent.name,
                "client_name": info.get("client_name") or run_dir.parent.name,
                "period": run_dir.name,
                "status": info.get("status", "unknown"),
                "finished_at": info.get("finished_at", ""),
                "reports": sorted(p.name for p in run_dir.glob("*.html")),
                "results": results,
            }
        )
    return rows


def write_index(out_root: Path) -> Path:
    """Write the portfolio index (offline, no scripts from outside) and return its path."""
    rows = collect_runs(out_root)
    body = "\n".join(_row(r) for r in rows) or '<tr><td colspan="4">No runs yet.</td></tr>'
    page = f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>socialworkbook portfolio</title></head>
<body><h1>Portfolio</h1>
<table><thead><tr><th>Client</th><th>Period</th><th>Status</th><th>Reports</th></tr></thead>
<tbody>
{body}
</tbody></table></body></html>
"""
    return atomic_write_text(Path(out_root) / "index.html", page)


def _row(r: dict) -> str:
    e = html.escape
    links = " ".join(
        f'<a href="{e(r["client"])}/{e(r["period"])}/{e(name)}">{e(name[:-5])}</a>'
        for name in r["reports"]
    )
    return (
        f"<tr><td>{e(r['client_name'])}</td><td>{e(r['period'])}</td>"
        f"<td>{e(r['status'])}</td><td>{links}</td></tr>"
    )
