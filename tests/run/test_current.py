"""A run known current from what it recorded: stat first, hash what changed, read what runs."""

from __future__ import annotations

import os

import pytest
from runs import run_dir, run_test_batch, scaffolded_clients

from socialworkbook import intake
from socialworkbook.publish import check, history
from socialworkbook.run import current, kernels

# One group per module (not one "runner" group for all five): the modules share no state, so
# under --dist loadgroup both workers take runner batches, and a group's size starts it early.
pytestmark = pytest.mark.xdist_group("runner_current")


@pytest.fixture
def data_root(tmp_path):
    return scaffolded_clients(tmp_path / "client_data", "alpha", "beta")


@pytest.fixture
def watched(monkeypatch):
    """The clients read in full, the files hashed (as client/file), the reports checked and the
    kernels' fork server asked for (the number of clients read by then), as a batch goes."""
    seen = {"read": [], "hashed": [], "checked": [], "served": []}
    serve = kernels.serve_workers
    monkeypatch.setattr(
        kernels, "serve_workers", lambda: seen["served"].append(len(seen["read"])) or serve()
    )
    read, sha, report = intake.read_client, current._sha256, check.check_report
    monkeypatch.setattr(
        intake, "read_client", lambda slug, **kw: seen["read"].append(slug) or read(slug, **kw)
    )

    def hashed(path):
        seen["hashed"].append(f"{path.parent.name}/{path.name}")
        return sha(path)

    monkeypatch.setattr(current, "_sha256", hashed)
    checking = lambda data, name, s: seen["checked"].append(name) or report(data, name, s)  # noqa: E731
    monkeypatch.setattr(check, "check_report", checking)
    monkeypatch.setattr(history, "check_report", checking)  # bound by its import

    def again() -> dict:
        for found in seen.values():
            found.clear()
        return seen

    return again


def _stamps(out, slug):
    return {p.name: p.stat().st_mtime_ns for p in run_dir(out, slug).glob("*.*")}


def _far_back(path, seconds=3600):
    """Set a file's modification time an hour back, so that it is not racily recent."""
    st = path.stat()
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns - seconds * 10**9))


def test_an_unchanged_rerun_reads_hashes_and_checks_nothing_and_writes_nothing(
    data_root, tmp_path, watched
):
    out = tmp_path / "out"
    for path in data_root.rglob("*"):
        if path.is_file():
            _far_back(path)
    seen = watched()
    assert run_test_batch(data_root, out, only=["01"]).exit_code == 0
    assert sorted(seen["read"]) == ["alpha", "beta"]
    assert seen["served"][0] == 0  # asked for before the first client is read, then imported
    assert sorted(seen["checked"]) == ["01_hello.html"] * 2 + ["index.html"] * 2  # + history
    stamps = {slug: _stamps(out, slug) for slug in ("alpha", "beta")}
    stamps["index"] = {str(p): p.stat().st_mtime_ns for p in out.glob("**/index.html")}
    seen = watched()
    report = run_test_batch(data_root, out, only=["01"])
    assert report.exit_code == 0 and report.clients["alpha"]["status"] == "succeeded"
    assert seen == {"read": [], "hashed": [], "checked": [], "served": []}  # nor a fork server
    again = {slug: _stamps(out, slug) for slug in ("alpha", "beta")}
    again["index"] = {str(p): p.stat().st_mtime_ns for p in out.glob("**/index.html")}
    assert again == stamps  # nor the history pages, nor the portfolio index


def test_a_touched_but_unchanged_file_is_hashed_once_and_runs_nothing(data_root, tmp_path, watched):
    out = tmp_path / "out"
    for path in data_root.rglob("*"):
        if path.is_file():
            _far_back(path)  # none racily recent: a quick first run would leave them so
    run_test_batch(data_root, out, only=["01"])
    stamps = _stamps(out, "alpha")
    posts = data_root / "alpha" / "posts.csv"
    posts.write_bytes(posts.read_bytes())  # a save without a change
    _far_back(posts)
    seen = watched()
    assert run_test_batch(data_root, out, only=["01"]).exit_code == 0
    assert seen["read"] == [] and seen["hashed"] == ["alpha/posts.csv"]
    assert _stamps(out, "alpha") == stamps
    seen = watched()
    run_test_batch(data_root, out, only=["01"])
    assert seen["read"] == [] and seen["hashed"] == []  # its new stat was recorded


def test_a_changed_file_with_the_same_size_and_time_reruns_its_client_only(
    data_root, tmp_path, watched
):
    out = tmp_path / "out"
    run_test_batch(data_root, out, only=["01"])
    before = _stamps(out, "alpha")
    config = data_root / "alpha" / "client.yaml"
    st = config.stat()
    text = config.read_text()
    changed = text.replace("# client.yaml:", "# CLIENT.yaml:")  # an input, so its hash counts
    assert changed != text and len(changed) == len(text)
    config.write_text(changed)
    os.utime(config, ns=(st.st_atime_ns, st.st_mtime_ns))  # the old time put back
    assert config.stat().st_size == st.st_size and config.stat().st_mtime_ns == st.st_mtime_ns
    seen = watched()
    report = run_test_batch(data_root, out, only=["01"])
    assert report.exit_code == 0
    assert seen["read"] == ["alpha"]
    assert _stamps(out, "alpha")["01_hello.ipynb"] != before["01_hello.ipynb"]
    assert seen["checked"] == ["01_hello.html"]  # what this run wrote (its history: the same)


def test_a_racily_recent_file_is_hashed_even_with_its_stat_unchanged(
    data_root, tmp_path, watched, monkeypatch
):
    monkeypatch.setattr(current, "_RACY_NS", 3600 * 10**9)  # recent however slow the machine
    out = tmp_path / "out"
    run_test_batch(data_root, out, clients=("alpha",), only=["01"])
    seen = watched()
    run_test_batch(data_root, out, clients=("alpha",), only=["01"])
    assert seen["read"] == [] and seen["hashed"]  # written a moment before the record
