"""`socialworkbook run`: execute every template for every client, in parallel, incrementally.

Each notebook runs in a fresh kernel (started ahead of need, see `kernels`), is written through a
staging file and renamed into `<out>/<client>/<period-slug>/`, and leaves a state file that makes
the next run skip it while nothing it depends on has changed.
"""

from __future__ import annotations

import collections
import contextlib
import hashlib
import json
import os
import signal
import sys
import threading
from collections.abc import Callable, Iterable
from concurrent.futures import FIRST_COMPLETED, wait
from dataclasses import dataclass, field
from pathlib import Path

from .. import __version__, runfolder
from ..jupyter_imports import skip_iri_grammars
from ..paths import default_data_root, default_out_root
from ..paths import templates_dir as workspace_templates
from ..runfolder import RunRecord, Status, TemplateRecord
from . import plans as planning
from .job import Job, execute_job, job_record
from .limits import DEFAULT_CELL_TIMEOUT
from .plans import Plan, clean_staging, error_record, now, storage_failure
from .templates import Template, check_parameters, load_templates

__all__ = ["Job", "BatchReport", "run_batch", "execute_job", "kit_fingerprint", "list_clients"]

# Templates named so are board summaries: they run after the benchmark post-pass, or as soon as
# their own client's notebooks end when it is in no peer group (`_compared_with_none`).
SUMMARY_PREFIX = "00_"


@dataclass
class BatchReport:
    """What a batch did: per client the run.json content, plus the failures to print."""

    clients: dict[str, dict] = field(default_factory=dict)
    failures: list[dict] = field(default_factory=list)
    index: Path | None = None
    runs: dict[tuple[str, str], dict] = field(default_factory=dict)
    # (client, period, summary) whose standing is older than the refreshed benchmarks
    stale: list[tuple[str, str, str]] = field(default_factory=list)
    # (client, warning): what intake read but names for a look (a data file it does not read)
    warnings: list[tuple[str, str]] = field(default_factory=list)

    def add(self, plan: Plan, record: RunRecord) -> None:
        """Record one client and period's run.json content and its failures."""
        slug = plan.slug
        info = record.to_dict()
        self.clients[slug] = info  # the last period of a series
        self.runs[plan.key] = info
        where = {"client": slug, "period": plan.label}
        for name, rec in record.templates.items():
            if not rec.succeeded:
                self.failures.append(where | {"template": name, **(rec.error or {})})
        if record.error:
            self.failures.append(where | {"template": None, **record.error})

    @property
    def exit_code(self) -> int:
        return 1 if self.failures else 0


def kit_fingerprint() -> str:
    """A hash of the kit's version and library source: a changed library re-runs notebooks."""
    digest = hashlib.sha256(__version__.encode())
    for path in sorted(Path(__file__).parents[1].rglob("*")):
        if path.is_file() and path.suffix in {".py", ".j2", ".css", ".json"}:
            digest.update(path.name.encode() + path.read_bytes())
    return digest.hexdigest()[:16]


def list_clients(data_root: Path | str | None = None) -> list[str]:
    """The client slugs under the data root (folders with a client.yaml)."""
    root = Path(data_root) if data_root else default_data_root()
    return sorted(p.parent.name for p in root.glob("*/client.yaml"))


# ----------------------------------------------------------------------------- planning


def _fingerprint(template: Template, parameters: dict, inputs: dict, kit: str) -> str:
    stable = {k: v for k, v in parameters.items() if k != "output_dir"}
    payload = json.dumps([template.version, stable, inputs, kit], sort_keys=True)
    return hashlib.sha256(payload.encode()).hexdigest()[:16]


def _needs_run(
    template: Template,
    fingerprint: str,
    previous: dict[str, TemplateRecord],
    present: set[str],
    *,
    force: bool,
    failed: bool,
) -> bool:
    """Whether `template` runs, from its last state and `present`, the names in the run folder
    (`_present`: its notebook and its report must be there)."""
    state = previous.get(template.name)
    done = (
        state is not None
        and state.succeeded
        and runfolder.notebook(".", template.name).name in present
        and runfolder.report(".", template.name).name in present
    )
    if failed:
        return not done
    if force:
        return True
    return not (done and state.fingerprint == fingerprint)


# ----------------------------------------------------------------------------- the batch


def run_batch(
    clients: Iterable[str],
    *,
    period: str | None = None,
    periods: list[str] | None = None,
    baseline: str | None = None,
    data_root: Path | str | None = None,
    out: Path | str | None = None,
    workers: int | None = None,
    only: list[str] | None = None,
    force: bool = False,
    failed: bool = False,
    cell_timeout: int | None = DEFAULT_CELL_TIMEOUT,
    scheduler: str | None = None,
    templates_dir: Path | str | None = None,
    progress: Callable[[str], None] | None = None,
    quiet: bool = False,
    allow_empty: bool = False,
) -> BatchReport:
    """Validate every client, execute what needs running, write results, run.json and the index.

    `periods` runs every listed period (each into its own folder); `baseline` overrides
    client.yaml's (`previous`: the period before each one). A period in which the client has no
    posts, no mentions and no metrics is refused (nothing runs, no folder is made) unless
    `allow_empty`. The board summaries (`00_*`) run last, after the benchmark post-pass has read
    every client's results (`benchmarks.refresh`); that of a client in no peer group, which
    reads no other client's results, as soon as its own notebooks have ended. Each client's
    history page follows its summaries; the portfolio index comes last.
    """
    from ..publish import export

    data_root = Path(data_root).resolve() if data_root else default_data_root()
    out = Path(out).resolve() if out else default_out_root()
    templates = load_templates(templates_dir, only)
    titles = export.report_titles(templates_dir or workspace_templates())
    kit = kit_fingerprint()
    report = BatchReport()
    say = progress or (lambda line: None if quiet else print(line, file=sys.stderr))
    wanted = {"force": force, "failed": failed, "cell_timeout": cell_timeout}
    with _WorkerPool(workers, scheduler) as pool:
        batch = planning.Batch(
            data_root, out, workers, titles, allow_empty, baseline, reading=pool.prepare
        )
        plans = [
            plan
            for slug in clients
            for label in periods or [period]
            if (plan := planning.plan(report, slug, label, batch)) is not None
        ]
        options = {"pool": pool, "scheduler": scheduler, "quiet": quiet, "say": say}
        return _run_planned(report, plans, batch, templates, kit, wanted, options)


def _run_planned(report, plans, batch, templates, kit, wanted, options) -> BatchReport:
    """`run_batch` once its clients are planned: the notebooks, the benchmark post-pass, the
    board summaries (in the same worker processes, each client's history page written as its
    last summary ends), then the portfolio index. A client in no peer group has its summary
    queued as its own notebooks end (`_compared_with_none`; not on a Dask cluster)."""
    from ..measure import benchmarks
    from ..publish import check, portfolio

    data_root, out = batch.data_root, batch.out
    summaries = [t for t in templates if t.name.startswith(SUMMARY_PREFIX)]
    first = [t for t in templates if t not in summaries]
    plans, jobs = _read_for_jobs(report, plans, batch, first, kit, wanted)
    known_terms = {p.slug: p.known.terms for p in plans if p.known}
    check.remember_terms(data_root, known_terms)  # a report checked reads no other client
    names = check.names_digest(data_root, known_terms)
    by_key = {plan.key: plan for plan in plans if plan.client is not None}
    early: dict[tuple[str, str], Plan] = {}  # summaries queued as their client's notebooks ended
    done: dict[tuple[str, str], RunRecord] = {}
    left = collections.Counter(plan.slug for plan in plans)  # summaries yet to end, by client
    first_notebooks = True
    by_client: dict[str, list[runfolder.Run]] | None = None  # set once the post-pass read all

    def summarised(plan: Plan, records, read=None) -> None:  # its board summary ended
        done[plan.key] = _finish_client(plan, templates, kit, records, names, read)
        left[plan.slug] -= 1
        if not left[plan.slug]:  # then its history page, from its own runs
            own = (  # as the post-pass read them, this batch's read again; else read anew
                runfolder.read_again(by_client[plan.slug], ran[plan.slug])
                if by_client is not None
                else runfolder.read_runs(out, plan.slug)
            )
            _write_history(report, batch, plan, names, own)

    def finish(key, records) -> None:  # staging stays for the summaries (`memo`)
        if key in early:
            summarised(early[key], records)
            return
        plan = by_key.pop(key)
        _finish_client(plan, templates, kit, records, names, keep=True)
        if first_notebooks and not options["scheduler"] and _compared_with_none(plan):
            _, more = _read_for_jobs(report, [plan], batch, summaries, kit, wanted | {"runs": []})
            if more:
                early[key] = plan
                jobs.extend(more)

    fresh = _run_jobs(jobs, **options, finished=finish)  # each client while the others run
    first_notebooks = False
    for key in list(by_key):  # a client read in full none of whose notebooks ran
        finish(key, {})
    runs = runfolder.read_runs(out)
    try:
        benchmarks.refresh(runs)
    except OSError as exc:  # the summaries then read the benchmarks written before
        report.failures.append(
            {"client": "(benchmarks)", "template": None} | storage_failure(exc, None)
        )
    rest = [plan for plan in plans if plan.key not in early]
    rest, last = _read_for_jobs(report, rest, batch, summaries, kit, wanted | {"runs": runs})
    planned = {plan.key: plan for plan in rest} | early  # some read in full since: those kept
    plans = [planned[plan.key] for plan in plans if plan.key in planned]
    left = collections.Counter(plan.slug for plan in plans if plan.key not in done)
    read = {run.folder: run.record for run in runs}  # run.json as the post-pass read it
    waiting = {plan.key: plan for plan in rest}
    ran: dict[str, list[Path]] = collections.defaultdict(list)  # this batch's, by client
    for plan in rest:
        if plan.client is not None:
            ran[plan.slug].append(plan.run_dir)
    by_client = collections.defaultdict(list)
    for run in runs:  # each client's history page from its own runs (not all: N x N at scale)
        by_client[run.folder.parent.name].append(run)

    def finish_last(key, records) -> None:
        fresh.setdefault(key, {}).update(records)
        summarised(waiting.pop(key), fresh[key], read)

    _run_jobs(last, **options, finished=finish_last)  # each client while the others run
    options["pool"].release()  # its workers end while the pages below are written
    for key in list(waiting):
        finish_last(key, {})
    for plan in plans:
        report.add(plan, done[plan.key])
    runs = runfolder.read_again(runs, [plan.run_dir for plan in plans if plan.client is not None])
    try:
        report.stale = [(run.client, run.label, name) for run in runs for name in run.stale]
        report.index = portfolio.write_index(out, runs)
    except OSError as exc:
        report.failures.append({"client": "(index)", "template": None} | storage_failure(exc, None))
    return report


def _write_history(report: BatchReport, batch, plan: Plan, names, runs: list) -> None:
    """Write the history page of `plan`'s client from `runs`, its own (those of this batch all
    finished)."""
    from ..publish import history

    try:
        history.write_history(
            batch.out, plan.slug, plan.branding, runs, data_root=batch.data_root, names=names
        )
    except OSError as exc:
        report.failures.append({"client": plan.slug, "template": None} | storage_failure(exc, None))


def _compared_with_none(plan: Plan) -> bool:
    """Whether `plan`'s client, read in full, is in no peer group, now or as its run was last
    benchmarked: its board summary reads no other client's results, so it may run as soon as
    its own notebooks have ended (the others wait for the benchmark post-pass)."""
    if plan.client is None or plan.client.config.peer_group:
        return False
    try:
        return (runfolder.read_results(plan.run_dir) or {}).get("benchmarks") is None
    except ValueError:  # unreadable: the post-pass decides
        return False


def _read_for_jobs(report, plans, batch, templates, kit, wanted) -> tuple[list[Plan], list[Job]]:
    """The plans, with those planned from a record read in full where a notebook of theirs is to
    run (`plans.reread`), and the jobs of `templates` for them."""
    jobs = _jobs(plans, templates, kit, **wanted)
    reading = {(job.client, job.parameters["period"]) for job in jobs}
    if any(plan.client is None and plan.key in reading for plan in plans):
        plans = planning.reread(report, plans, reading, batch)
        jobs = _jobs(plans, templates, kit, **wanted)
    return plans, jobs


def _jobs(
    plans: list[Plan],
    templates: list[Template],
    kit: str,
    *,
    force: bool,
    failed: bool,
    cell_timeout,
    runs: list[runfolder.Run] | None = None,
) -> list[Job]:
    """The notebooks of `templates` that need running for each plan.

    With `runs` (the output root as the benchmark post-pass left it): the run's benchmarks and
    the findings the other templates recorded count as inputs, so a board summary re-runs when
    the client's standing among its peers changed or a template of the run (a workspace's own
    among them) recorded other findings.
    """
    jobs = []
    results = {run.folder: run.results for run in runs or []}
    for plan in plans:
        previous = runfolder.read_states(plan.run_dir, [t.name for t in templates])
        present = _present(plan.run_dir)
        inputs = dict(plan.provenance["inputs_sha256"])
        shown = None
        if runs is not None:
            written = results.get(plan.run_dir) or runfolder.read_results(plan.run_dir) or {}
            inputs["benchmarks"] = json.dumps(written.get("benchmarks"), sort_keys=True)
            inputs["findings"] = json.dumps(written.get("findings"), sort_keys=True)
            shown = (written.get("benchmarks") or {}).get(runfolder.STANDING_SHA256)
        for template in templates:
            fingerprint = _fingerprint(template, plan.parameters, inputs, kit)
            if not _needs_run(template, fingerprint, previous, present, force=force, failed=failed):
                continue  # it ran with these very parameters (the fingerprint has them)
            check_parameters(template, plan.parameters)
            jobs.append(
                Job(
                    plan.slug,
                    template.name,
                    str(template.path),
                    template.version,
                    plan.parameters,
                    str(plan.run_dir),
                    fingerprint,
                    cell_timeout,
                    plan.provenance,
                    shown,
                )
            )
    return jobs


def _present(run_dir: Path) -> set[str]:
    """The names in a run folder (one listing, not a stat per notebook and report)."""
    try:
        return {entry.name for entry in os.scandir(run_dir)}
    except OSError:
        return set()


def _run_jobs(jobs: list[Job], *, pool, scheduler, quiet, say, finished=None) -> dict:
    """Execute `jobs`; their records by (client, period) and template, failures printed.

    `finished(key, records)` is called for each (client, period) as its last job ends; it may
    append jobs to `jobs` (then called again as those end)."""
    fresh: dict[tuple[str, str], dict[str, TemplateRecord]] = {}
    left, counted = collections.Counter(), 0
    for job, record in _execute(jobs, pool=pool, scheduler=scheduler, quiet=quiet, say=say):
        for each in jobs[counted:]:  # those `finished` appended count too
            left[(each.client, each.parameters["period"])] += 1
        counted = len(jobs)
        key = (job.client, job.parameters["period"])
        fresh.setdefault(key, {})[record.template] = record
        if not record.succeeded:
            err = record.error or {}
            say(
                f"FAILED {job.client} {key[1]} {record.template} cell "
                f"{err.get('cell')}: {err.get('ename')}: {err.get('evalue', '')[:200]}"
            )
        left[key] -= 1
        if finished is not None and not left[key]:
            finished(key, fresh[key])
    return fresh


def _execute(jobs: list[Job], *, pool, scheduler, quiet, say):
    """Yield each job and its record as it finishes: in local processes (with the jobs the
    caller appends to `jobs` meanwhile), or on a Dask cluster."""
    if not jobs:
        return
    bar = _progress_bar(len(jobs), quiet)
    failed = 0
    if scheduler:
        from dask.distributed import Client
        from dask.distributed import as_completed as dask_completed

        with Client(scheduler) as dask:
            futures = {dask.submit(execute_job, job, pure=False): job for job in jobs}
            for future in dask_completed(futures):
                job = futures[future]
                try:
                    record = future.result()
                except Exception as exc:  # noqa: BLE001 - Dask gave up on it (KilledWorker)
                    record = job_record(job, _worker_death(exc), 0.0, 1, None)
                failed += not record.succeeded
                _tick(bar, job, record, failed, say, quiet, len(jobs))
                yield job, record
        return
    skip_iri_grammars()
    import nbformat  # noqa: F401 - imported once here so forked workers inherit it
    import papermill  # noqa: F401

    from ..publish import export

    export.warm_up()
    for job, record in _in_pool(jobs, pool):
        failed += not record.succeeded
        _tick(bar, job, record, failed, say, quiet, len(jobs))
        yield job, record
    if bar is not None:
        bar.close()


class _WorkerPool:
    """The batch's forked worker processes, kept from its first notebooks to its board
    summaries, and the fork server their kernels share (`kernels.serve_workers`: its preload
    is about 3 s of CPU), started as soon as a notebook is likely to run. Made on first need,
    as many workers as asked (at most the cores) and no more than the jobs; made again bigger
    when a later phase has more jobs, and anew when it broke. None of it with a Dask
    `scheduler`."""

    def __init__(self, workers: int | None, scheduler: str | None = None):
        self.workers = workers or os.cpu_count() or 1
        self.pool = None
        self.size = 0
        self.local = not scheduler
        self.serving = False  # the fork server was started here (and is stopped at close)
        self.releasing: threading.Thread | None = None

    def prepare(self) -> None:
        """Start the kernels' fork server, if it does not run, while the runner goes on."""
        from . import kernels

        if self.local and not self.serving:
            self.serving = kernels.serve_workers()

    def __enter__(self) -> _WorkerPool:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def get(self, jobs: int):
        """A running pool of enough workers for `jobs` jobs."""
        import multiprocessing

        from pebble import ProcessPool

        from . import kernels

        wanted = max(1, min(self.workers, jobs))
        if self.pool is None or not self.pool.active or self.size < wanted:
            self._close_pool()
            self.prepare()
            context = multiprocessing.get_context("fork")
            self.pool = ProcessPool(wanted, initializer=kernels.prestart, context=context)
            self.size = wanted
        return self.pool

    def release(self) -> None:
        """Let the workers end in the background: no job is left for them."""
        self.releasing = threading.Thread(target=self._close_pool, name="release-workers")
        self.releasing.start()

    def close(self) -> None:
        if self.releasing is not None:
            self.releasing.join()
        self._close_pool()
        if self.serving:
            from . import kernels

            kernels.stop_serving()
            self.serving = False

    def _close_pool(self) -> None:
        if self.pool is not None:
            self.pool.close()
            self.pool.join()
            self.pool = None


def _in_pool(jobs: list[Job], workers: _WorkerPool):
    """Yield each job and its record from a pool of forked workers that outlives any one of them;
    jobs the caller appends to `jobs` meanwhile are run too.

    A worker that dies (killed by the OS, a segfault, `os._exit`) takes only the job it was
    running: pebble's pool replaces the worker, and that job is run once more; a second death
    fails it as an infrastructure failure. The other jobs go on undisturbed. Should the pool
    itself break, the jobs not finished go on in a fresh one.
    """
    deaths: dict[int, dict] = {}  # job index -> the death it is being retried after
    waiting = list(range(len(jobs)))
    while waiting:
        pool = workers.get(len(waiting))
        running = {pool.schedule(execute_job, (jobs[i],)): i for i in waiting}
        waiting, queued = [], len(jobs)
        while running:
            done, _ = wait(running, return_when=FIRST_COMPLETED)
            for future in done:
                i = running.pop(future)
                job = jobs[i]
                try:
                    record = future.result()
                except Exception as exc:  # noqa: BLE001 - its worker died: this job failed
                    error = _worker_death(exc)
                    if i not in deaths:
                        deaths[i] = error
                        if pool.active:
                            running[pool.schedule(execute_job, (job,))] = i
                        else:
                            waiting.append(i)
                        continue
                    record = job_record(job, error, 0.0, 1, None)
                if i in deaths:  # the attempt in the dead worker counts
                    record.attempts += 1
                    record.retried_after = deaths[i]
                yield job, record
                for i in range(queued, len(jobs)):  # appended by the caller meanwhile
                    if pool.active:
                        running[pool.schedule(execute_job, (jobs[i],))] = i
                    else:
                        waiting.append(i)
                queued = len(jobs)


def _worker_death(exc: BaseException) -> dict:
    """The error record of a job whose worker process ended (or failed) before the job did."""
    code, pid = getattr(exc, "exitcode", None), getattr(exc, "pid", None)
    if not isinstance(code, int):  # not a death pebble saw (e.g. Dask's KilledWorker)
        return error_record("infrastructure", None, type(exc).__name__, str(exc) or repr(exc))
    if code < 0:
        with contextlib.suppress(ValueError):
            code = signal.Signals(-code).name
        how = f"was killed by signal {code}"
    else:
        how = f"exited with status {code}"
    evalue = f"the worker process {pid} running this notebook {how} (out of memory, or a crash)"
    return error_record("infrastructure", None, "WorkerDied", evalue)


def _progress_bar(total: int, quiet: bool):
    if quiet or not sys.stderr.isatty():
        return None
    from tqdm import tqdm

    return tqdm(total=total, unit="nb", desc="notebooks", file=sys.stderr)


def _tick(bar, job: Job, record: TemplateRecord, failed: int, say, quiet: bool, total: int):
    if bar is not None:
        bar.total = total  # jobs may have been added since
        bar.update(1)
        bar.set_postfix(failed=failed)
    elif not quiet:
        say(f"{record.status.value:9} {job.client}/{record.template} ({record.seconds:.1f} s)")


def _finish_client(
    plan: Plan,
    templates: list[Template],
    kit: str,
    fresh: dict[str, TemplateRecord],
    names: str,
    read: dict[Path, RunRecord | None] | None = None,
    *,
    keep: bool = False,
) -> RunRecord:
    """Write results.json and run.json of one client from its notebooks' parts and states.

    `fresh` holds this batch's records (which stand even where their state file could not be
    written); only the reports they wrote are checked (`check.gate_reports`: all of them when
    `names`, the digest of every client's names, changed since). A write that fails marks the
    client failed with a storage error naming the file; the files not yet written keep their
    previous content. A client planned from its record, none of whose notebooks ran, keeps its
    results.json and run.json as they are (`_finish_known`; `read`: the run.json records
    already read, by run folder). Staging is removed unless `keep`.
    """
    from .. import results
    from ..publish import check

    if plan.client is None:
        return _finish_known(plan, templates, names, (read or {}).get(plan.run_dir))
    client, run_dir = plan.client, plan.run_dir
    states = runfolder.read_states(run_dir) | fresh
    records = {t.name: states.get(t.name, TemplateRecord()) for t in templates}
    record = RunRecord(
        client=client.slug,
        client_name=client.config.name,
        period=client.period.label,
        status=Status.FAILED,
        kit_version=__version__,
        kit_fingerprint=kit,
        finished_at=now(),
        inputs_sha256=client.inputs_sha256,
        templates=records,
    )
    written = {name for name, rec in fresh.items() if rec.succeeded}
    try:
        check.gate_reports(
            run_dir, records, data_root=client.folder.parent, written=written, names=names
        )
        ok = all(r.succeeded for r in records.values())
        record.status = Status.SUCCEEDED if ok else Status.FAILED
        merged = results.assemble(client, results.read_parts(run_dir), kit_version=__version__)
        _add_languages(merged, client)
        # the post-pass's benchmarks stand until it runs again (benchmarks.refresh)
        with contextlib.suppress(ValueError):
            merged["benchmarks"] = (runfolder.read_results(run_dir) or {}).get("benchmarks")
        runfolder.write_results(run_dir, merged)
        runfolder.write_record(run_dir, record)
    except OSError as exc:
        record.status = Status.FAILED
        record.error = storage_failure(exc, getattr(exc, "path", None))
        with contextlib.suppress(OSError):  # run.json itself may still be writable
            runfolder.write_record(run_dir, record)
    finally:
        if not keep:
            clean_staging(run_dir)
    return record


def _add_languages(merged: dict, client) -> None:
    """`data_quality.mentions.languages` of results.json: {ISO 639-1 code: share} of the
    client's own mentions in the period, detected offline ("und": too short to tell)."""
    from ..measure import language, sentiment

    quality = merged.get("data_quality")
    if not isinstance(quality, dict) or not isinstance(quality.get("mentions"), dict):
        return
    scored = sentiment.part(sentiment.score_client(client))
    quality["mentions"] = dict(quality["mentions"], languages=language.shares(scored["language"]))


def _finish_known(
    plan: Plan, templates: list[Template], names: str, record: RunRecord | None = None
) -> RunRecord:
    """The run.json of a client none of whose notebooks ran, as it is (`record`, when already
    read); when the set of clients or their names changed since its reports were checked, they
    are checked again, and one held back fails its template in run.json."""
    from ..publish import check

    record = record or runfolder.read_record(plan.run_dir) or RunRecord(client=plan.slug)
    records = {t.name: record.templates.get(t.name, TemplateRecord()) for t in templates}
    data_root = plan.parameters["data_root"]
    if check.gate_reports(plan.run_dir, records, data_root=data_root, written=set(), names=names):
        record.templates |= records
        record.status = Status.FAILED
        with contextlib.suppress(OSError):  # the report is held back all the same
            runfolder.write_record(plan.run_dir, record)
    return record


def report_lines(report: BatchReport) -> list[str]:
    """The closing lines a person reads: each failure with client, template, cell and error."""
    lines = [f"WARNING {client}: {warning}" for client, warning in dict.fromkeys(report.warnings)]
    series = len(report.runs) > len(report.clients)  # name the period when a client had several
    for f in report.failures:
        where = f["client"] + (f" {f['period']}" if series and f.get("period") else "")
        where += f" / {f['template']}" if f.get("template") else ""
        cell = f" / cell {f['cell']}" if f.get("cell") is not None else ""
        lines.append(f"FAILED {where}{cell}: {f.get('ename')}: {f.get('evalue')}")
    for client, period, summary in report.stale:
        lines.append(
            f"STALE {client} {period} / {summary}: shows an old standing among its peers (their "
            f"figures changed since); `socialworkbook run {client} --period {period}` re-runs "
            "it (notebooks that are up to date are skipped)"
        )
    return lines
