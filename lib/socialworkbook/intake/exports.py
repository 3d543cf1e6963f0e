"""Platform export files: each known format registered once, recognised by its header row.

A client hands over the files its platforms export (docs/importing.md lists them). Each format is
one `ExportFormat`, registered with `FORMATS.register` (as papermill registers its translators):
the headers that recognise it, which of its columns feed which column of the client's tables,
and its quirks (a description row under the header, a `Total` row, a metric-name line above a
`Date,Primary` header). `read_export` reads a file of any known format into an `Export`: rows in
the kit's columns, the rows dropped and why, and the export's date range from the file name.

Reading handles the quirks of EXPORTS.md: UTF-8 with or without BOM and UTF-16 with a `sep=,`
line; spreadsheets (.xls and .xlsx) through pandas with the calamine engine; counts written
`1.2K`, `18,400`, `"29.0"` or `"-"` (not measured); US, ISO and text dates, and dates without a
year (the year comes from the range in the file name); Unicode "mathematical bold" text folded
with NFKC. A count a format does not export is left blank (not measured), never 0.
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import io
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from ..errors import ImportFormatError

__all__ = [
    "ExportFormat",
    "Formats",
    "FORMATS",
    "Export",
    "Dropped",
    "read_export",
    "parse_count",
    "parse_when",
    "export_range",
    "fold_text",
]

_SPREADSHEETS = (".xls", ".xlsx", ".xlsm")
_HEADER_SCAN = 6  # rows searched for a header (a note and a metric-name line come before it)
_MAPPED_SCAN = 30  # listening tools put a block of report details above their header


@dataclass(frozen=True)
class ExportFormat:
    """One platform export: how it is recognised and what each of its columns becomes.

    `signature`: headers (compared case-insensitively) that must all be in the header row.
    `columns`: a kit column -> the export's headers that may hold it, the first present wins;
    a kit column none of whose headers is present is not measured (blank). `table` is "posts"
    or "metrics". For "metrics", `columns` maps metric keys to headers; a `Date,Primary` file
    (`metric_line`) takes its metric from the line above the header instead.
    """

    key: str
    name: str
    platform: str
    table: str
    signature: tuple[str, ...]
    columns: dict[str, tuple[str, ...]]
    id_column: str = ""
    date_column: str = ""
    text_columns: tuple[str, ...] = ()
    description_row: bool = False
    total_row: bool = False
    metric_line: bool = False
    id_pattern: str = ""  # where the id column holds a link: the post id inside it
    paid_column: str = ""  # a column telling paid (`paid_values`) from organic posts
    paid_values: tuple[str, ...] = ("sponsored", "paid", "boosted")


class Formats:
    """The registry of export formats: `register` one `ExportFormat` per key."""

    def __init__(self) -> None:
        self._formats: dict[str, ExportFormat] = {}

    def register(self, fmt: ExportFormat) -> ExportFormat:
        """Add `fmt`; a key registered twice is an error."""
        if fmt.key in self._formats:
            raise ValueError(f"export format {fmt.key!r} is registered already")
        self._formats[fmt.key] = fmt
        return fmt

    def __iter__(self) -> Iterator[ExportFormat]:
        return iter(self._formats.values())

    def __getitem__(self, key: str) -> ExportFormat:
        return self._formats[key]

    def recognise(self, header: list[str]) -> ExportFormat | None:
        """The format whose signature the header row holds (the most specific one), else None."""
        seen = {_norm(h) for h in header}
        found = [f for f in self if all(_norm(s) in seen for s in f.signature)]
        return max(found, key=lambda f: len(f.signature), default=None)

    def names(self) -> list[str]:
        return [f.name for f in self]


FORMATS = Formats()
_register = FORMATS.register

# --- posts -----------------------------------------------------------------------------------

_register(ExportFormat(
    "meta_facebook_posts", "Facebook posts (Meta Business Suite)", "facebook", "posts",
    ("Post ID", "Page ID", "Publish time", "Reactions"),
    {"post_type": ("Post type",), "reach": ("Reach",), "impressions": ("Views",),
     "likes": ("Reactions",), "comments": ("Comments",), "shares": ("Shares",),
     "video_views": ("3-second video views",), "clicks": ("Total clicks",)},
    id_column="Post ID", date_column="Publish time", text_columns=("Title", "Description"),
))  # fmt: skip
_register(ExportFormat(
    "meta_instagram_posts", "Instagram posts (Meta Business Suite)", "instagram", "posts",
    ("Post ID", "Account ID", "Publish time", "Likes"),
    {"post_type": ("Post type",), "reach": ("Reach",), "impressions": ("Views",),
     "likes": ("Likes",), "comments": ("Comments",), "shares": ("Shares",), "saves": ("Saves",)},
    id_column="Post ID", date_column="Publish time", text_columns=("Description",),
))  # fmt: skip
_register(ExportFormat(
    "facebook_insights_posts", "Facebook Insights post export (legacy)", "facebook", "posts",
    ("Post ID", "Posted", "Lifetime Post Total Reach"),
    {"post_type": ("Type",), "reach": ("Lifetime Post Total Reach",),
     "impressions": ("Lifetime Post Total Impressions",),
     "likes": ("Lifetime Talking About This (Post) by action type - like",),
     "comments": ("Lifetime Talking About This (Post) by action type - comment",),
     "shares": ("Lifetime Talking About This (Post) by action type - share",),
     "clicks": ("Lifetime Post Consumptions",)},
    id_column="Post ID", date_column="Posted", text_columns=("Post Message",),
    description_row=True,
))  # fmt: skip
_register(ExportFormat(
    "x_tweet_activity", "X tweet activity (legacy)", "x", "posts",
    ("Tweet id", "time", "impressions", "retweets"),
    {"impressions": ("impressions",), "likes": ("likes", "favorites"),
     "comments": ("replies",), "shares": ("retweets",), "clicks": ("url clicks",),
     "video_views": ("media views",)},
    id_column="Tweet id", date_column="time", text_columns=("Tweet text",),
))  # fmt: skip
_register(ExportFormat(
    "x_content_analytics", "X content analytics", "x", "posts",
    ("Post id", "Date", "Impressions", "Reposts"),
    {"impressions": ("Impressions",), "likes": ("Likes",), "comments": ("Replies",),
     "shares": ("Reposts",), "clicks": ("URL Clicks",), "saves": ("Bookmarks",)},
    id_column="Post id", date_column="Date", text_columns=("Post text",),
))  # fmt: skip
_register(ExportFormat(
    "linkedin_update_engagement", "LinkedIn content workbook (older, Update engagement)",
    "linkedin", "posts",
    ("Created date", "Update title", "Update link", "Impressions"),
    {"impressions": ("Impressions",), "likes": ("Likes",),
     "comments": ("Comments",), "shares": ("Shares",), "clicks": ("Clicks",),
     "video_views": ("Video views",)},
    id_column="Update link", date_column="Created date", text_columns=("Update title",),
    id_pattern=r"(urn:li:[A-Za-z]+:\d+)", paid_column="Update type",
))  # fmt: skip
_register(ExportFormat(
    "linkedin_all_posts", "LinkedIn content workbook (newer, All posts)", "linkedin", "posts",
    ("Post title", "Post link", "Created date", "Impressions"),
    {"post_type": ("Content Type",), "impressions": ("Impressions",),
     "likes": ("Likes",), "comments": ("Comments",), "shares": ("Reposts",),
     "clicks": ("Clicks",), "video_views": ("Views (excluding off-site video views)",)},
    id_column="Post link", date_column="Created date", text_columns=("Post title",),
    id_pattern=r"(urn:li:[A-Za-z]+:\d+)", paid_column="Post type",
))  # fmt: skip
_register(ExportFormat(
    "youtube_table_data", "YouTube Studio table data", "youtube", "posts",
    ("Content", "Video title", "Video publish time", "Views"),
    {"impressions": ("Impressions",), "video_views": ("Views",), "likes": ("Likes",),
     "comments": ("Comments added",), "shares": ("Shares",)},
    id_column="Content", date_column="Video publish time", text_columns=("Video title",),
    total_row=True,
))  # fmt: skip
_register(ExportFormat(
    "tiktok_content", "TikTok Studio content", "tiktok", "posts",
    ("Video title", "Video link", "Post time", "Total views"),
    {"video_views": ("Total views",), "likes": ("Total likes",),
     "comments": ("Total comments",), "shares": ("Total shares",)},
    id_column="Video link", date_column="Post time", text_columns=("Video title",),
    id_pattern=r"/video/(\d+)",
))  # fmt: skip

# --- page-level daily files (into metrics) ---------------------------------------------------

_register(ExportFormat(
    "meta_page_daily", "Meta Business Suite page daily file (Date, Primary)", "facebook",
    "metrics", ("Date", "Primary"), {}, date_column="Date", metric_line=True,
))  # fmt: skip
_register(ExportFormat(
    "x_account_overview", "X account overview", "x", "metrics",
    ("Date", "Impressions", "New follows", "Unfollows"),
    {"impressions": ("Impressions",), "new_followers": ("New follows",),
     "unfollows": ("Unfollows",), "profile_visits": ("Profile visits",),
     "video_views": ("Video views",)},
    date_column="Date",
))  # fmt: skip
_register(ExportFormat(
    "tiktok_overview", "TikTok Studio Overview", "tiktok", "metrics",
    ("Date", "Video Views", "Profile Views"),
    {"video_views": ("Video Views",), "profile_visits": ("Profile Views",)},
    date_column="Date",
))  # fmt: skip
_register(ExportFormat(
    "tiktok_follower_history", "TikTok Studio FollowerHistory", "tiktok", "metrics",
    ("Date", "Followers", "Difference in followers from previous day"),
    {"followers": ("Followers",)}, date_column="Date",
))  # fmt: skip
_register(ExportFormat(
    "linkedin_new_followers", "LinkedIn followers workbook (New followers)", "linkedin",
    "metrics", ("Date", "Organic followers", "Total followers"),
    {"new_followers": ("Total followers",)}, date_column="Date",
))  # fmt: skip

# The metric-name line of a Meta `Date,Primary` file -> the metric it is (first match wins).
_META_DAILY = (
    ("follower", "followers"),
    ("page likes", "followers"),
    ("follows", "new_followers"),
    ("unfollows", "unfollows"),
    ("reach", "page_reach"),
    ("visits", "profile_visits"),
    ("views", "page_views"),
    ("impressions", "page_views"),
)


@dataclass(frozen=True)
class Dropped:
    """A row of an export left out, and why (`row` counts the file's lines from 1)."""

    row: int
    reason: str


@dataclass
class Export:
    """One export file read: its format, rows in the kit's columns, and what was dropped."""

    path: Path
    format: ExportFormat
    rows: pd.DataFrame
    read: int
    dropped: list[Dropped] = field(default_factory=list)
    range: tuple[dt.date, dt.date] | None = None
    measured: tuple[str, ...] = ()

    @property
    def export_date(self) -> dt.date:
        """The export's date: the end of its range in the file name, else the file's date."""
        if self.range is not None:
            return self.range[1]
        return dt.date.fromtimestamp(self.path.stat().st_mtime)


# --- values ----------------------------------------------------------------------------------

_NOT_MEASURED = {"", "-", "--", "n/a", "na", "null", "none"}
_SUFFIX = {"k": 1_000, "m": 1_000_000, "b": 1_000_000_000}
_COUNT = re.compile(r"^([0-9][0-9,]*(?:\.[0-9]+)?|\.[0-9]+)\s*([kmb])?$", re.I)


def parse_count(text: object) -> int | None:
    """A count as exports write it: `1.2K`, `18,400`, `"29.0"`; None for `-` or blank.

    Raises ValueError for anything else (a negative number, a word).
    """
    value = str(text if text is not None else "").strip().strip('"').strip()
    if value.lower() in _NOT_MEASURED or value.lower() == "nan":
        return None
    match = _COUNT.match(value)
    if match is None:
        raise ValueError(f"{value!r} is not a count")
    number = float(match.group(1).replace(",", ""))
    if match.group(2):
        number *= _SUFFIX[match.group(2).lower()]
    return int(round(number))


def parse_number(text: object) -> float | None:
    """A daily value (may be a rate): like `parse_count` but keeps decimals."""
    value = str(text if text is not None else "").strip().strip('"').strip().rstrip("%")
    if value.lower() in _NOT_MEASURED or value.lower() == "nan":
        return None
    match = _COUNT.match(value)
    if match is None:
        raise ValueError(f"{value!r} is not a number")
    number = float(match.group(1).replace(",", ""))
    return number * _SUFFIX[match.group(2).lower()] if match.group(2) else number


_WITH_YEAR = (
    "%m/%d/%Y %H:%M",
    "%m/%d/%Y %I:%M:%S %p",
    "%m/%d/%Y %I:%M %p",
    "%m/%d/%Y %H:%M:%S",
    "%m/%d/%Y",
    "%Y-%m-%d %H:%M %z",
    "%Y-%m-%d %H:%M:%S %z",
    "%Y-%m-%d %H:%M:%S",
    "%Y-%m-%d %H:%M",
    "%Y-%m-%dT%H:%M:%S",
    "%Y-%m-%dT%H:%M",
    "%Y-%m-%d",
    "%a, %b %d, %Y",
    "%b %d, %Y",
    "%B %d, %Y",
    "%d %b %Y",
    "%d %B %Y",
)
_WITHOUT_YEAR = ("%B %d", "%b %d", "%m/%d", "%d %B", "%d %b")


def parse_when(text: object, span: tuple[dt.date, dt.date] | None) -> str:
    """A publish time or date as ISO 8601 text; a date without a year takes it from `span`.

    Raises ValueError when it is not a date, or has no year and `span` is None.
    """
    if isinstance(text, dt.datetime | pd.Timestamp):  # a date cell of a spreadsheet
        return _iso(pd.Timestamp(text).to_pydatetime())
    if isinstance(text, dt.date):
        return text.isoformat()
    value = " ".join(str(text if text is not None else "").strip().strip('"').split())
    if not value:
        raise ValueError("no date")
    for pattern in _WITH_YEAR:
        try:
            return _iso(dt.datetime.strptime(value, pattern))
        except ValueError:
            continue
    for pattern in _WITHOUT_YEAR:
        try:
            day = dt.datetime.strptime(f"{value} 2000", f"{pattern} %Y")  # 2000: leap year
        except ValueError:
            continue
        if span is None:
            raise ValueError(
                f"{value!r} has no year, and the file name does not give the range of the "
                "export. Fix: keep the file name the platform gave it, or add its range to "
                "the name, e.g. FollowerHistory_2026-07-01_2026-09-30.csv"
            )
        for year in sorted({span[1].year, span[0].year}, reverse=True):
            try:
                candidate = day.replace(year=year)
            except ValueError:  # 29 February
                continue
            if span[0] <= candidate.date() <= span[1]:
                return _iso(candidate)
        return _iso(day.replace(year=span[1].year))
    raise ValueError(f"{value!r} is not a date the kit reads")


def _iso(moment: dt.datetime) -> str:
    if moment.tzinfo is None and moment.time() == dt.time(0):
        return moment.date().isoformat()
    return moment.isoformat(timespec="minutes" if moment.second == 0 else "seconds")


def fold_text(text: object) -> str:
    """Text with Unicode compatibility forms (mathematical bold, full width) folded (NFKC)."""
    if text is None or (isinstance(text, float) and pd.isna(text)):
        return ""
    return " ".join(unicodedata.normalize("NFKC", str(text)).split())


_MONTHS = "Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec"
_META_DAY = rf"(?:{_MONTHS})-\d{{1,2}}-\d{{4}}"
_RANGES = (
    (
        re.compile(rf"((?:{_MONTHS})-\d{{1,2}}-\d{{4}})_((?:{_MONTHS})-\d{{1,2}}-\d{{4}})"),
        "%b-%d-%Y",
    ),
    (re.compile(r"(\d{4}-\d{2}-\d{2})(?:_|_to_|--)(\d{4}-\d{2}-\d{2})"), "%Y-%m-%d"),
    (re.compile(r"(?<!\d)(\d{8})_(\d{8})(?!\d)"), "%Y%m%d"),
)


def export_range(name: str) -> tuple[dt.date, dt.date] | None:
    """The date range an export's file name gives (`Sep-01-2025_Sep-30-2025_...`,
    `..._20170401_20170430_en.csv`, `..._2026-07-01_2026-07-31.csv`), else None."""
    for pattern, spec in _RANGES:
        match = pattern.search(name)
        if match:
            try:
                start, end = (dt.datetime.strptime(g, spec).date() for g in match.groups())
            except ValueError:
                continue
            return (start, end) if start <= end else (end, start)
    return None


# --- files -----------------------------------------------------------------------------------


def _norm(header: object) -> str:
    return " ".join(unicodedata.normalize("NFKC", str(header)).strip().strip('"').split()).lower()


def _decode(data: bytes) -> str:
    """The text of a CSV export: UTF-16 (BOM or NUL bytes), UTF-8 with or without BOM."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data.decode("utf-16")
    if data[1:2] == b"\x00" or b"\x00" in data[:200:2] and b"\x00" in data[1:200:2]:
        return data.decode("utf-16-le")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("latin-1")  # an old export in a Windows code page


def _csv_grid(path: Path) -> list[list[str]]:
    """The records of a CSV export; a quoted caption may span lines (one record, as Excel shows)."""
    text = _decode(path.read_bytes())
    first, newline, rest = text.partition("\n")
    delimiter = ","
    if first.strip().lower().startswith("sep="):
        delimiter = first.strip()[4:5] or ","
        text = newline + rest  # an empty first record keeps the row numbers of the file
    elif first.count("\t") > first.count(","):
        delimiter = "\t"
    return list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))


def _sheets(path: Path) -> list[tuple[str, list[list[str]]]]:
    """Every sheet of a file as rows of text cells (one unnamed sheet for a CSV)."""
    if path.suffix.lower() in _SPREADSHEETS:
        try:
            book = pd.read_excel(
                path, sheet_name=None, header=None, dtype=object, engine="calamine"
            )
        except Exception as exc:  # calamine raises its own error types
            raise ImportFormatError(
                f"{path}: cannot be read as a spreadsheet ({exc}). Fix: open it in Excel or "
                "LibreOffice and save it again as .xlsx, then import that file"
            ) from exc
        return [(str(name), _cells(frame)) for name, frame in book.items()]
    try:
        return [("", _csv_grid(path))]
    except (UnicodeDecodeError, csv.Error) as exc:
        raise ImportFormatError(
            f"{path}: cannot be read as a CSV file ({exc}). Fix: import the file exactly as the "
            "platform exported it"
        ) from exc


def _cells(frame: pd.DataFrame) -> list[list[object]]:
    return [
        ["" if (isinstance(v, float) and pd.isna(v)) or v is None else v for v in row]
        for row in frame.itertuples(index=False)
    ]


def read_export(path: Path | str) -> Export:
    """Read one export file of a known format into the kit's columns.

    Raises
    ------
    errors.ImportFormatError
        When the file is not of a format the kit knows (naming the formats and the header seen),
        or cannot be read.
    """
    path = Path(path)
    if not path.is_file():
        raise ImportFormatError(f"{path}: no such file. Fix: check the path")
    sheets = _sheets(path)
    for _, grid in sheets:
        for at, row in enumerate(grid[:_HEADER_SCAN]):
            fmt = FORMATS.recognise([str(c) for c in row])
            if fmt is not None:
                return _read(path, fmt, grid, at)
    seen = next((r for _, g in sheets for r in g[:_HEADER_SCAN] if any(str(c) for c in r)), [])
    known = "; ".join(FORMATS.names())
    header = ", ".join(str(c) for c in seen if str(c)) or "(empty file)"
    header = header if len(header) <= 400 else header[:400] + " ..."
    raise ImportFormatError(
        f"{path}: not an export the kit knows. Header seen: {header}. Formats known: {known}. "
        "Fix: import the platform's own export file unchanged, or map a listening tool's "
        "mentions file with --columns"
    )


def _read(path: Path, fmt: ExportFormat, grid: list[list[object]], at: int) -> Export:
    header = [_norm(c) for c in grid[at]]
    first = at + 1
    dropped: list[Dropped] = []
    if fmt.description_row and len(grid) > first:
        first += 1  # the row of descriptions under the names
    span = export_range(path.name)

    def position(names: tuple[str, ...]) -> int | None:
        return next((header.index(_norm(n)) for n in names if _norm(n) in header), None)

    def cell(row: list[object], index: int | None) -> object:
        return row[index] if index is not None and index < len(row) else ""

    date_at = position((fmt.date_column,))
    found = {column: position(names) for column, names in fmt.columns.items()}
    measured = tuple(c for c, i in found.items() if i is not None)
    records = []
    read = 0
    metric = _metric_of_line(path, grid, at) if fmt.metric_line else None
    for offset, row in enumerate(grid[first:]):
        line = first + offset + 1
        if not any(str(c).strip() for c in row):
            continue
        read += 1
        when_text = cell(row, date_at)
        if fmt.total_row and _norm(cell(row, 0)) == "total":
            dropped.append(Dropped(line, "the Total row of the export (a sum, not a post)"))
            continue
        try:
            when = parse_when(when_text, span)
        except ValueError as exc:
            dropped.append(Dropped(line, f"{fmt.date_column} {exc}"))
            continue
        if fmt.table == "metrics":
            records.extend(_metric_records(fmt, row, line, when, found, metric, cell, dropped))
            continue
        record = {"published_at": when}
        post_id = _post_id(fmt, cell(row, position((fmt.id_column,))))
        if not post_id:
            dropped.append(Dropped(line, f"no {fmt.id_column}"))
            continue
        record["post_id"] = post_id
        try:
            for column, index in found.items():
                if index is None:
                    continue
                value = cell(row, index)
                if column == "post_type":
                    record[column] = fold_text(value)
                else:
                    record[column] = parse_count(value)
        except ValueError as exc:
            dropped.append(Dropped(line, f"{fmt.columns[column][0]}: {exc}"))
            continue
        if fmt.paid_column and position((fmt.paid_column,)) is not None:
            paid = _norm(cell(row, position((fmt.paid_column,))))
            record["paid"] = "" if not paid else str(paid in fmt.paid_values).lower()
        texts = [fold_text(cell(row, position((t,)))) for t in fmt.text_columns]
        record["message"] = next((t for t in texts if t), "")
        records.append(record)
    rows = pd.DataFrame.from_records(records)
    return Export(path, fmt, rows, read, dropped, span, measured)


def _post_id(fmt: ExportFormat, value: object) -> str:
    """The platform's post id: as exported, or the id inside an exported link."""
    if isinstance(value, float) and value.is_integer():
        return f"{value:.0f}"
    text = str(value).strip().strip('"')
    found = re.search(fmt.id_pattern, text) if fmt.id_pattern and text else None
    return found.group(1) if found else text


def _metric_of_line(path: Path, grid: list[list[object]], at: int) -> str:
    """The metric of a `Date,Primary` file, from the metric-name line above its header."""
    line = " ".join(str(c) for c in grid[at - 1]).strip() if at > 0 else ""
    lowered = _norm(line)
    for words, metric in _META_DAILY:
        if words in lowered:
            return metric
    known = ", ".join(sorted({w for w, _ in _META_DAILY}))
    raise ImportFormatError(
        f"{path}: a daily page file whose metric line {line!r} is not one the kit maps "
        f"(it maps lines naming: {known}). Fix: leave this file out, or add its values to "
        "the metrics table by hand"
    )


def _metric_records(fmt, row, line, when, found, metric, cell, dropped) -> list[dict]:
    sources = (
        {metric: 1} if metric is not None else {m: i for m, i in found.items() if i is not None}
    )
    out = []
    for name, index in sources.items():
        try:
            value = parse_number(cell(row, index))
        except ValueError as exc:
            dropped.append(Dropped(line, f"{name}: {exc}"))
            continue
        if value is not None:
            out.append({"date": when[:10], "metric": name, "value": value})
    return out


def read_columns(path: Path | str, mapping: dict[str, str]) -> tuple[pd.DataFrame, int]:
    """A listening tool's mentions file read through `mapping` (kit column -> its header).

    Returns the rows (kit columns, text as in the file) and the number of rows read.

    Raises
    ------
    errors.ImportFormatError
        When a mapped header is not in the file.
    """
    path = Path(path)
    if not path.is_file():
        raise ImportFormatError(f"{path}: no such file. Fix: check the path")
    _, grid = _sheets(path)[0]
    wanted = {_norm(h) for h in mapping.values()}
    at = next(
        (i for i, r in enumerate(grid[:_MAPPED_SCAN]) if wanted <= {_norm(c) for c in r}), None
    )
    if at is None:
        header = next((r for r in grid[:_HEADER_SCAN] if any(str(c) for c in r)), [])
        missing = sorted(wanted - {_norm(c) for c in header})
        raise ImportFormatError(
            f"{path}: --columns names header(s) {', '.join(missing)} that the file does not "
            f"have (its header: {', '.join(str(c) for c in header)}). Fix: spell each "
            "NAME=HEADER as the file's header row does"
        )
    header = [_norm(c) for c in grid[at]]
    numbered = [
        (at + 2 + i, r) for i, r in enumerate(grid[at + 1 :]) if any(str(c).strip() for c in r)
    ]
    rows = [r for _, r in numbered]
    where = {column: header.index(_norm(h)) for column, h in mapping.items()}
    frame = pd.DataFrame(
        {column: [r[i] if i < len(r) else "" for r in rows] for column, i in where.items()}
    )
    frame.index = [line for line, _ in numbered]
    return frame, len(rows)
