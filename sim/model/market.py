"""The market clock: once a week, every account's purchases, rapport fade, churn and referrals.

All updates are array operations over the active accounts. The random draws are
fixed-size arrays (the whole capacity, every week), so the market stream stays
aligned across strategies: the same account draws the same numbers in the same
week whatever the reps did.
"""

from __future__ import annotations

import numpy as np

from sim.economics import delivered_value, satisfaction
from sim.model import fairness, value_costs
from sim.model.competitor import probe_hazard, rival_value, weekly as rival_moves
from sim.units import RAPPORT_MAX, WEEKS_PER_MONTH as WPM, WEEKS_PER_YEAR
from sim.vocab import (
    ACQUIRED, CHURN, CONFIDANT, CUSTOMER, DORMANT, FRIEND, LOST, OPPORTUNITY, PURCHASE, REFERRAL, TARGET,
)

MARKET_OFFSET = 0.9  # the clock ticks near the end of each week
MAX_PER_WEEK = 7  # a twin account's purchases in a week: one basket a day at most
GOLDEN = 0.6180339887498949  # shifts a uniform to a fresh-looking one for a further basket


class ProductTable:
    """The scenario's products as arrays (built once per world): cumulative shares, prices, margins."""

    def __init__(self, scenario) -> None:
        prods = scenario.products
        self.count = len(prods)
        shares = np.cumsum([p.share for p in prods])
        self.shares = shares / shares[-1]
        self.price = np.array([p.price for p in prods])
        self.margin = np.array([p.margin for p in prods])
        # a typical order's price and margin, for a strategy's estimate of an account's value
        self.avg_price = sum(p.price * p.share for p in prods) / sum(p.share for p in prods)
        self.avg_margin = (sum(p.price * p.share * p.margin for p in prods)
                           / sum(p.price * p.share for p in prods))


def market_clock(world):
    env = world.env
    yield env.timeout(MARKET_OFFSET)
    while True:
        week_end = env.now
        world.catch_up()
        step(world, week_end)
        yield env.timeout(1.0)


def perceived_gap(world, idx: np.ndarray, t: float) -> np.ndarray:
    """Delivered-value gap (ours − competitor's) for accounts ``idx``, in points."""
    b = world.book
    sc = world.scenario
    ours = delivered_value(
        sc.offer, price_cut=world.strategy_term("price_cut", idx), service_boost=b.service_boost[idx],
        tier=b.tier[idx], quality_open=b.quality_until[idx] > t,
        added=value_costs.added_value(world, idx), relief=value_costs.relief(world, idx),
    )
    gap = ours - rival_value(world, idx) + b.preference[idx]
    if fairness.on(sc):  # what the loyal and big see of favours to all or to the unreasonable
        gap = gap - fairness.penalty(world, idx)
    return gap + b.fit[idx] if b.has_fit else gap


def _draws(world, count: int) -> list[np.ndarray]:
    """``count`` weekly arrays of uniforms, each lane's drawn from its own market stream.

    Fixed-size draws (the lane's whole capacity, ``count`` arrays in a row) keep common
    random numbers across strategies: the same account draws the same numbers in the
    same week whatever happened. One call per lane fills all ``count`` arrays.
    """
    b = world.book
    cap, n = b.lane_cap, b.n
    block = np.empty((b.lanes, count, cap))
    for lane, streams in enumerate(world.lane_streams):
        streams.market.random(out=block[lane])
    return [block[:, j, :].reshape(-1)[:n] for j in range(count)]


def step(world, t: float) -> None:
    b, sc = world.book, world.scenario
    n = b.n
    u_buy, u_basket, u_churn, u_cause, u_ref, u_prod, u_stale = _draws(world, 7)
    idx = np.arange(n, dtype=np.int32)
    stage = b.stage[:n]

    # rapport fades with neglect; service value added by care fades too
    fade = sc.relationship.fade_per_month / WPM
    neglected = (t - b.last_contact[:n]) > sc.relationship.fade_after_weeks
    b.rapport[:n][neglected] *= 1.0 - fade
    care_kept = 1.0 - sc.relationship.service_fade_share * fade
    b.service_boost[:n] *= care_kept
    value_costs.weekly(world, t, care_kept)  # added value paid for; contact relief fades like care
    rival_moves(world)  # a moving competitor copies our service edge
    fairness.weekly(world)  # perceived unfairness is forgotten a little
    world.update_tiers(idx, t)

    live = (stage == CUSTOMER) | (stage == DORMANT) | (stage == OPPORTUNITY)
    li = idx[live]
    gap = perceived_gap(world, li, t)
    sat = satisfaction(gap)
    _purchases(world, li, sat, u_buy, u_basket, u_prod, t)
    _lifecycle(world, t, u_cause, u_stale)
    _churn(world, gap, li, u_churn, u_cause, t)
    _referrals(world, u_ref, t)


def _purchases(world, li, sat, u_buy, u_basket, u_prod, t) -> None:
    b, sc = world.book, world.scenario
    mk = sc.market
    st = b.stage[li]
    demand = world.demand_factor(li, t)
    rate = mk.purchases_per_year / WEEKS_PER_YEAR * b.rate_mult[li] * (mk.purchase_floor + mk.satisfaction_purchase_slope * sat) * (1.0 + mk.loyalty_purchase_uplift * b.tier[li]) * demand
    rate = np.where(b.crisis_until[li] > t, mk.crisis_purchase_factor * rate, rate)
    rate = np.where(st == DORMANT, rate * mk.dormant_buy_factor, rate)
    rate = np.where(st == OPPORTUNITY, mk.opportunity_close_per_year / WEEKS_PER_YEAR * sat * demand, rate)
    rate = np.where(b.is_dealer[li], 0.0, rate)  # dealers order through the dealer process
    if b.has_twin:
        rate = _twin_rates(world, li, sat, rate, demand, t)
    p = 1.0 - np.exp(-rate)
    bought = u_buy[li] < p
    buy = li[bought]
    if buy.size:
        record_purchases(world, buy, u_basket[buy], u_prod[buy], t)
    if b.has_twin:
        _twin_more_purchases(world, buy, rate[bought], u_buy[buy], u_basket[buy], u_prod[buy], t)


def record_purchases(world, buy: np.ndarray, u_basket: np.ndarray, u_prod: np.ndarray, t) -> None:
    """Log purchases by accounts ``buy`` (winning opportunities, waking dormant ones).

    ``u_basket`` and ``u_prod`` are uniform draws aligned with ``buy``; ``t`` a time or times.
    """
    b, sc = world.book, world.scenario
    prods: ProductTable = world.products
    # mostly the account's main product, sometimes another one
    other = sc.market.other_product_share  # 1 - 0.3 is exactly 0.7: the default keeps the old floats
    pu = np.where(u_prod < 1.0 - other, b.product_u[buy], (u_prod - (1.0 - other)) / other)
    k = np.minimum(np.searchsorted(prods.shares, pu, side="right"), prods.count - 1)
    price = prods.price[k]
    margin = prods.margin[k]
    noise = np.exp(sc.market.basket_noise * (u_basket - 0.5) * 2.0)
    list_rev = b.size[buy] * price * noise
    cut = world.strategy_term("price_cut", buy)
    revenue = list_rev * (1.0 - cut)
    gross = list_rev * (margin - cut) - sc.economics.cost_per_order * b.cost_to_serve[buy]
    st = b.stage[buy]
    world.log.add(PURCHASE, t, buy, rep=b.rep[buy], a=k, stage=st, x=revenue, y=gross)
    np.add.at(world.reps.revenue_month, b.rep[buy], revenue)
    b.last_purchase[buy] = t
    new = buy[st == OPPORTUNITY]
    if new.size:
        won(world, new, t)
    world.set_stage(buy[st == DORMANT], CUSTOMER, t)


def won(world, idx: np.ndarray, t: float) -> None:
    """Accounts ``idx`` become customers: log the fixed acquisition cost."""
    b = world.book
    world.set_stage(idx, CUSTOMER, t)
    b.won[idx] = True
    b.last_purchase[idx] = t
    world.log.add(ACQUIRED, t, idx, rep=b.rep[idx], stage=CUSTOMER, y=world.scenario.acquisition.cost_per_won)


def _lifecycle(world, t: float, u_cause: np.ndarray, u_stale: np.ndarray) -> None:
    """Public pool: no purchase for the dormancy period -> dormant; dormant too long -> lost."""
    b, lc = world.book, world.scenario.lifecycle
    n = b.n
    stage = b.stage[:n]
    idle = t - b.last_purchase[:n]
    quiet = (stage == CUSTOMER) & (idle >= lc.dormant_after_months * WPM)
    to_dormant = np.flatnonzero(quiet & ~b.twin[:n] if b.has_twin else quiet)  # a twin leaves by its dropout
    world.set_stage(to_dormant, DORMANT, t)
    gone = np.flatnonzero((stage == DORMANT) & (t - b.stage_since[:n] >= lc.lost_after_dormant_months * WPM))
    if gone.size:
        # why it went for good: the causes weighing on it now, by their share of the hazard
        h = churn_hazards(world, gone, perceived_gap(world, gone, t), t)
        cause = _draw_cause(h, u_cause[gone])
        world.log.add(CHURN, t, gone, rep=b.rep[gone], a=cause, b=DORMANT, stage=DORMANT)
        b.churn_cause[gone], b.cause_known[gone] = cause, False
        world.set_stage(gone, LOST, t)
    # targets and opportunities nobody has contacted for pipeline_idle_weeks (six months) drift away, a few each week
    idle_pipe = ((stage == TARGET) | (stage == OPPORTUNITY)) & (t - np.maximum(b.last_contact[:n], b.stage_since[:n]) > lc.pipeline_idle_weeks)
    stale = np.flatnonzero(idle_pipe & (u_stale[:n] < lc.pipeline_drift_per_week))
    world.set_stage(stale, LOST, t)


def stranger(world, idx: np.ndarray, t: float) -> np.ndarray:
    """A new decision maker (changed within a year) who is not yet an acquaintance of the rep."""
    b = world.book
    return (t - b.dm_since[idx] < world.scenario.decision_makers.stranger_weeks) & (b.rapport[idx] < world.thresholds[0])


def _hazard_columns(world, li: np.ndarray, gap: np.ndarray, t: float, cut=None) -> list[np.ndarray]:
    """The five cause-specific yearly hazards of accounts ``li``, one array each (order of CAUSES).

    ``cut``: the price cut to assume (default: the strategy's).
    """
    b, mk, sc = world.book, world.scenario.market, world.scenario
    loyal = 1.0 - mk.loyalty_protection * b.rapport[li] / RAPPORT_MAX
    since = (t - b.last_contact[li]) / WPM - mk.neglect_grace_months
    neglect = mk.neglect_per_year * np.minimum(np.maximum(since / mk.neglect_ramp_months, 0.0), 1.0) * loyal  # == np.clip
    competitor = sc.competitor.poaching_per_year * np.exp(-gap / sc.competitor.poaching_gap_points) * loyal
    if sc.competitor.probe_per_year:  # it probes the accounts we neglect
        competitor = competitor + probe_hazard(world, li, t, loyal)
    over = sc.offer.price * (1 - (world.strategy_term("price_cut", li) if cut is None else cut)) - sc.competitor.offer.price
    price_gap = np.maximum(over, 0.0) if world.mixed else max(0.0, over)
    price = (mk.price_per_year * price_gap) * loyal
    failure = np.where(b.quality_until[li] > t, mk.service_failure_per_year, 0.0) * loyal
    dm_left = np.where(stranger(world, li, t), mk.dm_left_per_year, 0.0)
    if b.is_dealer[li].any():
        competitor = competitor + world.dealers.drift_hazard(li)
    s = mk.churn_scale
    return [neglect * s, competitor * s, failure * s, price * s, dm_left * s]


def churn_hazards(world, li: np.ndarray, gap: np.ndarray, t: float) -> np.ndarray:
    """Yearly churn hazard by cause (columns follow :data:`sim.vocab.CAUSES`) for accounts ``li``."""
    return np.stack(_hazard_columns(world, li, gap, t), axis=1)


def _draw_cause(h: np.ndarray, u: np.ndarray) -> np.ndarray:
    """Competing risks: each leaver's cause drawn in proportion to its cause-specific hazards."""
    cum = np.cumsum(h, axis=1) / np.maximum(h.sum(axis=1), 1e-300)[:, None]
    return (u[:, None] > cum).sum(axis=1).clip(0, h.shape[1] - 1).astype(np.int16)


def _churn(world, gap, li, u_churn, u_cause, t) -> None:
    b = world.book
    st = b.stage[li]
    at_risk = st == CUSTOMER
    li, gap = li[at_risk], gap[at_risk]
    if li.size == 0:
        return
    c = _hazard_columns(world, li, gap, t)
    total = c[0] + c[1] + c[2] + c[3] + c[4]  # == np.stack(c, 1).sum(axis=1), bit for bit
    p = 1.0 - np.exp(-total / WEEKS_PER_YEAR)
    if b.has_twin:
        p = _twin_dropout(world, li, total, p, t)
    go = u_churn[li] < p
    if not go.any():
        return
    leave, hl = li[go], np.stack([x[go] for x in c], axis=1)  # the leavers' hazards only
    cause = _draw_cause(hl, u_cause[leave])
    world.log.add(CHURN, t, leave, rep=b.rep[leave], a=cause, b=CUSTOMER, stage=CUSTOMER)
    b.churn_cause[leave], b.cause_known[leave] = cause, False
    world.set_stage(leave, LOST, t)


# ---------------------------------------------------------------- a twin book (accounts.book)
def _care_factor(world, idx: np.ndarray, sat: np.ndarray) -> np.ndarray:
    """How satisfaction and tier move an account's purchase rate (the factor of :func:`_purchases`)."""
    mk = world.scenario.market
    return (mk.purchase_floor + mk.satisfaction_purchase_slope * sat) * (1.0 + mk.loyalty_purchase_uplift * world.book.tier[idx])


def twin_reference(world) -> None:
    """Each twin account's care factor and churn hazard at the start, without a price cut.

    A twin account buys at its own rate times its care factor relative to this one, and leaves
    after a purchase with its own dropout chance times its hazard relative to this one: where
    care keeps things as they were, the account follows the fitted process.
    """
    b, sc = world.book, world.scenario
    idx = np.flatnonzero(b.twin).astype(np.int32)
    ours = delivered_value(sc.offer, service_boost=b.service_boost[idx], tier=b.tier[idx])
    gap = ours - world.rival_value + b.preference[idx]
    gap = gap + b.fit[idx] if b.has_fit else gap  # a twin's fitted rates already hold its fit
    b.twin_f0 = np.ones(b.capacity)
    b.twin_h0 = np.zeros(b.capacity)
    b.twin_f0[idx] = _care_factor(world, idx, satisfaction(gap))
    b.twin_h0[idx] = np.sum(_hazard_columns(world, idx, gap, 0.0, cut=0.0), axis=0)
    b.twin_bought = np.zeros(b.capacity, dtype=np.int64)  # purchases this week
    world.twin_trace = {"care": [], "hazard": []}  # the raw weekly means the norms divide out


def _norm(world, key: int, t: float) -> float:
    """This week's routine-care norm (0: purchases, 1: hazard); the last one past its end."""
    curve = world.book.twin_norm[key]
    return float(curve[min(int(t), curve.size - 1)])


def _trace(world, key: str, weight: np.ndarray, ratio: np.ndarray) -> None:
    total = weight.sum()
    world.twin_trace[key].append(float((weight * ratio).sum() / total) if total > 0 else 1.0)


def _twin_rates(world, li, sat, rate, demand, t) -> np.ndarray:
    """Twin accounts' weekly purchase rates: own rate × care factor / reference × demand (halved in a crisis)."""
    b = world.book
    tw = b.twin[li] & (b.stage[li] == CUSTOMER)  # a twin won back is in the pipeline like anyone
    care = _care_factor(world, li, sat) / b.twin_f0[li]
    _trace(world, "care", np.where(tw, b.twin_rate[li], 0.0), care)
    own = b.twin_rate[li] * care / _norm(world, 0, t) * demand
    own = np.where(b.crisis_until[li] > t, world.scenario.market.crisis_purchase_factor * own, own)
    return np.where(tw, own, rate)


def _twin_more_purchases(world, buy, rate, u_buy, u_basket, u_prod, t) -> None:
    """A twin account that buys this week makes a Poisson number of purchases (at most one a day).

    The count comes from the same uniform that decided the first one (``u < 1 − P(0)``), by the
    Poisson quantile of ``P(0) + u``; each further purchase has its own basket draw.
    """
    b = world.book
    b.twin_bought[:] = 0
    tw = b.twin[buy]
    buy, rate, w = buy[tw], rate[tw], np.exp(-rate[tw]) + u_buy[tw]
    term = np.exp(-rate)
    cdf, count = term.copy(), np.ones(buy.size, dtype=np.int64)
    for j in range(1, MAX_PER_WEEK):
        term = term * rate / j
        cdf += term
        count += cdf <= w
    b.twin_bought[buy] = count
    for j in range(1, MAX_PER_WEEK):
        more = count > j
        if more.any():
            record_purchases(world, buy[more], (u_basket[tw][more] + j * GOLDEN) % 1.0, u_prod[tw][more], t)


def _twin_dropout(world, li, total, p, t) -> np.ndarray:
    """Twin accounts leave only after purchases, each survived with 1 − own dropout × hazard / reference."""
    b = world.book
    h0 = b.twin_h0[li]
    ratio = np.where(h0 > 0, total / np.maximum(h0, 1e-300), 1.0)
    _trace(world, "hazard", np.where(b.twin[li], b.twin_rate[li] * b.twin_drop[li], 0.0), ratio)
    stay = (1.0 - np.minimum(b.twin_drop[li] * ratio / _norm(world, 1, t), 1.0)) ** b.twin_bought[li]
    return np.where(b.twin[li], 1.0 - stay, p)


def _referrals(world, u_ref, t) -> None:
    b, mk = world.book, world.scenario.market
    n = b.n
    good = (b.stage[:n] == CUSTOMER) & (b.tier[:n] >= FRIEND)
    rate = np.where(b.tier[:n] == CONFIDANT, 1.0, mk.friend_referral_share) * mk.referrals_per_year / WEEKS_PER_YEAR
    ref = np.flatnonzero(good & (u_ref[:n] < rate))
    if ref.size == 0:
        return
    lanes = b.lane_of(ref)
    for lane in np.unique(lanes):  # each lane's referrals join its own book
        r = ref[lanes == lane]
        new = world.activate(int(lane), r.size, t, b.rep[r], TARGET)
        if new.size:
            world.log.add(REFERRAL, t, new, rep=b.rep[new], b=r[: new.size], stage=TARGET)
