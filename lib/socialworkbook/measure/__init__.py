"""Measure: the figures of a client's posts and conversation, and whether their shifts are real.

Holds the post and metric formulas with their notebook narrative (`metrics/`), VADER sentiment
and its per-client score cache (`sentiment`, `score_cache`), the client's own brand among the
brands its mentions name (`brands`), each mention's language (`language`), the significance
tests with theirs
(`stats/`), the human labels and their random samples (`labels`), the sentiment estimated
from them (`estimate`, with its text `classifier`) and where a client's figures stand among
its peers (`benchmarks`, read from results.json only). May import the shared base and
`intake`; the method, publishing, the runner and the lab import it, never the other way round.
"""
