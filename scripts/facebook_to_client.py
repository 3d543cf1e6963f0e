#!/usr/bin/env python
"""Convert the UCI "Facebook metrics" data set into a client folder in the kit's own input format.

    python scripts/facebook_to_client.py OUT_DIR [--slug facebook-cosmetics] [--source CSV]

Writes `OUT_DIR/<slug>/` with client.yaml (period "2014", no baseline), ecosystem.csv (one
component, `facebook-page`), posts.csv (500 posts) and a short README.md. The source file,
`<project root>/tests/data/facebook_metrics/dataset_Facebook.csv` (a byte-identical copy; Moro,
Rita & Vala 2016; UCI ML repository #368), is only read, never modified.

Column mapping (source -> posts.csv):
    post_id      "fb-<row number>", row 1 = first data row of the source (the newest post)
    published_at rebuilt from Post Month, Post Weekday and Post Hour in 2014 (see below)
    post_type    Type                      likes     like
    comments     comment                   shares    share
    reach        Lifetime Post Total Reach impressions  Lifetime Post Total Impressions
    paid         Paid (1 / 0)              followers Page total likes (the page's likes when posted)
    category     Category (extra column, kept and ignored by the kit)
The six empty source cells (Paid 1, like 1, share 4) stay EMPTY: the kit reads empty counts as 0 and
counts them in its data-quality report. Every other value is written as the integer it is.

Dates. The source has no date, only month (1-12), weekday (1 = Sunday ... 7 = Saturday) and hour,
and its rows run from the newest post to the oldest. Walking the rows from the oldest (last row) to
the newest, each post gets the earliest 2014 date that (a) lies in its month, (b) falls on its
weekday and (c) is not earlier than the previous (older) post, where "the same day" is allowed only
when its hour is not earlier than that post's hour. The result keeps every row's month, weekday and
hour and runs in order; it is one plausible calendar, not the true one: it spans 2014-01-01 to
2014-12-24 and packs runs of same-weekday posts with rising hours into one day (the busiest day, a
Saturday in October, gets 13 posts; their `Page total likes` barely changes, which supports it).
If no such date exists (this data never needs it) the post falls back to the last matching weekday
of its month and `rebuild_dates` counts the fallback.

Import from tests (the scripts folder is not a package):
    spec = importlib.util.spec_from_file_location("fb", "scripts/facebook_to_client.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules["fb"] = module
    spec.loader.exec_module(module)
    module.convert(source, out_dir, "facebook-cosmetics")
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import io
import re
import sys
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parents[1]
DEFAULT_SOURCE = PROJECT_ROOT / "tests" / "data" / "facebook_metrics" / "dataset_Facebook.csv"
DEFAULT_SLUG = "facebook-cosmetics"
YEAR = 2014
SLUG = re.compile(r"^[a-z0-9][a-z0-9_-]{0,63}$")  # as in socialworkbook.vocab.SLUG

POST_COLUMNS = [
    "post_id",
    "component_id",
    "published_at",
    "post_type",
    "followers",
    "reach",
    "impressions",
    "likes",
    "comments",
    "shares",
    "paid",
    "category",
]
# posts.csv column <- source column (values copied as integers; empty stays empty)
MAPPING = {
    "followers": "Page total likes",
    "reach": "Lifetime Post Total Reach",
    "impressions": "Lifetime Post Total Impressions",
    "likes": "like",
    "comments": "comment",
    "shares": "share",
    "paid": "Paid",
    "category": "Category",
}

CLIENT_YAML = """\
# Real public data: the UCI "Facebook metrics" data set (500 posts of a cosmetics brand's Facebook
# page in 2014). Cite: Moro, S., Rita, P. & Vala, B. (2016), Predicting social media performance
# metrics and evaluation of the impact on brand building: a data mining approach, Journal of
# Business Research 69(9), 3341-3351, doi:10.1016/j.jbusres.2016.02.010 (UCI ML repository #368).
# Written by scripts/facebook_to_client.py; dates are rebuilt from month / weekday / hour.
name: "Facebook cosmetics brand (UCI Facebook metrics, 2014)"
industry: "Cosmetics (brand not named in the source)"
# Reporting period: the whole year of the data. No baseline: the data covers one year only.
period: "2014"
"""

ECOSYSTEM = [
    {
        "component_id": "facebook-page",
        "name": "Brand Facebook page",
        "component_type": "social_media_profile",
        "platform": "Facebook",
        "continuum_stage": "mass_market",
        "purposes": "talking",
        "business_functions": "marketing",
        "lifecycle_stages": "investigation",
        "audience": "customers;public",
        "owner": "",
        "status": "active",
        "url": "",
    }
]


def rebuild_dates(rows: list[dict[str, str]]) -> tuple[list[dt.datetime], int]:
    """Dates for rows listed newest first (see the module docstring); returns (dates, fallbacks)."""
    dates: list[dt.datetime | None] = [None] * len(rows)
    fallbacks = 0
    previous: dt.datetime | None = None
    for index in range(len(rows) - 1, -1, -1):
        month = int(rows[index]["Post Month"])
        weekday = int(rows[index]["Post Weekday"])  # 1 = Sunday ... 7 = Saturday
        hour = int(rows[index]["Post Hour"])
        python_weekday = (weekday - 2) % 7  # Monday = 0 ... Sunday = 6
        day = dt.date(YEAR, month, 1)
        if previous is not None and previous.date() > day:
            day = previous.date()
        chosen = None
        while day.month == month:
            if day.weekday() == python_weekday:
                moment = dt.datetime(day.year, day.month, day.day, hour)
                if previous is None or moment >= previous:
                    chosen = moment
                    break
            day += dt.timedelta(days=1)
        if chosen is None:
            fallbacks += 1
            day = dt.date(YEAR, month, 28)
            while day.month == month:
                day += dt.timedelta(days=1)
            day -= dt.timedelta(days=1)
            while day.weekday() != python_weekday:
                day -= dt.timedelta(days=1)
            chosen = dt.datetime(day.year, day.month, day.day, hour)
        dates[index] = chosen
        previous = chosen
    return [d for d in dates if d is not None], fallbacks


def _integer(text: str) -> str:
    """'12', '12.0' -> '12'; '' -> '' (an empty cell stays empty)."""
    text = text.strip()
    if text == "":
        return ""
    value = float(text)
    if value != int(value) or value < 0:
        raise ValueError(f"not a non-negative integer: {text!r}")
    return str(int(value))


def _csv(columns: list[str], rows: list[dict[str, str]]) -> bytes:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=columns, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue().encode("utf-8")


def convert(source: Path, out_dir: Path, slug: str = DEFAULT_SLUG) -> Path:
    """Write the client folder `out_dir/slug` from the source CSV; return the folder.

    Reads `source` only. Raises ValueError when the source does not look like the UCI file.
    """
    if not SLUG.match(slug):
        raise ValueError(
            f"'{slug}' is not a client slug: use 1-64 lower-case letters, digits, "
            "'-' or '_', starting with a letter or digit"
        )
    source, out_dir = Path(source), Path(out_dir)
    text = source.read_bytes().decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text, newline=""), delimiter=";"))
    needed = {"Type", "Post Month", "Post Weekday", "Post Hour", *MAPPING.values()}
    missing = needed - set(rows[0] if rows else ())
    if missing:
        raise ValueError(f"{source}: not the UCI Facebook metrics file (missing {sorted(missing)})")
    dates, _ = rebuild_dates(rows)
    posts = []
    for number, (row, moment) in enumerate(zip(rows, dates, strict=True), start=1):
        post = {
            "post_id": f"fb-{number}",
            "component_id": "facebook-page",
            "published_at": moment.strftime("%Y-%m-%dT%H:%M:%S"),
            "post_type": row["Type"].strip(),
        }
        post.update({column: _integer(row[name]) for column, name in MAPPING.items()})
        posts.append(post)
    folder = out_dir / slug
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "client.yaml").write_bytes(CLIENT_YAML.encode("utf-8"))
    (folder / "ecosystem.csv").write_bytes(_csv(list(ECOSYSTEM[0]), ECOSYSTEM))
    (folder / "posts.csv").write_bytes(_csv(POST_COLUMNS, posts))
    (folder / "README.md").write_text(
        "# Facebook cosmetics brand, 2014 (real public data)\n\n"
        'Converted by `scripts/facebook_to_client.py` from the UCI "Facebook metrics" data set '
        "(Moro, Rita & Vala 2016, doi:10.1016/j.jbusres.2016.02.010). 500 posts of one page; the "
        "publication dates are rebuilt from month, weekday and hour (one plausible calendar, see "
        "the script). Six source cells are empty and stay empty (read as 0 by the kit).\n",
        encoding="utf-8",
    )
    return folder


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out_dir", type=Path, help="data root to write the client folder into")
    parser.add_argument(
        "--slug", default=DEFAULT_SLUG, help=f"client slug (default {DEFAULT_SLUG})"
    )
    parser.add_argument(
        "--source",
        type=Path,
        default=DEFAULT_SOURCE,
        help="the UCI dataset_Facebook.csv (default: the copy in tests/data; any other copy, "
        "e.g. ../shared/data/facebook_metrics/dataset_Facebook.csv, works the same)",
    )
    args = parser.parse_args(argv)
    folder = convert(args.source, args.out_dir, args.slug)
    print(f"wrote {folder}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
