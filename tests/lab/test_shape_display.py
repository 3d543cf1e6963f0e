"""What the workbook shows for clients unlike the examples: no stray bold mark, no empty bullet,
bar labels written as their metric, attainment labelled as it is (issue 23)."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import pandas as pd  # noqa: E402
import pytest  # noqa: E402
from IPython import display as ipython_display  # noqa: E402

from socialworkbook.catalogue import ENGAGEMENTS_PER_POST  # noqa: E402
from socialworkbook.lab import charts, notebook  # noqa: E402
from socialworkbook.story import Story  # noqa: E402


@pytest.fixture
def shown(monkeypatch) -> list:
    displayed = []
    monkeypatch.setattr(ipython_display, "display", lambda obj, **_: displayed.append(obj))
    return displayed


@pytest.fixture(scope="module")
def wb() -> notebook.Workbook:
    return notebook.open_workbook("northwind-outdoor", notebook="test")


def test_a_story_without_headline_shows_its_detail_without_an_empty_bold_mark(wb, shown):
    wb.tell(Story("", detail="2 of the 2 comparisons changed.", title="A chart title"))
    assert [m.data for m in shown] == ["2 of the 2 comparisons changed\\."]
    assert "**" not in shown[0].data


def test_no_empty_bullet_from_an_empty_point_or_value(wb, shown):
    wb.say_points({"Engagement.": "Up.", "Sentiment.": "", "Is the change real?": ""})
    wb.say("- {a}\n- {b}\n- {c}", a="First.", b="", c="Third.")
    assert [m.data for m in shown] == ["- **Engagement.** Up\\.", "- First\\.\n- Third\\."]


def _bar_labels(monkeypatch, wb, measure):
    drawn = {}
    monkeypatch.setattr(charts, "bars", lambda frame, **options: drawn.update(options))
    frame = pd.DataFrame({"component": ["A"], measure: [90.94]})
    wb.show_bars(frame, Story("h", measure=measure), y="component")
    return drawn["fmt"].format(90.94)


def test_bar_labels_of_a_rate_per_post_carry_no_percent(monkeypatch, wb):
    assert _bar_labels(monkeypatch, wb, ENGAGEMENTS_PER_POST) == "90.94"
    assert _bar_labels(monkeypatch, wb, "applause_rate") == "90.94"
    assert _bar_labels(monkeypatch, wb, "engagement_rate_reach") == "90.94%"


def test_attainment_is_labelled_as_it_is_however_the_bars_are_cut():
    goals = pd.DataFrame(
        {
            "label": ["comments", "likes", "shares", "reach"],
            "attainment": [5.25, 4.55, 0.4, None],
            "status": ["met", "met", "behind", "no_data"],
        }
    )
    ax = charts.attainment(goals, title="2 of 4 goals met")
    texts = [t.get_text() for t in ax.texts]
    assert "525%  met" in texts and "455%  met" in texts and "40%  behind" in texts
    assert not any(t.startswith("200%") for t in texts)
    widths = [bar.get_width() for bar in ax.patches]
    assert widths[:3] == [200.0, 200.0, pytest.approx(40.0)]  # the long bars are cut
    assert "cut at 200%" in ax.get_xlabel()
