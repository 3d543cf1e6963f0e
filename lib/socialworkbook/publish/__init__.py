"""Publish: what leaves the kit: client-ready HTML and PDF, the checks before it, the kit's pages.

Holds the HTML export (`export`, with the nbconvert templates in `html_template/`), the
confidentiality check (`check`), the share bundle (`share`), PDF printing (`pdf`), the portfolio
index (`portfolio`, `peergroups`), a client's history page (`history`, `minicharts`) and the
anonymised peer benchmarks (`benchmarks`). Works on run folders and results.json, never on the
analyses: may import the shared base and `intake`; the runner and the command line import it.
"""
