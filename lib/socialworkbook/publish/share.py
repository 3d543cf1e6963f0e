"""`socialworkbook share`: one client's HTML reports and an index page, zipped, ready to send.

The bundle holds only files of that client's run folder (its `NN_*.html` reports), an index page and
a provenance appendix made for that client and, with `pdf=True`, one PDF per report and the client
pack (cover, contents, the reports, the appendix); never the portfolio `notebooks/index.html`, never
another client's files. The confidentiality check runs first (on the reports and on the pages made
here), and any problem refuses the whole bundle: a partly sent report set is worse than none.
"""

from __future__ import annotations

import datetime as dt
import html
import io
import json
import re
import tempfile
import zipfile
from pathlib import Path

from ..errors import ConfidentialityError, WorkbookError
from ..intake import read_client
from ..paths import check_slug, default_out_root
from ..periods import parse_period
from ..storage import atomic_write_bytes
from . import export
from .check import Secrets, check_report, check_run_folder
from .portfolio import index_figures

__all__ = ["share_bundle"]

PROVENANCE = "provenance.html"
_TITLE = re.compile(r'<h1 class="swb-title">(.*?)</h1>', re.DOTALL)


def share_bundle(
    client: str,
    period: str | None = None,
    out: Path | str | None = None,
    dest: Path | str | None = None,
    data_root: Path | str | None = None,
    pdf: bool = False,
    history: bool = False,
) -> Path:
    """Write the zip of `client`'s reports for `period` (default: its latest run); return its path.

    `dest` defaults to `<out>/<client>/<period>/<client>-<period>-reports.zip`. With `pdf`, the
    bundle also holds `pdf/NN_name.pdf` per report and `<client>-<period>-pack.pdf`. `history` adds
    the client's history page and every period's reports under `history/` (`history.bundle_files`).

    Raises
    ------
    errors.ConfidentialityError
        When a report or the index fails the confidentiality check (every problem is listed).
    errors.WorkbookError
        When the client has no finished, successful run for the period.
    errors.EngineMissingError
        With `pdf`, when Chromium or playwright is missing (the message gives the install command).
    """
    run_dir = _run_folder(check_slug(client), period, Path(out) if out else default_out_root())
    info = json.loads((run_dir / "run.json").read_text())
    if info.get("status") != "succeeded":
        raise WorkbookError(
            f"the run in '{run_dir}' did not succeed ({info.get('status')}): fix it and run "
            f"`socialworkbook run {client}` again before sharing"
        )
    reports = sorted(run_dir.glob("[0-9][0-9]_*.html"))
    if not reports:
        raise WorkbookError(f"no reports in '{run_dir}': run `socialworkbook run {client}` first")
    problems = check_run_folder(run_dir, data_root=data_root)
    top = f"{client}-{run_dir.name}"
    facts = _facts(info, run_dir, reports, data_root) | {"pack": f"{top}-pack.pdf" if pdf else ""}
    pages = {
        "index.html": export.render_page("bundle", **facts).encode("utf-8"),
        PROVENANCE: export.render_page("provenance", **facts).encode("utf-8"),
    }
    secrets = Secrets.of(client, data_root, out_root=run_dir.parent.parent)
    for name, page in pages.items():
        problems += check_report(page, name, secrets)
    extra = []
    if history:
        from .history import bundle_files

        extra, found = bundle_files(run_dir.parent.parent, client, data_root=data_root)
        problems += found
    if problems:
        listing = "\n".join(f"  - {p}" for p in problems)
        raise ConfidentialityError(
            f"not sharing {client} {run_dir.name}: {len(problems)} problem(s):\n{listing}"
        )
    buffer = io.BytesIO()
    printed = _printed(facts, reports, pages[PROVENANCE], top) if pdf else {}
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as bundle:
        for name, page in pages.items():
            bundle.writestr(f"{top}/{name}", page)
        for report in reports:
            bundle.write(report, f"{top}/{report.name}")
        for name, data in printed.items():
            bundle.writestr(f"{top}/{name}", data)
        for name, path in extra:
            bundle.write(path, f"{top}/{name}")
    return atomic_write_bytes(
        Path(dest) if dest else run_dir / f"{top}-reports.zip", buffer.getvalue()
    )


def _run_folder(client: str, period: str | None, out: Path) -> Path:
    """The run folder of `client` for `period`, or the one whose run finished last."""
    if period:
        try:
            slug = parse_period(period.replace("_to_", "..")).slug
        except ValueError as exc:
            raise WorkbookError(str(exc)) from None
        run_dir = out / client / slug
        if not (run_dir / "run.json").is_file():
            raise WorkbookError(
                f"no run of {client} for {period} in '{out}': `socialworkbook run {client} "
                f"--period {period}` first"
            )
        return run_dir
    runs = [p.parent for p in (out / client).glob("*/run.json")]
    if not runs:
        raise WorkbookError(f"no run of {client} in '{out}': `socialworkbook run {client}` first")
    return max(runs, key=lambda p: json.loads((p / "run.json").read_text()).get("finished_at", ""))


def _facts(info: dict, run_dir: Path, reports: list[Path], data_root) -> dict:
    """What the bundle's own pages show: this client's key figures, reports and provenance."""
    results = json.loads((run_dir / "results.json").read_text())
    brand = export.branding(read_client(info["client"], data_root=data_root))
    templates = info.get("templates") or {}
    return brand | {
        "period": info.get("period") or run_dir.name,
        "period_span": export.period_span(info.get("period") or ""),
        "prepared": _prepared(info.get("finished_at", "")),
        "figures": index_figures(results),
        "reports": [
            {
                "href": p.name,
                "title": _title(p),
                "version": templates.get(p.stem, {}).get("template_version", ""),
                "finished": _prepared(templates.get(p.stem, {}).get("finished_at", "")),
            }
            for p in reports
        ],
        "provenance": PROVENANCE,
        "inputs": sorted((info.get("inputs_sha256") or {}).items()),
        "kit_version": info.get("kit_version", ""),
        "kit_fingerprint": info.get("kit_fingerprint", ""),
    }


def _printed(facts: dict, reports: list[Path], provenance: bytes, top: str) -> dict[str, bytes]:
    """`pdf/NN_name.pdf` of every report and the client pack, printed by Chromium."""
    from . import pdf

    name = facts["client_name"]
    printed, parts = {}, []
    with pdf.printer() as printer, tempfile.TemporaryDirectory() as tmp:
        appendix = Path(tmp) / PROVENANCE
        appendix.write_bytes(provenance)
        titles = [report["title"] for report in facts["reports"]] + ["Provenance appendix"]
        for path, title in zip([*reports, appendix], titles, strict=True):
            part = pdf.Part(title, printer.print(path))
            parts.append(part)
            if path is not appendix:
                printed[f"pdf/{path.stem}.pdf"] = printer.numbered(part.pdf, f"{name} · {title}")
        front = export.render_page(
            "pack", **facts, parts=[{"title": p.title} for p in parts], appendix=len(parts) - 1
        )
        printed[f"{top}-pack.pdf"] = printer.pack(front, parts, client_name=name)
    return printed


def _prepared(finished_at: str) -> str:
    """`2026-10-01T09:30:00+00:00` -> `1 October 2026` (as written when it is not a date-time)."""
    try:
        return export.long_date(dt.datetime.fromisoformat(finished_at).date())
    except ValueError:
        return finished_at


def _title(report: Path) -> str:
    """A report's title, as its header shows it."""
    found = _TITLE.search(report.read_text(encoding="utf-8"))
    return html.unescape(found.group(1)).strip() if found else report.stem
