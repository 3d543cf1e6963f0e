import pytest

from socialworkbook.catalogue import METRICS, metric_kind
from socialworkbook.measure import metrics


def test_every_known_metric_has_a_kind():
    kinds = {m.key: metric_kind(m.key) for m in METRICS}
    assert set(METRICS.known()) <= set(kinds)
    assert set(kinds.values()) == {"stock", "flow", "level"}
    assert METRICS.lower_is_better() <= set(kinds)


@pytest.mark.parametrize(
    ("metric", "kind", "rule"),
    [
        ("followers", "stock", "last"),
        ("members", "stock", "last"),
        ("comments", "flow", "sum"),
        ("support_cases", "flow", "sum"),
        ("tickets", "flow", "sum"),  # unknown: a count
        ("engagement_rate_reach", "level", "mean"),
        ("share_of_voice", "level", "mean"),
        ("net_sentiment", "level", "mean"),
        ("csat", "level", "mean"),
        ("churn_rate", "level", "mean"),  # unknown: by its suffix
        ("tickets_per_agent", "level", "mean"),
    ],
)
def test_metric_kind_drives_the_aggregation(metric, kind, rule):
    assert metric_kind(metric) == kind
    assert metrics.aggregation_rule(metric) == rule


def test_lower_is_better_metrics_of_the_issue():
    assert {"response_time_hours", "support_cases", "cost_per_hire"} <= METRICS.lower_is_better()
    assert "followers" not in METRICS.lower_is_better()
