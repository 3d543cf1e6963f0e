"""A period without data is refused by `run` (unless --allow-empty), and a period can be taken off
a client's history without deleting anything (issue 23, item 3; CONTRACT.md section 5)."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from runs import TEMPLATES, run_test_batch, scaffolded_clients

from socialworkbook import cli, intake, runfolder
from socialworkbook.errors import RunFolderError
from socialworkbook.run import plans
from socialworkbook.runfolder import RunRecord, Status

# One group per module (not one "runner" group for all five): the modules share no state, so
# under --dist loadgroup both workers take runner batches, and a group's size starts it early.
pytestmark = pytest.mark.xdist_group("runner_empty_and_hidden")


@pytest.fixture
def data_root(tmp_path):
    return scaffolded_clients(tmp_path / "client_data", "alpha")


@pytest.fixture
def templates_env(monkeypatch):
    monkeypatch.setenv("SOCIALWORKBOOK_TEMPLATES", str(TEMPLATES))


def _quarter(day: dt.date) -> str:
    return f"{day.year}-Q{(day.month - 1) // 3 + 1}"


# ----------------------------------------------------------------------------- empty periods


def test_a_period_without_data_is_refused_and_leaves_no_run(data_root, tmp_path):
    out = tmp_path / "out"
    report = run_test_batch(data_root, out, clients=("alpha",), period="2020-Q1")
    assert report.exit_code == 1
    (failure,) = report.failures
    assert failure["ename"] == "EmptyPeriod" and failure["client"] == "alpha"
    text = failure["evalue"]
    assert "no posts, no mentions and no metrics in the period 2020-Q1" in text
    assert "2020-01-01 to 2020-03-31" in text and "--allow-empty" in text
    first_day = dt.date(dt.date.today().year, 3 * ((dt.date.today().month - 1) // 3) + 1, 1)
    assert f"its data run from {first_day.isoformat()}" in text
    assert not (out / "alpha" / "2020-Q1").exists()
    assert runfolder.latest_run(out, "alpha") is None
    assert report.clients["alpha"]["status"] == "invalid"


def test_allow_empty_runs_a_period_without_data(data_root, tmp_path):
    out = tmp_path / "out"
    report = run_test_batch(data_root, out, clients=("alpha",), period="2020-Q1", allow_empty=True)
    assert report.exit_code == 0, report.failures
    assert (out / "alpha" / "2020-Q1" / "results.json").is_file()


@pytest.mark.parametrize(
    ("table", "row"),
    [
        ("mentions.csv", "m1,2020-02-01,Hello,,,,"),
        ("metrics.csv", "2020-03-31,followers,120,"),
        ("posts.csv", "p9,facebook-page,2020-01-01T23:59,"),
    ],
)
def test_a_period_with_any_one_table_is_not_empty(data_root, table, row):
    path = data_root / "alpha" / table
    header = path.read_text()
    cells = row.split(",")
    path.write_text(header + ",".join(cells + [""] * (header.count(",") + 1 - len(cells))) + "\n")
    client = intake.read_client("alpha", data_root, period="2020-Q1")
    assert plans.empty_period(client) is None
    later = intake.read_client("alpha", data_root, period="2019-Q4")
    assert "no posts, no mentions and no metrics" in plans.empty_period(later)


def test_the_run_command_refuses_an_empty_period_and_names_unread_files(
    data_root, tmp_path, templates_env, capsys
):
    (data_root / "alpha" / "export.csv").write_text("Post ID,Reactions\n1,5\n")
    argv = ["run", "alpha", "--period", "2020-Q1", "--quiet"]
    argv += ["--data-root", str(data_root), "--out", str(tmp_path / "out")]
    assert cli.main(argv) == 1
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].startswith("WARNING alpha: export.csv: this file is not read")
    assert "socialworkbook import alpha export.csv" in lines[0]
    assert lines[1].startswith("FAILED alpha: EmptyPeriod: alpha has no posts, no mentions")


def test_the_run_command_refuses_a_table_in_the_wrong_format(
    data_root, tmp_path, templates_env, capsys
):
    (data_root / "alpha" / "posts.xlsx").write_bytes(b"not read")
    argv = ["run", "alpha", "--quiet", "--data-root", str(data_root)]
    assert cli.main([*argv, "--out", str(tmp_path / "out")]) == 1
    out = capsys.readouterr().out
    assert "FAILED alpha: ValidationError" in out and "posts.xlsx: this file is not read" in out


# ----------------------------------------------------------------------------- hidden runs


def _fake_run(out, client, label, start, end, finished):
    folder = runfolder.run_folder(client, label, out)
    folder.mkdir(parents=True)
    record = RunRecord(client=client, status=Status.SUCCEEDED, finished_at=finished)
    runfolder.write_record(folder, record)
    runfolder.write_results(
        folder, {"client": client, "period": {"start": start, "end": end, "label": label}}
    )
    (folder / "01_hello.html").write_text("<p>report</p>")
    return folder


def test_a_hidden_run_is_kept_aside_and_never_the_latest(tmp_path):
    out = tmp_path / "out"
    _fake_run(out, "alpha", "2026-Q2", "2026-04-01", "2026-06-30", "2026-07-01T09:00:00+00:00")
    q3 = _fake_run(out, "alpha", "2026-Q3", "2026-07-01", "2026-09-30", "2026-10-01T09:00:00+00:00")
    assert runfolder.latest_run(out, "alpha").folder.name == "2026-Q3"
    moved = runfolder.hide_run(out, "alpha", "2026-Q3")
    assert moved == out / "alpha" / runfolder.HIDDEN / "2026-Q3"
    assert not q3.exists() and (moved / "01_hello.html").read_text() == "<p>report</p>"
    assert runfolder.latest_run(out, "alpha").folder.name == "2026-Q2"
    assert [run.folder.name for run in runfolder.read_runs(out)] == ["2026-Q2"]
    assert [run.folder.name for run in runfolder.hidden_runs(out, "alpha")] == ["2026-Q3"]
    # the period run again and hidden again: both kept
    _fake_run(out, "alpha", "2026-Q3", "2026-07-01", "2026-09-30", "2026-10-02T09:00:00+00:00")
    assert runfolder.hide_run(out, "alpha", "2026-Q3").name == "2026-Q3.2"
    hidden = [run.folder.name for run in runfolder.hidden_runs(out, "alpha")]
    assert hidden == ["2026-Q3", "2026-Q3.2"]
    restored = runfolder.restore_run(out, "alpha", "2026-Q3.2")
    assert restored == out / "alpha" / "2026-Q3"
    assert runfolder.read_record(restored).finished_at == "2026-10-02T09:00:00+00:00"
    assert runfolder.latest_run(out, "alpha").folder.name == "2026-Q3"


def test_hide_and_restore_refuse_what_is_not_there_or_in_the_way(tmp_path):
    out = tmp_path / "out"
    _fake_run(out, "alpha", "2026-Q2", "2026-04-01", "2026-06-30", "2026-07-01T09:00:00+00:00")
    with pytest.raises(RunFolderError, match=r"no run of the period '2026-Q4'.*its runs: 2026-Q2"):
        runfolder.hide_run(out, "alpha", "2026-Q4")
    with pytest.raises(RunFolderError, match=r"no hidden run '2026-Q2' \(hidden runs: none\)"):
        runfolder.restore_run(out, "alpha", "2026-Q2")
    runfolder.hide_run(out, "alpha", "2026-Q2")
    _fake_run(out, "alpha", "2026-Q2", "2026-04-01", "2026-06-30", "2026-07-02T09:00:00+00:00")
    with pytest.raises(RunFolderError, match="hide it first"):
        runfolder.restore_run(out, "alpha", "2026-Q2")
    with pytest.raises(RunFolderError):
        runfolder.restore_run(out, "alpha", "../alpha/2026-Q2")


def test_a_dot_folder_is_never_a_run(tmp_path):
    out = tmp_path / "out"
    _fake_run(out, "alpha", "2026-Q2", "2026-04-01", "2026-06-30", "2026-07-01T09:00:00+00:00")
    _fake_run(out, "alpha", ".old", "2026-07-01", "2026-09-30", "2026-10-01T09:00:00+00:00")
    assert runfolder.latest_run(out, "alpha").folder.name == "2026-Q2"
    assert [run.folder.name for run in runfolder.read_runs(out)] == ["2026-Q2"]


def test_the_history_command_hides_and_restores_a_period_of_real_runs(
    data_root, tmp_path, templates_env, capsys
):
    out = tmp_path / "out"
    now = _quarter(dt.date.today())
    options = {"clients": ("alpha",), "allow_empty": True, "workers": 1}
    assert run_test_batch(data_root, out, period="2020-Q1", **options).exit_code == 0
    assert run_test_batch(data_root, out, period=now, **options).exit_code == 0
    page = out / "alpha" / "index.html"
    assert "2020-Q1/" in page.read_text() and "2020-Q1/" in (out / "index.html").read_text()
    where = ["--data-root", str(data_root), "--out", str(out)]

    assert cli.main(["history", "alpha", "--hide", "2020-Q1", *where]) == 0
    said = capsys.readouterr().out
    assert "hidden" in said and "rewritten" in said
    assert (out / "alpha" / ".hidden" / "2020-Q1" / "results.json").is_file()
    assert "2020-Q1/" not in page.read_text()
    assert "2020-Q1" not in (out / "index.html").read_text()
    assert cli.main(["history", "alpha", *where]) == 0
    assert capsys.readouterr().out.splitlines() == [
        f"alpha: in the history: {now}",
        "alpha: hidden: 2020-Q1",
    ]
    assert cli.main(["list", *where]) == 0
    assert f"succeeded ({now}," in capsys.readouterr().out

    # the newest run hidden: `list` (and `lab`, `share`) fall back to the one left
    assert cli.main(["history", "alpha", "--hide", now, *where]) == 0
    assert runfolder.latest_run(out, "alpha") is None
    assert not page.exists()  # no period left to show
    assert cli.main(["history", "alpha", "--restore", "2020-Q1", *where]) == 0
    assert runfolder.latest_run(out, "alpha").folder.name == "2020-Q1"
    assert "2020-Q1/" in page.read_text()
    capsys.readouterr()
    assert cli.main(["history", "alpha", "--restore", "2031-Q1", *where]) == 1
    assert f"hidden runs: {now}" in capsys.readouterr().err
    assert json.loads((out / "alpha" / ".hidden" / now / "run.json").read_text())["status"] == (
        "succeeded"
    )
