"""The library's layout: no import cycle, imports down the stages (README), modules of one size."""

from __future__ import annotations

import ast
import re
import tomllib
from pathlib import Path

import networkx as nx

PACKAGE = Path(__file__).resolve().parents[1] / "lib" / "socialworkbook"
# The stages from the bottom up; the shared base is every module directly in the package.
STAGES = ("base", "intake", "measure", "method", "publish", "run", "lab", "cli")


def module_name(path: Path) -> str:
    """`lib/socialworkbook/intake/folder.py` -> "socialworkbook.intake.folder"."""
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imported_modules(path: Path, modules: set[str]) -> set[str]:
    """The library modules `path` imports anywhere in it (inside functions too), and the
    packages those imports run (importing `a.b.c` runs `a/__init__` and `a/b/__init__`)."""
    name = module_name(path)
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*anchor, *([node.module] if node.module else [])])
            targets = [base] + [f"{base}.{alias.name}" for alias in node.names]
        else:
            continue
        for target in targets:
            parts = target.split(".")
            for end in range(1, len(parts) + 1):
                found.add(".".join(parts[:end]))
    own_packages = {".".join(name.split(".")[:end]) for end in range(1, name.count(".") + 1)}
    return (found & modules) - {name} - own_packages


def import_graph() -> nx.DiGraph:
    paths = sorted(PACKAGE.rglob("*.py"))
    modules = {module_name(path) for path in paths}
    graph = nx.DiGraph()
    graph.add_nodes_from(modules)
    for path in paths:
        for target in imported_modules(path, modules):
            graph.add_edge(module_name(path), target)
    return graph


def stage(module: str) -> int:
    parts = module.split(".")
    if len(parts) >= 2 and parts[1] in STAGES:
        return STAGES.index(parts[1])
    if module in ("socialworkbook.cli", "socialworkbook.__main__"):
        return STAGES.index("cli")
    return 0


def test_the_graph_sees_lazy_and_relative_imports():
    graph = import_graph()
    assert graph.has_edge("socialworkbook.cli", "socialworkbook.run.runner")  # inside a function
    significance = "socialworkbook.measure.stats.significance"
    assert graph.has_edge(significance, "socialworkbook.measure.metrics.formulas")
    assert graph.has_edge(significance, "socialworkbook.measure.metrics")  # its package runs first
    assert not graph.has_edge(significance, "socialworkbook.measure.stats")  # its own package
    assert graph.has_edge("socialworkbook.lab.notebook", "socialworkbook.results")


def test_no_import_cycle_between_modules():
    cycles = list(nx.simple_cycles(import_graph()))
    assert not cycles, "import cycles: " + "; ".join(" -> ".join(c + c[:1]) for c in cycles)


def test_imports_go_down_the_stages():
    upward = [
        f"{a} -> {b}"
        for a, b in import_graph().edges
        if stage(b) > stage(a) and b != "socialworkbook"
    ]
    assert not upward, "imports up the stages: " + "; ".join(sorted(upward))


def test_every_sub_package_says_what_it_holds_and_may_import():
    for init in sorted(PACKAGE.glob("*/__init__.py")):
        doc = ast.get_docstring(ast.parse(init.read_text(encoding="utf-8"))) or ""
        assert "may import" in doc.lower(), (
            f"{init.parent.name}/__init__.py: say what it may import"
        )


def test_pyproject_lists_every_sub_package():
    pyproject = tomllib.loads((PACKAGE.parents[1] / "pyproject.toml").read_text(encoding="utf-8"))
    listed = set(pyproject["tool"]["setuptools"]["packages"])
    found = {module_name(init) for init in PACKAGE.rglob("__init__.py")}
    assert found <= listed, f"add to pyproject.toml's packages: {sorted(found - listed)}"


def test_no_module_holds_two_concepts_by_size():
    # STYLE.md: a module past ~800 lines usually holds two.
    for path in sorted(PACKAGE.rglob("*.py")):
        name = path.relative_to(PACKAGE).as_posix()
        lines = len(path.read_text(encoding="utf-8").splitlines())
        assert lines <= 800, f"{name} has {lines} lines: split it by concept"


# The names of a run folder's files and folders; only their owner, `runfolder`, spells them.
RUN_FOLDER_NAMES = re.compile(
    r"(?<![\w.-])(run\.json|results\.json|scored_mentions\.csv|\.parts|\.staging|\.state"
    r"|workbench|\[0-9\]\[0-9\]_\*\.html)(?![\w-])"
)


def _docstrings(tree: ast.AST) -> set[int]:
    """The ids of the string constants that stand alone as statements (docstrings)."""
    return {
        id(node.value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Expr)
        and isinstance(node.value, ast.Constant)
        and isinstance(node.value.value, str)
    }


def test_only_the_run_folder_owner_spells_its_file_names():
    # STYLE.md "One owner per concept": the run folder's layout is named once, in runfolder.py.
    # Docstrings may mention the files; the Jinja templates name none of them.
    spelled = []
    for path in sorted(PACKAGE.rglob("*.py")):
        if path == PACKAGE / "runfolder.py":
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        skip = _docstrings(tree)
        for node in ast.walk(tree):
            if isinstance(node, ast.Constant) and isinstance(node.value, str):
                found = id(node) not in skip and RUN_FOLDER_NAMES.search(node.value)
                if found:
                    name = path.relative_to(PACKAGE).as_posix()
                    spelled.append(f"{name}:{node.lineno} {found.group(0)!r}")
    for path in sorted(PACKAGE.rglob("*.j2")):
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if found := RUN_FOLDER_NAMES.search(line):
                name = path.relative_to(PACKAGE).as_posix()
                spelled.append(f"{name}:{number} {found.group(0)!r}")
    assert not spelled, "run-folder names outside runfolder.py: " + "; ".join(spelled)
