"""Client-ready HTML: no code, no prompts, no stderr, self-contained (nbconvert template)."""

from __future__ import annotations

from pathlib import Path

__all__ = ["notebook_to_html", "warm_up", "TEMPLATE_DIR"]

TEMPLATE_DIR = Path(__file__).parent / "html_template"
_exporter = None


def _get_exporter():
    global _exporter
    if _exporter is None:
        from nbconvert import HTMLExporter
        from nbconvert.preprocessors import TagRemovePreprocessor
        from traitlets.config import Config

        config = Config()
        config.TagRemovePreprocessor.remove_cell_tags = {"remove-cell"}
        config.TagRemovePreprocessor.remove_input_tags = {"remove-input"}
        config.TagRemovePreprocessor.remove_all_outputs_tags = {"remove-output"}
        config.TagRemovePreprocessor.enabled = True
        exporter = HTMLExporter(
            config=config,
            extra_template_basedirs=[str(TEMPLATE_DIR)],
            template_name="socialworkbook",
            exclude_input=True,
            exclude_input_prompt=True,
            exclude_output_prompt=True,
            embed_images=True,
        )
        exporter.register_preprocessor(TagRemovePreprocessor(config=config), enabled=True)
        _exporter = exporter
    return _exporter


def _strip_streams(nb):
    """Drop stderr streams and error outputs: a client never sees warnings or tracebacks."""
    for cell in nb.cells:
        if cell.get("cell_type") != "code":
            continue
        cell.outputs = [
            o
            for o in cell.get("outputs", [])
            if not (o.get("output_type") == "stream" and o.get("name") == "stderr")
            and o.get("output_type") != "error"
        ]
    return nb


def notebook_to_html(nb, *, provenance: dict | None = None) -> str:
    """Render an executed notebook as one self-contained client-ready HTML page."""
    import copy

    nb = _strip_streams(copy.deepcopy(nb))
    nb.metadata["socialworkbook_provenance"] = provenance or {}
    body, _ = _get_exporter().from_notebook_node(nb, resources={"provenance": provenance or {}})
    return body


def warm_up() -> None:
    """Build the exporter once (its first use in a process costs ~0.5 s)."""
    import nbformat

    notebook_to_html(nbformat.v4.new_notebook())
