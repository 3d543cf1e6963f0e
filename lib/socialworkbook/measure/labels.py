"""Human labels of mentions: the `labels` table and the random samples drawn for it.

`draw_sample` draws a seeded simple random sample of the client's own mentions not yet labelled
(or sampled), stratified by period and baseline (and by component when asked), appends the rows
to the `labels` table with `sample` set and `label` empty, and records the design in the client
folder's `samples.json` (`SAMPLES_FILE`): per stratum its span, component, the frame (the mention
ids it was drawn from, their count and SHA-256) and the ids drawn. The labels table is saved
through `editing.TableEdit.save` (lock, conflict check, validation, history); samples.json is
written atomically with its previous version kept under `.history/`.

Draws of one stratum chain up: a draw whose frame is exactly the previous frame minus what that
draw took continues it, and the two together are one simple random sample of the first frame.
A frame that differs (mentions added, or labelled by hand, in between) starts a new chain;
`estimate` then counts the earlier chain's labels as known values.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
import secrets
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
from filelock import FileLock

from .. import intake, vocab
from ..errors import WorkbookError
from ..intake import editing
from ..model import Client
from ..periods import Period
from ..storage import atomic_write_bytes, storage_error, write_json

__all__ = [
    "SAMPLES_FILE",
    "DEFAULT_N",
    "COLUMNS",
    "Stratum",
    "Drawn",
    "own_mentions",
    "read_design",
    "strata",
    "draw_sample",
    "frame_sha256",
    "CHANGES_FILE",
    "record_change",
    "read_changes",
    "skipped",
]

SAMPLES_FILE = vocab.SAMPLES_FILE
DEFAULT_N = 200
"""Mentions drawn per stratum when `--n` is not given."""
COLUMNS = ("mention_id", "label", "sample", "labelled_by", "labelled_at")
LABELS = ("positive", "neutral", "negative")
CHANGES_FILE = "labels-changes.csv"
"""The labelling widget's log under `.history/`: one appended line per label or skip."""
_CHANGE_COLUMNS = ("changed_at", "mention_id", "sample", "change", "label_before", "changed_by")
SKIP = "skip"


@dataclass(frozen=True)
class Stratum:
    """A span of days (a period or baseline) and, when stratified by component, a component."""

    start: str
    end: str
    component: str | None = None

    @property
    def key(self) -> str:
        span = f"{self.start}..{self.end}"
        return span if self.component is None else f"{span} / {self.component or '(none)'}"

    def members(self, mentions: pd.DataFrame) -> pd.DataFrame:
        """The rows of `mentions` inside this stratum."""
        days = mentions["published_at"].dt.normalize()
        inside = (days >= pd.Timestamp(self.start)) & (days <= pd.Timestamp(self.end))
        if self.component is not None:
            inside &= mentions["component_id"] == self.component
        return mentions[inside]


@dataclass(frozen=True)
class Drawn:
    """What `draw_sample` did: the sample id, seed, and per stratum frame size and n drawn."""

    sample: str
    seed: int
    strata: list[dict]
    file: str

    @property
    def n(self) -> int:
        return sum(s["drawn"] for s in self.strata)


def own_mentions(client: Client) -> pd.DataFrame:
    """The client's own mentions: brand empty or the client's own; never a competitor's."""
    mentions = client.table("mentions")
    own = {"", client.slug, client.config.brand.strip().lower()}
    brand = mentions["brand"].fillna("").astype(str).str.strip().str.lower()
    return mentions[brand.isin(own)]


def read_design(folder: Path | str) -> dict:
    """The client's samples.json (`{"samples": [...]}`; empty when no sample was drawn)."""
    path = Path(folder) / SAMPLES_FILE
    if not path.is_file():
        return {"samples": []}
    try:
        design = json.loads(path.read_text(encoding="utf-8"))
        assert isinstance(design.get("samples"), list)
    except (ValueError, AssertionError, AttributeError) as exc:
        raise WorkbookError(
            f"{path} cannot be read as the sample design ({exc}). Fix: restore it from "
            f"{editing.HISTORY_DIR}/ (the latest *-{SAMPLES_FILE}); without it no labelled "
            "sample gives an estimate."
        ) from exc
    return design


def strata(client: Client, *, by_component: bool = False) -> list[Stratum]:
    """The strata of a draw: the period and the baseline, each split by component if asked."""
    spans: list[Period] = [client.period] + ([client.baseline] if client.baseline else [])
    out = []
    mentions = own_mentions(client)
    for span in spans:
        start, end = span.start.isoformat(), span.end.isoformat()
        if by_component:
            whole = Stratum(start, end).members(mentions)
            out += [Stratum(start, end, c) for c in sorted(whole["component_id"].unique())]
        else:
            out.append(Stratum(start, end))
    return out


def frame_sha256(ids) -> str:
    """SHA-256 of a frame's mention ids, sorted, one per line."""
    return hashlib.sha256("\n".join(sorted(ids)).encode("utf-8")).hexdigest()


def draw_sample(
    client: Client,
    *,
    n: int = DEFAULT_N,
    seed: int | None = None,
    by_component: bool = False,
) -> Drawn:
    """Draw `n` mentions per stratum at random and append them to the client's labels table.

    The frame of a stratum is its own mentions (see `own_mentions`) that carry no human label
    and are in no earlier sample. Each stratum's draw uses its own random stream derived from
    `seed` and the stratum, so a draw is reproducible from the seed and the data. Rows are
    appended in the order drawn (a random order: labelling from the top labels a random part).

    Raises
    ------
    errors.WorkbookError
        When no stratum has a mention left to draw.
    errors.SaveConflictError
        When the labels table changed on disk while drawing (nothing is written).
    """
    if n < 1:
        raise WorkbookError(f"--n must be at least 1 (got {n}). Fix: e.g. --n {DEFAULT_N}")
    seed = secrets.randbelow(2**31) if seed is None else int(seed)
    folder = Path(client.folder)
    design = read_design(folder)
    _ensure_labels_sheet(folder)
    edit = editing.load_table(folder, "labels", slug=client.slug)
    taken = set(edit.frame["mention_id"]) if "mention_id" in edit.frame else set()
    mentions = own_mentions(client)
    labelled = set(mentions.loc[mentions["label"] != "", "mention_id"])
    sample_id = f"s{len(design['samples']) + 1}"
    records, rows = [], []
    for stratum in strata(client, by_component=by_component):
        frame = stratum.members(mentions)["mention_id"]
        frame = np.sort(frame[~frame.isin(taken | labelled)].to_numpy(dtype=str))
        rng = np.random.default_rng([seed, int(frame_sha256([stratum.key])[:8], 16)])
        drawn = frame[rng.permutation(len(frame))[:n]].tolist()
        records.append(
            {
                "start": stratum.start,
                "end": stratum.end,
                "component": stratum.component,
                "frame_size": len(frame),
                "frame_sha256": frame_sha256(frame),
                "drawn": len(drawn),
                "frame_ids": frame.tolist(),
                "drawn_ids": drawn,
            }
        )
        rows += drawn
    if not rows:
        raise WorkbookError(
            f"client '{client.slug}' has no unlabelled own mention left to draw in "
            f"{client.period.label}" + (f" or {client.baseline.label}" if client.baseline else "")
        )
    new = pd.DataFrame({c: "" for c in COLUMNS}, index=range(len(rows)))
    new["mention_id"], new["sample"] = rows, sample_id
    table = edit.frame.copy()
    for column in COLUMNS:
        if column not in table:
            table[column] = ""
    saved = edit.save(pd.concat([table, new], ignore_index=True))
    design["samples"].append(
        {
            "sample": sample_id,
            "seed": seed,
            "drawn_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
            "by_component": by_component,
            "n_per_stratum": n,
            "strata": records,
        }
    )
    _write_design(folder, design)
    summary = [{k: v for k, v in r.items() if not k.endswith("_ids")} for r in records]
    return Drawn(sample_id, seed, summary, saved.file if saved else edit.file)


def _make_folder(folder: Path) -> None:
    """Create `folder` (the client's edit history) if missing; a disk error names it."""
    try:
        folder.mkdir(exist_ok=True)
    except OSError as exc:
        raise storage_error(exc, folder) from exc


def _write_design(folder: Path, design: dict) -> None:
    """Write samples.json atomically, keeping the previous version under `.history/`."""
    path = folder / SAMPLES_FILE
    history = folder / editing.HISTORY_DIR
    _make_folder(history)
    with FileLock(history / ".lock"):
        if path.is_file():
            stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%S.%fZ")
            atomic_write_bytes(history / f"{stamp}-{SAMPLES_FILE}", path.read_bytes())
        write_json(path, design)


def _ensure_labels_sheet(folder: Path) -> None:
    """Give a workbook client a `labels` sheet with a drop-down of the three labels.

    A client without inputs.xlsx, or whose labels are already somewhere, is left as it is
    (a client without a workbook gets labels.csv on the first save).
    """
    from openpyxl import load_workbook
    from openpyxl.styles import Font
    from openpyxl.worksheet.datavalidation import DataValidation

    book_path = folder / vocab.WORKBOOK_FILE
    if not book_path.is_file() or intake.table_source(folder, "labels") is not None:
        return
    history = folder / editing.HISTORY_DIR
    _make_folder(history)
    with FileLock(history / ".lock"):
        old = book_path.read_bytes()
        book = load_workbook(io.BytesIO(old))
        sheet = book.create_sheet("labels")
        sheet.append(list(COLUMNS))
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        sheet.freeze_panes = "A2"
        sheet.column_dimensions["A"].width = 24
        sheet.column_dimensions["B"].width = 12
        choice = DataValidation(
            type="list",
            formula1='"' + ",".join(LABELS) + '"',
            allow_blank=True,
            showErrorMessage=True,
            errorTitle="Not a label",
            error="Choose positive, neutral or negative (or leave it empty).",
        )
        choice.add("B2:B1048576")
        sheet.add_data_validation(choice)
        buffer = io.BytesIO()
        book.save(buffer)
        stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%S.%fZ")
        atomic_write_bytes(history / f"{stamp}-{vocab.WORKBOOK_FILE}", old)
        atomic_write_bytes(book_path, buffer.getvalue())


# --- the labelling log ----------------------------------------------------------------------------


def record_change(
    folder: Path | str, mention_id: str, sample: str, change: str, before: str, by: str
) -> Path:
    """Append one line to `.history/labels-changes.csv`: a label given (`change` a label) or a
    mention skipped (`change` "skip"), with the label it had before; written atomically, under
    the client folder's edit lock. Each label is kept there, not a copy of the table per label.
    """
    history = Path(folder) / editing.HISTORY_DIR
    history.mkdir(exist_ok=True)
    path = history / CHANGES_FILE
    line = pd.DataFrame(
        [[dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ"), mention_id, sample, change,
          before, by]],
        columns=list(_CHANGE_COLUMNS),
    )  # fmt: skip
    with FileLock(history / ".lock"):
        old = path.read_bytes() if path.exists() else b""
        new = line.to_csv(index=False, header=not old, lineterminator="\n").encode("utf-8")
        return atomic_write_bytes(path, old + new)


def read_changes(folder: Path | str) -> pd.DataFrame:
    """The labelling log, oldest first (no rows when there is none)."""
    path = Path(folder) / editing.HISTORY_DIR / CHANGES_FILE
    if not path.exists():
        return pd.DataFrame(columns=list(_CHANGE_COLUMNS))
    return pd.read_csv(path, dtype=str, keep_default_na=False)


def skipped(folder: Path | str) -> list[str]:
    """The mentions whose last change in the log is a skip, in the order they were skipped."""
    changes = read_changes(folder)
    last = changes.groupby("mention_id", sort=False).tail(1)
    last = last[last["change"] == SKIP]
    return list(last.sort_values("changed_at", kind="stable")["mention_id"])
