"""What to do first: the one ranked list the board's decisions and the action plan's "What to do
first" both show (00_summary, 04_action_plan), computed here and nowhere else.

Ranked by what it means for the business: goals behind (furthest from where they should be by
now first), goals on automatic sentiment scores alone (unverified), primary comparisons that
fell beyond chance, then the findings of every notebook (most severe first), a workspace's own
templates' among them. Each item says which goal or change, the gap in the client's units and
what to decide, in plain words.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

import pandas as pd

from .. import wording
from ..measure import stats
from ..model import Client
from .findings import Finding

__all__ = [
    "Action",
    "first_actions",
    "expected_by_now",
    "goal_words",
    "actions_table",
    "compared_values",
    "DECISIONS",
    "CAPTION",
]

DECISIONS = 5
"""How many of the list the board shows as its decisions for the quarter (the action plan all)."""

CAPTION = (
    "What to do first: the same list, in the same order, as the board's decisions (goals behind, "
    "goals that cannot be judged yet, falls beyond chance, then gaps, most severe first)"
)
"""The action plan's caption of the whole list."""

_PLAN = "04_action_plan"
_METRICS = "03_metric_analysis"


@dataclass(frozen=True)
class Action:
    """One item of the list: what it is about, the decision it asks for, where the detail is.

    Attributes
    ----------
    id : str
        Stable key ("goal:<component_id>:<metric>", "change:<comparison>", a finding's id).
    kind : str
        "goal behind", "goal unverified", "fall beyond chance" or a finding's severity.
    text : str
        The situation in the client's units (one or two sentences).
    action : str
        What to decide or do (one sentence).
    notebook : str
        The report that shows the detail.
    section : str
        The anchor of the section of that report with the detail ("" for the section listing
        its findings, `findings.SECTION`).
    """

    id: str
    kind: str
    text: str
    action: str
    notebook: str
    section: str = ""

    def as_item(self) -> dict:
        """The item as `notebook.ranked_html` shows it."""
        return asdict(self)


def expected_by_now(goal: dict) -> float | None:
    """Where a goal should be at its `as_of` date: the target for a flow (per period) or a goal
    due by then; else its start plus the elapsed share of the way to the target; None without a
    start (pace unknown)."""
    if goal["kind"] == "flow" or (goal["target_date"] or goal["as_of"]) <= goal["as_of"]:
        return goal["target"]
    if goal["start_value"] is None:
        return None
    start = goal["start_value"]
    return start + goal["elapsed_share"] * (goal["target"] - start)


def _per(period: str) -> str:
    """What a flow target counts over, from the period's label: "a quarter", "a month"."""
    if "-Q" in period:
        return "a quarter"
    if len(period) == 7:
        return "a month"
    if len(period) == 4:
        return "a year"
    return "a period"


def _amount(value: float | None, goal: dict, *, currency: str = "", target: bool = False) -> str:
    """A value of a goal's metric with its unit: "5.43 comments per post", "2.37 hours"; a
    target without trailing zeros ("9.4", not "9.40")."""
    metric = goal["metric"]
    written = wording.measure(value, metric, currency=currency)
    if target and wording.formatter(metric) is wording.rate:
        written = wording.number(value)
    name = wording.name(metric)
    if "(" in name and ")" in name:  # "response time (hours)": the unit goes with every value
        unit = name[name.index("(") + 1 : name.rindex(")")]
        return f"{written}{unit}" if unit.startswith("%") else f"{written} {unit}"
    return written if target else f"{written} {name}"


def target_text(goal: dict, *, currency: str = "") -> str:
    """A goal's target as every client page writes it: "9.4" (not "9.40"), "4 hours"."""
    return _amount(goal["target"], goal, currency=currency, target=True)


def _subject(goal: dict) -> str:
    """The metric a goal is on, as a subject where its unit is apart ("response time")."""
    name = wording.name(goal["metric"])
    return name[: name.index("(")].strip() if "(" in name else ""


def goal_words(goal: dict, *, currency: str = "", period: str = "") -> str:
    """A goal as "actual against target, and where it should be by now", in its metric's
    units: "5.43 comments per post against a target of 9.4, due 30 Sep 2026"; "61,427
    followers against a target of 68,000 by 31 Dec 2026; by now it should be 63,069"; a goal
    judged on an estimate from labels adds its 95% interval and how many labels it rests on."""
    due = goal["target_date"]
    flow = goal["kind"] == "flow"
    target = _amount(goal["target"], goal, currency=currency, target=True)
    target = f"a target of {target}" + (f" {_per(period)}" if flow else "")
    subject = _subject(goal)
    if goal["actual"] is None:
        return f"no value in the period, against {target}"
    actual = _amount(goal["actual"], goal, currency=currency)
    text = f"{subject} {actual}".strip() + f" against {target}"
    expected = expected_by_now(goal)
    if due and due > goal["as_of"]:
        text += f" by {wording.day(due)}"
        if not flow and expected is not None:
            text += f"; by now it should be {_amount(expected, goal, currency=currency)}"
        elif not flow:
            text += "; its pace is unknown (no starting value)"
    elif due:
        text += f", due {wording.day(due)}"
    if goal.get("ci_low") is not None and goal.get("labelled_n"):  # an estimate from labels
        low, high = (wording.measure(goal[k], goal["metric"]) for k in ("ci_low", "ci_high"))
        text += (
            f"; 95% interval {low} to {high}, estimated from {goal['labelled_n']:,} mentions "
            "labelled by people"
        )
    return text[:1].upper() + text[1:]


def first_actions(
    client: Client, goals: list[dict], tests: pd.DataFrame, found: list[Finding]
) -> list[Action]:
    """The ranked list of what to do first (see the module's docstring).

    `goals` is `ogst.goal_status`, `tests` the board's `stats.period_tests` (its primary family),
    `found` `board.all_findings`. Goals behind are ranked by how far they are from where they
    should be by now (their actual over that, lower first).
    """
    currency = client.config.currency
    owners = _owners(client)
    behind = sorted(
        (g for g in goals if g["status"] == "behind"), key=lambda g: _standing(g) or 0.0
    )
    actions = [_behind(g, currency, owners, client.period.label) for g in behind]
    actions += [_unverified(g, currency) for g in goals if g["status"] == "unverified"]
    primary = tests[(tests["family"] == stats.PRIMARY) & tests["significant"].astype(bool)]
    actions += [_fall(row) for _, row in primary.iterrows() if _negative(row)]
    actions += [Action(f.id, f.severity, f.text, f.recommendation, f.notebook) for f in found]
    return actions


def actions_table(actions: list[Action]) -> pd.DataFrame:
    """The list for a reader: priority (1 = first), what to decide, why, where the detail is."""
    return pd.DataFrame(
        {
            "priority": range(1, len(actions) + 1),
            "what to decide": [a.action for a in actions],
            "why": [a.text for a in actions],
            "detail": [wording.words(a.notebook) for a in actions],
        },
        columns=["priority", "what to decide", "why", "detail"],
    ).astype({"priority": "int64"})


# --- the items ------------------------------------------------------------------------------


def _standing(goal: dict) -> float | None:
    """actual over where it should be by now (inverted where lower is better); None unknown."""
    expected, actual = expected_by_now(goal), goal["actual"]
    if expected is None or actual is None:
        return goal["attainment"]
    if goal["lower_is_better"]:
        return expected / actual if actual > 0 else None
    return actual / expected if expected > 0 else None


def _behind(goal: dict, currency: str, owners: dict[str, str], period: str) -> Action:
    """A goal behind: where it is against its target and pace, and the decision with the gap."""
    expected = expected_by_now(goal)
    gap = None if expected is None or goal["actual"] is None else expected - goal["actual"]
    unit = wording.name(goal["metric"])
    owner = owners.get(goal["component_id"], "")
    who = f" with {owner}" if owner else ""
    due = goal["target_date"]
    if gap is None:
        decision = f"Decide{who} what would move {unit}, or reset the target."
    else:
        amount = _amount(abs(gap), goal, currency=currency)
        if goal["kind"] == "flow":
            where = f"the {amount} {_per(period)} still missing"
        elif due and due > goal["as_of"]:
            where = f"the {amount} behind pace"
        else:
            where = f"the {amount} still missing"
        verb = "make up"
        if goal["lower_is_better"]:
            verb, where = "cut", f"{where.removesuffix(' still missing')} too many"
        decision = f"Decide{who} how to {verb} {where}, or reset the target."
    return Action(
        f"goal:{goal['component_id']}:{goal['metric']}",
        "goal behind",
        f"{goal['component']}: {goal_words(goal, currency=currency, period=period)}.",
        decision,
        _PLAN,
        "goals",
    )


def _unverified(goal: dict, currency: str) -> Action:
    """A sentiment goal on automatic scores alone: what they say, and what would verify it."""
    automatic = wording.measure(goal.get("automatic"), goal["metric"], currency=currency)
    target = wording.measure(goal["target"], goal["metric"], currency=currency)
    return Action(
        f"goal:{goal['component_id']}:{goal['metric']}",
        "goal unverified",
        (
            f"{goal['component']}, {wording.name(goal['metric'])}: automatic scores say "
            f"{automatic} against a target of {target}, but no person has checked them, so the "
            "goal is not yet met."
        ),
        (
            f"Decide to have people label a random sample of at least 30 mentions of "
            f"{goal['component']}: the goal is then judged on an estimate with its interval."
        ),
        _METRICS,
        "sentiment",
    )


def _negative(row: pd.Series) -> bool:
    """Whether a test's estimate is a fall: a difference below 0, a rate ratio below 1."""
    return row["estimate"] < (1.0 if row["scale"] == "log" else 0.0)


def compared_values(row: pd.Series) -> tuple[str, str]:
    """A tested comparison's two values in the precision of their quantity: shares in whole
    per cent, per-post rates whole from 10 up (437 engagements per post), else two decimals."""

    def write(value: float) -> str:
        if row["test"] in stats.SHARE_TESTS:
            return f"{100 * value:.0f}%"
        return wording.count(value) if abs(value) >= 10 else wording.rate(value)

    return write(row["value_baseline"]), write(row["value_period"])


def _fall(row: pd.Series) -> Action:
    """A primary comparison that fell beyond chance, in words, and the decision it asks for."""
    before, after = compared_values(row)
    what = str(row["comparison"]).replace("positive share", "share of positive mentions", 1)
    return Action(
        f"change:{row['comparison']}",
        "fall beyond chance",
        f"{what[:1].upper()}{what[1:]} fell from {before} to {after}, beyond chance.",
        "Decide who finds the cause before the next period: what changed on this component?",
        _METRICS,
        "changes",
    )


def _owners(client: Client) -> dict[str, str]:
    """component_id -> its owner as the ecosystem table names it ("" without one)."""
    eco = client.table("ecosystem")
    if "owner" not in eco:
        return {}
    return {
        cid: str(owner).strip()
        for cid, owner in zip(eco["component_id"], eco["owner"], strict=True)
        if owner is not None and not pd.isna(owner) and str(owner).strip()
    }
