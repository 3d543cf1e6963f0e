"""Metrics of owned posts and customer conversation (CONTRACT.md section 3, FRAMEWORKS.md 5).

`formulas` computes the figures (what the method and the tests build on); `narrative` writes
the tables and claims of the metric-analysis notebook from them. A template calls this face,
which hands on the names of both.
"""

from .formulas import *  # noqa: F403
from .formulas import __all__ as _formulas
from .narrative import *  # noqa: F403
from .narrative import __all__ as _narrative

__all__ = [*_formulas, *_narrative]
