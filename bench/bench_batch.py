"""Batch-run benchmark: the hand-written CLI loop against the kit, side by side in one run.

For N clients (copies of the example clients) x every template:
(a) a loop calling the papermill CLI and then `jupyter nbconvert --to html` per notebook,
(b) the kit with --workers 1, (c) --workers 2, (d) an unchanged re-run (everything skipped).
Prints wall seconds, notebooks per minute, a/c and d/c, the floor ratio (c against the notebooks'
own cell seconds over the 2 workers) and the median per-notebook overhead (a notebook's wall
time minus the time its cells ran).

Then the cell seconds per template and per client of the two example clients (the notebooks' own
time, as their run.json records it; median of `--repeat` runs, the clients' score caches warm), with
`--before REV` beside those of commit REV's lib/ and templates/ (`git archive`, no worktree
touched), the two alternating on the same client copies so the machine's load hits both alike;
beside them the batch's ratios: (c) against the floor and (a) against (c), with `--before` also
those of REV's (c), run after this tree's on fresh copies of the same clients.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from socialworkbook.results import PUBLISH_ENV

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ("northwind-outdoor", "ledgerline")


def make_clients(data_root: Path, n: int) -> list[str]:
    """Copy the example clients into `data_root` as n clients."""
    slugs = []
    for i in range(n):
        source = EXAMPLES[i % len(EXAMPLES)]
        slug = f"{source}-{i:02d}"
        shutil.copytree(
            ROOT / "client_data" / source,
            data_root / slug,
            ignore=shutil.ignore_patterns(".cache", ".history"),
        )
        slugs.append(slug)
    return slugs


def naive_loop(slugs, data_root: Path, out: Path, templates) -> float:
    """(a) What a user writes by hand: papermill CLI, then nbconvert CLI, per notebook."""
    bin_dir = Path(sys.executable).parent
    env = os.environ | {PUBLISH_ENV: "1"}  # the notebooks write their results, as in a batch
    started = time.perf_counter()
    for slug in slugs:
        run_dir = out / slug
        run_dir.mkdir(parents=True, exist_ok=True)
        for template in templates:
            target = run_dir / template.name
            subprocess.run(
                [
                    str(bin_dir / "papermill"),
                    str(template),
                    str(target),
                    "-p",
                    "client",
                    slug,
                    "-p",
                    "data_root",
                    str(data_root),
                    "-p",
                    "output_dir",
                    str(run_dir),
                    "--no-progress-bar",
                ],
                check=True,
                capture_output=True,
                env=env,
            )
            subprocess.run(
                [str(bin_dir / "jupyter"), "nbconvert", "--to", "html", "--no-input", str(target)],
                check=True,
                capture_output=True,
            )
    return time.perf_counter() - started


def kit_run(slugs, data_root: Path, out: Path, workers: int) -> tuple[float, list[dict]]:
    """(b)-(d) The kit's runner; returns wall seconds and the notebooks' records."""
    from socialworkbook.run.runner import run_batch

    started = time.perf_counter()
    report = run_batch(slugs, data_root=data_root, out=out, workers=workers, quiet=True)
    wall = time.perf_counter() - started
    if report.exit_code:
        raise SystemExit(f"kit run failed: {report.failures[:3]}")
    records = []
    for slug in slugs:
        for run_json in (out / slug).glob("*/run.json"):
            records.extend(json.loads(run_json.read_text())["templates"].values())
    return wall, records


def kit_run_of(source: Path, slugs, data_root: Path, out: Path, workers: int):
    """(c) with `source`'s lib/ and templates/ in a fresh process: wall seconds and records."""
    code = (
        "import json, sys, time; from socialworkbook.run.runner import run_batch; "
        "t = time.perf_counter(); "
        "r = run_batch(sys.argv[4:], data_root=sys.argv[1], out=sys.argv[2], "
        f"workers=int(sys.argv[3]), quiet=True, templates_dir={str(source / 'templates')!r}); "
        "print(json.dumps(time.perf_counter() - t)); sys.exit(r.exit_code)"
    )
    env = os.environ | {"PYTHONPATH": str(source / "lib")}
    done = subprocess.run(
        [sys.executable, "-c", code, str(data_root), str(out), str(workers), *slugs],
        check=True,
        env=env,
        capture_output=True,
        text=True,
    )
    records = []
    for slug in slugs:
        for run_json in (out / slug).glob("*/run.json"):
            records.extend(json.loads(run_json.read_text())["templates"].values())
    return float(done.stdout.strip().splitlines()[-1]), records


def floor_of(records) -> float:
    """The notebooks' own cell seconds over the 2 workers: what no runner can go below."""
    return sum(r["cell_seconds"] for r in records if r.get("cell_seconds") is not None) / 2


def before_tree(before: str, tmp: Path) -> Path:
    """Commit `before`'s lib/ and templates/ under `tmp`/before (`git archive`)."""
    archive = subprocess.run(
        ["git", "archive", before, "lib", "templates"], cwd=ROOT, capture_output=True, check=True
    ).stdout
    (tmp / "before").mkdir()
    subprocess.run(["tar", "-x", "-C", str(tmp / "before")], input=archive, check=True)
    return tmp / "before"


def cell_seconds(source: Path, data_root: Path, out: Path) -> dict[str, dict[str, float]]:
    """Run the example clients (--workers 1, --force) with `source`'s lib/ and templates/ in a
    fresh process; {client: {template: cell seconds}} from the run.json records."""
    code = (
        "import sys; from socialworkbook.run.runner import run_batch; "
        "r = run_batch(sys.argv[3:], data_root=sys.argv[1], out=sys.argv[2], workers=1, "
        f"quiet=True, force=True, templates_dir={str(source / 'templates')!r}); "
        "sys.exit(r.exit_code)"
    )
    env = os.environ | {"PYTHONPATH": str(source / "lib")}
    subprocess.run(
        [sys.executable, "-c", code, str(data_root), str(out), *EXAMPLES], check=True, env=env
    )
    found: dict[str, dict[str, float]] = {}
    for slug in EXAMPLES:
        for run_json in (out / slug).glob("*/run.json"):
            records = json.loads(run_json.read_text())["templates"]
            found[slug] = {name: r.get("cell_seconds") or 0.0 for name, r in records.items()}
    return found


def cells_table(before: str | None, repeat: int, ratios: dict | None = None) -> None:
    """Cell seconds per template and client, this tree beside commit `before` (if given), then
    `ratios` ({tree: {row label: value}}, the batch's floor and naive-loop ratios) beside them."""
    with tempfile.TemporaryDirectory(prefix="swb-bench-cells-") as tmp:
        tmp = Path(tmp)
        data_root = tmp / "client_data"
        data_root.mkdir()
        for slug in EXAMPLES:  # with their score caches, as a monthly re-run finds them
            shutil.copytree(
                ROOT / "client_data" / slug,
                data_root / slug,
                ignore=shutil.ignore_patterns(".history"),
            )
        sources = {"now": ROOT}
        if before:
            sources = {"before": before_tree(before, tmp), "now": ROOT}
        if not any((data_root / slug / ".cache").is_dir() for slug in EXAMPLES):
            cell_seconds(ROOT, data_root, tmp / "warm-up")  # fills the clients' score caches
        runs: dict[str, list] = {name: [] for name in sources}
        for i in range(repeat):
            for name, source in sources.items():
                runs[name].append(cell_seconds(source, data_root, tmp / f"out-{name}-{i}"))
    templates = sorted({t for found in runs["now"] for c in found.values() for t in c})

    def median(name: str, slug: str, template: str | None) -> float:
        values = [
            sum(f[slug].values()) if template is None else f[slug].get(template, 0.0)
            for f in runs[name]
        ]
        return statistics.median(values)

    load = os.getloadavg()
    print(
        f"\ncell seconds per notebook, example clients, median of {repeat} runs "
        f"(load average {load[0]:.1f} / {load[1]:.1f} / {load[2]:.1f} on {os.cpu_count()} CPUs)\n"
    )
    columns = [(slug, name) for slug in EXAMPLES for name in sources]
    head = " | ".join(
        f"{slug[:10]} {name if not before or name == 'now' else before[:7]:>7}"
        for slug, name in columns
    )
    print(f"| {'template':26} | {head} |")
    print(f"|{'-' * 28}|" + "|".join("-" * 20 for _ in columns) + "|")
    for template in [*templates, None]:
        label = template or "per client (target <= 8)"
        cells = " | ".join(f"{median(name, slug, template):18.2f}" for slug, name in columns)
        print(f"| {label:26} | {cells} |")
    for label in dict.fromkeys(row for tree in (ratios or {}).values() for row in tree):
        cells = " | ".join(
            f"{ratios[name][label]:17.2f}x" if label in ratios.get(name, {}) else f"{'-':>18}"
            for _, name in columns
        )
        print(f"| {label:26} | {cells} |")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--clients", type=int, default=12)
    parser.add_argument("--skip-naive", action="store_true", help="leave out (a): it takes minutes")
    parser.add_argument("--before", help="a commit whose cell seconds are measured side by side")
    parser.add_argument(
        "--repeat", type=int, default=3, help="runs per tree for cell seconds (0: no such table)"
    )
    parser.add_argument("--cells-only", action="store_true", help="only the cell seconds table")
    args = parser.parse_args()
    if args.cells_only:
        cells_table(args.before, args.repeat)
        return
    templates = sorted((ROOT / "templates").glob("[0-9][0-9]_*.ipynb"))
    with tempfile.TemporaryDirectory(prefix="swb-bench-") as tmp:
        tmp = Path(tmp)
        data_root = tmp / "client_data"
        slugs = make_clients(data_root, args.clients)
        n = len(slugs) * len(templates)
        rows = []
        if not args.skip_naive:
            rows.append(
                (
                    "(a) papermill CLI + nbconvert CLI loop",
                    naive_loop(slugs, data_root, tmp / "naive", templates),
                    None,
                )
            )
        wall_b, _ = kit_run(slugs, data_root, tmp / "w1", workers=1)
        rows.append(("(b) kit, --workers 1", wall_b, None))
        wall_c, records_c = kit_run(slugs, data_root, tmp / "w2", workers=2)
        rows.append(("(c) kit, --workers 2", wall_c, records_c))
        wall_d, _ = kit_run(slugs, data_root, tmp / "w2", workers=2)
        rows.append(("(d) kit, unchanged re-run", wall_d, None))
    print(f"\n{len(slugs)} clients x {len(templates)} templates = {n} notebooks\n")
    print(f"| {'configuration':40} | {'wall s':>8} | {'notebooks/min':>13} |")
    print(f"|{'-' * 42}|{'-' * 10}|{'-' * 15}|")
    for name, wall, _ in rows:
        print(f"| {name:40} | {wall:8.1f} | {60 * n / wall:13.1f} |")
    walls = {name[:3]: wall for name, wall, _ in rows}
    print()
    if "(a)" in walls:
        print(f"a/c = {walls['(a)'] / walls['(c)']:.1f}   (target >= 10)")
    print(f"d/c = {walls['(d)'] / walls['(c)']:.3f}   (target <= 0.05)")
    floor = floor_of(records_c)
    print(
        f"c / floor = {walls['(c)'] / floor:.2f}   (target <= 1.25; floor: the notebooks' "
        f"cell seconds over 2 workers, {floor:.1f} s; per client "
        f"{2 * floor / len(slugs):.1f} s, target <= 8)"
    )
    overheads = [
        r["seconds"] - r["cell_seconds"] for r in records_c if r.get("cell_seconds") is not None
    ]
    cells = [r["cell_seconds"] for r in records_c if r.get("cell_seconds") is not None]
    print(
        "median per-notebook overhead at 2 workers (notebook wall - cell time): "
        f"{statistics.median(overheads):.2f} s   (target <= 0.5)"
    )
    print(
        f"median cell time per notebook: {statistics.median(cells):.2f} s; "
        "batch wall x 2 workers / notebooks - median cell time: "
        f"{2 * walls['(c)'] / n - statistics.median(cells):.2f} s"
    )
    ratios = {"now": {"c / floor (target <= 1.25)": walls["(c)"] / floor}}
    if "(a)" in walls:
        ratios["now"]["a / c (target >= 10)"] = walls["(a)"] / walls["(c)"]
    if args.before:  # (c) of the commit `before`, on copies of the same clients
        with tempfile.TemporaryDirectory(prefix="swb-bench-before-") as tmp:
            tmp = Path(tmp)
            data_root = tmp / "client_data"
            slugs = make_clients(data_root, args.clients)
            wall, records = kit_run_of(
                before_tree(args.before, tmp), slugs, data_root, tmp / "c", 2
            )
        ratios["before"] = {"c / floor (target <= 1.25)": wall / floor_of(records)}
        if "(a)" in walls:
            ratios["before"]["a / c (target >= 10)"] = walls["(a)"] / wall
        print(f"(c) of {args.before}: {wall:.1f} s, floor {floor_of(records):.1f} s")
    if args.repeat:
        cells_table(args.before, args.repeat, ratios)


if __name__ == "__main__":
    main()
