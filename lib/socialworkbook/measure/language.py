"""The language of each mention, detected offline, and where VADER may score (CONTRACT.md 5).

VADER's lexicon is English: it reads Spanish "no", "sin" and "favor" or German "die" and "war"
as the English words, so its classes of other languages are noise that looks like sentiment.
Each mention's language is detected with py3langid (a naive Bayes model over byte n-grams,
shipped inside the package: nothing is downloaded), restricted to `COMMON` (the languages a
client's social media are usually in) plus the language client.yaml states. A text with fewer
than `MIN_LETTERS` letters once @handles and URLs are gone, or whose most likely language has a
probability under `MIN_CONFIDENCE`, is undetermined (`UNDETERMINED`, "und"): emoji, "wow",
"11?" are not a language. The detections are cached per client like the scores
(`score_cache.ScoreCache`: salted hashes, never a text).

A stratum (all mentions, or one component's) is scored by VADER when at least `MIN_ENGLISH`
of its mentions with a determined language are English and client.yaml states no other
language (`Scope`). VADER then scores the English mentions and those too short to tell; the
others are left out, and the report says how many. Below it, VADER's figures are not
applicable: no VADER class, share or shift is reported as sentiment, and a labelled random
sample (`socialworkbook sample`) gives the sentiment figure.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from importlib.metadata import version
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from .. import wording
from ..story import Story
from ..vocab import LANGUAGES
from .score_cache import ScoreCache, salt_of

if TYPE_CHECKING:
    from ..model import Client

__all__ = [
    "vader_scope",
    "vader_rows",
    "ENGLISH",
    "UNDETERMINED",
    "MIN_ENGLISH",
    "MIN_CONFIDENCE",
    "MIN_LETTERS",
    "COMMON",
    "DETECTOR",
    "name",
    "detect",
    "client_cache",
    "shares",
    "Scope",
    "scope",
    "in_scope",
    "describe",
    "vader_sides",
    "LABEL_A_SAMPLE",
    "not_applicable",
    "labelling_lead",
    "labelling_note",
]

ENGLISH = "en"
UNDETERMINED = "und"
"""The code of a mention whose language cannot be told (BCP 47's "undetermined")."""
MIN_ENGLISH = 0.8
"""Share of English among a stratum's mentions of a determined language for VADER to score it."""
MIN_CONFIDENCE = 0.5
MIN_LETTERS = 3
COMMON: tuple[str, ...] = tuple(
    "en es pt fr de it nl sv da no fi pl cs sk ro hu el bg hr sr sl tr ru uk ar he fa hi bn ur "
    "id ms tl vi th zh ja ko ca".split()
)
"""The languages detected (with the one client.yaml states): fewer candidates, fewer short
English texts taken for a look-alike language (4,200 English tweets: 96.3% English with these,
95.4% with all 97 of the model's languages)."""
DETECTOR = f"py3langid {version('py3langid')}"

_detectors: dict[tuple[str, ...], object] = {}


def name(code: str) -> str:
    """A language's English name ("Spanish"), "too short to tell" for undetermined."""
    if code == UNDETERMINED:
        return "too short to tell"
    return LANGUAGES.get(code, code)


def _candidates(stated: str = "") -> tuple[str, ...]:
    return COMMON if not stated or stated in COMMON else (*COMMON, stated)


def _detector(candidates: tuple[str, ...]):
    if candidates not in _detectors:
        from py3langid.langid import MODEL_FILE, LanguageIdentifier

        identifier = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
        identifier.set_languages(list(candidates))
        _detectors[candidates] = identifier
    return _detectors[candidates]


def _letters(text: str) -> int:
    return sum(ch.isalpha() for ch in text)


def detect(
    texts: Sequence[str], *, stated: str = "", cache: ScoreCache | None = None
) -> np.ndarray:
    """The language code of each text ("und" where it cannot be told), as an object array.

    Give the texts as VADER reads them (`sentiment.preprocess`: no @handles, no URLs: a handle
    or a link is no language). `stated` (client.yaml's `language:`) joins the candidates. With
    `cache` (`client_cache`) each distinct text is detected once per client.
    """
    items = ["" if not isinstance(t, str) else t for t in texts]
    if not items:
        return np.empty(0, dtype=object)
    candidates = _candidates(stated)
    labels = (*candidates, UNDETERMINED)
    if cache is not None and (found := cache.load_call(items)) is not None:
        return np.asarray(labels, dtype=object)[found.astype("int64")]
    codes, uniques = pd.factorize(pd.Series(items, dtype=object))
    uniques = list(uniques)
    index = np.full(len(uniques), np.nan, dtype="float32")
    keys = cache.keys(uniques) if cache is not None else []
    if cache is not None:
        index[:] = cache.lookup(keys)
    missing = np.flatnonzero(np.isnan(index))
    if len(missing):
        detector = _detector(candidates)
        for i in missing:
            text = uniques[i]
            code, confidence = (
                detector.classify(text) if _letters(text) >= MIN_LETTERS else (UNDETERMINED, 0.0)
            )
            code = code if confidence >= MIN_CONFIDENCE else UNDETERMINED
            index[i] = labels.index(code)
        if cache is not None:
            cache.store([keys[i] for i in missing], index[missing])
    out = index[codes]
    if cache is not None:
        cache.save_call(items, out)
    return np.asarray(labels, dtype=object)[out.astype("int64")]


def client_cache(client: Client) -> ScoreCache | None:
    """The client's language cache (`<client folder>/.cache/language/`), None without a folder."""
    folder = getattr(client, "folder", None)
    salt = salt_of(folder, "language")
    if salt is None:
        return None
    method = f"{DETECTOR}\x00{MIN_CONFIDENCE}\x00{MIN_LETTERS}\x00{','.join(_candidates())}"
    stated = client.config.language
    method += f"\x00{stated}" if stated and stated not in COMMON else ""
    return ScoreCache(Path(folder) / ".cache" / "language", salt=salt, method=method)


def shares(codes: Sequence[str]) -> dict[str, float]:
    """{code: share} of the codes, largest first ("und" last); {} for none."""
    series = pd.Series(list(codes), dtype=object)
    if series.empty:
        return {}
    counts = series.value_counts()
    order = sorted(counts.index, key=lambda c: (c == UNDETERMINED, -counts[c], c))
    return {str(c): float(counts[c] / len(series)) for c in order}


def in_scope(codes: Sequence[str]) -> np.ndarray:
    """Whether VADER may score each mention: English, or too short to tell."""
    values = np.asarray(list(codes), dtype=object)
    return (values == ENGLISH) | (values == UNDETERMINED)


@dataclass(frozen=True)
class Scope:
    """Where VADER may score one stratum's mentions (`scope`).

    `applies`: VADER's figures stand (at least `MIN_ENGLISH` English among the mentions of a
    determined language, and no other language stated); `scored`: the mentions it scores then
    (English or too short to tell); `n`: all the stratum's mentions; `shares`: by language.
    """

    applies: bool
    n: int
    scored: int
    english_share: float | None
    shares: dict[str, float] = field(default_factory=dict)
    stated: str = ""

    @property
    def complete(self) -> bool:
        """VADER scores every mention of the stratum (nothing to say about language)."""
        return self.applies and self.scored == self.n

    def reason(self) -> str:
        """Why VADER's figures are not applicable, in one plain sentence ("" where they are)."""
        if self.applies:
            return ""
        main = next((c for c in self.shares if c not in (UNDETERMINED, ENGLISH)), "")
        if self.stated and self.stated != ENGLISH:
            said = f"the mentions are in {name(self.stated)}, as stated for this client"
        else:
            told = self.n - round(self.n * self.shares.get(UNDETERMINED, 0.0))
            said = (
                f"{wording.share(1 - (self.english_share or 0.0))} of the {told:,} mentions "
                "whose language could be told are not in English"
                + (f" (mostly {name(main)})" if main else "")
            )
        return (
            f"The automatic scorer (VADER) reads English only and {said}, so its sentiment "
            "figures do not apply here."
        )

    def coverage(self) -> str:
        """Which mentions VADER scores, where it leaves some out ("" where it scores all)."""
        if not self.applies or self.complete:
            return ""
        left = self.n - self.scored
        return (
            f"The automatic scorer (VADER) reads English only: it scores the {self.scored:,} "
            f"mentions in English or too short to tell ({wording.share(self.scored / self.n)} "
            f"of {self.n:,}) and leaves out {left:,} in other languages."
        )

    def as_dict(self) -> dict[str, object]:
        """The results.json `language` entry of a sentiment stratum."""
        return {
            "vader": "applies" if self.applies else "not applicable",
            "mentions": self.n,
            "scored": self.scored if self.applies else 0,
            "english_share": self.english_share,
            "languages": self.shares,
            "reason": self.reason() or self.coverage(),
        }


def scope(codes: Sequence[str], stated: str = "") -> Scope:
    """The `Scope` of one stratum from its mentions' language codes (`detect`)."""
    values = np.asarray(list(codes), dtype=object)
    determined = values[values != UNDETERMINED]
    english = float((determined == ENGLISH).mean()) if len(determined) else None
    applies = (english is None or english >= MIN_ENGLISH) and stated in ("", ENGLISH)
    return Scope(
        applies=bool(applies),
        n=len(values),
        scored=int(in_scope(values).sum()),
        english_share=english,
        shares=shares(values),
        stated=stated,
    )


def vader_sides(group: pd.DataFrame, stated: str = "") -> pd.DataFrame | None:
    """The mentions of a baseline-against-period comparison (a `when` column) VADER may score
    (`in_scope`); None where it does not apply to one of the two sides. Without a `language`
    column, all of them."""
    if "language" not in group.columns:
        return group
    sides = [group.loc[group["when"] == when, "language"] for when in ("baseline", "period")]
    if not all(scope(side, stated).applies for side in sides):
        return None
    return group[in_scope(group["language"])]


def describe(found: dict[str, float], n: int) -> str:
    """Language shares in words: "Spanish 93%, English 4%, too short to tell 3% (n=1,200)"."""
    if not found or not n:
        return ""
    parts = [f"{name(code)} {wording.share(value)}" for code, value in found.items()]
    return f"{wording.listing(parts)} (n={n:,})"


LABEL_A_SAMPLE = (
    "Label a random sample of the mentions instead (a few hundred, drawn at random and labelled "
    "positive, neutral or negative by people who read the language): its estimate, with a 95% "
    "interval, then stands as the sentiment figure."
)


def not_applicable(where: Scope, period_label: str) -> Story:
    """The claim of a sentiment section whose mentions VADER cannot read (`Scope`): the lead
    (`labelling_lead`) has said why and what to do."""
    main = next((c for c in where.shares if c != UNDETERMINED), ENGLISH)
    return Story(
        headline=(
            f"No automatic sentiment figures for {period_label}: the mentions are mostly in "
            f"{name(main)} and the automatic scorer (VADER) reads English only."
        )
    )


def labelling_note(note: str | None) -> str:
    """Why a stratum VADER cannot read has no estimate: label a random sample, and `note` (the
    estimate's own reason) where it says more than that no sample is labelled."""
    if note and note.startswith(LABEL_A_SAMPLE):
        return note
    extra = "" if not note or note.startswith("No random sample") else f" {note}"
    return f"{LABEL_A_SAMPLE}{extra}"


def labelling_lead(reason: str, note: str = "") -> Story:
    """The sentence a sentiment section leads with where VADER does not apply and no sample is
    labelled yet: label a random sample (`labelling_note`)."""
    return Story(
        headline=(
            "Sentiment here needs a random sample labelled by people: the automatic scorer "
            "(VADER) reads English only."
        ),
        detail=f"{reason} {labelling_note(note)}",
        title="Sentiment: label a random sample",
    )


def vader_scope(scored: pd.DataFrame) -> Scope:
    """Where VADER's figures stand for the mentions of `scored` (`language.scope` of its
    `language` column; every mention in scope without one)."""
    if "language" not in scored.columns:
        return Scope(True, len(scored), len(scored), None)
    return scope(scored["language"], scored.attrs.get("stated_language", ""))


def vader_rows(scored: pd.DataFrame) -> pd.DataFrame:
    """The mentions of `scored` whose VADER classes are reported: those in English or too short
    to tell where VADER applies to them as a whole (`vader_scope`), none where it does not."""
    if "language" not in scored.columns:
        return scored
    if not vader_scope(scored).applies:
        return scored.iloc[0:0]
    return scored[in_scope(scored["language"])]
