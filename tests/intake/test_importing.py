"""`socialworkbook import`: platform exports into a client's tables.

Every fixture under exports/ (written by exports/make_fixtures.py from the platforms' real header
rows, with made-up figures) is imported, and its totals are checked against sums worked out by
hand from the fixture's rows (the comments show the sums).
"""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pandas as pd
import pytest
from clientfolders import CLIENT_YAML, csv_rows, write_client, xlsx_bytes

from socialworkbook import cli, intake
from socialworkbook.intake import editing, exports

HERE = Path(__file__).resolve().parent
FIXTURES = HERE / "exports"
ROOT = HERE.parents[1]
UCI = ROOT / "tests" / "data" / "facebook_metrics" / "dataset_Facebook.csv"

ECOSYSTEM = (
    "component_id,name,component_type,platform,continuum_stage\n"
    "fb,Facebook page,social_media_profile,Facebook,mass_market\n"
    "ig,Instagram,social_media_profile,Instagram,mass_market\n"
    "x,X account,social_media_profile,Twitter,mass_market\n"
    "li,LinkedIn page,social_media_profile,LinkedIn,mass_market\n"
    "yt,YouTube channel,social_media_profile,YouTube,mass_market\n"
    "tt,TikTok,social_media_profile,TikTok,mass_market\n"
    "forum,Forum,customer_community,Discourse,community\n"
)

FB_SEP = "Sep-01-2025_Sep-30-2025_1234567890.csv"
FB_OCT = "Sep-01-2025_Oct-15-2025_1234567890.csv"


@pytest.fixture
def root(tmp_path) -> Path:
    write_client(tmp_path, "acme", files={"ecosystem.csv": ECOSYSTEM})
    return tmp_path


def _import(root: Path, *names: str, client: str = "acme", options=()) -> int:
    files = [str(FIXTURES / n) if (FIXTURES / n).exists() else n for n in names]
    return cli.main(["import", client, *files, "--data-root", str(root), *options])


def _posts(root: Path, client: str = "acme") -> pd.DataFrame:
    frame, _ = intake.read_raw_table(root / client, "posts")
    return frame.reset_index(drop=True)


def _total(frame: pd.DataFrame, column: str) -> float:
    return pd.to_numeric(frame[column].replace("", None)).sum()


def _measured(frame: pd.DataFrame, column: str) -> bool:
    return column in frame and (frame[column] != "").any()


def _valid(root: Path, client: str = "acme") -> None:
    assert intake.validate(client, data_root=root) == []


# --- one fixture per format, totals by hand --------------------------------------------------

POST_FORMATS = [
    # file, component, rows, {column: hand total}, columns the export does not have
    (
        FB_SEP,
        "fb",
        3,
        {"likes": 269, "comments": 16, "shares": 34, "reach": 4600, "impressions": 7000,
         "video_views": 2100},  # 50+210+9, 4+12+0, 3+30+1, 900+3100+600, 1200+5000+800, 2100
        ("saves", "clicks"),
    ),
    (
        "Sep-01-2025_Sep-30-2025_17841400000000000.csv",
        "ig",
        3,
        {"likes": 1060, "comments": 67, "shares": 109, "reach": 10000, "impressions": 14500,
         "saves": 129},  # 120+300+640, 9+21+37, 6+15+88, 1500+2400+6100, 2000+3500+9000, 14+40+75
        ("video_views", "clicks"),
    ),
    (
        "Facebook Insights Data Export (Post Level) - Acme - 2017-01-31.csv",
        "fb",
        3,
        {"likes": 275, "comments": 9, "shares": 60, "reach": 15625, "impressions": 28521,
         "clicks": 1833},  # 79+130+66, 4+5+0, 17+29+14, 2752+10460+2413, ..., 159+1674
        ("video_views", "saves"),
    ),
    (
        "tweet_activity_metrics_acme_20170401_20170430_en.csv",
        "x",
        3,
        {"likes": 98, "comments": 11, "shares": 25, "impressions": 5533, "clicks": 13,
         "video_views": 140},  # favorites 29+64+5, replies 2+9+0, retweets 6+18+1
        ("reach", "saves"),
    ),
    (
        "account_analytics_content_2026-07-01_2026-07-31.csv",
        "x",
        3,
        {"likes": 130, "comments": 18, "shares": 19, "impressions": 6430, "clicks": 9,
         "saves": 9},  # 88+30+12, 11+5+2, 14+4+1, 4200+1250+980, 6+3+0, 7+2+0
        ("reach", "video_views"),
    ),
    (
        "acme_content_1758000000000.xls",
        "li",
        3,
        {"likes": 137, "comments": 16, "shares": 16, "impressions": 4900, "clicks": 137,
         "video_views": 410},  # 40+75+22, 6+9+1, 4+12+0, 1400+2600+900, 35+90+12
        ("reach", "saves"),
    ),
    (
        "acme_content_1760000000000.xlsx",
        "li",
        3,
        {"likes": 296, "comments": 39, "shares": 32, "impressions": 10100, "clicks": 500,
         "video_views": 650},  # 95+41+160, 14+3+22, reposts 8+5+19, 3100+1800+5200
        ("reach", "saves"),
    ),
    (
        "Table data.csv",
        "yt",
        3,
        {"likes": 512, "comments": 61, "shares": 88, "impressions": 150300,
         "video_views": 12640},  # the three videos, equal to the export's own Total row
        ("reach", "saves", "clicks"),
    ),
    (
        "Content_2025-12-15_2026-01-13.csv",
        "tt",
        3,
        {"likes": 5580, "comments": 166, "shares": 1500, "video_views": 136800},
        # 1.2K+980+3.4K, 34+12+120, "1,050"+40+410, 18.4K+"18,400"+0.1M
        ("reach", "impressions", "saves", "clicks"),
    ),
]  # fmt: skip


@pytest.mark.parametrize(("name", "component", "n", "totals", "absent"), POST_FORMATS)
def test_each_post_export_imports_to_its_hand_totals(root, name, component, n, totals, absent):
    assert _import(root, name) == 0
    posts = _posts(root)
    assert len(posts) == n
    assert set(posts["component_id"]) == {component}
    for column, total in totals.items():
        assert _total(posts, column) == total, column
    for column in absent:  # not measured: blank on every post, never 0
        assert not _measured(posts, column), column
    assert (posts["export_file"] == name).all()
    _valid(root)


def test_the_import_reports_what_it_did(root, capsys):
    assert _import(root, "Table data.csv") == 0
    out = capsys.readouterr().out
    assert "YouTube Studio table data for component 'yt': 4 row(s) read" in out
    assert "dropped row 2 (1 row(s)): the Total row of the export" in out
    assert "posts: 3 post(s) added, 0 updated, 0 unchanged" in out
    assert "days covered: 2026-10-03 to 2026-10-21" in out
    assert "not measured): followers, reach, votes, referrals, clicks, saves" in out


def test_quirks_are_read_as_the_platforms_mean_them(root):
    assert _import(root, FB_SEP, "tweet_activity_metrics_acme_20170401_20170430_en.csv") == 0
    posts = _posts(root).set_index("post_id")
    # US time, mathematical bold folded, `Lifetime` in Date ignored, Title or Description
    assert posts.at["1234567890_101", "published_at"] == "2025-09-01T21:13"
    assert posts.at["1234567890_101", "message"] == "Big sale today"
    assert posts.at["1234567890_102", "message"] == "Behind the scenes, part 1"
    assert posts.at["1234567890_101", "post_type"] == "Photos"
    # X: "+0000" time, "29.0" counts, favorites as likes
    assert posts.at["849000000000000001", "published_at"].startswith("2017-04-04T00:00")
    assert posts.at["849000000000000001", "likes"] == "29"
    _valid(root)  # times with and without an offset in one table


def test_an_imported_client_validates_from_the_command_line(root, capsys):
    names = [f for f, *_ in POST_FORMATS] + ["FollowerHistory_2025-12-15_2026-01-13.csv"]
    assert _import(root, *names) == 0
    assert cli.main(["validate", "acme", "--data-root", str(root)]) == 0
    assert "acme: valid" in capsys.readouterr().out
    assert len(_posts(root)) == 27


def test_linkedin_and_tiktok_posts_keep_the_platform_id_from_the_link(root):
    assert _import(root, "acme_content_1760000000000.xlsx") == 0
    assert _import(root, "Content_2025-12-15_2026-01-13.csv") == 0
    posts = _posts(root).set_index("post_id")
    assert "urn:li:activity:12" in posts.index and "7400000000000000003" in posts.index
    # LinkedIn: Content Type is the post type; Post type tells sponsored posts from organic
    assert posts.at["urn:li:activity:12", "post_type"] == "Video"
    assert list(posts["paid"].iloc[:3]) == ["false", "false", "true"]


def test_a_re_export_with_higher_counts_updates_the_posts(root, capsys):
    assert _import(root, FB_SEP) == 0
    assert _import(root, FB_OCT) == 0
    out = capsys.readouterr().out
    assert "posts: 1 post(s) added, 3 updated, 0 unchanged" in out
    posts = _posts(root)
    # 60+250+9+5, 5+15+0+1, 3+41+1+0, 1000+3900+600+250, 1500+6400+800+300, 40+95+12+3
    for column, total in {"likes": 324, "comments": 21, "shares": 45, "reach": 5750,
                          "impressions": 9000, "clicks": 150}.items():  # fmt: skip
        assert _total(posts, column) == total, column
    assert set(posts["export_date"]) == {"2025-10-15"}
    # importing the older export again keeps the newer figures
    assert _import(root, FB_SEP) == 0
    assert "3 kept (a newer export was imported before)" in capsys.readouterr().out
    assert _total(_posts(root), "likes") == 324
    _valid(root)


def test_the_newer_export_wins_whatever_the_order_given(root, capsys):
    assert _import(root, FB_OCT, FB_SEP) == 0
    posts = _posts(root)
    assert len(posts) == 4 and _total(posts, "likes") == 324
    out = capsys.readouterr().out
    assert "3 row(s) of an older export given here left out" in out


def test_a_post_twice_in_one_file_is_counted(root, tmp_path, capsys):
    lines = (FIXTURES / FB_SEP).read_bytes().splitlines(keepends=True)
    (tmp_path / FB_SEP).write_bytes(b"".join([*lines, lines[1]]))
    assert _import(root, str(tmp_path / FB_SEP)) == 0
    assert "1 row(s) left out that repeat a post or day" in capsys.readouterr().out
    assert len(_posts(root)) == 3


def test_without_a_range_in_the_name_the_later_file_given_wins(root, tmp_path):
    old = tmp_path / "a.csv"
    new = tmp_path / "b.csv"
    shutil.copy(FIXTURES / FB_SEP, old)
    shutil.copy(FIXTURES / FB_OCT, new)
    assert _import(root, str(new), str(old)) == 0
    assert _total(_posts(root), "likes") == 269 + 5  # the Sep file's three + the Oct-only post


# --- page-level daily files into metrics -----------------------------------------------------


def _metrics(root: Path) -> pd.DataFrame:
    frame, _ = intake.read_raw_table(root / "acme", "metrics")
    return frame.reset_index(drop=True)


def test_daily_page_files_go_into_metrics(root):
    assert _import(root, "Sep-01-2025_Sep-30-2025_Follows.csv") == 0  # UTF-16 LE, sep=,
    assert _import(root, "account_overview_analytics_2026-07-01_2026-07-31.csv") == 0
    assert _import(root, "Overview_2025-12-15_2026-01-13.csv") == 0
    assert _import(root, "FollowerHistory_2025-12-15_2026-01-13.csv") == 0
    metrics = _metrics(root)

    def total(metric, component):
        rows = metrics[(metrics["metric"] == metric) & (metrics["component_id"] == component)]
        return pd.to_numeric(rows["value"]).sum(), len(rows)

    assert total("new_followers", "fb") == (34, 4)  # 12+7+0+15
    assert total("impressions", "x") == (6640, 3)  # 5100+900+640
    assert total("unfollows", "x") == (3, 3)  # 1+0+2
    assert total("video_views", "tt") == (4800, 3)  # 1200+1.5K+"2,100"
    followers = metrics[metrics["metric"] == "followers"].set_index("date")["value"]
    # "December 31" and "January 1" without a year: the years come from the file name's range
    assert followers.to_dict() == {
        "2025-12-30": "10250",
        "2025-12-31": "10270",
        "2026-01-01": "10301",
    }
    _valid(root)


def test_a_date_without_year_and_no_range_in_the_name_is_dropped_with_why(root, tmp_path, capsys):
    plain = tmp_path / "FollowerHistory.csv"
    data = (FIXTURES / "FollowerHistory_2025-12-15_2026-01-13.csv").read_text(encoding="utf-8")
    plain.write_text(data + '"2026-01-02","10320","19"\n', encoding="utf-8")
    assert _import(root, str(plain)) == 0
    out = capsys.readouterr().out
    assert "dropped rows 2-4 (3 row(s)): Date has no year" in out
    assert "(values: 'December 30', 'December 31', 'January 1')" in out
    assert "metrics: 1 row(s) added" in out


def test_a_file_whose_every_row_is_dropped_is_refused(root, tmp_path, capsys):
    plain = tmp_path / "FollowerHistory.csv"
    shutil.copy(FIXTURES / "FollowerHistory_2025-12-15_2026-01-13.csv", plain)
    assert _import(root, str(plain)) == 1
    err = capsys.readouterr().err
    assert "nothing to import, every row was dropped (rows 2-4: Date has no year" in err
    assert not (root / "acme" / "metrics.csv").exists()


def test_a_caption_over_several_lines_is_one_post(root, tmp_path):
    data = (FIXTURES / FB_SEP).read_bytes().replace(b"scenes, part", b"scenes,\r\npart")
    (tmp_path / FB_SEP).write_bytes(data)
    assert _import(root, str(tmp_path / FB_SEP)) == 0
    posts = _posts(root).set_index("post_id")
    assert len(posts) == 3
    assert posts.at["1234567890_102", "message"] == "Behind the scenes, part 1"


# --- refusals ---------------------------------------------------------------------------------


def test_an_unknown_file_is_refused_naming_the_formats_and_the_header(root, tmp_path, capsys):
    unknown = tmp_path / "posts.csv"
    unknown.write_text("Identifier,When,Hearts\n1,2026-07-01,5\n", encoding="utf-8")
    before = sorted(p.name for p in (root / "acme").iterdir())
    assert _import(root, str(unknown)) == 1
    err = capsys.readouterr().err
    assert "not an export the kit knows" in err
    assert "Header seen: Identifier, When, Hearts" in err
    for fmt in exports.FORMATS:
        assert fmt.name in err
    assert sorted(p.name for p in (root / "acme").iterdir()) == before


@pytest.mark.parametrize("name", ["junk.csv", "junk.xlsx", "empty.csv"])
def test_a_broken_file_is_refused_in_one_line(root, tmp_path, capsys, name):
    path = tmp_path / name
    path.write_bytes(bytes(range(256)) * 20 if name.startswith("junk") else b"")
    assert _import(root, str(path)) == 1
    err = capsys.readouterr().err
    assert err.startswith(f"error: {path}: ") and "Traceback" not in err


def test_a_component_is_chosen_by_platform_else_named(tmp_path, capsys):
    two = ECOSYSTEM + "fb-shop,Shop page,social_media_profile,facebook,mass_market\n"
    write_client(tmp_path, "acme", files={"ecosystem.csv": two})
    assert _import(tmp_path, FB_SEP) == 1
    err = capsys.readouterr().err
    assert "2 components on platform 'facebook': fb, fb-shop" in err
    assert "--component" in err
    assert not (tmp_path / "acme" / "posts.csv").exists()
    assert _import(tmp_path, FB_SEP, options=["--component", "nope"]) == 1
    assert "'nope' is not a component" in capsys.readouterr().err
    assert _import(tmp_path, FB_SEP, options=["--component", "fb-shop"]) == 0
    assert set(_posts(tmp_path)["component_id"]) == {"fb-shop"}


def test_no_component_on_the_platform_is_an_error(tmp_path, capsys):
    write_client(tmp_path, "acme")  # Facebook and a forum only
    assert _import(tmp_path, "Table data.csv") == 1
    assert "no component of client 'acme' has platform 'youtube'" in capsys.readouterr().err


# --- writing ----------------------------------------------------------------------------------


def test_the_write_keeps_history_and_existing_posts(tmp_path):
    posts = (
        "post_id,component_id,published_at,likes,comments,shares,reach\n"
        "own-1,forum,2026-07-01,1,2,3,4\n"
    )
    write_client(tmp_path, "acme", files={"ecosystem.csv": ECOSYSTEM, "posts.csv": posts})
    assert _import(tmp_path, FB_SEP) == 0
    table = _posts(tmp_path)
    assert len(table) == 4 and "own-1" in set(table["post_id"])
    kept = list((tmp_path / "acme" / editing.HISTORY_DIR).glob("*-posts.csv"))
    assert len(kept) == 1 and "own-1" in kept[0].read_text()


def test_a_workbook_client_gets_sheets_not_csv(tmp_path):
    sheets = {"ecosystem": csv_rows(ECOSYSTEM)}
    write_client(tmp_path, "acme", files={"ecosystem.csv": None, "inputs.xlsx": xlsx_bytes(sheets)})
    assert _import(tmp_path, "Table data.csv") == 0
    assert _import(tmp_path, "FollowerHistory_2025-12-15_2026-01-13.csv") == 0
    folder = tmp_path / "acme"
    assert not (folder / "posts.csv").exists() and not (folder / "metrics.csv").exists()
    assert intake.table_source(folder, "posts") == "xlsx"
    assert intake.table_source(folder, "metrics") == "xlsx"
    assert _total(_posts(tmp_path), "likes") == 512
    _valid(tmp_path)


def test_the_example_workbook_client_takes_an_import(tmp_path):
    shutil.copytree(ROOT / "client_data" / "ledgerline", tmp_path / "ledgerline")
    before = len(_posts(tmp_path, "ledgerline"))
    assert _import(tmp_path, "acme_content_1760000000000.xlsx", client="ledgerline") == 0
    after = _posts(tmp_path, "ledgerline")
    assert len(after) == before + 3
    assert set(after["component_id"].iloc[-3:]) == {"lg-linkedin"}
    _valid(tmp_path, "ledgerline")


# --- mentions from any listening tool ---------------------------------------------------------


def test_columns_map_a_listening_tools_file_into_mentions(root, tmp_path, capsys):
    tool = tmp_path / "mentions_export.csv"
    tool.write_text(
        "Report:,Acme mentions\nBrand:,Acme\nFrom:,2026-07-01\nTo:,2026-07-31\n"
        "Generated:,2026-08-01\nQuery:,acme\nTotal:,3\n\n"  # a listening tool's preamble
        "Date,Full Text,Author,Url\n"
        '2026-07-02 10:00,"Love the new \U0001d42d\U0001d41e\U0001d427\U0001d42d",@ann,u1\n'
        "07/03/2026 11:30,,@bob,u2\n"
        '"Fri, Jul 10, 2026",Queue was long,@cat,u3\n',
        encoding="utf-8-sig",
    )
    option = ["--columns", "text=Full Text,published_at=Date,author=Author"]
    assert _import(root, str(tool), options=option) == 0
    out = capsys.readouterr().out
    assert "mentions: 2 row(s) added" in out and "dropped row 11 (1 row(s)): no text" in out
    mentions, _ = intake.read_raw_table(root / "acme", "mentions")
    assert list(mentions["text"]) == ["Love the new tent", "Queue was long"]
    assert list(mentions["published_at"]) == ["2026-07-02T10:00", "2026-07-10"]
    _valid(root)
    assert _import(root, str(tool), options=option) == 0  # the same file again: ids are stable
    assert "0 row(s) added, 0 updated, 2 unchanged" in capsys.readouterr().out


def test_columns_naming_a_missing_header_is_refused(root, tmp_path, capsys):
    tool = tmp_path / "m.csv"
    tool.write_text("Date,Text\n2026-07-02,hi\n", encoding="utf-8")
    assert _import(root, str(tool), options=["--columns", "text=Body,published_at=Date"]) == 1
    assert "body" in capsys.readouterr().err.lower()
    assert _import(root, str(tool), options=["--columns", "text=Text"]) == 1
    assert "lacks published_at" in capsys.readouterr().err


# --- values -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "count"),
    [
        ("1.2K", 1200),
        ("18,400", 18400),
        ('"29.0"', 29),
        ("-", None),
        ("", None),
        ("3.4M", 3_400_000),
    ],
)
def test_counts_as_exports_write_them(text, count):
    assert exports.parse_count(text) == count


def test_a_count_that_is_not_a_count_drops_the_row_with_why(root, tmp_path, capsys):
    data = (FIXTURES / "Content_2025-12-15_2026-01-13.csv").read_text(encoding="utf-8")
    bad = tmp_path / "Content_2025-12-15_2026-01-13.csv"
    bad.write_text(data.replace("1.2K", "lots"), encoding="utf-8")
    assert _import(root, str(bad)) == 0
    out = capsys.readouterr().out
    assert "dropped row 2 (1 row(s)): Total likes: is not a count (values: 'lots')" in out
    assert len(_posts(root)) == 2


def test_spreadsheet_date_cells_are_read():
    assert exports.parse_when(dt.datetime(2026, 7, 1, 9, 30), None) == "2026-07-01T09:30"
    assert exports.parse_when(dt.date(2026, 7, 1), None) == "2026-07-01"


def test_export_ranges_from_file_names():
    assert exports.export_range(FB_SEP) == (dt.date(2025, 9, 1), dt.date(2025, 9, 30))
    assert exports.export_range("tweet_activity_metrics_a_20170401_20170430_en.csv") == (
        dt.date(2017, 4, 1),
        dt.date(2017, 4, 30),
    )
    assert exports.export_range("Table data.csv") is None


# --- the UCI Facebook data as a legacy Insights export ----------------------------------------


def _uci_as_legacy_export(path: Path) -> None:
    """Write the UCI posts as a legacy Insights export (two header rows).

    The UCI file has no dates: each post gets the first day of 2014 in its `Post Month` that
    falls on its `Post Weekday` (1 = Sunday), at its `Post Hour`. Its `like` column is the
    export's likes by action type; its empty cells stay empty (the UCI README: they are zeros).
    """
    import sys

    sys.path.insert(0, str(FIXTURES))
    from make_fixtures import legacy_rows

    uci = pd.read_csv(UCI, sep=";", dtype=str, keep_default_na=False)
    posts = []
    for i, row in uci.iterrows():
        month, weekday = int(row["Post Month"]), int(row["Post Weekday"])
        day = dt.date(2014, month, 1)
        while (day.isoweekday() % 7) + 1 != weekday:  # isoweekday: Monday 1 .. Sunday 7
            day += dt.timedelta(days=1)
        posts.append({
            "id": f"139441963225_{i + 1:04d}", "type": row["Type"],
            "posted": f"{day.month}/{day.day}/2014 {int(row['Post Hour'])}:00",
            "reach": row["Lifetime Post Total Reach"],
            "impressions": row["Lifetime Post Total Impressions"],
            "engaged": row["Lifetime Engaged Users"],
            "consumptions": row["Lifetime Post Consumptions"],
            "comment": row["comment"], "like": row["like"], "share": row["share"],
        })  # fmt: skip
    import csv

    with path.open("w", newline="", encoding="utf-8") as out:
        csv.writer(out).writerows(legacy_rows(posts))


def test_the_uci_data_as_a_legacy_export_imports_to_its_published_totals(tmp_path):
    write_client(tmp_path, "cosmetics", files={"client.yaml": CLIENT_YAML.replace("2026", "2014")})
    export = tmp_path / "Facebook Insights Data Export (Post Level) - Cosmetics.csv"
    _uci_as_legacy_export(export)
    assert _import(tmp_path, str(export), client="cosmetics") == 0
    posts = _posts(tmp_path, "cosmetics")
    assert len(posts) == 500
    assert posts["post_type"].value_counts().to_dict() == {
        "Photo": 426,
        "Status": 45,
        "Link": 22,
        "Video": 7,
    }
    # tests/data/README.md: the published totals of a correct load
    assert _total(posts, "comments") == 3741
    assert _total(posts, "likes") == 88795
    assert _total(posts, "shares") == 13524
    assert _total(posts, "reach") == 6951680
    assert _total(posts, "impressions") == 14792974
    assert posts["published_at"].str[:4].eq("2014").all()
    _valid(tmp_path, "cosmetics")
    client = intake.read_client("cosmetics", period="2014", data_root=tmp_path)
    assert client.table("posts")["likes"].sum() == 88795
