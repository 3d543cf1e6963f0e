"""What a batch runs for each client and period (`Plan`), read in full only when needed.

A client whose folder is unchanged since the last full read is planned from what that read
recorded (`current.recall`: a stat of each file and a small read), without parsing its inputs;
it is read in full (`Plan.client`) only when one of its notebooks will run. An invalid client,
a refused one and an empty period are recorded here (run.json where there is a folder).
"""

from __future__ import annotations

import datetime as dt
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from .. import __version__, runfolder
from ..errors import ResourceLimitError, ValidationError, WorkbookError
from ..runfolder import STAGING, RunRecord, Status
from ..storage import storage_error
from . import current

if TYPE_CHECKING:
    from collections.abc import Callable

    from ..model import Client

__all__ = [
    "Plan",
    "Batch",
    "plan",
    "reread",
    "storage_failure",
    "error_record",
    "now",
    "clean_staging",
    "empty_period",
]


@dataclass(frozen=True)
class Plan:
    """One valid client and period of a batch: where it runs and what its notebooks get.

    `client` is None for a client known current from its last full read (`known`); `reread`
    reads it in full when one of its notebooks is to run.
    """

    slug: str
    label: str
    run_dir: Path
    parameters: dict
    provenance: dict
    branding: dict
    client: Client | None = None
    known: current.Known | None = None
    period: str | None = None  # as requested (--period), for `reread`

    @property
    def key(self) -> tuple[str, str]:
        return (self.slug, self.label)


@dataclass(frozen=True)
class Batch:
    """What every plan of a batch shares."""

    data_root: Path
    out: Path
    workers: int | None
    titles: list
    allow_empty: bool
    baseline: str | None
    reading: Callable[[], None] = lambda: None  # called before a folder is read in full


def plan(report, slug: str, period: str | None, batch: Batch, *, recall: bool = True):
    """The plan of one client for one period; None (recorded in `report`) when invalid.

    With `recall`, a client whose folder is unchanged since its last full read for the same
    request is planned from that read's record; otherwise (and when that fails) the folder is
    read and validated in full. A period without data is refused (recorded in `report`, no
    folder made) unless `allow_empty`.
    """
    from ..paths import check_slug, client_folder

    request = current.Request(period, batch.baseline, str(batch.data_root), batch.allow_empty)
    try:
        check_slug(slug)
        folder = client_folder(slug, batch.data_root)
        if recall and (known := current.recall(batch.out, slug, folder, request)) is not None:
            report.warnings += [(slug, warning) for warning in known.warnings]
            clean_staging(known.run_dir)
            provenance = _provenance(slug, known.label, known.inputs_sha256, batch.titles)
            return Plan(
                slug,
                known.label,
                known.run_dir,
                known.parameters,
                provenance | known.branding,
                known.branding,
                known=known,
                period=period,
            )
        batch.reading()  # its notebooks will likely run
        from .. import intake  # pandas and the readers: only for a folder read in full
        from ..publish import check, export
        from . import limits

        limits.check_resources(slug, data_root=batch.data_root, workers=batch.workers)
        seen = current.look(folder)
        client = intake.read_client(
            slug, data_root=batch.data_root, period=period, baseline=batch.baseline
        )
    except WorkbookError as exc:
        _record_invalid(report, batch.out, slug, period, exc)
        return None
    warnings = [str(warning) for warning in client.warnings]
    report.warnings += [(slug, warning) for warning in warnings]
    empty = None if batch.allow_empty else empty_period(client)
    if empty is not None:
        _record_empty(report, slug, client.period.label, empty)
        return None
    run_dir = runfolder.run_folder(slug, client.period.slug, batch.out)
    clean_staging(run_dir)
    try:
        run_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:  # nothing ran yet: the command ends in one line naming the folder
        raise storage_error(exc, run_dir) from exc
    parameters = {
        "client": slug,
        "period": client.period.label,
        "data_root": str(batch.data_root),
        "output_dir": str(run_dir),
    } | ({"baseline": batch.baseline} if batch.baseline else {})
    branding = export.branding(client)
    label = client.period.label
    provenance = _provenance(slug, label, client.inputs_sha256, batch.titles) | branding
    current.remember(
        batch.out,
        slug,
        request,
        seen,
        run_dir=run_dir,
        label=label,
        client_name=client.config.name,
        parameters=parameters,
        branding=branding,
        inputs_sha256=client.inputs_sha256,
        warnings=warnings,
        terms=check.client_terms(client.folder),
    )
    return Plan(slug, label, run_dir, parameters, provenance, branding, client, period=period)


def reread(report, plans: list[Plan], keys: set, batch: Batch) -> list[Plan]:
    """`plans` with those planned from a record whose key is in `keys` read in full (a
    notebook of theirs is to run); one that no longer reads is recorded and left out."""
    again = []
    for each in plans:
        if each.client is None and each.key in keys:
            each = plan(report, each.slug, each.period, batch, recall=False)
        if each is not None:
            again.append(each)
    return again


def _provenance(slug: str, label: str, inputs_sha256: dict, titles) -> dict:
    return {
        "kit_version": __version__,
        "inputs_sha256": inputs_sha256,
        "client": slug,
        "period": label,
        "reports": titles,
    }


def storage_failure(exc: OSError, path) -> dict:
    """The error record of a write that failed: kind "storage", naming the file and the fix."""
    problem = storage_error(exc, path or exc.filename or "the run folder")
    return error_record("storage", None, "StorageError", problem.message) | {
        "path": str(problem.path)
    }


def error_record(kind: str, cell, ename, evalue) -> dict:
    return {"kind": kind, "cell": cell, "ename": str(ename), "evalue": str(evalue)[:2000]}


def now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")


def _record_invalid(report, out: Path, slug: str, period, exc: Exception) -> None:
    """An invalid (or refused) client: nothing executes; run.json records why, where it can.

    `exc` says why: a `ResourceLimitError` refuses the client, a `ValidationError` lists
    its problems, any other `WorkbookError` is one problem.
    """
    status, ename, problems = Status.INVALID, "ValidationError", [str(exc)]
    if isinstance(exc, ResourceLimitError):
        status, ename = Status.REFUSED, "ResourceLimitError"
    elif isinstance(exc, ValidationError):
        problems = [str(p) for p in exc.problems]
    record = RunRecord(client=slug, status=status, finished_at=now(), problems=problems)
    report.failures.append(
        {
            "client": slug,
            "template": None,
            "cell": None,
            "ename": ename,
            "evalue": f"{len(problems)} problem(s): " + "; ".join(problems[:3]),
        }
    )
    try:
        run_dir = runfolder.run_folder(slug, _period_slug_of(period), out)
        runfolder.write_record(run_dir, record)
    except WorkbookError:
        pass  # a bad slug names no folder
    except OSError as failure:
        record.error = storage_failure(failure, getattr(failure, "path", None))
    report.clients[slug] = record.to_dict()


def empty_period(client: Client) -> str | None:
    """Why the period of `client` has no posts, mentions or metrics to report; None if it has."""
    spans = {"posts": "published_at", "mentions": "published_at", "metrics": "date"}
    if any(len(client.in_period(name, column)) for name, column in spans.items()):
        return None
    days = [
        day
        for name, column in spans.items()
        for day in (client.table(name)[column].min(), client.table(name)[column].max())
        if not _is_missing(day)
    ]
    span = client.period
    where = f"{span.label} ({span.start.isoformat()} to {span.end.isoformat()})"
    found = (
        f"its data run from {min(days).date().isoformat()} to {max(days).date().isoformat()}"
        if days
        else "it has no dated data at all"
    )
    return (
        f"has no posts, no mentions and no metrics in the period {where}: {found}. Nothing ran. "
        f"Fix: run a period with data (--period), or pass --allow-empty to run this one anyway"
    )


def _is_missing(value) -> bool:
    return value is None or value != value  # NaT and NaN are not equal to themselves


def _record_empty(report, slug: str, period: str, reason: str) -> None:
    """A refused empty period: a failure to print; no run folder, so no run in any history."""
    record = RunRecord(client=slug, status=Status.INVALID, finished_at=now(), problems=[reason])
    report.failures.append(
        {
            "client": slug,
            "template": None,
            "cell": None,
            "ename": "EmptyPeriod",
            "evalue": f"{slug} {reason}",
            "period": period,
        }
    )
    report.clients[slug] = record.to_dict()


def _period_slug_of(period: str | None) -> str:
    """The period folder of an invalid client: from --period, else `invalid-inputs`."""
    from ..periods import parse_period

    try:
        return parse_period(period).slug
    except ValueError:
        return "invalid-inputs"


def clean_staging(run_dir: Path) -> None:
    """Remove what a killed batch left in staging (never a finished output)."""
    shutil.rmtree(run_dir / STAGING, ignore_errors=True)
