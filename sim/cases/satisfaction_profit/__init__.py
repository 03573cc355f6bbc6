"""Case 13: five per cent more satisfaction and profit — the HBR line examined (notebook ``13_satisfaction_profit``)."""

from sim.cases.base import assemble
from sim.cases.satisfaction_profit import claims, controls, labels, story

KEY = "13_satisfaction_profit"
CASE = assemble(KEY, controls, claims, story)
LABELS = labels.LABELS
