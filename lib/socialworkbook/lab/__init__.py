"""Lab: what an analyst's notebook calls, in a template cell or in JupyterLab.

Holds the notebook facade a template's setup cell opens (`notebook`), the plot helpers
(`charts`), the table editors (`widgets`, built on `panels` and `row_editors`), the labelling
widget (`labelling`) and `socialworkbook lab` (`jupyterlab`). The top stage: may import every
other stage; nothing in the library imports it but the command line. A template's first line
imports `open_workbook` from here.
"""

from .notebook import open_workbook

__all__ = ["open_workbook"]
