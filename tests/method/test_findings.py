import pytest

from socialworkbook.method import findings
from socialworkbook.method.findings import Finding, action_list, as_result, prioritise


def _f(id_, severity="medium", notebook="01_ecosystem_map"):
    return Finding(id_, severity, f"Gap {id_}.", f"Fix {id_}.", notebook)


def test_finding_rejects_unknown_severity_and_notebook():
    with pytest.raises(ValueError, match="severity"):
        _f("x", severity="critical")
    with pytest.raises(ValueError, match="notebook"):
        _f("x", notebook="nowhere")
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


@pytest.mark.parametrize(
    "notebook", ["05_own_check", "99_x", "12_brand_health_2", "03_metric_analysis"]
)
def test_a_finding_may_point_to_any_template_named_nn_name(notebook):
    assert _f("x", notebook=notebook).notebook == notebook


@pytest.mark.parametrize(
    "notebook",
    ["nowhere", "5_own", "05-own", "05_Own", "05_own.ipynb", "05_", "../05_own", "", None],
)
def test_a_finding_naming_no_template_is_refused(notebook):
    with pytest.raises(ValueError, match="NN_name"):
        _f("x", notebook=notebook)


def test_the_method_notebooks_register_their_producers_once():
    from socialworkbook.method import data_gaps, ecosystem, ogst, value

    assert findings._PRODUCERS == {
        "01_ecosystem_map": ecosystem.ecosystem_findings,
        "02_value_dimensions": value.value_findings,
        "03_metric_analysis": data_gaps.coverage_findings,
        "04_action_plan": ogst.completeness_findings,
    }
    with pytest.raises(ValueError, match="NN_name"):
        findings.producer("ecosystem")


def test_recorded_findings_read_back_as_findings():
    recorded = {"findings": [as_result(_f("a", "low", "05_own_check"))]}
    assert findings.from_results(recorded) == [_f("a", "low", "05_own_check")]
    assert findings.from_results(None) == findings.from_results({"findings": None}) == []
