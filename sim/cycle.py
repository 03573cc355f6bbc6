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

from sim.results import WPM, RunResult, categorical
from sim.vocab import (
    ACQUIRED, BUILD_CONTACT, CONTACT, COST, CUSTOMER, CYCLE, CYCLE_OF_FUNCTION, DORMANT, FUNCTIONS, LOST,
    RAISE_LOYALTY,
)

__all__ = ["STEP_OF_FUNCTION", "cycle_step", "cycle_effort"]

#: the step code of a customer contact, indexed by function code
STEP_OF_FUNCTION = np.array([CYCLE.index(CYCLE_OF_FUNCTION[f]) for f in FUNCTIONS], dtype=np.int8)


def cycle_step(events: dict[str, np.ndarray]) -> np.ndarray:
    """The cycle step of every event that costs hours or money; -1 for the others."""
    kind, stage = events["kind"], events["stage"]
    fn = np.clip(events["a"], 0, len(FUNCTIONS) - 1)
    step = np.where(stage == CUSTOMER, STEP_OF_FUNCTION[fn], BUILD_CONTACT)
    step = np.where((stage == DORMANT) | (stage == LOST), RAISE_LOYALTY, step)
    out = np.where(kind == CONTACT, step, -1)
    out = np.where(kind == COST, RAISE_LOYALTY, out)
    return np.where(kind == ACQUIRED, BUILD_CONTACT, out).astype(np.int8)


def cycle_effort(res: RunResult, by_month: bool = False) -> pd.DataFrame:
    """Rep hours, money and contacts per cycle step (every step, zeros included), with each step's
    share of the hours and of the money; ``by_month``: one block of rows per month."""
    e = res.events
    step = cycle_step(e)
    m = step >= 0
    contact = e["kind"][m] == CONTACT
    df = pd.DataFrame({
        "month": (e["t"][m] // WPM).astype(int) if by_month else 0, "step": step[m],
        "hours": np.where(contact, e["x"][m], 0.0), "money": e["y"][m], "contacts": contact.astype(int),
    })
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
