"""Figures a run's notebooks share: computed by the first notebook that needs them, read by the
others from the run folder's staging.

A client's five notebooks each run in a kernel of their own, and several need the same derived
figures: the client itself as read and validated (every notebook; `intake.read_client` keeps it
under its files' SHA-256), the labelled estimates, the period tests and the goals (the metric
analysis, the action plan and the board summary), the method notebooks' findings (the action
plan and the board).
Inside a batch run (`lab.open_workbook` with a published output folder calls `share_in`) such a
figure is kept, pickled, in the run's staging folder, which the runner empties before the
client's notebooks start and removes after them: it never outlives the run, so a changed input
or kit re-computes everything. Outside a batch run (an analyst's session, where inputs are
edited between cells) nothing is kept: `remembered` computes every time.

A figure is kept under a digest of its name, the client's inputs (their SHA-256, the period and
the baseline) and the arguments it was computed from, so that a call with other arguments
computes its own. A kept file that cannot be read is a miss; one that cannot be written is
skipped: the figure is computed again by the next notebook.
"""

from __future__ import annotations

import dataclasses
import functools
import hashlib
import inspect
import io
import pickle
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

from .storage import atomic_write_bytes

__all__ = ["share_in", "remembered", "kept", "shared", "digest"]

T = TypeVar("T")

_VERSION = "1"  # bump when a kept figure's shape changes
_state: dict[str, Any] = {"folder": None, "kept": {}}


def share_in(folder: Path | str | None) -> None:
    """Keep the figures `remembered` computes in `folder` (None: keep nothing)."""
    _state["folder"] = Path(folder) if folder else None
    _state["kept"] = {}


def digest(value: Any) -> str:
    """A digest of `value` for a key: a DataFrame or Series by its content, index and columns;
    anything else by its pickle."""
    import pandas as pd

    h = hashlib.sha256()
    if isinstance(value, pd.DataFrame):
        h.update(
            pickle.dumps(("frame", [str(c) for c in value.columns], list(map(str, value.dtypes))))
        )
        h.update(pd.util.hash_pandas_object(value, index=True).to_numpy().tobytes())
    elif isinstance(value, pd.Series):
        h.update(pickle.dumps(("series", str(value.name), str(value.dtype))))
        h.update(pd.util.hash_pandas_object(value, index=True).to_numpy().tobytes())
    else:
        h.update(pickle.dumps(value, protocol=5))
    return h.hexdigest()


def remembered(name: str, client, compute: Callable[[], T], *arguments: Any) -> T:
    """`compute()`, or the figure a notebook of this run computed for the same `name`, client
    inputs and `arguments` (each `digest`ed). Outside a batch run, always `compute()`."""
    folder = _state["folder"]
    if folder is None:
        return compute()
    try:
        key = _key(name, client, arguments)
    except Exception:  # noqa: BLE001 - an argument that cannot be digested: no sharing
        return compute()
    return kept(folder / f"{name}-{key}.pickle", compute)


def kept(path: Path, compute: Callable[[], T]) -> T:
    """The value kept in `path` (read back refusing any code: `_Figures`), else `compute()`,
    then kept there (a file that cannot be read is a miss; one that cannot be written is
    skipped)."""
    blob = _state["kept"].get(str(path))
    if blob is None:
        try:
            blob = path.read_bytes()
        except OSError:
            blob = None
    if blob is not None:
        try:
            value = _Figures(io.BytesIO(blob)).load()
        except Exception:  # noqa: BLE001 - a damaged file or a refused class is a miss
            pass
        else:
            _state["kept"][str(path)] = blob
            return value
    value = compute()
    blob = pickle.dumps(value, protocol=5)
    _state["kept"][str(path)] = blob
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        atomic_write_bytes(path, blob)
    except OSError:
        pass  # the next notebook computes it again
    return value


_ALLOWED = frozenset(
    (module, name)
    for prefix in ("numpy._core", "numpy.core")  # numpy 2 and numpy 1
    for module, name in (
        (f"{prefix}.multiarray", "_reconstruct"),
        (f"{prefix}.multiarray", "scalar"),
        (f"{prefix}.numeric", "_frombuffer"),
    )
) | {
    ("builtins", "slice"),
    ("datetime", "date"),
    ("pathlib", "PosixPath"),
    ("pathlib", "WindowsPath"),
    ("numpy", "dtype"),
    ("numpy", "ndarray"),
    ("pandas", "DataFrame"),
    ("pandas", "Series"),
    ("pandas", "Index"),
    ("pandas", "RangeIndex"),
    ("pandas", "StringDtype"),
    ("pandas", "Timestamp"),
    ("pandas.arrays", "StringArray"),
    ("pandas.arrays", "DatetimeArray"),
    ("pandas._libs.arrays", "__pyx_unpickle_NDArrayBacked"),
    ("pandas._libs.internals", "_unpickle_block"),
    ("pandas._libs.tslibs.timestamps", "_unpickle_timestamp"),
    ("pandas.core.indexes.base", "_new_Index"),
    ("pandas.core.internals.managers", "BlockManager"),
    ("pandas.core.internals.managers", "SingleBlockManager"),
}
"""What a kept figure may be built from: numpy arrays, pandas frames, dates, paths and the kit's own
dataclasses.
Nothing else is called while reading one back (a kept file is data, never code)."""


class _Figures(pickle.Unpickler):
    """Reads a kept figure, refusing every global outside `_ALLOWED` and the kit's dataclasses."""

    def find_class(self, module: str, name: str):
        if (module, name) in _ALLOWED:
            return super().find_class(module, name)
        if module.startswith("socialworkbook."):
            found = super().find_class(module, name)
            if dataclasses.is_dataclass(found) and isinstance(found, type):
                return found
        raise pickle.UnpicklingError(f"a kept figure may not hold {module}.{name}")


def _key(name: str, client, arguments: tuple) -> str:
    h = hashlib.sha256(f"{_VERSION}\0{name}\0{client.slug}".encode())
    h.update(pickle.dumps(sorted(client.inputs_sha256.items())))
    h.update(pickle.dumps((repr(client.period), repr(client.baseline))))
    for argument in arguments:
        h.update(digest(argument).encode())
    return h.hexdigest()[:32]


def shared(name: str, *, unless: tuple[str, ...] = ()):
    """Decorate `function(client, ...)` so that in a batch run it is `remembered` under `name`
    and its other arguments; a call that gives any argument of `unless` (not None) computes."""

    def decorate(function: Callable[..., T]) -> Callable[..., T]:
        signature = inspect.signature(function)
        first = next(iter(signature.parameters))  # the client

        @functools.wraps(function)
        def wrapper(client, *args, **kwargs) -> T:
            if _state["folder"] is None:
                return function(client, *args, **kwargs)
            bound = signature.bind(client, *args, **kwargs)
            bound.apply_defaults()
            if any(bound.arguments.get(k) is not None for k in unless):
                return function(client, *args, **kwargs)
            others = sorted((k, v) for k, v in bound.arguments.items() if k != first)
            return remembered(
                name,
                client,
                lambda: function(client, *args, **kwargs),
                *[p for pair in others for p in pair],
            )

        return wrapper

    return decorate
