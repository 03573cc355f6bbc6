"""Investigating why customers left (調查客戶流失原因) and a win-back that fits the cause.

The market records each leaver's cause on the book (``churn_cause``). An intelligence
contact with a lost account finds it out (``cause_known``; strategies see it as
:attr:`BookView.churn_cause`), so the next contact can be the remedy that fits it
(:data:`sim.vocab.REMEDY_OF_CAUSE`). A fitting contact's win-back chance is
``lifecycle.remedy_fit_boost`` times the plain one; at the default 1 causes make no
difference and nothing here changes a run.
"""

from __future__ import annotations

import numpy as np

from sim.vocab import INTELLIGENCE, LOST, REMEDY_FUNCTION

#: the fitting contact function of each cause code
REMEDY = np.array(REMEDY_FUNCTION, dtype=np.int8)


def investigate(world, ok: np.ndarray, f: np.ndarray, st: np.ndarray) -> None:
    """Answered intelligence contacts with lost accounts reveal the recorded cause of churn."""
    b = world.book
    b.cause_known[ok[(f == INTELLIGENCE) & (st == LOST)]] = True


def win_back_chance(world, ok: np.ndarray, f: np.ndarray, plain: float):
    """Chance each contact brings a lost account back: ``plain``, times the boost where the function fits."""
    boost = world.scenario.lifecycle.remedy_fit_boost
    if boost == 1.0:
        return plain
    cause = world.book.churn_cause[ok]
    fits = (cause >= 0) & (f == REMEDY[np.maximum(cause, 0)])
    return np.where(fits, plain * boost, plain)
