"""Case 05: three stages — prospects, target accounts, existing accounts (notebook ``05_three_stages``)."""

from sim.cases.base import assemble
from sim.cases.three_stages import claims, controls, labels, story

KEY = "05_three_stages"
CASE = assemble(KEY, controls, claims, story)
LABELS = labels.LABELS
