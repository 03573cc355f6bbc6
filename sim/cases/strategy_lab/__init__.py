"""Case 08: the strategy lab — compare strategies honestly (notebook ``08_strategy_lab``); its sweep: :mod:`.sweep`."""

from sim.cases.base import assemble
from sim.cases.strategy_lab import claims, controls, labels, story

KEY = "08_strategy_lab"
CASE = assemble(KEY, controls, claims, story)
LABELS = labels.LABELS
