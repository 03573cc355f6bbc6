"""A strategy as a mix of parameters: the built-ins and YAML-defined strategies.

The parameters (:class:`~sim.scenario_strategies.StrategyParams`) and the built-in settings
(:data:`~sim.scenario_strategies.BUILTINS`) are in :mod:`sim.scenario_strategies`, where the
scenario checks them; :class:`ParamStrategy` turns a setting into a weekly
:class:`~sim.strategies.base.Plan`, vectorised over all accounts.
"""

from __future__ import annotations

import numpy as np

from sim.scenario_strategies import BUILTINS, PerFunction, PerSegment, PerStage, StrategyParams  # noqa: F401 (re-exported)
from sim.strategies.base import BookView, Plan, Strategy
from sim.vocab import (
    CARE, CONSULTING, CUSTOMER, DORMANT, FUNCTIONS, INFORMATION, INTELLIGENCE, LOST, OPPORTUNITY,
    PROSPECT, REMEDY_FUNCTION, SERVICE, STAGES, TARGET, TRANSACTION,
)


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
        self._stage_fn1 = _stage_functions(params)
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


def _stage_functions(params: StrategyParams) -> np.ndarray:
    """The contact function each stage gets, indexed by stage + 1 (-1: keep the customer function)."""
    over = np.full(len(STAGES) + 1, -1, dtype=np.int8)
    over[PROSPECT + 1] = INTELLIGENCE
    over[TARGET + 1] = CONSULTING if params.customer_function == "need" else INFORMATION
    over[OPPORTUNITY + 1] = TRANSACTION
    over[DORMANT + 1] = over[LOST + 1] = CARE
    return over


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
