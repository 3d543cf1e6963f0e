"""Scaffold a new client folder: documented starter files that validate as they are."""

from __future__ import annotations

import datetime as dt
import os
import shutil
from importlib import resources
from pathlib import Path
from string import Template

from .. import paths, vocab
from ..errors import ClientExistsError
from ..storage import storage_error

__all__ = ["new_client", "PLACEHOLDER_ID"]

# The component id of the starter ecosystem's example row: validation refuses it until replaced.
PLACEHOLDER_ID = "replace-me"


def new_client(
    slug: str, data_root: Path | str | None = None, *, today: dt.date | None = None
) -> Path:
    """Create `client_data/<slug>/` with starter files and return its path.

    The folder gets a commented client.yaml (period: the current quarter), an ecosystem.csv with
    one placeholder row to replace, header-only CSVs of the optional tables and a README.md.

    Raises
    ------
    errors.BadSlugError
        When `slug` is not a client slug (before anything is created).
    errors.ClientExistsError
        When the folder already exists (nothing is changed).
    """
    paths.check_slug(slug)
    root = Path(data_root) if data_root else paths.default_data_root()
    folder = root / slug
    files = _starter_files(slug, today or dt.date.today())
    try:
        root.mkdir(parents=True, exist_ok=True)
        os.mkdir(folder)  # fails if it exists: a client is never overwritten
    except FileExistsError:
        raise ClientExistsError(
            f"client folder '{folder}' already exists: choose another name, or edit its files"
        ) from None
    except OSError as exc:
        raise storage_error(exc, folder) from exc
    try:
        for name, text in files.items():
            (folder / name).write_text(text, encoding="utf-8")
    except BaseException as exc:
        shutil.rmtree(folder, ignore_errors=True)
        if isinstance(exc, OSError):
            raise storage_error(exc, folder) from exc
        raise
    return folder


def _starter_files(slug: str, today: dt.date) -> dict[str, str]:
    """The name and text of every starter file of client `slug`."""
    values = {
        "slug": slug,
        "name": slug.replace("-", " ").replace("_", " ").title(),
        "period": _quarter(today),
        "baseline": _quarter(_quarter_start(today) - dt.timedelta(days=1)),
        "columns": _columns_text(),
        "vocabularies": _vocabularies_text(),
    }
    files = {
        "client.yaml": _template("client.yaml.tmpl", values),
        "ecosystem.csv": _starter_text("ecosystem.csv"),
        "README.md": _template("README.md.tmpl", values),
    }
    for spec in vocab.TABLES.values():
        if not spec.required:
            files[f"{spec.name}.csv"] = ",".join(c.name for c in spec.columns) + "\n"
    return files


def _quarter(day: dt.date) -> str:
    return f"{day.year}-Q{(day.month - 1) // 3 + 1}"


def _quarter_start(day: dt.date) -> dt.date:
    return dt.date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)


def _starter_text(name: str) -> str:
    return (resources.files("socialworkbook") / "starter" / name).read_text(encoding="utf-8")


def _template(name: str, values: dict[str, str]) -> str:
    return Template(_starter_text(name)).substitute(values)


def _columns_text() -> str:
    """One line per table: its columns, the required ones in bold."""
    lines = []
    for spec in vocab.TABLES.values():
        names = [f"**{c.name}**" if c.required else c.name for c in spec.columns]
        lines.append(f"- `{spec.name}`: {', '.join(names)}")
    return "\n".join(lines)


def _vocabularies_text() -> str:
    """One line per controlled vocabulary, and the value dimensions."""
    lines = [f"- `{name}`: {', '.join(values)}" for name, values in vocab.VOCABULARIES.items()]
    lines.append(
        f"- `dimension`: {', '.join(vocab.DIMENSIONS)}; add the client's own under "
        "`dimensions:` in client.yaml"
    )
    return "\n".join(lines)
