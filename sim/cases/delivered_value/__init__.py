"""Case 01: customer delivered value — add value, subtract cost (notebook ``01_delivered_value``)."""

from sim.cases.base import assemble
from sim.cases.delivered_value import claims, controls, labels, story

KEY = "01_delivered_value"
CASE = assemble(KEY, controls, claims, story)
LABELS = labels.LABELS
