"""One owner per concept (issue 22): client.yaml's reader, the component-name map, the joiner.

Static checks over the library's source (what a new module must not write again), and the
behaviour of the owners the rest of the kit now asks.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest
from clientfolders import write_client
from factories import component, make_client

from socialworkbook import cli, intake, wording
from socialworkbook.publish import check

LIB = Path(wording.__file__).parent


def _sources() -> dict[str, str]:
    return {str(p.relative_to(LIB)): p.read_text(encoding="utf-8") for p in LIB.rglob("*.py")}


def _importers(module: str) -> list[str]:
    found = []
    for name, text in _sources().items():
        for node in ast.walk(ast.parse(text)):
            if isinstance(node, ast.Import):
                imported = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                imported = [node.module or ""]
            else:
                continue
            if any(m == module or m.startswith(module + ".") for m in imported):
                found.append(name)
    return sorted(set(found))


def test_client_yaml_is_parsed_in_intake_config_only():
    assert _importers("yaml") == ["intake/config.py"]


def test_the_component_name_map_is_built_in_model_only():
    pattern = re.compile(r"\[\s*[\"']component_id[\"']\s*\]\s*,\s*\w+\[\s*[\"']name[\"']\s*\]")
    assert [name for name, text in _sources().items() if pattern.search(text)] == ["model.py"]


def test_lists_are_joined_in_wording_only():
    pattern = re.compile(r"\+ \" (and|or) \"|\" (and|or) \" \+|\[:-1\]\) \+")
    assert [name for name, text in _sources().items() if pattern.search(text)] == []


def test_component_names_fall_back_to_the_id():
    client = make_client(ecosystem=[component("forum", name="Trail forum"), component("blog")])
    client.tables["ecosystem"].loc[1, "name"] = ""
    assert client.component_names() == {"forum": "Trail forum", "blog": "blog"}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("name: Acme\nperiod: not-a-period\n", {"name": "Acme", "period": "not-a-period"}),
        ("name: Acme\nname: Acme Two\n", {"name": "Acme Two"}),
        ("- a list\n", {}),
        ("name: [unclosed\n", {}),
        ("", {}),
    ],
)
def test_config_values_reads_an_invalid_client_yaml_as_written(tmp_path, text, expected):
    (tmp_path / "client.yaml").write_text(text, encoding="utf-8")
    assert intake.config_values(tmp_path) == expected
    assert intake.config_values(tmp_path / "absent") == {}


def test_an_invalid_clients_name_and_period_are_still_read(tmp_path, capsys):
    data = tmp_path / "client_data"
    config = "\ufeffname: Acme Outdoor\nperiod: 2026-Q3\nbrand_color: red\n"  # BOM: Notepad
    write_client(data, "acme", files={"client.yaml": config.encode("utf-8")})
    assert intake.validate("acme", data_root=data)  # invalid: the colour
    assert check._config_name(data / "acme") == "Acme Outdoor"
    assert cli.main(["list", "--data-root", str(data), "--out", str(tmp_path / "out")]) == 0
    assert re.search(r"^acme\s+2026-Q3\s+never run$", capsys.readouterr().out, re.MULTILINE)
