"""A client's history page `<out>/<client>/index.html`: every period run, key figures over time.

Client-ready like the reports: the client's branding, no code, one offline file that runs no
script, and it passes the confidentiality check before it is written (a failing page is kept only
as `index.html.blocked`). It shows only this client's own figures: net sentiment with its 95%
interval (the estimate from human labels where there is one, else the automatic scores), the
engagement rate by reach, constructive actions per day and the goals met, on track and behind;
each point links to that period's reports.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from pathlib import Path

from ..catalogue import CONSTRUCTIVE_ACTIONS_PER_DAY, ENGAGEMENT_RATE_REACH, METRICS, NET_SENTIMENT
from ..errors import WorkbookError
from ..runfolder import Run, net_sentiment_interval, read_runs, reports
from ..storage import atomic_write_text
from ..vocab import GOAL_STATUSES
from ..wording import signed
from . import export, minicharts
from .check import BLOCKED, Secrets, check_report, passed_before, record_pass

__all__ = [
    "HISTORY",
    "periods_of",
    "render_history",
    "write_history",
    "bundle_files",
]

HISTORY = "index.html"


def periods_of(runs: list[Run], client: str) -> list[dict]:
    """One row per run of `client` among `runs`, oldest period first, with figures and links."""
    rows = []
    for run in runs:
        if run.start is None or run.client != client or run.folder.parent.name != client:
            continue
        results, folder = run.results, run.folder
        sentiment = ((results.get("sentiment") or {}).get("_all")) or {}
        value, low, high, source = net_sentiment_interval(sentiment)
        goals = [g.get("status") for g in results.get("goals") or []]
        shown = [Path(name) for name in run.reports]
        rows.append(
            {
                "start": run.start,
                "label": run.label,
                "span": export.dates_span(run.start, run.end),
                "folder": folder.name,
                "href": f"{folder.name}/{shown[0].name}" if shown else "",
                "reports": [
                    {"href": f"{folder.name}/{r.name}", "title": export.template_title(r.stem)}
                    for r in shown
                ],
                "net_sentiment": value,
                "ci_low": low,
                "ci_high": high,
                "source": source,
                "mentions": sentiment.get("n"),
                "labelled": (sentiment.get("estimated") or {}).get("labelled_n"),
                "figures": run.figures,
                "goals": {s: goals.count(s) for s in GOAL_STATUSES},
            }
        )
    return sorted(rows, key=lambda r: r["start"])


def render_history(rows: list[dict], brand: dict) -> str:
    """The history page's HTML for a client's rows (`periods_of`) and its `export.branding`."""
    figures = [r["figures"] for r in rows]
    charts = [
        {
            "title": "Net sentiment (positive minus negative, per 100 mentions)",
            "note": "dots: the figure; bars: its 95% interval",
            "chart": minicharts.series_chart(
                [
                    _point(
                        r, r["net_sentiment"], signed(r["net_sentiment"], blank="–"), _interval(r)
                    )
                    for r in rows
                ],
                fmt=METRICS[NET_SENTIMENT].axis_spec,
            ),
        },
        {
            "title": "Engagement rate by reach (engagements per 100 people reached)",
            "note": "",
            "chart": minicharts.series_chart(
                [
                    _point(r, f[ENGAGEMENT_RATE_REACH], _written(f, ENGAGEMENT_RATE_REACH))
                    for r, f in zip(rows, figures, strict=True)
                ],
                fmt=METRICS[ENGAGEMENT_RATE_REACH].axis_spec,
            ),
        },
        {
            "title": "Constructive actions per day (comments, votes, referrals)",
            "note": "",
            "chart": minicharts.series_chart(
                [
                    _point(
                        r,
                        f[CONSTRUCTIVE_ACTIONS_PER_DAY],
                        _written(f, CONSTRUCTIVE_ACTIONS_PER_DAY),
                    )
                    for r, f in zip(rows, figures, strict=True)
                ],
                fmt=METRICS[CONSTRUCTIVE_ACTIONS_PER_DAY].axis_spec,
            ),
        },
    ]
    return export.render_page(
        "history",
        **brand,
        rows=rows,
        charts=charts,
        goal_bars=_goal_bars(rows),
        generated=export.long_date(dt.date.today()),
    )


def write_history(
    out_root: Path | str,
    client: str,
    brand: dict,
    runs: list[Run],
    *,
    data_root=None,
    names: str | None = None,
) -> Path | None:
    """Write `<out>/<client>/index.html` after the confidentiality check; None without runs.

    `brand` is the client's `export.branding`, `runs` the output root as `runfolder.read_runs`
    read it. A page that fails the check is kept only as `index.html.blocked` for the analyst.
    With `names` (`check.names_digest`), a page identical to the one written and passed with the
    same names is left as it is, unchecked.
    """
    rows = periods_of(runs, client)
    if not rows:
        return None
    target = Path(out_root) / client / HISTORY
    made_of = _digest(rows, brand)
    if names and passed_before(target, made_of, names):
        return target  # the same rows and brand made the page that is there, and it passed
    page = render_history(rows, brand)
    secrets = Secrets.of(client, data_root, out_root=out_root)
    if check_report(page.encode("utf-8"), HISTORY, secrets):
        target.unlink(missing_ok=True)
        return atomic_write_text(target.with_name(HISTORY + BLOCKED), page)
    target.with_name(HISTORY + BLOCKED).unlink(missing_ok=True)
    atomic_write_text(target, page)
    if names:
        record_pass(target, made_of, names)
    return target


def _digest(rows: list[dict], brand: dict) -> str:
    """What a history page is made of: its rows, the brand and the page templates."""
    made_of = json.dumps([rows, brand, export.templates_digest()], sort_keys=True, default=str)
    return hashlib.sha256(made_of.encode()).hexdigest()


def bundle_files(out_root: Path | str, client: str, *, data_root=None):
    """The files `share --history` adds: (name inside the bundle, path) and the problems found.

    The history page as `history/index.html` and every period's reports under
    `history/<period>/`, so that its links open offline; each period's reports and the page
    pass the confidentiality check.
    """
    from .check import check_run_folder

    page = Path(out_root) / client / HISTORY
    if not page.is_file():
        raise WorkbookError(
            f"no history page for {client} in '{out_root}': run `socialworkbook run {client}` "
            "first (a page that failed the check is kept as index.html.blocked)"
        )
    secrets = Secrets.of(client, data_root, out_root=out_root)
    problems = check_report(page.read_bytes(), f"{client}/{HISTORY}", secrets)
    files = [(f"history/{HISTORY}", page)]
    for row in periods_of(read_runs(out_root, client), client):
        folder = Path(out_root) / client / row["folder"]
        problems += check_run_folder(folder, data_root=data_root)
        files += [(f"history/{row['folder']}/{p.name}", p) for p in reports(folder)]
    return files, problems


def _point(row: dict, value, text: str, interval: tuple = (None, None)) -> dict:
    low, high = interval
    return {
        "label": row["label"],
        "value": value,
        "low": low,
        "high": high,
        "href": row["href"],
        "text": f"{row['label']}: {text}",
    }


def _interval(row: dict) -> tuple:
    return row["ci_low"], row["ci_high"]


def _goal_bars(rows: list[dict]) -> dict:
    """Stacked bars of goals met, on track and behind per period (heights in pixels); no bars
    where no period has a goal (the page then leaves the chart out)."""
    most = max((sum(r["goals"].values()) for r in rows), default=0) or 1
    step = (minicharts.WIDTH - 56) / max(len(rows), 1)
    bars = []
    for i, row in enumerate(rows):
        bottom, parts = 122.0, []
        for status in GOAL_STATUSES:
            height = 100 * row["goals"].get(status, 0) / most
            parts.append({"status": status, "y": round(bottom - height, 1), "h": round(height, 1)})
            bottom -= height
        counts = row["goals"]
        text = (
            f"{row['label']}: {counts['met']} met, {counts['on_track']} on track, "
            f"{counts['behind']} behind, {counts['no_data']} without data"
            + (f", {counts['unverified']} unverified" if counts.get("unverified") else "")
        )
        bars.append(
            {
                "x": round(44 + step * i + step * 0.2, 1),
                "w": round(step * 0.6, 1),
                "parts": parts,
                "label": row["label"],
                "href": row["href"],
                "text": text,
            }
        )
    any_set = any(sum(r["goals"].values()) for r in rows)  # no goals ever: no chart of zeros
    return {"width": minicharts.WIDTH, "bars": bars if any_set else [], "most": most}


def _written(figures: dict, key: str) -> str:
    """A figure as the catalogue writes it (its `spec`), "–" without one."""
    value = figures[key]
    return "–" if value is None else METRICS[key].spec.format(value)
