"""How the board's figures read in the kit's own pages (portfolio index, share bundle).

Escaped HTML snippets in the words of `wording` (a true minus sign, no "-0"), a dash where the run
has no such figure. Functions, not template macros: the portfolio index calls them for every run
(as macros they took over a third of its rendering time for 4,000 runs).
"""

from __future__ import annotations

from markupsafe import Markup, escape

from .. import wording

__all__ = ["CELLS"]

_BLANK = Markup('<span class="swb-muted">–</span>')


def signed(value) -> Markup:
    """A signed figure: "+3", "−5"; a dash without one."""
    return _BLANK if value is None else escape(wording.signed(value))


def shift(value, real: bool | None) -> Markup:
    """A shift in points, coloured by the run's one verdict on it (`real`: beyond chance, None
    when untested; grey when within chance or untested), the verdict as its title."""
    if value is None:
        return _BLANK
    colour = "swb-muted" if not real else "swb-up" if value > 0 else "swb-down"
    title = "beyond chance" if real else "within chance" if real is not None else "not tested"
    return Markup(f'<span class="{colour}" title="{title}">{escape(wording.points(value))}</span>')


def beyond_chance(value, real: bool | None) -> str:
    """The verdict after a shift: "; a change beyond chance", "; within chance", or nothing."""
    if value is None or real is None:
        return ""
    return "; a change beyond chance" if real else "; within chance"


def rate(value, basis: str | None) -> Markup:
    """An engagement rate with what it is of: "3.20% of reach"; a dash without one."""
    if value is None:
        return _BLANK
    return Markup(f'{value:.2f}% <span class="swb-muted">of {escape(basis)}</span>')


def rate_words(basis: str | None) -> str:
    """What an engagement rate counts, in words."""
    return f"engagements per 100 {'impressions' if basis == 'impressions' else 'people reached'}"


def goals(met, total) -> Markup | str:
    """Goals met of goals set: "3 of 4"; a dash without goals."""
    return _BLANK if total is None else f"{met} of {total}"


# The names the page templates call them by.
CELLS = {f.__name__: f for f in (signed, shift, beyond_chance, rate, rate_words, goals)}
