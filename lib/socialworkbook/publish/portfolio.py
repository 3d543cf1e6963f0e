"""The consultancy's portfolio page `<out>/index.html`: every client x period, status, figures.

One row per run folder `<out>/<client>/<period>/`: the run's status, the board's few figures from
results.json (net sentiment and its shift, engagement rate, goals met) and links to the reports,
marked "standing out of date" where its board summary shows a standing older than its refreshed
benchmarks (`runfolder.Run.stale`); then, per peer group, each key figure across its
clients and their trends (`peergroups`). The columns sort with a few lines of inline script
(allowed by the page's CSP through its hash); the page loads nothing and works offline. It is
for the consultancy only: no client's share bundle includes it.
"""

from __future__ import annotations

import base64
import contextlib
import datetime as dt
import hashlib
import json
from pathlib import Path

import orjson
from markupsafe import Markup

from .. import runfolder
from ..catalogue import ENGAGEMENT_RATE_IMPRESSIONS, ENGAGEMENT_RATE_REACH
from ..runfolder import Run
from ..storage import atomic_write_text, signature_of, write_json
from . import export, peergroups

__all__ = ["collect_runs", "index_figures", "write_index"]

_SCRIPT = export.TEMPLATE_DIR / "socialworkbook" / "sortable.js"


def collect_runs(runs: list[Run]) -> list[dict]:
    """One row per run folder with a run.json, by client and period.

    `runs` are the output root as `runfolder.read_runs` read it.
    """
    rows = []
    for run in runs:
        if run.record is None:
            continue  # a run being written or broken: it shows up on the next index
        record, client, period = run.record, run.folder.parent.name, run.folder.name
        rows.append(
            {
                "client": client,
                "client_name": record.client_name or client,
                "period": period,
                "status": record.status,
                "succeeded": record.succeeded,
                "failed": record.failed_templates(),
                "finished_at": record.finished_at,
                "reports": [
                    {
                        "href": f"{client}/{period}/{name}",
                        "title": f"{name[:2]} {export.template_title(name[:-5])}",
                    }
                    for name in run.reports
                ],
                "figures": index_figures(run.results or {}),
                "stale": run.stale,
            }
        )
    return rows


def index_figures(results: dict) -> dict:
    """The figures an index page leads with, of one results.json; None where the run has none.

    The portfolio index's row of a run and a client's share bundle show them.

    net_sentiment (-100..100, the client's own brand): from the labelled random sample's
    estimate where there is one (with net_interval, net_labelled and net_vader, the automatic
    scorer's figure), else VADER's; shift (percentage points of positive share against the
    baseline; estimated from the labelled samples where there is an estimate) with the run's
    one verdict on it, shift_beyond_chance (True, False, or None when untested),
    shift_labelled (whether it is the estimated one) and shift_p_adjusted; engagement_rate
    with its engagement_basis ("reach", else "impressions": the label says which); goals_met
    of goals.
    """
    sentiment = ((results or {}).get("sentiment") or {}).get("_all") or {}
    entry = ((results or {}).get("sentiment_shift") or {}).get("_all") or {}
    shift = entry.get("estimated") or entry  # the estimated shift is the test where there is one
    posts = ((results or {}).get("posts") or {}).get("_all") or {}
    goals = (results or {}).get("goals") or []
    reach = posts.get(ENGAGEMENT_RATE_REACH)
    rate = reach if reach is not None else posts.get(ENGAGEMENT_RATE_IMPRESSIONS)
    basis = None if rate is None else "reach" if reach is not None else "impressions"
    difference = shift.get("difference")
    verdict = shift.get("verdict") or ""
    tested = verdict.endswith("chance") and not verdict.startswith("not tested")
    estimated = sentiment.get("estimated") or {}  # a labelled random sample's estimate leads
    return {
        "net_sentiment": estimated.get("net_sentiment", sentiment.get("net_sentiment")),
        "net_interval": [estimated["ci_low"], estimated["ci_high"]] if estimated else None,
        "net_labelled": estimated.get("labelled_n"),
        "net_vader": sentiment.get("net_sentiment") if estimated else None,
        "shift": None if difference is None else 100 * difference,
        "shift_beyond_chance": verdict.endswith("beyond chance") if tested else None,
        "shift_labelled": (shift is not entry) if entry else None,
        "shift_p_adjusted": shift.get("p_adjusted"),
        "engagement_rate": rate,
        "engagement_basis": basis,
        "goals_met": sum(g.get("status") == "met" for g in goals) if goals else None,
        "goals": len(goals) if goals else None,
    }


def write_index(out_root: Path, runs: list[Run]) -> Path:
    """Write the portfolio index (offline, no scripts from outside) and return its path.

    `runs`: the output root as `runfolder.read_runs` read it. An index made of the same rows,
    peer groups and page templates as the one there (`runfolder.INDEX_MADE_OF` records what it
    was made of, with the file's stat) is left as it is: its "Generated" time is when its
    content last changed.
    """
    rows, groups = collect_runs(runs), peergroups.peer_groups(runs)
    target = Path(out_root) / "index.html"
    made_of = hashlib.sha256(
        json.dumps([rows, groups, export.templates_digest()], sort_keys=True, default=str).encode()
    ).hexdigest()
    record = Path(out_root) / runfolder.INDEX_MADE_OF
    if _made_of(record) == {"made_of": made_of, "stat": signature_of(target)}:
        return target
    script = _SCRIPT.read_text(encoding="utf-8")
    digest = base64.b64encode(hashlib.sha256(script.encode("utf-8")).digest()).decode("ascii")
    page = export.render_page(
        "portfolio",
        rows=rows,
        groups=groups,
        generated=dt.datetime.now().strftime("%d %B %Y, %H:%M"),
        script=Markup(script),  # our own file, hashed below: not escaped
        script_hash=f"sha256-{digest}",
    )
    atomic_write_text(target, page)
    with contextlib.suppress(OSError):  # only a shortcut: the next batch writes the index again
        write_json(record, {"made_of": made_of, "stat": signature_of(target)})
    return target


def _made_of(record: Path) -> dict | None:
    try:
        return orjson.loads(record.read_bytes())
    except (OSError, ValueError):
        return None
