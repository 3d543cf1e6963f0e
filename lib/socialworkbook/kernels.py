"""Fresh kernels started ahead of need: each notebook gets a kernel no other notebook has used.

While one notebook runs, the next kernel boots and imports the heavy modules in its own process
(IPython's `exec_lines`), so a notebook starts on a warm but unused kernel.
"""

from __future__ import annotations

import atexit
import tempfile
from pathlib import Path

__all__ = ["WARM_IMPORTS", "take_kernel", "discard_kernel", "shutdown_spare"]

WARM_IMPORTS = "import pandas, matplotlib.pyplot, seaborn, socialworkbook.notebook"

_spare = None


def _start():
    # An async manager, as papermill would make: with a blocking one nbclient's wait for output
    # blocks its event loop, so a kernel that dies mid-cell would never be noticed.
    from jupyter_client.manager import AsyncKernelManager
    from jupyter_core.utils import run_sync

    km = AsyncKernelManager(kernel_name="python3", transport="ipc")
    workdir = tempfile.mkdtemp(prefix="swb-kernel-")
    km.connection_file = str(Path(workdir) / "kernel.json")
    km.ip = str(Path(workdir) / "kernel-ipc")
    run_sync(km.start_kernel)(
        cwd=workdir,
        extra_arguments=[f"--IPKernelApp.exec_lines={[WARM_IMPORTS]!r}"],
    )
    km.workdir = workdir
    return km


def _alive(km) -> bool:
    from jupyter_core.utils import run_sync

    return bool(run_sync(km.is_alive)())


def take_kernel(*, prestart_next: bool = True):
    """A started, never used kernel manager; starts the next one in the background."""
    global _spare
    km = _spare if _spare is not None and _alive(_spare) else _start()
    _spare = _start() if prestart_next else None
    return km


def discard_kernel(km) -> None:
    """Shut a used kernel down at once (a finished notebook needs no graceful goodbye)."""
    import shutil

    from jupyter_core.utils import run_sync

    try:
        run_sync(km.shutdown_kernel)(now=True)
    except Exception:  # noqa: BLE001 - a kernel that is already dead needs no shutdown
        pass
    shutil.rmtree(getattr(km, "workdir", ""), ignore_errors=True)


def shutdown_spare() -> None:
    """Stop the kernel started ahead of need (at process exit)."""
    global _spare
    if _spare is not None:
        discard_kernel(_spare)
        _spare = None


atexit.register(shutdown_spare)


def prestart() -> None:
    """Start the first spare kernel as soon as a worker process starts."""
    global _spare
    if _spare is None:
        _spare = _start()
