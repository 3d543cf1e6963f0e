import math

import pandas as pd
import pytest
from factories import component, fake_metric_value, make_client, use_metric_value

from socialworkbook.method import value


@pytest.fixture(autouse=True)
def _metrics(monkeypatch):
    use_metric_value(monkeypatch)


def _scores(*triples):
    return [{"component_id": c, "dimension": d, "score": s} for c, d, s in triples]


def _post(pid, cid, day="2026-07-15", **counts):
    return {"post_id": pid, "component_id": cid, "published_at": day, **counts}


FOUR = [component(c, name=c.upper()) for c in ("a", "b", "c", "d")]


def test_score_matrix_columns_rows_and_gaps():
    client = make_client(
        ecosystem=[
            component("forum"),
            component("crm", status="planned"),
            component("old", status="retired"),
        ],
        value_scores=_scores(
            ("forum", "customer_advocacy", 4),
            ("forum", "customer_advocacy", 5),
            ("forum", "employer_brand", 3),
            ("old", "brand_awareness", 5),
        ),
        dimensions=("employer_brand",),
    )
    matrix = value.score_matrix(client)
    assert list(matrix.columns) == [
        "brand_awareness",
        "lead_generation",
        "direct_sales",
        "customer_advocacy",
        "customer_insight",
        "customer_retention",
        "employer_brand",
    ]
    assert list(matrix.index) == ["forum", "crm"]
    assert matrix.loc["forum", "customer_advocacy"] == 4.5  # repeated scores averaged
    assert matrix.loc["forum", "employer_brand"] == 3
    assert math.isnan(matrix.loc["crm", "brand_awareness"])


def test_dimension_coverage_best_component_and_counts():
    client = make_client(
        ecosystem=[*FOUR, component("p", status="planned")],
        value_scores=_scores(
            ("a", "brand_awareness", 2),
            ("b", "brand_awareness", 4),
            ("c", "brand_awareness", 4),
            ("p", "lead_generation", 5),
        ),
    )
    coverage = value.dimension_coverage(client)
    assert coverage.loc["brand_awareness", "best_score"] == 4
    assert coverage.loc["brand_awareness", "best_component_id"] == "b"  # tie: ecosystem order
    assert coverage.loc["brand_awareness", "best_component"] == "B and C"  # both named
    assert coverage.loc["brand_awareness", "components_scored"] == 3
    assert coverage.loc["brand_awareness", "components_strong"] == 2
    assert math.isnan(coverage.loc["lead_generation", "best_score"])  # planned does not count


def test_dimension_lifecycle_coverage_takes_best_of_serving_components():
    client = make_client(
        ecosystem=[
            component("a", lifecycle_stages="investigation;loyalty"),
            component("b", lifecycle_stages="loyalty"),
        ],
        value_scores=_scores(("a", "customer_retention", 2), ("b", "customer_retention", 5)),
    )
    grid = value.dimension_lifecycle_coverage(client)
    assert grid.loc["customer_retention", "loyalty"] == 5
    assert grid.loc["customer_retention", "investigation"] == 2
    assert grid["purchase"].isna().all()


def _reach_client(scores, n=4):
    posts = [_post(f"p{i}", cid, reach=100 * (i + 1)) for i, cid in enumerate("abcd"[:n])]
    posts.append(_post("old", "a", day="2026-04-01", reach=99999))  # baseline: not evidence
    return make_client(ecosystem=FOUR[:n], posts=posts, value_scores=_scores(*scores))


def test_score_vs_evidence_ranks_components_with_evidence():
    client = _reach_client([("a", "brand_awareness", 5)])
    evidence = value.score_vs_evidence(client)
    reach = evidence[evidence["dimension"] == "brand_awareness"].set_index("component_id")
    assert list(reach.index) == ["a", "b", "c", "d"]
    assert reach["value"].tolist() == [100, 200, 300, 400]
    assert reach["rank"].tolist() == pytest.approx([0, 1 / 3, 2 / 3, 1])
    assert reach["share"].tolist() == pytest.approx([0.1, 0.2, 0.3, 0.4])
    assert reach.loc["a", "score"] == 5
    assert math.isnan(reach.loc["b", "score"])
    assert (reach["n_components"] == 4).all()
    assert set(reach["measure"]) == {"reach"}


def test_disagreement_flags_strong_disagreement_both_ways():
    client = _reach_client(
        [("a", "brand_awareness", 5), ("b", "brand_awareness", 3), ("d", "brand_awareness", 0)]
    )
    findings = {f.id: f for f in value.disagreement_findings(value.score_vs_evidence(client))}
    assert set(findings) == {
        "score-above-evidence:a:brand_awareness",
        "score-below-evidence:d:brand_awareness",
    }
    assert "bottom quarter" in findings["score-above-evidence:a:brand_awareness"].text
    assert "A" in findings["score-above-evidence:a:brand_awareness"].text
    assert findings["score-below-evidence:d:brand_awareness"].notebook == "02_value_dimensions"


def test_no_disagreement_when_scores_agree_or_too_few_components():
    agree = _reach_client([("a", "brand_awareness", 1), ("d", "brand_awareness", 5)])
    assert value.disagreement_findings(value.score_vs_evidence(agree)) == []
    few = _reach_client([("a", "brand_awareness", 5), ("b", "brand_awareness", 0)], n=2)
    assert value.disagreement_findings(value.score_vs_evidence(few)) == []
    assert value.disagreement_findings(pd.DataFrame()) == []


def test_advocacy_evidence_from_constructive_actions_and_scored_mentions(monkeypatch):
    def no_sentiment(client, key, span, *, component_id=None):
        assert key != "net_sentiment", "scored mentions must not be scored again"
        return fake_metric_value(client, key, span, component_id=component_id)

    use_metric_value(monkeypatch, no_sentiment)
    posts = [_post(f"p{c}", c, comments=i, votes=1) for i, c in enumerate("abc")]
    scored = pd.DataFrame(
        {
            "mention_id": ["m1", "m2", "m3", "m4", "m5"],
            "component_id": ["a", "a", "b", "c", "c"],
            "published_at": pd.to_datetime(["2026-07-02"] * 4 + ["2025-01-01"]),
            "sentiment": ["positive", "negative", "positive", "negative", "positive"],
        }
    )
    client = make_client(
        ecosystem=FOUR,
        posts=posts,
        value_scores=_scores(("c", "customer_advocacy", 5)),
    )
    evidence = value.score_vs_evidence(client, scored_mentions=scored)
    advocacy = evidence[evidence["dimension"] == "customer_advocacy"]
    actions = advocacy[advocacy["measure"] == "constructive_actions"].set_index("component_id")
    assert actions["value"].to_dict() == {"a": 1, "b": 2, "c": 3}
    sentiment = advocacy[advocacy["measure"] == "net_sentiment"].set_index("component_id")
    assert sentiment["value"].to_dict() == {"a": 0.0, "b": 100.0, "c": -100.0}
    assert math.isnan(sentiment.loc["a", "share"])  # a share of net sentiment means nothing
    # c: top on actions (rank 1), bottom on sentiment (rank 0): mean 0.5, no disagreement
    assert value.disagreement_findings(evidence) == []


def test_sales_and_leads_evidence_from_metrics_table():
    rows = [
        {"date": "2026-07-10", "metric": "leads", "value": v, "component_id": c}
        for c, v in zip("abc", (5, 50, 500), strict=True)
    ] + [
        {"date": "2026-07-10", "metric": "revenue", "value": 10.0, "component_id": "a"},
        {"date": "2026-03-10", "metric": "sales", "value": 10.0, "component_id": "b"},
    ]
    client = make_client(ecosystem=FOUR, metrics=rows)
    evidence = value.score_vs_evidence(client)
    leads = evidence[evidence["dimension"] == "lead_generation"]
    assert leads["value"].tolist() == [5, 50, 500]
    sales = evidence[evidence["dimension"] == "direct_sales"]
    assert sales[["component_id", "measure"]].values.tolist() == [["a", "revenue"]]


def test_lifecycle_narrative_names_strong_weak_and_empty_stages():
    client = make_client(
        ecosystem=[
            component("insta", name="Instagram", lifecycle_stages="investigation"),
            component("tiktok", name="TikTok", lifecycle_stages="investigation"),
            component("forum", name="Help forum", lifecycle_stages="loyalty"),
            component("crm", name="Sprout", lifecycle_stages="purchase", status="planned"),
        ],
        value_scores=_scores(
            ("insta", "brand_awareness", 4),
            ("tiktok", "brand_awareness", 3.5),
            ("forum", "customer_retention", 2),
        ),
    )
    text = value.lifecycle_narrative(client)
    assert "Instagram (brand awareness 4/5)" in text
    assert "TikTok (brand awareness 3.5/5)" in text
    assert "No active component serves purchase yet (Sprout is planned)" in text
    assert "At loyalty, value is still weak" in text and "Help forum" in text
    assert text.endswith(
        "Where value is not there yet: purchase (no component) and loyalty (weak scores)."
    )
    assert "\n" not in text and "*" not in text and "<" not in text


def test_lifecycle_narrative_unscored_and_all_covered():
    unscored = make_client(
        ecosystem=[component("a", name="Forum", lifecycle_stages="loyalty;purchase;investigation")]
    )
    text = value.lifecycle_narrative(unscored)
    assert "does not yet create clear value" in text
    assert "no value scores have been given yet" in text
    covered = make_client(
        ecosystem=[component("a", name="Forum", lifecycle_stages="loyalty;purchase;investigation")],
        value_scores=_scores(("a", "customer_advocacy", 3)),
    )
    text = value.lifecycle_narrative(covered)
    assert "Every stage has at least one component scoring 3 or more" in text
    assert "purchase" in text


def test_lifecycle_narrative_groups_empty_stages():
    client = make_client(
        ecosystem=[
            component("forum", name="Forum", lifecycle_stages="loyalty"),
            component("crm", name="Sprout", lifecycle_stages="purchase", status="planned"),
        ],
        value_scores=_scores(("forum", "customer_retention", 5)),
    )
    text = value.lifecycle_narrative(client)
    assert text.startswith("Social creates clear value at loyalty (1 of the 3 lifecycle stages).")
    assert "No active component serves investigation or purchase yet" in text
    assert "(Sprout is planned for purchase)" in text
    assert text.count("No active component") == 1
    nothing = value.lifecycle_narrative(make_client(ecosystem=[]))
    assert "serves investigation, purchase or loyalty yet." in nothing
    assert "Where value is not there yet" not in nothing


def _coverage_client(*triples):
    return make_client(ecosystem=FOUR, value_scores=_scores(*triples))


def test_headlines_and_summary_name_ties_of_the_strongest_dimensions():
    empty = pd.DataFrame(columns=["component_id"])
    # one leader: brand awareness has 2 strong components, lead generation 1
    one = _coverage_client(
        ("a", "brand_awareness", 4), ("b", "brand_awareness", 5), ("c", "lead_generation", 4)
    )
    assert value.headlines(one, empty)["scores"] == (
        "Brand awareness is where the most components create value (2 score 3 or more)"
    )
    # two tied at 2 strong each; the summary's two strongest are exactly those two
    two = _coverage_client(
        ("a", "brand_awareness", 4),
        ("b", "brand_awareness", 5),
        ("c", "lead_generation", 4),
        ("d", "lead_generation", 4),
        ("a", "direct_sales", 4),
    )
    assert value.headlines(two, empty)["scores"] == (
        "Brand awareness and lead generation tie for the most components creating value "
        "(2 each score 3 or more)"
    )
    # a tie at second place: all three with 1 strong after the leader are named, not one of them
    many = _coverage_client(
        ("a", "brand_awareness", 4),
        ("b", "brand_awareness", 4),
        ("c", "lead_generation", 4),
        ("d", "direct_sales", 4),
        ("a", "customer_insight", 5),
    )
    assert value.closing_summary(many, []).startswith(
        "Social creates most value for Acme in brand awareness, lead generation, direct sales "
        "and customer insight;"
    )
    # no strong score at all: no dimension is named as where most value is
    none = _coverage_client(("a", "brand_awareness", 2), ("b", "lead_generation", 2.5))
    assert value.headlines(none, empty)["scores"] == (
        "No component scores 3 or more on any value dimension yet"
    )
    assert value.closing_summary(none, []).startswith(
        "No component scores 3 or more on any value dimension yet;"
    )


def test_lifecycle_narrative_names_every_component_tied_for_the_lead():
    stage = {"lifecycle_stages": "loyalty"}
    client = make_client(
        ecosystem=[component(c, name=c.upper(), **stage) for c in ("a", "b", "c", "d")],
        value_scores=_scores(
            ("a", "customer_retention", 5),
            ("b", "customer_advocacy", 4),
            ("c", "customer_retention", 4),
            ("d", "customer_retention", 2),
        ),
    )
    text = value.lifecycle_narrative(client)
    # B and C tie at second place: both are named with A
    assert (
        "At loyalty, A (customer retention 5/5), B (customer advocacy 4/5) and "
        "C (customer retention 4/5) lead of the 4 components serving it." in text
    )
    weak = make_client(
        ecosystem=[component(c, name=c.upper(), **stage) for c in ("a", "b", "c")],
        value_scores=_scores(("a", "brand_awareness", 2), ("b", "customer_retention", 2)),
    )
    assert (
        "At loyalty, value is still weak: the best of its 3 components, A and B, each score at "
        "most 2/5 (on brand awareness and customer retention respectively)."
        in value.lifecycle_narrative(weak)
    )


def test_coverage_table_says_plainly_when_no_active_component_is_scored():
    client = make_client(
        ecosystem=[*FOUR, component("p", status="planned")],
        value_scores=_scores(
            ("a", "brand_awareness", 2),
            ("b", "brand_awareness", 4),
            ("p", "lead_generation", 5),  # planned: not counted
        ),
    )
    table = value.coverage_table(client).set_index("dimension")
    assert table.loc["brand awareness", "strong components"] == "1 of 2 scored"
    assert table.loc["lead generation", "strong components"] == "none scored"
    assert not table["strong components"].str.contains(r"\b0 of 0\b").any()
