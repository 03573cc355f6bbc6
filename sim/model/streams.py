"""Random streams of one run, spawned from one ``SeedSequence``.

Each part of the world draws from its own stream, so that the population and the
exogenous shocks are the same whatever the strategy does (common random numbers).
The market stream draws fixed-size arrays every week, so it too stays aligned
across strategies; only the outcome of contacts uses a strategy-dependent stream.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

STREAM_NAMES = ("population", "shocks", "market", "contacts", "dealers", "strategy")


@dataclass(frozen=True)
class Streams:
    population: np.random.Generator
    shocks: np.random.Generator
    market: np.random.Generator
    contacts: np.random.Generator
    dealers: np.random.Generator
    strategy: np.random.Generator

    @classmethod
    def from_seed(cls, seed: int) -> "Streams":
        children = np.random.SeedSequence(seed).spawn(len(STREAM_NAMES))
        return cls(*(np.random.Generator(np.random.PCG64(c)) for c in children))


def replication_seed(base_seed: int, replication: int) -> int:
    """The seed of replication ``replication`` of a study seeded with ``base_seed``.

    Every strategy uses the same seed for the same replication: common random numbers.
    """
    return int(np.random.SeedSequence([int(base_seed), int(replication)]).generate_state(1, np.uint64)[0] >> 1)
