"""`__all__` is the public API: it holds what the templates call, and only names that exist."""

from __future__ import annotations

import ast
import importlib
import pkgutil
import types
from pathlib import Path

import nbformat
import pytest

import socialworkbook

ROOT = Path(__file__).resolve().parents[1]
TEMPLATES = sorted((ROOT / "templates").glob("*.ipynb"))
MODULES = sorted(
    info.name
    for info in pkgutil.walk_packages(socialworkbook.__path__, "socialworkbook.")
    if not info.name.endswith("__main__")
)


def _is_module(name: str) -> bool:
    try:
        return isinstance(importlib.import_module(name), types.ModuleType)
    except ModuleNotFoundError:
        return False


def _template_names(path: Path) -> set[tuple[str, str]]:
    """(module, name) of every library name a template imports or uses on an imported module."""
    tree = ast.parse(
        "\n".join(
            c.source for c in nbformat.read(path, as_version=4).cells if c.cell_type == "code"
        )
    )
    modules: dict[str, str] = {}  # local name -> module
    used: set[tuple[str, str]] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("socialworkbook"):
            for alias in node.names:
                if _is_module(f"{node.module}.{alias.name}"):
                    modules[alias.asname or alias.name] = f"{node.module}.{alias.name}"
                else:
                    used.add((node.module, alias.name))
        elif isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.startswith("socialworkbook"):
                    modules[alias.asname or alias.name] = alias.name
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.Attribute)
            and isinstance(node.value, ast.Name)
            and node.value.id in modules
        ):
            used.add((modules[node.value.id], node.attr))
    return used


@pytest.mark.parametrize("path", TEMPLATES, ids=lambda p: p.stem)
def test_what_a_template_uses_of_the_library_is_public(path):
    used = _template_names(path)
    assert used, "a template calls the library"
    missing = sorted(
        f"{module}.{name}"
        for module, name in used
        if name not in getattr(importlib.import_module(module), "__all__", ())
    )
    assert not missing, f"used by {path.name} but not in its module's __all__: {missing}"


@pytest.mark.parametrize("module", MODULES)
def test_every_name_in_all_exists(module):
    imported = importlib.import_module(module)
    exported = getattr(imported, "__all__", [])
    assert len(exported) == len(set(exported)), f"{module}.__all__ names something twice"
    absent = [name for name in exported if not hasattr(imported, name)]
    assert not absent, f"{module}.__all__ names what it does not define: {absent}"
