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

from sim.accountbook import book_digest
from sim.scenario_accounts import Accounts, DecisionMakers, SegmentMix, SizeDist, StageMix  # noqa: F401 (re-exported)
from sim.scenario_costs import Fairness, ValueCosts
from sim.scenario_values import (
    Flag, FrozenDict, Num, Text, Whole, format_validation_error, freeze, plain_params,
)
from sim.scenario_market import DEFAULT_PRODUCTS, Competitor, Market, Offer, Product, Shocks  # noqa: F401
from sim.scenario_people import BuyingCentre, People
from sim.scenario_strategies import check_custom_strategies, check_strategy_names
from sim.scenario_yaml import SCENARIO_DIR, ScenarioError, deep_merge, read_layers, resolve_path
from sim.uncertainty import Spread, check_paths
from sim.units import MONTHS_PER_YEAR, WEEKS_PER_YEAR

__all__ = [
    "Scenario",
    "ScenarioError",
    "load_scenario",
    "scenario_from_dict",
    "scenario_hash",
    "deep_merge",
    "SCENARIO_DIR",
    "MAX_REPLICATIONS", "MAX_SEED",
    "resolve_path", "with_months",
]

MAX_REPLICATIONS = 100_000  # the one limit: the schema, the CLI and the API use it
MAX_SEED = 2**63 - 1  # likewise: the largest base seed (NumPy seeds are 64-bit)


class _Frozen(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, allow_inf_nan=False)


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
    #: what the loyal and big perceive of favours (sim/scenario_costs.py); left out of the dump while off
    fairness: Fairness = Field(Fairness(), exclude_if=lambda v: v == Fairness())


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
    check_strategy_names(sc, source, layers or [])
    check_custom_strategies(sc, source, layers or [])
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


def with_months(sc: Scenario, months: int | None) -> Scenario:
    """``sc`` lasting ``months`` months (``sc`` itself when None or already so)."""
    if months is None or int(months) == sc.horizon_months:
        return sc
    return scenario_from_dict(deep_merge(sc.model_dump(mode="json"), {"horizon_months": int(months)}),
                              f"{sc.name} ({months} months)")


def scenario_hash(scenario: Scenario) -> str:
    """A short stable hash of a scenario's full content (an account book by its content, not its path)."""
    data = scenario.model_dump(mode="json")
    if scenario.accounts.book is not None:
        data["accounts"]["book"] = book_digest(scenario.accounts.book)
    blob = json.dumps(data, sort_keys=True).encode()
    return hashlib.sha256(blob).hexdigest()[:16]
