"""Case 07: value segmentation — 20/80/30, no most-favoured treatment for all (notebook ``07_value_segmentation``)."""

from sim.cases.base import assemble
from sim.cases.value_segmentation import claims, controls, labels, story

KEY = "07_value_segmentation"
CASE = assemble(KEY, controls, claims, story)
LABELS = labels.LABELS
