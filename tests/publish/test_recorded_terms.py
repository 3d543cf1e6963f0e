"""Checking one client's report at a thousand clients reads no other client's folder: the terms
a batch recorded of the folders it found unchanged stand in (`check.remember_terms`), as long as
their files are as they were."""

from __future__ import annotations

from runs import scaffolded_clients

from socialworkbook.publish import check


def test_recorded_terms_stand_in_for_an_unchanged_folder_only(tmp_path):
    data = scaffolded_clients(tmp_path / "client_data", "alpha", "beta")
    read = check.client_terms(data / "beta")
    recorded = read | {"zephyrine holdings": ["the name of client 'beta'", "Zephyrine Holdings"]}
    check.remember_terms(data, {"beta": recorded})
    assert "zephyrine holdings" in check.Secrets.of("alpha", data).others  # not read again
    config = data / "beta" / "client.yaml"
    config.write_text(config.read_text() + "\n# edited\n")  # the folder changed: read again
    others = check.Secrets.of("alpha", data).others
    assert "zephyrine holdings" not in others and "beta" in others
