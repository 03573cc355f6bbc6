"""Case 04: keeping store owners close — three tactics of '4 tactics, 11 moves' (notebook ``04_store_care``)."""

from sim.cases.base import assemble
from sim.cases.store_care import claims, controls, labels, story

KEY = "04_store_care"
CASE = assemble(KEY, controls, claims, story)
LABELS = labels.LABELS
