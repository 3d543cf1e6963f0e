"""scaffold: a new client folder is documented and valid as it is."""

from __future__ import annotations

import datetime as dt

import pytest
from clientfolders import snapshot

from socialworkbook import intake, vocab
from socialworkbook.errors import BadSlugError, ClientExistsError
from socialworkbook.intake import scaffold


def test_new_client_validates_as_it_is(tmp_path):
    folder = scaffold.new_client("acme-outdoor", tmp_path, today=dt.date(2026, 8, 15))
    assert folder == tmp_path / "acme-outdoor"
    assert intake.validate("acme-outdoor", tmp_path) == []
    client = intake.read_client("acme-outdoor", tmp_path)
    assert client.period.label == "2026-Q3" and client.config.name == "Acme Outdoor"
    assert list(client.table("ecosystem")["component_id"]) == ["replace-me"]


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
