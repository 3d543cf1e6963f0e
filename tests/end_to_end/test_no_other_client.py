"""A client's run folder names no other client: every file, executed notebooks and hidden ones
included (the client chooser once stored every client's slug in the notebook's widget state)."""

from __future__ import annotations

import pytest

from socialworkbook.intake.config import config_values

pytestmark = pytest.mark.xdist_group("example_run")

CLIENTS = ("northwind-outdoor", "ledgerline")


def _names(example_run, client: str) -> set[str]:
    """The slug and the name of `client`, as its client.yaml writes it, lower case."""
    name = str(config_values(example_run.data_root / client)["name"])
    return {client.lower(), name.lower()}


@pytest.mark.parametrize("client", CLIENTS)
def test_no_file_of_a_run_folder_names_another_client(example_run, client):
    folder = example_run.run_dir(client)
    others = {n for peer in CLIENTS if peer != client for n in _names(example_run, peer)}
    files = [p for p in folder.rglob("*") if p.is_file()]
    assert any(p.suffix == ".ipynb" for p in files) and any(p.name == "run.json" for p in files)
    found = {
        (str(p.relative_to(folder)), name)
        for p in files
        for name in others
        if name in p.read_bytes().decode("utf-8", errors="replace").lower()
    }
    assert found == set()
