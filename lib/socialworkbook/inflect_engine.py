"""inflect's engine (plurals and articles for `wording`), imported without typeguard's checks.

inflect checks its public methods' arguments with typeguard's `@typechecked`, which, when inflect
is imported, parses and compiles inflect's whole 4,000-line module once for each of its two dozen
checked methods: about 3 s of CPU in every kernel fork server, kernel and command that says a
plural. The checks only refuse arguments of the wrong type (an empty or non-string word), which
the kit never passes (`wording` gives it non-empty nouns and integer counts). So inflect is
imported with `typechecked` as the identity, which is what typeguard itself does under
`python -O`; inflect's behaviour on such arguments is unchanged. Where inflect was imported
before, that import is used as it is.
"""

from __future__ import annotations

import sys

import typeguard

__all__ = ["ENGINE"]


def _unchecked(target=None, **_options):
    """typeguard's `typechecked` under `python -O`: the target unchanged."""
    return _unchecked if target is None else target


def _import_inflect():
    if "inflect" in sys.modules:
        return sys.modules["inflect"]
    checked = typeguard.typechecked
    typeguard.typechecked = _unchecked
    try:
        import inflect
    finally:
        typeguard.typechecked = checked
    return inflect


ENGINE = _import_inflect().engine()
