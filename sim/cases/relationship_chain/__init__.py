"""Case 12: Payne's relationship management chain, with the CRM pitfalls as playable choices
(notebook ``12_relationship_chain``)."""

from sim.cases.base import assemble
from sim.cases.relationship_chain import claims, controls, labels, story
from sim.cases.relationship_chain.controls import VALUE_ELEMENTS, variants as chain_variants

KEY = "12_relationship_chain"
CASE = assemble(KEY, controls, claims, story)
LABELS = labels.LABELS

__all__ = ["CASE", "KEY", "LABELS", "VALUE_ELEMENTS", "chain_variants"]
