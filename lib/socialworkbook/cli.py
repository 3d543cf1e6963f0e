"""The `socialworkbook` command and its sub-commands (`socialworkbook --help` lists them)."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from . import __version__
from .errors import WorkbookError
from .run.limits import DEFAULT_CELL_TIMEOUT

__all__ = ["main"]


def _cmd_init(args) -> int:
    from .run.workspace import init_workspace

    folder = init_workspace(args.folder)
    print(
        f"created the workspace {folder}: `cd {folder}` and `socialworkbook run --all` "
        "to run the example clients (its README.md says more)"
    )
    return 0


def _cmd_new(args) -> int:
    from .intake.scaffold import new_client

    folder = new_client(args.client, data_root=args.data_root)
    print(
        f"created {folder}: fill in client.yaml and ecosystem.csv (`socialworkbook docs "
        f"client-folder` explains every file), then `socialworkbook validate {args.client}`"
    )
    return 0


def _cmd_validate(args) -> int:
    from .intake import check_client

    status = 0
    for client in args.clients:
        problems, warnings = check_client(client, data_root=args.data_root)
        noted = f", {len(warnings)} warning(s)" if warnings else ""
        if problems:
            status = 1
            print(f"{client}: {len(problems)} problem(s){noted}")
            for problem in problems:
                print(f"  - {problem}")
        else:
            print(f"{client}: valid{noted}")
        for warning in warnings:
            print(f"  WARNING {warning}")
    return status


def _cmd_run(args) -> int:
    from .run.runner import list_clients, report_lines, run_batch

    if args.period and args.periods:
        print("pass --period or --periods, not both", file=sys.stderr)
        return 2
    clients = list_clients(args.data_root) if args.all else args.clients
    if not clients:
        print("no clients to run: name them or pass --all", file=sys.stderr)
        return 2
    only = [p.strip().zfill(2) for p in args.only.split(",")] if args.only else None
    report = run_batch(
        clients,
        period=args.period,
        periods=[p.strip() for p in args.periods.split(",") if p.strip()] if args.periods else None,
        baseline=args.baseline,
        data_root=args.data_root,
        out=args.out,
        workers=args.workers,
        only=only,
        force=args.force,
        failed=args.failed,
        cell_timeout=args.cell_timeout,
        scheduler=args.scheduler,
        quiet=args.quiet,
        allow_empty=args.allow_empty,
    )
    for line in report_lines(report):
        print(line)
    print(f"portfolio index: {report.index}")
    return report.exit_code


def _cmd_list(args) -> int:
    from .paths import default_out_root
    from .run.runner import list_clients
    from .runfolder import RUN_JSON, latest_run

    out = Path(args.out) if args.out else default_out_root()
    print(f"{'client':24} {'period':12} last run")
    for client in list_clients(args.data_root):
        period, status = _client_period(client, args.data_root), "never run"
        run = latest_run(out, client)
        if run is not None:
            record = run.record
            status = (
                f"{record.status} ({run.folder.name}, {record.finished_at})"
                if record
                else f"unreadable {RUN_JSON} ({run.folder.name})"
            )
        print(f"{client:24} {period:12} {status}")
    return 0


def _cmd_history(args) -> int:
    from .run import shelf

    if args.hide or args.restore:
        move = shelf.hide if args.hide else shelf.restore
        folder, pages = move(
            args.client, args.hide or args.restore, out=args.out, data_root=args.data_root
        )
        done = "hidden (kept in" if args.hide else "restored to"
        print(
            f"{args.client} {args.hide or args.restore}: {done} {folder}{')' if args.hide else ''}"
        )
        print(pages)
        return 0
    runs = shelf.shelf(args.client, out=args.out)
    print(f"{args.client}: in the history: {', '.join(runs.shown) or 'none'}")
    print(f"{args.client}: hidden: {', '.join(runs.hidden) or 'none'}")
    return 0


def _client_period(client: str, data_root) -> str:
    """client.yaml's period as written, '?' when unreadable (a listing shows invalid clients)."""
    from .intake import config_values
    from .paths import client_folder

    try:
        folder = client_folder(client, data_root)
    except WorkbookError:  # a folder whose name is not a client slug
        return "?"
    return str(config_values(folder).get("period", "?"))


def _cmd_check(args) -> int:
    from .publish.check import check_run_folder

    findings = check_run_folder(Path(args.folder), data_root=args.data_root, bundles=True)
    for finding in findings:
        print(f"LEAK {finding}")
    print("clean" if not findings else f"{len(findings)} problem(s)")
    return 1 if findings else 0


def _cmd_share(args) -> int:
    from .publish.share import share_bundle

    path = share_bundle(
        args.client,
        period=args.period,
        out=args.out,
        data_root=args.data_root,
        pdf=args.pdf,
        history=args.history,
    )
    print(f"share bundle: {path}")
    return 0


def _cmd_sample(args) -> int:
    from .intake import read_client
    from .measure.labels import draw_sample

    client = read_client(args.client, period=args.period, data_root=args.data_root)
    drawn = draw_sample(client, n=args.n, seed=args.seed, by_component=args.by_component)
    print(f"sample {drawn.sample} (seed {drawn.seed}): {drawn.n:,} mentions added to {drawn.file}")
    for stratum in drawn.strata:
        where = f"{stratum['start']}..{stratum['end']}"
        if stratum["component"] is not None:
            where += f" / {stratum['component'] or '(no component)'}"
        print(f"  {where}: {stratum['drawn']:,} of {stratum['frame_size']:,} unlabelled mentions")
    print("label them (positive, neutral, negative), then run the client again")
    return 0


def _cmd_import(args) -> int:
    from .intake.importing import import_files, parse_columns

    columns = parse_columns(args.columns) if args.columns is not None else None
    report = import_files(
        args.client,
        args.files,
        component=args.component,
        columns=columns,
        data_root=args.data_root,
    )
    for line in report.lines():
        print(line)
    return 0


def _cmd_lab(args) -> int:
    from .lab.jupyterlab import lab_session

    command, env, bench = lab_session(
        args.client,
        data_root=args.data_root,
        out=args.out,
        period=args.period,
        extra=getattr(args, "jupyter_options", []),
    )
    if bench.copied_from is not None:
        print(f"copied the notebooks of the published run {bench.copied_from} to {bench.folder}")
    if bench.kept:
        print(f"kept your own notebooks in {bench.folder}: {', '.join(bench.kept)}")
    print(f"opening {bench.folder / bench.first if bench.first else bench.folder}")
    print(" ".join(command))
    os.execvpe(command[0], command, env)
    return 0  # not reached


def _cmd_docs(args) -> int:
    from .paths import kit_docs_dir

    folder = kit_docs_dir()
    pages = {p.stem: p for p in sorted(folder.glob("*.md")) if p.stem != "README"}
    if args.page:
        name = Path(args.page).stem
        page = folder / "README.md" if name.lower() in ("readme", "index") else pages.get(name)
        if page is None:
            raise WorkbookError(
                f"no page '{args.page}' in the docs: the pages are {', '.join(pages)}"
            )
        print(page.read_text(encoding="utf-8"), end="")
        return 0
    print(f"the docs: {folder}")
    print(f"  start with {folder / 'README.md'}")
    for name, page in pages.items():
        print(f"  {name:<14} {_title(page)}")
    print("print one with `socialworkbook docs PAGE`, e.g. `socialworkbook docs client-folder`")
    return 0


def _title(page: Path) -> str:
    """The first heading of a docs page."""
    for line in page.read_text(encoding="utf-8").splitlines():
        if line.startswith("# "):
            return line[2:].strip()
    return ""


def _epilog() -> str:
    from .paths import kit_docs_dir

    return (
        "The docs (the client folder, importing exports, labelling, reading the reports):\n"
        f"  {kit_docs_dir()}\n"
        "`socialworkbook docs` lists the pages; `socialworkbook docs PAGE` prints one."
    )


def _use_workspace(folder: Path) -> None:
    """Make `folder` the workspace of this command and of every process it starts."""
    from .errors import WorkspaceError
    from .paths import WORKSPACE_ENV, is_workspace

    if not is_workspace(folder):
        raise WorkspaceError(
            f"--workspace '{folder}' is not a workspace (it has no client_data/ folder): "
            "create one with `socialworkbook init DIR`"
        )
    os.environ[WORKSPACE_ENV] = str(folder.resolve())


# Help of the options several commands share, written once (as seaborn's _docstrings.py does).
_HELP = {
    "--out": "output root (default: the workspace's notebooks/)",
    "--period": "override client.yaml's period, e.g. 2026-Q3",
}


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="socialworkbook",
        description=__doc__,
        epilog=_epilog(),
        formatter_class=argparse.RawDescriptionHelpFormatter,  # the docs' path on one line
    )
    parser.add_argument("--version", action="version", version=f"socialworkbook {__version__}")
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("init", help="create a workspace: example clients, templates, notebooks/")
    p.add_argument("folder", metavar="DIR", help="a new (or empty) folder")
    p.set_defaults(func=_cmd_init, workspace=None)

    def command(name, func, help_text):
        p = sub.add_parser(name, help=help_text, description=help_text)
        p.add_argument(
            "--workspace",
            metavar="DIR",
            help="the workspace to use (default: the current folder or the first above it "
            "that holds client_data/)",
        )
        p.add_argument(
            "--data-root", help="folder of client folders (default: the workspace's client_data/)"
        )
        p.set_defaults(func=func)
        return p

    p = command("new", _cmd_new, "scaffold client_data/CLIENT with documented starter files")
    p.add_argument("client")
    p = command("validate", _cmd_validate, "check a client's inputs; exit 1 on any problem")
    p.add_argument("clients", nargs="+", metavar="CLIENT")
    p = command("run", _cmd_run, "execute every template for clients into notebooks/")
    p.add_argument("clients", nargs="*", metavar="CLIENT")
    p.add_argument("--all", action="store_true", help="every client under the data root")
    p.add_argument("--period", help=_HELP["--period"])
    p.add_argument("--periods", help="run a series of periods, e.g. 2026-Q1,2026-Q2,2026-Q3")
    p.add_argument("--baseline", help="override client.yaml's baseline, e.g. 2026-Q2, or previous")
    p.add_argument("--out", help=_HELP["--out"])
    p.add_argument("--workers", type=int, help="parallel notebooks (default: number of cores)")
    p.add_argument("--only", help="template numbers, e.g. 01,03")
    p.add_argument("--force", action="store_true", help="re-run even unchanged notebooks")
    p.add_argument("--failed", action="store_true", help="re-run only what failed last time")
    p.add_argument(
        "--cell-timeout",
        type=int,
        default=DEFAULT_CELL_TIMEOUT,
        help="seconds a cell may run before it counts as hung (default: %(default)s)",
    )
    p.add_argument("--scheduler", help="Dask scheduler address, e.g. tcp://10.0.0.5:8786")
    p.add_argument("--quiet", action="store_true", help="print only failures and the index path")
    p.add_argument(
        "--allow-empty",
        action="store_true",
        help="run a period in which a client has no posts, no mentions and no metrics",
    )
    p = command("list", _cmd_list, "show clients with their period and last run status")
    p.add_argument("--out", help=_HELP["--out"])
    p = command(
        "history",
        _cmd_history,
        "list a client's periods; take one off its history (kept aside) or put it back",
    )
    p.add_argument("client")
    which = p.add_mutually_exclusive_group()
    which.add_argument("--hide", metavar="PERIOD", help="move the period's run aside, e.g. 2026-Q3")
    which.add_argument("--restore", metavar="NAME", help="put a hidden run back (see --list)")
    which.add_argument(
        "--list", action="store_true", help="the periods shown and hidden (the default)"
    )
    p.add_argument("--out", help=_HELP["--out"])
    p = command("check", _cmd_check, "confidentiality check of a run folder's reports and bundles")
    p.add_argument("folder")
    p = command("share", _cmd_share, "zip a client's HTML reports (and PDFs) for sending")
    p.add_argument("client")
    p.add_argument("--period")
    p.add_argument(
        "--pdf", action="store_true", help="add a PDF of every report and the client pack"
    )
    p.add_argument("--out", help=_HELP["--out"])
    p.add_argument(
        "--history", action="store_true", help="add the history page and every period's reports"
    )
    p = command("sample", _cmd_sample, "draw a random sample of mentions for people to label")
    p.add_argument("client")
    p.add_argument("--n", type=int, default=200, help="mentions per stratum (default: 200)")
    p.add_argument("--period", help=_HELP["--period"])
    p.add_argument("--seed", type=int, help="random seed (default: a new one, printed)")
    p.add_argument("--by-component", action="store_true", help="stratify by component too")
    p = command("import", _cmd_import, "read platform export files into a client's tables")
    p.add_argument("client", metavar="CLIENT")
    p.add_argument("files", nargs="+", metavar="FILE", help="export files (CSV, .xls, .xlsx)")
    p.add_argument("--component", metavar="ID", help="the ecosystem component the rows belong to")
    p.add_argument(
        "--columns",
        metavar="NAME=HEADER,...",
        help="read a listening tool's file into mentions, e.g. text=Message,published_at=Date",
    )
    p = sub.add_parser(
        "docs",
        help="where the docs are and their pages; or print one page",
        description="Where the kit's docs are and their pages; with PAGE, print that page.",
    )
    p.add_argument("page", nargs="?", metavar="PAGE", help="e.g. client-folder, reports")
    p.set_defaults(func=_cmd_docs, workspace=None)
    p = command(
        "lab",
        _cmd_lab,
        "start JupyterLab on a client's own copy of its period's notebooks (other options go to "
        "JupyterLab, e.g. --allow-root, --port=8899)",
    )
    p.add_argument("client", nargs="?")
    p.add_argument("--period", help=_HELP["--period"])
    p.add_argument("--out", help=_HELP["--out"])
    return parser


def main(argv: list[str] | None = None) -> int:
    """Entry point of the `socialworkbook` command; returns the exit status."""
    parser = _parser()
    args, unknown = parser.parse_known_args(argv)
    if unknown and args.func is not _cmd_lab:
        parser.parse_args(argv)  # the usual message and exit 2
    args.jupyter_options = unknown  # `lab` passes what it does not know on to JupyterLab
    try:
        if args.workspace:
            _use_workspace(Path(args.workspace))
        return args.func(args)
    except WorkbookError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
