"""A finding is printed once, even when two producers see the same gap (issue 23)."""

from __future__ import annotations

from socialworkbook.method.findings import Finding, action_list, findings_table


def test_the_same_finding_from_two_producers_is_listed_once():
    text, todo = "No component listens to customers.", "Add a listening post."
    findings = [
        Finding("no-listening-post", "high", text, todo, "01_ecosystem_map"),
        Finding("no-listening:all", "high", text, todo, "02_value_dimensions"),
        Finding("no-reach", "low", "Posts carry no reach.", "Export reach.", "03_metric_analysis"),
    ]
    assert findings_table(findings)["finding"].tolist() == [text, "Posts carry no reach."]
    assert len(action_list(findings)) == 2
