import math
from pathlib import Path

import networkx as nx
import pytest
from factories import component, make_client

from socialworkbook.method import ecosystem

ALL_FUNCTIONS = "customer_service;rnd;operations;hr;marketing;sales"


def _healthy_components():
    """An ecosystem without any of the gaps the map reports."""
    return [
        component(
            "crm",
            name="Social CRM",
            component_type="social_crm",
            continuum_stage="social_crm",
            purposes="listening",
            business_functions="sales;customer_service",
            lifecycle_stages="purchase",
        ),
        component(
            "forum",
            name="Help forum",
            purposes="supporting;embracing",
            business_functions="customer_service;rnd",
            lifecycle_stages="loyalty",
        ),
        component(
            "intranet",
            name="Workplace",
            component_type="collaboration_tool",
            continuum_stage="collaboration",
            purposes="collaborating",
            business_functions="operations;hr",
            audience="employees",
        ),
        component(
            "insta",
            name="Instagram",
            component_type="social_media_profile",
            continuum_stage="mass_market",
            purposes="talking",
            business_functions="marketing",
            lifecycle_stages="investigation",
        ),
    ]


def _functions(*names):
    return [
        {"business_function": f, "business_objective": "b", "social_objective": "s"} for f in names
    ]


def _ids(client):
    return [f.id for f in ecosystem.ecosystem_findings(client)]


def _with(components, cid, **changes):
    return [c | changes if c["component_id"] == cid else c for c in components]


# --- findings ----------------------------------------------------------------------------------


def test_healthy_client_has_no_findings():
    client = make_client(
        ecosystem=_healthy_components(),
        functions=_functions(*ALL_FUNCTIONS.split(";")),
        ogst=[{"component_id": "forum", "objective": "o", "goal": "g", "metric": "comments"}],
    )
    assert ecosystem.ecosystem_findings(client) == []


def test_no_listening_post():
    comps = _with(_healthy_components(), "crm", status="planned")
    client = make_client(ecosystem=comps)
    assert "no-listening-post" in _ids(client)
    finding = next(f for f in ecosystem.ecosystem_findings(client) if f.id == "no-listening-post")
    assert finding.severity == "high"
    assert finding.notebook == "01_ecosystem_map"


def test_listening_purpose_or_listening_tool_counts_as_listening_post():
    comps = _with(_healthy_components(), "crm", status="planned")
    by_purpose = _with(comps, "forum", purposes=("supporting", "listening"))
    assert "no-listening-post" not in _ids(make_client(ecosystem=by_purpose))
    tool = component("tool", component_type="listening_tool", continuum_stage="social_crm")
    assert "no-listening-post" not in _ids(make_client(ecosystem=[*comps, tool]))


def test_function_in_scope_without_component_is_high():
    client = make_client(
        ecosystem=_healthy_components(), functions=_functions("customer_service", "hr")
    )
    findings = {f.id: f for f in ecosystem.ecosystem_findings(client)}
    assert "no-component-for-function:customer_service" not in findings
    assert "no-component-for-function:hr" not in findings  # the intranet serves hr

    comps = _with(_healthy_components(), "intranet", business_functions="operations")
    client = make_client(ecosystem=comps, functions=_functions("customer_service", "hr"))
    findings = {f.id: f for f in ecosystem.ecosystem_findings(client)}
    assert findings["no-component-for-function:hr"].severity == "high"
    assert "HR" in findings["no-component-for-function:hr"].text
    # operations is served but not in scope: no finding either way
    assert "no-component-for-function:operations" not in findings


def test_function_served_only_by_planned_component_is_medium_and_named():
    comps = _with(_healthy_components(), "intranet", status="planned")
    client = make_client(ecosystem=comps, functions=_functions("hr"))
    finding = next(f for f in ecosystem.ecosystem_findings(client) if f.id.endswith(":hr"))
    assert finding.severity == "medium"
    assert "Workplace" in finding.text


def test_function_scope_from_components_when_no_functions_table():
    comps = [*_healthy_components(), component("old", business_functions="hr", status="retired")]
    comps = _with(comps, "intranet", business_functions="operations")
    assert "no-component-for-function:hr" in _ids(make_client(ecosystem=comps))
    assert "no-component-for-function:hr" not in _ids(make_client(ecosystem=comps[:-1]))


def test_functions_table_components_count_as_serving():
    comps = _with(_healthy_components(), "intranet", business_functions="operations")
    rows = _functions("hr")
    rows[0]["components"] = "intranet"
    assert "no-component-for-function:hr" not in _ids(make_client(ecosystem=comps, functions=rows))


@pytest.mark.parametrize("stage", ["investigation", "purchase", "loyalty"])
def test_lifecycle_stage_without_active_component(stage):
    comps = [
        c | {"lifecycle_stages": tuple(s for s in c.get("lifecycle_stages", "").split(";") if s)}
        for c in _healthy_components()
    ]
    comps = [
        c | {"lifecycle_stages": tuple(s for s in c["lifecycle_stages"] if s != stage)}
        for c in comps
    ]
    ids = _ids(make_client(ecosystem=comps))
    assert f"no-component-for-stage:{stage}" in ids
    assert [i for i in ids if i.startswith("no-component-for-stage")] == [
        f"no-component-for-stage:{stage}"
    ]


def test_all_components_at_mass_market_is_high_and_says_no_insight():
    comps = [c | {"continuum_stage": "mass_market"} for c in _healthy_components()]
    findings = {f.id: f for f in ecosystem.ecosystem_findings(make_client(ecosystem=comps))}
    finding = findings["continuum-one-stage:mass_market"]
    assert finding.severity == "high"
    assert "insight" in finding.text
    assert "All 4 active components" in finding.text
    assert "no-insight-capability" not in findings


def test_all_components_at_social_crm_end():
    comps = [c | {"continuum_stage": "social_crm"} for c in _healthy_components()]
    assert "continuum-one-stage:social_crm" in _ids(make_client(ecosystem=comps))


def test_no_insight_capability_when_insight_end_is_empty():
    comps = _with(_healthy_components(), "crm", continuum_stage="community")
    comps = _with(comps, "intranet", continuum_stage="community")
    ids = _ids(make_client(ecosystem=comps))
    assert "no-insight-capability" in ids
    assert not any(i.startswith("continuum-one-stage") for i in ids)
    # a planned insight component does not count yet
    planned = component("crm2", continuum_stage="social_crm", status="planned")
    assert "no-insight-capability" in _ids(make_client(ecosystem=[*comps, planned]))


def test_components_without_owner_names_them_and_ignores_retired():
    comps = _with(_healthy_components(), "insta", owner="")
    findings = {f.id: f for f in ecosystem.ecosystem_findings(make_client(ecosystem=comps))}
    assert "Instagram" in findings["components-without-owner"].text
    # the client reads it: no input-table words ("in the ecosystem table")
    assert findings["components-without-owner"].recommendation == (
        "Name one accountable owner for each of them."
    )
    retired = [*_healthy_components(), component("old", owner="", status="retired")]
    assert "components-without-owner" not in _ids(make_client(ecosystem=retired))


def test_retired_component_with_goals():
    comps = [*_healthy_components(), component("old", name="Old blog", status="retired")]
    with_goal = [{"component_id": "old", "objective": "o", "goal": "", "metric": "likes"}]
    findings = {
        f.id: f for f in ecosystem.ecosystem_findings(make_client(ecosystem=comps, ogst=with_goal))
    }
    assert "Old blog" in findings["retired-components-with-goals"].text
    objective_only = [{"component_id": "old", "objective": "o"}]
    assert "retired-components-with-goals" not in _ids(
        make_client(ecosystem=comps, ogst=objective_only)
    )


# --- inventory and summary ---------------------------------------------------------------------


def test_inventory_groups_by_type_and_joins_multi_values():
    comps = [*_healthy_components(), component("old", name="Old blog", status="retired", owner="")]
    table = ecosystem.inventory(make_client(ecosystem=comps))
    assert list(table.index) == ["forum", "old", "insta", "crm", "intranet"]
    assert table.loc["crm", "business_functions"] == "sales, customer service"  # as written
    assert table.loc["forum", "business_functions"] == "customer service, R&D"
    assert table.loc["old", "owner"] == "(no owner)"
    assert table.loc["old", "status"] == "retired"
    assert table.loc["crm", "component_type"] == "social CRM"


def test_summary_counts_every_component_and_status():
    comps = [
        *_healthy_components(),
        component("old", status="retired", continuum_stage="mass_market"),
        component("new", status="planned", component_type="listening_tool"),
    ]
    result = ecosystem.summary(make_client(ecosystem=comps))
    assert result["components"] == 6
    assert result["active"] == 4
    assert result["by_status"] == {"active": 4, "planned": 1, "retired": 1}
    assert result["by_continuum_stage"] == {
        "social_crm": 1,
        "collaboration": 1,
        "community": 2,
        "mass_market": 2,
    }
    assert result["by_type"]["customer_community"] == 2
    assert result["by_type"]["social_network"] == 0
    assert sum(result["by_type"].values()) == 6


# --- continuum -----------------------------------------------------------------------------------


def _crowded():
    return [
        component("z_forum", name="Zeta forum", continuum_stage="community"),
        component("a_forum", name="Alpha forum", continuum_stage="community"),
        component(
            "platform",
            name="Platform",
            component_type="community_platform",
            continuum_stage="community",
            status="planned",
        ),
        component(
            "fb",
            name="Facebook",
            component_type="social_network",
            continuum_stage="mass_market",
            purposes="talking;energizing",
        ),
        component(
            "crm",
            name="CRM",
            component_type="social_crm",
            continuum_stage="social_crm",
            status="retired",
        ),
    ]


def test_continuum_placement_order_statuses_and_spread():
    table = ecosystem.continuum_placement(make_client(ecosystem=_crowded()))
    assert list(table["component_id"]) == ["a_forum", "z_forum", "platform", "fb"]
    assert "crm" not in set(table["component_id"])  # retired left out
    assert table.set_index("component_id").loc["platform", "status"] == "planned"
    assert list(table["stage_index"]) == [2, 2, 2, 3]
    community = table[table["stage_index"] == 2]
    assert community["position"].is_unique
    assert community["position"].between(1.65, 2.35).all()
    assert table.set_index("component_id").loc["fb", "position"] == 3.0
    assert table.set_index("component_id").loc["fb", "purpose"] == "talking"
    assert table.set_index("component_id").loc["a_forum", "purpose"] == ""


def test_continuum_placement_is_deterministic_whatever_the_row_order():
    first = ecosystem.continuum_placement(make_client(ecosystem=_crowded()))
    second = ecosystem.continuum_placement(make_client(ecosystem=list(reversed(_crowded()))))
    assert first.equals(second)


def test_continuum_size_from_posts_then_metrics_else_nan():
    posts = [
        {"post_id": "1", "component_id": "fb", "published_at": "2026-07-01", "followers": 900},
        {"post_id": "2", "component_id": "fb", "published_at": "2026-08-01", "followers": 1000},
        {"post_id": "3", "component_id": "fb", "published_at": "2026-10-05", "followers": 5000},
    ]
    metrics = [
        {"date": "2026-09-01", "metric": "members", "value": 250, "component_id": "a_forum"},
        {"date": "2026-06-01", "metric": "members", "value": 200, "component_id": "a_forum"},
        {"date": "2026-09-01", "metric": "members", "value": 7, "component_id": "fb"},
    ]
    table = ecosystem.continuum_placement(
        make_client(ecosystem=_crowded(), posts=posts, metrics=metrics)
    ).set_index("component_id")
    assert table.loc["fb", "size"] == 1000  # latest post up to the period end wins over metrics
    assert table.loc["fb", "size_source"] == "posts: followers"
    assert table.loc["a_forum", "size"] == 250
    assert math.isnan(table.loc["z_forum", "size"])


# --- graph -----------------------------------------------------------------------------------


def test_the_graph_marks_planned_links_and_leaves_retired_components_out():
    comps = _with(_healthy_components(), "forum", status="planned")
    comps.append(component("old", status="retired", business_functions="hr"))
    client = make_client(ecosystem=comps, functions=_functions("customer_service", "hr"))
    graph = ecosystem.ecosystem_graph(client)
    components = sorted(n for n, kind in graph.nodes(data="kind") if kind == "component")
    assert components == [f"component:{c}" for c in ("crm", "forum", "insta", "intranet")]
    functions = [n.split(":")[1] for n, kind in graph.nodes(data="kind") if kind == "function"]
    assert functions == ["customer_service", "rnd", "operations", "hr", "marketing", "sales"]
    assert graph.edges["component:forum", "function:customer_service"]["status"] == "planned"
    assert graph.edges["component:crm", "function:customer_service"]["status"] == "active"
    assert not graph.has_edge("component:insta", "function:customer_service")
    assert graph.edges["component:forum", "stage:loyalty"]["status"] == "planned"
    assert graph.edges["component:insta", "stage:investigation"]["status"] == "active"
    assert not any(n.startswith("stage:") for n in graph["component:intranet"])
    assert "component:old" not in graph and "function:hr" in graph  # retired; hr in scope


def test_ecosystem_graph():
    comps = _with(_healthy_components(), "intranet", business_functions="operations")
    client = make_client(ecosystem=comps, functions=_functions("hr", "marketing"))
    graph = ecosystem.ecosystem_graph(client)
    assert isinstance(graph, nx.Graph)
    assert graph.nodes["component:crm"]["continuum_stage"] == "social_crm"
    assert graph.nodes["function:rnd"]["label"] == "R&D"
    assert graph.nodes["stage:loyalty"]["kind"] == "stage"  # charts.network styles by kind
    assert graph.has_edge("component:forum", "function:rnd")
    assert graph.has_edge("component:forum", "stage:loyalty")
    assert graph.degree("function:hr") == 0  # in scope, unserved: shows as a gap
    assert {"stage:investigation", "stage:purchase", "stage:loyalty"} <= set(graph)


def test_label_reads_plainly():
    assert ecosystem.label("customer_service") == "customer service"
    assert ecosystem.label("rnd") == "R&D"
    assert ecosystem.label("social_crm") == "social CRM"


def test_continuum_size_on_the_real_facebook_posts():
    from realdata import facebook_posts

    posts = facebook_posts()
    client = make_client(
        ecosystem=[component("facebook-page", continuum_stage="mass_market")], period="2014-06"
    )
    client.tables["posts"] = posts
    upto = posts[posts["published_at"] < "2014-07-01"].sort_values("published_at", kind="stable")
    size = ecosystem.continuum_placement(client)["size"].iloc[0]
    assert size == upto["followers"].iloc[-1]


def test_crowded_mass_market_end_without_social_crm():
    # crm -> planned, forum + intranet -> mass market: 3 of 3 active... keep collaboration alive
    comps = _with(_healthy_components(), "crm", status="planned")
    comps = _with(comps, "forum", continuum_stage="mass_market")
    extra = [
        component(
            f"profile{i}", continuum_stage="mass_market", component_type="social_media_profile"
        )
        for i in range(2)
    ]
    client = make_client(ecosystem=[*comps, *extra])
    findings = {f.id: f for f in ecosystem.ecosystem_findings(client)}
    crowded = findings["continuum-crowded:mass_market"]
    # active: forum, intranet, insta, profile0, profile1 -> 4 of 5 at mass market
    assert crowded.text.startswith("4 of 5 active components")
    # the same spread with an active social CRM component is not crowded
    assert "continuum-crowded:mass_market" not in _ids(
        make_client(ecosystem=[*_with(comps, "crm", status="active"), *extra])
    )


def _tie_client(stages, functions=("marketing",)):
    """Active components at the given continuum stages; the i-th serves functions[i] (cycled)."""
    return make_client(
        ecosystem=[
            component(
                f"c{i}",
                name=f"C{i}",
                continuum_stage=stage,
                business_functions=functions[i % len(functions)],
                lifecycle_stages="loyalty",
            )
            for i, stage in enumerate(stages)
        ]
    )


def test_headlines_name_one_leader_and_say_when_leaders_tie():
    headlines = ecosystem.headlines
    # one leader: 3 at community, 1 at each other stage
    one = headlines(_tie_client(["community"] * 3 + ["social_crm", "collaboration", "mass_market"]))
    assert one["continuum"].endswith("the most (3) at community")
    # two tied: community and mass market 3 each (the bug: "most (3) at community")
    stages = ["community"] * 3 + ["mass_market"] * 3 + ["social_crm"] * 2 + ["collaboration"]
    two = headlines(_tie_client(stages))
    assert two["continuum"].endswith("community and mass market tie for the most (3 each)")
    # with empty stages: 2 of 4 sit at each of two stages
    gap = headlines(_tie_client(["community", "community", "social_crm", "social_crm"]))
    assert gap["continuum"].startswith(
        "2 of 4 active components sit at each of the social CRM and community stages;"
    )
    # no active component: no leader to name
    assert "No active component" in headlines(make_client(ecosystem=[]))["continuum"]


def test_diagram_and_function_headlines_name_four_tied_hubs():
    # four components, each with one function and one stage: all four connect 2 (the bug:
    # "C0 connects the most (2)")
    tied = ecosystem.headlines(_tie_client(["community"] * 4, ("marketing", "sales", "hr", "rnd")))
    assert tied["diagram"].endswith(
        "C0, C1, C2 and C3 tie for the most connections (2 functions and stages each)"
    )
    assert tied["functions"].startswith(
        "R&D, HR, marketing and sales are each served by 1 active component;"
    )
    single = make_client(
        ecosystem=[
            component(
                "a", name="Hub", business_functions="marketing;sales", lifecycle_stages="loyalty"
            ),
            component(
                "b", name="Spoke", business_functions="marketing", lifecycle_stages="loyalty"
            ),
        ]
    )
    lines = ecosystem.headlines(single)
    assert lines["diagram"].endswith("Hub connects the most (3 functions and stages)")
    assert lines["functions"].startswith("Marketing is served by 2 active components;")


def test_diagram_headline_counts_the_functions_table_too():
    # "Spoke" names one function itself and the functions table gives it two more: 4 connections
    # with its stage, as the table and the diagram draw them ("Hub connects the most (3)" was
    # the bug: it counted only the ecosystem table's functions)
    client = make_client(
        ecosystem=[
            component(
                "a", name="Hub", business_functions="marketing;sales", lifecycle_stages="loyalty"
            ),
            component(
                "b", name="Spoke", business_functions="marketing", lifecycle_stages="loyalty"
            ),
        ],
        functions=[
            {"business_function": "sales", "components": "b"},
            {"business_function": "hr", "components": "b"},
        ],
    )
    assert ecosystem.headlines(client)["diagram"].endswith(
        "Spoke connects the most (4 functions and stages)"
    )


def test_northwind_diagram_headline_names_every_component_with_the_most_connections():
    """Counted here from the example's CSV files with the csv module alone: a component's
    functions (its own column, or the functions table's `components`) plus its lifecycle stages."""
    import csv

    from socialworkbook import intake

    folder = Path(__file__).resolve().parents[2] / "client_data" / "northwind-outdoor"
    rows = list(csv.DictReader((folder / "ecosystem.csv").open(encoding="utf-8")))
    table = list(csv.DictReader((folder / "functions.csv").open(encoding="utf-8")))
    split = lambda cell: {v.strip() for v in (cell or "").split(";") if v.strip()}  # noqa: E731
    counts = {}
    for row in rows:
        if (row.get("status") or "active") != "active":
            continue
        functions = split(row["business_functions"]) | {
            t["business_function"] for t in table if row["component_id"] in split(t["components"])
        }
        counts[row["name"]] = len(functions) + len(split(row["lifecycle_stages"]))
    most = max(counts.values())
    hubs = [name for name, k in counts.items() if k == most]
    assert (most, len(hubs)) == (5, 3)  # what the issue found: three components with 5
    line = ecosystem.headlines(intake.read_client("northwind-outdoor"))["diagram"]
    assert f"tie for the most connections ({most} functions and stages each)" in line
    assert all(name in line for name in hubs)
