"""The simulated twin of a real book: each customer's posterior state at the calibration end.

For a customer with ``x`` repeat purchases, the last at ``t_x``, observed for ``T`` weeks, the
fitted BG/NBD gives (Fader, Hardie & Lee 2005): alive with probability P(alive | x, t_x, T);
if alive, a weekly rate λ ~ gamma(r + x, α + T) and a dropout chance p ~ beta(a, b + x) (every
one of its x repeat purchases was survived). The simulation draws these per replication (see
:mod:`sim.accountbook` for the file and :mod:`sim.model.market` for how a twin account buys and
leaves; the weekly norms of :func:`routine_norms` make routine care follow the fit). Spend: the customer's geometric-mean basket, shrunk towards its segment's median by
how many baskets it rests on (normal–normal, the spreads of :mod:`sim.calibration.spend`).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from sim.accountbook import COLUMNS
from sim.calibration import bgnbd
from sim.calibration.simdata import STRATEGY
from sim.calibration.spend import SpendProfile, _segments
from sim.model import build_world
from sim.model.streams import replication_seed
from sim.scenario import Scenario

__all__ = ["NORM_RUNS", "routine_norms", "twin_table"]

NORM_RUNS = 4  # replications of the twin under routine care that give its weekly norms


def _shrunk_size(b: pd.DataFrame, segment: pd.Series, sp: SpendProfile) -> pd.Series:
    """Each customer's typical basket / price: its mean log basket shrunk towards its segment's median."""
    pos = b[b["amount"] > 0]
    logs = np.log(pos["amount"] / sp.price)
    g = logs.groupby(pos["customer"])
    mean_log, n = g.mean().reindex(segment.index), g.size().reindex(segment.index).fillna(0)
    prior = np.log(segment.map(lambda s: sp.size_medians.get(s, 1.0)).astype(float))
    tau2, s_w2 = min(sp.size_sigma, 3.0) ** 2, (sp.basket_noise / np.sqrt(3.0)) ** 2
    noise = np.where(n > 0, s_w2 / np.maximum(n, 1), np.inf)
    w = np.where(n > 0, tau2 / np.maximum(tau2 + noise, 1e-300), 0.0) if s_w2 > 0 else (n > 0).astype(float)
    post = w * mean_log.fillna(0.0).to_numpy() + (1.0 - w) * prior.to_numpy()
    return pd.Series(np.exp(post), index=segment.index)


def twin_table(summary: pd.DataFrame, m: bgnbd.BGNBD, baskets: pd.DataFrame, sp: SpendProfile) -> pd.DataFrame:
    """One row per customer of ``summary`` (same order): the columns of :data:`sim.accountbook.COLUMNS`."""
    x, t_x, T = (summary[c].to_numpy(dtype=float) for c in ("x", "t_x", "T"))
    total = baskets.groupby("customer")["amount"].sum()
    segment = _segments(baskets, total)[0].reindex(summary.index)
    out = pd.DataFrame({
        "account": summary.index.astype(str),
        "segment": segment.to_numpy(),
        "p_alive": bgnbd.p_alive(m, x, t_x, T),
        "rate_shape": m.r + x,
        "rate_rate": m.alpha + T,
        "dropout_a": np.full(x.size, m.a),
        "dropout_b": m.b + x,
        "size": _shrunk_size(baskets, segment, sp).to_numpy(),
        "weeks_since_purchase": np.maximum(T - t_x, 0.0),
    })
    return out[list(COLUMNS)]


def routine_norms(sc: Scenario, seed: int, runs: int = NORM_RUNS) -> dict[str, list[float]]:
    """The twin's weekly mean purchase factor and hazard ratio under routine care (``accounts.book_care``,
    ``book_hazard``): dividing by them, a routinely cared twin buys and leaves as the fitted model says.

    ``sc`` is the twin scenario without norms, run over its horizon, ``runs`` replications side by side.
    """
    world = build_world(sc, STRATEGY, [replication_seed(seed, 1000 + i) for i in range(runs)]).run()
    return {f"book_{k}": [float(f"{v:.4g}") for v in world.twin_trace[k]] for k in ("care", "hazard")}
