#!/usr/bin/env python
"""Generate the two FICTIONAL example clients under `client_data/`.

    python scripts/make_examples.py            # (re)write the two folders under client_data/
    python scripts/make_examples.py --check    # exit 1 when the committed files differ
    python scripts/make_examples.py --out DIR  # write the two client folders under DIR instead

Each client's story is data, `scripts/examples/<client>.toml`: its components, how each posts,
who says what where (the built-in shift as a mix that changes on a date), the metric series, the
OGST lines (targets set from the data by rule), functions and value scores. One seeded generator
(`build`) turns any story into the client folder; the only code per client writes the numbers of
its README. Edit a story, then regenerate. A story's `[labelled_sample]` draws a random sample with
the kit's own `sample` command (the kit's lib/ is imported for that alone) and labels it from each
mention's true class.

The output is seeded and deterministic: two runs give byte-identical files (the xlsx workbook is
written with fixed document properties and fixed zip timestamps). Nothing here reads the clock or
the environment. Standard library plus openpyxl (for ledgerline's `inputs.xlsx`), and the kit for
the labelled sample.

The data is built to illustrate the consulting method (see the "Stories and gaps" section of each
client's README, which this script writes from the same numbers):

- northwind-outdoor: outdoor-gear retailer, inputs as CSV files. A support change in the Trail
  Club customer community moves its positive share from ~45% (2026-Q2) to ~65% (2026-Q3); no
  listening post; value crowded at the mass-market end; HR in scope without an active component;
  ownerless components; a retired X account still carrying a goal; a value score the evidence
  contradicts (Pinterest).
- ledgerline: B2B accounting software, inputs in one `inputs.xlsx` workbook plus `mentions.csv`.
  Balanced continuum with listening (Brandwatch) and social CRM (Service Cloud); the purchase stage
  is served only by a planned component; a goal with no data; a behind lower-is-better goal; a
  bank-feed outage in August 2026 that shows up as a negative spike on X.

Text design: every mention is composed from sentence templates of a known intended sentiment class
(`template_class(text)` recovers it), decorated with @handles, URLs and hashtags that the kit must
strip before VADER scoring. Tests use `template_class` to check the built-in sentiment shift
without VADER.
"""

from __future__ import annotations

import argparse
import calendar
import csv
import datetime as dt
import functools
import io
import math
import random
import re
import sys
import textwrap
import tomllib
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parents[1]
DATA_ROOT = PROJECT_ROOT / "client_data"
CLIENTS = ("northwind-outdoor", "ledgerline")

# The example year, reporting period (2026-Q3) and baseline (2026-Q2).
YEAR_START = dt.date(2025, 10, 1)
YEAR_END = dt.date(2026, 9, 30)
PERIOD = (dt.date(2026, 7, 1), dt.date(2026, 9, 30))
BASELINE = (dt.date(2026, 4, 1), dt.date(2026, 6, 30))
MONTHS = [(2025, m) for m in (10, 11, 12)] + [(2026, m) for m in range(1, 10)]
SEED = 20260930

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
    "votes",
    "referrals",
    "clicks",
    "saves",
    "video_views",
    "paid",
]
COUNTS = POST_COLUMNS[4:15]
ECOSYSTEM_COLUMNS = [
    "component_id",
    "name",
    "component_type",
    "platform",
    "continuum_stage",
    "purposes",
    "business_functions",
    "lifecycle_stages",
    "audience",
    "owner",
    "status",
    "url",
]
OGST_COLUMNS = [
    "component_id",
    "objective",
    "goal",
    "metric",
    "target",
    "target_date",
    "baseline_value",
    "strategy",
    "tactics",
]
FUNCTION_COLUMNS = [
    "business_function",
    "business_objective",
    "social_objective",
    "activities",
    "metrics",
    "components",
]
MENTION_COLUMNS = ["mention_id", "published_at", "text", "component_id", "author", "brand", "label"]
METRIC_COLUMNS = ["date", "metric", "value", "component_id"]
DIMENSIONS = [
    "brand_awareness",
    "lead_generation",
    "direct_sales",
    "customer_advocacy",
    "customer_insight",
    "customer_retention",
]
CLASSES = ("positive", "neutral", "negative")
CONSTRUCTIVE = ("comments", "votes", "referrals")


# --------------------------------------------------------------------------------------------------
# Random helpers (one `random.Random` per client and table, seeded with a string: stable everywhere)


class Rng(random.Random):
    """`random.Random` with the few distributions the generator needs."""

    def lognormal(self, sigma: float) -> float:
        """A multiplicative noise factor with median 1."""
        return math.exp(self.gauss(0.0, sigma))

    def poisson(self, lam: float) -> int:
        if lam <= 0:
            return 0
        if lam > 40:
            return max(0, round(self.gauss(lam, math.sqrt(lam))))
        limit, k, p = math.exp(-lam), 0, 1.0
        while True:
            p *= self.random()
            if p <= limit:
                return k
            k += 1

    def pick(self, weights: dict[str, float]) -> str:
        keys = list(weights)
        return self.choices(keys, weights=[weights[k] for k in keys])[0]


def rng_for(client: str, table: str) -> Rng:
    return Rng(f"{SEED}:{client}:{table}")


def month_span(year: int, month: int) -> tuple[dt.date, dt.date]:
    return dt.date(year, month, 1), dt.date(year, month, calendar.monthrange(year, month)[1])


def year_fraction(day: dt.date) -> float:
    return (day - YEAR_START).days / (YEAR_END - YEAR_START).days


def random_moment(
    rng: Rng, start: dt.date, end: dt.date, hours: dict[int, float], weekend: float = 1.0
) -> dt.datetime:
    """A moment from `start` to `end` (inclusive), hour drawn from `hours`, weekends weighted."""
    days = [start + dt.timedelta(d) for d in range((end - start).days + 1)]
    day = rng.choices(days, weights=[weekend if d.weekday() >= 5 else 1.0 for d in days])[0]
    hour = int(rng.pick({str(h): w for h, w in hours.items()}))
    return dt.datetime(day.year, day.month, day.day, hour, rng.randrange(60))


B2C_HOURS = {
    7: 2,
    8: 3,
    9: 3,
    10: 3,
    11: 3,
    12: 5,
    13: 4,
    14: 3,
    15: 3,
    16: 3,
    17: 4,
    18: 6,
    19: 7,
    20: 7,
    21: 5,
    22: 3,
    23: 1,
}
B2B_HOURS = {
    7: 2,
    8: 5,
    9: 7,
    10: 7,
    11: 6,
    12: 4,
    13: 5,
    14: 6,
    15: 6,
    16: 5,
    17: 3,
    18: 2,
    19: 1,
    20: 1,
    21: 1,
}


# --------------------------------------------------------------------------------------------------
# Mention text: sentence templates with an intended class. `{p}` product, `{p2}` another product,
# `{b}` brand display name, `{s}` store city, `{c}` a competitor's display name.

TEMPLATES: dict[str, dict[str, list[str]]] = {
    # Northwind and its competitors: short, tweet-like sentences.
    "retail": {
        "positive": [
            "Love my new {p}, best purchase this year!",
            "The {p} kept me warm all weekend. Great quality.",
            "Really happy with the {p}. Comfortable from the very first mile.",
            "{p} is amazing, totally worth the money.",
            "Fast delivery and a perfect fit. Thank you {b}!",
            "Third season with my {p} and it still looks great.",
            "Excellent advice on sizing, the {p} fits perfectly.",
            "Beautiful design and solid build. Very impressed with the {p}.",
            "So glad I picked the {p}, awesome on the ridge today.",
        ],
        "negative": [
            "My {p} broke after two weeks. Really disappointed.",
            "Still waiting for my refund, terrible service.",
            "The {p} leaks in light rain. Awful.",
            "Zipper failed on the {p}, poor quality for the price.",
            "Delivery was late again and the box was damaged. Not happy.",
            "Wrong size sent twice, this is ridiculous.",
            "The sole of my {p} is already falling apart. Worst purchase this year.",
            "Overpriced and uncomfortable, sending the {p} back.",
            "Customer service ignored my email for a week. Very frustrating.",
            "Great, the zipper on my {p} broke on day one. Just perfect.",
        ],
        "neutral": [
            "Does the {p} come in size XL?",
            "What is the difference between the {p} and the {p2}?",
            "Ordered the {p} today, should arrive on Thursday.",
            "Anyone tested the {p} below minus ten?",
            "New colours of the {p} are on the website now.",
            "Which pack size do you use for a three day hut trip?",
            "How heavy is the {p} in grams?",
            "Comparing the {p} with the {p2} before our trip in August.",
            "Not sure the {p} is worth the price, any reviews?",
        ],
    },
    "retail_store": {
        "positive": [
            "Huge thanks to the team at the {s} store, super helpful and friendly.",
            "Best gear shop in town, the {s} staff really know their stuff.",
        ],
        "negative": [
            "Rude staff at the {s} store today. Never again.",
            "Waited forty minutes at the {s} store checkout. Terrible.",
        ],
        "neutral": [
            "Is the {s} store open on Sunday?",
            "Picked up the {p} at the {s} store this morning.",
            "Heading to the {s} store to try on the {p} tomorrow.",
        ],
    },
    # The Trail Club before and after the support change (Gear Experts answer within hours).
    "trail_club_before": {
        "positive": [
            "Thanks to the Trail Club I fixed my stove myself. Great community!",
            "Lovely trip reports in the Trail Club this week, so inspiring.",
        ],
        "negative": [
            "Asked about my {p} in the Trail Club three days ago and nobody has answered. "
            "So frustrating.",
            "Nobody from {b} replies in the community anymore, what a waste of time.",
            "Posted my warranty problem a week ago and it is still ignored. Disappointed.",
            "Slow and useless replies here, I will just call the hotline.",
        ],
        "neutral": [
            "Which sleeping pad do members use with the {p}?",
            "Gear Lab idea: a hip belt pocket on the {p}.",
            "Trip report from the Kungsleden is up in the routes section.",
        ],
    },
    "trail_club_after": {
        "positive": [
            "Got an answer from a Gear Expert within the hour, brilliant help!",
            "The new expert answers in the Trail Club are fantastic, problem solved.",
            "Super helpful reply from the {b} team about my {p}, thank you!",
            "Warranty sorted in one day through the community. Impressed!",
            "Thanks to the Trail Club I fixed my stove myself. Great community!",
        ],
        "negative": [
            "Gear Expert said the {p} is fine but it still leaks. Annoyed.",
            "Nobody from {b} replies in the community anymore, what a waste of time.",
        ],
        "neutral": [
            "Which sleeping pad do members use with the {p}?",
            "Gear Lab idea: a hip belt pocket on the {p}.",
            "Trip report from the Kungsleden is up in the routes section.",
        ],
    },
    "retail_support": {  # the retired X support handle: mostly complaints and order questions
        "positive": [
            "Thanks for sorting my return so quickly, great service.",
            "Quick and friendly answer from the support team, appreciated.",
        ],
        "negative": [
            "My order is two weeks late and nobody answers. Terrible.",
            "Third email about a broken {p}, still no reply. Awful service.",
            "Refund promised a month ago and still nothing. Very disappointed.",
        ],
        "neutral": [
            "Where can I track order 48213?",
            "Can I exchange the {p} in a store?",
            "DM sent about my order.",
        ],
    },
    # Ledgerline and its competitors.
    "software": {
        "positive": [
            "{p} in {b} saves me hours every month. Brilliant.",
            "Month-end close took one day instead of four with {b}. Love it.",
            "Great support chat today, my issue was sorted in ten minutes.",
            "The new {p} is excellent, clean and fast.",
            "Switched our practice to {b} last year and the team is much happier.",
            "{b} makes bookkeeping almost enjoyable. Great product.",
            "Really impressed with {p}, it just works.",
            "Thanks {b} team, super helpful as always!",
        ],
        "negative": [
            "{p} broke again after the update. So frustrating.",
            "My ticket was closed again and the bug is still there. Awful experience.",
            "The price increase is ridiculous for small firms. Disappointed.",
            "Sync errors everywhere since Monday, this is a mess.",
            "Worst onboarding I have ever had, nothing was explained.",
            "Lost a whole afternoon to a bug in {p}. Not happy.",
            "{p} is painfully slow today, hate it.",
            "Oh great, another update and {p} is gone. Thanks a lot.",
        ],
        "neutral": [
            "Does {b} handle {p} for Austrian VAT?",
            "Migrating our books from {c} to {b} next month.",
            "Webinar on {p} tomorrow at 3pm.",
            "Is there an API endpoint for {p}?",
            "Our firm is comparing {b} and {c} for next year.",
            "Where do I find the setting for {p}?",
            "Release notes for {p} are out.",
            "Quarter end next week, time to reconcile.",
            "No idea yet if {p} will cover our case, will ask support.",
        ],
    },
    "software_outage": {  # the fictional bank-feed outage, 2026-08-11..2026-08-14
        "positive": ["Bank feeds are back, thanks for the quick updates {b}. Great work."],
        "negative": [
            "Bank feeds down again, cannot reconcile anything at month end. Terrible timing.",
            "Is anyone else seeing failed bank feeds? Our whole team is stuck. Awful.",
            "Third day without bank feeds. Seriously angry, thinking about {c}.",
            "Outage on bank feeds and no status update. Unacceptable.",
        ],
        "neutral": ["Any ETA on the bank feeds fix?"],
    },
    "software_ideas": {
        "positive": [
            "Love that my idea for {p} shipped, thank you {b}!",
            "Great to see the roadmap shaped by users. Excellent.",
        ],
        "negative": [
            "My idea has had 300 votes for two years and it is still ignored. Disappointing.",
            "Ideas portal feels ignored, what a waste of time.",
        ],
        "neutral": [
            "Idea: bulk edit for {p}.",
            "Voted for the {p} export idea.",
            "Status of the idea about {p}?",
        ],
    },
}

# Long-form reviews: several sentences; the class is the majority of its sentences' classes.
LONG_SENTENCES: dict[str, dict[str, list[str]]] = {
    "retail": {
        "positive": [
            "I have used the {p} on four trips now, including a wet week in Lapland.",
            "It packs down small, the fabric feels tough and the fit is excellent.",
            "Setup is quick even in strong wind, and the vents work well.",
            "Customer service answered my sizing question the same day, very helpful.",
            "Overall a great buy and I would happily recommend it to friends.",
        ],
        "negative": [
            "After three days the seams started to leak and my gear got soaked.",
            "The return process was slow and nobody answered my emails.",
            "For this price I expected much better quality, very disappointing.",
            "I would not recommend it, a frustrating waste of money.",
            "The only downside is the hood, which is a bit too small.",
        ],
        "neutral": ["I bought the {p} for a two week trek in Norway in June."],
    },
    "software": {
        "positive": [
            "We moved our twelve-person practice to {b} in spring and onboarding took two weeks.",
            "The bank feeds are reliable and invoice matching saves our juniors real time.",
            "Support has been friendly and quick whenever we got stuck.",
            "Overall an excellent product that we are happy to recommend to clients.",
        ],
        "negative": [
            "Reports are slow on large files and the export still breaks the formatting.",
            "Support was polite but the bug took a month to fix, which hurt our close.",
            "For the price we expected far fewer problems, and we are disappointed.",
            "Hard to recommend it to other firms right now.",
        ],
        "neutral": ["We have used {b} for about two years with forty small clients."],
    },
}

_TEMPLATE_PATTERNS: list[tuple[re.Pattern[str], str]] | None = None


def _pattern(template: str) -> re.Pattern[str]:
    parts = re.split(r"(\{[a-z0-9]+\})", template)
    body = "".join(".+?" if re.fullmatch(r"\{[a-z0-9]+\}", p) else re.escape(p) for p in parts)
    return re.compile(body, re.IGNORECASE)


def template_class(text: str) -> str:
    """The sentiment class a mention was composed to carry, recovered from its wording.

    Each known sentence template found in `text` votes for its class; the majority wins (ties:
    neutral). Used by the tests to check the designed sentiment story without running VADER.
    """
    global _TEMPLATE_PATTERNS
    if _TEMPLATE_PATTERNS is None:
        seen: dict[str, str] = {}
        for pools in (*TEMPLATES.values(), *LONG_SENTENCES.values()):
            for cls, templates in pools.items():
                for template in templates:
                    seen.setdefault(template, cls)
        # Longest first, so that a sentence is not also counted through a shorter template.
        _TEMPLATE_PATTERNS = [
            (_pattern(t), c) for t, c in sorted(seen.items(), key=lambda x: -len(x[0]))
        ]
    votes = {c: 0 for c in CLASSES}
    rest = text
    for pattern, cls in _TEMPLATE_PATTERNS:
        found = pattern.search(rest)
        while found:
            votes[cls] += 1
            rest = rest[: found.start()] + " | " + rest[found.end() :]
            found = pattern.search(rest)
    if votes["positive"] > votes["negative"] and votes["positive"] > votes["neutral"]:
        return "positive"
    if votes["negative"] > votes["positive"] and votes["negative"] > votes["neutral"]:
        return "negative"
    return "neutral"


# --------------------------------------------------------------------------------------------------
# Writers


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return f"{value:g}" if abs(value) < 1e15 else str(int(value))
    if isinstance(value, dt.datetime):
        return value.strftime("%Y-%m-%dT%H:%M:%S")
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def csv_bytes(columns: list[str], rows: list[dict]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(columns)
    for row in rows:
        writer.writerow([_cell(row.get(c)) for c in columns])
    return buffer.getvalue().encode("utf-8")


FIXED_TIME = dt.datetime(2026, 10, 1, 9, 0, 0)


def xlsx_bytes(sheets: dict[str, tuple[list[str], list[dict]]]) -> bytes:
    """A workbook with one sheet per table, native cell types, byte-stable across runs."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook()
    book.remove(book.active)
    book.properties.creator = "socialworkbook scripts/make_examples.py"
    book.properties.title = "Ledgerline inputs (FICTIONAL example client)"
    book.properties.created = FIXED_TIME
    book.properties.modified = FIXED_TIME
    book.properties.lastModifiedBy = "socialworkbook"
    for name, (columns, rows) in sheets.items():
        sheet = book.create_sheet(name)
        sheet.append(columns)
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        for row in rows:
            values = []
            for c in columns:
                v = row.get(c)
                values.append(None if v == "" else v)
            sheet.append(values)
        sheet.freeze_panes = "A2"
        for index, c in enumerate(columns, start=1):
            width = max([len(c)] + [len(_cell(r.get(c))) for r in rows[:200]])
            sheet.column_dimensions[sheet.cell(1, index).column_letter].width = min(60, width + 2)
        for r_index in range(2, len(rows) + 2):
            for c_index in range(1, len(columns) + 1):
                cell = sheet.cell(r_index, c_index)
                if isinstance(cell.value, dt.datetime):
                    cell.number_format = "yyyy-mm-dd hh:mm"
                elif isinstance(cell.value, dt.date):
                    cell.number_format = "yyyy-mm-dd"
    raw = io.BytesIO()
    book.save(raw)
    # openpyxl stamps the save time into docProps/core.xml and every zip entry: pin both.
    stamp = FIXED_TIME.strftime("%Y-%m-%dT%H:%M:%SZ")
    out = io.BytesIO()
    with zipfile.ZipFile(raw) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            data = source.read(info.filename)
            if info.filename == "docProps/core.xml":
                data = re.sub(
                    rb"(<dcterms:(created|modified)[^>]*>)[^<]*(</dcterms:)",
                    lambda m: m.group(1) + stamp.encode() + m.group(3),
                    data,
                )
            entry = zipfile.ZipInfo(info.filename, date_time=(2026, 10, 1, 9, 0, 0))
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o600 << 16
            target.writestr(entry, data)
    return out.getvalue()


# --------------------------------------------------------------------------------------------------
# Posts


@dataclass
class PostPlan:
    """How one component posts: volume, audience growth and platform-typical rates (per reach)."""

    per_month: float
    followers: tuple[int, int]
    reach_of_followers: float
    types: dict[str, float]
    rates: dict[str, float]
    video_types: tuple[str, ...] = ()
    impressions: tuple[float, float] = (1.15, 1.6)
    sigma: float = 0.45
    paid_share: float = 0.0
    paid_boost: float = 3.0
    start: dt.date = YEAR_START
    end: dt.date = YEAR_END
    hours: dict[int, float] = field(default_factory=lambda: B2C_HOURS)
    weekend: float = 1.0
    season: dict[int, float] = field(default_factory=dict)
    lift: tuple[dt.date, float] | None = None  # from this date, member actions x this factor
    not_measured: tuple[str, ...] = ()  # counts the platform does not have: left blank


def plan_months(plan) -> Iterator[tuple[dt.date, dt.date, int, float]]:
    """The months a plan runs in: its first and last day in each, the month, the share of it."""
    for year, month in MONTHS:
        first, last = month_span(year, month)
        first, last = max(first, plan.start), min(last, plan.end)
        if first <= last:
            yield (
                first,
                last,
                month,
                ((last - first).days + 1) / calendar.monthrange(year, month)[1],
            )


def make_posts(client: str, prefix: str, plans: dict[str, PostPlan], blanks: int) -> list[dict]:
    rng = rng_for(client, "posts")
    drafts = []
    for component_id, plan in plans.items():
        carry = rng.random()  # posting follows a content calendar: near-regular monthly counts
        for first, last, month, share in plan_months(plan):
            carry += plan.per_month * share * plan.season.get(month, 1.0)
            count = max(0, int(carry + rng.uniform(-0.6, 0.6)))
            carry -= count
            for _ in range(count):
                moment = random_moment(rng, first, last, plan.hours, plan.weekend)
                drafts.append((moment, component_id, plan))
    drafts.sort(key=lambda d: (d[0], d[1]))
    rows = []
    for moment, component_id, plan in drafts:
        span = (plan.end - plan.start).days or 1
        grown = min(1.0, max(0.0, (moment.date() - plan.start).days / span))
        followers = round(plan.followers[0] + (plan.followers[1] - plan.followers[0]) * grown)
        post_type = rng.pick(plan.types)
        paid = rng.random() < plan.paid_share
        reach = followers * plan.reach_of_followers * rng.lognormal(plan.sigma)
        reach *= plan.paid_boost if paid else 1.0
        reach = max(12, round(reach))
        ratio = rng.uniform(*plan.impressions)
        if rng.random() < 0.006:  # a real-data quirk: lifetime impressions a little below reach
            ratio = rng.uniform(0.93, 0.99)
        row = {
            "component_id": component_id,
            "published_at": moment,
            "post_type": post_type,
            "followers": followers,
            "reach": reach,
            "impressions": round(reach * ratio),
            "paid": paid,
        }
        engaged = rng.lognormal(0.3)  # how well this post landed, shared by its engagement counts
        for column in ("likes", "comments", "shares", "votes", "referrals", "clicks", "saves"):
            rate = plan.rates.get(column, 0.0)
            if plan.lift and moment.date() >= plan.lift[0] and column in CONSTRUCTIVE:
                rate *= plan.lift[1]
            row[column] = round(reach * rate * engaged * rng.lognormal(0.25)) if rate else 0
            if column in plan.not_measured:
                row[column] = ""
        if post_type in plan.video_types:
            row["video_views"] = round(reach * rng.uniform(0.55, 1.35))
        else:
            row["video_views"] = 0
        rows.append(row)
    for number, row in enumerate(rows, start=1):
        row["post_id"] = f"{prefix}-p{number:04d}"
    # A handful of blank count cells, as exports have them (the kit reads them as 0, counts them).
    candidates = [
        (i, c)
        for i, r in enumerate(rows)
        for c in ("likes", "shares", "saves", "clicks")
        if r[c] != "" and r[c] > 0
    ]
    for index, column in rng.sample(candidates, blanks):
        rows[index][column] = ""
    return rows


def num(value: object) -> float:
    return 0.0 if value in ("", None) else float(value)


def in_span(moment: dt.datetime | dt.date, span: tuple[dt.date, dt.date]) -> bool:
    day = moment.date() if isinstance(moment, dt.datetime) else moment
    return span[0] <= day <= span[1]


def post_metric(posts: list[dict], component_id: str, metric: str, span=PERIOD) -> float | None:
    """A post metric of one component over a span, as CONTRACT.md section 3 defines it."""
    rows = [
        p for p in posts if p["component_id"] == component_id and in_span(p["published_at"], span)
    ]
    if not rows:
        return None
    total = {c: sum(num(r[c]) for r in rows) for c in COUNTS}
    engagements = total["likes"] + total["comments"] + total["shares"]
    values = {
        **total,
        "posts": len(rows),
        "conversation_rate": total["comments"] / len(rows),
        "amplification_rate": total["shares"] / len(rows),
        "applause_rate": total["likes"] / len(rows),
        "engagement_rate_reach": 100 * engagements / total["reach"],
        "engagement_rate_impressions": 100 * engagements / total["impressions"],
        "constructive_actions": total["comments"] + total["votes"] + total["referrals"],
        "followers": num(max(rows, key=lambda r: r["published_at"])["followers"]),
    }
    return values[metric]


# --------------------------------------------------------------------------------------------------
# Mentions


@dataclass
class MentionPlan:
    """Conversation about one brand on one component (or none): volume and sentiment mix by date."""

    component_id: str
    brand: str
    per_month: float
    mix: object  # dict[str, float] or a function date -> dict[str, float]
    pools: object  # list[str] of TEMPLATES keys, or a function date -> list[str]
    start: dt.date = YEAR_START
    end: dt.date = YEAR_END
    long_share: float = 0.04
    handle_share: float = 0.15
    season: dict[int, float] = field(default_factory=dict)
    growth: float = 0.25  # volume grows by this share over the year


@dataclass
class Voice:
    """How a client's conversation reads: names, handles, URLs, hashtags, author pool."""

    brand_names: dict[str, str]
    products: dict[str, list[str]]
    stores: list[str]
    handles: dict[str, list[str]]
    urls: list[str]
    hashtags: list[str]
    author_parts: tuple[list[str], list[str]]
    long_pool: str
    hours: dict[int, float]
    weekend: float


def _fill(rng: Rng, template: str, voice: Voice, brand: str, product: str | None = None) -> str:
    products = voice.products[brand]
    first = product or rng.choice(products)
    second = rng.choice([p for p in products if p != first] or products)
    competitors = [voice.brand_names[b] for b in voice.brand_names if b != brand]
    return template.format(
        p=first,
        p2=second,
        b=voice.brand_names[brand],
        s=rng.choice(voice.stores or ["city"]),
        c=rng.choice(competitors),
    )


def _authors(rng: Rng, voice: Voice, count: int) -> tuple[list[str], list[float]]:
    first, second = voice.author_parts
    names: list[str] = []
    while len(names) < count:
        name = f"@{rng.choice(first)}_{rng.choice(second)}"
        if rng.random() < 0.6:
            name += f"{rng.randrange(1, 99)}"
        if name not in names:
            names.append(name)
    weights = [1.0 / (rank + 20) for rank in range(count)]  # a few regulars, a long tail
    return names, weights


def make_mentions(
    client: str, prefix: str, plans: list[MentionPlan], voice: Voice, label_share: float
) -> tuple[list[dict], list[str]]:
    """Mention rows and, in parallel, the class each was composed to carry."""
    rng = rng_for(client, "mentions")
    authors, weights = _authors(rng, voice, 900)
    drafts = []
    for plan in plans:
        for first, last, month, share in plan_months(plan):
            volume = plan.per_month * share * plan.season.get(month, 1.0)
            volume *= 1 + plan.growth * year_fraction(first)
            moments = sorted(
                random_moment(rng, first, last, voice.hours, voice.weekend)
                for _ in range(rng.poisson(volume))
            )
            drafts += [
                (moment, plan, cls)
                for moment, cls in zip(moments, _quota_classes(rng, plan, moments), strict=True)
            ]
    drafts.sort(key=lambda d: (d[0], d[1].component_id, d[1].brand))
    rows, classes = [], []
    for moment, plan, cls in drafts:
        pools = plan.pools(moment.date()) if callable(plan.pools) else plan.pools
        if rng.random() < plan.long_share and cls != "neutral":
            text = _long_review(rng, voice, plan.brand, cls)
        else:
            pool = rng.choice([p for p in pools if TEMPLATES[p].get(cls)])
            text = _fill(rng, rng.choice(TEMPLATES[pool][cls]), voice, plan.brand)
            text = _decorate(rng, text, voice, plan)
        label = ""
        if rng.random() < label_share:
            label = cls if rng.random() < 0.88 else rng.choice([c for c in CLASSES if c != cls])
        rows.append(
            {
                "published_at": moment,
                "text": text,
                "component_id": plan.component_id,
                "author": rng.choices(authors, weights=weights)[0],
                "brand": plan.brand,
                "label": label,
            }
        )
        classes.append(cls)
    for number, row in enumerate(rows, start=1):
        row["mention_id"] = f"{prefix}-m{number:05d}"
    return rows, classes


def _quota_classes(rng: Rng, plan: MentionPlan, moments: list[dt.datetime]) -> list[str]:
    """Classes for one month of one plan, in the plan's mix as closely as whole mentions allow.

    Quota rather than independent draws: the designed story (a shift in one component, stability
    elsewhere) should not be drowned or faked by sampling noise in small monthly samples.
    """
    expected = dict.fromkeys(CLASSES, rng.random() * 0.5)
    given = dict.fromkeys(CLASSES, 0)
    picked = []
    for moment in moments:
        mix = plan.mix(moment.date()) if callable(plan.mix) else plan.mix
        total = sum(mix.values())
        for cls in CLASSES:
            expected[cls] += mix.get(cls, 0.0) / total
        cls = max(CLASSES, key=lambda c: expected[c] - given[c])
        given[cls] += 1
        picked.append(cls)
    rng.shuffle(picked)
    return picked


def _decorate(rng: Rng, text: str, voice: Voice, plan: MentionPlan) -> str:
    if rng.random() < plan.handle_share:
        text = f"{rng.choice(voice.handles[plan.brand])} {text}"
    if rng.random() < 0.06:
        text = f"{text} cc {rng.choice(voice.handles['_friends'])}"
    if rng.random() < 0.10:
        text = f"{text} {rng.choice(voice.urls)}{rng.randrange(16**5):05x}"
    if rng.random() < 0.18:
        text = f"{text} {rng.choice(voice.hashtags)}"
    return text


def _long_review(rng: Rng, voice: Voice, brand: str, cls: str) -> str:
    pools = LONG_SENTENCES[voice.long_pool]
    other = "negative" if cls == "positive" else "positive"
    sentences = [rng.choice(pools["neutral"])]
    sentences += rng.sample(pools[cls], 3)
    if rng.random() < 0.5:
        sentences.insert(rng.randrange(2, len(sentences) + 1), rng.choice(pools[other]))
    product = rng.choice(voice.products[brand])
    body = " ".join(_fill(rng, s, voice, brand, product) for s in sentences)
    stars = rng.choice([3, 4, 5] if cls == "positive" else [1, 2])
    return f"Review: {product} ({stars}/5). {body}"


def class_share(rows: list[dict], classes: list[str], component_id: str, span, cls="positive"):
    picked = [
        c
        for r, c in zip(rows, classes, strict=True)
        if r["component_id"] == component_id and in_span(r["published_at"], span)
    ]
    return (sum(c == cls for c in picked) / len(picked) if picked else None), len(picked)


def net_of(rows, classes, component_id, span) -> float:
    pos, n = class_share(rows, classes, component_id, span, "positive")
    neg, _ = class_share(rows, classes, component_id, span, "negative")
    return 100 * (pos - neg)


# --------------------------------------------------------------------------------------------------
# Metrics and goals


def monthly(rng: Rng, metric: str, component_id: str, values, digits: int = 0) -> list[dict]:
    """One metric row per month; `values(t, month)` gives the expected value (t in 0..1)."""
    rows = []
    for year, month in MONTHS:
        day = dt.date(year, month, 1)
        value = values(year_fraction(day), month, rng)
        rows.append(
            {
                "date": day,
                "metric": metric,
                "value": round(value, digits) if digits else int(round(value)),
                "component_id": component_id,
            }
        )
    return rows


def metric_mean(metrics: list[dict], metric: str, component_id: str, span) -> float | None:
    values = [
        num(r["value"])
        for r in metrics
        if r["metric"] == metric and r["component_id"] == component_id and in_span(r["date"], span)
    ]
    return sum(values) / len(values) if values else None


def period_values(metrics: list[dict], metric: str, component_id: str | None = None) -> list:
    """The values of a metric in the reporting period (of one component, or of every one)."""
    return [
        num(r["value"])
        for r in metrics
        if r["metric"] == metric
        and component_id in (None, r["component_id"])
        and in_span(r["date"], PERIOD)
    ]


def nice(value: float, digits: int = 2) -> float:
    """Round to `digits` significant digits, as an analyst would write a target."""
    if value == 0:
        return 0.0
    return float(f"{value:.{digits}g}")


def target_for(actual: float, status: str, baseline: float | None = None) -> float:
    """A round target that gives `actual` the wanted attainment (met / on_track / behind).

    For a met goal the target also lies above the baseline where the actual does, so that the goal
    reads as growth rather than as a target below the starting point.
    """
    wanted = {"met": (1.03, 1.35, 1.2), "on_track": (0.86, 0.96, 0.91), "behind": (0.45, 0.7, 0.58)}
    low, high, aim = wanted[status]
    if status == "met" and baseline is not None and baseline < actual:
        aim = max(1.04, min(aim, actual / (baseline + 0.35 * (actual - baseline))))
    for digits in (2, 3, 4):
        target = nice(actual / aim, digits)
        if low <= actual / target <= high:
            return target
    raise AssertionError(f"no round target for {actual} ({status})")


def two_proportion_p(x1: int, n1: int, x2: int, n2: int) -> float:
    """Two-sided p-value of the pooled two-proportion z-test (for the README's own numbers)."""
    pooled = (x1 + x2) / (n1 + n2)
    se = math.sqrt(pooled * (1 - pooled) * (1 / n1 + 1 / n2))
    return math.erfc(abs(x1 / n1 - x2 / n2) / se / math.sqrt(2)) if se else 1.0


def fmt_num(value: float) -> str:
    return f"{value:,.0f}" if abs(value) >= 100 else f"{value:,.2f}".rstrip("0").rstrip(".")


# --------------------------------------------------------------------------------------------------
# Shared text of the client files

YAML_HEADER = """\
# {title}: a FICTIONAL example client of the socialworkbook kit.
# Generated by scripts/make_examples.py (seeded); edit the script, not this file, then regenerate:
#   python scripts/make_examples.py
"""


def client_yaml(title: str, fields: dict[str, tuple[object, str]]) -> bytes:
    lines = [YAML_HEADER.format(title=title)]
    for key, (value, comment) in fields.items():
        if isinstance(value, list):
            text = "[" + ", ".join(value) + "]"
        else:
            text = f'"{value}"'
        lines.append(f"# {comment}\n{key}: {text}\n")
    return "".join(lines).encode("utf-8")


def table_md(header: list[str], rows: list[list[object]]) -> str:
    out = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    out += ["| " + " | ".join(str(c) for c in row) + " |" for row in rows]
    return "\n".join(out)


# ==================================================================================================
# A client's story as data: scripts/examples/<client>.toml, read by one generator

STORIES = Path(__file__).resolve().with_name("examples")
HOURS = {"b2c": B2C_HOURS, "b2b": B2B_HOURS}


def read_story(client: str) -> dict:
    """The story of one example client, its named seasons (months as numbers) resolved."""
    story = tomllib.loads((STORIES / f"{client}.toml").read_text(encoding="utf-8"))
    story["slug"] = client
    story["seasons"] = {
        name: {int(month): factor for month, factor in months.items()}
        for name, months in story.get("seasons", {}).items()
    }
    return story


def _by_date(rules: list[dict], value):
    """A function day -> the value of the first rule that holds (`before` a date, in a `month`)."""

    def pick(day: dt.date):
        for rule in rules:
            if day < rule.get("before", dt.date.max) and rule.get("month", day.month) == day.month:
                return value(rule)
        raise ValueError(f"no rule holds on {day}: {rules}")

    return pick


def post_plans(story: dict) -> dict[str, PostPlan]:
    """Each component's `PostPlan`, seasons and posting hours named in the story."""
    plans = {}
    for component_id, plan in story["posts"]["plans"].items():
        given = dict(plan)
        given["season"] = story["seasons"].get(given.pop("season", ""), {})
        given["hours"] = HOURS[given.pop("hours", "b2c")]
        plans[component_id] = PostPlan(**given)
    return plans


def mention_plans(story: dict) -> list[MentionPlan]:
    """Each stream of conversation as a `MentionPlan`; a mix or pools listed by date shift."""
    plans = []
    for plan in story["mentions"]["plans"]:
        given = dict(plan)
        given["season"] = story["seasons"].get(given.pop("season", ""), {})
        if isinstance(given["mix"], list):
            given["mix"] = _by_date(
                given["mix"], lambda rule: {c: rule[c] for c in rule if c in CLASSES}
            )
        if given["pools"] and isinstance(given["pools"][0], dict):
            given["pools"] = _by_date(given["pools"], lambda rule: rule["pools"])
        plans.append(MentionPlan(**given))
    return plans


def simulate(story: dict) -> tuple[list[dict], tuple[list[dict], list[str]]]:
    """The posts, and the mentions with the class each was composed to carry, of a story."""
    voice = dict(story["mentions"]["voice"])
    voice["hours"] = HOURS[voice["hours"]]
    slug, prefix = story["slug"], story["prefix"]
    posts = make_posts(slug, prefix, post_plans(story), story["posts"]["blank_counts"])
    mentions = make_mentions(
        slug, prefix, mention_plans(story), Voice(**voice), story["mentions"]["label_share"]
    )
    return posts, mentions


def metric_rows(story: dict) -> list[dict]:
    """The story's metrics: a row per month of each series (or its dated points), sorted."""
    rng = rng_for(story["slug"], "metrics")
    rows: list[dict] = []
    for series in story["metrics"]:
        metric, component_id = series["metric"], series.get("component_id", "")
        if "points" in series:
            rows += [
                {"date": day, "metric": metric, "value": value, "component_id": component_id}
                for day, value in series["points"]
            ]
            continue
        values = functools.partial(_monthly_value, series, story["seasons"])
        first, last = series.get("from", dt.date.min), series.get("until", dt.date.max)
        drawn = monthly(rng, metric, component_id, values, series.get("digits", 0))
        rows += [r for r in drawn if first <= r["date"] <= last]
    return sorted(rows, key=lambda r: (r["metric"], r["component_id"], r["date"]))


def _monthly_value(series: dict, seasons: dict, t: float, month: int, rng: Rng) -> float:
    """One month of a metric series, as the stories' notes on `[[metrics]]` describe."""
    if "choice" in series:
        return rng.choice(series["choice"])

    def by_month(key: str) -> dict[int, float]:
        return {int(m): v for m, v in series.get(key, {}).items()}

    noise = rng.lognormal(series["noise"]) if "noise" in series else 1.0
    slope = series.get("slope", 0) * t
    if series.get("noise_on") == "slope":
        slope, noise = slope * noise, 1.0
    level = by_month("levels").get(month, series.get("level", 0))
    value = (level + slope + by_month("bumps").get(month, 0)) * (1 + series.get("growth", 0) * t)
    value *= seasons[series["season"]].get(month, 1.0) if "season" in series else 1.0
    value *= series.get("share", 1.0) * noise
    value += by_month("after").get(month, 0)
    if "jitter" in series:
        value += rng.uniform(-series["jitter"], series["jitter"])
    return value


class _Target(float):
    """A goal's target as a goal text writes it: `{target}` as `fmt_num`, `{target:g}` plain."""

    def __format__(self, spec: str) -> str:
        return format(float(self), spec) if spec else fmt_num(self)


def _baseline(of: str, posts, scored, metrics, component_id: str, metric: str) -> float:
    """A component's baseline value `of` its posts, its metrics or its mentions' net sentiment."""
    if of == "posts":
        return post_metric(posts, component_id, metric, BASELINE)
    if of == "metrics":
        return metric_mean(metrics, metric, component_id, BASELINE)
    return net_of(*scored, component_id, BASELINE)


def ogst_rows(story: dict, posts: list[dict], scored: tuple, metrics: list[dict]) -> list[dict]:
    """The story's OGST lines, targets and baseline values set from the data (see its notes)."""
    rows = []
    for line in story["ogst"]:
        row = dict(line)
        cid, metric = row["component_id"], row["metric"]
        if isinstance(row["target"], dict):
            rule = row["target"]
            start = _baseline("posts", posts, scored, metrics, cid, metric)
            start = start if rule.get("above_baseline") else None
            row["target"] = target_for(post_metric(posts, cid, metric), rule["status"], start)
        if isinstance(row["baseline_value"], dict):
            rule = row["baseline_value"]
            value = _baseline(rule["of"], posts, scored, metrics, cid, metric)
            digits = rule.get("digits")
            row["baseline_value"] = round(value, digits) if digits else round(value)
        row["goal"] = row["goal"].format(target=_Target(row["target"] or 0))
        rows.append(row)
    return rows


def value_score_rows(story: dict) -> list[dict]:
    return [
        dict(component_id=c, dimension=d, score=s)
        for c, row in story["value_scores"].items()
        for d, s in zip(DIMENSIONS, row, strict=True)
    ]


def input_files(story, ecosystem, ogst, posts, mentions, metrics) -> dict[str, bytes]:
    """client.yaml and the input tables, as CSV files or (`inputs = "xlsx"`) one workbook."""
    fields = {key: tuple(value) for key, value in story["client_yaml"].items()}
    files = {"client.yaml": client_yaml(story["title"], fields)}
    tables = {
        "ecosystem": (ECOSYSTEM_COLUMNS, ecosystem),
        "ogst": (OGST_COLUMNS, ogst),
        "functions": (FUNCTION_COLUMNS, story["functions"]),
        "value_scores": (["component_id", "dimension", "score"], value_score_rows(story)),
        "posts": (POST_COLUMNS, posts),
        "mentions": (MENTION_COLUMNS, mentions),
        "metrics": (METRIC_COLUMNS, metrics),
    }
    if story.get("inputs") == "xlsx":  # every table in inputs.xlsx but the mentions
        files["inputs.xlsx"] = xlsx_bytes({k: v for k, v in tables.items() if k != "mentions"})
        tables = {"mentions": tables["mentions"]}
    files |= {f"{name}.csv": csv_bytes(*table) for name, table in tables.items()}
    return files


# ==================================================================================================
# Northwind Outdoor


def northwind_readme(example: Example) -> str:
    """The README of northwind-outdoor: what its data is built to show, with the numbers."""
    story, posts, metrics, ogst = example.story, example.posts, example.metrics, example.ogst
    mentions, classes = example.mentions, example.classes
    slug, ecosystem, functions = story["slug"], story["ecosystem"], story["functions"]
    value_scores = value_score_rows(story)

    # OGST: targets are set from the data so that each goal lands where the story needs it.
    tc_net_period = net_of(mentions, classes, "nw-trail-club", PERIOD)
    tc_rt = metric_mean(metrics, "response_time_hours", "nw-trail-club", PERIOD)
    tc_rt_base = metric_mean(metrics, "response_time_hours", "nw-trail-club", BASELINE)
    slack_mau = period_values(metrics, "monthly_active_users")
    strava_followers = post_metric(posts, "nw-strava", "followers")
    assert tc_net_period >= 48 and min(slack_mau) > 400 and 1_500 < strava_followers < 1_750
    assert tc_rt < 3.6

    # README numbers (by wording design, before VADER).
    tc_pos_base, n_base = class_share(mentions, classes, "nw-trail-club", BASELINE)
    tc_pos_period, n_period = class_share(mentions, classes, "nw-trail-club", PERIOD)
    period_posts = {c: post_metric(posts, c, "reach") for c in story["posts"]["plans"]}
    ranked = sorted((v, c) for c, v in period_posts.items() if v is not None)
    stable_lines = []
    for cid in ("nw-instagram", "nw-facebook", "nw-reddit", "nw-youtube"):
        b, nb = class_share(mentions, classes, cid, BASELINE)
        p, np_ = class_share(mentions, classes, cid, PERIOD)
        stable_lines.append(f"`{cid}` {b:.0%} (n={nb}) -> {p:.0%} (n={np_})")
    brand_period = [m for m in mentions if in_span(m["published_at"], PERIOD)]
    sov = sum(m["brand"] == "northwind" for m in brand_period) / len(brand_period)
    plan = story["labelled_sample"]
    drawn = example.labels
    sampled = len(drawn)
    published = {m["mention_id"]: m["published_at"] for m in mentions}
    sample_base, sample_period = (
        sum(row["label"] == "positive" for row in rows) / len(rows)
        for rows in (
            [r for r in drawn if in_span(published[r["mention_id"]], span)]
            for span in (BASELINE, PERIOD)
        )
    )
    stories = f"""\
- **A real sentiment shift after a support change** (`nw-trail-club`). On 2026-07-01 Northwind
  put trained store staff ("Gear Experts") on a rota to answer Trail Club questions within hours.
  By wording design the positive share of Trail Club mentions rises from {tc_pos_base:.0%}
  (n={n_base}, 2026-Q2) to {tc_pos_period:.0%} (n={n_period}, 2026-Q3); complaints about
  unanswered threads give way to thanks for fast answers. Mean first response drops from
  ~{tc_rt_base:.1f} h to ~{tc_rt:.1f} h (`response_time_hours`); active members and the
  quarterly NPS (32 -> 41) rise with it.
  Other components stay roughly stable (positive share by design, Q2 -> Q3):
  {"; ".join(stable_lines)}. A period comparison shows association, not cause.
- **No listening post.** No active component has purpose `listening` or type `listening_tool` /
  `social_crm`; the Brandwatch pilot (`nw-brandwatch`) is only `planned`. Mentions with an empty
  `component_id` come from a one-off keyword export the agency ran, not from a tool Northwind owns.
- **Crowded at the mass-market end, nothing at social CRM.** Five of nine active components sit at
  `mass_market` (`nw-instagram`, `nw-facebook`, `nw-youtube`, `nw-pinterest`, `nw-tiktok`), three
  at `community`, one at `collaboration` (`nw-store-slack`), none at `social_crm`.
- **A business function in scope with no active component:** `hr` is in `functions` (seasonal
  hiring) but only the `planned` LinkedIn careers page (`nw-linkedin-careers`) serves it.
- **Components without an owner:** `nw-youtube` and `nw-pinterest` (the agency that ran them left).
- **A retired component still carrying a goal:** `nw-x-support` (X support handle, retired
  2026-03-15) still has an OGST line (response time under 2 h, target date 2026-06-30); it has no
  data in the period.
- **Completeness gaps:** `nw-tiktok` is active with no OGST line at all; `nw-youtube` has an
  objective but no measurable goal (no metric, target or date).
- **A value score the evidence contradicts:** `nw-pinterest` is scored 5 on `brand_awareness`,
  yet its reach in 2026-Q3 ({period_posts["nw-pinterest"]:,.0f}) is the lowest of the
  {len(ranked)} components that posted (highest: `{ranked[-1][1]}`, {ranked[-1][0]:,.0f}).
- **Goal statuses in 2026-Q3** (targets were set from the data; attainment = actual / target):
  met: `nw-instagram` reach, `nw-trail-club` response_time_hours (lower is better: target 4 h,
  ~{tc_rt:.1f} h, attainment target / actual), `nw-reddit` comments, `nw-store-slack`
  monthly_active_users (every month above 400); unverified: `nw-trail-club` net_sentiment (+40
  target; about +{tc_net_period:.0f} by design, on automatic scores only until a random sample is
  labelled: never met on those); behind: `nw-instagram` followers and `nw-strava` followers (target
  date 2026-12-31, slower than the time gone), `nw-trail-club` constructive_actions (a target per
  quarter, ~0.9 attained: met or not, never paced), `nw-facebook` conversation_rate,
  `nw-pinterest` clicks; no data: `nw-x-support` response_time_hours (retired, no observations
  after March).
- **Share of voice:** Northwind has about {sov:.0%} of the brand conversation in 2026-Q3 against
  SummitGear and Trailhaus (`brand` column).
- **Data quality on purpose:** 6 blank count cells in `posts.csv` (read as 0 and counted); a few
  posts with impressions a little below reach (a real export quirk); repeated authors; about 12% of
  mentions carry a human `label`, mostly agreeing with the wording; some mentions are long reviews
  (VADER is less accurate on those); a few are sarcastic ("Great, the zipper on my ... broke on day
  one. Just perfect.") or defeat VADER's negation rule ("... still nothing. Very disappointed."
  reads as positive), so VADER and the human labels disagree there, as they do in real data.
- **A labelled random sample** (`labels.csv`, `samples.json`), drawn by `socialworkbook sample
  {slug} --n {plan["n"]} --seed {plan["seed"]}` ({plan["n"]} own mentions of 2026-Q3 and
  {plan["n"]} of 2026-Q2 without a label), each labelled with the class it was composed to carry:
  the positive share of the sampled mentions is {sample_base:.0%} in 2026-Q2 and {sample_period:.0%}
  in 2026-Q3, so the reports lead with sentiment estimated from these labels, with its interval."""
    return client_readme(
        "Northwind Outdoor",
        slug,
        "an outdoor-gear retailer with six stores in Germany, Austria, Denmark and Norway and an "
        "online shop (currency EUR). Inputs are CSV files.",
        [
            ("client.yaml", "name, period 2026-Q3, baseline 2026-Q2, competitors, brand, colour"),
            ("ecosystem.csv", f"{len(ecosystem)} components (active, planned, retired)"),
            ("ogst.csv", f"{len(ogst)} objective-goal-strategy-tactics lines"),
            ("functions.csv", f"{len(functions)} business functions, objective to metrics"),
            ("value_scores.csv", f"{len(value_scores)} analyst scores (9 active components x 6)"),
            ("posts.csv", f"{len(posts)} owned posts, 2025-10-01 to 2026-09-30"),
            ("mentions.csv", f"{len(mentions)} mentions (Northwind, SummitGear, Trailhaus)"),
            (
                "metrics.csv",
                f"{len(metrics)} monthly observations (revenue, leads, support, members, ...)",
            ),
            (
                "labels.csv",
                f"a random sample of {sampled} own mentions ({plan['n']} from 2026-Q3, "
                f"{plan['n']} from 2026-Q2), labelled",
            ),
            ("samples.json", "how the sample was drawn (seed, frames), as `sample` keeps it"),
        ],
        stories,
    )


# ==================================================================================================
# Ledgerline


def ledgerline_readme(example: Example) -> str:
    """The README of ledgerline: what its data is built to show, with the numbers."""
    story, posts, metrics, ogst = example.story, example.posts, example.metrics, example.ogst
    mentions, classes = example.mentions, example.classes
    slug, ecosystem, functions = story["slug"], story["ecosystem"], story["functions"]
    value_scores = value_score_rows(story)
    outage = tuple(story["outage"])

    yt_followers = post_metric(posts, "lg-youtube", "followers")
    rt = metric_mean(metrics, "response_time_hours", "lg-service-cloud", PERIOD)
    bw_mentions = sum(
        1
        for m in mentions
        if m["component_id"] == "lg-brandwatch" and in_span(m["published_at"], PERIOD)
    )
    viva = period_values(metrics, "monthly_active_users", "lg-viva-engage")
    slack = period_values(metrics, "monthly_active_users", "lg-slack-connect")
    assert 6_100 < yt_followers < 6_700 and min(viva) > 640 and min(slack) > 230
    assert 1.5 / rt < 0.8 and bw_mentions > 240

    x_outage = [
        c
        for m, c in zip(mentions, classes, strict=True)
        if m["component_id"] == "lg-x" and in_span(m["published_at"], outage)
    ]
    x_base, nxb = class_share(mentions, classes, "lg-x", BASELINE, "negative")
    x_per, nxp = class_share(mentions, classes, "lg-x", PERIOD, "negative")
    x_p = two_proportion_p(round(x_base * nxb), nxb, round(x_per * nxp), nxp)
    x_daily = (nxp - len(x_outage)) / ((PERIOD[1] - PERIOD[0]).days + 1 - 4)
    cm_b, ncb = class_share(mentions, classes, "lg-community", BASELINE)
    cm_p, ncp = class_share(mentions, classes, "lg-community", PERIOD)
    li_b, nlb = class_share(mentions, classes, "lg-linkedin", BASELINE)
    li_p, nlp = class_share(mentions, classes, "lg-linkedin", PERIOD)
    period_m = [m for m in mentions if in_span(m["published_at"], PERIOD)]
    sov = sum(m["brand"] == "ledgerline" for m in period_m) / len(period_m)
    leads = {}
    for r in metrics:
        if r["metric"] == "leads" and in_span(r["date"], PERIOD):
            leads[r["component_id"]] = leads.get(r["component_id"], 0) + r["value"]
    leads_line = ", ".join(f"`{c}` {v:,}" for c, v in sorted(leads.items(), key=lambda x: -x[1]))
    assert min(leads, key=leads.get) == "lg-accountants-group"
    stories = f"""\
- **A balanced continuum with real insight capability.** Active components sit at every stage:
  `social_crm` (`lg-service-cloud`, `lg-brandwatch`), `collaboration` (`lg-viva-engage`,
  `lg-slack-connect`), `community` (`lg-community`, `lg-ideas`, `lg-accountants-group`) and
  `mass_market` (`lg-linkedin`, `lg-x`, `lg-youtube`). Listening posts exist (`lg-brandwatch`,
  `lg-service-cloud`, `lg-viva-engage` have purpose `listening`). All seven component types occur.
- **A lifecycle stage no active component serves: `purchase`.** Only the `planned` social selling
  programme (`lg-social-selling`) would serve it; the ecosystem helps prospects investigate and
  customers stay, but nothing supports the buying decision itself.
- **A component without an owner:** `lg-youtube` (Ledgerline Academy).
- **A completeness gap:** `lg-accountants-group` has an objective and a goal in words ("become the
  go-to group") but no metric, target or date.
- **A value score the evidence questions:** `lg-accountants-group` is scored 4 on
  `lead_generation`, yet it brought the fewest leads in 2026-Q3 of the four components with lead
  data ({leads_line}). Its leads may be worth more (partner firms bring many clients each), which
  is for the analyst to argue.
- **A clean retirement:** `lg-facebook` was retired at the end of 2025 (posts and mentions stop
  then) and carries no goal, unlike Northwind's retired X account.
- **A bank-feed outage (2026-08-11..2026-08-14)** produces a burst of {len(x_outage)} mentions on
  `lg-x` in four days (about {len(x_outage) / 4:.0f} a day against ~{x_daily:.1f} on a normal day;
  more in `lg-community`), mostly negative. Over the whole quarter the negative share on `lg-x`
  only goes from {x_base:.0%} (n={nxb}, Q2) to {x_per:.0%} (n={nxp}, Q3), two-proportion p about
  {x_p:.2f} by design: the spike is the story, a daily or weekly chart shows it and a quarter total
  blurs it. Support cases and first-response time rise in August.
- **No built-in shift elsewhere:** positive share by design `lg-community` {cm_b:.0%} (n={ncb}) ->
  {cm_p:.0%} (n={ncp}) (the outage dents it a little), `lg-linkedin` {li_b:.0%} (n={nlb}) ->
  {li_p:.0%} (n={nlp}): differences of this size are not significant, which is also a finding.
- **Goal statuses in 2026-Q3** (targets set from the data): met: `lg-linkedin`
  engagement_rate_reach, `lg-community` constructive_actions, `lg-ideas` votes, `lg-brandwatch`
  mentions, `lg-viva-engage` and `lg-slack-connect` monthly_active_users (every month above target);
  on track (target date 2026-12-31): `lg-youtube` followers (7,000 target, ~{yt_followers:,.0f});
  behind: `lg-x` conversation_rate, and `lg-service-cloud` response_time_hours, a lower-is-better
  goal (target 1.5 h, actual ~{rt:.1f} h: attainment target / actual ~{1.5 / rt:.2f});
  no data: `lg-linkedin` time_to_hire_days (a known metric, but no `time_to_hire_days` rows in
  metrics: HR records applications and hires from social, not time to hire).
- **Share of voice:** Ledgerline has about {sov:.0%} of the period's mentions against Countwise and
  Booksy (competitor mentions come through `lg-brandwatch`).
- **The xlsx path:** every table except mentions is a sheet of `inputs.xlsx` with native Excel types
  (dates, date-times, numbers, booleans); mentions are in `mentions.csv` (a table must not be in
  both places). 5 blank count cells in the `posts` sheet (read as 0 and counted); about 11% of
  mentions carry a human `label`, mostly agreeing with the wording; some mentions are long reviews
  (VADER is less accurate on those); a few are sarcastic ("Oh great, another update and ... is
  gone. Thanks a lot.") or hedged ("No idea yet if ... will cover our case, will ask support."),
  which VADER reads as positive although the wording design (and a human) says negative or
  neutral."""
    return client_readme(
        "Ledgerline",
        slug,
        "a B2B accounting-software company selling to small firms and accounting practices "
        "(currency USD). Tables are sheets of one `inputs.xlsx` workbook, except mentions, which "
        "are a CSV file.",
        [
            ("client.yaml", "name, period 2026-Q3, baseline 2026-Q2, competitors, brand, colour"),
            (
                "inputs.xlsx",
                f"sheets: ecosystem ({len(ecosystem)} components), ogst ({len(ogst)} "
                f"lines), functions ({len(functions)}), value_scores ({len(value_scores)}), "
                f"posts ({len(posts)}), metrics ({len(metrics)} monthly observations)",
            ),
            ("mentions.csv", f"{len(mentions)} mentions (Ledgerline, Countwise, Booksy)"),
        ],
        stories,
    )


def client_readme(
    title: str, slug: str, what: str, files: list[tuple[str, str]], stories: str
) -> str:
    listing = table_md(["file", "holds"], [[f"`{f}`", d] for f, d in files])
    return f"""\
# {title} (FICTIONAL example client)

**{title} is a fictional company.** Every name, person, handle, URL, product and number in this
folder is invented by `scripts/make_examples.py` (seeded, deterministic) to demonstrate the
socialworkbook kit. Any resemblance to a real company or person is coincidental. Platform names
(Instagram, LinkedIn, Brandwatch, ...) are real products, used only to make the example realistic.

{
        textwrap.fill(
            f"{title} is {what} The data covers 2025-10-01 to 2026-09-30; the reporting period "
            "is 2026-Q3 and the baseline 2026-Q2.",
            100,
        )
    }

## What the folder holds

{listing}

Run it: `socialworkbook validate {slug}` then `socialworkbook run {slug}`.
Regenerate it: `python scripts/make_examples.py` (never edit these files by hand; `--check` tells
whether they match the script).

## Stories and gaps the data is built to show

For analysts and testers: each item below is true of the data by construction, so a notebook
should find it. Shares "by wording design" count the sentence templates each mention was composed
from (`template_class` in the script); VADER's classes agree with them on most short mentions.

{stories}
"""


# ==================================================================================================
# Entry point

READMES = {"northwind-outdoor": northwind_readme, "ledgerline": ledgerline_readme}


@dataclass
class Example:
    """One example client's generated data, for the README that tells its story."""

    story: dict
    posts: list[dict]
    mentions: list[dict]
    classes: list[str]
    metrics: list[dict]
    ogst: list[dict]
    labels: list[dict] = field(default_factory=list)  # the labelled sample's rows, if any


def build(client: str) -> dict[str, bytes]:
    """Every file of one example client: its story's data, then the README telling it."""
    story = read_story(client)
    posts, (mentions, classes) = simulate(story)
    metrics = metric_rows(story)
    ogst = ogst_rows(story, posts, (mentions, classes), metrics)
    files = input_files(story, story["ecosystem"], ogst, posts, mentions, metrics)
    if "labelled_sample" in story:
        files |= labelled_sample(client, files, story["labelled_sample"], mentions, classes)
    labels = list(csv.DictReader(io.StringIO(files.get("labels.csv", b"").decode("utf-8"))))
    example = Example(story, posts, mentions, classes, metrics, ogst, labels)
    files["README.md"] = READMES[client](example).encode("utf-8")
    return files


def labelled_sample(
    client: str, files: dict[str, bytes], plan: dict, mentions: list[dict], classes: list[str]
) -> dict[str, bytes]:
    """labels.csv and samples.json of a random sample drawn by the kit's own `sample` command
    (`labels.draw_sample`, seeded) and labelled from each mention's true class: what a client
    folder holds after an analyst drew a sample and people labelled all of it without error.

    The draw runs on a copy of the client folder in a temporary folder; its time stamp is set
    to the plan's `labelled_at`, so the files are the same on every run.
    """
    import json
    import tempfile

    sys.path.insert(0, str(PROJECT_ROOT / "lib"))
    from socialworkbook.intake import read_client
    from socialworkbook.measure.labels import SAMPLES_FILE, draw_sample

    truth = {row["mention_id"]: cls for row, cls in zip(mentions, classes, strict=True)}
    when = plan["labelled_at"].isoformat(timespec="seconds")
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / client
        folder.mkdir()
        for name, data in files.items():
            (folder / name).write_bytes(data)
        draw_sample(read_client(client, data_root=tmp), n=plan["n"], seed=plan["seed"])
        with (folder / "labels.csv").open(encoding="utf-8", newline="") as handle:
            rows = list(csv.DictReader(handle))
        design = json.loads((folder / SAMPLES_FILE).read_text(encoding="utf-8"))
    for row in rows:
        row |= {
            "label": truth[row["mention_id"]],
            "labelled_by": plan["labelled_by"],
            "labelled_at": when,
        }
    for sample in design["samples"]:
        sample["drawn_at"] = when + "+00:00"
    return {
        "labels.csv": csv_bytes(list(rows[0]), rows),
        SAMPLES_FILE: (json.dumps(design, indent=2, ensure_ascii=False) + "\n").encode("utf-8"),
    }


def generate() -> dict[str, dict[str, bytes]]:
    """Every generated file of every example client: {client: {file name: bytes}}."""
    return {client: build(client) for client in CLIENTS}


def write(root: Path, output: dict[str, dict[str, bytes]]) -> list[Path]:
    """Write the files under `root`, touching only those whose bytes change."""
    changed = []
    for client, files in output.items():
        folder = root / client
        folder.mkdir(parents=True, exist_ok=True)
        for name, data in files.items():
            path = folder / name
            if path.exists() and path.read_bytes() == data:
                continue
            tmp = path.with_name(f".{name}.tmp")
            tmp.write_bytes(data)
            tmp.replace(path)
            changed.append(path)
    return changed


def check(root: Path, output: dict[str, dict[str, bytes]]) -> list[str]:
    """Differences between the files under `root` and the generated ones (empty when equal)."""
    problems = []
    for client, files in output.items():
        folder = root / client
        for name, data in files.items():
            path = folder / name
            if not path.exists():
                problems.append(f"missing: {path}")
            elif path.read_bytes() != data:
                problems.append(f"differs: {path}")
        if folder.is_dir():
            for path in sorted(folder.iterdir()):
                # Hidden files (.salt, .history, .cache) belong to the kit, the commentary to the
                # analyst who writes it: neither is the generator's.
                mine = not path.name.startswith(".") and path.name != "commentary"
                if mine and path.name not in files:
                    problems.append(f"not generated (remove it or add it to the script): {path}")
    return problems


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--check",
        action="store_true",
        help="exit 1 if the files on disk differ from what would be generated",
    )
    parser.add_argument(
        "--out",
        type=Path,
        default=DATA_ROOT,
        help="data root to write or check (default: client_data/)",
    )
    args = parser.parse_args(argv)
    output = generate()
    if args.check:
        problems = check(args.out, output)
        for problem in problems:
            print(problem, file=sys.stderr)
        if problems:
            print("run `python scripts/make_examples.py` to regenerate", file=sys.stderr)
            return 1
        print(f"example clients up to date under {args.out}")
        return 0
    changed = write(args.out, output)
    for path in changed:
        print(f"wrote {path}")
    print(f"{len(changed)} file(s) changed under {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
