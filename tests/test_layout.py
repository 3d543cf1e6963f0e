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


def test_metric_keys_are_named_only_in_the_catalogue():
    # A metric has one definition (issue 22): a key's string appears in the catalogue (and the
    # templates), everywhere else code asks the catalogue or uses its named constants. Keys that
    # are also the contract's own names are left out: the posts table's count columns
    # (`vocab.COUNT_COLUMNS`: reach, likes, followers, ...), the table names (posts, mentions)
    # and the results.json `sentiment` and `share_of_voice` fields (net_sentiment,
    # positive_share, negative_share, share_of_voice), which `sentiment` computes as the
    # columns of its class-count tables; and single words ("leads", "members", "csat", ...).
    # Checked: the rates of posts, engagements, constructive actions, the `metrics` keys with a
    # word joined by "_" (response_time_hours, active_members, ...) and the results figures.
    from socialworkbook import catalogue, vocab

    plain = {*vocab.COUNT_COLUMNS, *vocab.TABLES, "net_sentiment", "positive_share"}
    plain |= {"negative_share", "share_of_voice"}
    checked = {m.key for m in catalogue.METRICS if "_" in m.key or m.key == "engagements"}
    checked -= plain
    assert {"engagement_rate_reach", "conversation_rate", "constructive_actions"} <= checked
    found = []
    for path in sorted(PACKAGE.rglob("*.py")):
        if path.name == "catalogue.py" and path.parent == PACKAGE:
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        exported = {  # `__all__` names functions, e.g. formulas.constructive_actions
            id(item)
            for node in ast.walk(tree)
            if isinstance(node, ast.Assign)
            and any(getattr(t, "id", "") == "__all__" for t in node.targets)
            for item in ast.walk(node.value)
        }
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.Constant)
                and node.value in checked
                and id(node) not in exported
            ):
                found.append(f"{path.relative_to(PACKAGE)}:{node.lineno} {node.value!r}")
    assert not found, "metric keys outside the catalogue: " + "; ".join(found)


def _string_imports(source: str) -> list[str]:
    """Where `source` names one of the library's modules in a string (the line and the text):
    a literal "socialworkbook.<module>" (a list handed to an importer, `importlib.import_module`,
    `__import__`), or an f-string starting so; an import the graph above would not see."""
    found = []
    for node in ast.walk(ast.parse(source)):
        text = None
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            text = node.value if re.fullmatch(r"socialworkbook(\.\w+)+", node.value) else None
        elif isinstance(node, ast.JoinedStr) and node.values:
            first = node.values[0]
            if isinstance(first, ast.Constant) and str(first.value).startswith("socialworkbook."):
                text = ast.unparse(node)
        elif isinstance(node, ast.Call) and ast.unparse(node.func) in _IMPORTERS and node.args:
            argument = node.args[0]
            if not isinstance(argument, ast.Constant) or str(argument.value).startswith("."):
                text = ast.unparse(node)  # a computed or relative name: which module, unseen
        if text:
            found.append(f"line {node.lineno}: {text}")
    return found


_IMPORTERS = {"importlib.import_module", "import_module", "__import__", "importlib.__import__"}


def test_no_module_of_the_library_is_imported_through_a_string():
    # the check sees the kernels' former preload list, and an import by a computed name
    former = 'PRELOAD = ["pandas", "socialworkbook.lab.notebook"]\n__import__(PRELOAD[1])\n'
    assert sorted(_string_imports(former)) == [
        "line 1: socialworkbook.lab.notebook",
        "line 2: __import__(PRELOAD[1])",
    ]
    assert _string_imports('importlib.import_module(f"socialworkbook.{stage}")') != []
    found = [
        f"{path.relative_to(PACKAGE).as_posix()} {where}"
        for path in sorted(PACKAGE.rglob("*.py"))
        for where in _string_imports(path.read_text(encoding="utf-8"))
    ]
    assert not found, "a library module named in a string (import it instead): " + "; ".join(found)


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
