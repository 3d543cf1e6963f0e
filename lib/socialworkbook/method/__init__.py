"""Method: the consulting method's analyses, one module per template's question.

Holds the ecosystem map (`ecosystem`, 01), value dimensions and lifecycle (`value`, 02),
objectives, goals, strategies and tactics (`ogst`, 04) and a goal's pace (`pace`), the
business-function framework (`framework`, 04), the findings with their recommendations
(`findings`), the gaps in a client's data (`data_gaps`, 03) and the board's view (`board`,
00). May import the shared base, `intake` and `measure`; publishing, the runner and the lab
import it.

Importing the package registers the producers of the method notebooks' findings
(`findings.producer`), so that the board and the action plan ask every one.
"""

from . import data_gaps, ecosystem, ogst, value  # noqa: F401 - each registers its findings' producer
