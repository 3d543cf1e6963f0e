"""A goal on sentiment is judged on the estimate from human labels and its 95% interval, never on
automatic scores alone (issue 27, item 5; FRAMEWORKS.md 7 "Goals").

The estimates are given through the public face of `estimate.ClientEstimates`: `entry(key)`
(CONTRACT section 4: net sentiment in points with ci_low / ci_high, the shares as fractions).
"""

import pytest
from factories import component, make_client, use_metric_value

from socialworkbook.method import board, ogst, priorities


class Estimates:
    """`entry(key)` as `estimate.ClientEstimates` gives it; `period[key].interval(output)`."""

    def __init__(self, entries: dict, intervals: dict | None = None):
        self.entries = entries
        self.period = {key: _Interval(found) for key, found in (intervals or {}).items()}

    def entry(self, key):
        return self.entries.get(key)


class _Interval:
    def __init__(self, found):
        self.found = found

    def interval(self, output):
        return self.found[output]


def _entry(net=None, low=None, high=None, **shares):
    found = {"method": "labelled", "labelled_n": 120, "net_sentiment": net}
    return found | {"ci_low": low, "ci_high": high} | shares


def _goal(metric="net_sentiment", target=40, date="2026-09-30", cid="club", **more):
    return {
        "component_id": cid,
        "objective": "Keep members happy",
        "goal": f"{metric} {target}",
        "metric": metric,
        "target": target,
        "target_date": date,
    } | more


@pytest.fixture
def automatic(monkeypatch):
    """The automatic (VADER) figures `metrics.metric_value` would give, by metric."""
    values = {"net_sentiment": 54.0, "positive_share": 0.6, "negative_share": 0.1}
    use_metric_value(monkeypatch, lambda client, key, span, *, component_id=None: values.get(key))
    return values


def _judge(lines, estimates):
    client = make_client(ecosystem=[component("club", name="Club")], ogst=lines)
    return client, ogst.goal_status(client, estimates=estimates)


def test_on_automatic_scores_alone_a_sentiment_goal_is_unverified_never_met(automatic):
    # the Northwind: +54 on VADER against a target of +40 was "met"
    client, goals = _judge(
        [_goal(), _goal("positive_share", 0.5), _goal("likes", 10)], Estimates({})
    )
    net, positive, _ = goals
    assert (net["status"], net["actual"], net["automatic"]) == ("unverified", 54.0, 54.0)
    assert net["basis"] == "automatic scores (unverified)"
    assert positive["status"] == "unverified"
    counts = board.goal_counts(goals)
    assert (counts["met"], counts["unverified"]) == (0, 2)
    assert "met 0 of 3 goals" in board.headline(client, goals, None)
    assert "2 unverified" in board.headline(client, goals, None)
    assert "2 unverified" in ogst.attainment_headline(goals)
    actions = priorities.first_actions(client, goals, _no_tests(), [])
    assert [a.kind for a in actions].count("goal unverified") == 2
    assert all("not yet met" in a.text for a in actions if a.kind == "goal unverified")
    assert ogst.pace_table(goals).empty


def test_net_sentiment_is_met_only_when_its_interval_is_at_or_above_the_target(automatic):
    estimates = Estimates({"club": _entry(45.0, 38.0, 52.0)})
    _, (goal,) = _judge([_goal()], estimates)
    # +45 with 95% interval +38 to +52 against +40: the interval reaches below, so not shown met
    assert (goal["actual"], goal["ci_low"], goal["ci_high"]) == (45.0, 38.0, 52.0)
    assert goal["status"] == "behind" and goal["automatic"] == 54.0
    assert goal["basis"] == "estimate from human labels" and goal["labelled_n"] == 120
    _, (goal,) = _judge([_goal()], Estimates({"club": _entry(48.0, 40.0, 56.0)}))
    assert goal["status"] == "met"  # lower bound +40 at the target


def test_a_sentiment_goal_due_later_is_paced_on_its_estimate(automatic):
    # due 31 December, typed baseline +11 at 1 July: 0.5 of the time gone at 30 September
    line = _goal(date="2026-12-31", baseline_value=11)
    _, (goal,) = _judge([line], Estimates({"club": _entry(45.0, 38.0, 52.0)}))
    # (45 - 11) / (40 - 11) = 1.17 >= 0.5, but the interval still reaches below +40: on track
    assert goal["progress"] == pytest.approx(34 / 29) and goal["status"] == "on_track"
    _, (goal,) = _judge([line], Estimates({"club": _entry(20.0, 12.0, 28.0)}))
    # (20 - 11) / 29 = 0.31 < 0.5: behind
    assert goal["progress"] == pytest.approx(9 / 29) and goal["status"] == "behind"
    # without a typed baseline the automatic scores give no start for an estimate: pace unknown
    _, (goal,) = _judge([_goal(date="2026-12-31")], Estimates({"club": _entry(20.0, 12.0, 28.0)}))
    assert (goal["start_value"], goal["status"]) == (None, "no_data")


def test_shares_use_their_own_interval_and_negative_share_is_lower_is_better(automatic):
    lines = [_goal("positive_share", 0.5), _goal("negative_share", 0.2)]
    found = _entry(
        10.0,
        2.0,
        18.0,
        positive_share=0.55,
        positive_share_ci_low=0.47,
        positive_share_ci_high=0.63,
        negative_share=0.15,
        negative_share_ci_low=0.09,
        negative_share_ci_high=0.21,
    )
    _, (positive, negative) = _judge(lines, Estimates({"club": found}))
    # 55% (47% to 63%) against 50%; 15% (9% to 21%) against at most 20%: neither shown met
    assert [positive["status"], negative["status"]] == ["behind", "behind"]
    assert negative["lower_is_better"] is True
    found |= {"positive_share_ci_low": 0.51, "negative_share_ci_high": 0.19}
    _, goals = _judge(lines, Estimates({"club": found}))
    assert [g["status"] for g in goals] == ["met", "met"]


def test_a_share_without_an_interval_in_the_entry_takes_the_estimates_own(automatic):
    found = _entry(10.0, 2.0, 18.0, positive_share=0.55)
    estimates = Estimates({"_all": found}, {"_all": {"positive": (0.52, 0.58)}})
    # a goal of no component is judged on the `_all` estimate
    _, (goal,) = _judge([_goal("positive_share", 0.5, cid="")], estimates)
    assert (goal["ci_low"], goal["ci_high"], goal["status"]) == (0.52, 0.58, "met")
    # the component's own estimate is missing: unverified, never the client-wide one
    _, (goal,) = _judge([_goal("positive_share", 0.5)], estimates)
    assert goal["status"] == "unverified"


def _no_tests():
    import pandas as pd

    return pd.DataFrame(columns=["family", "significant", "p_value"])


def test_a_net_sentiment_goal_on_a_labelled_client_takes_its_estimate(tmp_path):
    """The real estimate (`estimate.client_estimates`) of a component with a labelled sample,
    computed by `goal_status` itself, is the goal's actual, with its interval."""
    import pandas as pd
    from labelled_clients import truth_of, write_snippet_client

    from socialworkbook import intake
    from socialworkbook.cli import main
    from socialworkbook.measure import estimate, sentiment

    folder = write_snippet_client(tmp_path, "amazon")
    (folder / "ogst.csv").write_text(
        "component_id,objective,metric,target,target_date\n"
        "forum,Happy readers,net_sentiment,-100,2026-09-30\n"
        "forum,Happy readers,net_sentiment,100,2026-09-30\n"
        "web,Happy readers,net_sentiment,-100,2026-09-30\n"
    )
    args = ["sample", "amazon", "--n", "40", "--seed", "3", "--by-component"]
    assert main([*args, "--data-root", str(tmp_path)]) == 0
    labels = pd.read_csv(folder / "labels.csv", dtype=str, keep_default_na=False)
    truth = truth_of("amazon")
    forum = set(
        pd.read_csv(folder / "mentions.csv", dtype=str).query("component_id == 'forum'")[
            "mention_id"
        ]
    )
    mine = labels["mention_id"].isin(forum)  # only the forum's sample is labelled
    labels.loc[mine, "label"] = labels.loc[mine, "mention_id"].map(truth)
    labels.to_csv(folder / "labels.csv", index=False)
    client = intake.read_client_folder(folder, "amazon")
    entry = estimate.client_estimates(client, sentiment.score_client(client)).entry("forum")
    assert entry is not None and entry["ci_low"] < entry["ci_high"]
    low, high, web = ogst.goal_status(client)
    for goal in (low, high):
        assert goal["basis"] == "estimate from human labels"
        assert (goal["actual"], goal["ci_low"], goal["ci_high"]) == (
            pytest.approx(entry["net_sentiment"]),
            pytest.approx(entry["ci_low"]),
            pytest.approx(entry["ci_high"]),
        )
    # any estimate's interval is at or above -100 and below +100
    assert (low["status"], high["status"]) == ("met", "behind")
    assert web["status"] == "unverified"  # the web's mentions were drawn but not labelled
