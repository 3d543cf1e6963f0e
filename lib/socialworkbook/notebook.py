"""What a template's setup cell calls: open a client, show escaped text and tables, record results.

Client text is never trusted: every value shown through `say` or `show_table` is escaped for both
HTML and Markdown, so a component called `<script>` or `[x](javascript:...)` shows as written.
"""

from __future__ import annotations

import html
import re
import string
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from . import results
from .model import Client

__all__ = ["Workbook", "open_workbook", "escape_text"]

_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|~>])")


def escape_text(value: object) -> str:
    """Escape a client value for HTML and Markdown (shown as written, never interpreted)."""
    text = html.escape(str(value), quote=True)
    return _MD_SPECIAL.sub(r"\\\1", text).replace("\n", " ")


@dataclass
class Workbook:
    """One client's workbook session inside a template."""

    client: Client
    notebook: str
    output_dir: str = ""

    @property
    def name(self) -> str:
        return self.client.config.name

    @property
    def color(self) -> str:
        return self.client.config.brand_color

    def say(self, template: str, **values) -> None:
        """Show Markdown from a trusted template with escaped client values: `{name}` fields."""
        from IPython.display import Markdown, display

        names = {f for _, f, _, _ in string.Formatter().parse(template) if f}
        safe = {k: escape_text(v) if isinstance(v, str) else v for k, v in values.items()}
        missing = names - set(safe)
        if missing:
            raise KeyError(f"say(): no value for {sorted(missing)}")
        display(Markdown(template.format(**safe)))

    def show_table(
        self,
        frame: pd.DataFrame,
        *,
        caption: str = "",
        index: bool = False,
        formats: dict | None = None,
    ) -> None:
        """Show a DataFrame as an escaped, readable HTML table."""
        from IPython.display import HTML, display

        display(HTML(table_html(frame, caption=caption, index=index, formats=formats)))

    def reload(self) -> None:
        """Read and validate the client again from its folder (same period), e.g. after a save."""
        from . import intake

        self.client = intake.read_client_folder(
            self.client.folder, self.client.slug, self.client.period.label
        )

    def record(self, **sections) -> None:
        """Record this notebook's results.json sections (only inside a batch run)."""
        results.record(self.output_dir, self.notebook, **sections)


def table_html(
    frame: pd.DataFrame, *, caption: str = "", index: bool = False, formats: dict | None = None
) -> str:
    """An escaped HTML table of a DataFrame (tuples joined with commas)."""
    shown = frame.copy()
    for column in shown.columns:
        if shown[column].map(lambda v: isinstance(v, tuple)).any():
            shown[column] = shown[column].map(lambda v: ", ".join(v) if isinstance(v, tuple) else v)
    styled = shown.style.format(formats or {}, na_rep="–", escape="html", precision=1)
    if not index:
        styled = styled.hide(axis="index")
    if caption:
        styled = styled.set_caption(html.escape(caption))
    styled = styled.format_index(escape="html", axis=1)
    return styled.set_table_attributes('class="swb-table"').to_html()


def open_workbook(
    client: str, *, notebook: str, period: str = "", data_root: str = "", output_dir: str = ""
) -> Workbook:
    """Read and validate `client` (raising with every problem) and set up the charts' style."""
    from . import charts, intake

    loaded = intake.read_client(client, data_root=data_root or None, period=period or None)
    charts.set_style(loaded.config.brand_color)
    if output_dir:
        Path(output_dir).mkdir(parents=True, exist_ok=True)
    return Workbook(loaded, notebook, output_dir)
