"""pseudonym: authors are replaced by stable, per-client pseudonyms; the raw value never leaks."""

from __future__ import annotations

import hashlib
import hmac
import threading

import pandas as pd
import pytest
from clientfolders import MENTIONS, find, snapshot, write_client

from socialworkbook import intake
from socialworkbook.errors import ValidationError
from socialworkbook.intake import pseudonym

AUTHORS = ("@alice", "@bob")


def test_pseudonym_is_p_and_12_hex_digits_of_the_hmac():
    salt = "ab" * 32
    expected = hmac.new(bytes.fromhex(salt), b"@alice", hashlib.sha256).hexdigest()[:12]
    assert pseudonym.pseudonym("@alice", salt) == "p-" + expected
    assert pseudonym.pseudonym("", salt) == ""


def test_pseudonymise_maps_each_value():
    salt = "cd" * 32
    series = pd.Series(["@a", "", "@a", "@b"])
    out = pseudonym.pseudonymise(series, salt)
    assert (
        out[0] == out[2] != out[3] and out[1] == "" and out.str.match(r"^(p-[0-9a-f]{12})?$").all()
    )


def test_authors_are_pseudonymised_and_stable_across_reads(tmp_path):
    write_client(tmp_path, "acme", {"mentions.csv": MENTIONS})
    first = intake.read_client("acme", tmp_path).table("mentions")["author"]
    second = intake.read_client("acme", tmp_path).table("mentions")["author"]
    assert list(first) == list(second)
    assert first.str.fullmatch(r"p-[0-9a-f]{12}").all() and first[0] != first[1]


def test_each_client_has_its_own_salt(tmp_path):
    for slug in ("acme", "globex"):
        write_client(tmp_path, slug, {"mentions.csv": MENTIONS})
    acme = intake.read_client("acme", tmp_path).table("mentions")["author"]
    globex = intake.read_client("globex", tmp_path).table("mentions")["author"]
    assert set(acme).isdisjoint(globex)
    salts = {(tmp_path / s / ".salt").read_text() for s in ("acme", "globex")}
    assert len(salts) == 2 and all(len(s.strip()) == 64 for s in salts)


def test_raw_author_appears_in_no_cell_of_the_client(tmp_path):
    extra = MENTIONS.replace("mention_id,", "note,mention_id,", 1)
    lines = extra.splitlines()
    text = "\n".join([lines[0]] + ["kept," + line for line in lines[1:]]) + "\n"
    write_client(tmp_path, "acme", {"mentions.csv": text})
    client = intake.read_client("acme", tmp_path)
    for frame in client.tables.values():
        cells = frame.astype(str).to_numpy().ravel()
        assert not any(author.lstrip("@") in cell for cell in cells for author in AUTHORS)
    assert "alice" not in repr(client.__dict__)


def test_author_column_in_other_case_is_refused_not_kept(tmp_path):
    text = MENTIONS.replace("author", "Author")
    write_client(tmp_path, "acme", {"mentions.csv": text})
    with pytest.raises(ValidationError) as caught:
        intake.read_client("acme", tmp_path)
    assert find(caught.value.problems, column="Author").row == 1


def test_salt_is_created_only_for_a_valid_client_with_authors(tmp_path):
    folder = write_client(tmp_path, "acme")
    intake.read_client("acme", tmp_path)
    assert not (folder / ".salt").exists()
    write_client(tmp_path, "acme", {"mentions.csv": MENTIONS.replace("positive", "glad")})
    with pytest.raises(ValidationError):
        intake.read_client("acme", tmp_path)
    assert intake.validate("acme", tmp_path)
    assert not (folder / ".salt").exists()
    write_client(tmp_path, "acme", {"mentions.csv": MENTIONS})
    intake.validate("acme", tmp_path)
    assert not (folder / ".salt").exists()
    intake.read_client("acme", tmp_path)
    assert (folder / ".salt").exists()


def test_salt_folder_lets_a_candidate_copy_use_the_real_salt(tmp_path):
    real = write_client(tmp_path / "real", "acme", {"mentions.csv": MENTIONS})
    copy = write_client(tmp_path / "copy", "acme", {"mentions.csv": MENTIONS})
    before = snapshot(copy)
    a = intake.read_client_folder(real).table("mentions")["author"]
    b = intake.read_client_folder(copy, salt_folder=real).table("mentions")["author"]
    assert list(a) == list(b) and snapshot(copy) == before


def test_damaged_salt_is_a_problem(tmp_path):
    folder = write_client(tmp_path, "acme", {"mentions.csv": MENTIONS})
    (folder / ".salt").write_text("not hex\n")
    with pytest.raises(ValidationError) as caught:
        intake.read_client("acme", tmp_path)
    assert find(caught.value.problems, file=".salt").fix
    assert (folder / ".salt").read_text() == "not hex\n"


def test_concurrent_first_reads_agree_on_one_salt(tmp_path):
    folder = tmp_path / "acme"
    folder.mkdir()
    salts = []
    threads = [
        threading.Thread(target=lambda: salts.append(pseudonym.ensure_salt(folder)))
        for _ in range(8)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(set(salts)) == 1 and salts[0] == pseudonym.read_salt(folder)
    assert sorted(p.name for p in folder.iterdir()) == [".salt"]
