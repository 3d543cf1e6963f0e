"""Publish: what leaves the kit: client-ready HTML and PDF, the checks before it, the kit's pages.

Holds the HTML export (`export`, with the nbconvert templates in `html_template/`), the
confidentiality check (`check`), the share bundle (`share`), PDF printing (`pdf`), the portfolio
index (`portfolio`, `peergroups`) and a client's history page (`history`, `minicharts`). Works
on run folders and results.json, never on the analyses: may import the shared base, `intake` and
the peer benchmarks of `measure`; the runner and the command line import it.
"""
