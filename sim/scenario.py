"""Scenario files: schema, loading, ``extends:`` merging and clear errors.

A scenario is read from YAML at the edge and turned into a frozen, validated
:class:`Scenario`; the simulation core only ever sees a valid one. A bad file
raises :class:`ScenarioError`, whose message names the file, the key path, the
bad value and what is allowed.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from sim.accountbook import book_digest, read_book
from sim.scenario_costs import ValueCosts
from sim.scenario_values import (
    Flag, FrozenDict, Month, Num, Text, Whole, check_custom_strategies, check_strategy_names, format_validation_error, freeze,
    plain_params,
)
from sim.scenario_people import BuyingCentre, People
from sim.scenario_fit import Fit, check_fit
from sim.scenario_yaml import SCENARIO_DIR, ScenarioError, deep_merge, read_layers, resolve_path
from sim.uncertainty import Spread, check_paths
from sim.units import MONTHS_PER_YEAR, WEEKS_PER_YEAR
from sim.vocab import SEGMENTS

__all__ = [
    "Scenario",
    "ScenarioError",
    "load_scenario",
    "scenario_from_dict",
    "scenario_hash",
    "deep_merge",
    "SCENARIO_DIR",
    "MAX_REPLICATIONS", "MAX_SEED",
    "resolve_path",
]

MAX_REPLICATIONS = 100_000  # the one limit: the schema, the CLI and the API use it
MAX_SEED = 2**63 - 1  # likewise: the largest base seed (NumPy seeds are 64-bit)


class _Frozen(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, allow_inf_nan=False)


# ---------------------------------------------------------------- population
class SegmentMix(_Frozen):
    """Share of accounts in each value segment (normalised when used)."""

    key: Num = Field(0.05, ge=0, le=1000)
    strategic: Num = Field(0.10, ge=0, le=1000)
    profit: Num = Field(0.40, ge=0, le=1000)
    non_profit: Num = Field(0.45, ge=0, le=1000)

    @model_validator(mode="after")
    def _not_all_zero(self) -> "SegmentMix":
        if sum(self.as_tuple()) <= 0:
            raise ValueError("at least one segment share must be above 0")
        return self

    def as_tuple(self) -> tuple[float, ...]:
        return tuple(getattr(self, s) for s in SEGMENTS)


class StageMix(_Frozen):
    """Lifecycle stage of the accounts when the run starts."""

    prospect: Num = Field(0.25, ge=0, le=1000)
    target: Num = Field(0.10, ge=0, le=1000)
    opportunity: Num = Field(0.05, ge=0, le=1000)
    customer: Num = Field(0.60, ge=0, le=1000)

    @model_validator(mode="after")
    def _not_all_zero(self) -> "StageMix":
        if sum(self.as_tuple()) <= 0:
            raise ValueError("at least one stage share must be above 0")
        return self

    def as_tuple(self) -> tuple[float, ...]:
        return (self.prospect, self.target, self.opportunity, self.customer)


class SizeDist(_Frozen):
    """Account size: lognormal multiplier of purchase volume per segment."""

    sigma: Num = Field(0.55, ge=0, le=3, description="spread of size within a segment")
    key: Num = Field(3.6, gt=0, le=1000, description="median size of a key account")
    strategic: Num = Field(2.6, gt=0, le=1000)
    profit: Num = Field(1.4, gt=0, le=1000)
    non_profit: Num = Field(0.5, gt=0, le=1000)

    def medians(self) -> tuple[float, ...]:
        return tuple(getattr(self, s) for s in SEGMENTS)


class Accounts(_Frozen):
    count: Whole = Field(2000, ge=1, le=2_000_000)
    segments: SegmentMix = SegmentMix()
    regions: tuple[Text, ...] = Field(("north", "south", "east", "west"), min_length=1, max_length=100)
    industries: tuple[Text, ...] = Field(
        ("manufacturing", "retail", "education", "healthcare", "services"), min_length=1, max_length=100
    )
    size: SizeDist = SizeDist()
    initial_stages: StageMix = StageMix()
    intermediary_share: Num = Field(0.3, ge=0, le=1, description="targets reachable through an intermediary")
    cost_to_serve_sigma: Num = Field(
        1.05, ge=0, le=3, description="spread (lognormal, mean 1) of how costly accounts are to serve per order"
    )
    referral_capacity: Num = Field(
        0.5, ge=0, le=5, description="room for referred accounts, as a share of count"
    )
    book: str | None = Field(None, description="per-account book (CSV, one row per account; path relative to the file)")
    book_care: tuple[Num, ...] = Field((), description="routine care's mean purchase factor on the book, week by week")
    book_hazard: tuple[Num, ...] = Field((), description="routine care's mean churn-hazard ratio on the book, week by week")
    fit: Fit = Fit()  # how well our offer fits each industry, region and size (sim/scenario_fit.py)
    preference_sigma: Num = Field(4.0, ge=0, le=100, description="spread (normal, points) of accounts' taste for our offer vs the competitor's")
    start_purchase_weeks: Num = Field(6.0, ge=0, le=520, description="a starting customer's last purchase: up to this many weeks ago (uniform)")
    start_contact_weeks: Num = Field(8.0, ge=0, le=520, description="an account's last contact at the start: up to this many weeks ago (uniform)")

    @model_validator(mode="after")
    def _book_fits(self) -> "Accounts":
        if not all(v > 0 for v in (*self.book_care, *self.book_hazard)):
            raise ValueError("book_care and book_hazard must be positive numbers")
        check_fit(self.fit, self)
        if self.book is not None and len(read_book(self.book)) != self.count:
            raise ValueError(f"the account book {self.book} has {len(read_book(self.book)):,} rows; "
                             f"count must equal them, got {self.count:,}")
        return self


class DecisionMakers(_Frozen):
    affinity_sigma: Num = Field(0.7, ge=0, le=3, description="spread (lognormal, median 1) of how receptive decision makers are to the rep")
    need_match_bonus: Num = Field(0.8, ge=0, le=5, description="extra gain when a contact meets a known need")
    tenure_years: Num = Field(6.0, gt=0, le=100, description="mean years before a decision maker moves on")
    rapport_kept_on_change: Num = Field(0.15, ge=0, le=1, description="share of rapport a new decision maker inherits")
    stranger_weeks: Num = Field(52.0, ge=0, le=5200, description="a new decision maker below acquaintance is a stranger this long")


# ---------------------------------------------------------------- people
class Reps(_Frozen):
    count: Whole = Field(20, ge=1, le=100_000)
    hours_per_week: Num = Field(40.0, gt=0, le=80)
    selling_share: Num = Field(0.6, gt=0, le=1, description="share of hours left for customer contacts")
    travel_hours: Num = Field(1.0, ge=0, le=24, description="travel time of each visit")
    hourly_cost: Num = Field(45.0, ge=0, le=1e6, description="cost of an hour of a rep's time")
    monthly_quota: Num = Field(60000.0, ge=0, le=1e9)
    weekly_budget: Num = Field(600.0, ge=0, le=1e7, description="gift and expense money per rep per week")


class Remedy(_Frozen):
    sell_through_uplift: Num = Field(0.0, ge=0, le=5)
    dealer_cost_relief: Num = Field(0.0, ge=0, le=1)
    cost_per_month: Num = Field(0.0, ge=0, le=1e7, description="what the remedy costs us per dealer per month")


class Dealers(_Frozen):
    count: Whole = Field(20, ge=0, le=2_000_000)
    weekly_sell_through: Num = Field(40.0, gt=0, le=1e6, description="units a median dealer sells to end customers per week")
    target_cover_weeks: Num = Field(6.0, gt=0, le=520, description="stock a dealer likes to hold, in weeks of sales")
    avoid_cover_weeks: Num = Field(14.0, gt=0, le=520, description="stock cover above which a dealer avoids the rep")
    answer_prob: Num = Field(0.95, ge=0, le=1, description="chance a dealer at ease answers the rep")
    avoid_answer_prob: Num = Field(0.15, ge=0, le=1,
                                   description="chance an overstocked or cash-starved dealer answers the rep")
    struggling_sales_share: Num = Field(
        0.0, ge=0, le=1, description="a dealer whose recent sales fall below this share of his normal sales "
        "struggles and screens the rep's calls (0: never)")
    struggling_answer_prob: Num = Field(0.6, ge=0, le=1, description="chance a struggling dealer answers the rep")
    push_units: Num = Field(120.0, ge=0, le=1e7, description="units a transaction push loads onto a dealer")
    unit_price: Num = Field(80.0, gt=0, le=1e7)
    unit_margin: Num = Field(0.30, ge=0, le=1)
    dealer_margin: Num = Field(0.25, ge=0, le=1, description="dealer's own margin on sell-through")
    holding_cost_weekly: Num = Field(0.01, ge=0, le=1, description="dealer's cost of stock per week, share of value")
    initial_cash_weeks: Num = Field(8.0, ge=0, le=520, description="dealer cash, in weeks of gross sales")
    campus_channel: Remedy = Remedy(sell_through_uplift=0.35, cost_per_month=300.0)
    shared_engineers: Remedy = Remedy(sell_through_uplift=0.15, dealer_cost_relief=0.5, cost_per_month=400.0)
    remedy_months: Num = Field(3.0, gt=0, le=600, description="how long a remedy lasts once a consultation starts it")
    labour_share: Num = Field(0.08, ge=0, le=1, description="dealer's installation labour, share of its sales value")
    drift_per_year: Num = Field(1.2, ge=0, le=20, description="extra yearly pull of the competitor on an overstocked or cash-starved dealer")
    size_sigma: Num = Field(0.4, ge=0, le=3, description="spread (lognormal) of dealers' normal sell-through")
    size_log_mean: Num = Field(-0.08, ge=-10, le=10, description="log-mean of that spread (-size_sigma²/2 keeps the mean at 1)")
    sales_noise_sigma: Num = Field(0.2, ge=0, le=3, description="spread (lognormal) of a dealer's weekly sell-through")
    sales_noise_log_mean: Num = Field(-0.02, ge=-10, le=10, description="log-mean of that noise (-sales_noise_sigma²/2 keeps the mean at 1)")
    recent_sales_weight: Num = Field(0.3, ge=0, le=1, description="weight of this week in a dealer's recent sales (the rest: the weeks before)")


class Product(_Frozen):
    name: Text
    price: Num = Field(gt=0, le=1e8, description="list price of a basket")
    margin: Num = Field(ge=0, le=1, description="gross margin share")
    share: Num = Field(1.0, gt=0, le=1000, description="share of baskets that are this product")


DEFAULT_PRODUCTS = (
    Product(name="core", price=400.0, margin=0.46, share=0.7),
    Product(name="premium", price=900.0, margin=0.55, share=0.2),
    Product(name="consumables", price=120.0, margin=0.65, share=0.1),
)


class Offer(_Frozen):
    """Kotler's delivered value: four values minus four costs (points)."""

    product: Num = Field(50.0, ge=0, le=1000)
    service: Num = Field(15.0, ge=0, le=1000)
    personnel: Num = Field(10.0, ge=0, le=1000)
    image: Num = Field(10.0, ge=0, le=1000)
    price: Num = Field(45.0, ge=0, le=1000)
    time: Num = Field(8.0, ge=0, le=1000)
    energy: Num = Field(6.0, ge=0, le=1000)
    psychological: Num = Field(4.0, ge=0, le=1000)

    def total_value(self) -> float:
        return self.product + self.service + self.personnel + self.image

    def total_cost(self) -> float:
        return self.price + self.time + self.energy + self.psychological

    def delivered_value(self) -> float:
        return self.total_value() - self.total_cost()


class Competitor(_Frozen):
    offer: Offer = Offer(product=52.0, service=12.0, personnel=8.0, image=10.0, price=44.0, time=8.0, energy=6.0, psychological=4.0)
    poaching_per_year: Num = Field(0.06, ge=0, le=5, description="yearly pull of the competitor on an uncared account")
    copy_per_year: Num = Field(
        0.0, ge=0, le=52, description="service homogenisation (服務同質化): yearly rate at which the competitor's "
        "service value closes on ours (0: it stands still)")
    probe_per_year: Num = Field(
        0.0, ge=0, le=5, description="extra yearly pull (a price offer) on an account we have neglected "
        "for probe_after_weeks (競爭者乘虛而入; 0: no probing)")
    probe_after_weeks: Num = Field(8.0, gt=0, le=520, description="weeks without our contact before the competitor probes")
    poaching_gap_points: Num = Field(6.0, gt=0, le=1000, description="points of delivered-value lead that cut its pull on an account by a factor e")


class Market(_Frozen):
    purchases_per_year: Num = Field(12.0, gt=0, le=200, description="baskets a satisfied customer buys per year")
    rate_spread: Num = Field(0.3, ge=0, le=3, description="lognormal spread of purchase rates between accounts")
    basket_noise: Num = Field(0.3, ge=0, le=3)
    neglect_per_year: Num = Field(0.30, ge=0, le=10, description="yearly churn hazard of a fully neglected account")
    neglect_grace_months: Num = Field(2.0, ge=0, le=600, description="months without contact before neglect starts to bite")
    service_failure_per_year: Num = Field(0.8, ge=0, le=20, description="churn hazard while a quality problem is open")
    price_per_year: Num = Field(0.04, ge=0, le=10, description="churn hazard from price comparison, per point of price gap")
    dm_left_per_year: Num = Field(0.3, ge=0, le=20, description="churn hazard while a new decision maker is a stranger")
    churn_scale: Num = Field(1.0, ge=0, le=10, description="multiplies every churn hazard (for what-if runs)")
    loyalty_protection: Num = Field(0.75, ge=0, le=1, description="how much a confidant's loyalty cuts churn")
    loyalty_purchase_uplift: Num = Field(
        0.2, ge=0, le=2, description="extra purchases per tier of relationship (loyal customers buy more)"
    )
    dormant_buy_factor: Num = Field(0.3, ge=0, le=1, description="purchase rate of a dormant account, relative")
    opportunity_close_per_year: Num = Field(0.5, ge=0, le=50, description="yearly chance an untouched opportunity buys")
    referrals_per_year: Num = Field(0.25, ge=0, le=10, description="referrals a confidant gives per year (friends half)")
    purchase_floor: Num = Field(0.3, ge=0, le=5, description="purchase rate factor of a wholly dissatisfied customer")
    satisfaction_purchase_slope: Num = Field(
        1.4, ge=0, le=5, description="how much satisfaction (0-1) raises the purchase rate factor above the floor"
    )
    crisis_purchase_factor: Num = Field(0.5, ge=0, le=1, description="purchase rate of an account in a crisis, relative")
    other_product_share: Num = Field(0.3, gt=0, le=1, description="share of an account's baskets that are not its main product")
    neglect_ramp_months: Num = Field(6.0, gt=0, le=600, description="months after the grace period until neglect bites in full")
    friend_referral_share: Num = Field(0.5, ge=0, le=1, description="a friend's referrals, as a share of a confidant's")


class Shocks(_Frozen):
    crisis_per_year: Num = Field(0.08, ge=0, le=10, description="chance per account-year of a customer crisis")
    crisis_months: Num = Field(2.0, gt=0, le=600)
    quality_incident_per_year: Num = Field(0.06, ge=0, le=10)
    quality_incident_months: Num = Field(3.0, gt=0, le=600, description="how long an unresolved quality problem lasts")
    downturn_per_year: Num = Field(0.15, ge=0, le=10, description="chance per year that a market downturn starts")
    downturn_months: Num = Field(6.0, gt=0, le=600)
    downturn_depth: Num = Field(0.35, ge=0, le=1, description="share of demand lost in a downturn")
    downturn_starts: tuple[Month, ...] = Field(
        (), max_length=1000, description="months at which a downturn surely starts (besides the random ones)"
    )


class ContactCost(_Frozen):
    hours: Num = Field(ge=0, le=40)
    money: Num = Field(ge=0, le=1e6)
    visit: Flag = Field(True, description="a visit adds the rep's travel time")
    rapport: Num = Field(ge=0, le=100, description="rapport a good contact adds (before need match and affinity)")
    value: Num = Field(0.0, ge=0, le=25, description="service value points a good contact adds to our offer "
                       "for the account (up to contacts.value_cap in all)")


class Contacts(_Frozen):
    """Time, money and rapport of each contact function (the five functions plus consulting)."""

    care: ContactCost = ContactCost(hours=1.0, money=40.0, visit=True, rapport=3.0)
    information: ContactCost = ContactCost(hours=0.5, money=0.0, visit=False, rapport=0.8)
    transaction: ContactCost = ContactCost(hours=1.5, money=10.0, visit=True, rapport=0.4)
    service: ContactCost = ContactCost(hours=2.0, money=20.0, visit=True, rapport=2.0, value=3.0)
    intelligence: ContactCost = ContactCost(hours=0.5, money=0.0, visit=False, rapport=0.6)
    consulting: ContactCost = ContactCost(hours=3.0, money=60.0, visit=True, rapport=3.5, value=6.0)
    answer_prob: Num = Field(0.92, ge=0, le=1, description="chance a non-dealer picks up or receives the visit")
    unanswered_hours_share: Num = Field(0.5, ge=0, le=1, description="share of a contact's hours spent when it is not answered")
    pull_forward: Num = Field(0.35, ge=0, le=1, description="chance a push to a satisfied customer brings an order forward (times satisfaction)")
    value_cap: Num = Field(25.0, ge=0, le=1000, description="most service value points contacts can add to our offer for one account")


class Relationship(_Frozen):
    tier_thresholds: tuple[Num, Num, Num] = Field(
        (20.0, 52.0, 81.0), description="rapport needed for acquaintance, friend, confidant"
    )
    fade_per_month: Num = Field(0.05, ge=0, le=1, description="share of rapport lost per month without contact")
    crisis_help_multiplier: Num = Field(3.0, ge=1, le=20, description="timely help in a crisis: rapport gain multiplier")
    start_rapport_max: Num = Field(30.0, ge=0, le=100, description="rapport at the start: uniform up to this, times affinity")
    fade_after_weeks: Num = Field(2.0, ge=0, le=520, description="weeks without contact before rapport starts to fade")
    service_fade_share: Num = Field(0.5, ge=0, le=10, description="service value added by contacts fades at this share of rapport's fade")

    @model_validator(mode="after")
    def _increasing(self) -> "Relationship":
        a, b, c = self.tier_thresholds
        if not (0 < a < b < c <= 100):
            raise ValueError(f"tier_thresholds must rise within (0, 100], got {list(self.tier_thresholds)}")
        return self


class Lifecycle(_Frozen):
    dormant_after_months: Num = Field(3.0, gt=0, le=600, description="no purchase this long -> dormant (public pool)")
    lost_after_dormant_months: Num = Field(9.0, gt=0, le=600, description="dormant this long -> lost")
    target_contact_success: Num = Field(0.25, ge=0, le=1, description="chance a contact reaches a target's decision maker")
    intermediary_boost: Num = Field(2.0, ge=1, le=10, description="how much an intermediary raises that chance")
    close_per_push: Num = Field(0.2, ge=0, le=1, description="chance a transaction push closes an opportunity")
    wake_per_contact: Num = Field(
        0.30, ge=0, le=1, description="chance a care/service/consulting contact wakes a dormant account (times satisfaction)"
    )
    remedy_fit_boost: Num = Field(1.0, ge=1, le=20, description="win-back chance × this for a contact with a lost "
                                  "account that fits its cause of churn (sim.vocab.REMEDY_OF_CAUSE; 1: no effect)")
    win_back_per_contact: Num = Field(0.08, ge=0, le=1, description="chance a contact brings a lost account back into the pipeline")
    proposal_reach_boost: Num = Field(1.5, ge=1, le=10, description="how much a consulting contact (a prepared proposal) raises the chance to reach a target")
    pipeline_idle_weeks: Num = Field(26.0, ge=0, le=5200, description="weeks without contact before a target or opportunity can drift away")
    pipeline_drift_per_week: Num = Field(0.04, ge=0, le=1, description="chance such a neglected target or opportunity drifts away each week")


class Acquisition(_Frozen):
    cost_per_won: Num = Field(4000.0, ge=0, le=1e8, description="marketing, proposal and onboarding cost of each won account")
    prospect_qualify: Num = Field(0.35, ge=0, le=1, description="chance an intelligence contact qualifies a prospect")


class Economics(_Frozen):
    discount_rate: Num = Field(0.10, ge=0, le=1, description="yearly rate for NPV")
    indulgence_cost: Num = Field(150.0, ge=0, le=1e7, description="cost of serving an out-of-scope wish")
    indulgence_hours: Num = Field(1.5, ge=0, le=40, description="rep hours an out-of-scope wish takes, times the "
                                  "account's cost to serve (taken from the week's selling hours)")
    wish_chance: Num = Field(0.5, ge=0, le=1, description="chance a care or service contact brings a wish")
    cost_per_order: Num = Field(175.0, ge=0, le=1e7, description="order handling and delivery cost of each purchase")
    crm_system_cost_per_month: Num = Field(0.0, ge=0, le=1e7, description=(
        "fixed monthly cost of a CRM software system (0: none); buying it changes nothing reps do"))


class StrategySpec(_Frozen):
    """A strategy defined in YAML: a built-in to start from plus parameter overrides."""

    extends: Text = "routine_care"
    label: Text | None = None
    params: dict[str, Any] = Field(default_factory=dict)

    @field_validator("params", mode="after")
    @classmethod
    def _freeze_params(cls, v: dict) -> "FrozenDict":
        return freeze(plain_params(v))


class Scenario(_Frozen):
    """A validated, frozen scenario: everything a run needs except strategy and seed."""

    name: Text = "unnamed"
    description: str = Field("", max_length=20_000)
    seed: Whole = Field(20261123, ge=0, le=MAX_SEED)
    horizon_months: Whole = Field(36, ge=1, le=600)
    replications: Whole = Field(10, ge=1, le=MAX_REPLICATIONS)
    accounts: Accounts = Accounts()
    decision_makers: DecisionMakers = DecisionMakers()
    reps: Reps = Reps()
    dealers: Dealers = Dealers()
    products: tuple[Product, ...] = Field(DEFAULT_PRODUCTS, min_length=1, max_length=100)
    offer: Offer = Offer()
    competitor: Competitor = Competitor()
    market: Market = Market()
    shocks: Shocks = Shocks()
    contacts: Contacts = Contacts()
    relationship: Relationship = Relationship()
    lifecycle: Lifecycle = Lifecycle()
    acquisition: Acquisition = Acquisition()
    economics: Economics = Economics()
    value_costs: ValueCosts = ValueCosts()
    #: sim/scenario_people.py; left out of the dump (and the hash) while off, as before they existed
    people: People = Field(People(), exclude_if=lambda v: v == People())
    buying_centre: BuyingCentre = Field(BuyingCentre(), exclude_if=lambda v: v == BuyingCentre())
    strategies: tuple[Text, ...] = Field(
        ("no_care", "quota_push", "most_favoured", "routine_care", "value_based",
         "customer_manager", "tier_ladder", "public_pool", "timely_help"),
        min_length=1, max_length=100,
    )
    custom_strategies: dict[Text, StrategySpec] = Field(default_factory=dict, max_length=100)
    #: standard errors of uncertain parameters (sim/uncertainty.py); left out of the dump when empty
    uncertainty: dict[Text, Spread] = Field(default_factory=dict, exclude_if=lambda v: not v, max_length=100)

    @field_validator("custom_strategies", "uncertainty", mode="after")
    @classmethod
    def _freeze_specs(cls, v: dict) -> "FrozenDict":
        return FrozenDict(v)

    @field_validator("uncertainty", mode="after")
    @classmethod
    def _drawable(cls, v: dict) -> dict:
        check_paths(cls, v)  # numeric key paths only
        return v

    @model_validator(mode="after")
    def _consistent(self) -> "Scenario":
        if self.dealers.count > self.accounts.count:
            raise ValueError(
                f"dealers.count ({self.dealers.count}) cannot exceed accounts.count ({self.accounts.count})"
            )
        return self

    @property
    def horizon_weeks(self) -> int:
        return int(round(self.horizon_months * WEEKS_PER_YEAR / MONTHS_PER_YEAR))


# ---------------------------------------------------------------- loading
def scenario_from_dict(data: dict, source: str = "<scenario>", layers: list | None = None) -> Scenario:
    """Validate a raw mapping into a :class:`Scenario` or raise :class:`ScenarioError`.

    A contact function given in part (``contacts: {care: {hours: 2}}``) keeps its
    other defaults; strategy names and custom strategies are checked here too, before
    anything runs. ``layers`` (from :func:`~sim.scenario_yaml.read_layers`) say which file
    each value came from, so that values of a file it extends are never repeated.
    """
    if not isinstance(data, dict):
        raise ScenarioError(f"{source}: a scenario must be a mapping of keys to values, got {type(data).__name__}")
    if isinstance(data.get("contacts"), dict):
        data = {**data, "contacts": deep_merge(Contacts().model_dump(), data["contacts"])}
    try:
        sc = Scenario.model_validate(data)
    except ValidationError as exc:
        raise ScenarioError(format_validation_error(exc, source, Scenario, layers)) from None
    from sim.strategies import BUILTINS, strategy_from_params  # strategies build on scenarios

    check_strategy_names(sc, source, BUILTINS, layers or [])
    check_custom_strategies(sc, source, strategy_from_params, layers or [])
    return sc


def load_scenario(name: str | Path, overrides: dict | None = None) -> Scenario:
    """Load a scenario by path or by name from ``scenarios/``, applying ``extends:`` and overrides."""
    path = resolve_path(name)
    if not path.is_file():
        known = ", ".join(sorted(p.stem for p in SCENARIO_DIR.glob("*.yaml")))
        raise ScenarioError(f"{str(name)[:200]}: no such scenario file (known scenarios: {known})")
    layers = read_layers(path)
    if overrides:
        layers[0] = (layers[0][0], deep_merge(layers[0][1], overrides))
    raw: dict = {}
    for _, data in reversed(layers):
        raw = deep_merge(raw, data)
    return scenario_from_dict(raw, str(name), layers)


def scenario_hash(scenario: Scenario) -> str:
    """A short stable hash of a scenario's full content (an account book by its content, not its path)."""
    data = scenario.model_dump(mode="json")
    if scenario.accounts.book is not None:
        data["accounts"]["book"] = book_digest(scenario.accounts.book)
    blob = json.dumps(data, sort_keys=True).encode()
    return hashlib.sha256(blob).hexdigest()[:16]
