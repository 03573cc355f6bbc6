"""Typed readers of the event log: one per event kind, with named columns.

The log keeps every kind in the same columns ``a``, ``b``, ``x``, ``y`` (see
:data:`sim.vocab.EVENTS`); this module is the one place that knows what they mean
per kind. Each reader takes the log's columns (``RunResult.events``, or a game's
``world.log.columns()``) and returns a frozen dataclass of arrays: the common
columns ``at`` (position in the log), ``t``, ``account``, ``rep``, ``stage`` plus
the kind's own, e.g. ``contacts(ev).answered`` instead of ``ev["b"][ev["kind"] == CONTACT]``.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import ClassVar

import numpy as np
import pandas as pd

from sim.vocab import (
    ACQUIRED, CHURN, CONTACT, COST, OPPORTUNITY, PROSPECT, PURCHASE, REFERRAL, SHOCK, STAGE, STOCK, TIER,
)

__all__ = [
    "Contacts", "Purchases", "StockMoves", "TierChanges", "StageChanges", "Churns", "Shocks", "Acquisitions",
    "Referrals", "Costs", "Money", "contacts", "purchases", "stock_moves", "tier_changes", "stage_changes",
    "churns", "shocks", "acquisitions", "referrals", "costs", "money", "last_state",
]

Events = dict[str, np.ndarray]


@dataclass(frozen=True)
class Rows:
    """Events of one kind: the columns every kind has."""

    at: np.ndarray       # positions in the log the rows were read from
    t: np.ndarray        # week
    account: np.ndarray
    rep: np.ndarray
    stage: np.ndarray    # the account's stage when it happened

    KIND: ClassVar[int] = -1
    RAW: ClassVar[dict[str, str]] = {}  # own column name -> raw log column

    @classmethod
    def read(cls, events: Events):
        at = np.flatnonzero(events["kind"] == cls.KIND)
        own = {name: events[raw][at] for name, raw in cls.RAW.items()}
        return cls(at=at, t=events["t"][at], account=events["account"][at], rep=events["rep"][at],
                   stage=events["stage"][at], **own)

    def __len__(self) -> int:
        return int(self.at.size)

    def where(self, mask: np.ndarray):
        """The rows where ``mask`` (a boolean array over these rows) holds."""
        return dataclasses.replace(self, **{f.name: getattr(self, f.name)[mask] for f in dataclasses.fields(self)})

    def frame(self) -> pd.DataFrame:
        """The rows as a DataFrame with the named columns."""
        return pd.DataFrame({f.name: getattr(self, f.name) for f in dataclasses.fields(self)})


@dataclass(frozen=True)
class Contacts(Rows):
    function: np.ndarray  # index into FUNCTIONS
    answered: np.ndarray  # 1 answered / received, 0 not
    hours: np.ndarray
    cost: np.ndarray      # money
    KIND: ClassVar[int] = CONTACT
    RAW: ClassVar[dict[str, str]] = {"function": "a", "answered": "b", "hours": "x", "cost": "y"}


@dataclass(frozen=True)
class Purchases(Rows):
    product: np.ndarray       # index into the scenario's products; -1 for a dealer's order
    revenue: np.ndarray
    contribution: np.ndarray  # gross margin (a dealer order: margin minus its order cost)
    KIND: ClassVar[int] = PURCHASE
    RAW: ClassVar[dict[str, str]] = {"product": "a", "revenue": "x", "contribution": "y"}

    @property
    def dealer_order(self) -> np.ndarray:
        return self.product < 0


@dataclass(frozen=True)
class StockMoves(Rows):
    direction: np.ndarray    # 0 order in, 1 sell-through out
    units: np.ndarray
    stock_after: np.ndarray
    KIND: ClassVar[int] = STOCK
    RAW: ClassVar[dict[str, str]] = {"direction": "a", "units": "x", "stock_after": "y"}


@dataclass(frozen=True)
class TierChanges(Rows):
    from_tier: np.ndarray  # -1 when the account enters the book
    to_tier: np.ndarray
    KIND: ClassVar[int] = TIER
    RAW: ClassVar[dict[str, str]] = {"from_tier": "a", "to_tier": "b"}


@dataclass(frozen=True)
class StageChanges(Rows):
    from_stage: np.ndarray  # -1 when the account enters the book
    to_stage: np.ndarray
    KIND: ClassVar[int] = STAGE
    RAW: ClassVar[dict[str, str]] = {"from_stage": "a", "to_stage": "b"}


@dataclass(frozen=True)
class Churns(Rows):
    cause: np.ndarray      # index into CAUSES
    left_from: np.ndarray  # the stage left (customer or dormant)
    KIND: ClassVar[int] = CHURN
    RAW: ClassVar[dict[str, str]] = {"cause": "a", "left_from": "b"}


@dataclass(frozen=True)
class Shocks(Rows):
    shock: np.ndarray  # index into SHOCKS; account -1 for a market-wide one
    weeks: np.ndarray  # how long it lasts (0 for a decision-maker change)
    KIND: ClassVar[int] = SHOCK
    RAW: ClassVar[dict[str, str]] = {"shock": "a", "weeks": "x"}


@dataclass(frozen=True)
class Acquisitions(Rows):
    cost: np.ndarray  # fixed cost of winning the account
    KIND: ClassVar[int] = ACQUIRED
    RAW: ClassVar[dict[str, str]] = {"cost": "y"}


@dataclass(frozen=True)
class Referrals(Rows):
    referrer: np.ndarray  # the referring account (``account`` is the new one)
    KIND: ClassVar[int] = REFERRAL
    RAW: ClassVar[dict[str, str]] = {"referrer": "b"}


@dataclass(frozen=True)
class Costs(Rows):
    purpose: np.ndarray  # index into COST_PURPOSES
    cost: np.ndarray
    KIND: ClassVar[int] = COST
    RAW: ClassVar[dict[str, str]] = {"purpose": "a", "cost": "y"}


contacts, purchases, stock_moves = Contacts.read, Purchases.read, StockMoves.read
tier_changes, stage_changes, churns = TierChanges.read, StageChanges.read, Churns.read
shocks, acquisitions, referrals, costs = Shocks.read, Acquisitions.read, Referrals.read, Costs.read


@dataclass(frozen=True)
class Money:
    """Money flows per event of the log (one value per log row, 0 where none): costs > 0."""

    revenue: np.ndarray
    margin: np.ndarray
    care: np.ndarray
    acquisition: np.ndarray

    @property
    def profit(self) -> float:
        return float(self.margin.sum() - self.care.sum() - self.acquisition.sum())


def _spread(n: int, rows: Rows, values: np.ndarray) -> np.ndarray:
    out = np.zeros(n)
    out[rows.at] = values
    return out


def money(events: Events) -> Money:
    """Revenue, gross margin, care and acquisition cost per event (pipeline contacts are acquisition)."""
    n = events["kind"].size
    p, c, o, w = purchases(events), contacts(events), costs(events), acquisitions(events)
    spend = _spread(n, c, c.cost) + _spread(n, o, o.cost)
    stage = events["stage"]
    pipeline = (stage >= PROSPECT) & (stage <= OPPORTUNITY)
    acq = np.where(pipeline, spend, 0.0) + _spread(n, w, w.cost)
    return Money(revenue=_spread(n, p, p.revenue), margin=_spread(n, p, p.contribution),
                 care=np.where(pipeline, 0.0, spend), acquisition=acq)


def last_state(events: Events, n: int, t: float) -> dict[str, np.ndarray]:
    """Stage and tier of accounts ``0..n-1`` at week ``t`` (-1 where not yet in the book)."""
    out = {}
    for name, rows in (("stage", stage_changes(events)), ("tier", tier_changes(events))):
        r = rows.where(rows.t <= t)
        to = r.to_stage if name == "stage" else r.to_tier
        order = np.lexsort((r.at, r.t, r.account))  # by account, then time, then log position
        acc_sorted = r.account[order]
        last = np.append(acc_sorted[1:] != acc_sorted[:-1], True)
        val = np.full(n, -1, dtype=np.int8)
        val[acc_sorted[last]] = to[order][last]
        out[name] = val
    return out
