"""The board paper (issue 24), read from the rendered board summary of both example clients:
decisions first and the same list as the action plan's, plain words, one interval convention,
goals as actual against target, "Our view", the practice's name, and nothing said about nothing.
"""

from __future__ import annotations

import html
import re

import pytest
from rendered import html_tables

pytestmark = pytest.mark.xdist_group("example_run")

CLIENTS = ("northwind-outdoor", "ledgerline")

# Method, test and scorer names and settings, input-table words and file names: the appendix's.
FORBIDDEN = re.compile(
    r"VADER|\bF1\b|Wald|Cohen|Cram[eé]r|Mann-Whitney|quasi-Poisson|Poisson|Benjamini|Hochberg|"
    r"Yekutieli|design effect|\bOGST\b|\((?:flow|stock|level)\)|\bRow\b|compound|"
    r"\w+\.(?:csv|xlsx|json|ipynb)\b|adjusted p|p-value"
)


def _page(example_run, client: str, notebook: str) -> str:
    return (example_run.run_dir(client) / f"{notebook}.html").read_text(encoding="utf-8")


def _text(page: str) -> str:
    page = re.sub(r"<(script|style)[^>]*>.*?</\1>", " ", page, flags=re.S)
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", page)).split())


def _decisions(page: str) -> list[str]:
    """The board's numbered decisions: each item's bold text and its decision."""
    (ranked,) = re.findall(r'<ol class="swb-ranked">(.*?)</ol>', page, flags=re.S)[:1]
    items = re.findall(r"<li><strong>(.*?)</strong> (.*?) <a ", ranked, flags=re.S)
    return [(html.unescape(t), html.unescape(a)) for t, a in items]


@pytest.fixture(params=CLIENTS)
def pages(request, example_run):
    slug = request.param
    board = _page(example_run, slug, "00_summary")
    return slug, board, _text(board), _page(example_run, slug, "04_action_plan")


def test_the_board_leads_with_three_to_five_decisions_the_action_plan_lists_in_order(pages):
    slug, board, text, plan = pages
    decisions = _decisions(board)
    assert 3 <= len(decisions) <= 5
    body = text[text.index("Decisions for this quarter") :]
    assert body.index("Decisions for this quarter") < body.index("The figures that matter")
    (table,) = [t for t in html_tables(plan) if t[0][:2] == ["priority", "what to decide"]]
    rows = table[1:]
    assert [(r[2], r[1]) for r in rows[: len(decisions)]] == decisions  # one list, one order
    listed = re.search(r"The action plan lists all (\d+) actions in this order", text)
    assert (int(listed.group(1)) if listed else len(decisions)) == len(rows)
    actions = [a for _, a in decisions]
    assert len(set(actions)) == len(actions)  # no repeated boiler-plate
    assert "Agree with the goal's owner what will close the gap" not in text


def test_goals_read_actual_against_target_and_where_they_should_be_by_now(pages, example_run):
    slug, board, text, _ = pages
    if slug == "northwind-outdoor":
        assert "5.43 comments per post against a target of 9.4, due 30 Sep 2026" in text
        assert "by now it should be 63,069 followers" in text
        assert "439 monthly active users against a target of 400" in text  # people are whole
    else:
        assert "2.92 comments per post against a target of 5, due 30 Sep 2026" in text
    assert not re.search(r"is behind, at \d+% of its target", text)
    assert "439.33" not in text and "436.93" not in text


def test_the_board_speaks_plain_words(pages):
    slug, board, text, _ = pages
    found = sorted(set(FORBIDDEN.findall(text)))
    assert not found, (slug, found)


def test_one_interval_convention_and_changes_with_their_percentage(pages):
    slug, board, text, _ = pages
    body, _, notes = text.partition("Notes ¶")
    assert notes  # the statistics are in the notes
    # outside the notes, an interval is a 95% one or allows for the comparisons made together
    levels = re.findall(r"(\d+(?:\.\d+)?)% interval", body)
    assert set(levels) == {"95"}, levels
    assert re.search(r"allowing for the \d+ comparisons made together", body)
    # net sentiment has its interval on the board, as on the history page
    assert re.search(
        r"net sentiment \(positive minus negative, % of mentions\) [^¹]*?"
        r"95% interval [+−]\d+ to [+−]\d+",
        body,
    )
    # reach changes with its percentage; the engagement rate is a percentage wherever shown
    assert re.search(r"[+−][\d,]+ \([+−]\d+%\) vs baseline", body)
    assert re.search(r"\d\.\d\d% engagement rate by reach", body)
    # "rose"/"fell" only beside a change beyond chance
    for sentence in re.split(r"(?<=[.:])\s", body):
        if re.search(r"\b(rose|fell)\b", sentence) and "beyond chance" not in sentence:
            assert "²" in sentence, sentence  # a listed change beyond chance, with its note


def test_sections_with_nothing_to_say_are_left_out_and_our_view_is_shown(pages):
    slug, board, text, _ = pages
    assert "Among the clients we serve" not in text  # no peer group in either example
    assert "No peer group is set" not in text
    if slug == "northwind-outdoor":
        assert "Our view ¶ The quarter's story is the Trail Club" in text
    else:
        assert "Our view" not in text


def test_every_report_names_the_practice_that_prepared_it(pages):
    slug, board, text, plan = pages
    for page in (text, _text(plan)):
        assert "prepared for" in page and "by Harbour & Pine Consulting" in page
