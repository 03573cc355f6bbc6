"""Case 02: relationship tiers — passer-by, acquaintance, friend, confidant (notebook ``02_relationship_tiers``)."""

from sim.cases.base import assemble
from sim.cases.relationship_tiers import claims, controls, labels, story

KEY = "02_relationship_tiers"
CASE = assemble(KEY, controls, claims, story)
LABELS = labels.LABELS
