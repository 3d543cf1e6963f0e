"""The run folder `<out>/<client>/<period-slug>/`: its layout, its records and the latest run.

Every name of a run folder is spelled here once (as cookiecutter-data-science's `config.py` names
every location), and every read and write of run.json and results.json goes through here:

```
<out>/<client>/<period-slug>/
    NN_name.ipynb, NN_name.html   a template's executed notebook and its report (`notebook`,
                                  `report`; `reports` lists them)
    run.json                      the run's record (`RunRecord`; `read_record`, `write_record`)
    results.json                  the machine-readable figures (`read_results`, `write_results`)
    scored_mentions.csv           the client's mentions with their scores (`SCORED_MENTIONS`)
    .parts/NN_name.json           what each notebook recorded, merged into results.json (`PARTS`)
    .state/NN_name.json           each notebook's last record, for incremental runs (`read_states`)
    .staging/                     what a running notebook writes before it is renamed, and the
                                  figures a run's notebooks share (`STAGING`, `memo`)
    .gate.json                    the reports the last confidentiality check passed (`GATE`)
<out>/<client>/.current.json      what the last full read of the client folder gave, to know
                                  the next run current without reading it (`current_record`)
<out>/.index.json                 what the portfolio index was made of (`INDEX_MADE_OF`): an
                                  index made of the same is not written again
<out>/<client>/workbench/<period-slug>/
                                  `socialworkbook lab`'s copy of a period's notebooks (`workbench`):
                                  JupyterLab opens and saves these, never a run folder's own
<out>/<client>/.hidden/<period-slug>[.N]/
                                  a run taken off the client's history (`HIDDEN`; `hide_run`,
                                  `restore_run`, `hidden_runs`): kept, never deleted
```

A folder whose name starts with a dot is never a client nor a run: `read_runs` and `latest_run`
do not see a hidden run, so neither do the history page, the index, `list`, `share` nor `lab`.

"The latest run of a client" (`latest_run`) is the run folder whose run.json records the newest
`finished_at`; a run.json without a readable `finished_at` counts as finished when the file was
last written. `read_runs` reads every run folder of the output root once, for the benchmarks, the
history pages and the portfolio index.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import math
import os
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path

import orjson

from .catalogue import (
    BENCHMARKED,
    CONSTRUCTIVE_ACTIONS,
    CONSTRUCTIVE_ACTIONS_PER_DAY,
    GOALS_MET_SHARE,
    NET_SENTIMENT,
)
from .errors import RunFolderError
from .paths import check_slug, default_out_root
from .storage import storage_error, write_json, write_json_all

__all__ = [
    "net_sentiment_interval",
    "RUN_JSON",
    "RESULTS_JSON",
    "SCORED_MENTIONS",
    "PARTS",
    "STATE",
    "STAGING",
    "WORKBENCH",
    "STANDING_SHA256",
    "GATE",
    "INDEX_MADE_OF",
    "run_folder",
    "workbench",
    "published_run_of",
    "current_record",
    "notebook",
    "report",
    "reports",
    "Status",
    "TemplateRecord",
    "RunRecord",
    "read_record",
    "write_record",
    "read_states",
    "write_state",
    "read_results",
    "write_results",
    "write_results_all",
    "benchmark_figures",
    "benchmark_methods",
    "ESTIMATED",
    "AUTOMATIC",
    "Run",
    "read_run",
    "read_runs",
    "read_again",
    "latest_run",
    "HIDDEN",
    "hide_run",
    "restore_run",
    "hidden_runs",
]

RUN_JSON = "run.json"
RESULTS_JSON = "results.json"
SCORED_MENTIONS = "scored_mentions.csv"
PARTS = ".parts"
STATE = ".state"
STAGING = ".staging"
WORKBENCH = "workbench"
# The digest of the standing a board summary prints, in results.json's `benchmarks` section
# (written by `benchmarks.refresh`; a summary's record keeps the one it printed).
STANDING_SHA256 = "standing_sha256"
HIDDEN = ".hidden"
GATE = ".gate.json"
CURRENT = ".current.json"
INDEX_MADE_OF = ".index.json"
_REPORT = re.compile(r"[0-9][0-9]_.*\.html")


# ----------------------------------------------------------------------------- the layout


def run_folder(client: str, period_slug: str, out_root: Path | str | None = None) -> Path:
    """`<out>/<client>/<period-slug>/`, where a run writes its outputs (the slug is checked)."""
    root = Path(out_root) if out_root else default_out_root()
    return root / check_slug(client) / period_slug


def workbench(client: str, period_slug: str, out_root: Path | str | None = None) -> Path:
    """`<out>/<client>/workbench/<period-slug>/`, the lab's copy of a period's notebooks."""
    root = Path(out_root) if out_root else default_out_root()
    return root / check_slug(client) / WORKBENCH / period_slug


def published_run_of(path: Path | str) -> Path | None:
    """The run folder holding `path` (itself, or the nearest folder above with run.json), else None.

    What lies in a run folder (a hidden one too) was published and is never written again.
    """
    here = Path(path)
    for folder in (here, *here.parents):
        if (folder / RUN_JSON).is_file():
            return folder
    return None


def current_record(out_root: Path | str, client: str) -> Path:
    """`<out>/<client>/.current.json`: what the last full read of the client folder gave
    (`run.current`)."""
    return Path(out_root) / check_slug(client) / CURRENT


def notebook(run_dir: Path | str, template: str) -> Path:
    """The executed notebook of `template` in a run folder."""
    return Path(run_dir) / f"{template}.ipynb"


def report(run_dir: Path | str, template: str) -> Path:
    """The client-ready HTML report of `template` in a run folder."""
    return Path(run_dir) / f"{template}.html"


def reports(run_dir: Path | str) -> list[Path]:
    """The `NN_name.html` reports of a run folder, in template order."""
    folder = Path(run_dir)
    try:
        names = [entry.name for entry in os.scandir(folder)]
    except OSError:
        return []
    return [folder / name for name in sorted(names) if _REPORT.fullmatch(name)]


# ----------------------------------------------------------------------------- the records


class Status(StrEnum):
    """How a run, or one template of it, ended; run.json holds the value."""

    SUCCEEDED = "succeeded"
    FAILED = "failed"
    NOT_RUN = "not run"  # a template the batch did not run (yet)
    INVALID = "invalid"  # the client's inputs did not validate: nothing ran
    REFUSED = "refused"  # the client would not fit in memory: nothing ran
    UNKNOWN = "unknown"  # a run.json without a status


@dataclass
class TemplateRecord:
    """One template's record in run.json (and in its `.state/` file).

    `error` and `retried_after` are `{"kind", "cell", "ename", "evalue"}` (a storage error also
    names its "path"); `benchmarks_sha256` is set for a board summary (the `STANDING_SHA256` of
    the benchmarks it printed).
    """

    status: Status = Status.NOT_RUN
    template: str = ""
    template_version: str = ""
    seconds: float = 0.0
    cell_seconds: float | None = None
    attempts: int = 0
    error: dict | None = None
    retried_after: dict | None = None
    fingerprint: str = ""
    finished_at: str = ""
    benchmarks_sha256: str | None = None

    @property
    def succeeded(self) -> bool:
        return self.status == Status.SUCCEEDED

    def fail(self, error: dict) -> None:
        """Mark the template failed with `error`."""
        self.status, self.error = Status.FAILED, error

    def to_dict(self) -> dict:
        """The record as run.json holds it (a template not run: its status alone)."""
        if self.status == Status.NOT_RUN and not self.template:
            return {"status": self.status.value}
        shown = {"benchmarks_sha256": self.benchmarks_sha256} if self.benchmarks_sha256 else {}
        return shown | {
            "template": self.template,
            "template_version": self.template_version,
            "status": self.status.value,
            "seconds": self.seconds,
            "cell_seconds": self.cell_seconds,
            "attempts": self.attempts,
            "error": self.error,
            "retried_after": self.retried_after,
            "fingerprint": self.fingerprint,
            "finished_at": self.finished_at,
        }

    @classmethod
    def from_dict(cls, data: dict) -> TemplateRecord:
        """A record read from run.json; raises ValueError for an unknown status."""
        known = {f.name for f in dataclasses.fields(cls)}
        fields = {k: v for k, v in data.items() if k in known}
        return cls(**fields | {"status": Status(data.get("status", Status.NOT_RUN))})


@dataclass
class RunRecord:
    """A run's run.json: its status, when it finished, and a record per template.

    A run that executed has its client's name, period, versions and input hashes; an invalid or
    refused client has `problems` instead; `error` is a storage failure of the run's own files.
    """

    client: str = ""
    status: Status = Status.UNKNOWN
    finished_at: str = ""
    client_name: str | None = None
    period: str | None = None
    kit_version: str | None = None
    kit_fingerprint: str | None = None
    inputs_sha256: dict | None = None
    problems: list[str] | None = None
    templates: dict[str, TemplateRecord] = field(default_factory=dict)
    error: dict | None = None

    @property
    def succeeded(self) -> bool:
        return self.status == Status.SUCCEEDED

    def failed_templates(self) -> list[str]:
        """The templates that did not succeed, by name."""
        return sorted(name for name, rec in self.templates.items() if not rec.succeeded)

    def to_dict(self) -> dict:
        """The run.json object (the keys that are None are left out, as they always were)."""
        items = {
            "client": self.client,
            "client_name": self.client_name,
            "period": self.period,
            "status": self.status.value,
            "kit_version": self.kit_version,
            "kit_fingerprint": self.kit_fingerprint,
            "finished_at": self.finished_at,
            "inputs_sha256": self.inputs_sha256,
            "problems": self.problems,
            "templates": {name: rec.to_dict() for name, rec in self.templates.items()},
            "error": self.error,
        }
        return {k: v for k, v in items.items() if v is not None}

    @classmethod
    def from_dict(cls, data: dict) -> RunRecord:
        """A run.json object; raises ValueError (or TypeError) when it is not one."""
        known = {f.name for f in dataclasses.fields(cls)} - {"status", "templates"}
        fields = {k: v for k, v in data.items() if k in known}
        templates = data.get("templates") or {}
        templates = {name: TemplateRecord.from_dict(rec) for name, rec in templates.items()}
        status = Status(data.get("status", Status.UNKNOWN))
        return cls(**fields, status=status, templates=templates)


def read_record(run_dir: Path | str) -> RunRecord | None:
    """The run.json of a run folder, or None when it is missing or unreadable."""
    try:
        return RunRecord.from_dict(_read_json(Path(run_dir) / RUN_JSON))
    except (OSError, ValueError, TypeError, AttributeError):
        return None


def write_record(run_dir: Path | str, record: RunRecord) -> Path:
    """Write run.json atomically."""
    return write_json(Path(run_dir) / RUN_JSON, record.to_dict())


def read_states(
    run_dir: Path | str, names: Iterable[str] | None = None
) -> dict[str, TemplateRecord]:
    """Each template's last record (`.state/`), by name; an unreadable one is left out. Only
    the templates `names` when given (a batch reads the others' when it plans them)."""
    folder = Path(run_dir) / STATE
    if names is not None:
        paths = [folder / f"{name}.json" for name in names]
    elif folder.is_dir():
        paths = list(folder.glob("*.json"))
    else:
        return {}
    states = {}
    for path in paths:
        try:
            states[path.stem] = TemplateRecord.from_dict(_read_json(path))
        except (OSError, ValueError, TypeError, AttributeError):
            continue  # an unreadable state only means the notebook runs again
    return states


def write_state(run_dir: Path | str, record: TemplateRecord) -> Path:
    """Write a template's record to `.state/` atomically."""
    return write_json(Path(run_dir) / STATE / f"{record.template}.json", record.to_dict())


def read_results(run_dir: Path | str) -> dict | None:
    """The results.json of a run folder, or None when it is missing (ValueError when broken)."""
    path = Path(run_dir) / RESULTS_JSON
    return _read_json(path) if path.is_file() else None


def write_results(run_dir: Path | str, results: dict) -> Path:
    """Write results.json atomically."""
    return write_json(Path(run_dir) / RESULTS_JSON, results)


def write_results_all(contents: dict[Path, dict]) -> list[Path]:
    """Write the results.json of many run folders (by folder) atomically, all or none."""
    return write_json_all({Path(folder) / RESULTS_JSON: data for folder, data in contents.items()})


def _read_json(path: Path):
    with open(path, "rb") as handle:
        return orjson.loads(handle.read())  # a batch reads thousands: a fifth of json's cost


# ----------------------------------------------------------------------------- the runs


@dataclass
class Run:
    """One run folder as read: its run.json, its results.json and its reports' names.

    `record` is None when run.json is missing or unreadable, `results` None when results.json
    is missing; `client`, `peer_group`, `start`, `end` and `generated_at` come from results.json,
    and a run without a readable period there has no `start`.
    """

    folder: Path
    record: RunRecord | None
    results: dict | None
    reports: list[str]
    client: str = ""
    peer_group: str = ""
    start: dt.date | None = None
    end: dt.date | None = None
    generated_at: str = ""

    def __post_init__(self) -> None:
        try:
            period = self.results["period"]
            start = dt.date.fromisoformat(period["start"])
            end = dt.date.fromisoformat(period["end"])
            client = str(self.results["client"])
        except (KeyError, TypeError, ValueError):
            return
        self.start, self.end, self.client = start, end, client
        self.peer_group = self.results.get("peer_group") or ""
        self.generated_at = self.results.get("generated_at") or ""

    @functools.cached_property
    def figures(self) -> dict[str, float | None]:
        """This run's benchmarked figures (`benchmark_figures` of its results.json)."""
        return benchmark_figures(self.results or {})

    @functools.cached_property
    def methods(self) -> dict[str, str]:
        """How this run's figures that can be measured two ways were measured
        (`benchmark_methods` of its results.json)."""
        return benchmark_methods(self.results or {})

    @property
    def stale(self) -> list[str]:
        """The board summaries of this run whose standing is older than its benchmarks.

        A summary records the digest of the standing it printed (`benchmarks_sha256` in its
        run.json record), and the benchmark post-pass writes the current one in the section
        (`STANDING_SHA256`); when another client's re-run refreshed the benchmarks so that the
        standing reads differently, the summary shows the old one until it runs again. Summaries
        without that record (failed, or of a client without a peer group) are not listed.
        """
        if self.start is None or self.record is None:
            return []
        current = ((self.results or {}).get("benchmarks") or {}).get(STANDING_SHA256)
        return sorted(
            name
            for name, record in self.record.templates.items()
            if record.succeeded and record.benchmarks_sha256 not in (None, current)
        )

    @property
    def label(self) -> str:
        """The period's label (as results.json has it), else the folder's name."""
        return ((self.results or {}).get("period") or {}).get("label") or self.folder.name

    def overlap(self, start: dt.date, end: dt.date) -> int:
        """Days this run's period has in common with [start, end] (0 when none)."""
        return max(0, (min(self.end, end) - max(self.start, start)).days + 1)


def benchmark_figures(results: dict) -> dict[str, float | None]:
    """The benchmarked figures (`catalogue.BENCHMARKED`) of one results.json; None where absent.

    Net sentiment is the estimate from human labels where there is one, else the automatic
    (VADER) figure; constructive actions are per day of the period with posts (its days
    covered, `data_quality.posts.coverage`, else all its days; none without posts); goals met
    as a share (0-1); a figure of posts is the `_all` entry of the `posts` section.
    """
    sentiment = ((results.get("sentiment") or {}).get("_all")) or {}
    estimated = sentiment.get("estimated") or {}
    posts = ((results.get("posts") or {}).get("_all")) or {}
    goals = [g for g in results.get("goals") or [] if g.get("status")]
    actions = posts.get(CONSTRUCTIVE_ACTIONS)
    covered = (((results.get("data_quality") or {}).get("posts") or {}).get("coverage")) or {}
    days = (covered.get("period") or {}).get("days", _days(results.get("period") or {}))
    if posts.get("posts") == 0:  # no post in the period: no figure, never 0 a day
        actions = None
    derived = {
        NET_SENTIMENT: estimated.get(NET_SENTIMENT, sentiment.get(NET_SENTIMENT)),
        CONSTRUCTIVE_ACTIONS_PER_DAY: None if actions is None or not days else actions / days,
        GOALS_MET_SHARE: sum(g["status"] == "met" for g in goals) / len(goals) if goals else None,
    }
    return {key: derived[key] if key in derived else posts.get(key) for key in BENCHMARKED}


_Z = 1.959963984540054  # the 97.5% point of the standard normal


def net_sentiment_interval(entry: dict) -> tuple[float | None, float | None, float | None, str]:
    """Net sentiment, its 95% interval and the source ("estimated" or "automatic scores") of a
    results.json `sentiment` entry: every report's one interval of net sentiment.

    The estimate's own interval where labels gave one; else the Wald interval of the difference
    of two shares of one multinomial sample, 100 * (p - q) +- z * sqrt((p + q - (p - q)^2) / n),
    over the automatic (VADER) classes (mentions treated as independent).
    """
    estimated = entry.get("estimated") or {}
    if estimated.get("net_sentiment") is not None:
        return estimated["net_sentiment"], estimated["ci_low"], estimated["ci_high"], "estimated"
    n, value = entry.get("n") or 0, entry.get("net_sentiment")
    if not n or value is None:
        return None, None, None, ""
    p, q = entry["positive"] / n, entry["negative"] / n
    half = 100 * _Z * math.sqrt(max(p + q - (p - q) ** 2, 0.0) / n)
    return value, value - half, value + half, "automatic scores"


ESTIMATED = "estimate from mentions labelled by people"
AUTOMATIC = "automatic scores (VADER)"


def benchmark_methods(results: dict) -> dict[str, str]:
    """How the benchmarked figures of one results.json that can be measured two ways were:
    net sentiment -> `ESTIMATED` where `benchmark_figures` took the labelled estimate, else
    `AUTOMATIC` (only where the run has net sentiment). A figure is compared only with peers'
    figures of the same method."""
    sentiment = ((results.get("sentiment") or {}).get("_all")) or {}
    if (sentiment.get("estimated") or {}).get(NET_SENTIMENT) is not None:
        return {NET_SENTIMENT: ESTIMATED}
    if sentiment.get(NET_SENTIMENT) is not None:
        return {NET_SENTIMENT: AUTOMATIC}
    return {}


def _days(period: dict) -> int | None:
    try:
        start, end = dt.date.fromisoformat(period["start"]), dt.date.fromisoformat(period["end"])
    except (KeyError, TypeError, ValueError):
        return None
    return (end - start).days + 1


def read_runs(out_root: Path | str, client: str | None = None) -> list[Run]:
    """Every run folder `<client>/<period>/` with a run.json or a results.json, by path.

    Only `client`'s when given. Each file is read once (one directory listing per folder); a
    folder whose results.json cannot be parsed is left out (a run being written or broken
    counts on the next pass).
    """
    clients = [os.path.join(out_root, client)] if client else _subfolders(str(out_root))
    found = (read_run(folder) for client_dir in clients for folder in _subfolders(client_dir))
    return [run for run in found if run is not None]


def read_run(folder: Path | str) -> Run | None:
    """One run folder (see `read_runs`); None without either file, or with a broken results.json."""
    try:
        names = {entry.name for entry in os.scandir(folder)}
    except OSError:
        return None
    if RESULTS_JSON not in names and RUN_JSON not in names:
        return None
    try:
        results = _read_json(Path(folder, RESULTS_JSON)) if RESULTS_JSON in names else None
    except (OSError, ValueError):
        return None
    record = read_record(folder) if RUN_JSON in names else None
    shown = sorted(n for n in names if _REPORT.fullmatch(n))
    return Run(Path(folder), record, results, shown)


def read_again(runs: list[Run], folders: list[Path]) -> list[Run]:
    """`runs` with the run folders `folders` read again, in the order of `read_runs`.

    A batch reads the output root once, then only the run folders it wrote since.
    """
    again = {Path(folder): read_run(folder) for folder in folders}
    kept = [again.pop(run.folder, run) for run in runs]
    found = [run for run in [*kept, *again.values()] if run is not None]
    return sorted(found, key=lambda run: (str(run.folder.parent), str(run.folder)))


def latest_run(out_root: Path | str, client: str) -> Run | None:
    """The run of `client` whose run.json records the newest `finished_at`; None without one.

    A run.json without a readable `finished_at` (or unreadable itself) counts as finished when
    it was last written. A folder without run.json is not a run (the lab's workbench), nor is
    one whose results.json cannot be parsed (being written, or broken).
    """
    finished = [
        (_finished(run), run)
        for run in read_runs(out_root, client)
        if (run.folder / RUN_JSON).is_file()
    ]
    return max(finished, key=lambda pair: pair[0])[1] if finished else None


def _finished(run: Run) -> dt.datetime:
    """When a run finished: its run.json's `finished_at`, else the file's modification time."""
    try:
        when = dt.datetime.fromisoformat(run.record.finished_at)
        return when if when.tzinfo else when.replace(tzinfo=dt.UTC)
    except (AttributeError, TypeError, ValueError):
        mtime = (run.folder / RUN_JSON).stat().st_mtime
        return dt.datetime.fromtimestamp(mtime, dt.UTC)


def _subfolders(folder: str) -> list[str]:
    """The sub-folders of `folder`, by path; a hidden one (`.hidden`, `.git`) is left out."""
    try:
        return sorted(
            entry.path
            for entry in os.scandir(folder)
            if entry.is_dir() and not entry.name.startswith(".")
        )
    except OSError:
        return []


# ----------------------------------------------------------------------------- hidden runs


def hide_run(out_root: Path | str, client: str, period: str) -> Path:
    """Move `client`'s run of `period` (label or folder name) aside into `.hidden/`; its new path.

    Nothing is deleted: a second hidden run of the same period is kept as `<period-slug>.2`, ...

    Raises
    ------
    errors.RunFolderError
        When the client has no run of that period (the message lists the runs it has).
    errors.StorageError
        When the folder cannot be moved.
    """
    root = Path(out_root)
    source = run_folder(client, period.replace("..", "_to_"), root)
    if read_run(source) is None:
        shown = ", ".join(Path(run.folder).name for run in read_runs(root, client)) or "none"
        raise RunFolderError(
            f"{client} has no run of the period '{period}' in '{root}' (its runs: {shown})"
        )
    shelf = root / client / HIDDEN
    target, n = shelf / source.name, 1
    while target.exists():
        n += 1
        target = shelf / f"{source.name}.{n}"
    return _move(source, target)


def restore_run(out_root: Path | str, client: str, name: str) -> Path:
    """Move a hidden run (`name` as `hidden_runs` lists it) back into the history; its path.

    Raises
    ------
    errors.RunFolderError
        When no hidden run has that name (the message lists the hidden runs).
    errors.RunFolderError
        Also when a run of that period is in the history already (hide it first).
    errors.StorageError
        When the folder cannot be moved.
    """
    root = Path(out_root)
    check_slug(client)
    source = root / client / HIDDEN / name.replace("..", "_to_")
    if "/" in name or name.startswith(".") or read_run(source) is None:
        shown = ", ".join(run.folder.name for run in hidden_runs(root, client)) or "none"
        raise RunFolderError(f"{client} has no hidden run '{name}' (hidden runs: {shown})")
    target = root / client / re.sub(r"\.[0-9]+$", "", source.name)
    if target.exists():
        raise RunFolderError(
            f"{client} has a run of the period '{target.name}' in its history already: hide it "
            f"first (`socialworkbook history {client} --hide {target.name}`), then restore"
        )
    return _move(source, target)


def hidden_runs(out_root: Path | str, client: str) -> list[Run]:
    """The runs of `client` taken off its history, by folder name."""
    shelf = Path(out_root) / check_slug(client) / HIDDEN
    found = (read_run(folder) for folder in _subfolders(str(shelf)))
    return [run for run in found if run is not None]


def _move(source: Path, target: Path) -> Path:
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        os.rename(source, target)
    except OSError as exc:
        raise storage_error(exc, target) from exc
    return target
