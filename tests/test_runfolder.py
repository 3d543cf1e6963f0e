"""The run folder's owner: its layout, run.json and results.json, the runs and the latest run."""

from __future__ import annotations

import json
import os

import pytest

from socialworkbook import runfolder
from socialworkbook.errors import BadSlugError
from socialworkbook.runfolder import RunRecord, Status, TemplateRecord


def _record(**changes) -> RunRecord:
    """A succeeded run's record with one template, as the runner writes it."""
    template = TemplateRecord(
        Status.SUCCEEDED,
        "01_hello",
        "abc123",
        seconds=1.5,
        cell_seconds=1.2,
        attempts=1,
        fingerprint="f" * 16,
        finished_at="2026-10-01T09:30:00+00:00",
    )
    fields = {
        "client": "alpha",
        "client_name": "Alpha Outdoor",
        "period": "2026-Q3",
        "status": Status.SUCCEEDED,
        "kit_version": "0.1.0",
        "kit_fingerprint": "k" * 16,
        "finished_at": "2026-10-01T09:31:00+00:00",
        "inputs_sha256": {"posts.csv": "0" * 64},
        "templates": {"01_hello": template, "02_other": TemplateRecord()},
    }
    return RunRecord(**fields | changes)


def _results(client: str, start: str, end: str, label: str) -> dict:
    return {"client": client, "period": {"start": start, "end": end, "label": label}}


def test_the_layout_names_every_file_once(tmp_path):
    folder = runfolder.run_folder("alpha", "2026-Q3", tmp_path)
    assert folder == tmp_path / "alpha" / "2026-Q3"
    assert runfolder.notebook(folder, "01_hello") == folder / "01_hello.ipynb"
    assert runfolder.report(folder, "01_hello") == folder / "01_hello.html"
    assert {
        runfolder.RUN_JSON,
        runfolder.RESULTS_JSON,
        runfolder.SCORED_MENTIONS,
        runfolder.PARTS,
        runfolder.STATE,
        runfolder.STAGING,
    } == {"run.json", "results.json", "scored_mentions.csv", ".parts", ".state", ".staging"}
    with pytest.raises(BadSlugError):
        runfolder.run_folder("../elsewhere", "2026-Q3", tmp_path)


def test_reports_are_the_numbered_html_files_in_order(tmp_path):
    for name in ("02_b.html", "01_a.html", "01_a.ipynb", "index.html", "01_a.html.blocked"):
        (tmp_path / name).write_text("x")
    assert [p.name for p in runfolder.reports(tmp_path)] == ["01_a.html", "02_b.html"]
    assert runfolder.reports(tmp_path / "missing") == []


def test_status_keeps_the_strings_of_run_json():
    assert Status.SUCCEEDED == "succeeded" and Status.NOT_RUN == "not run"
    assert json.dumps({"status": Status.FAILED}) == '{"status": "failed"}'


def test_run_json_round_trips_in_the_same_shape(tmp_path):
    record = _record()
    path = runfolder.write_record(tmp_path, record)
    written = json.loads(path.read_text())
    assert list(written) == [
        "client",
        "client_name",
        "period",
        "status",
        "kit_version",
        "kit_fingerprint",
        "finished_at",
        "inputs_sha256",
        "templates",
    ]
    assert written["templates"]["02_other"] == {"status": "not run"}
    assert list(written["templates"]["01_hello"]) == [
        "template",
        "template_version",
        "status",
        "seconds",
        "cell_seconds",
        "attempts",
        "error",
        "retried_after",
        "fingerprint",
        "finished_at",
    ]
    assert runfolder.read_record(tmp_path) == record


def test_an_invalid_clients_run_json_keeps_its_own_shape(tmp_path):
    record = RunRecord("beta", Status.INVALID, "2026-10-01T09:00:00+00:00", problems=["bad row"])
    runfolder.write_record(tmp_path, record)
    written = json.loads((tmp_path / "run.json").read_text())
    assert written == {
        "client": "beta",
        "status": "invalid",
        "finished_at": "2026-10-01T09:00:00+00:00",
        "problems": ["bad row"],
        "templates": {},
    }
    assert runfolder.read_record(tmp_path) == record


def test_a_board_summarys_record_leads_with_its_standing():
    record = TemplateRecord(Status.SUCCEEDED, "00_summary", benchmarks_sha256="b" * 16)
    assert next(iter(record.to_dict())) == "benchmarks_sha256"
    assert TemplateRecord.from_dict(record.to_dict()) == record


def test_results_json_round_trips(tmp_path):
    assert runfolder.read_results(tmp_path) is None
    results = _results("alpha", "2026-07-01", "2026-09-30", "2026-Q3") | {"posts": None}
    runfolder.write_results(tmp_path, results)
    assert runfolder.read_results(tmp_path) == results


def test_template_states_round_trip_and_an_unreadable_one_is_left_out(tmp_path):
    record = _record().templates["01_hello"]
    runfolder.write_state(tmp_path, record)
    (tmp_path / runfolder.STATE / "02_broken.json").write_text("{not json")
    assert runfolder.read_states(tmp_path) == {"01_hello": record}


@pytest.mark.parametrize(
    "content", ["{not json", "[1, 2]", '{"status": "exploded"}', '{"templates": 3}']
)
def test_a_missing_or_unreadable_run_json_reads_as_none(tmp_path, content):
    assert runfolder.read_record(tmp_path) is None
    (tmp_path / "run.json").write_text(content)
    assert runfolder.read_record(tmp_path) is None


def test_read_runs_reads_each_run_folder_once(tmp_path):
    first = runfolder.run_folder("alpha", "2026-Q2", tmp_path)
    first.mkdir(parents=True)
    runfolder.write_results(first, _results("alpha", "2026-04-01", "2026-06-30", "2026-Q2"))
    runfolder.write_record(first, _record(period="2026-Q2"))
    (first / "01_hello.html").write_text("x")
    broken = runfolder.run_folder("alpha", "2026-Q3", tmp_path)
    broken.mkdir(parents=True)
    (broken / "results.json").write_text("{half")  # being written: counts on the next pass
    (tmp_path / "alpha" / "workbench").mkdir()  # no run.json, no results.json: no run
    other = runfolder.run_folder("beta", "invalid-inputs", tmp_path)
    other.mkdir(parents=True)
    runfolder.write_record(other, RunRecord("beta", Status.INVALID))
    runs = runfolder.read_runs(tmp_path)
    assert [(r.folder.parent.name, r.folder.name) for r in runs] == [
        ("alpha", "2026-Q2"),
        ("beta", "invalid-inputs"),
    ]
    alpha, beta = runs
    assert alpha.reports == ["01_hello.html"] and alpha.record.period == "2026-Q2"
    assert (alpha.client, alpha.label, str(alpha.start)) == ("alpha", "2026-Q2", "2026-04-01")
    assert beta.results is None and beta.start is None and beta.label == "invalid-inputs"
    assert [r.folder.name for r in runfolder.read_runs(tmp_path, "beta")] == ["invalid-inputs"]


def test_read_again_replaces_only_the_folders_written_since(tmp_path):
    for client in ("alpha", "beta"):
        folder = runfolder.run_folder(client, "2026-Q3", tmp_path)
        folder.mkdir(parents=True)
        runfolder.write_record(folder, _record(client=client))
    runs = runfolder.read_runs(tmp_path)
    alpha, beta = (r.folder for r in runs)
    runfolder.write_record(alpha, _record(client="alpha", status=Status.FAILED))
    runfolder.write_record(beta, _record(client="beta", status=Status.FAILED))
    new = runfolder.run_folder("alpha", "2026-Q2", tmp_path)
    new.mkdir()
    runfolder.write_record(new, _record(period="2026-Q2"))
    again = runfolder.read_again(runs, [alpha, new])
    assert [r.folder for r in again] == [new, alpha, beta]
    assert [r.record.status for r in again] == ["succeeded", "failed", "succeeded"]


def test_the_latest_run_is_the_one_that_finished_last_whatever_its_period(tmp_path):
    # Q3 was run first; then Q2 was run again: Q2 is the latest run, though Q3 is later
    # in the calendar and its files are touched last.
    q2 = runfolder.run_folder("alpha", "2026-Q2", tmp_path)
    q3 = runfolder.run_folder("alpha", "2026-Q3", tmp_path)
    for folder, finished in ((q2, "2026-11-02T10:00:00+00:00"), (q3, "2026-10-01T09:00:00+00:00")):
        folder.mkdir(parents=True)
        runfolder.write_record(folder, _record(finished_at=finished, period=folder.name))
    os.utime(q2 / "run.json", (1, 1))
    assert runfolder.latest_run(tmp_path, "alpha").folder == q2
    runfolder.write_record(q3, _record(finished_at="2026-11-03T08:00:00+00:00"))
    assert runfolder.latest_run(tmp_path, "alpha").folder == q3


def test_without_a_readable_finish_time_the_file_time_decides(tmp_path):
    old = runfolder.run_folder("alpha", "2026-Q2", tmp_path)
    new = runfolder.run_folder("alpha", "2026-Q3", tmp_path)
    for folder in (old, new):
        folder.mkdir(parents=True)
    (old / "run.json").write_text(json.dumps({"status": "succeeded"}))
    (new / "run.json").write_text("{unreadable")
    os.utime(old / "run.json", (1_000, 1_000))
    latest = runfolder.latest_run(tmp_path, "alpha")
    assert latest.folder == new and latest.record is None
    assert runfolder.latest_run(tmp_path, "nobody") is None


def test_a_summary_is_stale_when_its_standing_digest_is_not_the_benchmarks_one(tmp_path):
    def run(printed: str | None, current: str | None, status=Status.SUCCEEDED):
        summary = TemplateRecord(status=status, template="00_summary", benchmarks_sha256=printed)
        record = RunRecord(client="acme", templates={"00_summary": summary})
        results = _results("acme", "2026-07-01", "2026-09-30", "2026-Q3")
        results["benchmarks"] = None if current is None else {"standing_sha256": current}
        return runfolder.Run(tmp_path, record, results, [])

    assert run("aaa", "bbb").stale == ["00_summary"]
    assert run("aaa", "aaa").stale == []
    assert run(None, "bbb").stale == []  # a summary that printed no standing: not listed
    assert run("aaa", "bbb", Status.FAILED).stale == []
    assert run("aaa", None).stale == ["00_summary"]  # the peer group's benchmarks are gone
