"""Tune the simulation so that a simulated book looks like the data to the same estimator.

The simulation's purchase rate is not the BG/NBD's λ alone: satisfaction, relationship tier,
crises, downturns and dormancy all move it, and churn comes from hazards in time rather than
a coin after each purchase. So the scenario's numbers cannot be read off the fit directly.
Instead (indirect inference): simulate a pilot book under ``routine_care`` over the
calibration period, fit the BG/NBD model to its purchases exactly as to the data, and adjust

- ``market.purchases_per_year`` by the ratio of the data's mean rate r/α to the pilot's;
- ``market.rate_spread`` (σ) so the log-variance of rates matches: σ² += log(1 + 1/r_data)
  − log(1 + 1/r_pilot) (a gamma with shape r has CV² = 1/r; a lognormal σ has CV² = e^σ² − 1);
- ``market.churn_scale`` by the ratio of the data's mean dropout a/(a+b) to the pilot's,

a few times, with the same seed each time (common random numbers keep the steps smooth).
"""

from __future__ import annotations

import math
import sys
from dataclasses import dataclass, field

import pandas as pd

from sim.calibration import bgnbd, rfm
from sim.calibration.simdata import purchases
from sim.model import build_world
from sim.model.streams import replication_seed
from sim.results import run_result
from sim.scenario import Scenario, deep_merge, scenario_from_dict

__all__ = ["STRATEGY", "SimMatch", "Step", "Targets", "book", "match", "pilot_fit"]

STRATEGY = "routine_care"  # an ordinarily cared book
LIMITS = {"purchases_per_year": (0.05, 200.0), "rate_spread": (0.0, 3.0), "churn_scale": (1e-3, 10.0)}


@dataclass(frozen=True)
class Targets:
    """The data's BG/NBD summaries: mean weekly rate r/α, rate CV 1/√r, mean dropout a/(a+b)."""

    mean_rate: float
    cv: float
    dropout: float

    @classmethod
    def of(cls, m: bgnbd.BGNBD) -> "Targets":
        return cls(m.r / m.alpha, m.r ** -0.5, m.a / (m.a + m.b))


@dataclass(frozen=True)
class Step:
    """One pilot run: the market values tried and what the refit of its purchases gave."""

    market: dict
    fitted: Targets


@dataclass
class SimMatch:
    """The market values found, and the pilot runs that led there."""

    market: dict
    accounts: int
    weeks: float
    seed: int
    runs: int
    steps: list[Step] = field(default_factory=list)


def book(base: dict, accounts: int, weeks: float, market: dict) -> Scenario:
    """``base`` with ``accounts`` accounts (reps scaled alike), long enough for ``weeks``, and ``market``."""
    per_rep = base["accounts"]["count"] / base["reps"]["count"]
    months = max(1, math.ceil(weeks * 12 / 52))
    return scenario_from_dict(deep_merge(base, {
        "accounts": {"count": int(accounts)}, "reps": {"count": max(1, round(accounts / per_rep))},
        "horizon_months": months, "market": market,
    }), "<calibration pilot>")


def pilot_fit(scenario: Scenario, weeks: float, seeds: list[int]) -> bgnbd.BGNBD:
    """Simulate ``scenario`` once per seed and fit BG/NBD to the pooled purchases of the first ``weeks``.

    Pooling several smaller books averages over market-wide luck (downturns hit a whole book).
    """
    parts = []
    for seed in seeds:
        p = purchases(run_result(build_world(scenario, STRATEGY, seed).run()))
        parts.append(rfm.summarise(p["account"].to_numpy(), p["t"].to_numpy(), weeks))
    s = pd.concat(parts, ignore_index=True)
    return bgnbd.fit(s["x"], s["t_x"], s["T"], standard_errors=False)


def _update(market: dict, want: Targets, got: Targets) -> dict:
    sigma2 = market["rate_spread"] ** 2 + math.log1p(want.cv ** 2) - math.log1p(got.cv ** 2)
    new = {
        "purchases_per_year": market["purchases_per_year"] * want.mean_rate / got.mean_rate,
        "rate_spread": math.sqrt(max(sigma2, 0.0)),
        "churn_scale": market["churn_scale"] * want.dropout / max(got.dropout, 1e-9),
    }
    return {k: float(min(max(v, LIMITS[k][0]), LIMITS[k][1])) for k, v in new.items()}


def match(base: dict, want: Targets, weeks: float, accounts: int = 2000, iterations: int = 4,
          seed: int = 1, runs: int = 4, progress: bool = False) -> SimMatch:
    """Search the market values whose simulated book refits to ``want`` (see the module docstring).

    Each pilot is ``runs`` books of ``accounts / runs`` accounts, on seeds derived from ``seed``.
    """
    from tqdm.auto import tqdm

    seeds = [replication_seed(seed, i) for i in range(runs)]
    size = max(1, round(accounts / runs))
    market = _update({"purchases_per_year": 52.0, "rate_spread": 0.0, "churn_scale": 1.0}, want,
                     Targets(1.0, 0.0, want.dropout))  # start: the fit read directly
    out = SimMatch(market, accounts, weeks, seed, runs)
    for _ in tqdm(range(iterations), desc="matching the simulation", disable=not progress, file=sys.stderr, leave=False):
        got = Targets.of(pilot_fit(book(base, size, weeks, market), weeks, seeds))
        out.steps.append(Step(market, got))
        market = _update(market, want, got)
    out.market = market
    return out
