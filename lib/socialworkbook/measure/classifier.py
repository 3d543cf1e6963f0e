"""The text classifier of the estimates: TF-IDF words and characters plus VADER's compound,
logistic regression (scikit-learn), cross-fitted on one client's own labels.

`TextFeatures` counts a client's mentions once; its `fitted(rows)` learns the vocabulary and
IDF from the texts at `rows` only. `cross_predict` fits each fold's features and model on that
fold's training texts alone and gives every mention the prediction of the models that did not
see it.
Nothing here reads or writes another client's data, and no model is written to disk.
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd
import scipy.sparse as sp
from joblib import Parallel, delayed
from sklearn.feature_extraction.text import CountVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import KFold, StratifiedKFold
from sklearn.preprocessing import normalize
from threadpoolctl import threadpool_limits

from .sentiment import CLASSES, preprocess

__all__ = ["FOLDS", "CLASSIFIER", "TextFeatures", "cross_predict"]

FOLDS = 5
CLASSIFIER = (
    "logistic regression on TF-IDF word 1-2-grams, character 2-5-grams and VADER compound "
    f"(scikit-learn), {FOLDS}-fold cross-fitted on this client's own labels"
)

_TOKEN = re.compile(r"(?u)\b\w\w+\b")  # scikit-learn's default token_pattern
_END = "\x00"  # between two texts when a chunk of them is split at once


class TextFeatures:
    """TF-IDF features of a client's texts, with the vocabulary and IDF of its labelled texts.

    Texts are preprocessed as for VADER; the features are word 1-2-grams and character
    2-5-grams (`char_wb`, n-grams in at least 2 labelled texts), each block L2-normalised, and
    VADER's compound, exactly as scikit-learn's TfidfVectorizer (sublinear tf, smooth idf)
    fitted on the labelled texts would give (a NUL character counts as a space). The distinct
    texts are cleaned, lowered and split into words `count_chunk` at a time, each chunk as one
    string (no Python loop over texts); a word's tokens are found once per distinct word, and
    each text's tokens follow from its words (a token never spans whitespace). A fit counts
    only the n-grams of the labelled texts (a model trained on them knows no others): word
    pairs are looked up by their token ids, character n-grams go through the words (the text x
    word matrix times a word x n-gram matrix, each distinct word analysed once, over all
    cores). Predictions go `chunk` distinct texts at a time.
    """

    def __init__(self, texts, compound, *, chunk: int = 20_000, count_chunk: int = 100_000):
        raw = pd.Series(texts, dtype=object).fillna("").astype(str).to_numpy(dtype=object)
        self.codes, distinct = pd.factorize(raw)
        self.size = len(distinct)  # distinct texts
        first = np.unique(self.codes, return_index=True)[1]
        self.compound = np.asarray(compound, dtype="float32")[first]  # one per distinct text
        self.chunk = chunk
        del raw
        words = _Vocabulary()
        rows, ids = [], []
        for begin in range(0, self.size, count_chunk):
            found = words.encode(_words(distinct[begin : begin + count_chunk]))
            rows.append(found[0] + begin)
            ids.append(found[1])
        word_rows, word_ids = _joined(rows, np.int32), _joined(ids, np.int32)
        del rows, ids, distinct
        self.in_words = _counts(word_rows, word_ids, (self.size, len(words)))
        self.pieces = np.asarray(words.words(), dtype=object)
        # each text's tokens, in order: the tokens of its words one after the other
        tokens = [_TOKEN.findall(w) for w in self.pieces]
        per_word = np.fromiter(map(len, tokens), np.int64, len(tokens))
        token_of, _ = pd.factorize(np.asarray([t for ts in tokens for t in ts], dtype=object))
        starts = np.concatenate([[0], np.cumsum(per_word)[:-1]])
        count = per_word[word_ids]
        self.token_rows = np.repeat(word_rows, count)
        within = np.arange(int(count.sum())) - np.repeat(np.cumsum(count) - count, count)
        self.token_ids = token_of[np.repeat(starts[word_ids], count) + within].astype(np.int32)

    def _word_counts(self, rows: np.ndarray):
        """Counts in every text of the words and word 2-grams of the texts at `rows`."""
        labelled = np.zeros(self.size, dtype=bool)
        labelled[rows] = True
        text, token = self.token_rows, self.token_ids
        pair = np.flatnonzero(text[1:] == text[:-1])  # consecutive tokens of one text
        pairs = (token[pair].astype(np.int64) << 32) | token[pair + 1]
        words = np.unique(token[labelled[text]])
        known_pairs = np.unique(pairs[labelled[text[pair]]])
        word_column, is_word = _lookup(words, token)
        pair_column, is_pair = _lookup(known_pairs, pairs)
        return _counts(
            np.concatenate([text[is_word], text[pair[is_pair]]]),
            np.concatenate([word_column[is_word], len(words) + pair_column[is_pair]]),
            (self.size, len(words) + len(known_pairs)),
        )

    def word_chars(self):
        """Counts of every character n-gram in every distinct word (words x n-grams, n-grams
        in alphabetical order), counted once and kept: each fold's features take the columns
        of the n-grams its training texts hold."""
        if getattr(self, "_word_chars", None) is None:
            if len(self.pieces):
                counter = _chars().fit(self.pieces)
                self._word_chars = _char_counts(self.pieces, counter.get_feature_names_out())
            else:
                self._word_chars = sp.csr_matrix((0, 0), dtype=np.float32)
        return self._word_chars

    def fitted(self, train: np.ndarray):
        """A function: distinct-text codes -> feature rows, learnt from the texts at `train`."""
        rows = self.codes[train]
        word_counts = self._word_counts(rows)
        word_idf = _vocabulary(word_counts[rows], 1, len(rows))[1]
        char_keep, char_idf = _vocabulary(self.in_words[rows] @ self.word_chars(), 2, len(rows))
        word_chars = self.word_chars()[:, char_keep]

        def features(codes: np.ndarray):
            return sp.hstack(
                [
                    _tfidf(word_counts[codes], word_idf),
                    _tfidf(self.in_words[codes] @ word_chars, char_idf),
                    sp.csr_matrix(self.compound[codes, None]),
                ],
                format="csr",
            )

        return features


def _chars(vocabulary=None) -> CountVectorizer:
    """Counts of character 2-5-grams within words (`char_wb`), of lowered texts."""
    return CountVectorizer(
        analyzer="char_wb",
        ngram_range=(2, 5),
        lowercase=False,
        vocabulary=vocabulary,
        dtype=np.float32,
    )


def _char_counts(words: np.ndarray, ngrams, *, parts: int = 8, parallel_from: int = 50_000):
    """A words x `ngrams` csr matrix of counts (`parallel_from` words or more: on all cores)."""
    if not len(ngrams) or not len(words):
        return sp.csr_matrix((len(words), len(ngrams)), dtype=np.float32)
    counter = _chars(list(ngrams))
    if len(words) < parallel_from:
        return counter.transform(words)
    return sp.vstack(
        Parallel(n_jobs=-1)(
            delayed(counter.transform)(part) for part in np.array_split(words, parts)
        )
    ).tocsr()


def _lookup(known: np.ndarray, values: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The position of each value in the sorted array `known`, and whether it is there."""
    position = np.searchsorted(known, values)
    found = position < len(known)
    found[found] = known[position[found]] == values[found]
    return position, found


def _words(texts: np.ndarray) -> list[str]:
    """The words of the cleaned, lowered texts, `_END` between two texts (one pass, in C)."""
    joined = f" {_END} ".join(texts)
    if joined.count(_END) != max(len(texts) - 1, 0):  # a text holds a NUL: it counts as a space
        joined = f" {_END} ".join(t.replace(_END, " ") for t in texts)
    return preprocess(joined).lower().split()


class _Vocabulary:
    """Words to ids 0, 1, 2, ... in order of first sight."""

    def __init__(self):
        self.ids: dict[str, int] = {}

    def __len__(self) -> int:
        return len(self.ids)

    def encode(self, words: list[str]) -> tuple[np.ndarray, np.ndarray]:
        """(text, id) of every word of a `_words` list (text: 0, 1, ... within the list)."""
        codes, uniques = pd.factorize(np.asarray(words, dtype=object))
        ended = (pd.Series(uniques, dtype=object) == _END).to_numpy()
        ids = self.ids
        known = np.fromiter(
            (-1 if e else ids.setdefault(u, len(ids)) for u, e in zip(uniques, ended, strict=True)),
            np.int64,
            len(uniques),
        )
        boundary = ended[codes]
        text = np.cumsum(boundary)[~boundary]
        return text.astype(np.int32), known[codes[~boundary]].astype(np.int32)

    def words(self) -> list[str]:
        return list(self.ids)


def _joined(arrays: list[np.ndarray], dtype) -> np.ndarray:
    """The arrays end to end as `dtype` (empty when there are none)."""
    return np.concatenate([np.empty(0, dtype), *arrays]).astype(dtype, copy=False)


def _counts(rows: np.ndarray, columns: np.ndarray, shape: tuple[int, int]):
    """A csr matrix counting each (row, column) pair."""
    data = np.ones(len(rows), dtype=np.float32)
    return sp.csr_matrix((data, (rows.astype(np.int32), columns.astype(np.int32))), shape=shape)


def _vocabulary(train_counts, min_df: int, n: int) -> tuple[np.ndarray, np.ndarray]:
    """Columns in at least `min_df` of the `n` labelled texts, and their smooth idf."""
    train_counts = sp.csr_matrix(train_counts)
    df = np.bincount(train_counts.indices, minlength=train_counts.shape[1])
    keep = np.flatnonzero(df >= min_df)
    return keep, (np.log((1 + n) / (1 + df[keep])) + 1).astype(np.float32)


def _tfidf(counts, idf: np.ndarray):
    """Sublinear tf (1 + log count) times idf, rows L2-normalised (TfidfVectorizer's way)."""
    weighted = sp.csr_matrix(counts, dtype=np.float32, copy=True)
    weighted.data = (1 + np.log(weighted.data)) * idf[weighted.indices]
    return normalize(weighted, copy=False)


def cross_predict(
    features: TextFeatures,
    train: np.ndarray,
    y: np.ndarray,
    *,
    folds: int = FOLDS,
    seed: int = 0,
    per_fold: bool = True,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Cross-fitted class probabilities (columns: `CLASSES`) of every text.

    `train` holds the positions of the labelled texts and `y` their labels. Each of `folds`
    models is fitted on the other folds, with every text feature (vocabulary, IDF) learnt from
    those training texts alone, so a held-out text is treated exactly as an unlabelled one (a
    word seen only in the held-out fold is unknown to its model). A labelled text gets the
    prediction of the model that did not see it, every other text the mean of the models'
    predictions (each distinct text predicted once per model). `per_fold=False` learns the
    vocabulary once from all labelled texts (the leaking way before issue 27; kept only for
    the simulation's comparison). Returns (probabilities, fold of each labelled text, each
    fold model's probabilities of every text: folds x texts x classes, float32).
    """
    y = np.asarray(y, dtype=object)
    k = min(folds, len(y))
    counts = pd.Series(y).value_counts()
    splitter = (
        StratifiedKFold(k, shuffle=True, random_state=seed)
        if counts.min() >= k and len(counts) > 1
        else KFold(k, shuffle=True, random_state=seed)
    )
    codes = features.codes
    out = np.zeros((len(codes), len(CLASSES)))
    fold_of = np.zeros(len(y), dtype=int)
    shared = None if per_fold else features.fitted(train)
    models = []
    with threadpool_limits(1):  # BLAS threads on small problems only fight each other
        for fold, (fit, held) in enumerate(splitter.split(np.zeros(len(y)), y)):
            fold_of[held] = fold
            featurise = shared or features.fitted(train[fit])
            model = _fit(featurise(codes[train[fit]]), y[fit])
            models.append((featurise, model))
            out[train[held]] = model(featurise(codes[train[held]]))
        rest = np.ones(len(codes), dtype=bool)
        rest[train] = False
        wanted = np.unique(codes[rest])
        each = np.zeros((k, features.size, len(CLASSES)), dtype=np.float32)
        for begin in range(0, len(wanted), features.chunk):
            some = wanted[begin : begin + features.chunk]
            for fold, (featurise, model) in enumerate(models):
                each[fold, some] = model(featurise(some))
        out[rest] = each.mean(0, dtype=np.float64)[codes[rest]]
    return out, fold_of, each[:, codes]


def _fit(x, y: np.ndarray):
    """A fitted model as a function: rows of x -> probabilities in `CLASSES` order."""
    present = [c for c in CLASSES if c in set(y)]
    if len(present) == 1:
        constant = np.array([float(c == present[0]) for c in CLASSES])
        return lambda rows: np.tile(constant, (rows.shape[0], 1))
    model = LogisticRegression(C=4.0, solver="newton-cg", max_iter=500).fit(x, y)
    columns = [list(model.classes_).index(c) if c in present else None for c in CLASSES]

    def predict(rows):
        probabilities = model.predict_proba(rows)
        return np.column_stack(
            [probabilities[:, i] if i is not None else np.zeros(rows.shape[0]) for i in columns]
        )

    return predict
