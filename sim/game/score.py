"""The game's score: profit, retention and tier mix of the played rep's book, in one number.

    score = 50 × profit / reference  +  30 × retention  +  20 × tier index

- **profit**: gross margin − care cost − acquisition cost of the played rep's accounts
  (the event log's money flows, as :func:`sim.summary` counts them), so far;
- **reference**: the gross margin the rep's starting customers would bring in the same
  weeks at their base purchase rate (``market.purchases_per_year`` × size × average
  basket margin; a dealer: its weekly sell-through × unit price × unit margin). It depends
  on the scenario and seed only, never on the decisions, so every team and every built-in
  strategy is divided by the same number; profit at the reference earns 50 points;
- **retention**: share of the rep's starting customers not lost (dormant still counts as kept);
- **tier index**: mean relationship tier of the rep's current customers on a 0–1 scale
  (passer-by 0, acquaintance ⅓, friend ⅔, confidant 1).

A strong game scores about 60–90; letting the book go scores below 30; negative profit can
push the score below zero. The same formula scores the built-in strategies run on the same
scenario and seed (:func:`builtin_scores`) so a team sees where it stands.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

import numpy as np

from sim.events import last_state, money
from sim.model.world import build_world
from sim.scenario import scenario_hash
from sim.vocab import CUSTOMER, LOST

__all__ = ["Score", "WEIGHTS", "builtin_scores", "reference_margin", "score_events", "score_formula"]

#: points for profit at the reference, full retention, all customers confidants
WEIGHTS = {"profit": 50.0, "retention": 30.0, "tier": 20.0}


def score_formula() -> str:
    w = WEIGHTS
    return (f"score = {w['profit']:g} × profit / reference + {w['retention']:g} × retention "
            f"+ {w['tier']:g} × tier index")


@dataclass(frozen=True)
class Score:
    score: float
    profit: float
    reference: float
    retention: float
    tier_index: float
    revenue: float
    customers: int

    def as_dict(self) -> dict:
        return asdict(self)


def combine(profit: float, reference: float, retention: float, tier_index: float) -> float:
    """The formula above."""
    w = WEIGHTS
    return float(w["profit"] * profit / max(reference, 1e-9) + w["retention"] * retention + w["tier"] * tier_index)


def reference_margin(world, rep: int, weeks: float) -> float:
    """Gross margin the rep's starting customers bring in ``weeks`` at their base rate (see above)."""
    b, sc = world.book, world.scenario
    n = b.n
    mine = (b.rep[:n] == rep) & (b.stage[:n] == CUSTOMER)
    prods = sc.products
    avg_price = sum(p.price * p.share for p in prods) / sum(p.share for p in prods)
    avg_margin = sum(p.price * p.share * p.margin for p in prods) / sum(p.price * p.share for p in prods)
    plain = mine & ~b.is_dealer[:n]
    per_week = sc.market.purchases_per_year / 52.0 * b.size[:n][plain].sum() * avg_price * avg_margin
    ds = world.dealers
    if ds.account.size:
        d = sc.dealers
        k = np.flatnonzero(mine[ds.account])
        per_week += float(ds.demand[k].sum()) * d.unit_price * d.unit_margin
    return float(per_week) * weeks


def score_events(events: dict, rep_of: np.ndarray, rep: int, initial_customers: np.ndarray, reference: float,
                 t: float) -> Score:
    """Score of rep ``rep``'s book from an event log cut at week ``t``."""
    keep = events["t"] <= t + 1e-9
    acc = events["account"]
    owner = np.where(acc >= 0, np.asarray(rep_of)[np.maximum(acc, 0)], -1)
    keep &= owner == rep
    ev = {k: v[keep] for k, v in events.items()}
    flows = money(ev)
    st = last_state(ev, len(rep_of), t)
    stage, tier = st["stage"], st["tier"]
    ic = np.asarray(initial_customers, dtype=np.int64)
    retention = float((stage[ic] != LOST).mean()) if ic.size else 1.0
    cust = stage == CUSTOMER
    tier_index = float(tier[cust].mean() / 3.0) if cust.any() else 0.0
    return Score(score=round(combine(flows.profit, reference, retention, tier_index), 2), profit=flows.profit,
                 reference=reference, retention=retention, tier_index=tier_index, revenue=float(flows.revenue.sum()),
                 customers=int(cust.sum()))


_CACHE: dict[tuple, dict] = {}


def builtin_score(scenario, seed: int, rep: int, strategy: str, t: float | None = None) -> dict:
    """Score of a built-in ``strategy`` on the played rep's book, same scenario and seed, cut at week ``t``
    (default: the horizon, i.e. what ``sim.run(scenario, strategy, seed)`` plays)."""
    t = float(scenario.horizon_weeks if t is None else t)
    key = (scenario_hash(scenario), int(seed), int(rep), strategy, round(t, 6))
    if key not in _CACHE:
        world = build_world(scenario, strategy, seed)
        b = world.book
        initial = np.flatnonzero((b.stage[: b.n] == CUSTOMER) & (b.rep[: b.n] == rep))
        ref = reference_margin(world, rep, 1.0) * max(t, 1e-9)
        world.run(until=t)
        s = score_events(world.log.columns(), b.rep, rep, initial, ref, t)
        _CACHE[key] = s.as_dict()
        if len(_CACHE) > 512:
            _CACHE.pop(next(iter(_CACHE)))
    return dict(_CACHE[key])


def builtin_scores(scenario, seed: int, rep: int = 0, strategies=None, t: float | None = None) -> list[dict]:
    """Rows ``{player, kind='built-in', score, profit, ...}`` for each built-in strategy (default: the scenario's)."""
    names = list(strategies) if strategies is not None else list(scenario.strategies)
    return [{"player": name, "kind": "built-in", **builtin_score(scenario, seed, rep, name, t)} for name in names]
