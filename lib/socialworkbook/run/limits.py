"""Resource limits: a client whose data would not fit in one worker's memory is refused first;
a cell that runs too long counts as hung."""

from __future__ import annotations

import os
from pathlib import Path

from .. import paths, vocab
from ..errors import ResourceLimitError
from ..vocab import CONFIG_FILE, WORKBOOK_FILE

MAX_INPUT_ENV = "SOCIALWORKBOOK_MAX_INPUT_MB"
# Seconds one cell may run before it counts as hung (an infrastructure failure, retried once).
DEFAULT_CELL_TIMEOUT = 900


# Memory a notebook needs per byte of input: pandas frames, normalised copies and the kernel's own
# read of the client take about ten times a CSV's size; an xlsx is zip-compressed (10-50 times).
_MEMORY_PER_CSV_BYTE = 10


_MEMORY_PER_XLSX_BYTE = 100


def _input_files(folder: Path) -> list[Path]:
    names = [CONFIG_FILE, WORKBOOK_FILE] + [f"{name}.csv" for name in vocab.TABLES]
    return [folder / name for name in names if (folder / name).is_file()]


def input_bytes(folder: Path | str) -> int:
    """The size on disk of a client's input files (client.yaml, inputs.xlsx, the table CSVs)."""
    return sum(path.stat().st_size for path in _input_files(Path(folder)))


def memory_estimate(folder: Path | str) -> int:
    """Bytes of memory a notebook of this client is expected to need, from its input file sizes."""
    total = 0
    for path in _input_files(Path(folder)):
        factor = _MEMORY_PER_XLSX_BYTE if path.name == WORKBOOK_FILE else _MEMORY_PER_CSV_BYTE
        total += path.stat().st_size * factor
    return total


def available_memory() -> int | None:
    """Bytes of memory available now (psutil when installed, else sysconf); None when unknown."""
    try:
        import psutil

        return int(psutil.virtual_memory().available)
    except Exception:  # psutil missing or unable to read this system
        pass
    try:
        return int(os.sysconf("SC_AVPHYS_PAGES")) * int(os.sysconf("SC_PAGE_SIZE"))
    except (ValueError, OSError, AttributeError):
        return None


def check_resources(
    client: str, data_root: Path | str | None = None, *, workers: int | None = None
) -> None:
    """Refuse a client whose data would not fit in one worker's memory, before anything runs.

    With `SOCIALWORKBOOK_MAX_INPUT_MB` set, that many MB of input files (on disk) is the limit.
    Otherwise the memory a notebook is expected to need (`memory_estimate`) must fit in the
    available memory shared by `workers` workers (default: one per CPU).

    Raises
    ------
    errors.ResourceLimitError
        Naming the sizes, the limit and the fix.
    errors.BadSlugError, errors.ClientNotFoundError
    """
    folder = paths.client_folder(client, data_root)
    on_disk = input_bytes(folder)
    mb = 1 << 20
    setting = os.environ.get(MAX_INPUT_ENV, "").strip()
    if setting:
        try:
            limit_mb = float(setting)
        except ValueError:
            raise ResourceLimitError(
                f"{MAX_INPUT_ENV}={setting!r} is not a number of MB. Fix: set it to a number "
                "such as 500, or unset it to use the available memory"
            ) from None
        if on_disk > limit_mb * mb:
            raise ResourceLimitError(
                f"client '{client}' was not run: its input files take {on_disk / mb:,.1f} MB, "
                f"more than the {limit_mb:g} MB set by {MAX_INPUT_ENV}. Fix: run a shorter "
                f"period or drop unused rows and columns, or raise {MAX_INPUT_ENV}"
            )
        return
    available = available_memory()
    if available is None:
        return
    workers = max(1, workers or os.cpu_count() or 1)
    needed = memory_estimate(folder)
    if needed > available / workers:
        raise ResourceLimitError(
            f"client '{client}' was not run: its input files ({on_disk / mb:,.1f} MB on disk) need "
            f"about {needed / mb:,.0f} MB of memory, more than the {available / workers / mb:,.0f} "
            f"MB available to each of {workers} worker(s). Fix: run it alone with --workers 1, on "
            "a machine with more memory, or with less data (a shorter period); "
            f"{MAX_INPUT_ENV} sets the limit in MB of input files explicitly"
        )
