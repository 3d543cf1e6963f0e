import pytest

from socialworkbook import vocab
from socialworkbook.measure import metrics


def test_every_known_metric_has_a_kind():
    assert set(vocab.KNOWN_METRICS) <= set(vocab.METRIC_KINDS)
    assert set(vocab.METRIC_KINDS.values()) == {"stock", "flow", "level"}
    assert vocab.LOWER_IS_BETTER <= set(vocab.METRIC_KINDS)


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
    assert vocab.metric_kind(metric) == kind
    assert metrics.aggregation_rule(metric) == rule


def test_lower_is_better_metrics_of_the_issue():
    assert {"response_time_hours", "support_cases", "cost_per_hire"} <= vocab.LOWER_IS_BETTER
    assert "followers" not in vocab.LOWER_IS_BETTER
