"""The parameterised notebook templates: discovery, parameter checks (papermill inspection) and
the library modules they import."""

from __future__ import annotations

import ast
import functools
import hashlib
import json
import re
from dataclasses import dataclass
from pathlib import Path

from ..errors import ParameterError
from ..jupyter_imports import skip_iri_grammars
from ..paths import templates_dir as workspace_templates

__all__ = ["Template", "load_templates", "check_parameters", "library_imports", "own_client_only"]

# The package the templates import from (this module's grandparent folder) and its name.
_PACKAGE = Path(__file__).resolve().parents[1]

_PY_TYPES = {
    "str": str,
    "int": int,
    "float": (int, float),
    "bool": bool,
    "list": list,
    "dict": dict,
}


@dataclass(frozen=True)
class Template:
    """A template notebook with its content hash and declared parameters.

    The parameters are read (papermill's inspection) only when asked for: a batch in which the
    template does not run never imports papermill.
    """

    name: str
    path: Path
    version: str

    @property
    def number(self) -> str:
        return self.name.split("_", 1)[0]

    @functools.cached_property
    def parameters(self) -> dict:
        """The parameters the template's `parameters` cell declares (papermill's inspection)."""
        skip_iri_grammars()
        from papermill.inspection import inspect_notebook

        return inspect_notebook(str(self.path))


def load_templates(templates_dir: Path | str | None = None, only: list[str] | None = None):
    """Every `NN_*.ipynb` in the templates folder (default: the workspace's), sorted.

    `only` keeps the given numbers.
    """
    folder = Path(templates_dir) if templates_dir else workspace_templates()
    found = []
    for path in sorted(folder.glob("[0-9][0-9]_*.ipynb")):
        if only and path.name[:2] not in only:
            continue
        data = path.read_bytes()
        found.append(
            Template(
                name=path.stem,
                path=path,
                version=hashlib.sha256(data).hexdigest()[:12],
            )
        )
    if only:
        missing = sorted(set(only) - {t.number for t in found})
        if missing:
            raise ParameterError(
                f"--only names no template numbered {', '.join(missing)}; "
                f"templates in {folder}: "
                f"{', '.join(p.stem for p in sorted(folder.glob('*.ipynb')))}"
            )
    return found


def check_parameters(template: Template, parameters: dict) -> None:
    """Raise ParameterError when a parameter is unknown or of the wrong type (before any kernel)."""
    declared = template.parameters
    for name, value in parameters.items():
        if name not in declared:
            raise ParameterError(
                f"{template.name}: unknown parameter '{name}'; it declares "
                f"{', '.join(sorted(declared)) or 'none'}"
            )
        type_name = declared[name]["inferred_type_name"]
        optional = type_name.startswith("Optional[")
        base = type_name[9:-1] if optional else type_name
        if value is None and optional:
            continue
        expected = _PY_TYPES.get(base)
        if expected is None:
            continue  # a type papermill could not read: nothing to check against
        if isinstance(value, bool) and base != "bool" or not isinstance(value, expected):
            raise ParameterError(
                f"{template.name}: parameter '{name}' must be {type_name}, "
                f"got {type(value).__name__} {value!r}"
            )


def library_imports(templates_dir: Path | str | None = None) -> list[str]:
    """The kit's modules the templates' code cells import (default: the workspace's templates),
    sorted: `from socialworkbook.lab import charts, open_workbook` gives `socialworkbook.lab`
    and `socialworkbook.lab.charts` (a module; `open_workbook` is not).

    Read from the notebooks' text, never imported; a cell that is not Python (a magic) is
    skipped.
    """
    folder = Path(templates_dir) if templates_dir else workspace_templates()
    found: set[str] = set()
    for path in sorted(folder.glob("[0-9][0-9]_*.ipynb")):
        cells = json.loads(path.read_text(encoding="utf-8")).get("cells", [])
        for cell in cells:
            if cell.get("cell_type") == "code":
                found |= _imports("".join(cell.get("source", "")))
    return sorted(found)


def _imports(source: str) -> set[str]:
    """The kit's modules one cell's import statements name."""
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return set()
    named: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            named |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            named |= {node.module} | {f"{node.module}.{alias.name}" for alias in node.names}
    return {name for name in named if _is_kit_module(name)}


def _is_kit_module(name: str) -> bool:
    """Whether `name` is a module or package of the kit (looked up in its folder)."""
    top, *parts = name.split(".")
    if top != _PACKAGE.name:
        return False
    where = _PACKAGE.joinpath(*parts)
    return (where / "__init__.py").is_file() or where.with_suffix(".py").is_file()


_CLIENT_DEFAULT = re.compile(r"""^(client\s*(?::\s*str\s*)?=\s*)(["']).*?\2""", re.M)


def own_client_only(nb, client: str) -> bool:
    """Write `client` as the default of the `parameters` cell of an executed notebook (a
    NotebookNode); whether that changed it.

    A template's default client is an example client's slug; left in a client's run folder it
    would name another client there. The injected parameters below it are unchanged.
    """
    from ..paths import check_slug

    changed = False
    for cell in nb.cells:
        if "parameters" in cell.metadata.get("tags", []):
            source = _CLIENT_DEFAULT.sub(lambda m: f'{m[1]}"{check_slug(client)}"', cell.source)
            changed |= source != cell.source
            cell.source = source
    return changed
