"""One notebook of a batch: the job, its execution in a fresh kernel, and its outputs published.

A job runs in a worker process (or on a Dask worker): papermill executes the template into the
run folder's staging, its report is exported there, and both are renamed into place; a state file
records it for the next run (`runner` decides what runs).
"""

from __future__ import annotations

import errno
import os
import time
from dataclasses import dataclass, field
from pathlib import Path

from .. import runfolder
from ..jupyter_imports import skip_iri_grammars
from ..runfolder import STAGING, Status, TemplateRecord
from ..storage import atomic_write_text, storage_error
from .plans import error_record, now, storage_failure
from .templates import own_client_only

__all__ = ["Job", "execute_job", "job_record"]

# errnos of a write refused by the disk or the permissions (not retried: a retry meets them again)
_WRITE_ERRNOS = {errno.ENOSPC, errno.EDQUOT, errno.EROFS, errno.EACCES, errno.EPERM, errno.EFBIG}


@dataclass(frozen=True)
class Job:
    """One notebook to execute: a template for a client and period."""

    client: str
    template: str
    template_path: str
    template_version: str
    parameters: dict
    run_dir: str
    fingerprint: str
    cell_timeout: int | None = None
    provenance: dict = field(default_factory=dict)
    benchmarks_sha256: str | None = None  # a board summary: the digest of its standing


def execute_job(job: Job) -> TemplateRecord:
    """Execute one notebook, write its .ipynb (and .html on success) atomically; return its record.

    Dead kernels and cell timeouts are retried once and classified as infrastructure; an error
    in the notebook's own code is not retried. A full disk or an unwritable run folder fails the
    notebook with kind "storage" (the message names the file and the fix); the previous outputs
    are then left as they were.
    """
    run_dir = Path(job.run_dir)
    try:
        (run_dir / STAGING).mkdir(parents=True, exist_ok=True)
        # Which worker runs the notebook (tests and operators find it here while it runs).
        atomic_write_text(run_dir / STAGING / f"{job.template}.pid", f"{os.getpid()}\n")
    except OSError as exc:
        return job_record(job, storage_failure(exc, run_dir / STAGING), 0.0, 0, None)
    return _execute_job(job, run_dir)


def _execute_job(job: Job, run_dir: Path) -> TemplateRecord:
    skip_iri_grammars()  # a Dask worker did not import them from the runner
    from nbclient.exceptions import CellTimeoutError, DeadKernelError
    from papermill import execute_notebook
    from papermill.exceptions import PapermillExecutionError

    from . import kernels

    staging = run_dir / STAGING
    staged = staging / f"{job.template}.{os.getpid()}.ipynb"
    started = time.perf_counter()
    error, retried_after, attempts = None, None, 0
    while True:
        attempts += 1
        km = kernels.take_kernel()
        executed = None  # the notebook papermill wrote to `staged`, once it ran to the end
        try:
            executed = execute_notebook(
                job.template_path,
                str(staged),
                parameters=job.parameters,
                km=km,
                kernel_name="python3",
                progress_bar=False,
                request_save_on_cell_execute=False,
                execution_timeout=job.cell_timeout,
            )
            error = None
        except PapermillExecutionError as exc:
            error = error_record("notebook", exc.exec_count, exc.ename, exc.evalue)
        except (DeadKernelError, CellTimeoutError, RuntimeError, TimeoutError) as exc:
            error = error_record("infrastructure", None, type(exc).__name__, str(exc))
        except OSError as exc:
            if exc.errno in _WRITE_ERRNOS:  # papermill could not write the staged notebook
                error = storage_failure(exc, exc.filename or staged)
            else:
                error = error_record("infrastructure", None, type(exc).__name__, str(exc))
        finally:
            kernels.discard_kernel(km)
        if error is None or error["kind"] in ("notebook", "storage") or attempts >= 2:
            break
        retried_after = error
    record = job_record(job, error, time.perf_counter() - started, attempts, retried_after)
    try:
        _publish(job, run_dir, staged, record, executed)
    except OSError as exc:
        record.fail(storage_failure(exc, getattr(exc, "path", None)))
    try:
        runfolder.write_state(run_dir, record)
    except OSError as exc:  # the returned record still carries the failure to run.json
        if record.succeeded or (record.error or {}).get("kind") != "storage":
            record.fail(storage_failure(exc, None))
    return record


def job_record(job: Job, error, seconds: float, attempts: int, retried_after) -> TemplateRecord:
    """The record of `job` ended (or failed) so."""
    return TemplateRecord(
        status=Status.SUCCEEDED if error is None else Status.FAILED,
        template=job.template,
        template_version=job.template_version,
        seconds=round(seconds, 3),
        attempts=attempts,
        error=error,
        retried_after=retried_after,
        fingerprint=job.fingerprint,
        finished_at=now(),
        benchmarks_sha256=job.benchmarks_sha256,
    )


def _publish(job: Job, run_dir: Path, staged: Path, record: TemplateRecord, nb=None) -> None:
    """Move the staged notebook (and its report, written to staging first) into the run folder.

    `nb` is the notebook papermill wrote to `staged` when it ran to the end (else it is read
    back). Everything that takes disk space is written inside staging; only renames touch the
    finished outputs, so a full disk leaves the previous .ipynb and .html as they were.
    """
    import nbformat

    from ..publish import export

    if not staged.exists():
        return
    nb = nb if nb is not None else nbformat.read(staged, as_version=4)
    if own_client_only(nb, job.parameters["client"]):  # the template's default names another
        atomic_write_text(staged, nbformat.writes(nb))
    final_nb = runfolder.notebook(run_dir, job.template)
    final_html = runfolder.report(run_dir, job.template)
    if record.error is not None:
        final_html.unlink(missing_ok=True)  # a stale report must not pass for the new one
        _rename(staged, final_nb)
        return
    record.cell_seconds = round(_cell_seconds(nb), 3)
    html = export.notebook_to_html(
        nb,
        provenance=job.provenance
        | {"template": job.template, "template_version": job.template_version},
        keep=False,  # written to `staged` above, not needed again
    )
    staged_html = staged.with_suffix(".html")
    atomic_write_text(staged_html, html)
    _rename(staged, final_nb)
    _rename(staged_html, final_html)


def _rename(source: Path, target: Path) -> None:
    try:
        os.replace(source, target)
    except OSError as exc:
        raise storage_error(exc, target) from exc


def _cell_seconds(nb) -> float:
    return sum(
        (c.get("metadata", {}).get("papermill", {}).get("duration") or 0.0)
        for c in nb.cells
        if c.get("cell_type") == "code"
    )
