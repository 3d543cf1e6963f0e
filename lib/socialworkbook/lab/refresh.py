"""Keep an open notebook current after an editor's save: the cells run since the workbook was
opened are run again, in the order they first ran, and their outputs replaced where they stand.

`watch(shell)` (called by `open_workbook` in an interactive kernel, never in a batch run) hooks
IPython's `pre_run_cell` and `post_run_cell`: each cell's displayed outputs are collected while it
runs and shown when it ends, each under a display id, and the cell's source is kept. `rerun()`
(called by an editor after a save) runs every kept cell again, except those showing a widget (the
editors themselves), and updates each display in place: what the screen shows after a save is
what a full run would show, without Run All. A cell that fails stops the refresh, as Run All
would, and its error shows in place of its outputs.

The editors of the notebook are kept too (`keep`, called by every editor as it opens, on its
`Workbook`): after one saves, `follow` brings every other up to date with the reloaded workbook
before the cells run again: an editor of the saved table reloads it, one that reads it (`reads`:
the OGST editor's component dropdown reads the ecosystem) renews its options, and each lists the
problems its own table still has. An editor shown again by its cell replaces the one it showed.
"""

from __future__ import annotations

import ast
import base64
import html
from dataclasses import dataclass, field

__all__ = ["watch", "rerun", "Refreshed", "keep", "follow"]

_WIDGET = "application/vnd.jupyter.widget-view+json"


@dataclass
class _Cell:
    """A cell run since the workbook opened: its source and the display ids of its outputs."""

    source: str
    ids: list[str]
    widget: bool


@dataclass(frozen=True)
class Refreshed:
    """What `rerun` did: the cells run again, and the error that stopped it (empty if none)."""

    cells: int
    error: str = ""


@dataclass
class _Session:
    shell: object
    cells: dict[str, _Cell] = field(default_factory=dict)
    saved_pub: object = None
    refreshing: bool = False
    skip: bool = False
    serial: int = 0

    def pre(self, info) -> None:
        if self.refreshing or self.saved_pub is not None:
            return
        from IPython.core.displaypub import CapturingDisplayPublisher

        self.saved_pub = self.shell.display_pub
        self.shell.display_pub = CapturingDisplayPublisher()
        self.key = getattr(info, "cell_id", None) or info.raw_cell
        self.source = info.raw_cell

    def post(self, result) -> None:
        if self.saved_pub is None:
            return
        outputs = self.shell.display_pub.outputs
        self.shell.display_pub, self.saved_pub = self.saved_pub, None
        ids = []
        for output in outputs:
            if output["update"] or (output["transient"] or {}).get("display_id"):
                self.shell.display_pub.publish(
                    output["data"],
                    output["metadata"],
                    transient=output["transient"],
                    update=output["update"],
                )
                continue
            ids.append(self._show(output["data"], output["metadata"]))
        widget = any(_WIDGET in (o["data"] or {}) for o in outputs)
        if self.skip:  # the cell that opened the workbook: never run again by a refresh
            self.skip = False
            return
        self.cells[self.key] = _Cell(self.source, ids, widget)

    def _show(self, data: dict, metadata: dict | None, display_id: str = "") -> str:
        if not display_id:
            self.serial += 1
            display_id = f"swb-{id(self):x}-{self.serial}"
        self.shell.display_pub.publish(
            data, metadata or {}, transient={"display_id": display_id}, update=False
        )
        return display_id

    def update(self, display_id: str, data: dict, metadata: dict | None = None) -> None:
        self.shell.display_pub.publish(
            data, metadata or {}, transient={"display_id": display_id}, update=True
        )


_SESSION: _Session | None = None


def watch(shell) -> None:
    """Start keeping the cells `shell` runs from now on (again from scratch on a second call)."""
    global _SESSION
    if _SESSION is not None and _SESSION.shell is shell:
        _SESSION.cells.clear()
        _SESSION.skip = _SESSION.saved_pub is not None
        return
    if _SESSION is not None:
        _unhook(_SESSION)
    _SESSION = _Session(shell)
    shell.events.register("pre_run_cell", _SESSION.pre)
    shell.events.register("post_run_cell", _SESSION.post)


def _unhook(session: _Session) -> None:
    for event, hook in (("pre_run_cell", session.pre), ("post_run_cell", session.post)):
        try:
            session.shell.events.unregister(event, hook)
        except ValueError:
            pass


def keep(editor) -> None:
    """Keep `editor` (with `wb`, `follow`) among the live editors of its workbook: another
    editor's save brings it up to date. One shown again by the same cell replaces the earlier."""
    session = _SESSION
    editors = editor.wb.editors
    if session is None or session.saved_pub is None or session.refreshing:
        editors[id(editor)] = editor
        return
    cell, run = session.key, getattr(session.shell, "execution_count", 0)
    for key in [k for k in editors if isinstance(k, tuple) and k[0] == cell and k[1] != run]:
        del editors[key]  # shown by an earlier run of this cell: no longer on the screen
    editors[(cell, run, id(editor))] = editor


def follow(saver) -> None:
    """After `saver` saved its table (and reloaded the workbook), bring every other live editor
    of the workbook up to date: its table, options and problems."""
    for editor in list(saver.wb.editors.values()):
        if editor is not saver:
            editor.follow(saver.table_name)


def rerun() -> Refreshed | None:
    """Run the kept cells again and replace their outputs; None when nothing is watched."""
    session = _SESSION
    if session is None:
        return None
    from IPython.utils.capture import capture_output

    done = 0
    session.refreshing = True
    try:
        for cell in list(session.cells.values()):
            if cell.widget:
                continue
            with capture_output(stdout=False, stderr=False) as captured:
                try:
                    _run(session.shell, cell.source)
                except Exception as exc:  # noqa: BLE001 - shown where the cell's outputs were
                    error = f"{type(exc).__name__}: {exc}"
                    _replace(session, cell, [{"text/html": _error_html(error)}])
                    return Refreshed(done, error)
            _replace(session, cell, [o.data for o in captured.outputs])
            done += 1
    finally:
        session.refreshing = False
    return Refreshed(done)


def _run(shell, source: str) -> None:
    """Run a cell's source in the notebook's namespace; show its last expression and figures."""
    import matplotlib.pyplot as plt
    from IPython.display import display

    code = shell.transform_cell(source)
    tree = ast.parse(code)
    last = None
    if tree.body and isinstance(tree.body[-1], ast.Expr) and not code.rstrip().endswith(";"):
        last = ast.unparse(tree.body.pop().value)
    before = set(plt.get_fignums())
    shell.ex(ast.unparse(tree))  # IPython runs the notebook's own cell in its namespace
    if last is not None:
        value = shell.ev(last)
        if value is not None:
            display(value)
    for number in plt.get_fignums():
        if number not in before:
            figure = plt.figure(number)
            display(figure)
            plt.close(figure)


def _replace(session: _Session, cell: _Cell, bundles: list[dict]) -> None:
    """Show `bundles` in the displays of `cell`: one per display, extras joined into the last."""
    if not cell.ids:
        return
    slots = len(cell.ids)
    shown = bundles[: slots - 1] + (
        [_joined(bundles[slots - 1 :])] if len(bundles) >= slots else []
    )
    for position, display_id in enumerate(cell.ids):
        data = shown[position] if position < len(shown) else {"text/plain": ""}
        session.update(display_id, data)


def _joined(bundles: list[dict]) -> dict:
    """One bundle for several outputs (an HTML of each, in order); one bundle as it is."""
    if len(bundles) == 1:
        return bundles[0]
    return {"text/html": "".join(_as_html(b) for b in bundles), "text/plain": ""}


def _as_html(bundle: dict) -> str:
    if "text/html" in bundle:
        return bundle["text/html"]
    if "image/png" in bundle:
        png = bundle["image/png"]
        png = png if isinstance(png, str) else base64.b64encode(png).decode()
        return f'<img src="data:image/png;base64,{png}">'
    if "text/markdown" in bundle:
        import mistune

        return mistune.html(bundle["text/markdown"])
    return f"<pre>{html.escape(str(bundle.get('text/plain', '')))}</pre>"


def _error_html(error: str) -> str:
    return (
        '<div style="background:#fdecea;border-left:4px solid #c62828;padding:6px 10px">'
        "<b>This cell failed when the notebook was refreshed after a save:</b> "
        f"{html.escape(error)}</div>"
    )
