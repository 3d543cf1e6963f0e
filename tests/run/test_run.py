"""The runner on small test templates: parallel = serial, failures, retries, incremental, kills."""

from __future__ import annotations

import contextlib
import faulthandler
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import pytest
from runs import TEMPLATES, run_dir, run_test_batch, scaffolded_clients

from socialworkbook.errors import ParameterError
from socialworkbook.run import runner
from socialworkbook.run.templates import Template, check_parameters, load_templates

# One group per module (not one "runner" group for all five): the modules share no state, so
# under --dist loadgroup both workers take runner batches, and a group's size starts it early.
pytestmark = pytest.mark.xdist_group("runner_run")


@pytest.fixture
def data_root(tmp_path):
    return scaffolded_clients(tmp_path / "client_data", "alpha", "beta", "gamma")


def _results_without_time(folder):
    data = json.loads((folder / "results.json").read_text())
    data.pop("generated_at")
    return data


def test_parallel_and_serial_runs_give_the_same_results(data_root, tmp_path):
    serial = run_test_batch(data_root, tmp_path / "serial", workers=1)
    parallel = run_test_batch(data_root, tmp_path / "parallel", workers=2)
    assert serial.exit_code == parallel.exit_code == 0
    for slug in ("alpha", "beta"):
        a = _results_without_time(run_dir(tmp_path / "serial", slug))
        b = _results_without_time(run_dir(tmp_path / "parallel", slug))
        assert a == b
        assert a["posts"] == {"_all": {"posts": len(slug)}}
        assert a["goals"] == []
        assert a["sentiment"] is None  # no template recorded it: null, never invented
    folder = run_dir(tmp_path / "parallel", "alpha")
    for name in ("01_hello", "02_second"):
        assert (folder / f"{name}.ipynb").is_file() and (folder / f"{name}.html").is_file()
    assert not (folder / ".staging").exists()
    assert (tmp_path / "parallel" / "index.html").is_file()


def test_a_failing_client_does_not_stop_the_others(data_root, tmp_path):
    (data_root / "beta" / "FAIL").write_text("")
    report = run_test_batch(data_root, tmp_path / "out", clients=("alpha", "beta", "gamma"))
    assert report.exit_code == 1
    assert [(f["client"], f["template"]) for f in report.failures] == [("beta", "01_hello")]
    beta = json.loads((run_dir(tmp_path / "out", "beta") / "run.json").read_text())
    assert beta["status"] == "failed"
    error = beta["templates"]["01_hello"]["error"]
    assert (
        error["kind"] == "notebook" and error["ename"] == "RuntimeError" and error["cell"] == 4
    )  # the [4] an analyst sees in the executed notebook (after the injected parameters)
    assert beta["templates"]["01_hello"]["attempts"] == 1  # the notebook's own error: no retry
    assert not (run_dir(tmp_path / "out", "beta") / "01_hello.html").exists()
    for ok in ("alpha", "gamma"):
        assert (
            json.loads((run_dir(tmp_path / "out", ok) / "run.json").read_text())["status"]
            == "succeeded"
        )


def test_an_invalid_client_executes_nothing(data_root, tmp_path):
    (data_root / "beta" / "ecosystem.csv").write_text("component_id,name\nBad Id,x\n")
    report = run_test_batch(data_root, tmp_path / "out")
    assert report.exit_code == 1
    assert report.clients["beta"]["status"] == "invalid"
    assert not list((tmp_path / "out" / "beta").rglob("*.ipynb"))
    assert report.clients["alpha"]["status"] == "succeeded"


def _cli_run(data_root, out, *options: str) -> list[str]:
    """The command line of `socialworkbook run alpha beta` on the test templates."""
    command = [sys.executable, "-m", "socialworkbook", "run", "alpha", "beta"]
    return [*command, "--data-root", str(data_root), "--out", str(out), *options, "--quiet"]


def _cli_env() -> dict[str, str]:
    """The environment that points the command line at the test templates."""
    return os.environ | {"SOCIALWORKBOOK_TEMPLATES": str(TEMPLATES)}


def test_the_cli_prints_failures_and_exits_1(data_root, tmp_path):
    (data_root / "beta" / "FAIL").write_text("")
    proc = subprocess.run(
        _cli_run(data_root, tmp_path / "out"), capture_output=True, text=True, env=_cli_env()
    )
    assert proc.returncode == 1
    assert "FAILED beta / 01_hello / cell 4: RuntimeError: planted failure" in proc.stdout


def test_a_batch_leaves_no_kernel_folder_behind(data_root, tmp_path, request):
    """Each kernel's connection folder goes with it, the workers' spare kernels' too (the pool
    terminates its workers; their spares notice and remove their own)."""
    temp = Path(tempfile.mkdtemp())  # short: the fork server's socket is made in it
    request.addfinalizer(lambda: shutil.rmtree(temp, ignore_errors=True))
    proc = subprocess.run(
        _cli_run(data_root, tmp_path / "out", "--workers", "2"),
        capture_output=True,
        text=True,
        env=_cli_env() | {"TMPDIR": str(temp)},
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    deadline = time.monotonic() + 30
    while list(temp.glob("swb-kernel-*")) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert [(p.name, sorted(os.listdir(p))) for p in temp.glob("swb-kernel-*")] == []


def test_a_killed_kernel_is_retried_once_and_classified(data_root, tmp_path):
    (data_root / "alpha" / "DIE_ONCE").write_text("")
    # the cell timeout bounds the wait should the dead kernel go unnoticed
    report = run_test_batch(
        data_root, tmp_path / "out", clients=("alpha",), workers=1, cell_timeout=60
    )
    assert report.exit_code == 0
    record = report.clients["alpha"]["templates"]["01_hello"]
    assert record["attempts"] == 2 and record["status"] == "succeeded"
    assert record["retried_after"]["kind"] == "infrastructure"


def test_a_cell_timeout_is_infrastructure_and_retried_once(data_root, tmp_path):
    (data_root / "alpha" / "SLEEP").write_text("30")
    report = run_test_batch(
        data_root, tmp_path / "out", clients=("alpha",), workers=1, cell_timeout=2, only=["01"]
    )
    record = report.clients["alpha"]["templates"]["01_hello"]
    assert record["status"] == "failed" and record["attempts"] == 2
    assert record["error"]["kind"] == "infrastructure"


def test_incremental_skip_force_and_failed(data_root, tmp_path):
    out = tmp_path / "out"
    run_test_batch(data_root, out, clients=("alpha",))
    folder = run_dir(out, "alpha")
    stamp = {p.name: p.stat().st_mtime_ns for p in folder.glob("*.ipynb")}
    again = run_test_batch(data_root, out, clients=("alpha",))
    assert again.exit_code == 0
    assert {p.name: p.stat().st_mtime_ns for p in folder.glob("*.ipynb")} == stamp  # nothing re-ran
    forced = run_test_batch(data_root, out, clients=("alpha",), force=True)
    assert forced.exit_code == 0
    assert all(p.stat().st_mtime_ns != stamp[p.name] for p in folder.glob("*.ipynb"))
    # a changed input re-runs; --failed re-runs only what failed
    (data_root / "alpha" / "FAIL").write_text("")
    with open(data_root / "alpha" / "client.yaml", "a") as handle:
        handle.write("\n# changed\n")
    assert run_test_batch(data_root, out, clients=("alpha",)).exit_code == 1
    (data_root / "alpha" / "FAIL").unlink()
    second = (folder / "02_second.ipynb").stat().st_mtime_ns
    assert run_test_batch(data_root, out, clients=("alpha",), failed=True).exit_code == 0
    assert (folder / "02_second.ipynb").stat().st_mtime_ns == second
    assert json.loads((folder / "run.json").read_text())["status"] == "succeeded"


def test_a_batch_killed_midway_leaves_no_partial_files_and_the_rerun_completes(data_root, tmp_path):
    out = tmp_path / "out"
    (data_root / "beta" / "SLEEP").write_text("60")
    proc = subprocess.Popen(
        _cli_run(data_root, out, "--workers", "2"), env=_cli_env(), start_new_session=True
    )
    deadline = time.time() + 60
    while time.time() < deadline and not list((out / "alpha").rglob("02_second.ipynb")):
        time.sleep(0.2)
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait()
    for path in out.rglob("*"):
        if path.is_file() and ".staging" not in path.parts:
            assert not path.name.endswith(".tmp"), f"half-written file {path}"
            if path.suffix == ".ipynb":
                json.loads(path.read_text())  # complete JSON, never half a notebook
    (data_root / "beta" / "SLEEP").unlink()
    report = run_test_batch(data_root, out)
    assert report.exit_code == 0
    assert not list(out.rglob(".staging"))
    for slug in ("alpha", "beta"):
        assert json.loads((run_dir(out, slug) / "run.json").read_text())["status"] == "succeeded"


def test_unknown_and_mistyped_parameters_are_refused_before_any_kernel():
    template = load_templates(TEMPLATES, only=["01"])[0]
    check_parameters(template, {"client": "a", "period": "", "data_root": "", "output_dir": ""})
    with pytest.raises(ParameterError, match="unknown parameter 'colour'"):
        check_parameters(template, {"colour": "red"})
    with pytest.raises(ParameterError, match="must be str"):
        check_parameters(template, {"client": 3})
    assert isinstance(template, Template)


def test_only_names_missing_templates():
    with pytest.raises(ParameterError, match="09"):
        load_templates(TEMPLATES, only=["09"])


def test_dask_scheduler_gives_the_same_outputs_as_a_local_run(data_root, tmp_path):
    pytest.importorskip("distributed")
    local = run_test_batch(data_root, tmp_path / "local")
    scheduler_file = tmp_path / "scheduler.json"
    env = _cli_env()
    bin_dir = Path(sys.executable).parent
    procs = [
        subprocess.Popen(
            [
                str(bin_dir / "dask"),
                "scheduler",
                "--host",
                "127.0.0.1",
                "--port",
                "0",
                "--no-dashboard",
                "--scheduler-file",
                str(scheduler_file),
            ],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
    ]
    try:
        deadline = time.time() + 60
        while not scheduler_file.exists() and time.time() < deadline:
            time.sleep(0.2)
        address = json.loads(scheduler_file.read_text())["address"]
        for _ in range(2):
            procs.append(
                subprocess.Popen(
                    [
                        str(bin_dir / "dask"),
                        "worker",
                        address,
                        "--nthreads",
                        "1",
                        "--nworkers",
                        "1",
                        "--no-dashboard",
                        "--host",
                        "127.0.0.1",
                    ],
                    env=env,
                    stdout=subprocess.DEVNULL,
                    stderr=subprocess.DEVNULL,
                    start_new_session=True,
                )
            )
        remote = run_test_batch(data_root, tmp_path / "dask", scheduler=address)
    finally:
        for proc in procs:
            os.killpg(proc.pid, signal.SIGTERM)
        for proc in procs:
            try:
                proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
    assert local.exit_code == remote.exit_code == 0
    for slug in ("alpha", "beta"):
        assert _results_without_time(run_dir(tmp_path / "local", slug)) == _results_without_time(
            run_dir(tmp_path / "dask", slug)
        )
        assert sorted(p.name for p in run_dir(tmp_path / "dask", slug).iterdir()) == sorted(
            p.name for p in run_dir(tmp_path / "local", slug).iterdir()
        )
    shutil.rmtree(tmp_path / "dask")


def _kill_workers(out: Path, jobs: dict[tuple[str, str], int], found: dict, stop):
    """SIGKILL the worker running each (client, template) of `jobs`, on its first n attempts.

    The worker is found by the pid the runner records in the run's staging folder; each pid
    killed is appended to `found[(client, template)]`.
    """
    while not stop.is_set() and any(len(found[job]) < n for job, n in jobs.items()):
        for (client, template), n in jobs.items():
            for pid_file in (out / client).glob(f"*/.staging/{template}.pid"):
                with contextlib.suppress(OSError, ValueError):
                    pid = int(pid_file.read_text())
                    if len(found[client, template]) < n and pid not in found[client, template]:
                        time.sleep(1.0)  # well inside the notebook's sleeping cell
                        os.kill(pid, signal.SIGKILL)
                        found[client, template].append(pid)
        time.sleep(0.1)


def _batch_killing(data_root, out, jobs: dict[tuple[str, str], int]):
    """A batch of alpha, beta and gamma while `_kill_workers` kills the workers of `jobs`."""
    for client, _ in jobs:
        (data_root / client / "SLEEP").write_text("5")
    found = {job: [] for job in jobs}
    stop = threading.Event()
    killer = threading.Thread(target=_kill_workers, args=(out, jobs, found, stop))
    killer.start()
    try:
        report = run_test_batch(data_root, out, clients=("alpha", "beta", "gamma"))
    finally:
        stop.set()
        killer.join()
    assert {job: len(pids) for job, pids in found.items()} == jobs  # every planned kill happened
    return report, found


def _assert_nothing_half_written(out: Path) -> None:
    assert not list(out.rglob(".staging"))
    for path in out.rglob("*"):
        assert not path.name.endswith(".tmp"), f"half-written file {path}"
        if path.suffix in (".ipynb", ".json"):
            json.loads(path.read_text())


@pytest.mark.parametrize(
    "killed", [[("alpha", "01_hello")], [("alpha", "01_hello"), ("beta", "01_hello")]]
)
def test_a_dead_worker_fails_only_its_job(data_root, tmp_path, killed):
    out = tmp_path / "out"
    report, found = _batch_killing(data_root, out, dict.fromkeys(killed, 2))  # both attempts
    assert report.exit_code == 1
    assert sorted((f["client"], f["template"]) for f in report.failures) == sorted(killed)
    for client, template in killed:
        record = report.clients[client]["templates"][template]
        assert record["status"] == "failed" and record["attempts"] == 2
        assert record["error"]["kind"] == record["retried_after"]["kind"] == "infrastructure"
        pid = found[client, template][1]
        assert record["error"]["evalue"].startswith(
            f"the worker process {pid} running this notebook was killed by signal SIGKILL"
        )
        assert not (run_dir(out, client) / f"{template}.html").exists()  # nothing published
    for slug, info in report.clients.items():
        for name, record in info["templates"].items():
            if (slug, name) not in killed:
                assert record["status"] == "succeeded" and record["attempts"] == 1, (slug, name)
    lines = "\n".join(runner.report_lines(report))
    for client, template in killed:
        assert f"FAILED {client} / {template}: WorkerDied: the worker process" in lines
    _assert_nothing_half_written(out)


def test_a_job_whose_worker_died_once_is_retried_and_succeeds(data_root, tmp_path):
    out = tmp_path / "out"
    report, found = _batch_killing(data_root, out, {("beta", "01_hello"): 1})
    assert report.exit_code == 0, report.failures
    record = report.clients["beta"]["templates"]["01_hello"]
    assert record["status"] == "succeeded" and record["attempts"] == 2
    assert record["retried_after"]["ename"] == "WorkerDied"
    assert str(found["beta", "01_hello"][0]) in record["retried_after"]["evalue"]
    assert (run_dir(out, "beta") / "01_hello.html").is_file()
    _assert_nothing_half_written(out)


_REAL_EXECUTE_JOB = runner.execute_job


def _crash_once(job):
    """execute_job, but the worker itself crashes once as `<client folder>/CRASH_ONCE` says."""
    flag = Path(job.parameters["data_root"]) / job.client / "CRASH_ONCE"
    if job.template == "01_hello" and flag.exists():
        how = flag.read_text()
        flag.unlink()
        if how == "exit":
            os._exit(3)
        faulthandler.disable()  # pytest's dump of the crash would only be noise here
        os.kill(os.getpid(), signal.SIGSEGV)
    return _REAL_EXECUTE_JOB(job)


@pytest.mark.parametrize(
    ("how", "said"), [("exit", "exited with status 3"), ("segv", "killed by signal SIGSEGV")]
)
def test_a_worker_that_exits_or_segfaults_fails_only_its_job_once(
    data_root, tmp_path, monkeypatch, how, said
):
    monkeypatch.setattr(runner, "execute_job", _crash_once)  # forked workers inherit it
    (data_root / "beta" / "CRASH_ONCE").write_text(how)
    report = run_test_batch(data_root, tmp_path / "out", clients=("alpha", "beta"))
    assert report.exit_code == 0, report.failures
    record = report.clients["beta"]["templates"]["01_hello"]
    assert record["status"] == "succeeded" and record["attempts"] == 2
    assert record["retried_after"]["ename"] == "WorkerDied"
    assert said in record["retried_after"]["evalue"]
    others = [r for s, i in report.clients.items() for n, r in i["templates"].items()]
    assert sum(r["attempts"] == 1 and r["status"] == "succeeded" for r in others) == 3
    _assert_nothing_half_written(tmp_path / "out")


def _without_kernel() -> None:
    """A worker's initializer that starts no kernel (the pool alone is under test)."""


_BOTH_BUSY = None  # a fork-inherited barrier: a task returns only once both workers hold one


def _pid_with_both_workers_busy() -> int:
    _BOTH_BUSY.wait(timeout=60)
    return os.getpid()


def _both_worker_pids(pool) -> set[int]:
    """The pids of a two-worker pool: two tasks that wait for each other run on both workers."""
    return {f.result() for f in [pool.schedule(_pid_with_both_workers_busy) for _ in range(2)]}


def test_a_batch_keeps_its_workers_from_its_first_notebooks_to_its_summaries(monkeypatch):
    # each worker boots its kernels' fork server once (about 6.5 s of CPU): the board
    # summaries, run after the benchmark post-pass, reuse the workers of the other notebooks
    import multiprocessing

    from socialworkbook.run import kernels

    monkeypatch.setattr(kernels, "prestart", _without_kernel)
    monkeypatch.setattr(sys.modules[__name__], "_BOTH_BUSY", multiprocessing.Barrier(2))
    with runner._WorkerPool(2) as workers:
        first = workers.get(10)  # the notebooks
        pids = _both_worker_pids(first)
        assert len(pids) == 2 and os.getpid() not in pids
        assert workers.get(1) is first  # the summaries
        assert _both_worker_pids(first) == pids
    assert workers.pool is None  # closed with the batch
    with runner._WorkerPool(2) as workers:
        one = workers.get(1)  # one notebook first: one worker
        assert workers.size == 1
        more = workers.get(4)  # then more summaries than it has workers: a bigger pool
        assert more is not one and workers.size == 2 and not one.active


def test_each_client_is_finished_as_its_last_notebook_ends_while_the_others_run(monkeypatch):
    from socialworkbook.runfolder import Status, TemplateRecord

    def job(client, template):
        return runner.Job(client, template, "", "", {"period": "2026-Q3"}, "", "")

    events = []

    def execute(jobs, **_):
        for each in jobs:
            events.append(("ended", each.client, each.template))
            yield each, TemplateRecord(status=Status.SUCCEEDED, template=each.template)

    monkeypatch.setattr(runner, "_execute", execute)
    jobs = [job("alpha", "01"), job("beta", "01"), job("alpha", "02")]
    fresh = runner._run_jobs(
        jobs,
        pool=None,
        scheduler=None,
        quiet=True,
        say=print,
        finished=lambda key, records: events.append(("finished", key, sorted(records))),
    )
    assert events == [
        ("ended", "alpha", "01"),
        ("ended", "beta", "01"),
        ("finished", ("beta", "2026-Q3"), ["01"]),
        ("ended", "alpha", "02"),
        ("finished", ("alpha", "2026-Q3"), ["01", "02"]),
    ]
    assert sorted(fresh) == [("alpha", "2026-Q3"), ("beta", "2026-Q3")]
