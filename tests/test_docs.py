"""The docs in the kit (issue 23, item 7): generated from what the code knows, shown by
`socialworkbook docs`, and the only place user-facing text sends a reader."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from socialworkbook import catalogue, cli, vocab
from socialworkbook.intake import reference
from socialworkbook.intake.config import _KEY_HELP
from socialworkbook.intake.scaffold import new_client
from socialworkbook.paths import kit_docs_dir

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "docs"
PAGES = ("README.md", "client-folder.md", "labelling.md", "reports.md")


def test_the_client_folder_page_is_what_the_code_knows():
    page = (DOCS / "client-folder.md").read_text(encoding="utf-8")
    assert reference.with_reference(page) == page, "run: python scripts/make_docs.py"


def test_the_page_names_every_table_column_value_key_and_metric():
    page = (DOCS / "client-folder.md").read_text(encoding="utf-8")
    generated = page[page.index(reference.GENERATED_START) :]
    rows = set(re.findall(r"^\| \**`?([\w-]+)`?\**? \|", generated, re.M))
    for spec in vocab.TABLES.values():
        assert f"### `{spec.name}`" in generated
        for column in spec.columns:
            assert column.name in rows, (spec.name, column.name)
            assert reference.COLUMN_MEANINGS[(spec.name, column.name)]
    for name, values in vocab.VOCABULARIES.items():
        for value in values:
            assert f"| `{value}` |" in generated, (name, value)
    for value in vocab.DIMENSIONS:
        assert f"| `{value}` |" in generated
    for metric in catalogue.METRICS:
        assert f"| `{metric.key}` | {metric.name} |" in generated
    for key in _KEY_HELP:
        assert key in rows


def test_a_new_column_without_a_meaning_fails(monkeypatch):
    spec = vocab.TABLES["posts"]
    extra = vocab.TableSpec(spec.name, (*spec.columns, vocab.Column("exported_at", "datetime")))
    monkeypatch.setitem(vocab.TABLES, "posts", extra)
    with pytest.raises(KeyError, match="exported_at"):
        reference.client_folder_reference()


def test_the_page_changes_with_the_catalogue(monkeypatch):
    page = (DOCS / "client-folder.md").read_text(encoding="utf-8")
    new = catalogue.Metric("dms", "direct messages", "messages in", "flow", "count", "metrics")
    monkeypatch.setattr(catalogue.METRICS, "_metrics", {**catalogue.METRICS._metrics, "dms": new})
    assert "| `dms` | direct messages |" in reference.with_reference(page)


def test_docs_lists_the_pages_and_prints_one(capsys):
    assert cli.main(["docs"]) == 0
    out = capsys.readouterr().out
    assert f"the docs: {kit_docs_dir()}" in out
    for stem in ("client-folder", "labelling", "reports"):
        assert re.search(rf"^  {stem}\s+\S", out, re.M), stem
    assert cli.main(["docs", "labelling"]) == 0
    assert capsys.readouterr().out == (DOCS / "labelling.md").read_text(encoding="utf-8")
    assert cli.main(["docs", "reports.md"]) == 0
    assert capsys.readouterr().out.startswith("# Reading the reports")
    assert cli.main(["docs", "nowhere"]) == 1
    assert "the pages are client-folder" in capsys.readouterr().err


def test_help_prints_where_the_docs_are(capsys):
    with pytest.raises(SystemExit):
        cli.main(["--help"])
    out = capsys.readouterr().out
    assert f"\n  {kit_docs_dir()}\n" in out and "`socialworkbook docs` lists the pages" in out


def test_every_link_between_the_pages_resolves():
    for name in PAGES:
        text = (DOCS / name).read_text(encoding="utf-8")
        for target in re.findall(r"\]\(([\w-]+\.md)(?:#[\w-]+)?\)", text):
            # importing.md is written with the import command (issue 23, item 1)
            assert (DOCS / target).is_file() or target == "importing.md", (name, target)


# ----------------------------------------------------------------------------- pointers

# What user-facing text must never send a reader to: the steering folder beside a checkout,
# its pages, or the library's source.
NOT_FOR_USERS = re.compile(
    r"\.\./shared|\b(?:CONTRACT|FRAMEWORKS|EXPORTS|STYLE)\.md|\bKNOWN_METRICS\b"
    r"|\b(?:vocab|catalogue)\.(?!py\b)[A-Za-z_]+"
)


def _user_texts(tmp_path) -> dict[str, str]:
    texts = {
        "README.md": (ROOT / "README.md").read_text(encoding="utf-8"),
        "client_data/README.md": (ROOT / "client_data" / "README.md").read_text(encoding="utf-8"),
    }
    for page in sorted(DOCS.glob("*.md")):
        texts[f"docs/{page.name}"] = page.read_text(encoding="utf-8")
    for starter in sorted((ROOT / "lib" / "socialworkbook" / "starter").iterdir()):
        texts[f"starter/{starter.name}"] = starter.read_text(encoding="utf-8")
    folder = new_client("acme", data_root=tmp_path)
    for made in sorted(folder.iterdir()):
        texts[f"new acme: {made.name}"] = made.read_text(encoding="utf-8")
    return texts


def _messages_of_the_library() -> dict[str, str]:
    """Every string literal of the library but docstrings (messages, fixes, report text)."""
    found = {}
    for path in sorted((ROOT / "lib" / "socialworkbook").rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        docstrings = {
            id(node.body[0].value)
            for node in ast.walk(tree)
            if isinstance(getattr(node, "body", None), list)
            and node.body
            and isinstance(node.body[0], ast.Expr)
            and isinstance(node.body[0].value, ast.Constant)
        }
        for node in ast.walk(tree):
            if isinstance(node, ast.Constant) and isinstance(node.value, str):
                if id(node) not in docstrings:
                    found[f"{path.relative_to(ROOT)}:{node.lineno}"] = node.value
    return found


def test_no_user_facing_text_sends_a_reader_to_shared_or_the_source(tmp_path):
    texts = _user_texts(tmp_path) | _messages_of_the_library()
    assert len(texts) > 1000  # the library's messages are in
    found = {where: m[0] for where, text in texts.items() if (m := NOT_FOR_USERS.search(text))}
    assert found == {}


def test_the_pointer_check_sees_what_it_looks_for():
    for bad in ("see ../shared/CONTRACT.md", "use vocab.KNOWN_METRICS", "catalogue.METRICS"):
        assert NOT_FOR_USERS.search(bad)
    assert not NOT_FOR_USERS.search("`socialworkbook docs client-folder` explains every file")


def test_the_starter_files_and_new_point_at_the_docs(tmp_path, capsys):
    texts = _user_texts(tmp_path)
    assert "socialworkbook docs client-folder" in texts["new acme: README.md"]
    assert "socialworkbook docs client-folder" in texts["new acme: client.yaml"]
    assert "socialworkbook docs" in texts["starter/workspace_README.md"]
    assert "docs/client-folder.md" in texts["client_data/README.md"]
    assert "docs/client-folder.md" in texts["README.md"]
    assert cli.main(["new", "beta", "--data-root", str(tmp_path)]) == 0
    assert "socialworkbook docs client-folder" in capsys.readouterr().out
