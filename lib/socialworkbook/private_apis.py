"""The private names of other packages the kit relies on, in one place, checked by a test.

No public API does these. A kernel forked from the fork server must forget the server's state
(`multiprocessing.forkserver`), and a worker forked from the runner shares the runner's fork
server, which its `ensure_running` would `waitpid` as if it were the worker's child
(ChildProcessError). A process forked from one that ran kernels must forget the parent's
event loop (which `jupyter_core` keeps per
thread), else it would drive the parent's epoll set. A kernel with the inline backend drops
pyplot's REPL hook (`pyplot._draw_all_if_interactive`), which draws every changed figure with
Agg after each cell, although the figure then lays itself out and prints itself as SVG. A
kernel manager takes the kit's forking provisioner through its `provisioner` attribute set
before start (jupyter_client keeps a provisioner already set); the public way, an entry point
named in a kernel spec, would work only once the package is installed. And a report is
rendered as nbconvert's HTML exporter renders it, without the exporter's last pass
(`html_without_reparse`). `PROVEN_ON` names the versions these were proven on (the REPL hook
also on matplotlib 3.8.0, the exporter also on nbconvert 7.16.5); `problems()` says what an
upgrade changed (tests/test_private_apis.py fails on it).
"""

from __future__ import annotations

import contextvars
import hashlib
import inspect
import os
import signal
import sys
from importlib.metadata import version

__all__ = [
    "PROVEN_ON",
    "forget_parent_forkserver",
    "share_parent_forkserver",
    "forkserver_running",
    "stop_forkserver",
    "forget_parent_event_loop",
    "use_provisioner",
    "skip_repl_draw",
    "html_without_reparse",
    "installed_versions",
    "problems",
]

PROVEN_ON = {
    "python": "3.11.7",
    "jupyter_client": "8.10.0",
    "jupyter_core": "5.9.1",
    "matplotlib": "3.11.2",
    "nbconvert": "7.17.2",
}
_FORKSERVER_STATE = ("_forkserver_pid", "_forkserver_address", "_forkserver_alive_fd")


def forget_parent_forkserver() -> None:
    """In a forked child: drop the parent's fork server (the child starts its own on need)."""
    from multiprocessing import forkserver

    server = forkserver._forkserver
    if server._forkserver_alive_fd is not None:
        os.close(server._forkserver_alive_fd)  # the parent's server must not wait for us
    for name in _FORKSERVER_STATE:
        setattr(server, name, None)
    vars(server).pop("ensure_running", None)  # as shared (`share_parent_forkserver`)


def share_parent_forkserver() -> None:
    """In a child forked from a process whose fork server runs: start processes through it.

    Only the server's parent may `waitpid` it, as its `ensure_running` does: here that only
    makes sure of the resource tracker while the server is known (`forget_parent_forkserver`
    makes the child start its own)."""
    from multiprocessing import forkserver, resource_tracker

    server = forkserver._forkserver
    if server._forkserver_pid is None:
        return
    server._forkserver_pid = None  # not this process's child

    def ensure_running() -> None:
        if server._forkserver_address is None:
            type(server).ensure_running(server)
        else:
            resource_tracker.ensure_running()

    server.ensure_running = ensure_running


def forkserver_running() -> bool:
    """Whether this process started a fork server that it has not stopped."""
    from multiprocessing import forkserver

    return forkserver._forkserver._forkserver_pid is not None


def stop_forkserver() -> None:
    """Stop the fork server this process started (its children gone: it holds nothing to save,
    and its clean exit would tear its preloaded modules down, about 0.4 s), then forget it."""
    from multiprocessing import forkserver

    server = forkserver._forkserver
    os.kill(server._forkserver_pid, signal.SIGTERM)
    server._stop()


def forget_parent_event_loop() -> None:
    """In a forked child: drop the parent's jupyter_core event loop (a new one is made on need)."""
    from jupyter_core import utils

    utils._loop.set(None)


def use_provisioner(km, provisioner) -> None:
    """Have the kernel manager `km` start its kernel through `provisioner`."""
    km.provisioner = provisioner


def skip_repl_draw(shell) -> None:
    """In a kernel with the inline backend: no draw of the changed figures after each cell
    (pyplot's hook draws them with Agg, but a figure lays itself out and prints itself as SVG
    when shown, `chart_text.describe_figures`)."""
    import matplotlib.pyplot as plt

    hooks = shell.events.callbacks["post_execute"]
    hook = getattr(plt, "_draw_all_if_interactive", None)
    if hook in hooks:  # else not registered (another backend, or done already)
        hooks.remove(hook)


# What nbconvert's HTMLExporter.from_notebook_node does, in order, as `html_without_reparse`
# repeats it (whitespace aside); then the pass it leaves out, from its BeautifulSoup line to its
# return, hashed (whitespace aside): only alt text for images and tab stops for notebook cells.
_HTML_PASS_SHA256 = "f84b7ce4c6443786"
_HTML_STEPS = (
    'langinfo = nb.metadata.get("language_info", {})',
    "highlight_code = self.filters.get(",
    "resources = self._init_resources(resources)",
    "notebook_metadata=self._nb_metadata, parent=self, resources=resources",
    'self.register_filter("highlight_code", highlight_code)',
    'self.register_filter("filter_data_type", filter_data_type)',
    "html, resources = super().from_notebook_node(nb, resources, **kw)",
    'soup = BeautifulSoup(html, features="html.parser")',
)


def html_without_reparse(exporter, nb, resources=None, **kw):
    """What nbconvert's `HTMLExporter.from_notebook_node` gives, without its last pass.

    That pass parses the whole page again with BeautifulSoup, only to give an image without alt
    text a placeholder one and the cells of a `.jp-Notebook` page a tab stop, and writes the
    page out again: three quarters of a report's export time. The kit's report template gives
    every image its alt text and has no such cells (tests/publish/test_export.py checks that
    the page is the exporter's own, parsed back).
    """
    from nbconvert.exporters.templateexporter import TemplateExporter
    from nbconvert.filters.highlight import Highlight2HTML
    from nbconvert.filters.widgetsdatatypefilter import WidgetsDataTypeFilter

    langinfo = nb.metadata.get("language_info", {})
    lexer = langinfo.get("pygments_lexer", langinfo.get("name", None))
    highlight_code = exporter.filters.get(
        "highlight_code", Highlight2HTML(pygments_lexer=lexer, parent=exporter)
    )
    resources = exporter._init_resources(resources)
    filter_data_type = WidgetsDataTypeFilter(
        notebook_metadata=exporter._nb_metadata, parent=exporter, resources=resources
    )
    exporter.register_filter("highlight_code", highlight_code)
    exporter.register_filter("filter_data_type", filter_data_type)
    return TemplateExporter.from_notebook_node(exporter, nb, resources, **kw)


def installed_versions() -> dict[str, str]:
    """The versions in use of what `PROVEN_ON` names."""
    python = ".".join(map(str, sys.version_info[:3]))
    return {"python": python} | {name: version(name) for name in PROVEN_ON if name != "python"}


def problems() -> list[str]:
    """What no longer holds of the private names used above (empty while all is as proven)."""
    from multiprocessing import forkserver

    from jupyter_client.manager import AsyncKernelManager
    from jupyter_client.provisioning import LocalProvisioner
    from jupyter_core import utils
    from nbconvert import HTMLExporter

    found = []
    server = getattr(forkserver, "_forkserver", None)
    missing = [n for n in (*_FORKSERVER_STATE, "_stop") if not hasattr(server, n)]
    if missing:
        found.append(f"multiprocessing.forkserver._forkserver lacks {missing}")
    elif "self.ensure_running()" not in inspect.getsource(server.connect_to_new_process):
        found.append("multiprocessing's fork server no longer checks it runs before a start")
    if not isinstance(getattr(utils, "_loop", None), contextvars.ContextVar):
        found.append("jupyter_core.utils._loop is no longer a ContextVar")
    elif "_loop.get()" not in inspect.getsource(utils.ensure_event_loop):
        found.append("jupyter_core.utils.ensure_event_loop no longer reads _loop")
    start = inspect.getsource(AsyncKernelManager.pre_start_kernel)
    if "if self.provisioner is None" not in start:
        found.append("jupyter_client's pre_start_kernel may replace a provisioner set before")
    for name in ("process", "pid", "pgid", "cwd", "connection_info"):
        if not hasattr(LocalProvisioner, name):
            found.append(f"jupyter_client's LocalProvisioner has no attribute {name!r}")
    import matplotlib.pyplot as plt

    hook = getattr(plt, "_draw_all_if_interactive", None)
    if hook is None or "_draw_all_if_interactive" not in inspect.getsource(
        plt.install_repl_displayhook
    ):
        found.append("matplotlib.pyplot no longer registers _draw_all_if_interactive")
    export = " ".join(inspect.getsource(HTMLExporter.from_notebook_node).split())
    at = [export.find(step) for step in _HTML_STEPS]
    left_out = export[export.find(_HTML_STEPS[-1]) :].encode()
    if (
        -1 in at
        or at != sorted(at)
        or export.count("from_notebook_node(") != 2
        or hashlib.sha256(left_out).hexdigest()[:16] != _HTML_PASS_SHA256
    ):
        found.append("nbconvert's HTMLExporter.from_notebook_node no longer does what it did")
    return found
