"""Write the export fixtures of this folder: one file per platform export format.

Headers are those recorded in the kit's docs/importing.md (from the platforms' real exports);
every row is made up. Each file carries its format's quirks (BOM, UTF-16 with `sep=,`, the
description row, `Lifetime`, the `Total` row, `1.2K` / `18,400` / `"29.0"` / `"-"`, US and
text dates, dates without a year, mathematical bold text). The fixtures are committed; this
script documents them and rewrites them (`python make_fixtures.py`; the LinkedIn .xls needs
the `xlwt` package, which only this script uses).
"""

from __future__ import annotations

import codecs
from pathlib import Path

HERE = Path(__file__).resolve().parent
BOM = codecs.BOM_UTF8

META_FB = (
    '"Post ID","Page ID","Page name",Title,Description,"Duration (sec)","Publish time",'
    '"Caption type",Permalink,"Is crosspost","Is share","Post type",Languages,"Custom labels",'
    '"Funded content status","Data comment",Date,Views,"Views from Organic posts",'
    '"Views from Boosted posts",Reach,"Reach from Organic posts","Reach from Boosted posts",'
    '"3-second video views","1-minute video views","3-Second viewers","1-minute viewers",'
    '"3-second video views from Boosted posts","3-second video views from Organic posts",'
    '"Reactions, Comments and Shares",Reactions,Comments,Shares,"Seconds viewed",'
    '"Average Seconds viewed"'
)
# Later exports add these (columns come and go).
META_FB_EXTRA = (
    ',"Negative feedback from users: Hide all","Negative feedback from users: Hide","Total clicks"'
)


def _fb_row(pid, title, desc, when, kind, views, reach, v3, reactions, comments, shares, extra=""):
    return (
        f'"{pid}","1234567890","Acme",{title},{desc},,"{when}",,https://fb.com/{pid},No,No,'
        f"{kind},,,,,Lifetime,{views},{views},0,{reach},{reach},0,{v3},,,,,{v3},"
        f"{reactions + comments + shares},{reactions},{comments},{shares},,{extra}"
    )


def meta_facebook() -> None:
    bold = "\U0001d401\U0001d422\U0001d420 \U0001d42c\U0001d41a\U0001d425\U0001d41e"  # Big sale
    rows = [
        META_FB,
        _fb_row("1234567890_101", f'"{bold} today"', "", "09/01/2025 21:13", "Photos",
                1200, 900, "", 50, 4, 3),
        _fb_row("1234567890_102", "", '"Behind the scenes, part 1"', "09/12/2025 08:05",
                "Reels", 5000, 3100, 2100, 210, 12, 30),
        _fb_row("1234567890_103", '"Read the guide"', "", "09/28/2025 17:40", "Links",
                800, 600, "", 9, 0, 1),
    ]  # fmt: skip
    data = BOM + ("\r\n".join(rows) + "\r\n").encode("utf-8")
    (HERE / "Sep-01-2025_Sep-30-2025_1234567890.csv").write_bytes(data)
    # A later export of the same page: higher lifetime figures, one more post, three more columns.
    rows = [
        META_FB + META_FB_EXTRA,
        _fb_row("1234567890_101", f'"{bold} today"', "", "09/01/2025 21:13", "Photos",
                1500, 1000, "", 60, 5, 3, ",0,0,40"),
        _fb_row("1234567890_102", "", '"Behind the scenes, part 1"', "09/12/2025 08:05",
                "Reels", 6400, 3900, 2600, 250, 15, 41, ",1,0,95"),
        _fb_row("1234567890_103", '"Read the guide"', "", "09/28/2025 17:40", "Links",
                800, 600, "", 9, 0, 1, ",0,0,12"),
        _fb_row("1234567890_104", '"October news"', "", "10/02/2025 09:00", "Photos",
                300, 250, "", 5, 1, 0, ",0,0,3"),
    ]  # fmt: skip
    data = BOM + ("\r\n".join(rows) + "\r\n").encode("utf-8")
    (HERE / "Sep-01-2025_Oct-15-2025_1234567890.csv").write_bytes(data)


def meta_instagram() -> None:
    rows = [
        '"Post ID","Account ID","Account username","Account name",Description,"Duration (sec)",'
        '"Publish time",Permalink,"Post type","Data comment",Date,Views,Reach,Likes,Shares,'
        "Follows,Comments,Saves",
        '"17900000000000001","17841400000000000","acme","Acme","New colours \U0001d5d4\U0001d5e5'
        '\U0001d5e7",0,"09/03/2025 12:00",https://ig.com/p/1,"IG image",,Lifetime,2000,1500,120,'
        "6,2,9,14",
        '"17900000000000002","17841400000000000","acme","Acme","Swipe through",0,'
        '"09/10/2025 18:30",https://ig.com/p/2,"IG carousel",,Lifetime,3500,2400,300,15,5,21,40',
        '"17900000000000003","17841400000000000","acme","Acme","In the workshop",32,'
        '"09/20/2025 07:45",https://ig.com/p/3,"IG reel",,Lifetime,9000,6100,640,88,11,37,75',
    ]
    data = BOM + ("\n".join(rows) + "\n").encode("utf-8")
    (HERE / "Sep-01-2025_Sep-30-2025_17841400000000000.csv").write_bytes(data)


LEGACY = [
    "Post ID", "Permalink", "Post Message", "Type", "Countries", "Languages", "Posted",
    "Audience Targeting", "Lifetime Post Total Reach", "Lifetime Post organic reach",
    "Lifetime Post Paid Reach", "Lifetime Post Total Impressions",
    "Lifetime Post Organic Impressions", "Lifetime Post Paid Impressions",
    "Lifetime Engaged Users", "Lifetime Post Consumers", "Lifetime Post Consumptions",
    "Lifetime Negative feedback", "Lifetime Negative Feedback from Users",
    "Lifetime Post Impressions by people who have liked your Page",
    "Lifetime Post reach by people who like your Page",
    "Lifetime Talking About This (Post) by action type - comment",
    "Lifetime Talking About This (Post) by action type - like",
    "Lifetime Talking About This (Post) by action type - share",
]  # fmt: skip
LEGACY_DESCRIPTIONS = [
    "The unique ID of the post", "", "", "", "", "", "", "",
    "Lifetime: The total number of people your Page post was served to. (Unique Users)",
    "Lifetime: The number of people who saw your Page post in news feed or ticker, or on your "
    "Page's timeline. (Unique Users)",
    "Lifetime: The number of people your advertised Page post was served to. (Unique Users)",
    "Lifetime: The number of impressions of your Page post. (Total Count)",
    "Lifetime: The number of organic impressions. (Total Count)",
    "Lifetime: The number of paid impressions. (Total Count)",
    "Lifetime: The number of people who clicked anywhere in your posts. (Unique Users)",
    "Lifetime: The number of people who clicked anywhere in your post. (Unique Users)",
    "Lifetime: The number of clicks anywhere in your post. (Total Count)",
    "Lifetime: The number of times people have given negative feedback to your post. (Total Count)",
    "Lifetime: The number of people who have given negative feedback to your post. (Unique Users)",
    "Lifetime: impressions by people who like your Page. (Total Count)",
    "Lifetime: reach by people who like your Page. (Unique Users)",
    "Lifetime: The number of comments. (Total Count)",
    "Lifetime: The number of likes. (Total Count)",
    "Lifetime: The number of shares. (Total Count)",
]  # fmt: skip


def legacy_rows(posts) -> list[list[str]]:
    """The legacy export's rows (names, descriptions, posts) for `posts`, dicts of its fields."""
    rows = [LEGACY, LEGACY_DESCRIPTIONS]
    for p in posts:
        rows.append([
            p["id"], f"https://www.facebook.com/{p['id']}", p.get("message", ""), p["type"], "",
            "", p["posted"], "", p["reach"], p["reach"], "0", p["impressions"], p["impressions"],
            "0", p.get("engaged", ""), "", p.get("consumptions", ""), "", "", "", "",
            p["comment"], p["like"], p["share"],
        ])  # fmt: skip
    return rows


def legacy_insights() -> None:
    import csv
    import io

    posts = [
        {"id": "200000000000001_300000000000001", "type": "Photo", "posted": "10/1/2015 21:00",
         "reach": "2,752", "impressions": "5091", "consumptions": "159", "comment": "4",
         "like": "79", "share": "17", "message": "Autumn colours are in"},
        {"id": "200000000000001_300000000000002", "type": "Status",
         "posted": "01/19/2017 09:03:47 AM", "reach": "10460", "impressions": "19057",
         "consumptions": "1674", "comment": "5", "like": "130", "share": "29"},
        {"id": "200000000000001_300000000000003", "type": "Video", "posted": "10/3/2015 9:30",
         "reach": "2413", "impressions": "4373", "consumptions": "", "comment": "0",
         "like": "66", "share": "14"},
    ]  # fmt: skip
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerows(legacy_rows(posts))
    (HERE / "Facebook Insights Data Export (Post Level) - Acme - 2017-01-31.csv").write_text(
        buffer.getvalue(), encoding="utf-8"
    )


def x_legacy() -> None:
    header = (
        '"Tweet id","Tweet permalink","Tweet text","time","impressions","engagements",'
        '"engagement rate","retweets","replies","favorites","user profile clicks","url clicks",'
        '"hashtag clicks","detail expands","permalink clicks","app opens","app installs",'
        '"follows","email tweet","dial phone","media views","media engagements",'
        '"promoted impressions","promoted engagements"'
    )
    rows = [
        header,
        '"849000000000000001","https://twitter.com/acme/status/849000000000000001","Spring '
        'is here","2017-04-04 00:00 +0000","1523.0","41.0","0.0269","6.0","2.0","29.0","3.0",'
        '"1.0","0.0","4.0","0.0","0","0","0","0","0","0.0","0.0","-","-"',
        '"849000000000000002","https://twitter.com/acme/status/849000000000000002","Our new '
        'store opens","2017-04-12 15:30 +0000","3210.0","120.0","0.0374","18.0","9.0","64.0",'
        '"7.0","12.0","0.0","8.0","2.0","0","0","0","0","0","140.0","10.0","-","-"',
        '"849000000000000003","https://twitter.com/acme/status/849000000000000003","Thanks '
        'all","2017-04-29 09:10 +0000","800.0","12.0","0.015","1.0","0.0","5.0","1.0","0.0",'
        '"0.0","1.0","0.0","0","0","0","0","0","0.0","0.0","-","-"',
    ]
    path = HERE / "tweet_activity_metrics_acme_20170401_20170430_en.csv"
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")


def x_content() -> None:
    rows = [
        "Post id,Date,Post text,Post Link,Impressions,Likes,Engagements,Bookmarks,Shares,"
        "New follows,Replies,Reposts,Profile visits,Detail Expands,URL Clicks,Hashtag Clicks,"
        "Permalink Clicks",
        '1944000000000000001,"Tue, Jul 14, 2026",Summer sale starts,https://x.com/acme/status/'
        "1944000000000000001,4200,88,150,7,3,2,11,14,9,20,6,0,1",
        '1944000000000000002,"Mon, Jul 20, 2026","Q&A, live",https://x.com/acme/status/'
        '1944000000000000002,"1,250",30,61,2,0,0,5,4,3,12,3,0,0',
        '1944000000000000003,"Fri, Jul 31, 2026",Last call,https://x.com/acme/status/'
        "1944000000000000003,980,12,20,0,1,1,2,1,1,4,0,0,0",
    ]
    path = HERE / "account_analytics_content_2026-07-01_2026-07-31.csv"
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")


def x_overview() -> None:
    rows = [
        "Date,Impressions,Likes,Engagements,Bookmarks,Shares,New follows,Unfollows,Replies,"
        "Reposts,Profile visits,Create Post,Video views,Media views",
        '"Tue, Jul 14, 2026",5100,95,170,7,3,4,1,11,14,12,1,0,40',
        '"Wed, Jul 15, 2026",900,10,22,0,0,1,0,1,2,3,0,0,5',
        '"Thu, Jul 16, 2026",640,6,9,0,0,0,2,0,1,1,0,0,0',
    ]
    path = HERE / "account_overview_analytics_2026-07-01_2026-07-31.csv"
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")


def linkedin_older() -> None:
    import xlwt

    book = xlwt.Workbook()
    metrics = book.add_sheet("Update metrics (aggregated)")
    head = ["Date", "Impressions (organic)", "Impressions (sponsored)", "Impressions (total)"]
    for c, h in enumerate(head):
        metrics.write(0, c, h)
    metrics.write(1, 0, "09/15/2025")
    for c, v in enumerate([400, 0, 400], 1):
        metrics.write(1, c, v)
    sheet = book.add_sheet("Update engagement")
    head = [
        "Created date", "Update title", "Update link", "Update type", "Impressions",
        "Video views", "Clicks", "Click through rate (CTR)", "Likes", "Comments", "Shares",
        "Follows", "Engagement rate",
    ]  # fmt: skip
    rows = [
        ["09/15/2025", "We are hiring", "https://www.linkedin.com/feed/update/urn:li:activity:1",
         "Organic", 1400, "", 35, 0.025, 40, 6, 4, 1, 0.061],
        ["09/22/2025", "Case study: \U0001d5d4\U0001d5f0\U0001d5ee",
         "https://www.linkedin.com/feed/update/urn:li:activity:2", "Organic", 2600, 410, 90,
         0.034, 75, 9, 12, 3, 0.071],
        ["09/29/2025", "Team offsite", "https://www.linkedin.com/feed/update/urn:li:activity:3",
         "Organic", 900, "", 12, 0.013, 22, 1, 0, 0, 0.039],
    ]  # fmt: skip
    for c, h in enumerate(head):
        sheet.write(0, c, h)
    for r, row in enumerate(rows, 1):
        for c, v in enumerate(row):
            sheet.write(r, c, v)
    book.save(str(HERE / "acme_content_1758000000000.xls"))


def linkedin_newer() -> None:
    from openpyxl import Workbook

    book = Workbook()
    book.active.title = "Metrics"
    book["Metrics"].append(["Aggregated metrics for the selected range"])
    book["Metrics"].append(["Date", "Impressions (organic)", "Impressions (total)"])
    book["Metrics"].append(["10/01/2026", 300, 300])
    posts = book.create_sheet("All posts")
    posts.append(["All posts published in the selected range. Metrics are lifetime values."])
    posts.append([
        "Post title", "Post link", "Post type", "Posted by", "Created date", "Audience",
        "Impressions", "Views (excluding off-site video views)", "Off-site views", "Clicks",
        "Click through rate (CTR)", "Likes", "Comments", "Reposts", "Follows", "Engagement rate",
        "Content Type",
    ])  # fmt: skip
    posts.append(["Product launch", "https://www.linkedin.com/feed/update/urn:li:activity:11",
                  "Organic", "Ann", "10/02/2026", "All followers", 3100, None, None, 120, 0.039,
                  95, 14, 8, 2, 0.076, "Image"])  # fmt: skip
    posts.append(["Webinar replay", "https://www.linkedin.com/feed/update/urn:li:activity:12",
                  "Organic", "Ann", "10/09/2026", "All followers", 1800, 650, 40, 70, 0.039,
                  41, 3, 5, 0, 0.066, "Video"])  # fmt: skip
    posts.append(["Year in numbers", "https://www.linkedin.com/feed/update/urn:li:activity:13",
                  "Sponsored", "Ben", "10/20/2026", "All followers", 5200, None, None, 310, 0.06,
                  160, 22, 19, 6, 0.098, "Document"])  # fmt: skip
    visitors = book.create_sheet("Visitor metrics")
    visitors.append(["Date", "Total page views (desktop)"])
    book.save(HERE / "acme_content_1760000000000.xlsx")


def youtube() -> None:
    rows = [
        "Content,Video title,Video publish time,Duration,Views,Engaged views,Watch time (hours),"
        "Average view duration,Average percentage viewed (%),Impressions,"
        "Impressions click-through rate (%),Likes,Comments added,Shares,Subscribers gained,"
        "Subscribers lost,YouTube Premium views,Unique viewers",
        "Total,,,,12640,9100,820.5,0:03:53,41.2,150300,4.1,512,61,88,70,4,300,9800",
        'dQw4w9WgXcQ,How we make it,"Oct 3, 2026",412,8200,6000,600.1,0:04:23,45.0,90000,'
        "5.2,350,40,60,50,3,200,6400",
        'a1B2c3D4e5F,Behind the counter,"Oct 10, 2026",188,3140,2300,170.4,0:03:15,40.1,'
        "45000,3.9,120,15,20,15,1,70,2600",
        'Z9y8X7w6V5u,A short one,"Oct 21, 2026",58,1300,800,50.0,0:02:18,60.0,15300,2.0,'
        "42,6,8,5,0,30,800",
    ]
    (HERE / "Table data.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")


def tiktok() -> None:
    rows = [
        "Video title,Video link,Post time,Total likes,Total comments,Total shares,Total views,"
        "Average watch time",
        "Morning routine,https://www.tiktok.com/@acme/video/7400000000000000001,"
        '2025-12-20 18:20,1.2K,34,"1,050",18.4K,7.1',
        "Unboxing,https://www.tiktok.com/@acme/video/7400000000000000002,2025-12-28 09:00,"
        '980,12,40,"18,400",5.2',
        "New year,https://www.tiktok.com/@acme/video/7400000000000000003,2026-01-01 00:05,"
        "3.4K,120,410,0.1M,9.8",
    ]
    path = HERE / "Content_2025-12-15_2026-01-13.csv"
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    overview = [
        '"Date","Video Views","Profile Views","Likes","Comments","Shares"',
        '"December 30","1200","45","88","4","2"',
        '"December 31","1.5K","60","120","7","5"',
        '"January 1","2,100","81","200","12","9"',
    ]
    path = HERE / "Overview_2025-12-15_2026-01-13.csv"
    path.write_text("\n".join(overview) + "\n", encoding="utf-8")
    followers = [
        '"Date","Followers","Difference in followers from previous day"',
        '"December 30","10250","12"',
        '"December 31","10270","20"',
        '"January 1","10301","31"',
    ]
    path = HERE / "FollowerHistory_2025-12-15_2026-01-13.csv"
    path.write_text("\n".join(followers) + "\n", encoding="utf-8")


def meta_page_daily() -> None:
    lines = [
        "sep=,",
        '"Facebook follows"',
        '"Date","Primary"',
        '"2025-09-01T00:00:00","12"',
        '"2025-09-02T00:00:00","7"',
        '"2025-09-03T00:00:00","0"',
        '"2025-09-04T00:00:00","15"',
    ]
    data = codecs.BOM_UTF16_LE + ("\r\n".join(lines) + "\r\n").encode("utf-16-le")
    (HERE / "Sep-01-2025_Sep-30-2025_Follows.csv").write_bytes(data)


if __name__ == "__main__":
    for make in (
        meta_facebook,
        meta_instagram,
        legacy_insights,
        x_legacy,
        x_content,
        x_overview,
        linkedin_older,
        linkedin_newer,
        youtube,
        tiktok,
        meta_page_daily,
    ):
        make()  # fmt: skip
