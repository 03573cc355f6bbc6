"""Tune the simulation so that a simulated book looks like the data to the same estimator.

The simulation's purchase rate is not the BG/NBD's λ alone: satisfaction, relationship tier,
crises, downturns and dormancy all move it, and churn comes from hazards in time rather than
a coin after each purchase. So the scenario's numbers cannot be read off the fit directly.
Instead (indirect inference): simulate a pilot book under ``routine_care`` over the
calibration period, fit the BG/NBD model to its purchases exactly as to the data, and move

- ``market.purchases_per_year`` (log) towards the data's mean rate r/α (log);
- ``market.rate_spread`` σ (as σ²) towards the data's rate log-variance log(1 + 1/r) (a gamma
  with shape r has CV² = 1/r; a lognormal σ has CV² = e^σ² − 1, so σ² = log(1 + CV²));
- ``market.churn_scale`` (log) towards the data's mean dropout a/(a+b) (log),

each by a secant step on those scales (slope 1 at first), a few times, with the same seeds
each time (common random numbers keep the steps smooth). It starts from the fit read
directly: 52·r/α purchases a year, σ = √log(1 + 1/r), churn_scale 1.
"""

from __future__ import annotations

import math
import sys
from dataclasses import dataclass, field

import pandas as pd

from sim.calibration import bgnbd, rfm
from sim.calibration.simdata import STRATEGY, book, purchases  # noqa: F401 (STRATEGY, book re-exported)
from sim.model import build_world
from sim.model.streams import replication_seed
from sim.results import run_result
from sim.scenario import Scenario

__all__ = ["STRATEGY", "SimMatch", "Step", "Targets", "book", "match", "pilot_fit"]

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
    fit_churn: bool = True
    steps: list[Step] = field(default_factory=list)


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


#: market key -> (parameter to working scale, statistic on the working scale, working scale back to parameter)
SCALES = {
    "purchases_per_year": (math.log, lambda t: math.log(t.mean_rate), math.exp),
    "rate_spread": (lambda v: v * v, lambda t: math.log1p(t.cv ** 2), lambda u: math.sqrt(max(u, 0.0))),
    "churn_scale": (math.log, lambda t: math.log(max(t.dropout, 1e-9)), math.exp),
}
MAX_STEP = math.log(2.0)  # at most ×2 (or +0.69 in σ²) per step: a degenerate pilot fit cannot fling a value away


def _update(steps: list[Step], want: Targets, keys) -> dict:
    """Next market values: a secant step per value in ``keys`` on its working scale (slope 1 at first)."""
    last = steps[-1]
    out = dict(last.market)
    for key in keys:
        to_u, stat, back = SCALES[key]
        u, g = to_u(last.market[key]), stat(last.fitted)
        slope = 1.0
        if len(steps) > 1:
            du, dg = u - to_u(steps[-2].market[key]), g - stat(steps[-2].fitted)
            if abs(du) > 1e-9:
                slope = min(max(dg / du, 0.25), 4.0)  # noisy slopes are kept sane
        step = min(max((stat(want) - g) / slope, -MAX_STEP), MAX_STEP)
        low, high = LIMITS[key]
        out[key] = float(min(max(back(u + step), low), high))
    return out


def match(base: dict, want: Targets, weeks: float, accounts: int = 2000, iterations: int = 4,
          seed: int = 1, runs: int = 4, fit_churn: bool = True, progress: bool = False) -> SimMatch:
    """Search the market values whose simulated book refits to ``want`` (see the module docstring).

    Each pilot is ``runs`` books of ``accounts / runs`` accounts, on seeds derived from ``seed``.
    Without ``fit_churn``, ``churn_scale`` stays 1 (when the data cannot tell the dropout).
    """
    keys = [k for k in SCALES if fit_churn or k != "churn_scale"]
    from tqdm.auto import tqdm  # lazy: in a Jupyter kernel tqdm.auto loads ipywidgets

    seeds = [replication_seed(seed, i) for i in range(runs)]
    size = max(1, round(accounts / runs))
    market = {"purchases_per_year": 52.0 * want.mean_rate, "rate_spread": math.sqrt(math.log1p(want.cv ** 2)),
              "churn_scale": 1.0}  # start: the fit read directly
    out = SimMatch(market, accounts, weeks, seed, runs, fit_churn)
    for _ in tqdm(range(iterations), desc="matching the simulation", disable=not progress, file=sys.stderr, leave=False):
        got = Targets.of(pilot_fit(book(base, size, weeks, market), weeks, seeds))
        out.steps.append(Step(market, got))
        market = _update(out.steps, want, keys)
    out.market = market
    return out
