"""Issue 27: the cross-prediction learns every text feature inside each fold, and small or
one-sided samples get honest, never degenerate, intervals (numbers worked by hand)."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from socialworkbook.measure import classifier, estimate, stats

Z = 1.959964


def _texts():
    """40 labelled texts (none holds a q, z, x or j) and one more, then an unlabelled text."""
    good = [f"lovely great service {w}" for w in ("today", "again", "here", "now")] * 5
    bad = [f"awful terrible service {w}" for w in ("today", "again", "here", "now")] * 5
    labelled = [t + f" n{i}" for i, t in enumerate(good + bad)]
    texts = [*labelled, "lovely great qzxj", "lovely great"]
    y = np.array(["positive"] * 20 + ["negative"] * 20 + ["positive"], dtype=object)
    return texts, y


@pytest.mark.parametrize("per_fold", [True, False])
def test_a_word_seen_only_in_the_held_out_fold_gets_no_weight(per_fold):
    texts, y = _texts()
    features = classifier.TextFeatures(texts, np.zeros(len(texts)))
    train = np.arange(len(y))
    probabilities, fold_of, each = classifier.cross_predict(features, train, y, per_fold=per_fold)
    held = len(y) - 1  # "lovely great qzxj": its fold's model never saw "qzxj"
    copy = len(texts) - 1  # "lovely great", unlabelled: predicted by every fold's model
    same = np.allclose(probabilities[held], each[fold_of[held], copy], atol=1e-6)
    # Per fold, the held-out text is treated as an unlabelled one: its unknown word changes
    # nothing. Learnt once from all labelled texts (the leak), the word's weight dilutes the
    # held-out text's other features, so its prediction differs.
    assert same == per_fold


def test_thirty_labels_of_one_class_give_a_non_degenerate_interval():
    # 30 negative labels of a frame of 1,000; the classifier trained on one class predicts
    # "negative" for everything (a degenerate model).
    labels = np.array(["negative"] * 30, dtype=object)
    flat = np.tile([0.0, 0.0, 1.0], (30, 1))
    piece = estimate.Piece("x", labels, flat, np.tile([0.0, 0.0, 1.0], (970, 1)))
    out = estimate.piece_estimate(piece)
    correction = 1 - 30 / 1000
    # Net: Bonett & Price's adjusted Wald, p+ = 1/32, p- = 31/32.
    p, m = 1 / 32, 31 / 32
    half = Z * math.sqrt(correction * (p + m - (p - m) ** 2) / 32)
    low, high = out.interval("net")
    assert out.mean[3] == -1.0
    assert (low, high) == pytest.approx((-1.0, (p - m) + half), abs=1e-6)
    assert high - low > 0.1
    # Positive share: Wilson with 0 of n_eff = 30 / 0.97, upper bound z^2 / (n_eff + z^2).
    n_eff = 30 / correction
    low, high = out.interval("positive")
    assert out.mean[0] == 0.0
    assert (low, high) == pytest.approx((0.0, Z**2 / (n_eff + Z**2)), abs=1e-6)
    assert set(out.methods) == {estimate.LABELLED_ONLY}  # no class has 5 labels and 5 others


def test_a_class_missing_from_the_labels_is_not_predicted_exactly_zero():
    # 20 negative and 10 neutral labels, no positive; the classifier never predicts positive.
    labels = np.array(["negative"] * 20 + ["neutral"] * 10, dtype=object)
    fitted = np.tile([0.0, 0.3, 0.7], (30, 1))
    piece = estimate.Piece("x", labels, fitted, np.tile([0.0, 0.3, 0.7], (300, 1)))
    out = estimate.piece_estimate(piece)
    low, high = out.interval("positive")
    assert out.method("positive") == estimate.LABELLED_ONLY
    assert low == 0.0 and high > 0.05  # Wilson: 0 of 30 still allows about 11%
    assert out.variance[0] > 0
    low, high = out.interval("net")
    assert high - low > 0.1 and out.method("net") == estimate.LABELLED_ONLY


def test_a_strata_four_figures_share_one_estimator_so_they_add_up():
    # 20 positive, 18 negative, 2 neutral: the classifier may not carry the neutral share (2
    # labels), so none of the four figures uses it; with 8 neutral labels all four do.
    fitted_pos, fitted_neg, fitted_neu = [0.9, 0.05, 0.05], [0.05, 0.05, 0.9], [0.4, 0.2, 0.4]
    others = np.tile([[0.9, 0.05, 0.05], [0.05, 0.05, 0.9], [0.1, 0.8, 0.1]], (200, 1))
    for neutral, method in ((2, estimate.LABELLED_ONLY), (8, estimate.PPI)):
        labels = np.array(
            ["positive"] * 20 + ["negative"] * 18 + ["neutral"] * neutral, dtype=object
        )
        fitted = np.array([fitted_pos] * 20 + [fitted_neg] * 18 + [fitted_neu] * neutral)
        out = estimate.piece_estimate(estimate.Piece("x", labels, fitted, others))
        assert {out.method(f) for f in ("positive", "neutral", "negative", "net")} == {method}
        positive, neutral_share, negative, net = out.mean
        assert positive + neutral_share + negative == pytest.approx(1.0)
        assert net == pytest.approx(positive - negative)
    low, high = estimate.piece_estimate(
        estimate.Piece("x", labels[:40], fitted[:40], others)
    ).interval("neutral")
    assert low < 2 / 40 < high and high - low > 0.05


def test_a_shift_of_one_sided_samples_is_never_certain():
    # 40 negative labels in each period: no positive share, yet not "p = 0, zero width".
    one_sided = estimate.Piece(
        "x",
        np.array(["negative"] * 40, dtype=object),
        np.tile([0.0, 0.0, 1.0], (40, 1)),
        np.tile([0.07, 0.0, 0.93], (500, 1)),
    )
    now = before = estimate.piece_estimate(one_sided)
    moved = estimate.shift(now, before)
    assert moved["p_value"] == pytest.approx(1.0) and moved["ci_high"] > moved["ci_low"]
    assert now.mean[0] == 0.0  # not the 7% the degenerate model would give


def test_bound_text_prints_a_missing_bound_as_a_dash():
    assert stats.narrative.bound_text(None) == "–"
    assert stats.narrative.bound_text(float("nan"), ratio=True) == "–"
    assert stats.narrative.bound_text(0.06) == "+6"


@pytest.mark.slow
def test_a_small_seeded_simulation_covers_the_truth():
    # The `make simulate` table in small: 6 seeded draws of 100 labels from a 600-text client
    # of each of two human-rated sets; every interval has width, most hold the truth.
    import simulate_estimate

    table = pd.concat(
        [simulate_estimate.draws(name, 100, 6, 600) for name in ("tweets", "nyt")],
        ignore_index=True,
    )
    covered = (table["low"] <= table["truth"]) & (table["truth"] <= table["high"])
    assert (table["high"] - table["low"] > 1).all()  # points: never a zero-width interval
    assert covered.mean() >= 0.8
    assert (table["estimate"] - table["truth"]).abs().mean() < 10
