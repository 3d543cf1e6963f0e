"""The kit's process imports nbformat, papermill and nbconvert without the IRI grammars, and
notebook validation loses nothing by it."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from socialworkbook.jupyter_imports import IRI_GRAMMARS

_PROBE = f"""
import sys
from socialworkbook.jupyter_imports import skip_iri_grammars
skip_iri_grammars()
import nbconvert, nbformat, papermill
from nbformat.validator import ValidationError
bad = nbformat.v4.new_notebook()
bad.cells.append({{"cell_type": "code", "source": "x = 1", "metadata": {{}}}})  # no outputs
try:
    nbformat.validate(bad)
except ValidationError:
    refused = True
else:
    refused = False
nbformat.validate(nbformat.v4.new_notebook())
print(refused, "lark" in sys.modules, {IRI_GRAMMARS!r} in sys.modules and
      sys.modules[{IRI_GRAMMARS!r}] is not None)
"""


def test_no_lark_grammar_is_built_and_a_bad_notebook_is_still_refused():
    done = subprocess.run(
        [sys.executable, "-c", _PROBE], capture_output=True, text=True, timeout=120, check=True
    )
    assert done.stdout.split() == ["True", "False", "False"]


def test_nbformat_validates_without_formats_so_the_iri_checks_are_never_used():
    import nbformat
    from nbformat import validator

    assert "format_checker" not in Path(validator.__file__).read_text()
    schemas = Path(nbformat.__file__).parent.rglob("*.schema.json")
    formats = {
        value
        for schema in schemas
        for value in _values(json.loads(schema.read_text()), "format")
        if isinstance(value, str)
    }
    assert formats.isdisjoint({"iri", "iri-reference", "uri", "uri-reference"}), formats


def _values(node, key):
    if isinstance(node, dict):
        for name, value in node.items():
            if name == key:
                yield value
            yield from _values(value, key)
    elif isinstance(node, list):
        for item in node:
            yield from _values(item, key)
