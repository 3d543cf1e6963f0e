"""Estimated sentiment from a human-labelled random sample (CONTRACT.md section 4).

Per stratum of the sample design (`labels`), the shares of positive, neutral and negative
mentions and the net sentiment are estimated with cross-prediction-powered inference (Zrnic &
Candes 2024, PNAS 121; Angelopoulos et al. 2023, Science 382:669): a text classifier trained
on this client's own drawn labels only, cross-fitted over `classifier.FOLDS` folds, predicts every
mention;
the estimate of a frame of N mentions with n labelled is

    (sum of the labels + sum of the predictions of the N - n others
     + (N - n) * mean over the labelled of (label - cross-fitted prediction)) / N,

the difference estimator of survey sampling, with variance (1 - n/N) * S^2(residual) / n plus
the spread between the fold models (`piece_estimate`): PPI's var(predictions)/N + var(label -
prediction)/n in its design-based form, as the figure is the share of these N mentions, whose
predictions are all known (bench/simulate_estimate.py: 93-96% coverage). A stratum's three
shares and net sentiment share one estimator, so they add up: the classifier's only where the
labels hold `MIN_CLASS` of each class and of the rest and its net interval is narrower, else the
labelled sample alone (Wilson for shares, Bonett & Price for net: `labels_only`). Labelled
mentions outside the frame (by hand, or by an earlier chain of draws) count with their known
label. Strata combine weighted by their sizes, so strata drawn at different rates are weighted
by their inclusion probabilities; a top-up's later mentions are a stratum of their own
(`_chains`), drawn but unlabelled mentions are non-response (the response rate is reported), and
a fully labelled stratum is a census (exact). 95% intervals. A stratum with fewer than
`MIN_LABELS` labels, not a census, gives no estimate, with the reason.

Nothing here reads or writes another client's data, and no model is written to disk.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field, replace

import numpy as np
import pandas as pd
from scipy.stats import norm

from .. import memo
from ..catalogue import NET_SENTIMENT, POSITIVE_SHARE
from ..model import Client
from ..story import Story
from ..wording import points, share, signed
from . import labels as labelling
from . import language
from .classifier import CLASSIFIER, TextFeatures, cross_predict
from .language import vader_scope
from .sentiment import CLASSES, classify
from .stats.significance import ESTIMATED_SHARE_TEST

__all__ = [
    "MIN_LABELS",
    "MIN_CLASS",
    "labels_only",
    "text_estimate",
    "Estimate",
    "Piece",
    "piece_estimate",
    "combine",
    "shift",
    "ClientEstimates",
    "client_estimates",
    "client_features",
    "with_estimates",
    "lead",
    "automatic_story",
    "trust_table",
    "trust_summary",
]

MIN_LABELS = 30
# Labels of a class (and of the rest) before the classifier may narrow a figure of it: with
# fewer, a fold's training part often holds none or one of them, the model predicts the class
# (nearly) never and the residuals say nothing about its error (issue 27: 30 labels of one
# class gave a zero-width interval). 5 keeps, with 5 folds, one per fold on average.
MIN_CLASS = 5
Z = float(norm.ppf(0.975))
PPI = "cross-prediction-powered estimate (Zrnic & Candes 2024), stratified"
LABELLED_ONLY = "labelled random sample alone, stratified"
_OUTPUTS = ("positive", "neutral", "negative", "net")
_RANGE = (np.array([0.0, 0.0, 0.0, -1.0]), np.array([1.0, 1.0, 1.0, 1.0]))


# --------------------------------------------------------------------------- the estimators


@dataclass(frozen=True)
class Piece:
    """One stratum (within one domain) of the design, ready to estimate.

    `labels`: the labelled sample's labels; `fitted`: their cross-fitted probabilities;
    `others`: the probabilities of the frame's other mentions; `known`: labels of mentions
    outside the frame whose label is known (they count as they are); `fold_others`: each fold
    model's probabilities of the others (folds x others x classes), for the fold-model term.
    """

    name: str
    labels: np.ndarray
    fitted: np.ndarray
    others: np.ndarray
    known: np.ndarray = field(default_factory=lambda: np.array([], dtype=object))
    outside: int = 0
    fold_others: np.ndarray | None = None


@dataclass(frozen=True)
class Estimate:
    """Estimated shares (positive, neutral, negative) and net (-1..1), with their variances.

    `methods`: the estimator of each output (positive, neutral, negative, net); `low` and
    `high`: the 95% bounds of each output where they are not the normal mean +- 1.96 sd
    (labels-only Wilson and adjusted-Wald intervals of one stratum).
    """

    size: int
    labelled_n: int
    mean: np.ndarray
    variance: np.ndarray
    methods: tuple[str, ...]
    outside: int = 0
    low: np.ndarray | None = None
    high: np.ndarray | None = None
    drawn: int = 0  # mentions drawn into the samples (labelled or not)
    responded: int = 0  # of them labelled

    @property
    def response_rate(self) -> float | None:
        """Labelled share of the drawn mentions (None where nothing was drawn)."""
        return self.responded / self.drawn if self.drawn else None

    def interval(self, output: str = "net") -> tuple[float, float]:
        """95% interval of one output (positive, neutral, negative or net)."""
        i = _OUTPUTS.index(output)
        if self.low is not None and self.high is not None:
            return float(self.low[i]), float(self.high[i])
        half = Z * math.sqrt(self.variance[i])
        return (
            float(max(_RANGE[0][i], self.mean[i] - half)),
            float(min(_RANGE[1][i], self.mean[i] + half)),
        )

    def method(self, output: str = "net") -> str:
        """The estimator of one output."""
        return self.methods[_OUTPUTS.index(output) if len(self.methods) == 4 else 0]


def _outcomes(labels: np.ndarray) -> np.ndarray:
    """Labels as rows (positive, neutral, negative, net) of 0/1 indicators and -1/0/1."""
    onehot = np.column_stack([labels == c for c in CLASSES]).astype(float)
    return np.column_stack([onehot, onehot[:, 0] - onehot[:, 2]])


def _predicted(probabilities: np.ndarray) -> np.ndarray:
    probabilities = np.asarray(probabilities, dtype=float).reshape(-1, len(CLASSES))
    return np.column_stack([probabilities, probabilities[:, 0] - probabilities[:, 2]])


def labels_only(labels: np.ndarray, frame: int) -> tuple[np.ndarray, ...]:
    """The labelled sample alone: (mean, variance, low, high) of the four outputs.

    Shares: Wilson score intervals on the effective sample size n / (1 - n/N) (the finite-
    population correction); net sentiment, the difference of two cells of one multinomial:
    Bonett & Price's adjusted Wald interval (2012, one added to each cell, two to n), times the
    correction. Neither has zero width unless the sample is the whole frame (a census, exact).
    The point estimates are the sample's own shares; variances are the squared half-widths
    over 1.96 (used to combine strata and compare with the classifier's estimate).
    """
    y = _outcomes(np.asarray(labels, dtype=object))
    n = len(y)
    correction = max(0.0, 1.0 - n / frame)
    mean = y.mean(0)
    if correction == 0:  # a census: the labels are the frame
        return mean, np.zeros(4), mean.copy(), mean.copy()
    n_eff = n / correction
    z2 = Z**2
    p = mean[:3]
    centre = (p + z2 / (2 * n_eff)) / (1 + z2 / n_eff)
    half = Z / (1 + z2 / n_eff) * np.sqrt(p * (1 - p) / n_eff + z2 / (4 * n_eff**2))
    positive, negative = (y[:, 0].sum() + 1) / (n + 2), (y[:, 2].sum() + 1) / (n + 2)
    net_half = Z * math.sqrt(
        correction * (positive + negative - (positive - negative) ** 2) / (n + 2)
    )
    net_centre = positive - negative
    low = np.append(centre - half, net_centre - net_half)
    high = np.append(centre + half, net_centre + net_half)
    variance = ((high - low) / (2 * Z)) ** 2
    low = np.clip(np.minimum(low, mean), *_RANGE)
    high = np.clip(np.maximum(high, mean), *_RANGE)
    return mean, variance, low, high


def _enough(labels: np.ndarray) -> bool:
    """Whether the labels hold `MIN_CLASS` of each class and of the rest."""
    counts = np.array([(labels == c).sum() for c in CLASSES])
    return bool(((counts >= MIN_CLASS) & (len(labels) - counts >= MIN_CLASS)).all())


def piece_estimate(piece: Piece) -> Estimate:
    """The estimate of one stratum, one estimator for its four outputs: prediction-powered where
    the labels hold `MIN_CLASS` of each class and of the rest and its net-sentiment interval is
    narrower, else the labelled sample alone (`labels_only`).

    The prediction-powered variance is (1 - n/N) S^2(residual) / n plus the fold-model term
    ((N - n)/N)^2 var_j(m_j) / K, where m_j is fold model j's mean prediction over the frame's
    unlabelled mentions: the unlabelled are predicted by the mean of the K models, each
    trained on part of the sample, and that choice of models varies from sample to sample
    (Zrnic & Candes 2024, cross-prediction).
    """
    labels = np.asarray(piece.labels, dtype=object)
    y = _outcomes(labels)
    n, rest = len(y), len(piece.others)
    frame = n + rest
    correction = 1.0 - n / frame
    residual = y - _predicted(piece.fitted)
    ppi_mean = (y.sum(0) + _predicted(piece.others).sum(0) + rest * residual.mean(0)) / frame
    ppi_var = correction * residual.var(0, ddof=1) / n if n > 1 else np.full(4, np.inf)
    if piece.fold_others is not None and rest and len(piece.fold_others) > 1:
        fold_means = np.array([_predicted(p).mean(0) for p in piece.fold_others])
        ppi_var = ppi_var + (rest / frame) ** 2 * fold_means.var(0, ddof=1) / len(fold_means)
    own_mean, own_var, own_low, own_high = labels_only(labels, frame)
    use_ppi = np.full(4, _enough(labels) and ppi_var[3] < own_var[3])
    mean = np.where(use_ppi, ppi_mean, own_mean)
    variance = np.where(use_ppi, ppi_var, own_var)
    half = Z * np.sqrt(ppi_var)
    low = np.where(use_ppi, np.clip(ppi_mean - half, *_RANGE), own_low)
    high = np.where(use_ppi, np.clip(ppi_mean + half, *_RANGE), own_high)
    known = _outcomes(piece.known) if len(piece.known) else np.zeros((0, 4))
    size = frame + len(known)
    total = known.sum(0)
    mean = (frame * mean + total) / size
    variance = (frame / size) ** 2 * variance
    low, high = (frame * low + total) / size, (frame * high + total) / size
    methods = tuple(PPI if used else LABELLED_ONLY for used in use_ppi)
    return Estimate(size, n, mean, variance, methods, piece.outside, low, high)


def combine(estimates: list[Estimate]) -> Estimate:
    """Strata combined, each weighted by its size (its number of mentions); one stratum keeps
    its own interval, several a normal one from the summed variances."""
    if len(estimates) == 1:
        return estimates[0]
    sizes = np.array([e.size for e in estimates], dtype=float)
    weights = sizes / sizes.sum()
    mean = sum(w * e.mean for w, e in zip(weights, estimates, strict=True))
    variance = sum(w**2 * e.variance for w, e in zip(weights, estimates, strict=True))
    methods = tuple("; ".join(sorted({e.method(output) for e in estimates})) for output in _OUTPUTS)
    return Estimate(
        int(sizes.sum()),
        sum(e.labelled_n for e in estimates),
        np.asarray(mean),
        np.asarray(variance),
        methods,
        sum(e.outside for e in estimates),
    )


def text_estimate(
    features: TextFeatures, train: np.ndarray, y: np.ndarray, *, seed: int = 0, per_fold=True
) -> Estimate:
    """One stratum's estimate: every text of `features`, those at `train` labelled `y`."""
    probabilities, _, each = cross_predict(features, train, y, seed=seed, per_fold=per_fold)
    rest = np.ones(len(features.codes), dtype=bool)
    rest[train] = False
    piece = Piece(
        "all",
        np.asarray(y, dtype=object),
        probabilities[train],
        probabilities[rest],
        fold_others=each[:, rest],
    )
    return piece_estimate(piece)


def shift(period: Estimate, baseline: Estimate) -> dict[str, object]:
    """Period minus baseline of the estimated positive share: a `stats.shift_tests` row.

    Wald z of the difference with the sum of the two variances (FRAMEWORKS section 7), its 95%
    interval (they invert each other), the two shares and the labelled n on each side.
    """
    difference = float(period.mean[0] - baseline.mean[0])
    se = math.sqrt(period.variance[0] + baseline.variance[0])
    p_value = float(2 * norm.sf(abs(difference) / se)) if se > 0 else float(difference == 0)
    return {
        "test": ESTIMATED_SHARE_TEST,
        "baseline_positive_share": float(baseline.mean[0]),
        "period_positive_share": float(period.mean[0]),
        "difference": difference,
        "estimate": difference,
        "estimate_measure": "difference in share",
        "ci_low": difference - Z * se,
        "ci_high": difference + Z * se,
        "se": se if se > 0 else None,
        "scale": "difference",
        "z": difference / se if se > 0 else None,
        "p_value": p_value,
        "n_baseline": baseline.labelled_n,
        "n_period": period.labelled_n,
        "n": baseline.labelled_n + period.labelled_n,
        "caveat": "",
    }


# --------------------------------------------------------------------------- a client


@dataclass
class ClientEstimates:
    """A client's estimates: per key (component or `_all`) of the period and the baseline."""

    period: dict[str, Estimate | None]
    baseline: dict[str, Estimate | None]
    notes: dict[str, str]
    classifier: dict[str, dict]
    checked: dict[str, int] = field(default_factory=dict)  # labels the accuracies are over

    def entry(self, key: str) -> dict | None:
        """`sentiment.<key>.estimated` (CONTRACT section 4) or None."""
        found = self.period.get(key)
        if found is None:
            return None
        low, high = found.interval("net")
        return {
            "method": found.method("net"),
            "labelled_n": found.labelled_n,
            "net_sentiment": 100 * float(found.mean[3]),
            "ci_low": 100 * low,
            "ci_high": 100 * high,
            "positive_share": float(found.mean[0]),
            "neutral_share": float(found.mean[1]),
            "negative_share": float(found.mean[2]),
            **{
                f"{output}_share_{end}": bound
                for output in CLASSES
                for end, bound in zip(("ci_low", "ci_high"), found.interval(output), strict=True)
            },
            "methods": {
                "net_sentiment": found.method("net"),
                **{f"{output}_share": found.method(output) for output in CLASSES},
            },
            "drawn_n": found.drawn,
            "response_rate": found.response_rate,
            "classifier": self.classifier.get(key),
        }

    def shift_entry(self, key: str) -> dict | None:
        """The shift of the estimated positive share of one key (`shift`), or None."""
        now, before = self.period.get(key), self.baseline.get(key)
        return None if now is None or before is None else shift(now, before)

    def shifts(self) -> dict[str, dict]:
        """`shift_entry` of every key with both estimates: pass to `stats.shift_tests`, whose
        positive-share tests they become."""
        found = {key: self.shift_entry(key) for key in self.period}
        return {key: moved for key, moved in found.items() if moved is not None}


@memo.shared("estimates", unless=("features",))  # once for a batch run's notebooks
def client_estimates(
    client: Client, scored: pd.DataFrame, *, features: TextFeatures | None = None
) -> ClientEstimates:
    """Every estimate of a client: `scored` is `sentiment.score_client(client)`. Keys: `_all`
    and every component of the client's own mentions in the period. Only this client's own
    labels from drawn samples train the classifier; nothing outlives the run on disk. `features`
    (of its own mentions, `labels.own_mentions` order) saves counting the texts again."""
    design = labelling.read_design(client.folder)
    own = labelling.own_mentions(client)
    mentions = _scored_own(client, scored)
    drawn = {i for s in design["samples"] for r in s["strata"] for i in r["drawn_ids"]}
    labelled = mentions["label"].isin(CLASSES).to_numpy()
    train = np.flatnonzero(labelled & mentions["mention_id"].isin(drawn).to_numpy())
    spans = {"period": client.period, "baseline": client.baseline}
    keys = [
        "_all",
        *sorted(
            set(
                labelling.Stratum(
                    client.period.start.isoformat(), client.period.end.isoformat()
                ).members(own)["component_id"]
            )
            - {""}
        ),
    ]
    empty = {k: None for k in keys}
    if len(train) < MIN_LABELS:
        note = _too_few(len(train)) if design["samples"] else _unverified()
        if not vader_scope(scored[scored["when"] == "period"]).applies:  # VADER reads English only
            note = language.labelling_note(note)
        return ClientEstimates(dict(empty), dict(empty), {k: note for k in keys if len(own)}, {})
    y = mentions["label"].to_numpy(dtype=object)[train]
    features = features or client_features(client, scored)
    if len(features.codes) != len(mentions):
        raise ValueError("features are not of this client's own mentions")
    probabilities, folds, each = cross_predict(features, train, y)
    fitted = pd.DataFrame(probabilities, index=mentions["mention_id"], columns=list(CLASSES))
    fitted.attrs["folds"] = each  # each fold model's probabilities, in the rows' order
    result = ClientEstimates({}, {}, {}, {})
    for when, span in spans.items():
        for key in keys:
            estimate, note = (
                (None, "")
                if span is None
                else _domain(client, design, mentions, fitted, span, None if key == "_all" else key)
            )
            getattr(result, when)[key] = estimate
            if when == "period":
                result.notes[key] = note
    for key in keys:
        inside = mentions["component_id"].to_numpy()[train] == key if key != "_all" else None
        result.classifier[key] = _accuracies(
            y, probabilities[train], mentions["compound"].to_numpy()[train], folds, inside
        )
        result.checked[key] = len(y) if inside is None else int(inside.sum())
    return result


def client_features(client: Client, scored: pd.DataFrame) -> TextFeatures:
    """The `TextFeatures` of the client's own mentions (as `client_estimates` orders them)."""
    mentions = _scored_own(client, scored)
    return TextFeatures(mentions["text"], mentions["compound"].to_numpy())


def _scored_own(client: Client, scored: pd.DataFrame) -> pd.DataFrame:
    """The client's own mentions with their VADER compound (0 where unscored)."""
    compound = scored[["mention_id", "compound"]].drop_duplicates("mention_id")
    mentions = labelling.own_mentions(client).merge(compound, on="mention_id", how="left")
    mentions["compound"] = mentions["compound"].fillna(0.0)
    return mentions


def _domain(client, design, mentions, fitted, span, component) -> tuple[Estimate | None, str]:
    """The estimate of one span (period or baseline) within a component (or all).

    Each stratum of the design may hold two parts (`_chains`): the first draws' frame, and the
    mentions added later that a top-up drew from. Drawn mentions still unlabelled are
    non-response: predicted like the frame's other mentions (the labelled part of a random
    draw labelled from the top is itself random), and counted in the response rate. A part
    whose every mention is labelled is a census (exact) and joins the total whatever its size.
    """
    chains = _chains(design, span.start.isoformat(), span.end.isoformat())
    if not chains:
        return None, _unverified(span.label)
    pieces, drawn_n, responded, late, outside = [], 0, 0, 0, 0
    by_stratum: dict = {}
    for stratum, frame, drawn, part in chains:
        by_stratum.setdefault(stratum, []).append((frame, drawn, part))
    for stratum, parts in by_stratum.items():
        if component is not None and stratum.component not in (None, component):
            continue
        members = stratum.members(mentions)
        if component is not None:
            members = members[members["component_id"] == component]
        ids = members["mention_id"]
        has_label = members["label"].isin(CLASSES).to_numpy()
        in_any = ids.isin(set().union(*(f for f, _, _ in parts))).to_numpy()
        known = ~in_any & has_label
        outside += int((~in_any & ~has_label).sum())
        found = []  # per part: name, in its frame, drawn
        for frame, drawn, part in parts:
            in_frame = ids.isin(frame).to_numpy()
            if not in_frame.any():
                continue
            was_drawn = in_frame & ids.isin(drawn).to_numpy()
            drawn_n += int(was_drawn.sum())
            responded += int((was_drawn & has_label).sum())
            late += int(in_frame.sum()) if part else 0
            census = bool((was_drawn & has_label).sum() == in_frame.sum())
            if found and not census and (was_drawn & has_label).sum() < MIN_LABELS:
                # too few labels of the later mentions to stand alone: collapsed into the
                # first part (the top-up drew from both at one rate)
                found[0] = (found[0][0], found[0][1] | in_frame, found[0][2] | was_drawn)
                continue
            name = (
                stratum.key
                if component is None or stratum.component
                else f"{stratum.key} / {component}"
            )
            found.append((f"{name}, {part}" if part else name, in_frame, was_drawn))
        for i, (name, in_frame, was_drawn) in enumerate(found):
            sampled = was_drawn & has_label
            census = bool(sampled.sum() == in_frame.sum())
            if sampled.sum() < MIN_LABELS and not census:
                return None, (
                    f"Only {int(sampled.sum())} of the {MIN_LABELS} labels needed in {name}: "
                    f"label more of the sample (labels table, or the labelling widget), or draw "
                    f"more with socialworkbook sample {client.slug}."
                )
            unlabelled = fitted.index.get_indexer(ids[in_frame & ~sampled])
            pieces.append(
                Piece(
                    name,
                    members["label"].to_numpy(dtype=object)[sampled],
                    fitted.loc[ids[sampled]].to_numpy(),
                    fitted.to_numpy()[unlabelled],
                    members["label"].to_numpy(dtype=object)[known] if i == 0 else _NONE,
                    0,
                    fitted.attrs["folds"][:, unlabelled],
                )
            )
    if not pieces:
        return None, f"No mention of {span.label} is in a drawn sample's frame."
    estimate = replace(
        combine([piece_estimate(p) for p in pieces]),
        outside=outside,
        drawn=drawn_n,
        responded=responded,
    )
    notes = []
    if late:
        one = late == 1
        notes.append(
            f"{late:,} mention{'' if one else 's'} of {span.label} added after the first "
            f"sample {'was' if one else 'were'} in a top-up sample's frame and "
            f"{'is' if one else 'are'} covered by the estimate."
        )
    if outside:
        one = outside == 1
        notes.append(
            f"{outside:,} mention{'' if one else 's'} of {span.label} "
            f"{'was' if one else 'were'} added after the sample was drawn and "
            f"{'is' if one else 'are'} outside its frame: the estimate covers the other "
            f"{estimate.size:,}. A top-up sample drawn from the newer mentions would cover "
            f"{'it' if one else 'them'} too."
        )
    if drawn_n > responded:
        notes.append(
            f"{responded:,} of the {drawn_n:,} mentions drawn are labelled (response rate "
            f"{share(responded / drawn_n)}); the unlabelled ones are estimated like the others."
        )
    return estimate, " ".join(notes)


_NONE = np.array([], dtype=object)


def _chains(design: dict, start: str, end: str) -> list[tuple[labelling.Stratum, set, set, str]]:
    """Per stratum of the latest draw covering the span, the parts of its design: (stratum,
    frame, drawn ids, part name: "" for the first draws' frame, "later mentions" for mentions
    a top-up's frame added).

    A draw whose frame holds every mention still undrawn of an earlier part continues that
    part (its draws there are more of one simple random sample of that part's frame); the
    mentions of its frame in no earlier part are a new part, the later mentions. A draw that
    lacks some of them (labelled by hand in between) starts afresh: the earlier labels then
    count as known values.
    """
    records = [
        (labelling.Stratum(r["start"], r["end"], r["component"]), r)
        for s in design["samples"]
        for r in s["strata"]
        if r["start"] == start and r["end"] == end
    ]
    if not records:
        return []
    by_component = records[-1][0].component is not None
    out = []
    for stratum in dict.fromkeys(
        s for s, _ in records if (s.component is not None) == by_component
    ):
        parts: list[list] = []  # [frame, drawn]
        for s, record in records:
            if s != stratum:
                continue
            frame, drawn = set(record["frame_ids"]), set(record["drawn_ids"])
            if not all(p[0] - p[1] <= frame for p in parts):
                parts = []
            rest = frame
            for part in parts:
                part[1] |= drawn & part[0]
                rest = rest - part[0]
            if rest:
                parts.append([rest, drawn & rest])
        for i, (frame, drawn) in enumerate(parts):
            out.append((stratum, frame, drawn, "" if i == 0 else "later mentions"))
    return out


def _accuracies(y, probabilities, compound, folds, inside) -> dict[str, object]:
    """Cross-validated accuracy of the classifier, VADER and the majority class on the labels."""
    if inside is not None:
        y, probabilities, compound, folds = (
            y[inside],
            probabilities[inside],
            compound[inside],
            folds[inside],
        )
    if len(y) == 0:
        accuracies = ("cv_accuracy", "vader_accuracy", "majority_accuracy")
        return {"name": CLASSIFIER, **dict.fromkeys(accuracies)}
    predicted = np.asarray(CLASSES, dtype=object)[probabilities.argmax(1)]
    majority = np.empty(len(y), dtype=object)
    for fold in np.unique(folds):
        others = pd.Series(y[folds != fold])
        majority[folds == fold] = others.mode().iloc[0] if len(others) else CLASSES[1]
    return {
        "name": CLASSIFIER,
        "cv_accuracy": float((predicted == y).mean()),
        "vader_accuracy": float((classify(compound) == y).mean()),
        "majority_accuracy": float((majority == y).mean()),
    }


# How a client reads the way to verified figures (the analyst's command is in the README).
_TO_VERIFY = (
    "A random sample of a few hundred mentions labelled by people would turn them into an "
    "estimate with a 95% interval."
)


def _unverified(span: str = "") -> str:
    return (
        f"No random sample of {span or 'the mentions'} is labelled by people, so these "
        f"automatic figures are unverified. {_TO_VERIFY}"
    )


def _too_few(n: int) -> str:
    return (
        f"Only {n} labelled mentions in the drawn samples (at least {MIN_LABELS} per stratum "
        f"are needed), so these figures are unverified. {_TO_VERIFY}"
    )


# --------------------------------------------------------------------------- results hooks


def with_estimates(results: dict, estimates: ClientEstimates) -> dict:
    """The results.json `sentiment` section with `estimated` (and `estimated_note`) filled."""
    out = {}
    for key, entry in results.items():
        note = estimates.notes.get(key) or None
        if (entry.get("language") or {}).get("vader") == "not applicable":  # no VADER figures
            note = language.labelling_note(note)
        out[key] = dict(entry, estimated=estimates.entry(key), estimated_note=note)
    return out


# --------------------------------------------------------------------------- report text


def lead(estimates: ClientEstimates, vader: dict | None, key: str = "_all") -> Story:
    """The sentence a report leads with: the estimate and its interval, else VADER, unverified
    (`vader`: the key's `sentiment.sentiment_results` entry, None without mentions)."""
    entry = estimates.entry(key)
    note = estimates.notes.get(key) or ""
    raw = None if not vader else vader.get("net_sentiment")
    if entry is None and (vader or {}).get("language", {}).get("vader") == "not applicable":
        return language.labelling_lead(vader["language"]["reason"], note)
    if entry is None:
        if raw is None:  # no mentions in the period: nothing to say
            return Story("")
        return Story(
            headline=f"Net sentiment {signed(raw)} by the automatic scorer alone.",
            detail=note or _unverified_text(),
            title=f"Net sentiment {signed(raw)} (automatic scores, unverified)",
        )
    estimate = estimates.period[key]
    shares = ", ".join(
        f"{c} {share(entry[f'{c}_share'])} (95% interval {share(max(0.0, low))} to "
        f"{share(min(1.0, high))})"
        for c in CLASSES
        for low, high in [estimate.interval(c)]
    )
    detail = (
        f"Shares: {shares}. The automatic scorer alone would have said {signed(raw)}. "
        if raw is not None
        else f"Shares: {shares}. "
    )
    detail += (
        "The estimate rests on a random sample labelled by people; the automatic scores only "
        "narrow its interval, and it holds whatever their quality."
    )
    if note:
        detail += " " + note
    return Story(
        headline=(
            f"Net sentiment {signed(entry['net_sentiment'])}, 95% interval "
            f"{signed(entry['ci_low'])} to {signed(entry['ci_high'])}, from "
            f"{entry['labelled_n']:,} mentions labelled by people."
        ),
        detail=detail,
        title=(
            f"Net sentiment {signed(entry['net_sentiment'])} (95% interval "
            f"{signed(entry['ci_low'])} to {signed(entry['ci_high'])}), labelled sample"
        ),
    )


def automatic_story(story: Story, estimates: ClientEstimates) -> Story:
    """A VADER claim (`sentiment.summary`) marked as VADER's alone where an estimate leads."""
    if estimates.entry("_all") is None or not story.headline or "(VADER)" in story.headline:
        return story
    headline = story.headline
    return replace(
        story,
        headline=f"By the automatic scorer alone: {headline[:1].lower()}{headline[1:]}",
    )


def _unverified_text() -> str:
    return (
        "These figures are unverified: no random sample of the mentions is labelled by people. "
        + _TO_VERIFY
    )


def trust_table(estimates: ClientEstimates, key: str = "_all") -> pd.DataFrame:
    """Cross-validated accuracy on the labels: the classifier, VADER, the majority class."""
    found = estimates.classifier.get(key)
    if not found or found.get("cv_accuracy") is None:
        return pd.DataFrame(columns=["scorer", "accuracy on the labels"])
    return pd.DataFrame(
        {
            "scorer": [
                "text classifier trained on these labels (cross-validated)",
                "VADER (automatic scorer)",
                "always the most common label (cross-validated)",
            ],
            "accuracy on the labels": [
                share(found["cv_accuracy"], blank="–"),
                share(found["vader_accuracy"], blank="–"),
                share(found["majority_accuracy"], blank="–"),
            ],
        }
    )


def trust_summary(estimates: ClientEstimates, key: str = "_all") -> Story:
    """The claim of "How far to trust the automatic classes", from the drawn labels."""
    found = estimates.classifier.get(key)
    if not found and not estimates.notes:  # no mentions: nothing to trust or not
        return Story("")
    if not found or found.get("cv_accuracy") is None:
        return Story(
            headline="No random sample is labelled yet, so the automatic classes are unchecked.",
            detail=estimates.notes.get(key) or _unverified_text(),
        )
    n = estimates.checked.get(key, 0)
    on = f"the {n:,} mentions labelled in the drawn samples (period and baseline)"
    vader, majority = found["vader_accuracy"], found["majority_accuracy"]
    verdict = (
        "worse than always guessing the most common label"
        if vader < majority
        else "better than always guessing the most common label"
    )
    return Story(
        headline=(
            f"VADER agrees with people on {share(vader)} of {on}, {verdict} ({share(majority)}); "
            f"the classifier trained on the labels reaches {share(found['cv_accuracy'])}."
        ),
        detail=(
            "Accuracies are cross-validated: each label is predicted by a model that did not see "
            "it. The estimates above use the classifier only to narrow their intervals."
        ),
    )


def board_figures(figures: pd.DataFrame, estimates: ClientEstimates, vader: dict | None):
    """The board's figures with net sentiment and the positive share from the estimate, and a
    note under each tile.

    `figures` is `board.key_figures(client)`, its tiles found by their `metric` key; a `note`
    column says where each sentiment figure comes from (the labelled sample with its interval,
    or VADER alone, unverified). Their changes are the plain differences of the estimates,
    untested here (`board.tile_figures` gives the positive share's change its test).
    """
    out = figures.copy()
    out["note"] = ""
    net = out.index[out["metric"] == NET_SENTIMENT]
    positive = out.index[out["metric"] == POSITIVE_SHARE]
    if not len(net) and not len(positive):
        return out
    entry = estimates.entry("_all")
    now, before = estimates.period.get("_all"), estimates.baseline.get("_all")
    raw = None if not vader else vader.get("net_sentiment")
    if entry is None:
        some = " of the English mentions" if (vader or {}).get("language") else ""  # mixed
        out.loc[net.union(positive), "note"] = f"automatic scores{some} only: unverified"
        return out
    for rows, column, scale in ((net, 3, 100.0), (positive, 0, 1.0)):
        out.loc[rows, "period"] = scale * float(now.mean[column])
        out.loc[rows, "baseline"] = None if before is None else scale * float(before.mean[column])
        out.loc[rows, "change"] = (
            None if before is None else scale * float(now.mean[column] - before.mean[column])
        )
    if "change_text" in out:  # the plain difference of the estimates; a share's in points
        out.loc[net, "change_text"] = ""
        moved = None if before is None else 100 * float(now.mean[0] - before.mean[0])
        out.loc[positive, "change_text"] = "" if moved is None else f"{points(moved)} vs baseline"
    out.loc[net, "note"] = (
        f"95% interval {signed(entry['ci_low'])} to {signed(entry['ci_high'])}, from "
        f"{entry['labelled_n']:,} mentions labelled by people"
        + ("" if raw is None else f"; automatic scores alone: {signed(raw)}")
    )
    low, high = now.interval("positive")
    out.loc[positive, "note"] = (
        f"95% interval {share(low)} to {share(high)}, from {entry['labelled_n']:,} mentions "
        "labelled by people"
    )
    return out
