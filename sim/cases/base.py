"""What every case folder uses: its worlds (scenarios), and the one step that puts its parts together.

A case folder's ``controls`` builds its variants with :func:`scenario` / :func:`same_world`;
its ``__init__`` calls :func:`assemble` on its parts. Pure logic: no widget or chart library.
"""

from __future__ import annotations

from types import ModuleType

import sim
from sim.scenario import Scenario
from sim.strategies.params import BUILTINS
from sim.ui.case_runs import Case, Variants

__all__ = ["PARTS", "STRATEGIES", "assemble", "same_world", "scenario"]

#: the modules of every case folder (``sim/cases/<name>/<part>.py``)
PARTS = ("controls", "claims", "story", "charts", "labels")
#: the built-in strategies a control may offer
STRATEGIES = tuple(BUILTINS)


def scenario(name: str, overrides: dict | None = None, custom: dict | None = None) -> Scenario:
    """Scenario ``name`` with ``overrides`` and the ``custom`` strategies merged in."""
    over = dict(overrides or {})
    if custom:
        over["custom_strategies"] = custom
    return sim.load_scenario(name, over or None)


def same_world(sc_name: str, strategies: list[str], overrides: dict | None = None,
               custom: dict | None = None) -> Variants:
    """Each of ``strategies`` in the same world (one change between variants: the strategy)."""
    sc = scenario(sc_name, overrides, custom)
    return {s: (sc, s) for s in strategies}


def assemble(key: str, controls: ModuleType, claims: ModuleType, story: ModuleType) -> Case:
    """The :class:`Case` of a folder: title and teaching point from ``story``, controls, variants and
    the run's metrics from ``controls``, the checks from ``claims``."""
    return Case(key=key, title=story.TITLE, point=story.POINT, controls=controls.CONTROLS,
                variants=controls.variants, metrics=controls.METRICS, extras=controls.EXTRAS,
                replications=controls.REPLICATIONS, checks=claims.CHECKS)
