"""Case 12, the relationship management chain: now its own folder, :mod:`sim.cases.relationship_chain`
(these names stay importable from here)."""

from sim.cases.relationship_chain import CASE as CHAIN
from sim.cases.relationship_chain import KEY, VALUE_ELEMENTS, chain_variants

__all__ = ["CHAIN", "KEY", "VALUE_ELEMENTS", "chain_variants"]
