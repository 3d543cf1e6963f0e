"""nbformat, papermill and nbconvert in the kit's own process: imported lazily, without the IRI
grammars.

jsonschema, which nbformat validates notebooks with, imports `rfc3987_syntax` whenever it is
installed (jupyterlab's jupyter-events pulls it in), and that package builds 39 Lark grammars at
import: about a second on an idle machine, ten under load, before any notebook runs. They serve
only jsonschema's "iri" and "iri-reference" format checks. nbformat validates notebooks without a
format checker, and its schemas use no such format (tests/test_jupyter_imports.py checks both
on the versions installed), so notebook validation loses nothing when the kit's process marks
the module absent before jsonschema is first imported (`skip_iri_grammars`). The notebooks'
kernels are processes of their own and are not affected.
"""

from __future__ import annotations

import sys

__all__ = ["IRI_GRAMMARS", "skip_iri_grammars"]

IRI_GRAMMARS = "rfc3987_syntax"


def skip_iri_grammars() -> None:
    """Before nbformat, papermill or nbconvert is imported: jsonschema will not import the IRI
    grammars (a no-op once jsonschema is imported, or when something set the module already)."""
    if "jsonschema" not in sys.modules:
        sys.modules.setdefault(IRI_GRAMMARS, None)  # `import` then raises ImportError
