"""Is a shift real? Significance tests of sentiment and post metrics (FRAMEWORKS.md section 7).

`significance` runs the tests and adjusts them into one verdict per comparison; `narrative`
writes the notebook's tables, claims, caveats and definitions from them. A template calls this
face, which hands on the names of both.
"""

from .narrative import *  # noqa: F403
from .narrative import __all__ as _narrative
from .significance import *  # noqa: F403
from .significance import __all__ as _significance

__all__ = [*_significance, *_narrative]
