"""A strategy as a mix of parameters: the built-ins and YAML-defined strategies.

:class:`StrategyParams` is the schema (validated, so a YAML strategy with a wrong
key or value fails with a clear message); :class:`ParamStrategy` turns it into a
weekly :class:`~sim.strategies.base.Plan`, vectorised over all accounts.
"""

from __future__ import annotations

from typing import Literal

import numpy as np
from pydantic import BaseModel, ConfigDict, Field, model_validator

from sim.strategies.base import BookView, Plan, Strategy
from sim.vocab import (
    CARE, CONSULTING, CUSTOMER, DORMANT, FUNCTIONS, INFORMATION, INTELLIGENCE, LOST, OPPORTUNITY,
    PROSPECT, REMEDY_FUNCTION, SEGMENTS, SERVICE, STAGES, TARGET, TRANSACTION,
)

FunctionChoice = Literal["care", "information", "transaction", "service", "intelligence", "consulting",
                         "rotate", "need", "mix"]


class PerSegment(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    key: float = Field(1.0, ge=0)
    strategic: float = Field(1.0, ge=0)
    profit: float = Field(1.0, ge=0)
    non_profit: float = Field(1.0, ge=0)

    def array(self) -> np.ndarray:
        return np.array([getattr(self, s) for s in SEGMENTS], dtype=float)


class PerFunction(BaseModel):
    """Weights of the contact functions in a mix (normalised when used)."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    care: float = Field(1.0, ge=0)
    information: float = Field(0.0, ge=0)
    transaction: float = Field(0.0, ge=0)
    service: float = Field(0.0, ge=0)
    intelligence: float = Field(0.0, ge=0)
    consulting: float = Field(0.0, ge=0)

    @model_validator(mode="after")
    def _some_weight(self) -> "PerFunction":
        if sum(getattr(self, f) for f in FUNCTIONS) <= 0:
            raise ValueError("function_mix needs at least one weight above 0")
        return self

    def cumulative(self) -> np.ndarray:
        w = np.array([getattr(self, f) for f in FUNCTIONS], dtype=float)
        return np.cumsum(w) / w.sum()


class PerStage(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    prospect: float = Field(0.3, ge=0)
    target: float = Field(0.6, ge=0)
    opportunity: float = Field(1.0, ge=0)
    customer: float = Field(1.0, ge=0)
    dormant: float = Field(0.0, ge=0)
    lost: float = Field(0.0, ge=0)

    def array(self) -> np.ndarray:
        return np.array([getattr(self, s) for s in STAGES], dtype=float)


class StrategyParams(BaseModel):
    """Parameters of a care strategy. Every built-in is one setting of these."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    label: str = ""
    segment_weight: PerSegment = PerSegment()
    stage_weight: PerStage = PerStage()
    cycle_weeks: PerSegment = Field(
        PerSegment(key=6, strategic=6, profit=6, non_profit=6),
        description="weeks between routine contacts with a customer, by segment",
    )
    value_weight: float = Field(0.0, ge=0, le=3, description="how strongly priority follows estimated value")
    customer_function: FunctionChoice = "care"
    function_mix: PerFunction = Field(
        PerFunction(), description="with customer_function 'mix': the share of each function in customer contacts"
    )
    dealer_function: Literal["care", "transaction", "consulting"] = "care"
    remedies: tuple[Literal["campus_channel", "shared_engineers"], ...] = ()
    push_when_behind: bool = Field(False, description="switch to transaction pushes when the rep is behind quota")
    crisis_first: bool = Field(False, description="timely help: crises and quality problems come first")
    pool_cycle_weeks: float = Field(0.0, ge=0, description="contact cycle for the public pool (0 = no pool work)")
    pool_reassign: bool = Field(
        False, description="public pool: a dormant account whose pool cycle passes with no answered contact "
        "goes to the next rep (needs pool_cycle_weeks)")
    ladder: bool = Field(False, description="favour accounts close to the next relationship tier")
    investigate_lost: bool = Field(
        False, description="investigate why lost accounts left (an intelligence contact), then win them back "
        "with the contact that fits the cause (sim.vocab.REMEDY_OF_CAUSE) instead of plain care")
    prospect_screening: bool = Field(
        False, description="screen the pipeline: work first the accounts our offer fits best "
        "(BookView.fit), the worst fits last")
    price_cut: float = Field(0.0, ge=0, le=0.5)
    indulge: bool = False
    service_points: float = Field(0.0, ge=0, le=50, description="service value the firm adds for every customer (points; costs value_costs.service_per_point)")
    personnel_points: float = Field(0.0, ge=0, le=50, description="personnel value added (points; costs value_costs.personnel_per_point)")
    image_points: float = Field(0.0, ge=0, le=50, description="image value added (points; costs value_costs.image_per_point)")
    widen_share: float = Field(0.0, ge=0, le=1, description=(
        "share of each customer contact spent on the buying centre's other members (擴大客戶關係範圍)"))
    incentive: Literal["relationship", "quota"] = Field("relationship", description=(
        "how reps are paid (激勵制度): on relationship measures, or on quota (reps then push big accounts)"))
    incentive_push_share: float = Field(0.5, ge=0, le=1, description=(
        "under quota pay: share of customer contacts reps turn into transaction pushes"))

    @model_validator(mode="after")
    def _pool_cycle(self) -> "StrategyParams":
        if self.pool_reassign and not self.pool_cycle_weeks:
            raise ValueError("pool_reassign needs pool_cycle_weeks above 0 (the cycle that must pass unanswered)")
        return self


class ParamStrategy(Strategy):
    """A strategy defined entirely by :class:`StrategyParams`."""

    def __init__(self, name: str, params: StrategyParams) -> None:
        self.name = name
        self.params = params
        self.label = params.label or name
        self.price_cut = params.price_cut
        self.indulge = params.indulge
        self.remedies = tuple(params.remedies)
        self.value_points = (params.service_points, params.personnel_points, params.image_points)
        self.pool_reassign_weeks = params.pool_cycle_weeks if params.pool_reassign else 0.0
        self._seg_w = params.segment_weight.array()
        self._stage_w = params.stage_weight.array()
        self._cycle = np.maximum(params.cycle_weeks.array(), 0.5)
        self._mix = params.function_mix.cumulative() if params.customer_function == "mix" else None
        # look-up tables indexed by stage + 1 (stage -1: not in the book yet)
        self._stage_w1 = np.concatenate([[0.0], self._stage_w])
        over = np.full(len(STAGES) + 1, -1, dtype=np.int8)  # -1: keep the customer function
        over[PROSPECT + 1] = INTELLIGENCE
        over[TARGET + 1] = CONSULTING if params.customer_function == "need" else INFORMATION
        over[OPPORTUNITY + 1] = TRANSACTION
        over[DORMANT + 1] = over[LOST + 1] = CARE
        self._stage_fn1 = over
        self._mod3 = np.zeros(0, dtype=np.int8)  # account index % 3, grown on demand

    def plan(self, view: BookView) -> Plan:
        p = self.params
        st = view.stage
        w = self._stage_w1[st + 1] * self._seg_w[view.segment]  # 0.0 for accounts not in the book
        if p.value_weight:
            ref = np.ones(view.n)  # each book's own mean value
            for lo, hi in view.lane_bounds:
                ref[lo:hi] = np.mean(view.value_estimate[lo:hi]) or 1.0
            w = w * (view.value_estimate / ref) ** p.value_weight
        cycle = self._cycle[view.segment]
        if p.pool_cycle_weeks:
            cycle = np.where(st == DORMANT, p.pool_cycle_weeks, cycle)
        overdue = view.weeks_since_contact / cycle
        due = overdue >= 1.0
        # pipeline work (prospects, targets, opportunities) is due every two weeks
        pipeline = st.view(np.uint8) <= OPPORTUNITY  # prospect, target, opportunity (-1 reads 255)
        due = np.where(pipeline, view.weeks_since_contact >= 2.0, due)
        if p.prospect_screening:
            w = np.where(pipeline, w * np.exp2(np.clip(view.fit, -SCREEN_CAP, SCREEN_CAP) / SCREEN_POINTS), w)
        prio = w * np.minimum(overdue, 4.0)
        fn = self._functions(view)
        if p.ladder:
            nxt = np.searchsorted(view.thresholds, view.rapport, side="right")
            gap = np.where(nxt < 3, view.thresholds[np.minimum(nxt, 2)] - view.rapport, 100.0)
            prio = prio * (1.0 + 3.0 * np.exp(-gap / 8.0))
        if p.crisis_first:
            trouble = (view.in_crisis | view.quality_problem) & ((st == CUSTOMER) | (st == DORMANT))
            prio = np.where(trouble, prio + 100.0 * np.maximum(w, 0.1), prio)
            due = due | trouble
            fn = np.where(trouble, np.where(view.in_crisis, CONSULTING, SERVICE), fn).astype(np.int8)
        if p.push_when_behind:
            behind = view.quota_gap[np.maximum(view.rep, 0)] > 0
            push = behind & (st == CUSTOMER)
            fn = np.where(push, TRANSACTION, fn).astype(np.int8)
            prio = np.where(push, prio * (1.0 + view.size), prio)
            due = due | (push & (view.weeks_since_contact >= 1.0))
        if p.incentive == "quota":
            fn, prio = _quota_pay(view, fn, prio, p.incentive_push_share)
        pick = np.flatnonzero(due & (w > 0))
        return Plan(account=pick.astype(np.int32), function=fn[pick], priority=prio[pick])

    def _functions(self, view: BookView) -> np.ndarray:
        p = self.params
        st = view.stage
        n = view.n
        fn = np.full(n, CARE, dtype=np.int8)
        cf = p.customer_function
        if cf == "rotate":
            if self._mod3.size < n:
                self._mod3 = (np.arange(max(n, 2 * self._mod3.size)) % 3).astype(np.int8)
            mod3 = self._mod3[:n] if view.lanes == 1 else (view.local % 3)
            fn[:] = _ROTATE[view.week // 4 % 3][mod3]  # == cycle[(i + week // 4) % 3]
        elif cf == "need":
            # alternate personal care with the company need, once intelligence has found it
            known = view.company_need >= 0
            company_turn = (view.local + view.week // 3) % 2 == 0
            fn[:] = np.where(known, np.where(company_turn, view.company_need, CARE), INTELLIGENCE)
        elif cf == "mix":
            # a fixed, even spread of the functions over accounts and weeks (golden-ratio sequence)
            u = (view.local * 0.6180339887 + view.week * 0.4142135624) % 1.0
            fn[:] = np.searchsorted(self._mix, u, side="right").clip(0, len(FUNCTIONS) - 1)
        else:
            fn[:] = FUNCTIONS.index(cf)
        over = self._stage_fn1[st + 1]  # one table look-up instead of five masked writes
        fn = np.where(over >= 0, over, fn)
        if p.investigate_lost:
            cause = view.churn_cause
            lost_fn = np.where(cause >= 0, _REMEDY[np.maximum(cause, 0)], INTELLIGENCE)
            fn = np.where(st == LOST, lost_fn, fn).astype(np.int8)
        dealers = view.is_dealer & (st == CUSTOMER)
        fn[dealers] = FUNCTIONS.index(p.dealer_function)
        return fn


def _quota_pay(view: BookView, fn: np.ndarray, prio: np.ndarray, share: float):
    """Reps paid on quota push: a share of customer contacts become transaction pushes, big accounts first."""
    u = (view.local * 0.6180339887 + view.week * 0.4142135624) % 1.0  # an even spread over accounts and weeks
    push = (view.stage == CUSTOMER) & ~view.is_dealer & (u < share)
    return np.where(push, TRANSACTION, fn).astype(np.int8), prio * (1.0 + view.size)


#: screening: a pipeline account this many points of fit better than another gets twice its priority
SCREEN_POINTS = 2.0
SCREEN_CAP = 20.0  # (points beyond which screening tells no more)

#: the contact that fits each cause of churn (index: cause code)
_REMEDY = np.array(REMEDY_FUNCTION, dtype=np.int8)

#: the rotation care -> information -> service, started at each of its three steps
_ROTATE = [np.roll(np.array([CARE, INFORMATION, SERVICE], dtype=np.int8), -k) for k in range(3)]


def _w(**kw) -> PerSegment:
    return PerSegment(**kw)


#: The built-in strategies, each a setting of the parameters.
BUILTINS: dict[str, StrategyParams] = {
    "no_care": StrategyParams(
        label="No care",
        stage_weight=PerStage(prospect=0, target=0, opportunity=0, customer=0, dormant=0, lost=0),
    ),
    "quota_push": StrategyParams(
        label="Quota push (sales manager)",
        segment_weight=_w(key=3, strategic=2, profit=1, non_profit=0.5),
        stage_weight=PerStage(prospect=0.5, target=0.8, opportunity=2.0, customer=1.0),
        cycle_weeks=_w(key=3, strategic=4, profit=8, non_profit=16),
        value_weight=1.0, customer_function="transaction", dealer_function="transaction",
        push_when_behind=True,
    ),
    "most_favoured": StrategyParams(
        label="Most-favoured care for all",
        cycle_weeks=_w(key=5, strategic=5, profit=5, non_profit=5),
        stage_weight=PerStage(prospect=0.3, target=0.6, opportunity=1.0, customer=1.0, dormant=0.5),
        customer_function="care", price_cut=0.05, indulge=True,
    ),
    "routine_care": StrategyParams(
        label="Routine care",
        cycle_weeks=_w(key=6, strategic=6, profit=6, non_profit=6),
        customer_function="rotate",
    ),
    "value_based": StrategyParams(
        label="Value-based segmentation",
        segment_weight=_w(key=4, strategic=3, profit=2, non_profit=0.3),
        cycle_weeks=_w(key=2, strategic=3, profit=6, non_profit=26),
        value_weight=0.5, customer_function="rotate",
    ),
    "customer_manager": StrategyParams(
        label="Customer manager (consultative)",
        segment_weight=_w(key=4, strategic=3, profit=2, non_profit=0.3),
        cycle_weeks=_w(key=2, strategic=3, profit=6, non_profit=26),
        value_weight=0.5, customer_function="need", dealer_function="consulting",
        remedies=("campus_channel", "shared_engineers"), crisis_first=True,
    ),
    "tier_ladder": StrategyParams(
        label="Tier ladder",
        cycle_weeks=_w(key=4, strategic=5, profit=6, non_profit=10),
        customer_function="care", ladder=True,
    ),
    "public_pool": StrategyParams(
        label="Public-pool win-back",
        cycle_weeks=_w(key=6, strategic=6, profit=6, non_profit=6),
        stage_weight=PerStage(prospect=0.3, target=0.6, opportunity=1.0, customer=1.0, dormant=2.0, lost=0.3),
        customer_function="rotate", pool_cycle_weeks=4.0,
    ),
    "timely_help": StrategyParams(
        label="Timely help in a crisis",
        cycle_weeks=_w(key=6, strategic=6, profit=6, non_profit=6),
        customer_function="rotate", crisis_first=True,
    ),
}
