"""Case 06: the public pool — dormant accounts and win-back (notebook ``06_public_pool``)."""

from sim.cases.base import assemble
from sim.cases.public_pool import claims, controls, labels, story

KEY = "06_public_pool"
CASE = assemble(KEY, controls, claims, story)
LABELS = labels.LABELS
