"""What a contact does to an account: the five functions of contact plus consulting.

``apply_contacts`` takes a batch of contacts made at one instant (account
indices, function codes, reps) and updates the accounts by index: rapport (more when the
contact meets a known need, far more as timely help in a crisis), needs found by
intelligence, quality problems fixed by service, dealers pushed or helped,
pipeline moves (prospect -> target -> opportunity -> customer) and win-back.
"""

from __future__ import annotations

import numpy as np

from sim.model import buying_centre, dealers, fairness, people, value_costs, winback
from sim.model.market import perceived_gap, record_purchases
from sim.economics import satisfaction
from sim.units import RAPPORT_MAX
from sim.vocab import (
    CARE, CONSULTING, CONTACT, COST, CUSTOMER, DORMANT, FUNCTIONS, INDULGENCE_COST, INTELLIGENCE, LOST,
    OPPORTUNITY, PROSPECT, SERVICE, TARGET, TRANSACTION,
)


class ContactTable:
    """Per-function hours, money, visit flag and rapport gain, as arrays indexed by function code."""

    def __init__(self, scenario) -> None:
        c = [getattr(scenario.contacts, f) for f in FUNCTIONS]
        travel = scenario.reps.travel_hours
        self.hours = np.array([x.hours + (travel if x.visit else 0.0) for x in c])
        self.money = np.array([x.money for x in c])
        self.gain = np.array([x.rapport for x in c])
        self.value = np.array([x.value for x in c])


def apply_contacts(world, idx: np.ndarray, fn: np.ndarray, rep, t: float) -> None:
    """Carry out contacts with accounts ``idx`` (functions ``fn``) by reps ``rep`` at week ``t``.

    Everything a contact causes (tier moves, pipeline moves, purchases, dealer
    stock) happens and is logged at the same instant ``t``.
    """
    if idx.size == 0:
        return
    b, sc = world.book, world.scenario
    table: ContactTable = world.contact_table
    u = _uniforms(world, idx)
    dealer = b.is_dealer[idx]
    sure = sc.contacts.answer_prob  # a non-dealer picks up / receives the visit
    p_answer = np.where(dealer, world.dealers.answer_prob(idx), sure) if dealer.any() else sure
    answered = u[0] < p_answer
    hours = np.where(answered, table.hours[fn], sc.contacts.unanswered_hours_share * table.hours[fn])
    money = np.where(answered, table.money[fn], 0.0)
    cost = money + hours * sc.reps.hourly_cost
    stage_now = b.stage[idx]
    world.log.add(CONTACT, t, idx, rep=rep, a=fn, b=answered, stage=stage_now, x=hours, y=cost)

    ok, f, st, uu = idx[answered], fn[answered], stage_now[answered], u[:, answered]
    if ok.size == 0:
        return
    b.last_contact[ok] = t
    b.ever_answered[ok] = True
    value_costs.after_contacts(world, ok)  # contacts can lower the customer's non-money costs
    _rapport(world, ok, f, st, t)
    _function_effects(world, ok, f, st, uu, t)


def _uniforms(world, idx: np.ndarray) -> np.ndarray:
    """Five uniforms per contact, each lane's from its own contacts stream (contacts come grouped by lane)."""
    if world.lanes == 1:
        return world.streams.contacts.random((5, idx.size))
    lanes = world.book.lane_of(idx)
    u = np.empty((5, idx.size))
    if lanes.size > 1 and (lanes[1:] < lanes[:-1]).any():  # not grouped: draw by mask
        for lane in np.unique(lanes):
            pos = np.flatnonzero(lanes == lane)
            u[:, pos] = world.lane_streams[lane].contacts.random((5, pos.size))
        return u
    bounds = np.searchsorted(lanes, np.arange(lanes[0], lanes[-1] + 2))
    for lane, lo, hi in zip(range(int(lanes[0]), int(lanes[-1]) + 1), bounds[:-1], bounds[1:]):
        if hi > lo:
            u[:, lo:hi] = world.lane_streams[lane].contacts.random((5, hi - lo))
    return u


def _rapport(world, ok, f, st, t) -> None:
    b, sc = world.book, world.scenario
    gain = world.contact_table.gain[f] * b.affinity[ok]
    hit = b.needs_known[ok] & ((f == b.company_need[ok]) | (f == CARE))
    gain *= np.where(hit, 1.0 + sc.decision_makers.need_match_bonus, 1.0)
    timely = (b.crisis_until[ok] > t) & ((f == SERVICE) | (f == CONSULTING))
    gain *= np.where(timely, sc.relationship.crisis_help_multiplier, 1.0)
    gain *= np.where(st == PROSPECT, 0.0, 1.0)
    gain = buying_centre.widen(world, ok, st, gain * people.skill_of(world, ok))
    b.rapport[ok] = np.minimum(b.rapport[ok] + gain, RAPPORT_MAX)  # one contact per account per batch
    world.update_tiers(ok, t)


def _function_effects(world, ok, f, st, u, t) -> None:
    b, sc = world.book, world.scenario
    lc = sc.lifecycle

    intel = f == INTELLIGENCE
    b.needs_known[ok[intel]] = True
    winback.investigate(world, ok, f, st)
    serv = f == SERVICE
    b.quality_until[ok[serv]] = -1.0  # service fixes the open quality problem
    cons = f == CONSULTING
    value = world.contact_table.value[f]  # service value a contact adds (service, consulting by default)
    b.service_boost[ok] += value
    np.minimum(b.service_boost, sc.contacts.value_cap, out=b.service_boost)

    indulge = world.strategy_term("indulge", ok)
    if indulge.any() if world.mixed else indulge:
        # serving every wish, in scope or not: costs most with the most demanding accounts
        # (the rep's time it takes was reserved when the week was planned: sim.model.reps.allocate)
        m = ((f == SERVICE) | (f == CARE)) & (u[3] < sc.economics.wish_chance) & indulge
        if m.any():
            a = ok[m]
            world.log.add(COST, t, a, rep=b.rep[a], a=INDULGENCE_COST, stage=b.stage[a],
                          y=sc.economics.indulgence_cost * b.cost_to_serve[a])
            fairness.seen(world, a)  # the loyal and big customers of their region see it

    dealer = b.is_dealer[ok]
    if dealer.any():
        dealers.push(world, ok[dealer & (f == TRANSACTION)], t)
        consulted = ok[dealer & cons]
        lane = b.lane_of(consulted) if world.mixed else None
        for strat, lo, hi in world.groups:  # each strategy's remedies for the dealers of its lanes
            if strat.remedies:
                helped = consulted if lane is None else consulted[(lane >= lo) & (lane < hi)]
                dealers.help_sell_through(world, helped, strat.remedies, t)

    # pipeline: prospects qualified by intelligence become targets
    q = (st == PROSPECT) & intel & (u[1] < sc.acquisition.prospect_qualify)
    world.set_stage(ok[q], TARGET, t)
    # targets: reach the key decision maker (an intermediary helps; a prepared proposal too)
    reach = lc.target_contact_success * np.where(b.has_intermediary[ok], lc.intermediary_boost, 1.0)
    reach *= np.where(cons, lc.proposal_reach_boost, 1.0) * people.skill_of(world, ok)
    m = (st == TARGET) & (u[1] < reach)
    world.set_stage(ok[m], OPPORTUNITY, t)

    # purchases a contact can bring about: closing, pulling an order forward, waking the dormant
    sat = satisfaction(perceived_gap(world, ok, t))
    close = (st == OPPORTUNITY) & (f == TRANSACTION) & (u[1] < lc.close_per_push * 2.0 * sat)
    pull = (st == CUSTOMER) & (f == TRANSACTION) & ~dealer & (u[1] < sc.contacts.pull_forward * sat)
    wake = (st == DORMANT) & ((f == CARE) | (f == SERVICE) | (f == CONSULTING)) & (u[1] < lc.wake_per_contact * sat)
    buy = close | pull | wake
    if buy.any():
        record_purchases(world, ok[buy], u[2][buy], u[4][buy], t)
    back = (st == LOST) & (u[1] < winback.win_back_chance(world, ok, f, lc.win_back_per_contact))
    world.set_stage(ok[back], TARGET, t)

