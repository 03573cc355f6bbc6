"""Where a strategy's effort went, by step of the customer management cycle (客戶管理循環).

Every contact and every other spend in the event log is put on one step
(:data:`sim.vocab.CYCLE`): effort on accounts still in the pipeline, and the cost of
winning them, *builds contact*; contacts on current customers go by their function
(:data:`sim.vocab.CYCLE_OF_FUNCTION`: care and intelligence *develop the relationship*,
service and consulting *create value*, information and transaction push keep up
contact); contacts on dormant or lost accounts (win-back, investigating why they left)
and remedies *raise loyalty*, the cycle's last stage.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from sim.events import acquisitions, contacts, costs
from sim.results import WPM, RunResult, categorical
from sim.vocab import BUILD_CONTACT, CUSTOMER, CYCLE, CYCLE_OF_FUNCTION, DORMANT, FUNCTIONS, LOST, RAISE_LOYALTY

__all__ = ["STEP_OF_FUNCTION", "cycle_effort", "step_of"]

#: the step code of a customer contact, indexed by function code
STEP_OF_FUNCTION = np.array([CYCLE.index(CYCLE_OF_FUNCTION[f]) for f in FUNCTIONS], dtype=np.int8)


def step_of(stage: np.ndarray, function: np.ndarray | None = None) -> np.ndarray:
    """The cycle step of effort on accounts in ``stage`` (contacts: with their ``function``)."""
    step = np.full(stage.shape, BUILD_CONTACT, dtype=np.int8)
    if function is not None:
        fn = np.clip(function, 0, len(FUNCTIONS) - 1)
        step = np.where(stage == CUSTOMER, STEP_OF_FUNCTION[fn], step)
    return np.where((stage == DORMANT) | (stage == LOST), RAISE_LOYALTY, step).astype(np.int8)


def _efforts(events: dict[str, np.ndarray]) -> pd.DataFrame:
    """Every contact, remedy or indulgence cost and acquisition: its place in the log, week, step,
    hours, money, and whether it is a contact (in log order)."""
    c, k, a = contacts(events), costs(events), acquisitions(events)
    parts = [
        pd.DataFrame({"at": c.at, "t": c.t, "step": step_of(c.stage, c.function), "hours": c.hours,
                      "money": c.cost, "contacts": 1}),
        pd.DataFrame({"at": k.at, "t": k.t, "step": RAISE_LOYALTY, "hours": 0.0, "money": k.cost, "contacts": 0}),
        pd.DataFrame({"at": a.at, "t": a.t, "step": BUILD_CONTACT, "hours": 0.0, "money": a.cost, "contacts": 0}),
    ]
    return pd.concat(parts, ignore_index=True).sort_values("at", kind="stable", ignore_index=True)


def cycle_effort(res: RunResult, by_month: bool = False) -> pd.DataFrame:
    """Rep hours, money and contacts per cycle step (every step, zeros included), with each step's
    share of the hours and of the money; ``by_month``: one block of rows per month."""
    df = _efforts(res.events)
    df["month"] = (df["t"] // WPM).astype(int) if by_month else 0
    keys = ["month", "step"] if by_month else ["step"]
    g = df.groupby(keys)[["hours", "money", "contacts"]].sum()
    months = sorted(set(df["month"])) or [0]
    full = pd.MultiIndex.from_product([months, range(len(CYCLE))], names=["month", "step"]) if by_month \
        else pd.Index(range(len(CYCLE)), name="step")
    g = g.reindex(full, fill_value=0).reset_index()
    for col in ("hours", "money"):
        total = g.groupby("month")[col].transform("sum") if by_month else g[col].sum()
        g[f"{col}_share"] = g[col] / np.maximum(total, 1e-12)
    g["step"] = categorical(g["step"].astype(int), CYCLE)
    return g
