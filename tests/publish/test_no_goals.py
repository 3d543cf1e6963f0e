"""A client without business goals: no page says "met 0 of 0 goals" or draws a chart of none.

The board's headline says plainly that no goals are set and leaves its goals section out; the
attainment chart draws nothing; the history page writes "none set" and leaves out its goals
chart. Cheap: a factory client and the history page rendered from hand-made rows.
"""

from __future__ import annotations

import datetime as dt
import re

from factories import component, make_client

from socialworkbook.catalogue import METRICS
from socialworkbook.lab import charts
from socialworkbook.method import board, ogst
from socialworkbook.publish import history

NO_GOALS = re.compile(r"\b0 of 0\b")


def _row(label: str, start: dt.date, **goals: int) -> dict:
    counts = {status: goals.get(status, 0) for status in ogst.GOAL_STATUSES}
    return {
        "start": start,
        "label": label,
        "span": "",
        "folder": label,
        "href": f"{label}/00_summary.html",
        "reports": [{"href": f"{label}/00_summary.html", "title": "Summary for the board"}],
        "net_sentiment": None,
        "ci_low": None,
        "ci_high": None,
        "source": None,
        "mentions": None,
        "labelled": None,
        "figures": dict.fromkeys(METRICS.keys()),
        "goals": counts,
    }


def _text(page: str) -> str:
    page = re.sub(r"<(script|style)[^>]*>.*?</\1>", " ", page, flags=re.S)
    return " ".join(re.sub(r"<[^>]+>", " ", page).split())


def test_the_board_says_plainly_that_no_goals_are_set():
    client = make_client(ecosystem=[component("a", name="Page A")], name="Acme")
    assert board.headline(client, [], None) == "No business goals are set for Acme yet."
    assert board.goals_lead([]) == ""  # the goals section has nothing to say: left out
    one = {"status": "met"}, {"status": "behind"}
    said = board.headline(client, list(one), None)
    assert said.startswith("In 2026-Q3, Acme met 1 of 2 goals, with 1 behind")
    assert board.goals_lead(list(one))


def test_the_attainment_chart_draws_nothing_without_goals():
    assert charts.attainment(ogst.attainment_rows([]), title="none") is None


def test_the_history_page_of_a_client_without_goals_says_none_set():
    rows = [_row("2026-Q2", dt.date(2026, 4, 1)), _row("2026-Q3", dt.date(2026, 7, 1))]
    text = _text(history.render_history(rows, {}))
    assert not NO_GOALS.search(text)
    assert "none set" in text and "Business goals: met" not in text
    rows[1]["goals"]["met"], rows[1]["goals"]["behind"] = 1, 1
    text = _text(history.render_history(rows, {}))
    assert "1 of 2" in text and "Business goals: met" in text
