"""The example clients (scripts/make_examples.py) and the Facebook conversion script.

These tests read the committed client folders with pandas and yaml (an independent reading), and
ask the kit's intake to validate them as well.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import importlib.util
import io
import math
import random
import re
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest
import realdata
import yaml
from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

from socialworkbook import intake, vocab
from socialworkbook.catalogue import METRICS

ROOT = Path(__file__).resolve().parents[2]
SCRIPTS = ROOT / "scripts"
DATA_ROOT = ROOT / "client_data"
CLIENTS = ("northwind-outdoor", "ledgerline")
TABLES = ("ecosystem", "ogst", "functions", "value_scores", "posts", "mentions", "metrics")
FACEBOOK = realdata.FACEBOOK_CSV
PERIOD = (pd.Timestamp("2026-07-01"), pd.Timestamp("2026-09-30"))
BASELINE = (pd.Timestamp("2026-04-01"), pd.Timestamp("2026-06-30"))


def _script(name: str):
    """Import scripts/<name>.py (the scripts folder is not a package)."""
    module_name = f"_scripts_{name}"
    if module_name in sys.modules:
        return sys.modules[module_name]
    spec = importlib.util.spec_from_file_location(module_name, SCRIPTS / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[module_name] = module  # dataclasses need the module registered while it loads
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def make_examples():
    return _script("make_examples")


def load(client: str, name: str) -> pd.DataFrame | None:
    """A table of a committed example client as text cells ("" when empty), or None if absent."""
    folder = DATA_ROOT / client
    if (folder / f"{name}.csv").exists():
        return pd.read_csv(folder / f"{name}.csv", dtype=str, keep_default_na=False)
    if (folder / "inputs.xlsx").exists():
        sheets = pd.ExcelFile(folder / "inputs.xlsx", engine="openpyxl").sheet_names
        if name in sheets:
            frame = pd.read_excel(
                folder / "inputs.xlsx", sheet_name=name, dtype=object, engine="openpyxl"
            )
            return frame.map(_text)
    return None


def _text(value) -> str:
    if value is None or (isinstance(value, float) and pd.isna(value)) or value is pd.NaT:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, (dt.datetime, pd.Timestamp)):
        return value.isoformat()
    return str(value)


def split(cell: str) -> list[str]:
    return [part.strip() for part in str(cell).split(";") if part.strip()]


def numbers(frame: pd.DataFrame, column: str) -> pd.Series:
    return pd.to_numeric(frame[column].replace("", "0"))


def dates(frame: pd.DataFrame, column: str) -> pd.Series:
    return pd.to_datetime(frame[column], format="ISO8601")


def within(values: pd.Series, span) -> pd.Series:
    days = values.dt.normalize()
    return (days >= span[0]) & (days <= span[1])


def active(eco: pd.DataFrame) -> pd.DataFrame:
    return eco[eco["status"].isin(["", "active"])]


# --------------------------------------------------------------------------------------------------
# The generator


def test_committed_examples_match_the_generator():
    result = subprocess.run(
        [sys.executable, str(SCRIPTS / "make_examples.py"), "--check"],
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    assert result.returncode == 0, result.stderr


def test_generator_is_deterministic(tmp_path, make_examples):
    for name in ("a", "b"):
        assert make_examples.main(["--out", str(tmp_path / name)]) == 0
    first = sorted(
        p.relative_to(tmp_path / "a") for p in (tmp_path / "a").rglob("*") if p.is_file()
    )
    second = sorted(
        p.relative_to(tmp_path / "b") for p in (tmp_path / "b").rglob("*") if p.is_file()
    )
    assert first == second and first
    for relative in first:
        assert (tmp_path / "a" / relative).read_bytes() == (tmp_path / "b" / relative).read_bytes()


def test_check_mode_fails_on_a_changed_or_extra_file(tmp_path, make_examples):
    assert make_examples.main(["--out", str(tmp_path)]) == 0
    assert make_examples.main(["--check", "--out", str(tmp_path)]) == 0
    posts = tmp_path / "northwind-outdoor" / "posts.csv"
    posts.write_bytes(posts.read_bytes() + b"\n")
    assert make_examples.main(["--check", "--out", str(tmp_path)]) == 1
    make_examples.main(["--out", str(tmp_path)])
    (tmp_path / "ledgerline" / "posts.csv").write_text("post_id\n")
    assert make_examples.main(["--check", "--out", str(tmp_path)]) == 1


def test_each_story_is_a_data_file_that_drives_the_generator(tmp_path, monkeypatch, make_examples):
    stories = SCRIPTS / "examples"
    assert sorted(p.stem for p in stories.glob("*.toml")) == sorted(CLIENTS)
    for client in CLIENTS:
        text = (stories / f"{client}.toml").read_text(encoding="utf-8")
        (tmp_path / f"{client}.toml").write_text(
            text.replace('name = "r/NorthwindOutdoor"', 'name = "r/Renamed"'), encoding="utf-8"
        )
    monkeypatch.setattr(make_examples, "STORIES", tmp_path)
    files = make_examples.build("northwind-outdoor")
    names = pd.read_csv(io.BytesIO(files["ecosystem.csv"]))["name"].tolist()
    assert "r/Renamed" in names and "r/NorthwindOutdoor" not in names
    assert files["posts.csv"] == (DATA_ROOT / "northwind-outdoor" / "posts.csv").read_bytes()


def test_the_built_in_shift_is_a_dated_mix_in_the_story(make_examples):
    story = make_examples.read_story("northwind-outdoor")
    (club,) = [p for p in make_examples.mention_plans(story) if p.component_id == "nw-trail-club"]
    assert club.mix(dt.date(2026, 6, 30)) == {"positive": 0.45, "neutral": 0.22, "negative": 0.33}
    assert club.mix(dt.date(2026, 7, 31)) == {"positive": 0.61, "neutral": 0.22, "negative": 0.17}
    assert club.mix(dt.date(2026, 8, 1)) == {"positive": 0.67, "neutral": 0.21, "negative": 0.12}
    assert club.pools(dt.date(2026, 6, 30)) == ["trail_club_before", "retail"]
    assert club.pools(dt.date(2026, 7, 1)) == ["trail_club_after", "retail"]


def test_a_metric_series_is_drawn_as_its_story_notes_say(make_examples):
    series = {"level": 100, "slope": 10, "bumps": {"8": 5}, "growth": 0.5, "season": "s"}
    series |= {"share": 0.5, "noise": 0.1, "after": {"8": 7}}
    value = make_examples._monthly_value(series, {"s": {8: 2.0}}, 0.5, 8, make_examples.Rng("x"))
    noise = math.exp(random.Random("x").gauss(0.0, 0.1))
    assert value == pytest.approx((100 + 10 * 0.5 + 5) * 1.25 * 2.0 * 0.5 * noise + 7)
    jittered = make_examples._monthly_value(
        {"level": 3, "jitter": 2}, {}, 0.0, 1, make_examples.Rng("y")
    )
    assert jittered == pytest.approx(3 + random.Random("y").uniform(-2, 2))


def test_examples_are_small():
    total = sum(p.stat().st_size for c in CLIENTS for p in (DATA_ROOT / c).iterdir() if p.is_file())
    assert total < 3_000_000


# --------------------------------------------------------------------------------------------------
# Format (CONTRACT.md section 1)


@pytest.mark.parametrize("client", CLIENTS)
def test_client_yaml_and_readme(client):
    config = yaml.safe_load((DATA_ROOT / client / "client.yaml").read_text(encoding="utf-8"))
    assert config["period"] == "2026-Q3" and config["baseline"] == "2026-Q2"
    for key in ("name", "industry", "currency", "competitors", "brand", "brand_color"):
        assert config[key], key
    assert re.fullmatch(r"#[0-9a-f]{6}", config["brand_color"])
    readme = (DATA_ROOT / client / "README.md").read_text(encoding="utf-8")
    assert "FICTIONAL" in readme and "Stories and gaps" in readme


def test_northwind_uses_csv_and_ledgerline_the_workbook():
    northwind = {p.name for p in (DATA_ROOT / "northwind-outdoor").iterdir()}
    assert {f"{t}.csv" for t in TABLES} <= northwind and "inputs.xlsx" not in northwind
    ledgerline = {p.name for p in (DATA_ROOT / "ledgerline").iterdir()}
    sheets = set(
        pd.ExcelFile(DATA_ROOT / "ledgerline" / "inputs.xlsx", engine="openpyxl").sheet_names
    )
    assert sheets == set(TABLES) - {"mentions"}
    assert "mentions.csv" in ledgerline
    assert not {f"{s}.csv" for s in sheets} & ledgerline  # never a table in both places


@pytest.mark.parametrize("client", CLIENTS)
def test_tables_follow_the_contract(client):
    for name in TABLES:
        frame = load(client, name)
        assert frame is not None, name
        spec = vocab.TABLES[name]
        assert set(spec.required_columns) <= set(frame.columns), name
        for column in spec.columns:
            if column.name not in frame:
                continue
            cells = frame[column.name]
            if column.required:
                assert (cells != "").all(), (name, column.name)
            if column.kind == "vocab":
                assert set(cells) - {""} <= set(vocab.VOCABULARIES[column.vocab]), column.name
            if column.kind == "multi" and column.vocab:
                values = {v for cell in cells for v in split(cell)}
                assert values <= set(vocab.VOCABULARIES[column.vocab]), column.name
            if column.kind == "count":
                filled = cells[cells != ""]
                assert filled.str.fullmatch(r"\d+").all(), column.name
            if column.kind == "datetime":
                dates(frame[frame[column.name] != ""], column.name)
        if spec.key:
            assert frame[spec.key].is_unique, spec.key
    eco = load(client, "ecosystem")
    assert eco["component_id"].str.fullmatch(r"[a-z0-9][a-z0-9_-]{0,63}").all()
    scores = load(client, "value_scores")
    assert set(scores["dimension"]) <= set(vocab.DIMENSIONS)


@pytest.mark.parametrize("client", CLIENTS)
def test_sizes_and_coverage_of_the_year(client):
    eco, posts, mentions = (
        load(client, "ecosystem"),
        load(client, "posts"),
        load(client, "mentions"),
    )
    assert len(eco) >= 8
    assert len(posts) >= 300 and len(mentions) >= 2_000
    for frame in (posts, mentions):
        moments = dates(frame, "published_at")
        assert moments.min() >= pd.Timestamp("2025-10-01")
        assert moments.max() < pd.Timestamp("2026-10-01")
        assert within(moments, PERIOD).sum() >= 100 and within(moments, BASELINE).sum() >= 100
    metrics = load(client, "metrics")
    assert (
        within(dates(metrics, "date"), PERIOD).any()
        and within(dates(metrics, "date"), BASELINE).any()
    )
    for name in (
        "leads",
        "support_cases",
        "response_time_hours",
        "active_members",
        "ideas_submitted",
        "ideas_implemented",
        "monthly_active_users",
    ):
        assert name in set(metrics["metric"]), name
    assert (mentions["component_id"] != "").mean() > 0.6  # component_id for most
    assert mentions["author"].duplicated().any()  # some authors repeat
    labelled = (mentions["label"] != "").mean()
    assert 0.08 <= labelled <= 0.16
    empty = posts[[c for c in vocab.COUNT_COLUMNS if c in posts]] == ""
    # a count a platform does not have is blank on every post of its component (Reddit's likes)
    lacking = empty.groupby(posts["component_id"]).transform("all")
    assert 3 <= int((empty & ~lacking).sum().sum()) <= 10  # a few stray blanks, as exports have
    if client == "northwind-outdoor":
        assert lacking.loc[posts["component_id"] == "nw-reddit", "likes"].all()


def test_every_component_type_and_stage_is_covered():
    ecos = {c: load(c, "ecosystem") for c in CLIENTS}
    types = set().union(*(set(e["component_type"]) for e in ecos.values()))
    stages = set().union(*(set(e["continuum_stage"]) for e in ecos.values()))
    assert types == set(vocab.VOCABULARIES["component_type"])
    assert stages == set(vocab.VOCABULARIES["continuum_stage"])
    for eco in ecos.values():
        assert eco["component_type"].nunique() >= 5
        assert set(eco["status"]) == {"active", "planned", "retired"}


@pytest.mark.parametrize("client", CLIENTS)
def test_references_exist(client):
    ids = set(load(client, "ecosystem")["component_id"])
    for name in ("ogst", "value_scores", "posts", "mentions", "metrics"):
        used = set(load(client, name)["component_id"]) - {""}
        assert used <= ids, (name, used - ids)
    functions = load(client, "functions")
    assert {c for cell in functions["components"] for c in split(cell)} <= ids
    metric_names = set(METRICS.known()) | set(load(client, "metrics")["metric"])
    ogst = load(client, "ogst")
    assert set(ogst["metric"]) - {""} <= metric_names
    assert {m for cell in functions["metrics"] for m in split(cell)} <= metric_names


@pytest.mark.parametrize("client", CLIENTS)
def test_frameworks_are_filled_in(client):
    eco, ogst = load(client, "ecosystem"), load(client, "ogst")
    functions, scores = load(client, "functions"), load(client, "value_scores")
    assert len(functions) >= 4
    assert functions["business_function"].is_unique
    live = set(active(eco)["component_id"])
    with_goal = set(ogst.loc[ogst["metric"] != "", "component_id"])
    assert len(live & with_goal) >= len(live) - 2  # most active components have a measurable goal
    measurable = ogst[ogst["metric"] != ""]
    assert (measurable["target"] != "").all() and (measurable["target_date"] != "").all()
    assert measurable["tactics"].str.contains(";").all()
    expected = {(c, d) for c in live for d in vocab.DIMENSIONS}
    assert set(zip(scores["component_id"], scores["dimension"], strict=True)) == expected
    values = pd.to_numeric(scores["score"])
    assert values.between(0, 5).all() and (values == values.round()).all()


# --------------------------------------------------------------------------------------------------
# The stories and gaps the data is built to show


def _mentions_with_design(client: str, make_examples) -> pd.DataFrame:
    mentions = load(client, "mentions")
    mentions["design"] = mentions["text"].map(make_examples.template_class)
    mentions["when"] = dates(mentions, "published_at")
    return mentions


def _positive_share(frame: pd.DataFrame, column: str) -> float:
    return float((frame[column] == "positive").mean())


def test_trail_club_sentiment_shift_is_built_in(make_examples):
    mentions = _mentions_with_design("northwind-outdoor", make_examples)
    assert (mentions["design"] == "positive").mean() > 0.3  # the classifier recognises the wording
    base = mentions[within(mentions["when"], BASELINE)]
    period = mentions[within(mentions["when"], PERIOD)]
    club = "nw-trail-club"
    before = _positive_share(base[base["component_id"] == club], "design")
    after = _positive_share(period[period["component_id"] == club], "design")
    assert before < 0.5 and after > 0.6 and after - before >= 0.15
    assert (base["component_id"] == club).sum() >= 100 and (
        period["component_id"] == club
    ).sum() >= 100
    # Other components stay roughly stable.
    for component in ("nw-instagram", "nw-facebook", "nw-reddit", "nw-tiktok"):
        b = base[base["component_id"] == component]
        p = period[period["component_id"] == component]
        assert abs(_positive_share(p, "design") - _positive_share(b, "design")) < 0.1, component
    # The human labels tell the same story.
    labelled_b = base[(base["component_id"] == club) & (base["label"] != "")]
    labelled_p = period[(period["component_id"] == club) & (period["label"] != "")]
    assert _positive_share(labelled_p, "label") > _positive_share(labelled_b, "label")


def test_labels_mostly_agree_with_the_wording(make_examples):
    for client in CLIENTS:
        mentions = _mentions_with_design(client, make_examples)
        labelled = mentions[mentions["label"] != ""]
        assert 0.75 <= (labelled["label"] == labelled["design"]).mean() < 1.0


def test_northwind_carries_a_random_sample_labelled_from_the_truth(tmp_path, make_examples):
    """The sample is the one `socialworkbook sample --n 200 --seed 2026` draws from the folder
    without it, and every label is the class the mention was composed to carry (never VADER's)."""
    import shutil

    from socialworkbook import cli

    folder = DATA_ROOT / "northwind-outdoor"
    labels = pd.read_csv(folder / "labels.csv", dtype=str, keep_default_na=False)
    mentions = _mentions_with_design("northwind-outdoor", make_examples).set_index("mention_id")
    assert (labels["sample"] == "s1").all() and len(labels) == 400
    assert (labels["label"] == mentions.loc[labels["mention_id"], "design"].to_numpy()).all()
    days = pd.to_datetime(mentions.loc[labels["mention_id"], "published_at"]).dt.normalize()
    assert days.between(*PERIOD).sum() == days.between(*BASELINE).sum() == 200
    assert (mentions.loc[labels["mention_id"], "label"] == "").all()  # not hand-labelled before
    copy = tmp_path / "northwind-outdoor"
    shutil.copytree(folder, copy, ignore=shutil.ignore_patterns(".*", "labels.csv", "samples.*"))
    args = ["sample", "northwind-outdoor", "--n", "200", "--seed", "2026"]
    assert cli.main([*args, "--data-root", str(tmp_path)]) == 0
    drawn = pd.read_csv(copy / "labels.csv", dtype=str, keep_default_na=False)
    assert drawn["mention_id"].tolist() == labels["mention_id"].tolist()


def test_vader_sees_the_built_in_shift(make_examples):
    analyzer = SentimentIntensityAnalyzer()

    def classify(text: str) -> str:
        text = re.sub(r"https?://\S+|www\.\S+", " ", text)
        text = re.sub(r"@\w[\w.]*", " ", text)
        compound = analyzer.polarity_scores(text)["compound"]
        return "positive" if compound >= 0.05 else "negative" if compound <= -0.05 else "neutral"

    mentions = _mentions_with_design("northwind-outdoor", make_examples)
    club = mentions[mentions["component_id"] == "nw-trail-club"].copy()
    club["vader"] = club["text"].map(classify)
    assert (club["vader"] == club["design"]).mean() > 0.9
    before = _positive_share(club[within(club["when"], BASELINE)], "vader")
    after = _positive_share(club[within(club["when"], PERIOD)], "vader")
    assert after - before >= 0.12


def test_ledgerline_outage_spike(make_examples):
    mentions = _mentions_with_design("ledgerline", make_examples)
    x = mentions[mentions["component_id"] == "lg-x"]
    days = x["when"].dt.normalize()
    outage = x[(days >= "2026-08-11") & (days <= "2026-08-14")]
    assert len(outage) / 4 > 3 * len(x[within(x["when"], PERIOD)]) / 92
    assert (outage["design"] == "negative").mean() > 0.6


def _gaps(client: str) -> dict[str, bool]:
    eco, ogst = load(client, "ecosystem"), load(client, "ogst")
    functions, scores, posts = (
        load(client, "functions"),
        load(client, "value_scores"),
        load(client, "posts"),
    )
    live = active(eco)
    listening = live[
        live["purposes"].map(lambda c: "listening" in split(c))
        | live["component_type"].isin(["listening_tool", "social_crm"])
    ]
    served_functions = {f for cell in live["business_functions"] for f in split(cell)}
    served_stages = {s for cell in live["lifecycle_stages"] for s in split(cell)}
    stages = live["continuum_stage"].value_counts()
    retired = set(eco.loc[eco["status"] == "retired", "component_id"])
    measurable = set(ogst.loc[(ogst["metric"] != "") & (ogst["target"] != ""), "component_id"])
    # Value score against evidence: brand_awareness >= 4 with period reach in the bottom quarter.
    moments = dates(posts, "published_at")
    reach = (
        numbers(posts, "reach")[within(moments, PERIOD)]
        .groupby(posts.loc[within(moments, PERIOD), "component_id"])
        .sum()
    )
    rank = reach.rank(pct=True)
    awareness = scores[scores["dimension"] == "brand_awareness"].set_index("component_id")["score"]
    contradicted = [
        c
        for c in rank.index
        if len(rank) >= 4 and rank[c] <= 0.25 and int(awareness.get(c, 0)) >= 4
    ]
    return {
        "no_listening_post": listening.empty,
        "function_without_component": bool(set(functions["business_function"]) - served_functions),
        "lifecycle_stage_unserved": bool(
            set(vocab.VOCABULARIES["lifecycle_stages"]) - served_stages
        ),
        "mass_market_crowding_no_social_crm": stages.get("social_crm", 0) == 0
        and stages.get("mass_market", 0) > len(live) / 2,
        "component_without_owner": (live["owner"] == "").any(),
        "retired_with_goal": bool(retired & set(ogst["component_id"])),
        "active_without_measurable_goal": bool(set(live["component_id"]) - measurable),
        "score_contradicts_evidence": bool(contradicted),
    }


def test_every_gap_occurs_and_no_client_has_them_all():
    gaps = {client: _gaps(client) for client in CLIENTS}
    for name in gaps[CLIENTS[0]]:
        assert any(g[name] for g in gaps.values()), name
    for client, found in gaps.items():
        assert not all(found.values()), client
    assert gaps["northwind-outdoor"]["no_listening_post"]
    assert not gaps["ledgerline"]["no_listening_post"]  # the listening gap is one client's only
    assert gaps["ledgerline"]["lifecycle_stage_unserved"]


def test_pinterest_score_contradicts_its_reach():
    posts = load("northwind-outdoor", "posts")
    moments = dates(posts, "published_at")
    period = posts[within(moments, PERIOD)]
    reach = numbers(period, "reach").groupby(period["component_id"]).sum()
    assert len(reach) >= 4 and reach.idxmin() == "nw-pinterest"
    scores = load("northwind-outdoor", "value_scores")
    row = scores[
        (scores["component_id"] == "nw-pinterest") & (scores["dimension"] == "brand_awareness")
    ]
    assert row["score"].tolist() == ["5"]


POST_RATES = {
    "conversation_rate": "comments",
    "amplification_rate": "shares",
    "applause_rate": "likes",
}


def _goal_actual(client: str, metric: str, component: str, make_examples) -> float | None:
    """The goal's actual over 2026-Q3, as CONTRACT.md section 3 defines the metric."""
    posts, metrics = load(client, "posts"), load(client, "metrics")
    if metric in ("net_sentiment", "mentions"):
        mentions = _mentions_with_design(client, make_examples)
        rows = mentions[(mentions["component_id"] == component) & within(mentions["when"], PERIOD)]
        if metric == "mentions":
            return float(len(rows))
        return 100 * ((rows["design"] == "positive").mean() - (rows["design"] == "negative").mean())
    if (
        metric in vocab.COUNT_COLUMNS
        or metric in POST_RATES
        or metric in ("constructive_actions", "engagement_rate_reach")
    ):
        rows = posts[
            (posts["component_id"] == component) & within(dates(posts, "published_at"), PERIOD)
        ]
        if rows.empty:
            return None
        total = {c: numbers(rows, c).sum() for c in vocab.COUNT_COLUMNS}
        if metric == "followers":
            return float(numbers(rows, "followers").iloc[-1])
        if metric in POST_RATES:
            return total[POST_RATES[metric]] / len(rows)
        if metric == "constructive_actions":
            return total["comments"] + total["votes"] + total["referrals"]
        if metric == "engagement_rate_reach":
            return 100 * (total["likes"] + total["comments"] + total["shares"]) / total["reach"]
        return total[metric]
    rows = metrics[
        (metrics["metric"] == metric)
        & (metrics["component_id"] == component)
        & within(dates(metrics, "date"), PERIOD)
    ]
    return float(numbers(rows, "value").mean()) if len(rows) else None  # the designed goals average


SENTIMENT_GOALS = ("net_sentiment", "positive_share", "negative_share")


def test_goals_span_every_status(make_examples):
    statuses: dict[tuple[str, str, str], str] = {}
    for client in CLIENTS:
        ogst = load(client, "ogst")
        for line in ogst[(ogst["metric"] != "") & (ogst["target"] != "")].to_dict("records"):
            actual = _goal_actual(client, line["metric"], line["component_id"], make_examples)
            target = float(line["target"])
            lower = line["metric"] in METRICS.lower_is_better()
            due = pd.Timestamp(line["target_date"][:10])
            if actual is None:
                status = "no_data"
            elif line["metric"] in SENTIMENT_GOALS:
                # FRAMEWORKS.md 7: judged on an estimate from a labelled random sample; these
                # examples have none (their labels are a convenience sample), so unverified
                status = "unverified"
            elif (actual <= target) if lower else (actual >= target):
                status = "met"
            elif METRICS[line["metric"]].kind == "flow" or due <= PERIOD[1]:
                status = "behind"  # a flow target is per period: met or not, never paced
            elif line["baseline_value"] == "":
                status = "no_data"  # no starting value in these examples' data before the period
            else:
                # CONTRACT.md section 3: the share of the way from baseline_value to the target,
                # against the share of the time from the period start to the target date.
                start = float(line["baseline_value"])
                progress = (actual - start) / (target - start)
                elapsed = ((PERIOD[1] - PERIOD[0]).days + 1) / ((due - PERIOD[0]).days + 1)
                status = "on_track" if progress >= elapsed else "behind"
            statuses[(client, line["component_id"], line["metric"])] = status
    assert set(statuses.values()) == {"met", "behind", "unverified", "no_data"}
    # issue 27: +54 on automatic scores against +40 was "met"; no labelled sample: unverified
    assert statuses[("northwind-outdoor", "nw-trail-club", "net_sentiment")] == "unverified"
    assert statuses[("northwind-outdoor", "nw-trail-club", "response_time_hours")] == "met"
    assert statuses[("ledgerline", "lg-service-cloud", "response_time_hours")] == "behind"
    assert statuses[("northwind-outdoor", "nw-x-support", "response_time_hours")] == "no_data"
    assert statuses[("ledgerline", "lg-linkedin", "time_to_hire_days")] == "no_data"
    assert "time_to_hire_days" in METRICS.known()
    # The issue 12 figures: followers 58,138 -> 61,427 toward 68,000 is a third of the way in
    # half the time. Issue 27: Northwind's constructive actions, 7,037 of 7,700 per quarter, were
    # "on track" on a pace; a flow target is met or not, so no goal of either client is on track.
    assert statuses[("northwind-outdoor", "nw-instagram", "followers")] == "behind"
    assert statuses[("northwind-outdoor", "nw-trail-club", "constructive_actions")] == "behind"
    assert "on_track" not in statuses.values()
    assert statuses[("ledgerline", "lg-youtube", "followers")] == "behind"


@pytest.mark.parametrize("client", CLIENTS)
def test_share_of_voice_is_meaningful(client):
    config = yaml.safe_load((DATA_ROOT / client / "client.yaml").read_text(encoding="utf-8"))
    mentions = load(client, "mentions")
    period = mentions[within(dates(mentions, "published_at"), PERIOD)]
    assert set(period["brand"]) == {config["brand"], *config["competitors"]}
    competitor_share = (period["brand"] != config["brand"]).mean()
    assert 0.2 <= competitor_share <= 0.4


# --------------------------------------------------------------------------------------------------
# The kit's own validation


@pytest.mark.parametrize("client", CLIENTS)
def test_intake_accepts_the_examples(client):
    assert intake.validate(client, data_root=DATA_ROOT) == []


# --------------------------------------------------------------------------------------------------
# The Facebook conversion


@pytest.fixture(scope="module")
def facebook_client(tmp_path_factory):
    before = hashlib.sha256(FACEBOOK.read_bytes()).hexdigest()
    out = tmp_path_factory.mktemp("facebook")
    folder = _script("facebook_to_client").convert(FACEBOOK, out, "facebook-cosmetics")
    assert hashlib.sha256(FACEBOOK.read_bytes()).hexdigest() == before  # source never modified
    return folder


def test_facebook_conversion_reproduces_the_published_totals(facebook_client):
    posts = pd.read_csv(facebook_client / "posts.csv", dtype=str, keep_default_na=False)
    assert len(posts) == 500
    assert posts["post_id"].tolist() == [f"fb-{n}" for n in range(1, 501)]
    assert (posts == "").sum().sum() == 6
    assert (posts[["paid", "likes", "shares"]] == "").sum().tolist() == [1, 1, 4]
    totals = {
        c: int(numbers(posts, c).sum())
        for c in ("comments", "likes", "shares", "reach", "impressions")
    }
    assert totals == {
        "comments": 3_741,
        "likes": 88_795,
        "shares": 13_524,
        "reach": 6_951_680,
        "impressions": 14_792_974,
    }
    assert posts["post_type"].value_counts().to_dict() == {
        "Photo": 426,
        "Status": 45,
        "Link": 22,
        "Video": 7,
    }


def test_facebook_dates_keep_month_weekday_and_hour(facebook_client):
    source = pd.read_csv(FACEBOOK, sep=";")
    posts = pd.read_csv(facebook_client / "posts.csv", dtype=str, keep_default_na=False)
    when = dates(posts, "published_at")
    assert (when.dt.year == 2014).all()
    assert (when.dt.month == source["Post Month"]).all()
    assert (when.dt.hour == source["Post Hour"]).all()
    assert (((when.dt.day_of_week + 1) % 7 + 1) == source["Post Weekday"]).all()  # 1 = Sunday
    assert when.is_monotonic_decreasing  # rows run newest to oldest, as in the source


def test_facebook_client_config_and_ecosystem(facebook_client):
    config = yaml.safe_load((facebook_client / "client.yaml").read_text(encoding="utf-8"))
    assert str(config["period"]) == "2014" and "baseline" not in config and config["name"]
    eco = pd.read_csv(facebook_client / "ecosystem.csv", dtype=str, keep_default_na=False)
    assert eco[["component_id", "component_type", "continuum_stage"]].values.tolist() == [
        ["facebook-page", "social_media_profile", "mass_market"]
    ]
    assert intake.validate("facebook-cosmetics", data_root=facebook_client.parent) == []


def test_facebook_conversion_refuses_a_bad_slug(tmp_path):
    with pytest.raises(ValueError, match="slug"):
        _script("facebook_to_client").convert(FACEBOOK, tmp_path, "../evil")
    assert not any(tmp_path.iterdir())
