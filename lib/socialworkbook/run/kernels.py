"""Fresh kernels started ahead of need: each notebook gets a kernel no other notebook has used.

Where the platform has it (Linux, macOS), kernels are forked from a `multiprocessing` fork server
that imported pandas, matplotlib, seaborn, ipykernel and the kit once, and never runs notebook
code: a kernel starts in a fraction of a second with those imports done, at almost no CPU cost,
yet in a process of its own. Elsewhere a kernel is a new Python process that imports the same
modules at start: so too in a daemonic process (a Dask worker, unless it is started
with `DASK_DISTRIBUTED__WORKER__DAEMON=False`). Either way the next kernel is started while
the current notebook runs. A batch's runner starts the fork server before it forks its workers
(`serve_workers`): they all fork their kernels from that one server.
"""

from __future__ import annotations

import asyncio
import functools
import gc
import multiprocessing
import os
import queue
import shutil
import tempfile
import threading
import time
from multiprocessing import util
from pathlib import Path

from jupyter_client import protocol_version_info
from jupyter_client.asynchronous import AsyncKernelClient
from jupyter_client.manager import AsyncKernelManager
from jupyter_client.provisioning import LocalProvisioner
from jupyter_core.utils import run_sync

from .. import inflect_engine, private_apis
from ..results import PUBLISH_ENV
from .templates import library_imports

__all__ = [
    "HEAVY_MODULES",
    "preload",
    "take_kernel",
    "discard_kernel",
    "shutdown_spare",
    "prestart",
    "serve_workers",
    "stop_serving",
    "ReadyClient",
]

# Imported by the fork server besides the kit's modules the templates import (`preload`).
# The kit imports inflect's engine (plurals and articles, `wording`, through `inflect_engine`)
# and pandas' Styler (jinja2: every table, `notebook.table_html`) lazily, so the CLI starts
# without them; most templates need them: imported here once per batch instead of in every
# notebook. So too the Agg and SVG backends, which matplotlib imports at a notebook's first
# chart; never the inline backend, which hooks itself into the IPython it finds when first
# imported (in the fork server: none, and no chart would show).
HEAVY_MODULES = (
    f"{__package__}.fork_server",  # first: no collection while importing, no debugger
    "pandas",
    "matplotlib.pyplot",
    "seaborn",
    "ipykernel.kernelapp",
    "ipykernel.ipkernel",  # the kernel class, which IPKernelApp imports only as it starts
    inflect_engine.__name__,
    "pandas.io.formats.style",
    "matplotlib.backends.backend_agg",
    "matplotlib.backends.backend_svg",
)
INLINE_BACKEND = "module://matplotlib_inline.backend_inline"
FORKS = "forkserver" in multiprocessing.get_all_start_methods()

_spare = None


@functools.cache
def preload() -> tuple[str, ...]:
    """What a kernel has imported before its notebook starts: `HEAVY_MODULES`, then the kit's
    modules the workspace's templates import (`templates.library_imports`)."""
    return (*HEAVY_MODULES, *library_imports())


def _kernel_main(argv: list[str], cwd: str, env: dict[str, str]) -> None:
    """The forked kernel process: its own session, folder and environment, then IPKernelApp.

    The objects of the preloaded modules (over 300,000) are frozen (`gc.freeze`): they live as
    long as the kernel, and every full collection would otherwise walk them all again (about
    0.3 s more each; an example client's metric analysis often meets one)."""
    gc.freeze()
    gc.enable()  # the fork server imported with it paused (`fork_server`)
    os.setsid()  # its own process group, so an interrupt never reaches the runner
    private_apis.forget_parent_forkserver()  # the server must not wait for its own kernel
    _stop_with_worker(cwd)
    os.chdir(cwd)
    os.environ.clear()
    os.environ.update(env)
    # matplotlib was imported before ipykernel could name its inline backend; name it now.
    import matplotlib
    from ipykernel.kernelapp import IPKernelApp

    os.environ["MPLBACKEND"] = INLINE_BACKEND
    matplotlib.rcParams["backend"] = INLINE_BACKEND
    # With a parent handle the kernel prints no banner.
    IPKernelApp.launch_instance([*argv, f"--IPKernelApp.parent_handle={os.getppid()}"])


def _stop_with_worker(workdir: str) -> None:
    """Exit the kernel, removing its `workdir`, as soon as the worker that asked for it is
    gone, however it ended (a worker's spare kernel: the pool terminates its workers).

    ipykernel's own parent poller cannot be relied on for this: it is not started when the fork
    server is already gone as the kernel starts (the parent pid is then 1), and before
    ipykernel 7 it notices only a move to pid 1, never to a subreaper. The worker's sentinel
    (`multiprocessing.parent_process()`) is at end of file once the worker has ended, whenever
    that was.
    """
    worker = multiprocessing.parent_process()

    def watch() -> None:
        worker.join()
        shutil.rmtree(workdir, ignore_errors=True)
        os._exit(1)

    threading.Thread(target=watch, name="stop-with-worker", daemon=True).start()


class _ForkedProcess:
    """The Popen-like face of a forked kernel that jupyter_client's provisioner expects."""

    stdin = stdout = stderr = None

    def __init__(self, process: multiprocessing.Process):
        self._process = process
        self.pid = process.pid

    def poll(self) -> int | None:
        return None if self._process.is_alive() else self._process.exitcode

    def wait(self, timeout: float | None = None) -> int | None:
        self._process.join(timeout)
        return self._process.exitcode

    def send_signal(self, signum: int) -> None:
        os.kill(self.pid, signum)

    def kill(self) -> None:
        self._process.kill()

    def terminate(self) -> None:
        self._process.terminate()


class ForkedProvisioner(LocalProvisioner):
    """Launches the kernel by forking the preloaded fork server instead of a new interpreter."""

    async def launch_kernel(self, cmd: list[str], **kwargs):
        context = multiprocessing.get_context("forkserver")
        context.set_forkserver_preload(list(preload()))
        env = dict(kwargs.get("env") or os.environ)
        args = (cmd[cmd.index("-f") :], kwargs["cwd"], env)
        process = context.Process(target=_kernel_main, args=args, name="kernel")
        try:
            await asyncio.get_running_loop().run_in_executor(None, process.start)
        except (OSError, EOFError):  # the runner's fork server is gone: start one's own
            private_apis.forget_parent_forkserver()
            process = context.Process(target=_kernel_main, args=args, name="kernel")
            await asyncio.get_running_loop().run_in_executor(None, process.start)
        self.process = _ForkedProcess(process)
        self.pid = self.pgid = process.pid  # the kernel leads its own process group (setsid)
        self.cwd = kwargs["cwd"]
        return self.connection_info

    async def kill(self, restart: bool = False) -> None:
        """Kill the kernel's process group and return once the kernel has ended (reaped at
        once: jupyter_client would otherwise check every 0.1 s whether it has)."""
        await super().kill(restart=restart)
        await asyncio.get_running_loop().run_in_executor(None, self.process.wait, 5)


class ReadyClient(AsyncKernelClient):
    """A kernel client that is ready once the kernel has answered it on shell and on IOPub.

    jupyter_client's own `wait_for_ready` then listens to IOPub until it has been quiet for
    0.2 s, which every notebook would wait; here the wait ends at the IOPub "idle" that closes
    the kernel's answer (what came before it is dropped, as there).
    """

    async def wait_for_ready(self, timeout: float | None = None) -> None:
        deadline = time.monotonic() + (float("inf") if timeout is None else timeout)
        while not await self._answered(self.kernel_info()):
            if not await self.is_alive():
                raise RuntimeError("Kernel died before replying to kernel_info")
            if time.monotonic() > deadline:
                raise RuntimeError(f"Kernel didn't respond in {timeout:g} seconds")

    async def _answered(self, request: str) -> bool:
        """Whether the kernel answered `request` on shell within 1 s, then closed it on IOPub
        within 1 s more (an IOPub still connecting drops the close, however busy it is after:
        ask again)."""
        try:
            reply = await self.get_shell_msg(timeout=1)
            while reply["parent_header"].get("msg_id") != request:  # an earlier request's
                reply = await self.get_shell_msg(timeout=1)
            closing = time.monotonic() + 1
            while not _closes(await self.get_iopub_msg(timeout=0.2), request):
                if time.monotonic() > closing:
                    return False
        except queue.Empty:
            return False
        major = int(reply["content"]["protocol_version"].split(".")[0])
        if major != protocol_version_info[0]:
            self.session.adapt_version = major  # as jupyter_client adapts an older kernel's
        return True


def _closes(message: dict, request: str) -> bool:
    """Whether `message` is the IOPub status "idle" that ends the kernel's work on `request`."""
    return (
        message["msg_type"] == "status"
        and message["content"].get("execution_state") == "idle"
        and message["parent_header"].get("msg_id") == request
    )


def _can_fork() -> bool:
    # A daemonic process (a Dask worker by default) may not have multiprocessing children.
    return FORKS and not multiprocessing.current_process().daemon


def _start():
    # An async manager, as papermill would make: with a blocking one nbclient's wait for output
    # blocks its event loop, so a kernel that dies mid-cell would never be noticed.
    km = AsyncKernelManager(kernel_name="python3", transport="ipc", client_factory=ReadyClient)
    workdir = tempfile.mkdtemp(prefix="swb-kernel-")
    km.connection_file = str(Path(workdir) / "kernel.json")
    km.ip = str(Path(workdir) / "kernel-ipc")
    km.workdir = workdir
    env = os.environ | {PUBLISH_ENV: "1"}  # a batch kernel: its notebook writes the run folder
    if _can_fork():
        km.kernel_id = Path(workdir).name
        private_apis.use_provisioner(
            km, ForkedProvisioner(kernel_id=km.kernel_id, kernel_spec=km.kernel_spec, parent=km)
        )
        run_sync(km.start_kernel)(cwd=workdir, env=env)
    else:
        # as `_kernel_main`
        warm = f"import {', '.join(preload())}; import gc; gc.freeze(); gc.enable()"
        run_sync(km.start_kernel)(
            cwd=workdir, env=env, extra_arguments=[f"--IPKernelApp.exec_lines={[warm]!r}"]
        )
    return km


def _alive(km) -> bool:
    return bool(run_sync(km.is_alive)())


def take_kernel(*, prestart_next: bool = True):
    """A started, never used kernel manager; starts the next one in the background."""
    global _spare
    km = _spare if _spare is not None and _alive(_spare) else _start()
    _spare = _start() if prestart_next else None
    return km


def discard_kernel(km) -> None:
    """Shut a used kernel down at once (a finished notebook needs no graceful goodbye).

    Its folder is removed first: should the worker be stopped midway (a pool stopping its
    workers may cut their exit short), the forked kernel, still alive, removes it itself."""
    shutil.rmtree(getattr(km, "workdir", ""), ignore_errors=True)
    try:
        run_sync(km.shutdown_kernel)(now=True)
    except Exception:  # noqa: BLE001 - a kernel that is already dead needs no shutdown
        pass


def shutdown_spare() -> None:
    """Stop the kernel started ahead of need (when the worker process ends)."""
    global _spare
    if _spare is not None:
        discard_kernel(_spare)
        _spare = None


def _stop_spare_at_exit() -> None:
    # A multiprocessing finalizer, not atexit: pool workers end without atexit hooks, and
    # finalizers run before a process waits for its (kernel) children.
    util.Finalize(None, shutdown_spare, exitpriority=10)


def prestart() -> None:
    """Start the first spare kernel as soon as a worker process starts."""
    global _spare
    _stop_spare_at_exit()  # a forked worker starts with no finalizers
    if _spare is None:
        _spare = _start()


def serve_workers() -> bool:
    """Start this process's fork server now, for the workers it forks after: they share it
    (`prestart`), so a batch imports `preload` once, while the runner goes on planning.

    True when started here (`stop_serving` stops it); False where kernels are not forked or
    the server runs already."""
    if not _can_fork() or private_apis.forkserver_running():
        return False
    from multiprocessing import forkserver

    forkserver.set_forkserver_preload(list(preload()))
    forkserver.ensure_running()
    return True


def stop_serving() -> None:
    """Stop the fork server `serve_workers` started, once its workers and kernels are gone."""
    private_apis.stop_forkserver()


def _forget_parent_kernels() -> None:
    """In a child forked from a process that ran kernels: what drove them is not the child's.

    The parent's spare kernel belongs to the parent, its event loop too (`private_apis`): the
    child makes its own on first need. The parent's fork server, if it has one, is shared.
    """
    global _spare
    _spare = None
    private_apis.forget_parent_event_loop()
    private_apis.share_parent_forkserver()


_stop_spare_at_exit()
os.register_at_fork(after_in_child=_forget_parent_kernels)
