"""`socialworkbook share`: one client's HTML reports and an index page, zipped, ready to send.

The bundle holds only files of that client's run folder (its `NN_*.html` reports), an index page and
a provenance appendix made for that client and, with `pdf=True`, one PDF per report and the client
pack (cover, contents, the reports, the appendix); never the portfolio `notebooks/index.html`, never
another client's files. The confidentiality check runs first (on the reports and on the pages made
here, then on the printed PDFs), and any problem refuses the whole bundle: a partly sent report
set is worse than none.
"""

from __future__ import annotations

import datetime as dt
import html
import io
import re
import tempfile
import zipfile
from pathlib import Path

from ..errors import ConfidentialityError, WorkbookError
from ..intake import read_client
from ..paths import check_slug, default_out_root
from ..periods import parse_period
from ..runfolder import RunRecord, latest_run, read_record, read_results, reports, run_folder
from ..storage import atomic_write_bytes
from . import export
from .check import Secrets, check_pdf, check_report, check_run_folder
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
    record = read_record(run_dir)
    if record is None or not record.succeeded:
        raise WorkbookError(
            f"the run in '{run_dir}' did not succeed ({record.status if record else 'unreadable'}"
            f"): fix it and run `socialworkbook run {client}` again before sharing"
        )
    shown = reports(run_dir)
    if not shown:
        raise WorkbookError(f"no reports in '{run_dir}': run `socialworkbook run {client}` first")
    problems = check_run_folder(run_dir, data_root=data_root)
    top = f"{client}-{run_dir.name}"
    facts = _facts(record, run_dir, shown, data_root) | {"pack": f"{top}-pack.pdf" if pdf else ""}
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
    _refuse(client, run_dir, problems)
    printed = _printed(facts, shown, pages[PROVENANCE], top) if pdf else {}
    for name, data in printed.items():
        problems += check_pdf(data, name, secrets)
    _refuse(client, run_dir, problems)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as bundle:
        for name, page in pages.items():
            bundle.writestr(f"{top}/{name}", page)
        for report in shown:
            bundle.write(report, f"{top}/{report.name}")
        for name, data in printed.items():
            bundle.writestr(f"{top}/{name}", data)
        for name, path in extra:
            bundle.write(path, f"{top}/{name}")
    return atomic_write_bytes(
        Path(dest) if dest else run_dir / f"{top}-reports.zip", buffer.getvalue()
    )


def _refuse(client: str, run_dir: Path, problems: list) -> None:
    """Raise `ConfidentialityError` listing every problem, if there is any."""
    if problems:
        listing = "\n".join(f"  - {p}" for p in problems)
        raise ConfidentialityError(
            f"not sharing {client} {run_dir.name}: {len(problems)} problem(s):\n{listing}"
        )


def _run_folder(client: str, period: str | None, out: Path) -> Path:
    """The run folder of `client` for `period`, else its latest run (`runfolder.latest_run`)."""
    if period:
        try:
            slug = parse_period(period.replace("_to_", "..")).slug
        except ValueError as exc:
            raise WorkbookError(str(exc)) from None
        run_dir = run_folder(client, slug, out)
        if read_record(run_dir) is None:
            raise WorkbookError(
                f"no run of {client} for {period} in '{out}': `socialworkbook run {client} "
                f"--period {period}` first"
            )
        return run_dir
    latest = latest_run(out, client)
    if latest is None:
        raise WorkbookError(f"no run of {client} in '{out}': `socialworkbook run {client}` first")
    return latest.folder


def _facts(record: RunRecord, run_dir: Path, shown: list[Path], data_root) -> dict:
    """What the bundle's own pages show: this client's key figures, reports and provenance."""
    brand = export.branding(read_client(record.client, data_root=data_root))
    templates = record.templates
    return brand | {
        "period": record.period or run_dir.name,
        "period_span": export.period_span(record.period or ""),
        "prepared": _prepared(record.finished_at),
        "figures": index_figures(read_results(run_dir)),
        "reports": [
            {
                "href": p.name,
                "title": _title(p),
                "version": templates[p.stem].template_version if p.stem in templates else "",
                "finished": _prepared(templates[p.stem].finished_at if p.stem in templates else ""),
            }
            for p in shown
        ],
        "provenance": PROVENANCE,
        "inputs": sorted((record.inputs_sha256 or {}).items()),
        "kit_version": record.kit_version or "",
        "kit_fingerprint": record.kit_fingerprint or "",
    }


def _printed(facts: dict, reports: list[Path], provenance: bytes, top: str) -> dict[str, bytes]:
    """`pdf/NN_name.pdf` of every report and the client pack, printed by Chromium."""
    from . import pdf

    name, practice = facts["client_name"], facts.get("practice_name") or ""
    printed, parts, method = {}, [], []
    with pdf.printer() as printer, tempfile.TemporaryDirectory() as tmp:
        appendix = Path(tmp) / PROVENANCE
        appendix.write_bytes(provenance)
        titles = [report["title"] for report in facts["reports"]]
        for path, title in zip(reports, titles, strict=True):
            whole = printer.print(path)
            footer = f"{name} · {title}" + (f" · by {practice}" if practice else "")
            printed[f"pdf/{path.stem}.pdf"] = printer.numbered(whole, footer)
            if printer.has_appendix(path):  # the method appendix goes to the back of the pack
                parts.append(pdf.Part(title, printer.print(path, part="body"), path.name))
                pack_title = f"{pdf.APPENDIX_TITLE} ({title})" if method else pdf.APPENDIX_TITLE
                appendix_pdf = printer.print(path, part="appendix")
                method.append(pdf.Part(pack_title, appendix_pdf, f"{path.name}#appendix"))
            else:
                parts.append(pdf.Part(title, whole, path.name))
        parts += method
        parts.append(pdf.Part("Provenance appendix", printer.print(appendix), appendix.name))
        front = export.render_page(
            "pack", **facts, parts=[{"title": p.title} for p in parts], appendix=len(parts) - 1
        )
        printed[f"{top}-pack.pdf"] = printer.pack(front, parts, client_name=name, practice=practice)
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
