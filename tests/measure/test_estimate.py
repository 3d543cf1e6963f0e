"""Estimated sentiment from labelled random samples: hand computations, then real data.

The slow test draws samples with the kit's own `sample` command from clients built of Hutto &
Gilbert's human-rated snippets (movie reviews, Amazon reviews, NYT editorials), fills the labels
from the human ratings, and compares the estimates with the truth over every mention.
"""

from __future__ import annotations

import math
import shutil

import numpy as np
import pandas as pd
import pytest
from labelled_clients import truth_of, write_snippet_client

from socialworkbook import intake
from socialworkbook.cli import main
from socialworkbook.measure import classifier, estimate, labels, sentiment, stats

PERIOD = labels.Stratum("2026-07-01", "2026-09-30")
BASELINE = labels.Stratum("2026-04-01", "2026-06-30")
MINUS = "\u2212"  # the true minus the reports print
# A group only to be scheduled early under --dist loadgroup (groups with more tests go first):
# the coverage simulation is one of the longest tests, and a long test last keeps one worker alone.
pytestmark = pytest.mark.xdist_group("estimate")


def _labelled_piece(name, positive, negative, frame, neutral=0, fitted=None, others=None):
    """A piece whose classifier is uninformative (p = 1/3 each), unless given."""
    y = np.array(["positive"] * positive + ["negative"] * negative + ["neutral"] * neutral, object)
    flat = np.full((len(y), 3), 1 / 3)
    return estimate.Piece(
        name,
        y,
        flat if fitted is None else fitted,
        np.full((frame - len(y), 3), 1 / 3) if others is None else others,
    )


def test_strata_drawn_at_unequal_rates_are_weighted_by_their_sizes():
    # Stratum A: 40 of 100 labelled (rate 0.4), 30 positive 10 negative -> net 0.5.
    # Stratum B: 30 of 300 labelled (rate 0.1), 6 positive 24 negative -> net -0.6.
    a = estimate.piece_estimate(_labelled_piece("a", 30, 10, 100))
    b = estimate.piece_estimate(_labelled_piece("b", 6, 24, 300))
    both = estimate.combine([a, b])
    # By hand: weights 100/400 and 300/400 (inverse inclusion probabilities 2.5 and 10 per
    # label: 40 * 2.5 = 100, 30 * 10 = 300).
    assert both.mean[3] == pytest.approx((100 * 0.5 + 300 * -0.6) / 400)  # -0.325
    assert both.mean[3] != pytest.approx((36 - 34) / 70)  # the unweighted pooled labels
    assert both.mean[0] == pytest.approx(0.25 * 30 / 40 + 0.75 * 6 / 30)

    # Sample variances of the +-1 net values, by hand: A 30/39, B 19.2/29 (the flat classifier's
    # residuals); the labels alone: Bonett & Price's adjusted Wald, one added to each cell, two
    # to n. Each stratum takes the smaller.
    def adjusted(positive, negative, n, correction):
        p, m = (positive + 1) / (n + 2), (negative + 1) / (n + 2)
        return correction * (p + m - (p - m) ** 2) / (n + 2)

    var_a = min((1 - 40 / 100) * (30 / 39) / 40, adjusted(30, 10, 40, 0.6))
    var_b = min((1 - 30 / 300) * (19.2 / 29) / 30, adjusted(6, 24, 30, 0.9))
    assert both.variance[3] == pytest.approx(0.25**2 * var_a + 0.75**2 * var_b)
    low, high = both.interval("net")
    assert high - low == pytest.approx(2 * 1.959964 * math.sqrt(0.25**2 * var_a + 0.75**2 * var_b))
    assert both.labelled_n == 70 and both.size == 400


def test_prediction_powered_estimate_is_the_difference_estimator():
    # 20 labelled of a frame of 50 (the 4 labels below five times: 10 positive, 5 negative, 5
    # neutral, enough of each class); the other 30 predicted by two fold models. Worked with
    # plain Python loops.
    y = ["positive", "negative", "positive", "neutral"] * 5
    fitted = np.array([[0.8, 0.1, 0.1], [0.2, 0.2, 0.6], [0.3, 0.3, 0.4], [0.1, 0.8, 0.1]] * 5)
    fold_a = np.array([[0.9, 0.05, 0.05], [0.1, 0.1, 0.8]] * 15)
    fold_b = np.array([[0.7, 0.15, 0.15], [0.1, 0.2, 0.7]] * 15)
    others = (fold_a + fold_b) / 2
    piece = estimate.Piece(
        "x", np.array(y, object), fitted, others, fold_others=np.stack([fold_a, fold_b])
    )
    out = estimate.piece_estimate(piece)
    net_y = [{"positive": 1, "negative": -1, "neutral": 0}[v] for v in y]
    net_f = [row[0] - row[2] for row in fitted]
    residuals = [a - b for a, b in zip(net_y, net_f, strict=True)]
    mean_r = sum(residuals) / 20
    ppi = (sum(net_y) + sum(r[0] - r[2] for r in others) + 30 * mean_r) / 50
    var_r = sum((r - mean_r) ** 2 for r in residuals) / 19
    # the fold-model term: the two models' mean net predictions of the 30 others
    m_a = sum(r[0] - r[2] for r in fold_a) / 30
    m_b = sum(r[0] - r[2] for r in fold_b) / 30
    between = ((m_a - (m_a + m_b) / 2) ** 2 + (m_b - (m_a + m_b) / 2) ** 2) / 1
    expected = (1 - 20 / 50) * var_r / 20 + (30 / 50) ** 2 * between / 2
    p, m = 11 / 22, 6 / 22  # the labels alone, adjusted Wald: 10 + 1 positive, 5 + 1 negative
    assert expected < (1 - 20 / 50) * (p + m - (p - m) ** 2) / 22  # so the classifier's is used
    assert out.mean[3] == pytest.approx(ppi)
    assert out.variance[3] == pytest.approx(expected)
    assert out.method("net") == estimate.PPI


def test_known_labels_outside_the_frame_count_as_they_are():
    piece = _labelled_piece("a", 20, 20, 100)
    piece = estimate.Piece(
        "a", piece.labels, piece.fitted, piece.others, np.array(["positive"] * 25, object)
    )
    out = estimate.piece_estimate(piece)
    assert out.size == 125
    assert out.mean[3] == pytest.approx((100 * 0.0 + 25 * 1.0) / 125)
    own = (1 - 40 / 100) * (21 / 42 + 21 / 42 - 0) / 42  # adjusted Wald of the labels alone
    flat = (1 - 40 / 100) * (40 / 39) / 40  # the flat classifier's residuals: the labels' var
    assert out.variance[3] == pytest.approx((100 / 125) ** 2 * min(own, flat))


def test_shift_is_a_wald_test_that_inverts_its_interval():
    now = estimate.Estimate(100, 50, np.array([0.6, 0.1, 0.3, 0.3]), np.full(4, 0.0016), ("x",))
    before = estimate.Estimate(100, 50, np.array([0.5, 0.1, 0.4, 0.1]), np.full(4, 0.0009), ("x",))
    out = estimate.shift(now, before)
    se = math.sqrt(0.0016 + 0.0009)  # 0.05
    assert out["difference"] == pytest.approx(0.1)
    assert out["ci_low"] == pytest.approx(0.1 - 1.959964 * se)
    assert out["p_value"] == pytest.approx(0.0455, abs=1e-4)  # two-sided p of z = 2
    assert (out["p_value"] < 0.05) == (out["ci_low"] > 0 or out["ci_high"] < 0)
    assert out["test"] == stats.ESTIMATED_SHARE_TEST and out["se"] == pytest.approx(se)
    assert (out["baseline_positive_share"], out["period_positive_share"]) == (0.5, 0.6)
    assert (out["n_baseline"], out["n_period"]) == (50, 50)  # the labelled n on each side


# --------------------------------------------------------------------------- small clients


def _client(tmp_path, name="amazon"):
    folder = write_snippet_client(tmp_path, name)
    return intake.read_client_folder(folder, name)


def _fill_labels(folder, truth, only=None):
    table = pd.read_csv(folder / "labels.csv", dtype=str, keep_default_na=False)
    rows = table.index if only is None else table.index[:only]
    table.loc[rows, "label"] = table.loc[rows, "mention_id"].map(truth)
    table.to_csv(folder / "labels.csv", index=False)


def _estimates(folder, slug, features=None):
    client = intake.read_client_folder(folder, slug)
    scored = sentiment.score_client(client)
    return client, estimate.client_estimates(client, scored, features=features)


def test_convenience_labels_never_give_an_estimate(tmp_path):
    folder = write_snippet_client(tmp_path, "amazon")
    mentions = pd.read_csv(folder / "mentions.csv", dtype=str, keep_default_na=False)
    truth = truth_of("amazon")
    mentions["label"] = mentions["mention_id"].map(truth).fillna("")
    mentions.to_csv(folder / "mentions.csv", index=False)
    client, found = _estimates(folder, "amazon")
    assert found.entry("_all") is None and found.shift_entry("_all") is None
    assert (
        "unverified" in found.notes["_all"]
        and "random sample of a few hundred mentions labelled" in found.notes["_all"]
    )
    results = estimate.with_estimates(
        sentiment.sentiment_results(sentiment.part(sentiment.score_client(client))), found
    )
    assert results["_all"]["estimated"] is None
    assert results["_all"]["labelled"]["n"] > 1000  # the labels still give agreement figures


def test_fewer_than_30_labels_give_null_with_the_reason(tmp_path):
    folder = write_snippet_client(tmp_path, "amazon")
    assert main(["sample", "amazon", "--n", "40", "--seed", "3", "--data-root", str(tmp_path)]) == 0
    _fill_labels(folder, truth_of("amazon"), only=60)  # 40 of the period, 20 of the baseline
    _, found = _estimates(folder, "amazon")
    assert found.entry("_all") is not None  # the period has 40 >= 30
    assert found.baseline["_all"] is None and found.shift_entry("_all") is None
    _fill_labels(folder, truth_of("amazon"), only=None)
    table = pd.read_csv(folder / "labels.csv", dtype=str, keep_default_na=False)
    table.loc[25:39, "label"] = ""  # 25 period labels left, 40 of the baseline
    table.to_csv(folder / "labels.csv", index=False)
    _, found = _estimates(folder, "amazon")
    assert found.entry("_all") is None
    assert found.notes["_all"].startswith(
        "Only 25 of the 30 labels needed in 2026-07-01..2026-09-30"
    )
    assert found.baseline["_all"] is not None


def test_two_draws_combine_into_one_sample_of_the_first_frame(tmp_path):
    folder = write_snippet_client(tmp_path, "amazon")
    for seed in ("1", "2"):
        assert (
            main(["sample", "amazon", "--n", "50", "--seed", seed, "--data-root", str(tmp_path)])
            == 0
        )
    design = labels.read_design(folder)
    first, second = (s["strata"][0] for s in design["samples"])
    assert second["frame_size"] == first["frame_size"] - 50
    assert not set(first["drawn_ids"]) & set(second["drawn_ids"])
    chains = estimate._chains(design, PERIOD.start, PERIOD.end)
    ((stratum, frame, drawn, part),) = chains
    assert part == ""
    assert frame == set(first["frame_ids"]) and len(drawn) == 100
    _fill_labels(folder, truth_of("amazon"))
    client, found = _estimates(folder, "amazon")
    entry = found.entry("_all")
    assert entry["labelled_n"] == 100
    entry_interval = found.period["_all"].interval("net")
    # A mention added after the draws is outside their frame: said so, with the top-up.
    with (folder / "mentions.csv").open("a") as handle:
        handle.write("late-1,2026-09-30,A late review,web,,\n")
    client, found = _estimates(folder, "amazon")
    note = found.notes["_all"]
    assert "1 mention of 2026-Q3 was added after the sample was drawn and is outside" in note
    assert "A top-up sample drawn from the newer mentions would cover it too." in note
    assert found.period["_all"].size == len(PERIOD.members(labels.own_mentions(client))) - 1
    # The top-up the note asks for: its frame holds the late mention, and the labels of the
    # first draws count as known, so the estimate covers every mention again.
    assert main(["sample", "amazon", "--n", "40", "--seed", "3", "--data-root", str(tmp_path)]) == 0
    top_up = labels.read_design(folder)["samples"][-1]["strata"][0]
    assert "late-1" in top_up["frame_ids"]
    _fill_labels(folder, pd.concat([truth_of("amazon"), pd.Series({"late-1": "neutral"})]))
    client, found = _estimates(folder, "amazon")
    # The first frame and the later mention are two parts of one design: the 100 first labels
    # still count for the first frame (not as 100 known values beside a 40-label estimate).
    assert found.notes["_all"] == (
        "1 mention of 2026-Q3 added after the first sample was in a top-up sample's frame and "
        "is covered by the estimate."
    )
    now = found.period["_all"]
    assert now.size == len(PERIOD.members(labels.own_mentions(client)))
    assert now.labelled_n == 140 and now.response_rate == 1.0
    width = np.subtract(*now.interval("net")[::-1])
    assert width <= np.subtract(*entry_interval[::-1]) + 1e-9  # no wider than the first's


def test_drawn_but_unlabelled_mentions_are_non_response_and_late_ones_counted_once(tmp_path):
    folder = write_snippet_client(tmp_path, "amazon")
    run = ["--data-root", str(tmp_path)]
    assert main(["sample", "amazon", "--n", "100", "--seed", "1", *run]) == 0
    table = pd.read_csv(folder / "labels.csv", dtype=str, keep_default_na=False)
    truth = pd.concat([truth_of("amazon"), pd.Series({"late-1": "neutral"})])
    table["label"] = table["mention_id"].map(truth)
    table.loc[60:99, "label"] = ""  # 60 of the period's 100 drawn are labelled
    table.to_csv(folder / "labels.csv", index=False)
    with (folder / "mentions.csv").open("a") as handle:
        handle.write("late-1,2026-09-30,A late review,web,,\n")
    assert main(["sample", "amazon", "--n", "40", "--seed", "2", *run]) == 0
    table = pd.read_csv(folder / "labels.csv", dtype=str, keep_default_na=False)
    top_up = table["sample"] == "s2"
    table.loc[top_up, "label"] = table.loc[top_up, "mention_id"].map(truth)
    table.to_csv(folder / "labels.csv", index=False)
    client, found = _estimates(folder, "amazon")
    now, entry = found.period["_all"], found.entry("_all")
    assert now.size == len(PERIOD.members(labels.own_mentions(client)))
    assert (now.labelled_n, now.drawn) == (100, 140)
    assert entry["response_rate"] == pytest.approx(100 / 140) and entry["drawn_n"] == 140
    note = found.notes["_all"]
    assert note.startswith("1 mention of 2026-Q3 added after the first sample was in a top-up")
    assert "100 of the 140 mentions drawn are labelled (response rate 71%)" in note
    assert "40 mentions of" not in note and "were added" not in note


def test_a_fully_labelled_small_component_is_a_census_that_joins_the_total(tmp_path):
    folder = write_snippet_client(tmp_path, "amazon")
    mentions = pd.read_csv(folder / "mentions.csv", dtype=str, keep_default_na=False)
    in_period = mentions["published_at"] >= PERIOD.start
    mentions["component_id"] = "web"
    mentions.loc[mentions.index[in_period][:12], "component_id"] = "forum"  # 12 mentions
    mentions.to_csv(folder / "mentions.csv", index=False)
    args = ["sample", "amazon", "--n", "40", "--seed", "4", "--by-component"]
    assert main([*args, "--data-root", str(tmp_path)]) == 0
    _fill_labels(folder, truth_of("amazon"))
    client, found = _estimates(folder, "amazon")
    members = PERIOD.members(labels.own_mentions(client))
    forum = members[members["component_id"] == "forum"]["mention_id"].map(truth_of("amazon"))
    census = found.period["forum"]
    assert census is not None and census.labelled_n == 12 and census.size == 12
    assert census.mean[0] == pytest.approx((forum == "positive").mean())
    assert census.interval("positive") == pytest.approx((census.mean[0],) * 2)  # exact
    total = found.period["_all"]
    assert total is not None and total.size == len(members) and total.labelled_n == 52
    assert found.notes["_all"].count("forum") <= 1


# --------------------------------------------------------------------------- real data, many draws

DATASETS = ("movie", "amazon", "nyt")
DRAWS = 14  # per data set: 42 seeded draws in all
N = 300


def _truth(client, stratum, truth):
    classes = stratum.members(labels.own_mentions(client))["mention_id"].map(truth)
    return {c: float((classes == c).mean()) for c in sentiment.CLASSES}


@pytest.mark.slow
def test_estimates_are_close_to_the_truth_and_their_intervals_hold_it(tmp_path, capsys):
    rows = []
    for name in DATASETS:
        base = write_snippet_client(tmp_path / "base", name)
        client = intake.read_client_folder(base, name)
        features = estimate.client_features(client, sentiment.score_client(client))
        truth = truth_of(name)
        true_now, true_before = _truth(client, PERIOD, truth), _truth(client, BASELINE, truth)
        true_net = 100 * (true_now["positive"] - true_now["negative"])
        true_shift = 100 * (true_now["positive"] - true_before["positive"])
        vader = sentiment.sentiment_results(sentiment.part(sentiment.score_client(client)))
        for seed in range(DRAWS):
            root = tmp_path / f"{name}-{seed}"
            folder = root / name
            shutil.copytree(base, folder)
            assert (
                main(["sample", name, "--n", str(N), "--seed", str(seed), "--data-root", str(root)])
                == 0
            )
            _fill_labels(folder, truth)
            client, found = _estimates(folder, name, features)  # texts counted once per data set
            entry, moved = found.entry("_all"), found.shift_entry("_all")
            # Labels alone, computed here with numpy: the mean of the period's labels.
            sample = pd.read_csv(folder / "labels.csv", dtype=str, keep_default_na=False)
            period_ids = set(PERIOD.members(labels.own_mentions(client))["mention_id"])
            own = sample[sample["mention_id"].isin(period_ids)]["label"].to_numpy()
            net = (own == "positive").astype(float) - (own == "negative")
            frame = len(period_ids)
            own_half = 1.959964 * math.sqrt((1 - len(net) / frame) * net.var(ddof=1) / len(net))
            rows.append(
                {
                    "data": name,
                    "seed": seed,
                    "truth": true_net,
                    "vader": vader["_all"]["net_sentiment"],
                    "estimate": entry["net_sentiment"],
                    "low": entry["ci_low"],
                    "high": entry["ci_high"],
                    "labels_only_width": 2 * 100 * own_half,
                    "labels_only": 100 * net.mean(),
                    "true_shift": true_shift,
                    "shift": 100 * moved["difference"],
                    "shift_low": 100 * moved["ci_low"],
                    "shift_high": 100 * moved["ci_high"],
                    "labelled_n": entry["labelled_n"],
                }
            )
    table = pd.DataFrame(rows)
    table["error"] = (table["estimate"] - table["truth"]).abs()
    table["covered"] = (table["low"] <= table["truth"]) & (table["truth"] <= table["high"])
    table["width"] = table["high"] - table["low"]
    table["labels_only_error"] = (table["labels_only"] - table["truth"]).abs()
    table["vader_error"] = (table["vader"] - table["truth"]).abs()
    table["shift_error"] = (table["shift"] - table["true_shift"]).abs()
    table["shift_covered"] = (table["shift_low"] <= table["true_shift"]) & (
        table["true_shift"] <= table["shift_high"]
    )
    summary = table.groupby("data")[
        [
            "truth",
            "vader_error",
            "error",
            "labels_only_error",
            "width",
            "labels_only_width",
            "covered",
            "shift_error",
            "shift_covered",
        ]
    ].mean()
    with capsys.disabled():
        print("\n" + summary.round(2).to_string())
        print(
            table[
                ["error", "covered", "width", "labels_only_width", "shift_error", "shift_covered"]
            ]
            .mean()
            .round(3)
            .to_string()
        )
    assert len(table) >= 40 and (table["labelled_n"] == N).all()
    assert table["error"].mean() <= 5
    assert table["covered"].mean() >= 0.90
    assert table["shift_error"].mean() <= 5
    assert table["shift_covered"].mean() >= 0.90


@pytest.mark.parametrize("count_chunk", [10**6, 2])
def test_features_are_scikit_learns_tfidf_fitted_on_the_labelled_texts(count_chunk):
    from scipy import sparse
    from sklearn.feature_extraction.text import TfidfVectorizer

    texts = pd.Series(
        [
            "Great tent!! @acme",
            "the tent broke",
            "great, great stove",
            "meh",
            "broke again http://x.co/1",
            "the stove is great",
            "",
            "meh",
            "Café CRÈME, très great @Acme www.x.co",
        ]
    )
    compound = np.linspace(-1, 1, len(texts))
    compound[7] = compound[3]  # a repeated text has its score
    train = np.array([0, 1, 2, 4, 8])
    features = classifier.TextFeatures(texts, compound, count_chunk=count_chunk, chunk=2)
    got = features.fitted(train)(features.codes)
    clean = texts.map(sentiment.preprocess)
    words = TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True).fit(clean[train])
    chars = TfidfVectorizer(
        analyzer="char_wb", ngram_range=(2, 5), min_df=2, sublinear_tf=True
    ).fit(clean[train])
    expected = sparse.hstack(
        [words.transform(clean), chars.transform(clean), sparse.csr_matrix(compound[:, None])]
    ).toarray()
    # Same columns up to order: compare each row's sorted values, then the Gram matrix.
    assert got.shape == expected.shape
    assert np.allclose(np.sort(got.toarray(), axis=1), np.sort(expected, axis=1), atol=1e-6)
    assert np.allclose(got.toarray() @ got.toarray().T, expected @ expected.T, atol=1e-5)


def test_a_nul_character_counts_as_a_space():
    texts = ["great\x00tent", "great tent", "the tent broke", "great stove"]
    features = classifier.TextFeatures(texts, np.zeros(4), count_chunk=2)
    rows = features.fitted(np.array([1, 2, 3]))(features.codes).toarray()
    assert np.array_equal(rows[0], rows[1]) and rows[0].any()


def test_character_counts_over_all_cores_are_scikit_learns():
    from sklearn.feature_extraction.text import CountVectorizer

    words = np.array(["great", "tent!!", "@acme", "broke", "x", "stove", "great", "ok"], object)
    wanted = np.array(["re", " gr", "eat ", "t!", "zz", " x "], object)  # "zz" occurs nowhere
    got = classifier._char_counts(words, wanted, parts=3, parallel_from=0)
    full = CountVectorizer(analyzer="char_wb", ngram_range=(2, 5)).fit(words)
    counts = full.transform(words).toarray()
    expected = np.column_stack(
        [
            counts[:, full.vocabulary_[g]] if g in full.vocabulary_ else np.zeros(len(words))
            for g in wanted
        ]
    )
    assert got.shape == (8, 6)
    assert np.array_equal(got.toarray(), expected)
    assert got[0, 0] == 1 and got[4, 5] == 1 and got[:, 4].nnz == 0


def _found(net=-0.58, baseline=-0.50):
    now = estimate.Estimate(
        900, 260, np.array([0.1, 0.22, 0.68, net]), np.array([1e-4, 1e-4, 1e-4, 0.0013]), ("x",)
    )
    before = estimate.Estimate(
        800, 250, np.array([0.12, 0.26, 0.62, baseline]), np.full(4, 2e-4), ("x",)
    )
    classifier = {"name": "c", "cv_accuracy": 0.8, "vader_accuracy": 0.5, "majority_accuracy": 0.6}
    return estimate.ClientEstimates(
        {"_all": now}, {"_all": before}, {"_all": ""}, {"_all": classifier}, {"_all": 510}
    )


def test_reports_lead_with_the_estimate_and_show_vader_as_the_automatic_scorer():
    found = _found()
    low, high = found.period["_all"].interval("net")
    lead = estimate.lead(found, {"net_sentiment": 3.2})
    assert lead.headline == (
        f"Net sentiment -58, 95% interval {100 * low:+.0f} to {100 * high:+.0f}, "
        "from 260 mentions labelled by people."
    ).replace("-", MINUS)
    assert "The automatic scorer alone would have said +3." in lead.detail
    figures = pd.DataFrame(
        {
            "metric": ["reach", "net_sentiment"],
            "figure": ["reach", "net sentiment (positive minus negative, % of mentions)"],
            "period": [10.0, 3.2],
            "baseline": [8.0, 1.0],
            "change": [2.0, 2.2],
        }
    )
    tiles = estimate.board_figures(figures, found, {"net_sentiment": 3.2})
    tile = tiles.iloc[1]
    assert tile["period"] == pytest.approx(-58) and tile["change"] == pytest.approx(-8)
    assert tile["note"] == (
        f"95% interval {100 * low:+.0f} to {100 * high:+.0f}, from 260 mentions labelled by "
        "people; automatic scores alone: +3"
    ).replace("-", MINUS)
    assert tiles.iloc[0]["note"] == ""
    trust = estimate.trust_summary(found).headline
    assert trust.startswith("VADER agrees with people on 50% of the 510 mentions labelled")
    assert "worse than always guessing the most common label (60%)" in trust
    assert list(estimate.trust_table(found)["accuracy on the labels"]) == ["80%", "50%", "60%"]


def test_the_boards_positive_share_leads_with_the_estimate_and_its_interval():
    figures = pd.DataFrame(
        {
            "metric": ["positive_share"],
            "figure": ["share of positive mentions"],
            "period": [0.4],
            "baseline": [0.3],
            "change": [0.1],
            "change_text": ["+10 points vs baseline"],
        }
    )
    tile = estimate.board_figures(figures, _found(), None).iloc[0]
    # by hand from `_found`: 10% now, 12% before; 0.10 +- 1.96 * 0.01 is 8% to 12%
    assert (tile["period"], tile["baseline"]) == (pytest.approx(0.10), pytest.approx(0.12))
    assert tile["change"] == pytest.approx(-0.02)
    assert tile["change_text"] == "\N{MINUS SIGN}2 points vs baseline"
    assert tile["note"] == "95% interval 8% to 12%, from 260 mentions labelled by people"
    empty = estimate.ClientEstimates({"_all": None}, {"_all": None}, {"_all": ""}, {})
    alone = estimate.board_figures(figures, empty, None).iloc[0]
    assert alone["period"] == 0.4 and "unverified" in alone["note"]


def test_without_a_sample_reports_say_vader_is_unverified_and_what_would_verify_it():
    empty = estimate.ClientEstimates({"_all": None}, {"_all": None}, {"_all": ""}, {})
    lead = estimate.lead(empty, {"net_sentiment": 28.0})
    assert lead.headline == "Net sentiment +28 by the automatic scorer alone."
    # how to verify, in the client's words: no command line in a client's report
    assert "unverified" in lead.detail and "labelled by people would" in lead.detail
    assert "socialworkbook" not in lead.detail
    figures = pd.DataFrame(
        {
            "metric": ["net_sentiment"],
            "figure": ["net sentiment (positive minus negative, % of mentions)"],
            "period": [28.0],
            "baseline": [None],
            "change": [None],
        }
    )
    assert "unverified" in estimate.board_figures(figures, empty, None).iloc[0]["note"]
    assert estimate.trust_table(empty).empty


# ------------------------------------------------------------------ one verdict, every output


def _text(path) -> str:
    """The words of an HTML page, tags dropped and whitespace collapsed."""
    import html
    import re

    page = path.read_text(encoding="utf-8")
    page = re.sub(r"<(script|style)\b.*?</\1>", " ", page, flags=re.S)
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", page)).split())


@pytest.mark.slow
def test_the_estimated_shift_is_the_one_verdict_in_results_board_index_and_03(tmp_path):
    import json

    from scipy.stats import norm

    folder = write_snippet_client(tmp_path / "data", "amazon")
    root = ["--data-root", str(tmp_path / "data")]
    assert main(["sample", "amazon", "--n", "300", "--seed", "5", *root]) == 0
    _fill_labels(folder, truth_of("amazon"))
    out = tmp_path / "out"
    assert main(["run", "amazon", "--only", "00,03", "--out", str(out), "--quiet", *root]) == 0
    run = out / "amazon" / "2026-Q3"
    results = json.loads((run / "results.json").read_text())

    # results.json: the estimated shift carries the verdict, the automatic one none
    entry = results["sentiment_shift"]["_all"]
    moved = entry["estimated"]
    assert moved["test"] == stats.ESTIMATED_SHARE_TEST and moved["family"] == stats.PRIMARY
    assert moved["verdict"] in ("beyond chance", "within chance")
    assert entry["p_value"] is None and entry["family"] == stats.AUTOMATIC
    assert entry["verdict"] == (
        "not tested: automatic scores alone; the labelled estimate is the test"
    )
    estimated = results["sentiment"]["_all"]["estimated"]
    assert moved["period_positive_share"] == pytest.approx(estimated["positive_share"])
    assert moved["n_period"] == estimated["labelled_n"] == 300  # --n is per stratum
    # Wald z by hand from the interval: p two-sided, and the verdict matches the interval at
    # the adjusted level and the adjusted p
    se = (moved["ci_high"] - moved["ci_low"]) / (2 * 1.959964)
    difference = moved["period_positive_share"] - moved["baseline_positive_share"]
    assert moved["difference"] == pytest.approx(difference)
    assert moved["p_value"] == pytest.approx(2 * norm.sf(abs(difference) / se), rel=1e-4)
    real = moved["verdict"] == "beyond chance"
    assert real == (moved["adjusted_low"] > 0 or moved["adjusted_high"] < 0)
    assert real == (moved["p_adjusted"] <= 0.05)
    for key, other in results["sentiment_shift"].items():  # one verdict per component too
        verdicts = [v for v in (other["verdict"], (other["estimated"] or {}).get("verdict")) if v]
        assert sum(not v.startswith("not tested") for v in verdicts) <= 1, key

    said = "a change beyond chance" if real else "within what chance alone could produce"
    unsaid = "within what chance alone could produce" if real else "a change beyond chance"
    lead = (
        f"Net sentiment {estimated['net_sentiment']:+.0f}, 95% interval "
        f"{estimated['ci_low']:+.0f} to {estimated['ci_high']:+.0f}, from 300 mentions "
        "labelled by people."
    ).replace("+0,", "0,")
    # the board: the estimate and its verdict, VADER's shift beside it as what it alone says
    board = _text(run / "00_summary.html")
    start = board.index("The share of positive mentions of")
    sentence = board[start : board.index("¹", start)]
    assert "estimated from mentions labelled by people" in sentence
    assert said in sentence and unsaid not in sentence
    assert f"of {moved['n_baseline']:,}" in sentence
    assert f"from {estimated['labelled_n']:,} mentions labelled by people" in board  # the tile
    # the positive share's tile: the estimated shift with the same verdict, coloured only when
    # beyond chance, with the labelled n of both sides
    page = (run / "00_summary.html").read_text(encoding="utf-8")
    start = page.index('<div class="swb-label">share of positive mentions</div>')
    tile = page[page.rindex('<div class="swb-tile">', 0, start) : page.index("</div></div>", start)]
    colour = (" swb-up" if moved["difference"] > 0 else " swb-down") if real else ""
    moved_points = f"{100 * moved['difference']:+.0f} point".replace("-", MINUS)
    assert f'<div class="swb-value">{100 * moved["period_positive_share"]:.0f}%</div>' in tile
    assert f'<span class="swb-delta{colour}">{moved_points}' in tile
    assert f"vs baseline</span>, {moved['verdict']}</span>" in tile
    assert "estimated from mentions labelled by people" in tile
    # 03: the lead, the test's sentence, and the automatic row untested in the full table
    report = _text(run / "03_metric_analysis.html")
    assert lead in report
    start = report.index("Over all mentions the positive share, estimated from the samples")
    sentence = report[start : report.index("The automatic scorer alone", start)]
    assert said in sentence and unsaid not in sentence
    assert "positive share (automatic scores alone), all mentions" in report
    # the index: the estimated shift, marked as such, with its verdict
    index = (out / "index.html").read_text(encoding="utf-8")
    points = f"{100 * moved['difference']:+.0f} point".replace("-", "\N{MINUS SIGN}")
    cell = index[index.index(points) - 300 : index.index(points) + 200]
    assert f'title="{moved["verdict"]}"' in cell and "from the labelled samples" in cell
