"""Doubtful values of the OGST lines: saved, but said (`ogst.doubts`)."""

from __future__ import annotations

from clientfolders import write_client

from socialworkbook import intake
from socialworkbook.method import ogst

HEADER = "component_id,objective,goal,metric,target,target_date,baseline_value,strategy,tactics\n"


def _client(tmp_path, *lines: str):
    folder = write_client(tmp_path, ogst__csv=HEADER + "".join(f"{line}\n" for line in lines))
    return intake.read_client_folder(folder, "acme")  # 2026-Q3: 2026-07-01 to 2026-09-30


def test_a_sound_goal_raises_no_doubt(tmp_path):
    client = _client(tmp_path, "fb,Grow,Reach 500,followers,500,2026-09-30,400,Post,a;b")
    assert ogst.doubts(client) == []


def test_a_negative_target_for_a_count_is_doubted_a_negative_level_is_not(tmp_path):
    client = _client(
        tmp_path,
        "fb,Grow,Lose followers?,followers,-100,2026-09-30,,Post,",
        "forum,Mood,Sentiment up,net_sentiment,-10,2026-09-30,,Listen,",
    )
    said = ogst.doubts(client)
    assert len(said) == 1
    assert said[0].startswith("Row 2 (Lose followers?)")
    assert "-100 is negative" in said[0] and "followers" in said[0]


def test_an_empty_target_is_doubted(tmp_path):
    client = _client(tmp_path, "fb,Grow,More clicks,clicks,,2026-09-30,,Post,")
    (said,) = ogst.doubts(client)
    assert said.startswith("Row 2 (More clicks)") and "target is empty" in said


def test_a_due_date_before_the_period_is_doubted(tmp_path):
    client = _client(tmp_path, "fb,Grow,Reach 500,followers,500,2026-06-30,,Post,")
    (said,) = ogst.doubts(client)
    assert "2026-06-30 is before the reporting period (2026-Q3, from 2026-07-01)" in said


def test_only_the_rows_asked_about_are_doubted(tmp_path):
    client = _client(
        tmp_path,
        "fb,Grow,More clicks,clicks,,2026-09-30,,Post,",
        "forum,Help,More comments,comments,-5,2026-09-30,,Answer,",
    )
    assert len(ogst.doubts(client)) == 2
    (said,) = ogst.doubts(client, rows={3})
    assert said.startswith("Row 3 (More comments)")
