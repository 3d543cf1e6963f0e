"""Value dimensions and the customer lifecycle (02_value_dimensions).

Analysts score each component 0-5 on each value dimension (`value_scores`). The views here read
those scores; where the data can check a score, `score_vs_evidence` sets it beside measured
performance. Statuses: `score_matrix` shows active and planned components; coverage, the lifecycle
view and the narrative count active components only, since a planned one creates no value yet.
Repeated scores of one component on one dimension are averaged.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from .. import vocab, wording
from ..catalogue import CONSTRUCTIVE_ACTIONS
from ..measure import sentiment
from ..measure.metrics import formulas as metrics
from ..model import Client
from ..ranking import leaders
from . import findings
from .ecosystem import label
from .findings import Finding

__all__ = [
    "STRONG_SCORE",
    "EVIDENCE_MIN_COMPONENTS",
    "EVIDENCE",
    "dimensions",
    "score_matrix",
    "dimension_coverage",
    "dimension_lifecycle_coverage",
    "score_vs_evidence",
    "value_findings",
    "disagreement_findings",
    "lifecycle_narrative",
    "evidence_note",
    "headlines",
    "coverage_table",
    "closing_summary",
]

# A best score at or above this makes a dimension or lifecycle stage "covered".
STRONG_SCORE = 3.0

# A disagreement is only judged where at least this many components have evidence for a measure.
EVIDENCE_MIN_COMPONENTS = 3

# Dimension -> the measures that can check its score, in order of preference within a dimension.
EVIDENCE: dict[str, tuple[str, ...]] = {
    "brand_awareness": ("reach",),
    "customer_advocacy": (CONSTRUCTIVE_ACTIONS, "net_sentiment"),
    "lead_generation": ("leads",),
    "direct_sales": ("sales", "revenue"),
}


def evidence_note(client: Client) -> str:
    """What the scores-against-evidence chart compares, naming only the measures this client's
    data hold (a client without mentions is not told about net sentiment)."""
    posts, mentions = client.table("posts"), client.table("mentions")
    observed = set(client.table("metrics").get("metric", pd.Series(dtype=str)).astype(str))
    reach = "reach" in posts and bool(pd.to_numeric(posts["reach"], errors="coerce").gt(0).any())
    advocacy = ["constructive actions"] if len(posts) else []
    advocacy += ["net sentiment"] if len(mentions) else []
    sales = [m for m in ("leads", "sales", "revenue") if m in observed]
    parts = (["reach for awareness"] if reach else []) + (
        [f"{wording.listing(advocacy)} for advocacy"] if advocacy else []
    )
    if sales:
        parts.append(f"{wording.listing(sales)} from the metrics")
    if not parts:
        return "This client's data hold no measure that can check a score."
    return (
        "Each dot is a component's score on a dimension against where its measured performance "
        f"ranks among the components with data ({'; '.join(parts)}). Shaded corners: strong "
        "disagreement."
    )


# Measures that add up over components, so a share of the total means something.
_ADDITIVE = {"reach", "impressions", CONSTRUCTIVE_ACTIONS, "leads", "sales", "revenue"}
_LIFECYCLE = vocab.VOCABULARIES["lifecycle_stages"]
_NOTEBOOK = "02_value_dimensions"


def dimensions(client: Client) -> tuple[str, ...]:
    """The six kit dimensions in order, then the client's own, then any other dimension scored."""
    own = tuple(d for d in client.config.dimensions if d not in vocab.DIMENSIONS)
    known = vocab.DIMENSIONS + own
    scored = client.table("value_scores")["dimension"]
    extra = tuple(dict.fromkeys(d for d in scored if d and d not in known))
    return known + extra


def score_matrix(
    client: Client, *, statuses: tuple[str, ...] = ("active", "planned")
) -> pd.DataFrame:
    """Component x dimension scores (0-5), NaN where not scored.

    Rows: components of the given statuses, in ecosystem order (index component_id); columns:
    `dimensions(client)`. Use `status` from `ecosystem.inventory` to mark planned rows.
    """
    eco = _components(client, statuses)
    scores = client.table("value_scores")
    columns = list(dimensions(client))
    matrix = pd.DataFrame(
        np.nan,
        index=pd.Index(list(eco["component_id"]), name="component_id"),
        columns=pd.Index(columns, name="dimension"),
        dtype="float64",
    )
    if len(scores):
        means = scores.groupby(["component_id", "dimension"])["score"].mean()
        for (cid, dim), score in means.items():
            if cid in matrix.index and dim in matrix.columns:
                matrix.loc[cid, dim] = score
    return matrix


def dimension_coverage(client: Client) -> pd.DataFrame:
    """Per dimension: the best score among active components and which component has it.

    Columns: best_score (NaN when no active component is scored), best_component_id (the first
    in ecosystem order of a tie), best_component (the names of every component with the best
    score, "A and B" for a tie), components_scored, components_strong (score >= STRONG_SCORE).
    Index: dimension.
    """
    matrix = score_matrix(client, statuses=("active",))
    names = client.component_names()
    rows = []
    for dim in matrix.columns:
        column = matrix[dim].dropna()
        best = leaders(column.to_dict())
        rows.append(
            {
                "dimension": dim,
                "best_score": float(column.max()) if len(column) else math.nan,
                "best_component_id": best[0] if best else "",
                "best_component": wording.listing([names[c] for c in best], empty=""),
                "components_scored": int(len(column)),
                "components_strong": int((column >= STRONG_SCORE).sum()),
            }
        )
    return pd.DataFrame(rows).set_index("dimension") if rows else pd.DataFrame()


def dimension_lifecycle_coverage(client: Client) -> pd.DataFrame:
    """Dimension x lifecycle stage: the best score among the active components serving that stage.

    NaN where no scored active component serves the stage.
    """
    matrix = score_matrix(client, statuses=("active",))
    stages = _stage_members(client, ("active",))
    frame = pd.DataFrame(
        np.nan,
        index=pd.Index(matrix.columns, name="dimension"),
        columns=pd.Index(list(_LIFECYCLE), name="lifecycle_stage"),
        dtype="float64",
    )
    for stage in _LIFECYCLE:
        members = [c for c in stages[stage] if c in matrix.index]
        if members:
            frame[stage] = matrix.loc[members].max(axis=0, skipna=True)
    return frame


def score_vs_evidence(
    client: Client, *, scored_mentions: pd.DataFrame | None = None
) -> pd.DataFrame:
    """Analysts' scores beside measured performance in the period, per component and measure.

    One row per (component, dimension, measure) where the component has evidence: reach (or
    impressions when reach is absent) of its posts for brand_awareness; constructive actions
    (posts) and net sentiment (mentions) for customer_advocacy; `leads` for lead_generation;
    `sales` and `revenue` for direct_sales (from `metrics`). A component has evidence when it has
    posts, mentions or metric rows of that kind in the period. Values come from
    `metrics.metric_value`; pass `scored_mentions` (mention_id, component_id, published_at,
    sentiment) to compute net sentiment from already scored mentions instead of scoring again.

    Columns: component_id, name, dimension, score (NaN if not scored), measure, value, share
    (of the total over components, for additive measures), rank (percentile among the components
    with evidence for the measure: 0 = lowest, 1 = highest, ties averaged, 0.5 when alone),
    n_components. Active and planned components only.
    """
    matrix = score_matrix(client)
    names = client.component_names()
    candidates = list(matrix.index)
    rows = []
    for dim, measures in EVIDENCE.items():
        for measure in measures:
            values = _evidence(client, measure, candidates, scored_mentions)
            if not values:
                continue
            shown = "impressions" if measure == "reach" and not _has(client, "reach") else measure
            series = pd.Series(values, dtype="float64")
            n = len(series)
            ranks = (series.rank(method="average") - 1) / (n - 1) if n > 1 else series * 0 + 0.5
            total = series.sum()
            for cid, value in series.items():
                score = matrix.loc[cid, dim] if dim in matrix.columns else math.nan
                rows.append(
                    {
                        "component_id": cid,
                        "name": names.get(cid, cid),
                        "dimension": dim,
                        "score": float(score),
                        "measure": shown,
                        "value": float(value),
                        "share": float(value / total)
                        if shown in _ADDITIVE and total > 0
                        else math.nan,
                        "rank": float(ranks[cid]),
                        "n_components": n,
                    }
                )
    columns = [
        "component_id",
        "name",
        "dimension",
        "score",
        "measure",
        "value",
        "share",
        "rank",
        "n_components",
    ]
    return pd.DataFrame(rows, columns=columns)


@findings.producer("02_value_dimensions")
def value_findings(client: Client) -> list[Finding]:
    """`disagreement_findings` of the client's scores against its data (`score_vs_evidence`)."""
    return disagreement_findings(score_vs_evidence(client))


def disagreement_findings(evidence: pd.DataFrame) -> list[Finding]:
    """Findings where a score strongly disagrees with the evidence of `score_vs_evidence`.

    Rule: only measures with evidence for at least `EVIDENCE_MIN_COMPONENTS` components count;
    a component's evidence rank on a dimension is the mean rank of those measures. A score of 4 or
    more with evidence in the bottom quarter (rank <= 0.25), or a score of 1 or less with evidence
    in the top quarter (rank >= 0.75), is a disagreement. Unscored components are skipped.
    """
    if evidence is None or evidence.empty:
        return []
    usable = evidence[
        (evidence["n_components"] >= EVIDENCE_MIN_COMPONENTS) & evidence["score"].notna()
    ]
    found = []
    for (cid, dim), group in usable.groupby(["component_id", "dimension"], sort=False):
        score = float(group["score"].iloc[0])
        rank = float(group["rank"].mean())
        name = str(group["name"].iloc[0])
        measures = wording.listing([label(m) for m in group["measure"]])
        n = int(group["n_components"].max())
        if score >= 4 and rank <= 0.25:
            found.append(
                Finding(
                    f"score-above-evidence:{cid}:{dim}",
                    "medium",
                    f"{name} is scored {score:g}/5 on {label(dim)}, but on {measures} it ranks "
                    f"in the bottom quarter of the {n} components measured.",
                    f"Review the {label(dim)} score of {name} against the data, or record why "
                    "the data misses its value.",
                    _NOTEBOOK,
                )
            )
        elif score <= 1 and rank >= 0.75:
            found.append(
                Finding(
                    f"score-below-evidence:{cid}:{dim}",
                    "low",
                    f"{name} is scored only {score:g}/5 on {label(dim)}, yet on {measures} it "
                    f"ranks in the top quarter of the {n} components measured.",
                    f"Raise the {label(dim)} score of {name} or give it a goal that uses this "
                    "strength.",
                    _NOTEBOOK,
                )
            )
    return found


def coverage_table(client: Client) -> pd.DataFrame:
    """`dimension_coverage` for a reader: dimension, best score, where, how many strong."""
    coverage = dimension_coverage(client)
    if coverage.empty:
        return pd.DataFrame(
            columns=["dimension", "best score", "best component", "strong components"]
        )
    return pd.DataFrame(
        {
            "dimension": [label(d) for d in coverage.index],
            "best score": coverage["best_score"].to_numpy(),
            "best component": coverage["best_component"].to_numpy(),
            "strong components": [
                _strong(s, n)
                for s, n in zip(
                    coverage["components_strong"], coverage["components_scored"], strict=True
                )
            ],
        }
    )


def _strong(strong: int, scored: int) -> str:
    """How many of the scored active components are strong on a dimension, in words: never
    "0 of 0" when no active component has a score on it."""
    if not scored:
        return "none scored"
    return f"{strong} of {scored} scored"


def closing_summary(client: Client, found: list[Finding]) -> str:
    """The closing paragraph: strongest and weakest value, the lifecycle, and the disagreements."""
    coverage = dimension_coverage(client)
    if coverage.empty or coverage["best_score"].isna().all():
        return "No value scores yet: score each component in the editor above, then re-run."
    best = coverage["best_score"].fillna(0)
    weakest = [label(d) for d in best[best == best.min()].index]
    strong = coverage["components_strong"]
    most = [label(d) for d in leaders(strong[strong > 0].to_dict(), n=2)]
    text = (
        f"Social creates most value for {client.config.name} in {wording.listing(most)}; "
        if most
        else f"No component scores {STRONG_SCORE:g} or more on any value dimension yet; "
    ) + f"{wording.listing(weakest)} {'is' if len(weakest) == 1 else 'are'} the least developed."
    if found:
        text += (
            f" {len(found)} score{'s' if len(found) != 1 else ''} should be reviewed against "
            f"the data, first: {found[0].text}"
        )
    return text


def headlines(client: Client, evidence: pd.DataFrame) -> dict[str, str]:
    """One plain sentence per view: scores, dimension coverage, lifecycle coverage, evidence."""
    coverage = dimension_coverage(client)
    if coverage.empty or coverage["best_score"].isna().all():
        none = "No active component has value scores yet"
        return {"scores": none, "coverage": none, "lifecycle": none, "evidence": none}
    strong = coverage["components_strong"]
    top = [label(d) for d in leaders(strong[strong > 0].to_dict())]
    best = coverage["best_score"].fillna(0)
    weak = [label(d) for d in best[best == best.min()].index]
    if not top:
        scores_line = f"No component scores {STRONG_SCORE:g} or more on any value dimension yet"
    elif len(top) == 1:
        scores_line = (
            f"{_cap(top[0])} is where the most components create value "
            f"({int(strong.max())} score {STRONG_SCORE:g} or more)"
        )
    else:
        scores_line = (
            f"{_cap(wording.listing(top))} tie for the most components creating value "
            f"({int(strong.max())} each score {STRONG_SCORE:g} or more)"
        )
    coverage_line = (
        f"{_cap(wording.listing(weak))} {'is' if len(weak) == 1 else 'are'} the weakest: "
        f"the best score is {best.min():g}/5"
    )
    by_stage = dimension_lifecycle_coverage(client).max(axis=0)
    thin = [s for s, v in by_stage.items() if not v >= STRONG_SCORE]
    lifecycle_line = (
        f"No dimension is strong at {wording.listing(thin)}"
        if thin
        else "Every lifecycle stage has strong value"
    )
    flagged = disagreement_findings(evidence)
    measured = evidence["component_id"].nunique() if not evidence.empty else 0
    evidence_line = (
        f"{len(flagged)} score{'s' if len(flagged) != 1 else ''} of {measured} measured components "
        f"{'disagree' if len(flagged) != 1 else 'disagrees'} strongly with the data"
        if flagged
        else f"The scores of the {measured} measured components agree with the data"
    )
    return {
        "scores": scores_line,
        "coverage": coverage_line,
        "lifecycle": lifecycle_line,
        "evidence": evidence_line,
    }


def lifecycle_narrative(client: Client) -> str:
    """A plain-words paragraph on where social creates value across the customer lifecycle.

    For investigation, purchase and loyalty in turn: the strongest active components and their
    best dimension, or that the stage is weak (best score below STRONG_SCORE), unscored, or not
    served at all (naming planned components that would serve it). Ends with the stages that
    need work. Plain text: no markup, names as the client wrote them.
    """
    matrix = score_matrix(client, statuses=("active",))
    stages = _stage_members(client, ("active",))
    planned = _stage_members(client, ("planned",))
    names = client.component_names()
    strong, gaps, sentences, empty = [], [], [], []
    for stage in _LIFECYCLE:
        members = stages[stage]
        best = _best_per_component(matrix, members)
        if not members:
            empty.append((stage, [names[c] for c in planned[stage]]))
            gaps.append(f"{stage} (no component)")
        elif not best:
            sentences.append(
                f"{_cap(stage)} is served by {wording.listing([names[c] for c in members])}, "
                "but no value scores have been given yet."
            )
            gaps.append(f"{stage} (not scored)")
        else:
            # in ecosystem order, which ties keep
            scores = {c: best[c][0] for c in members if c in best}
            top_score = max(scores.values())
            if top_score >= STRONG_SCORE:
                first = leaders({c: v for c, v in scores.items() if v >= STRONG_SCORE}, n=2)
                named = [f"{names[c]} ({label(best[c][1])} {best[c][0]:g}/5)" for c in first]
                verb = "leads" if len(first) == 1 else "lead"
                of = f" of the {len(members)} components serving it" if len(members) > 2 else ""
                sentences.append(f"At {stage}, {wording.listing(named)} {verb}{of}.")
                strong.append(stage)
            else:
                first = leaders(scores)
                n = len(members)
                who = "its only component" if n == 1 else f"the best of its {n} components"
                dims = wording.listing([label(best[c][1]) for c in first])
                tied = len(first) > 1
                sentences.append(
                    f"At {stage}, value is still weak: {who}, "
                    f"{wording.listing([names[c] for c in first])}"
                    f", {'each score' if tied else 'scores'} at most {top_score:g}/5 "
                    f"(on {dims}{' respectively' if tied else ''})."
                )
                gaps.append(f"{stage} (weak scores)")
    if empty:
        sentences.append(_empty_stages(empty))
    if strong:
        opening = (
            f"Social creates clear value at {wording.listing(strong)} "
            f"({len(strong)} of the {len(_LIFECYCLE)} lifecycle stages)."
        )
    else:
        opening = "Social does not yet create clear value at any stage of the customer lifecycle."
    if len(empty) == len(_LIFECYCLE):
        closing = ""  # nothing is served: the sentences already say so
    elif gaps:
        closing = f"Where value is not there yet: {wording.listing(gaps)}."
    else:
        closing = (
            f"Every stage has at least one component scoring {STRONG_SCORE:g} or more out of 5."
        )
    return " ".join(part for part in [opening, *sentences, closing] if part)


def _empty_stages(empty: list[tuple[str, list[str]]]) -> str:
    """One sentence on the stages no active component serves, naming planned components."""
    if len(empty) == 1:
        stage, soon = empty[0]
        verb = "is" if len(soon) == 1 else "are"
        later = f" ({wording.listing(soon)} {verb} planned)" if soon else ""
        return f"No active component serves {stage} yet{later}."
    stages = [stage for stage, _ in empty]
    plans = [
        f"{wording.listing(soon)} {'is' if len(soon) == 1 else 'are'} planned for {stage}"
        for stage, soon in empty
        if soon
    ]
    later = f" ({'; '.join(plans)})" if plans else ""
    listed = wording.listing(stages, conjunction="or")
    return f"No active component serves {listed} yet{later}."


# --- helpers -----------------------------------------------------------------------------------


def _components(client: Client, statuses: tuple[str, ...]) -> pd.DataFrame:
    eco = client.table("ecosystem")
    status = eco["status"].replace("", "active") if len(eco) else eco["status"]
    return eco[status.isin(statuses)]


def _stage_members(client: Client, statuses: tuple[str, ...]) -> dict[str, list[str]]:
    eco = _components(client, statuses)
    members: dict[str, list[str]] = {stage: [] for stage in _LIFECYCLE}
    for cid, stages in zip(eco["component_id"], eco["lifecycle_stages"], strict=True):
        for stage in stages or ():
            if stage in members:
                members[stage].append(cid)
    return members


def _best_per_component(matrix: pd.DataFrame, members: list[str]) -> dict:
    best = {}
    for cid in members:
        if cid not in matrix.index:
            continue
        row = matrix.loc[cid].dropna()
        if len(row):
            best[cid] = (float(row.max()), str(row.idxmax()))
    return best


def _has(client: Client, column: str) -> bool:
    return column in client.table("posts").columns


def _evidence(
    client: Client, measure: str, candidates: list[str], scored_mentions: pd.DataFrame | None
) -> dict[str, float]:
    """Measured values of `measure` in the period for the candidates that have evidence."""
    if measure in {"reach", CONSTRUCTIVE_ACTIONS}:
        posts = client.in_period("posts")
        if measure == "reach":
            key = "reach" if "reach" in posts else "impressions" if "impressions" in posts else ""
        else:
            present = {"comments", "votes", "referrals"} & set(posts.columns)
            key = measure if present else ""
        if not key:
            return {}
        having = set(posts["component_id"])
    elif measure == "net_sentiment":
        if scored_mentions is not None:
            return _net_sentiment(client, scored_mentions, candidates)
        key, having = measure, set(client.in_period("mentions")["component_id"])
    else:
        rows = client.in_period("metrics", "date")
        rows = rows[(rows["metric"] == measure) & rows["value"].notna()]
        key, having = measure, set(rows["component_id"])
    values = {}
    for cid in candidates:
        if cid in having:
            value = _metric_value(client, key, cid)
            if value is not None:
                values[cid] = value
    return values


def _net_sentiment(client: Client, scored: pd.DataFrame, candidates: list[str]) -> dict:
    frame = scored
    if "published_at" in frame:
        days = pd.to_datetime(frame["published_at"]).dt.normalize()
        start, end = pd.Timestamp(client.period.start), pd.Timestamp(client.period.end)
        frame = frame[(days >= start) & (days <= end)]
    values = {}
    for cid, group in frame.groupby(frame["component_id"].fillna("")):
        if cid in candidates and len(group):
            values[cid] = sentiment.class_counts(group["sentiment"])["net_sentiment"]
    return values


def _metric_value(client: Client, key: str, component_id: str | None) -> float | None:
    value = metrics.metric_value(client, key, client.period, component_id=component_id)
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    return float(value)


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]
