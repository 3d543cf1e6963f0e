"""The parameterised notebook templates: discovery and parameter checks (papermill inspection)."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

from ..errors import ParameterError
from ..paths import templates_dir as workspace_templates

__all__ = ["Template", "load_templates", "check_parameters"]

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
    """A template notebook with its declared parameters and content hash."""

    name: str
    path: Path
    parameters: dict
    version: str

    @property
    def number(self) -> str:
        return self.name.split("_", 1)[0]


def load_templates(templates_dir: Path | str | None = None, only: list[str] | None = None):
    """Every `NN_*.ipynb` in the templates folder (default: the workspace's), sorted.

    `only` keeps the given numbers.
    """
    from papermill.inspection import inspect_notebook

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
                parameters=inspect_notebook(str(path)),
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
