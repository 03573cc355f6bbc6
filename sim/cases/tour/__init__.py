"""Case 00: a tour of the dojo — care is an investment (notebook ``00_tour``)."""

from sim.cases.base import assemble
from sim.cases.tour import claims, controls, labels, story

KEY = "00_tour"
CASE = assemble(KEY, controls, claims, story)
LABELS = labels.LABELS
