"""Kernels forked from the preloaded fork server: fresh, isolated, in their own process group."""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import nbformat
import pytest
from jupyter_core.utils import run_sync
from nbclient import NotebookClient
from runs import run_test_batch, scaffolded_clients

from socialworkbook import private_apis
from socialworkbook.run import kernels

pytestmark = [
    pytest.mark.xdist_group("runner_kernels"),  # one group per runner module (see test_run.py)
    pytest.mark.skipif(not kernels.FORKS, reason="this platform has no fork server"),
]


def _run_cells(km, *sources: str) -> list[str]:
    """Run code cells in the kernel of `km`; return each cell's printed text."""
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(s) for s in sources])
    NotebookClient(nb, km=km, timeout=60).execute()
    return ["".join(o.get("text", "") for o in cell.outputs).strip() for cell in nb.cells]


@pytest.fixture
def two_kernels():
    first, second = kernels.take_kernel(), kernels.take_kernel(prestart_next=False)
    yield first, second
    for km in (first, second):
        kernels.discard_kernel(km)


def test_each_kernel_is_a_fresh_process_with_the_imports_done(two_kernels):
    first, second = two_kernels
    state = (
        "import sys, socialworkbook.lab.charts as c; print(os.getpid(), 'pandas' in sys.modules)"
    )
    one = _run_cells(first, "import os", state, "c.LEFT_BY_NOTEBOOK = 1")
    two = _run_cells(second, "import os", state, "print(hasattr(c, 'LEFT_BY_NOTEBOOK'))")
    pid_one, preloaded_one = one[1].split()
    pid_two, preloaded_two = two[1].split()
    assert pid_one != pid_two and str(os.getpid()) not in (pid_one, pid_two)
    assert preloaded_one == preloaded_two == "True"
    assert two[2] == "False"  # what one notebook changed is not in the next one's kernel


def test_a_kernel_leads_its_own_process_group_and_draws_inline(two_kernels):
    first, _ = two_kernels
    out = _run_cells(
        first,
        "import os, matplotlib; print(os.getpgid(0) == os.getpid(), matplotlib.get_backend())",
    )
    own_group, backend = out[0].split()
    assert own_group == "True"  # an interrupt sent to the kernel's group never reaches the runner
    assert backend == kernels.INLINE_BACKEND


def test_a_chart_drawn_in_a_kernel_is_shown_as_svg_with_its_finding(two_kernels):
    # the inline backend hooks itself into the IPython it finds when first imported: preloaded
    # by the fork server (no IPython there), it showed no chart at all
    first, _ = two_kernels
    nb = nbformat.v4.new_notebook(
        cells=[
            nbformat.v4.new_code_cell(
                "from socialworkbook.lab import charts\ncharts.set_style('#1f4e79')"
            ),
            nbformat.v4.new_code_cell(
                "import matplotlib.pyplot as plt\nplt.plot([1, 2])\nplt.title('Sales rose');"
            ),
        ]
    )
    NotebookClient(nb, km=first, timeout=60).execute()
    (shown,) = nb.cells[1].outputs
    assert "<svg" in shown["data"]["image/svg+xml"]
    assert "image/png" not in shown["data"]
    assert shown["metadata"]["image/svg+xml"] == {"alt": "Sales rose"}


def test_a_discarded_kernel_is_gone():
    km = kernels.take_kernel(prestart_next=False)
    pid = int(_run_cells(km, "import os; print(os.getpid())")[0])
    kernels.discard_kernel(km)
    with pytest.raises(ProcessLookupError):
        os.kill(pid, 0)


def test_a_discarded_kernels_folder_is_removed_before_the_kernel_is_shut_down():
    """A worker stopped midway through a discard leaves the kernel alive to remove its own
    folder (see test_kernels_of_a_killed_worker_stop_with_it), never a folder without one."""
    km = kernels.take_kernel(prestart_next=False)
    folder, process, shutdown, seen = (
        Path(km.workdir),
        km.provisioner.process,
        km.shutdown_kernel,
        [],
    )

    async def watched_shutdown(now=False):
        seen.append(folder.exists())
        await shutdown(now=now)

    km.shutdown_kernel = watched_shutdown
    kernels.discard_kernel(km)
    assert seen == [False]
    assert process.poll() is not None  # shut down all the same


def test_killing_a_kernel_returns_once_it_has_ended():
    """jupyter_client checks every 0.1 s whether a killed kernel has ended: the kit's
    provisioner returns from its kill only then, so the first check finds it ended."""
    km = kernels.take_kernel(prestart_next=False)
    try:
        _run_cells(km, "pass")
        run_sync(km.provisioner.kill)()
        assert km.provisioner.process.poll() is not None
    finally:
        kernels.discard_kernel(km)


def test_a_batch_run_from_a_process_that_has_kernels_shares_its_fork_server(tmp_path):
    # fail here, not hang below, if the private names the at-fork hook resets changed
    assert private_apis.problems() == []
    km = kernels.take_kernel()  # this process now has a fork server and a spare kernel
    try:
        data_root = scaffolded_clients(tmp_path / "client_data", "alpha")
        report = run_test_batch(data_root, tmp_path / "out", clients=("alpha",), workers=2)
        assert report.exit_code == 0, report.failures
        assert _run_cells(km, "print(1 + 1)") == ["2"]  # ours still works
    finally:
        kernels.discard_kernel(km)


SHARED = """
import multiprocessing, os, signal
from socialworkbook.run import kernels

kernels.preload = lambda: ("matplotlib", "ipykernel.kernelapp")

def parent_of(pid):
    return int(open(f"/proc/{pid}/stat").read().rsplit(")", 1)[1].split()[1])

def kernel_parent():
    km = kernels.take_kernel(prestart_next=False)
    try:
        return parent_of(km.provisioner.pid)
    finally:
        kernels.discard_kernel(km)

def worker(queue, server):
    shared = kernel_parent()
    os.kill(server, signal.SIGKILL)  # the runner's fork server dies
    own = kernel_parent()
    queue.put((shared, own, parent_of(own), os.getpid()))

if __name__ == "__main__":
    assert kernels.serve_workers()
    from multiprocessing import forkserver
    server = forkserver._forkserver._forkserver_pid
    context = multiprocessing.get_context("fork")
    queue = context.Queue()
    context.Process(target=worker, args=(queue, server)).start()
    shared, own, own_parent, worker_pid = queue.get(timeout=120)
    kernels.stop_serving()
    print(shared == server, own != server, own_parent == worker_pid)
    assert kernels.serve_workers()  # a new one, the dead one forgotten
    server = forkserver._forkserver._forkserver_pid
    print(kernels.serve_workers() is False)  # running already: kept
    kernels.stop_serving()
    print(not os.path.exists(f"/proc/{server}"))  # stopped and reaped
"""


def test_workers_fork_their_kernels_from_the_runners_server_or_their_own_once_it_is_gone(
    tmp_path,
):
    (tmp_path / "shared.py").write_text(SHARED)
    done = subprocess.run(
        [sys.executable, str(tmp_path / "shared.py")], capture_output=True, text=True, timeout=180
    )
    assert done.stdout.split() == ["True"] * 5, done.stderr


# A kernel whose worker dies while the kernel is still starting (slow under load: ipykernel
# 6.29 imports debugpy) must stop too; ipykernel watches its parent only once started.
SLOW_START = """
import time
from ipykernel.kernelapp import IPKernelApp
from socialworkbook.run import kernels

def kernel_main(*args):
    initialize = IPKernelApp.initialize
    def slow_initialize(self, argv=None):
        time.sleep(40)
        initialize(self, argv)
    IPKernelApp.initialize = slow_initialize
    kernels._kernel_main(*args)
"""


@pytest.mark.parametrize("slow", [False, True], ids=["started", "still-starting"])
def test_kernels_of_a_killed_worker_stop_with_it(tmp_path, slow):
    (tmp_path / "slow_start.py").write_text(SLOW_START)
    delay = "import slow_start; kernels._kernel_main = slow_start.kernel_main\n" if slow else ""
    out, err = tmp_path / "stdout", tmp_path / "stderr"
    with out.open("w") as stdout, err.open("w") as stderr:  # files: the kernels inherit them
        worker = subprocess.run(  # a worker that takes a kernel and dies without cleaning up
            [
                sys.executable,
                "-c",
                "import os, signal\n"
                "from socialworkbook.run import kernels\n"
                f"{delay}"
                "km = kernels.take_kernel()\n"
                "spare = kernels._spare\n"
                "print(km.provisioner.pid, spare.provisioner.pid, flush=True)\n"
                "print(km.workdir, spare.workdir, flush=True)\n"
                "os.kill(os.getpid(), signal.SIGKILL)\n",
            ],
            stdout=stdout,
            stderr=stderr,
            timeout=120,
            env=os.environ
            | {"PYTHONPATH": f"{tmp_path}{os.pathsep}{os.environ.get('PYTHONPATH', '')}"},
        )
    assert worker.returncode == -signal.SIGKILL, err.read_text()
    pid_line, folder_line = out.read_text().splitlines()
    pids = [int(pid) for pid in pid_line.split()]
    folders = [Path(folder) for folder in folder_line.split()]
    assert len(pids) == 2 and all(folder.name.startswith("swb-kernel-") for folder in folders)
    deadline = time.monotonic() + 30
    while any(_running(pid) for pid in pids) and time.monotonic() < deadline:
        time.sleep(0.2)
    survivors = [pid for pid in pids if _running(pid)]
    for pid in survivors:
        os.kill(pid, signal.SIGKILL)
    assert survivors == []
    assert [folder for folder in folders if folder.exists()] == []  # each removed its own


def _running(pid: int) -> bool:
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except FileNotFoundError:
        return False
    return "\nState:\tZ" not in status  # a zombie has exited


# The kit's modules the fork server imported before the preload list was derived from the
# templates (issue 22): a kernel must still find every one of them done.
FORMER_PRELOAD = {
    "socialworkbook.lab.notebook",
    "socialworkbook.method.board",
    "socialworkbook.lab.charts",
    "socialworkbook.method.ecosystem",
    "socialworkbook.method.findings",
    "socialworkbook.method.framework",
    "socialworkbook.measure.metrics",
    "socialworkbook.method.ogst",
    "socialworkbook.measure.sentiment",
    "socialworkbook.measure.stats",
    "socialworkbook.method.value",
    "socialworkbook.lab.widgets",
}


def test_a_kernel_starts_with_the_kit_modules_its_templates_import():
    km = kernels.take_kernel(prestart_next=False)
    try:
        (loaded,) = _run_cells(
            km, "import sys; print(' '.join(m for m in sys.modules if m.startswith('social')))"
        )
    finally:
        kernels.discard_kernel(km)
    assert FORMER_PRELOAD <= set(loaded.split())
    assert set(kernels.preload()) <= set(loaded.split()) | set(kernels.HEAVY_MODULES)


def test_a_kernel_starts_with_what_the_kit_imports_lazily_but_every_notebook_needs():
    km = kernels.take_kernel(prestart_next=False)
    try:
        (loaded,) = _run_cells(
            km, "import sys; print('inflect' in sys.modules, 'jinja2' in sys.modules)"
        )
    finally:
        kernels.discard_kernel(km)
    assert loaded == "True True"  # plurals (wording) and tables (pandas' Styler) cost no import


def test_a_batch_kernel_collects_garbage_has_no_debugger_and_its_kernel_class_preloaded():
    """The fork server imports with the collector paused, the kernel turns it on again; no
    notebook of a batch is debugged: pydevd (half of a kernel's start) is never imported, and
    the kernel class comes with the fork server's imports."""
    km = kernels.take_kernel(prestart_next=False)
    try:
        (loaded,) = _run_cells(
            km,
            "import gc, sys, ipykernel.debugger as d\n"
            "print(gc.isenabled(), d._is_debugpy_available, 'pydevd' in sys.modules,"
            " sys.modules['debugpy'])",
        )
    finally:
        kernels.discard_kernel(km)
    assert loaded == "True False False None"
    assert "ipykernel.ipkernel" in kernels.preload()


def test_the_preload_list_is_read_from_the_templates_imports(tmp_path):
    from socialworkbook.run.templates import library_imports

    cells = [
        "from socialworkbook.lab import (\n    charts,\n    open_workbook,\n)",
        "%matplotlib inline",
        "import socialworkbook.measure.stats as st\nfrom pathlib import Path",
    ]
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(c) for c in cells])
    nbformat.write(nb, tmp_path / "05_own.ipynb")
    nbformat.write(nb, tmp_path / "notes.ipynb")  # not a template: not read
    assert library_imports(tmp_path) == [
        "socialworkbook.lab",
        "socialworkbook.lab.charts",
        "socialworkbook.measure.stats",
    ]
    assert FORMER_PRELOAD <= set(library_imports(Path(__file__).parents[2] / "templates")) | {
        "socialworkbook.lab.notebook"  # run by `socialworkbook.lab` (its __init__)
    }


def test_a_client_is_ready_once_the_kernel_answered_it_however_busy_its_iopub(two_kernels):
    """jupyter_client's own wait for a ready kernel ends after 0.2 s of silence on IOPub: every
    notebook waited that long, and a kernel that never falls silent was never ready. The kit's
    client is ready at the kernel's answer: its IOPub "idle"."""
    first, _ = two_kernels
    chatty = (
        "import threading, time\n"
        "def chatter():\n"
        "    while True:\n"
        "        print('still here', flush=True)\n"
        "        time.sleep(0.02)\n"
        "threading.Thread(target=chatter, daemon=True).start()"
    )
    _run_cells(first, chatty)  # from now on the kernel's IOPub carries a line every 20 ms
    assert isinstance(first.client(), kernels.ReadyClient)

    async def ready_then_run() -> list[str]:
        client = first.client()
        client.start_channels()
        results = []
        try:
            await asyncio.wait_for(client.wait_for_ready(timeout=30), 60)
            reply = await client.execute_interactive(
                "6 * 7",
                timeout=30,
                output_hook=lambda msg: results.append(msg["content"].get("data", {})),
            )
        finally:
            client.stop_channels()
        assert reply["content"]["status"] == "ok"
        return results

    assert {"text/plain": "42"} in asyncio.run(ready_then_run())


def test_a_kernels_preloaded_objects_are_frozen_so_collections_skip_them(two_kernels):
    first, _ = two_kernels
    (counts,) = _run_cells(first, "import gc; print(gc.get_freeze_count(), len(gc.get_objects()))")
    frozen, tracked = map(int, counts.split())
    assert frozen > 100_000 and frozen > 2 * tracked  # pandas, seaborn, the kit: never walked
