"""Incremental-run benchmark: `run --all` when nothing (or one client) changed, at 250 and 1,000.

The example clients are run once for real (kept in .bench/incremental/source); then N client
folders are made by copying theirs and N run folders by copying their run folders (as the
portfolio benchmark writes its runs directly), and each copy is made current for the code path
being measured (`--forge`, run with that path's library: its kit fingerprint, the copies'
parameters, the benchmarks of the N clients, and for the incremental path its records of the
client folders and of the reports' checks). Timed, each in a fresh process, the machine's load
average printed beside, and the CPU seconds of the process and its children (less sensitive
to a loaded machine than the wall):

- unchanged `socialworkbook run --all` at each size (total, ms per client);
- one client changed among the largest size (its last post taken out): its notebooks and the
  benchmark refresh run; beside it, that client's own run (the same change, with one peer) and
  the overhead beyond it;
- CLI cold start to the first line of output of an unchanged `run --all` (median of 5), and
  `--help`, `list`, `validate CLIENT` (median of 5).

With `--before REV` the same figures are measured side by side on the library of commit REV
(`git archive`, no worktree touched), in the same run.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ("northwind-outdoor", "ledgerline")
CACHE = ROOT / ".bench" / "incremental"
TARGET_SECONDS = 5.0
TARGET_FIRST_LINE = 1.0
CPU: list[float] = []  # CPU seconds of each `run_all`


def source_run() -> Path:
    """The example clients run for real once (reused while .bench/incremental is kept)."""
    out = CACHE / "source"
    if all(any((out / slug).glob("*/run.json")) for slug in EXAMPLES):
        return out
    shutil.rmtree(out, ignore_errors=True)
    print("running the example clients once (minutes) ...", flush=True)
    done = subprocess.run(
        [sys.executable, "-m", "socialworkbook", "run", *EXAMPLES, "--out", str(out), "--quiet"],
        env=_env(ROOT / "lib"),
        cwd=ROOT,
    )
    if done.returncode:
        raise SystemExit("the example clients did not run")
    return out


def make_copies(source: Path, data: Path, out: Path, n: int) -> list[str]:
    """`n` client folders and their run folders, copied from the example clients (hard links:
    1,000 copies would take 5 GB; the kit and this benchmark replace files, never write into
    them). The first, which `change_one` changes, is copied for real: replacing a file moves the
    change time of its inode, so every other client linked to it would look touched, as no
    client of a real portfolio does."""
    slugs = []
    for i in range(n):
        origin = EXAMPLES[i % len(EXAMPLES)]
        slug = f"{origin}-{i:04d}"
        copy = shutil.copy2 if i == 0 else os.link
        shutil.copytree(
            ROOT / "client_data" / origin,
            data / slug,
            ignore=shutil.ignore_patterns(".history", ".cache"),
            copy_function=copy,
        )
        for run in (source / origin).iterdir():
            if run.is_dir() and not run.name.startswith("."):
                skip = shutil.ignore_patterns(".gate.json")
                shutil.copytree(run, out / slug / run.name, ignore=skip, copy_function=copy)
        slugs.append(slug)
    return slugs


def forge(data: Path, out: Path) -> None:
    """Make every copied run current for the library on the path (run in that library's
    process): each run's client, fingerprints and standing; for the incremental path, its
    record of the client folder, of the reports' checks and the history pages."""
    from socialworkbook import runfolder
    from socialworkbook.measure import benchmarks
    from socialworkbook.run import runner
    from socialworkbook.run.templates import load_templates

    os.fsync = lambda fd: None  # throwaway copies: made durable by nobody's need (minutes saved)
    kit = runner.kit_fingerprint()
    templates = load_templates(ROOT / "templates")
    for slug_dir in sorted(p for p in out.iterdir() if p.is_dir()):
        for folder in sorted(p for p in slug_dir.iterdir() if p.is_dir() and p.name[0] != "."):
            results = runfolder.read_results(folder)
            results["client"] = slug_dir.name
            runfolder.write_results(folder, results)
    runs = runfolder.read_runs(out)
    benchmarks.refresh(runs)
    incremental = _has("socialworkbook.run.current")
    names = None
    if incremental:
        from socialworkbook.publish import check

        names = check.names_digest(data)
    for run in runs:
        _forge_run(run, data, templates, kit, names)
    if incremental:
        _forge_history(out, runs, names)


def _forge_run(run, data: Path, templates, kit: str, names) -> None:
    from socialworkbook import runfolder
    from socialworkbook.run import runner

    slug, folder, results = run.folder.parent.name, run.folder, run.results
    label = results["period"]["label"]
    parameters = {
        "client": slug,
        "period": label,
        "data_root": str(data),
        "output_dir": str(folder),
    }
    inputs = dict(results["inputs_sha256"])
    shown = (results.get("benchmarks") or {}).get(runfolder.STANDING_SHA256)
    states = runfolder.read_states(folder)
    record = runfolder.read_record(folder)
    for template in templates:
        given = dict(inputs)
        if template.name.startswith(runner.SUMMARY_PREFIX):
            given["benchmarks"] = json.dumps(results.get("benchmarks"), sort_keys=True)
            given["findings"] = json.dumps(results.get("findings"), sort_keys=True)
        state = states[template.name]
        state.fingerprint = runner._fingerprint(template, parameters, given, kit)
        if template.name.startswith(runner.SUMMARY_PREFIX):
            state.benchmarks_sha256 = shown
        runfolder.write_state(folder, state)
        record.templates[template.name] = state
    record.client, record.kit_fingerprint = slug, kit
    runfolder.write_record(folder, record)
    if names is None:
        return
    from socialworkbook.publish import check
    from socialworkbook.run import current

    origin = slug.rsplit("-", 1)[0]
    source = json.loads((CACHE / "source" / origin / runfolder.CURRENT).read_bytes())
    (entry,) = source["requests"].values()
    request = current.Request(None, None, str(data), False)
    current.remember(
        folder.parents[1],
        slug,
        request,
        current.look(data / slug),
        run_dir=folder,
        label=label,
        client_name=entry["client_name"],
        parameters=parameters,
        branding=entry["branding"],
        inputs_sha256=inputs,
        warnings=entry["warnings"],
        terms=check.client_terms(data / slug),
    )
    for report in runfolder.reports(folder):
        check.record_pass(report, _digest_of(report), names)


_DIGESTS: dict[int, str] = {}


def _digest_of(report: Path) -> str:
    """A report's SHA-256, once per file (the copies are hard links to the example runs')."""
    inode = report.stat().st_ino
    if inode not in _DIGESTS:
        _DIGESTS[inode] = hashlib.sha256(report.read_bytes()).hexdigest()
    return _DIGESTS[inode]


def _forge_history(out: Path, runs, names: str) -> None:
    from socialworkbook import runfolder
    from socialworkbook.publish import check, history
    from socialworkbook.storage import atomic_write_text

    for slug_dir in sorted(p for p in out.iterdir() if p.is_dir()):
        record = json.loads(runfolder.current_record(out, slug_dir.name).read_bytes())
        (entry,) = record["requests"].values()
        rows = history.periods_of(runs, slug_dir.name)
        target = slug_dir / history.HISTORY
        atomic_write_text(target, history.render_history(rows, entry["branding"]))
        check.record_pass(target, history._digest(rows, entry["branding"]), names)


def _has(module: str) -> bool:
    import importlib.util

    return importlib.util.find_spec(module) is not None


def _env(lib: Path) -> dict:
    """The library on the path; byte code written and read, as an installed kit has it."""
    env = os.environ | {"PYTHONPATH": str(lib)}
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    return env


def _cli(lib: Path, *args: str) -> list[str]:  # the library comes from PYTHONPATH (`_env`)
    return [sys.executable, "-m", "socialworkbook", *args]


def prepare(lib: Path, source: Path, tmp: Path, n: int) -> tuple[Path, Path, list[str]]:
    data, out = tmp / "client_data", tmp / "out"
    slugs = make_copies(source, data, out, n)
    subprocess.run(
        [sys.executable, __file__, "--forge", str(data), str(out)],
        env=_env(lib),
        cwd=ROOT,
        check=True,
    )
    return data, out, slugs


def run_all(lib: Path, data: Path, out: Path) -> float:
    """Wall seconds of `socialworkbook run --all` in a fresh process (it must succeed); its CPU
    seconds (user + system, the notebooks' workers included) go to `CPU`."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    done = subprocess.run(
        _cli(lib, "run", "--all", "--data-root", str(data), "--out", str(out), "--quiet"),
        env=_env(lib),
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    CPU.append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
    if done.returncode:
        raise SystemExit(f"run --all failed:\n{done.stdout[-2000:]}\n{done.stderr[-2000:]}")
    return wall


def first_line(lib: Path, data: Path, out: Path) -> float:
    """Seconds from starting `socialworkbook run --all` to its first line of output."""
    started = time.perf_counter()
    proc = subprocess.Popen(
        _cli(lib, "run", "--all", "--data-root", str(data), "--out", str(out)),
        env=_env(lib),
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    proc.stdout.readline()
    seconds = time.perf_counter() - started
    proc.communicate()
    return seconds


def change_one(data: Path, slugs: list[str]) -> str:
    """Take one client's last post out (new content, new size): its notebooks must re-run."""
    posts = data / slugs[0] / "posts.csv"
    rows = posts.read_text(encoding="utf-8").splitlines(keepends=True)
    posts.unlink()  # replaced, not written into (`make_copies`)
    posts.write_text("".join(rows[:-1]), encoding="utf-8")
    return slugs[0]


def timed(lib: Path, *args: str, repeat: int = 5) -> dict:
    """Median wall and CPU seconds (user + system) of `socialworkbook ARGS` in fresh processes."""
    walls, cpus = [], []
    for _ in range(repeat):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        started = time.perf_counter()
        done = subprocess.run(_cli(lib, *args), env=_env(lib), cwd=ROOT, capture_output=True)
        walls.append(time.perf_counter() - started)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpus.append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
        if done.returncode:
            raise SystemExit(f"socialworkbook {' '.join(args)} failed:\n{done.stderr[-2000:]}")
    return {"wall": statistics.median(walls), "cpu": statistics.median(cpus), "load": load()}


def load() -> str:
    return f"{os.getloadavg()[0]:.1f}"


def measure(lib: Path, source: Path, sizes: list[int], changed: bool) -> dict:
    """The figures of one code path: unchanged run at each size, one changed among the largest
    and that client's own run, first line of output, the commands that only look."""
    figures: dict = {}
    for n in sizes:
        with tempfile.TemporaryDirectory(prefix="swb-bench-incr-") as tmp:
            data, out, slugs = prepare(lib, source, Path(tmp), n)
            warm = run_all(lib, data, out)  # the first run after copying: stats recorded
            wall = run_all(lib, data, out)
            figures[n] = {"wall": wall, "cpu": CPU[-1], "load": load()}
            print(
                f"  {n:>5} clients: first run after the copy {warm:7.2f} s, unchanged "
                f"{wall:7.2f} s ({1000 * wall / n:6.1f} ms/client; CPU {CPU[-1]:.2f} s, "
                f"{1000 * CPU[-1] / n:.1f} ms/client), load {load()}",
                flush=True,
            )
            if changed and n == max(sizes):
                change_one(data, slugs)
                one = run_all(lib, data, out)
                figures["one changed"] = {"wall": one, "cpu": CPU[-1], "load": load()}
                print(f"  one client changed among {n}: {one:7.2f} s (CPU {CPU[-1]:.2f} s)")
    with tempfile.TemporaryDirectory(prefix="swb-bench-incr-") as tmp:
        data, out, slugs = prepare(lib, source, Path(tmp), 2)
        run_all(lib, data, out)
        starts = [first_line(lib, data, out) for _ in range(5)]
        figures["first line"] = {"wall": statistics.median(starts), "cpu": None, "load": load()}
        print(f"  first line of an unchanged run --all: {[round(s, 2) for s in starts]} s")
        where = ("--data-root", str(data))
        figures["--help"] = timed(lib, "--help")
        figures["list"] = timed(lib, "list", *where, "--out", str(out))
        figures["validate"] = timed(lib, "validate", slugs[0], *where)
        if changed:  # the same change, the client alone (with one peer): its own run time
            change_one(data, slugs)
            own = run_all(lib, data, out)
            figures["own"] = {"wall": own, "cpu": CPU[-1], "load": load()}
            print(f"  the changed client's own run: {own:7.2f} s (CPU {CPU[-1]:.2f} s)")
    if "own" in figures and "one changed" in figures:
        one, own = figures["one changed"], figures["own"]
        figures["overhead"] = {
            "wall": one["wall"] - own["wall"],
            "cpu": one["cpu"] - own["cpu"],
            "load": one["load"],
        }
    return figures


def _cell(figure: dict | None, per: int = 1) -> str:
    """`wall (CPU) @load`: seconds, or milliseconds per client when `per` clients."""
    if not figure:
        return "-"
    scale, digits = (1000 / per, 1) if per > 1 else (1, 2)
    cpu = "" if figure["cpu"] is None else f" ({figure['cpu'] * scale:.{digits}f})"
    return f"{figure['wall'] * scale:.{digits}f}{cpu} @{figure['load']}"


def table(now: dict, before: dict | None, rev: str | None, sizes: list[int]) -> None:
    """The figures side by side: wall (CPU) @ the 1-minute load average, and wall's ratio."""
    largest = max(sizes)
    rows = []
    for n in sizes:
        target = f"< {TARGET_SECONDS:.0f}" if n == largest else ""
        rows.append((f"unchanged run --all, {n} clients (s)", n, 1, target))
    for n in sizes:
        rows.append((f"  per client, {n} clients (ms)", n, n, "flat"))
    rows += [
        (f"one client changed among {largest} (s)", "one changed", 1, ""),
        ("  that client's own run (s)", "own", 1, ""),
        ("  overhead beyond its own run (s)", "overhead", 1, f"< {TARGET_SECONDS:.0f}"),
        ("first line of an unchanged run (s)", "first line", 1, f"< {TARGET_FIRST_LINE:.0f}"),
        ("socialworkbook --help (s)", "--help", 1, "< 1"),
        ("socialworkbook list (s)", "list", 1, "< 1"),
        ("socialworkbook validate CLIENT (s)", "validate", 1, "< 1"),
    ]
    title = f"before ({rev})" if rev else "before"
    print(f"| {'figure':40} | {'this tree':>22} | {title:>22} | {'ratio':>6} | {'target':>6} |")
    print(f"|{'-' * 42}|{'-' * 24}|{'-' * 24}|{'-' * 8}|{'-' * 8}|")
    for name, key, per, target in rows:
        mine, was = now.get(key), (before or {}).get(key)
        ratio = f"{was['wall'] / mine['wall']:.1f}x" if mine and was and mine["wall"] > 0 else "-"
        print(
            f"| {name:40} | {_cell(mine, per):>22} | {_cell(was, per):>22} | {ratio:>6} "
            f"| {target:>6} |"
        )
    print(
        "wall seconds (CPU seconds of the process and its children) @ the 1-minute load average "
        f"at the time, on {os.cpu_count()} cores; ratio: before's wall over this tree's"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="250,1000")
    parser.add_argument("--before", help="a commit whose library is measured side by side")
    parser.add_argument("--forge", nargs=2, metavar=("DATA", "OUT"), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.forge:
        forge(Path(args.forge[0]), Path(args.forge[1]))
        return 0
    sizes = [int(s) for s in args.sizes.split(",")]
    source = source_run()
    print(f"load average at the start: {os.getloadavg()} ({os.cpu_count()} cores)")
    print(f"this tree ({ROOT / 'lib'}):")
    now = measure(ROOT / "lib", source, sizes, changed=True)
    before = None
    if args.before:
        with tempfile.TemporaryDirectory(prefix="swb-bench-before-") as tmp:
            archive = subprocess.run(
                ["git", "archive", args.before, "lib"], cwd=ROOT, capture_output=True, check=True
            ).stdout
            subprocess.run(["tar", "-x", "-C", tmp], input=archive, check=True)
            print(f"commit {args.before} (its lib/):")
            before = measure(Path(tmp) / "lib", source, sizes, changed=True)
    print()
    table(now, before, args.before, sizes)
    print(f"load average at the end: {os.getloadavg()}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
