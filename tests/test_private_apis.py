"""The private names of multiprocessing and jupyter the kernels rely on: there, and as meant."""

from __future__ import annotations

import contextvars
from multiprocessing import forkserver

from jupyter_core import utils

from socialworkbook import private_apis


def test_the_private_names_are_as_proven():
    found = private_apis.problems()
    assert found == [], (
        f"an upgrade changed what socialworkbook.run.private_apis relies on: {found}; proven on "
        f"{private_apis.PROVEN_ON}, installed {private_apis.installed_versions()}"
    )


def test_a_changed_internal_is_reported(monkeypatch):
    monkeypatch.setattr(forkserver, "_forkserver", object())
    monkeypatch.setattr(utils, "_loop", None)
    found = private_apis.problems()
    assert any("_forkserver lacks" in f and "_forkserver_alive_fd" in f for f in found)
    assert "jupyter_core.utils._loop is no longer a ContextVar" in found


def test_forgetting_the_parents_event_loop_makes_a_new_one(monkeypatch):
    monkeypatch.setattr(utils, "_loop", contextvars.ContextVar("_loop", default=None))
    parent = utils.ensure_event_loop()
    private_apis.forget_parent_event_loop()
    child = utils.ensure_event_loop()
    assert child is not parent
    parent.close()
    child.close()


def test_forgetting_the_parents_fork_server_clears_its_state(monkeypatch):
    server = forkserver.ForkServer()
    monkeypatch.setattr(forkserver, "_forkserver", server)
    server._forkserver_pid, server._forkserver_address = 12345, "/nowhere"
    private_apis.forget_parent_forkserver()
    assert (server._forkserver_pid, server._forkserver_address) == (None, None)
    assert server._forkserver_alive_fd is None


def test_the_repl_draw_is_dropped_and_the_other_hooks_stay_in_order():
    import types

    import matplotlib.pyplot as plt
    from IPython.core.events import EventManager, available_events

    shell = types.SimpleNamespace(events=EventManager(None, available_events))
    before, after = (lambda: None), (lambda: None)  # e.g. the inline backend's flush after it
    for hook in (before, plt._draw_all_if_interactive, after):
        shell.events.register("post_execute", hook)
    private_apis.skip_repl_draw(shell)
    assert shell.events.callbacks["post_execute"] == [before, after]
    private_apis.skip_repl_draw(shell)  # done already: nothing more to drop
    assert shell.events.callbacks["post_execute"] == [before, after]


def test_a_shared_fork_server_keeps_its_address_and_is_never_waited_on(monkeypatch):
    server = forkserver.ForkServer()
    monkeypatch.setattr(forkserver, "_forkserver", server)
    server._forkserver_pid, server._forkserver_address = 12345, "/nowhere"
    private_apis.share_parent_forkserver()
    assert (server._forkserver_pid, server._forkserver_address) == (None, "/nowhere")
    server.ensure_running()  # no waitpid of a process that is not this one's child, no new server
    assert server._forkserver_address == "/nowhere"
    private_apis.forget_parent_forkserver()
    assert "ensure_running" not in vars(server)
    assert (server._forkserver_pid, server._forkserver_address) == (None, None)
