"""scaffold: a new client folder is documented, and valid once its example row is replaced."""

from __future__ import annotations

import datetime as dt

import pytest
from clientfolders import snapshot

from socialworkbook import intake, vocab
from socialworkbook.errors import BadSlugError, ClientExistsError
from socialworkbook.intake import scaffold


def test_new_client_is_refused_only_for_its_example_row(tmp_path):
    """The starter files are valid but for the example component, which must be replaced."""
    folder = scaffold.new_client("acme-outdoor", tmp_path, today=dt.date(2026, 8, 15))
    assert folder == tmp_path / "acme-outdoor"
    (problem,) = intake.validate("acme-outdoor", tmp_path)
    assert (problem.file, problem.row, problem.column, problem.value) == (
        "ecosystem.csv",
        2,
        "component_id",
        "replace-me",
    )
    assert "example row" in problem.message and "replace the row" in problem.fix
    ecosystem = folder / "ecosystem.csv"
    ecosystem.write_text(ecosystem.read_text().replace("replace-me", "facebook-page"))
    assert intake.validate("acme-outdoor", tmp_path) == []
    client = intake.read_client("acme-outdoor", tmp_path)
    assert client.period.label == "2026-Q3" and client.config.name == "Acme Outdoor"
    assert list(client.table("ecosystem")["component_id"]) == ["facebook-page"]


def test_the_placeholder_is_the_starter_files_example_id():
    assert f"\n{scaffold.PLACEHOLDER_ID}," in scaffold._starter_text("ecosystem.csv")


def test_the_placeholder_is_refused_in_a_workbook_too(tmp_path):
    from clientfolders import ECOSYSTEM, csv_rows, write_client, xlsx_bytes

    rows = csv_rows(ECOSYSTEM.replace("forum,Support", "replace-me,Support"))
    write_client(
        tmp_path, "acme", {"ecosystem.csv": None, "inputs.xlsx": xlsx_bytes({"ecosystem": rows})}
    )
    (problem,) = intake.validate("acme", tmp_path)
    assert (problem.file, problem.row, problem.value) == ("inputs.xlsx[ecosystem]", 3, "replace-me")


def test_new_client_has_every_table_and_a_readme(tmp_path):
    folder = scaffold.new_client("acme", tmp_path)
    names = {p.name for p in folder.iterdir()}
    assert names == {"client.yaml", "README.md"} | {f"{t}.csv" for t in vocab.TABLES}
    readme = (folder / "README.md").read_text()
    for table in vocab.TABLES:
        assert f"{table}.csv" in readme
    for spec in vocab.TABLES.values():
        if not spec.required:
            header = (folder / f"{spec.name}.csv").read_text()
            assert header == ",".join(c.name for c in spec.columns) + "\n"


def test_client_yaml_explains_every_key(tmp_path):
    text = (scaffold.new_client("acme", tmp_path) / "client.yaml").read_text()
    keys = "name period baseline industry currency competitors brand brand_color logo dimensions"
    for key in keys.split():
        assert f"{key}:" in text
    assert text.count("#") > 20


def test_period_is_the_current_quarter_and_baseline_the_one_before(tmp_path):
    text = (
        scaffold.new_client("acme", tmp_path, today=dt.date(2027, 1, 3)) / "client.yaml"
    ).read_text()
    assert "period: 2027-Q1" in text and "# baseline: 2026-Q4" in text


def test_existing_folder_is_refused_and_left_alone(tmp_path):
    folder = scaffold.new_client("acme", tmp_path)
    (folder / "posts.csv").write_text("post_id,component_id,published_at\n")
    before = snapshot(folder)
    with pytest.raises(ClientExistsError, match="already exists"):
        scaffold.new_client("acme", tmp_path)
    assert snapshot(folder) == before


@pytest.mark.parametrize("slug", ["../x", "a/b", "Acme", "with space", "a" * 65])
def test_bad_slug_is_refused_before_anything_is_created(tmp_path, slug):
    root = tmp_path / "client_data"
    with pytest.raises(BadSlugError):
        scaffold.new_client(slug, root)
    assert not root.exists() and list(tmp_path.iterdir()) == []
