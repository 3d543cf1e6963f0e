"""Take a period off a client's history and put it back: the run folder moves, nothing is deleted.

`socialworkbook history CLIENT --hide PERIOD` moves `<out>/<client>/<period-slug>/` to
`<out>/<client>/.hidden/` (`runfolder.hide_run`); from then on the history page, the portfolio
index, `list`, `share` and `lab` do not see it. `--restore NAME` moves it back, `--list` shows the
periods in the history and the hidden ones. Both rewrite the client's history page and the index.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .. import runfolder
from ..errors import WorkbookError
from ..paths import check_slug, default_data_root, default_out_root

__all__ = ["Shelf", "hide", "restore", "shelf"]


@dataclass(frozen=True)
class Shelf:
    """A client's runs: the periods in its history and the hidden ones (folder names)."""

    shown: list[str]
    hidden: list[str]


def shelf(client: str, *, out: Path | str | None = None) -> Shelf:
    """The folder names of `client`'s runs in its history and of its hidden runs."""
    root = Path(out) if out else default_out_root()
    check_slug(client)
    return Shelf(
        shown=[run.folder.name for run in runfolder.read_runs(root, client)],
        hidden=[run.folder.name for run in runfolder.hidden_runs(root, client)],
    )


def hide(
    client: str, period: str, *, out: Path | str | None = None, data_root: Path | str | None = None
) -> tuple[Path, str]:
    """Hide `client`'s run of `period`; the folder it moved to and how the pages were rewritten."""
    root = Path(out) if out else default_out_root()
    moved = runfolder.hide_run(root, client, period)
    return moved, _rewrite_pages(root, client, data_root)


def restore(
    client: str, name: str, *, out: Path | str | None = None, data_root: Path | str | None = None
) -> tuple[Path, str]:
    """Put a hidden run back into the history; its folder and how the pages were rewritten."""
    root = Path(out) if out else default_out_root()
    moved = runfolder.restore_run(root, client, name)
    return moved, _rewrite_pages(root, client, data_root)


def _rewrite_pages(root: Path, client: str, data_root) -> str:
    """Write the client's history page and the portfolio index again, from the runs shown."""
    from .. import intake
    from ..publish import export, history, portfolio

    runs = runfolder.read_runs(root)
    portfolio.write_index(root, runs)
    page = root / client / history.HISTORY
    try:
        brand = export.branding(intake.read_client(client, data_root or default_data_root()))
    except WorkbookError:
        page.unlink(missing_ok=True)  # a page built from the runs: the next run writes it again
        return (
            "the portfolio index was rewritten; the history page was removed (the client's "
            f"inputs do not validate now): `socialworkbook run {client}` writes it again"
        )
    if history.write_history(root, client, brand, runs, data_root=data_root) is None:
        page.unlink(missing_ok=True)
        return "the portfolio index was rewritten; no period is left in the history page"
    return "the history page and the portfolio index were rewritten"
