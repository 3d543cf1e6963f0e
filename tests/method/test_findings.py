import pytest

from socialworkbook.method.findings import Finding, action_list, as_result, prioritise


def _f(id_, severity="medium", notebook="01_ecosystem_map"):
    return Finding(id_, severity, f"Gap {id_}.", f"Fix {id_}.", notebook)


def test_finding_rejects_unknown_severity_and_notebook():
    with pytest.raises(ValueError, match="severity"):
        _f("x", severity="critical")
    with pytest.raises(ValueError, match="notebook"):
        _f("x", notebook="05_nowhere")
    with pytest.raises(ValueError, match="id"):
        _f("")


def test_finding_is_frozen():
    finding = _f("x")
    with pytest.raises(AttributeError):
        finding.severity = "high"


def test_as_result_has_contract_keys():
    result = as_result(_f("no-listening-post", "high"))
    assert result == {
        "id": "no-listening-post",
        "severity": "high",
        "text": "Gap no-listening-post.",
        "recommendation": "Fix no-listening-post.",
        "notebook": "01_ecosystem_map",
    }


def test_prioritise_puts_high_first_keeps_order_and_drops_repeats():
    findings = [_f("a", "low"), _f("b", "high"), _f("c", "medium"), _f("d", "high"), _f("b", "low")]
    assert [f.id for f in prioritise(findings)] == ["b", "d", "c", "a"]


def test_action_list_numbers_actions_by_priority():
    table = action_list([_f("a", "low", "04_action_plan"), _f("b", "high")])
    assert list(table.index) == ["b", "a"]
    assert list(table.columns) == ["priority", "severity", "action", "why", "where"]
    assert list(table["priority"]) == [1, 2]
    assert table.loc["a", "action"] == "Fix a."
    assert table.loc["a", "why"] == "Gap a."
    assert table.loc["a", "where"] == "04_action_plan"


def test_action_list_of_nothing_is_empty():
    assert action_list([]).empty
