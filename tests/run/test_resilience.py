"""Disk full, permission errors and memory limits: reported per client, nothing lost, batch goes on.

Tests run as root, which ignores file permissions, so a full disk and an unwritable folder are
simulated by making `os.replace` / `os.fsync` raise the OSError the kernel would raise. The
batch's worker processes are forked from the test process and inherit the patch; the notebooks'
own kernels are separate programs and are not affected.
"""

from __future__ import annotations

import errno
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from runs import run_dir, run_test_batch, scaffolded_clients

from socialworkbook import errors, intake, storage
from socialworkbook.run import limits, runner

# One group per module (not one "runner" group for all five): the modules share no state, so
# under --dist loadgroup both workers take runner batches, and a group's size starts it early.
pytestmark = pytest.mark.xdist_group("runner_resilience")

REAL_REPLACE = os.replace


@pytest.fixture
def data_root(tmp_path):
    return scaffolded_clients(tmp_path / "client_data", "alpha", "beta")


def _outputs(run_dir: Path) -> dict[str, bytes]:
    """Every finished output of a run folder with its bytes (not the notebooks' scratch parts)."""
    return {
        str(p.relative_to(run_dir)): p.read_bytes()
        for p in sorted(run_dir.rglob("*"))
        if p.is_file() and ".parts" not in p.parts
    }


def _leftovers(out: Path) -> list[Path]:
    return [p for p in out.rglob("*") if p.name.endswith(".tmp") or p.name == ".staging"]


def _failing_replace(
    monkeypatch, under: Path, exc_factory, name: str | None = None, *, only: Path | None = None
):
    """os.replace raises for targets inside `under` (optionally only a file called `name`, or
    only the file `only`)."""
    calls = []

    def replace(src, dst, *args, **kwargs):
        target = Path(dst)
        if (
            target.is_relative_to(under)
            and (name is None or target.name == name)
            and (only is None or target == only)
        ):
            calls.append(target)
            raise exc_factory(target)
        return REAL_REPLACE(src, dst, *args, **kwargs)

    monkeypatch.setattr(os, "replace", replace)
    return calls


def _disk_full(target):
    return OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(target))


def _denied(target):
    return PermissionError(errno.EACCES, os.strerror(errno.EACCES), str(target))


# ----------------------------------------------------------------------------- atomic writes


@pytest.mark.parametrize(
    "failure, cause",
    [("fsync", "disk is full"), ("replace", "permission denied")],
)
def test_an_atomic_write_that_fails_keeps_the_old_file_and_leaves_no_temp(
    tmp_path, monkeypatch, failure, cause
):
    target = tmp_path / "report.html"
    target.write_bytes(b"previous report")

    def fsync(fd):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    if failure == "fsync":
        monkeypatch.setattr(os, "fsync", fsync)
    else:
        _failing_replace(monkeypatch, tmp_path, _denied)
    with pytest.raises(errors.StorageError) as caught:
        storage.atomic_write_text(target, "x" * 100_000)
    assert isinstance(caught.value, OSError)  # callers catching OSError keep working
    message = str(caught.value)
    assert str(target) in message and cause in message and "Fix:" in message
    assert caught.value.path == target
    assert target.read_bytes() == b"previous report"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["report.html"]


def test_storage_error_names_quota_and_read_only_file_systems():
    quota = storage.storage_error(OSError(errno.EDQUOT, "Disk quota exceeded"), "/x/run.json")
    read_only = storage.storage_error(OSError(errno.EROFS, "Read-only"), "/x/run.json")
    assert quota.errno == errno.EDQUOT and "quota" in str(quota) and "/x/run.json" in str(quota)
    assert "read-only" in str(read_only) and "--out" in str(read_only)


# ----------------------------------------------------------------------------- a batch


@pytest.mark.parametrize(
    "exc_factory, cause", [(_disk_full, "disk is full"), (_denied, "permission denied")]
)
def test_a_write_failure_fails_that_client_only_and_keeps_its_previous_outputs(
    data_root, tmp_path, monkeypatch, exc_factory, cause
):
    out = tmp_path / "out"
    assert run_test_batch(data_root, out).exit_code == 0
    beta_dir, alpha_dir = run_dir(out, "beta"), run_dir(out, "alpha")
    before_beta = _outputs(beta_dir)
    before_alpha = _outputs(alpha_dir)
    assert {"01_hello.html", "01_hello.ipynb", "results.json", "run.json"} <= set(before_beta)

    calls = _failing_replace(monkeypatch, out / "beta", exc_factory)
    report = run_test_batch(data_root, out, force=True)
    monkeypatch.undo()

    assert calls, "the simulated failure was never hit"
    assert report.exit_code == 1
    assert {f["client"] for f in report.failures} == {"beta"}
    beta = report.clients["beta"]
    assert beta["status"] == "failed"
    for name in ("01_hello", "02_second"):
        error = beta["templates"][name]["error"]
        assert error["kind"] == "storage" and error["ename"] == "StorageError"
        assert cause in error["evalue"] and "Fix:" in error["evalue"]
        assert str(beta_dir) in error["evalue"] and Path(error["path"]).is_relative_to(beta_dir)
    assert beta["error"]["kind"] == "storage"  # results.json / run.json could not be written
    assert "results.json" in beta["error"]["evalue"]
    # beta's previous run is untouched, byte for byte; nothing half-written or temporary remains
    assert _outputs(beta_dir) == before_beta
    assert _leftovers(out) == []
    # alpha went on and wrote a new run
    assert report.clients["alpha"]["status"] == "succeeded"
    after_alpha = _outputs(alpha_dir)
    assert after_alpha["run.json"] != before_alpha["run.json"]
    assert json.loads(after_alpha["run.json"])["status"] == "succeeded"
    lines = runner.report_lines(report)
    assert any(line.startswith("FAILED beta / 01_hello") and cause in line for line in lines)


def test_disk_full_on_results_json_is_recorded_in_run_json(data_root, tmp_path, monkeypatch):
    out = tmp_path / "out"
    assert run_test_batch(data_root, out, clients=("beta",), only=["01"]).exit_code == 0
    beta_dir = run_dir(out, "beta")
    previous_results = (beta_dir / "results.json").read_bytes()

    _failing_replace(monkeypatch, beta_dir, _disk_full, name="results.json")
    report = run_test_batch(data_root, out, clients=("beta",), only=["01"], force=True)
    monkeypatch.undo()

    assert report.exit_code == 1
    assert [(f["client"], f["template"], f["kind"]) for f in report.failures] == [
        ("beta", None, "storage")
    ]
    run_json = json.loads((beta_dir / "run.json").read_text())
    assert run_json["status"] == "failed"
    assert run_json["error"]["path"] == str(beta_dir / "results.json")
    assert "disk is full" in run_json["error"]["evalue"]
    assert run_json["templates"]["01_hello"]["status"] == "succeeded"
    assert (beta_dir / "results.json").read_bytes() == previous_results
    assert _leftovers(out) == []


def test_an_unwritable_index_is_reported_and_client_outputs_stand(data_root, tmp_path, monkeypatch):
    out = tmp_path / "out"
    # the portfolio index only (each client's history page is an index.html too)
    _failing_replace(monkeypatch, out, _disk_full, only=out / "index.html")
    report = run_test_batch(data_root, out, clients=("alpha",), only=["01"])
    monkeypatch.undo()
    assert report.exit_code == 1
    (failure,) = report.failures
    assert failure["client"] == "(index)" and "index.html" in failure["evalue"]
    assert report.clients["alpha"]["status"] == "succeeded"
    assert not (out / "index.html").exists()
    assert _leftovers(out) == []


# As root, permission bits bind only without CAP_DAC_OVERRIDE: the re-run drops it (and the
# read-search override) from the bounding set, so root is refused like anyone else.
WITHOUT_ROOT_OVERRIDE = ["setpriv", "--bounding-set=-dac_override,-dac_read_search"]
_RERUN = """
import json, sys
from pathlib import Path
sys.path.insert(0, {tests!r})
from runs import run_test_batch
try:
    (Path({beta!r}) / "probe").touch()
except PermissionError:
    pass
else:
    sys.exit("the run folder is writable: the permission bits do not bind this process")
report = run_test_batch(Path({data_root!r}), Path({out!r}), only=["01"], force=True)
print(json.dumps(report.clients, default=str))
"""


def test_a_read_only_run_folder_for_real(data_root, tmp_path):
    out = tmp_path / "out"
    assert run_test_batch(data_root, out, only=["01"]).exit_code == 0
    beta_dir = run_dir(out, "beta")
    before = _outputs(beta_dir)
    folders = [beta_dir, *[p for p in beta_dir.rglob("*") if p.is_dir()]]
    for folder in folders:
        folder.chmod(0o555)
    code = _RERUN.format(
        tests=str(Path(__file__).parents[1]),
        beta=str(beta_dir),
        data_root=str(data_root),
        out=str(out),
    )
    command = [sys.executable, "-c", code]
    try:
        done = subprocess.run(
            WITHOUT_ROOT_OVERRIDE + command if os.geteuid() == 0 else command,
            capture_output=True,
            text=True,
            timeout=600,
        )
    finally:
        for folder in folders:
            folder.chmod(0o755)
    assert done.returncode == 0, done.stderr
    clients = json.loads(done.stdout.splitlines()[-1])
    assert clients["beta"]["status"] == "failed"
    assert clients["alpha"]["status"] == "succeeded"
    assert "permission denied" in clients["beta"]["templates"]["01_hello"]["error"]["evalue"]
    assert _outputs(beta_dir) == before


# ----------------------------------------------------------------------------- memory


def _grow(data_root: Path, slug: str, kb: int) -> None:
    rows = "".join(f"p{i},home,2026-07-01,text,{i},1,0,10,no\n" for i in range(kb * 30))
    path = data_root / slug / "posts.csv"
    path.write_text(path.read_text().splitlines()[0] + "\n" + rows)
    assert path.stat().st_size > kb * 1024


def test_a_client_over_the_input_limit_is_refused_before_reading_and_the_batch_goes_on(
    data_root, tmp_path, monkeypatch
):
    _grow(data_root, "beta", 40)
    monkeypatch.setenv(limits.MAX_INPUT_ENV, "0.02")  # 20 KB: alpha's files fit, beta's do not
    read = []
    real_read = intake.read_client
    monkeypatch.setattr(
        intake, "read_client", lambda slug, **kw: read.append(slug) or real_read(slug, **kw)
    )
    out = tmp_path / "out"
    report = run_test_batch(data_root, out, only=["01"])

    assert read == ["alpha"]  # beta was refused before its data was read, let alone a kernel
    assert report.exit_code == 1
    (failure,) = report.failures
    assert failure["client"] == "beta" and failure["ename"] == "ResourceLimitError"
    beta = report.clients["beta"]
    assert beta["status"] == "refused"
    (problem,) = beta["problems"]
    assert limits.MAX_INPUT_ENV in problem and "0.02 MB" in problem and "Fix:" in problem
    assert [p.name for p in (out / "beta").rglob("*")] == ["invalid-inputs", "run.json"]
    assert json.loads((out / "beta" / "invalid-inputs" / "run.json").read_text())["status"] == (
        "refused"
    )
    assert report.clients["alpha"]["status"] == "succeeded"
    assert (run_dir(out, "alpha") / "01_hello.html").is_file()


def test_the_memory_estimate_is_checked_against_each_workers_share(data_root, monkeypatch):
    monkeypatch.delenv(limits.MAX_INPUT_ENV, raising=False)
    _grow(data_root, "beta", 100)
    needed = limits.memory_estimate(data_root / "beta")
    assert needed >= 10 * limits.input_bytes(data_root / "beta") > 1_000_000

    monkeypatch.setattr(limits, "available_memory", lambda: needed * 2)
    limits.check_resources("beta", data_root, workers=1)  # fits in one worker's share
    limits.check_resources("beta", data_root, workers=2)
    with pytest.raises(errors.ResourceLimitError) as caught:
        limits.check_resources("beta", data_root, workers=4)  # half of what it needs each
    message = str(caught.value)
    assert "client 'beta'" in message and "4 worker(s)" in message and "--workers 1" in message
    limits.check_resources("alpha", data_root, workers=4)  # the small client still fits

    monkeypatch.setattr(limits, "available_memory", lambda: None)  # unknown: not refused
    limits.check_resources("beta", data_root, workers=64)


def test_an_xlsx_counts_more_than_its_compressed_size(tmp_path):
    folder = tmp_path / "c"
    folder.mkdir()
    (folder / "posts.csv").write_bytes(b"x" * 1000)
    (folder / "inputs.xlsx").write_bytes(b"x" * 1000)
    (folder / "notes.txt").write_bytes(b"x" * 10_000)  # not an input: not counted
    assert limits.input_bytes(folder) == 2000
    assert limits.memory_estimate(folder) > 2 * 10 * 1000


def test_the_input_limit_setting_must_be_a_number(data_root, monkeypatch):
    monkeypatch.setenv(limits.MAX_INPUT_ENV, "lots")
    with pytest.raises(errors.ResourceLimitError, match="not a number"):
        limits.check_resources("alpha", data_root)
    monkeypatch.setenv(limits.MAX_INPUT_ENV, "5")
    limits.check_resources("alpha", data_root)


def test_available_memory_without_psutil_uses_sysconf(monkeypatch):
    monkeypatch.setitem(sys.modules, "psutil", None)  # import psutil now raises ImportError
    pages = os.sysconf("SC_PHYS_PAGES")
    available = limits.available_memory()
    assert isinstance(available, int) and 0 < available <= pages * os.sysconf("SC_PAGE_SIZE")

    def no_sysconf(name):
        raise ValueError(name)

    monkeypatch.setattr(os, "sysconf", no_sysconf)
    assert limits.available_memory() is None


# ----------------------------------------------------------------------------- no code from data

LIBRARY = Path(__file__).parents[2] / "lib" / "socialworkbook"
_FORBIDDEN_NAMES = {"eval", "exec", "compile", "__import__"}
_FORBIDDEN_ATTRIBUTES = {
    ("os", "system"),
    ("os", "popen"),
    ("yaml", "load"),
    ("yaml", "load_all"),
    ("yaml", "unsafe_load"),
    ("yaml", "full_load"),
    ("yaml", "Loader"),
    ("yaml", "UnsafeLoader"),
    ("yaml", "FullLoader"),
    ("pickle", "load"),
    ("pickle", "loads"),
    ("pickle", "Unpickler"),
}


def _code_from_data(tree) -> list[str]:
    import ast

    found = []
    restricted = {  # pickle.Unpickler as the base of a class that restricts what it calls
        id(base)
        for node in ast.walk(tree)
        if isinstance(node, ast.ClassDef)
        and any(isinstance(f, ast.FunctionDef) and f.name == "find_class" for f in node.body)
        for base in node.bases
    }
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            if isinstance(node.func, ast.Name) and node.func.id in _FORBIDDEN_NAMES:
                found.append(f"line {node.lineno}: {node.func.id}()")
            for keyword in node.keywords:
                value = keyword.value
                if keyword.arg in ("shell", "allow_pickle") and not (
                    isinstance(value, ast.Constant) and value.value is False
                ):
                    found.append(f"line {node.lineno}: {keyword.arg}=")
        if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name):
            if (node.value.id, node.attr) in _FORBIDDEN_ATTRIBUTES and id(node) not in restricted:
                found.append(f"line {node.lineno}: {node.value.id}.{node.attr}")
    return found


def test_the_detector_finds_each_way_of_running_code_from_data():
    import ast

    bad = (
        "eval(x)\nexec(x)\nos.system(x)\nsubprocess.run(x, shell=True)\nyaml.load(x)\n"
        "yaml.load(x, Loader=yaml.Loader)\npickle.loads(x)\nnp.load(p, allow_pickle=True)\n"
        "class U(pickle.Unpickler):\n    pass\n"
    )
    assert len(_code_from_data(ast.parse(bad))) == 10  # an unpickler that restricts nothing too
    good = (
        "yaml.safe_load(x)\nre.compile(x)\nnp.load(p, allow_pickle=False)\nrun([a], shell=False)\n"
        "class U(pickle.Unpickler):\n    def find_class(self, m, n):\n        raise KeyError(n)\n"
    )
    assert _code_from_data(ast.parse(good)) == []


def test_the_library_never_evaluates_unpickles_or_shells_out():
    import ast

    modules = sorted(LIBRARY.rglob("*.py"))
    assert len(modules) > 20
    found = {
        str(path.relative_to(LIBRARY)): hits
        for path in modules
        if (hits := _code_from_data(ast.parse(path.read_text(encoding="utf-8"))))
    }
    assert found == {}


def test_atomic_writes_get_the_umask_mode_and_keep_an_existing_files_mode(tmp_path):
    from socialworkbook.storage import atomic_write_text

    old = os.umask(0o022)
    try:
        fresh = atomic_write_text(tmp_path / "report.html", "x")
        assert fresh.stat().st_mode & 0o777 == 0o644  # readable by colleagues, not 0600
        fresh.chmod(0o640)
        atomic_write_text(fresh, "y")
        assert fresh.stat().st_mode & 0o777 == 0o640
    finally:
        os.umask(old)


def test_many_json_files_are_written_all_or_none(tmp_path):
    """write_json_all: every file lands; a failure part-way replaces none and leaves no temp."""
    first, second = tmp_path / "a" / "results.json", tmp_path / "b" / "results.json"
    storage.write_json_all({first: {"v": 1}, second: {"v": float("nan")}})
    assert json.loads(first.read_text()) == {"v": 1}
    assert json.loads(second.read_text()) == {"v": None}

    blocker = tmp_path / "c"
    blocker.write_text("a file where a folder should be")
    with pytest.raises(errors.StorageError) as caught:
        storage.write_json_all({first: {"v": 2}, blocker / "results.json": {"v": 3}})
    assert str(blocker / "results.json") in str(caught.value)
    assert json.loads(first.read_text()) == {"v": 1}
    with pytest.raises(TypeError):
        storage.write_json_all({first: {"v": 4}, second: {"v": {1, 2}}})
    assert json.loads(first.read_text()) == {"v": 1}
    assert sorted(p.name for p in tmp_path.rglob("*")) == [
        "a",
        "b",
        "c",
        "results.json",
        "results.json",
    ]
