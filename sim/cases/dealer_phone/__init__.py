"""Case 03: the dealer who switched off his phone (notebook ``03_dealer_phone``)."""

from sim.cases.base import assemble
from sim.cases.dealer_phone import claims, controls, labels, story

KEY = "03_dealer_phone"
CASE = assemble(KEY, controls, claims, story)
LABELS = labels.LABELS
