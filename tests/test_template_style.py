"""The house style of templates (STYLE.md): stripped, parameters first, no logic, clear names."""

from __future__ import annotations

import ast
import re
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

from socialworkbook.templates import load_templates

ROOT = Path(__file__).resolve().parents[1]
TEMPLATES = sorted((ROOT / "templates").glob("*.ipynb"))


def test_there_are_templates():
    names = [p.stem for p in TEMPLATES]
    for expected in (
        "01_ecosystem_map",
        "02_value_dimensions",
        "03_metric_analysis",
        "04_action_plan",
    ):
        assert expected in names


@pytest.mark.parametrize("path", TEMPLATES, ids=lambda p: p.stem)
def test_template_is_stripped_with_kernelspec(path):
    nb = nbformat.read(path, as_version=4)
    assert nb.metadata.kernelspec.name == "python3"
    for cell in nb.cells:
        if cell.cell_type == "code":
            assert cell.outputs == [] and cell.execution_count is None, (
                "templates are stored stripped"
            )


@pytest.mark.parametrize("path", TEMPLATES, ids=lambda p: p.stem)
def test_anatomy_title_parameters_first_then_setup(path):
    nb = nbformat.read(path, as_version=4)
    assert nb.cells[0].cell_type == "markdown" and nb.cells[0].source.startswith("# ")
    code = [c for c in nb.cells if c.cell_type == "code"]
    assert "parameters" in code[0].metadata.get("tags", []), (
        "the first code cell is the parameters cell"
    )
    for line in code[0].source.splitlines():
        assert re.match(r"^\w+: [\w\[\], ]+ = .+  # .+$", line), f"parameter line style: {line!r}"
    tree = ast.parse(code[0].source)
    for node in tree.body:
        assert isinstance(node, ast.AnnAssign) and isinstance(node.value, ast.Constant), (
            "literals only"
        )
    assert re.match(r"^\d\d_[a-z_]+$", path.stem)


@pytest.mark.parametrize("path", TEMPLATES, ids=lambda p: p.stem)
def test_no_definitions_or_loops_in_templates(path):
    nb = nbformat.read(path, as_version=4)
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        for node in ast.walk(ast.parse(cell.source)):
            assert not isinstance(
                node, (ast.FunctionDef, ast.ClassDef, ast.For, ast.While, ast.Lambda)
            ), f"{path.name}: a template cell is a call and its result; move logic to the library"


CELL_LIMIT = 200


def _code_cells(path: Path) -> list:
    """The code cells of a template after its parameters cell."""
    code = [c for c in nbformat.read(path, as_version=4).cells if c.cell_type == "code"]
    return [c for c in code if "parameters" not in c.metadata.get("tags", [])]


def _length(source: str) -> int:
    """Characters of a cell as a reader reads them (not the indentation ruff format adds)."""
    return sum(len(line.strip()) for line in source.splitlines())


def test_the_cell_length_counts_what_a_reader_reads():
    assert _length("f(\n    x=1,\n    y=2,\n)") == len("f(x=1,y=2,)")


@pytest.mark.parametrize("path", TEMPLATES, ids=lambda p: p.stem)
def test_every_cell_is_short(path):
    for cell in _code_cells(path):
        assert _length(cell.source) <= CELL_LIMIT, (
            f"{path.name}: a cell of {_length(cell.source)} characters; move it into the library"
            f" (at most {CELL_LIMIT}):\n{cell.source}"
        )


@pytest.mark.parametrize("path", TEMPLATES, ids=lambda p: p.stem)
def test_no_condition_in_a_template_cell(path):
    for cell in _code_cells(path):
        for node in ast.walk(ast.parse(cell.source)):
            assert not isinstance(node, (ast.If, ast.IfExp, ast.comprehension)), (
                f"{path.name}: the table and chart helpers own the guards (they show nothing "
                f"without data):\n{cell.source}"
            )


def test_ruff_lints_and_formats_the_templates():
    ruff = Path(sys.executable).with_name("ruff")
    for command in (["check"], ["format", "--check"]):
        done = subprocess.run(
            [str(ruff), *command, "templates"], cwd=ROOT, capture_output=True, text=True
        )
        assert done.returncode == 0, done.stdout + done.stderr
        assert "ipynb" in (ROOT / "pyproject.toml").read_text()


def test_papermill_reads_every_parameter_with_a_type():
    for template in load_templates(ROOT / "templates"):
        assert set(template.parameters) == {
            "client",
            "period",
            "baseline",
            "data_root",
            "output_dir",
        }
        assert all(p["inferred_type_name"] == "str" for p in template.parameters.values())


def test_nbstripout_keeps_tags_and_kernelspec(tmp_path):
    source = TEMPLATES[0]
    nb = nbformat.read(source, as_version=4)
    nb.cells[1].outputs = [nbformat.v4.new_output("stream", text="x")]
    nb.cells[1].execution_count = 3
    target = tmp_path / "t.ipynb"
    nbformat.write(nb, target)
    subprocess.run([sys.executable, "-m", "nbstripout", str(target)], check=True)
    stripped = nbformat.read(target, as_version=4)
    assert stripped.metadata.kernelspec.name == "python3"
    assert [c.metadata.get("tags") for c in stripped.cells] == [
        c.metadata.get("tags") for c in nb.cells
    ]
    assert all(not c.get("outputs") for c in stripped.cells if c.cell_type == "code")
