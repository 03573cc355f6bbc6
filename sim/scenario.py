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
from typing import Any, get_args, get_origin

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from sim.vocab import SEGMENTS

__all__ = [
    "Scenario",
    "ScenarioError",
    "load_scenario",
    "scenario_from_dict",
    "scenario_hash",
    "deep_merge",
    "SCENARIO_DIR",
]

SCENARIO_DIR = Path(__file__).resolve().parent.parent / "scenarios"

Share = Field(ge=0.0, le=1.0)


class ScenarioError(ValueError):
    """A scenario file or value that cannot be used; the message says why."""


class _Frozen(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


# ---------------------------------------------------------------- population
class SegmentMix(_Frozen):
    """Share of accounts in each value segment (normalised when used)."""

    key: float = Field(0.05, ge=0)
    strategic: float = Field(0.10, ge=0)
    profit: float = Field(0.40, ge=0)
    non_profit: float = Field(0.45, ge=0)

    @model_validator(mode="after")
    def _not_all_zero(self) -> "SegmentMix":
        if sum(self.as_tuple()) <= 0:
            raise ValueError("at least one segment share must be above 0")
        return self

    def as_tuple(self) -> tuple[float, ...]:
        return tuple(getattr(self, s) for s in SEGMENTS)


class StageMix(_Frozen):
    """Lifecycle stage of the accounts when the run starts."""

    prospect: float = Field(0.25, ge=0)
    target: float = Field(0.10, ge=0)
    opportunity: float = Field(0.05, ge=0)
    customer: float = Field(0.60, ge=0)

    @model_validator(mode="after")
    def _not_all_zero(self) -> "StageMix":
        if sum(self.as_tuple()) <= 0:
            raise ValueError("at least one stage share must be above 0")
        return self

    def as_tuple(self) -> tuple[float, ...]:
        return (self.prospect, self.target, self.opportunity, self.customer)


class SizeDist(_Frozen):
    """Account size: lognormal multiplier of purchase volume per segment."""

    sigma: float = Field(0.55, ge=0, le=3, description="spread of size within a segment")
    key: float = Field(3.6, gt=0, description="median size of a key account")
    strategic: float = Field(2.6, gt=0)
    profit: float = Field(1.4, gt=0)
    non_profit: float = Field(0.5, gt=0)

    def medians(self) -> tuple[float, ...]:
        return tuple(getattr(self, s) for s in SEGMENTS)


class Accounts(_Frozen):
    count: int = Field(2000, ge=1, le=2_000_000)
    segments: SegmentMix = SegmentMix()
    regions: tuple[str, ...] = Field(("north", "south", "east", "west"), min_length=1)
    industries: tuple[str, ...] = Field(
        ("manufacturing", "retail", "education", "healthcare", "services"), min_length=1
    )
    size: SizeDist = SizeDist()
    initial_stages: StageMix = StageMix()
    intermediary_share: float = Field(0.3, ge=0, le=1, description="targets reachable through an intermediary")
    cost_to_serve_sigma: float = Field(
        1.05, ge=0, le=3, description="spread (lognormal, mean 1) of how costly accounts are to serve per order"
    )
    referral_capacity: float = Field(
        0.5, ge=0, le=5, description="room for referred accounts, as a share of count"
    )


class DecisionMakers(_Frozen):
    affinity_sigma: float = Field(0.7, ge=0, le=3, description="spread (lognormal, median 1) of how receptive decision makers are to the rep")
    need_match_bonus: float = Field(0.8, ge=0, le=5, description="extra gain when a contact meets a known need")
    tenure_years: float = Field(6.0, gt=0, description="mean years before a decision maker moves on")
    rapport_kept_on_change: float = Field(0.15, ge=0, le=1, description="share of rapport a new decision maker inherits")


# ---------------------------------------------------------------- people
class Reps(_Frozen):
    count: int = Field(20, ge=1, le=100_000)
    hours_per_week: float = Field(40.0, gt=0, le=80)
    selling_share: float = Field(0.6, gt=0, le=1, description="share of hours left for customer contacts")
    travel_hours: float = Field(1.0, ge=0, le=24, description="travel time of each visit")
    hourly_cost: float = Field(45.0, ge=0, description="cost of an hour of a rep's time")
    monthly_quota: float = Field(60000.0, ge=0)
    weekly_budget: float = Field(600.0, ge=0, description="gift and expense money per rep per week")


class Remedy(_Frozen):
    sell_through_uplift: float = Field(0.0, ge=0, le=5)
    dealer_cost_relief: float = Field(0.0, ge=0, le=1)
    cost_per_month: float = Field(0.0, ge=0, description="what the remedy costs us per dealer per month")


class Dealers(_Frozen):
    count: int = Field(20, ge=0)
    weekly_sell_through: float = Field(40.0, gt=0, description="units a median dealer sells to end customers per week")
    target_cover_weeks: float = Field(6.0, gt=0, description="stock a dealer likes to hold, in weeks of sales")
    avoid_cover_weeks: float = Field(14.0, gt=0, description="stock cover above which a dealer avoids the rep")
    answer_prob: float = Field(0.95, ge=0, le=1, description="chance a dealer at ease answers the rep")
    avoid_answer_prob: float = Field(0.15, ge=0, le=1,
                                     description="chance an overstocked or cash-starved dealer answers the rep")
    struggling_sales_share: float = Field(
        0.0, ge=0, le=1, description="a dealer whose recent sales fall below this share of his normal sales "
        "struggles and screens the rep's calls (0: never)")
    struggling_answer_prob: float = Field(0.6, ge=0, le=1, description="chance a struggling dealer answers the rep")
    push_units: float = Field(120.0, ge=0, description="units a transaction push loads onto a dealer")
    unit_price: float = Field(80.0, gt=0)
    unit_margin: float = Field(0.30, ge=0, le=1)
    dealer_margin: float = Field(0.25, ge=0, le=1, description="dealer's own margin on sell-through")
    holding_cost_weekly: float = Field(0.01, ge=0, le=1, description="dealer's cost of stock per week, share of value")
    initial_cash_weeks: float = Field(8.0, ge=0, description="dealer cash, in weeks of gross sales")
    campus_channel: Remedy = Remedy(sell_through_uplift=0.35, cost_per_month=300.0)
    shared_engineers: Remedy = Remedy(sell_through_uplift=0.15, dealer_cost_relief=0.5, cost_per_month=400.0)


class Product(_Frozen):
    name: str
    price: float = Field(gt=0, description="list price of a basket")
    margin: float = Field(ge=0, le=1, description="gross margin share")
    share: float = Field(1.0, gt=0, description="share of baskets that are this product")


DEFAULT_PRODUCTS = (
    Product(name="core", price=400.0, margin=0.46, share=0.7),
    Product(name="premium", price=900.0, margin=0.55, share=0.2),
    Product(name="consumables", price=120.0, margin=0.65, share=0.1),
)


class Offer(_Frozen):
    """Kotler's delivered value: four values minus four costs (points)."""

    product: float = Field(50.0, ge=0)
    service: float = Field(15.0, ge=0)
    personnel: float = Field(10.0, ge=0)
    image: float = Field(10.0, ge=0)
    price: float = Field(45.0, ge=0)
    time: float = Field(8.0, ge=0)
    energy: float = Field(6.0, ge=0)
    psychological: float = Field(4.0, ge=0)

    def total_value(self) -> float:
        return self.product + self.service + self.personnel + self.image

    def total_cost(self) -> float:
        return self.price + self.time + self.energy + self.psychological

    def delivered_value(self) -> float:
        return self.total_value() - self.total_cost()


class Competitor(_Frozen):
    offer: Offer = Offer(product=52.0, service=12.0, personnel=8.0, image=10.0, price=44.0, time=8.0, energy=6.0, psychological=4.0)
    poaching_per_year: float = Field(0.06, ge=0, le=5, description="yearly pull of the competitor on an uncared account")


class Market(_Frozen):
    purchases_per_year: float = Field(12.0, gt=0, le=200, description="baskets a satisfied customer buys per year")
    rate_spread: float = Field(0.3, ge=0, le=3, description="lognormal spread of purchase rates between accounts")
    basket_noise: float = Field(0.3, ge=0, le=3)
    neglect_per_year: float = Field(0.30, ge=0, le=10, description="yearly churn hazard of a fully neglected account")
    neglect_grace_months: float = Field(2.0, ge=0, description="months without contact before neglect starts to bite")
    service_failure_per_year: float = Field(0.8, ge=0, le=20, description="churn hazard while a quality problem is open")
    price_per_year: float = Field(0.04, ge=0, le=10, description="churn hazard from price comparison, per point of price gap")
    dm_left_per_year: float = Field(0.3, ge=0, le=20, description="churn hazard while a new decision maker is a stranger")
    churn_scale: float = Field(1.0, ge=0, le=10, description="multiplies every churn hazard (for what-if runs)")
    loyalty_protection: float = Field(0.75, ge=0, le=1, description="how much a confidant's loyalty cuts churn")
    loyalty_purchase_uplift: float = Field(
        0.2, ge=0, le=2, description="extra purchases per tier of relationship (loyal customers buy more)"
    )
    dormant_buy_factor: float = Field(0.3, ge=0, le=1, description="purchase rate of a dormant account, relative")
    opportunity_close_per_year: float = Field(0.5, ge=0, le=50, description="yearly chance an untouched opportunity buys")
    referrals_per_year: float = Field(0.25, ge=0, le=10, description="referrals a confidant gives per year (friends half)")
    purchase_floor: float = Field(0.3, ge=0, le=5, description="purchase rate factor of a wholly dissatisfied customer")
    satisfaction_purchase_slope: float = Field(
        1.4, ge=0, le=5, description="how much satisfaction (0-1) raises the purchase rate factor above the floor"
    )


class Shocks(_Frozen):
    crisis_per_year: float = Field(0.08, ge=0, le=10, description="chance per account-year of a customer crisis")
    crisis_months: float = Field(2.0, gt=0)
    quality_incident_per_year: float = Field(0.06, ge=0, le=10)
    quality_incident_months: float = Field(3.0, gt=0, description="how long an unresolved quality problem lasts")
    downturn_per_year: float = Field(0.15, ge=0, le=10, description="chance per year that a market downturn starts")
    downturn_months: float = Field(6.0, gt=0)
    downturn_depth: float = Field(0.35, ge=0, le=1, description="share of demand lost in a downturn")
    downturn_starts: tuple[float, ...] = Field(
        (), description="months at which a downturn surely starts (besides the random ones)"
    )


class ContactCost(_Frozen):
    hours: float = Field(ge=0, le=40)
    money: float = Field(ge=0)
    visit: bool = Field(True, description="a visit adds the rep's travel time")
    rapport: float = Field(ge=0, le=100, description="rapport a good contact adds (before need match and affinity)")
    value: float = Field(0.0, ge=0, le=25, description="service value points a good contact adds to our offer "
                         "for the account (up to 25 in all)")


class Contacts(_Frozen):
    """Time, money and rapport of each contact function (the five functions plus consulting)."""

    care: ContactCost = ContactCost(hours=1.0, money=40.0, visit=True, rapport=3.0)
    information: ContactCost = ContactCost(hours=0.5, money=0.0, visit=False, rapport=0.8)
    transaction: ContactCost = ContactCost(hours=1.5, money=10.0, visit=True, rapport=0.4)
    service: ContactCost = ContactCost(hours=2.0, money=20.0, visit=True, rapport=2.0, value=3.0)
    intelligence: ContactCost = ContactCost(hours=0.5, money=0.0, visit=False, rapport=0.6)
    consulting: ContactCost = ContactCost(hours=3.0, money=60.0, visit=True, rapport=3.5, value=6.0)


class Relationship(_Frozen):
    tier_thresholds: tuple[float, float, float] = Field(
        (20.0, 52.0, 81.0), description="rapport needed for acquaintance, friend, confidant"
    )
    fade_per_month: float = Field(0.05, ge=0, le=1, description="share of rapport lost per month without contact")
    crisis_help_multiplier: float = Field(3.0, ge=1, le=20, description="timely help in a crisis: rapport gain multiplier")

    @model_validator(mode="after")
    def _increasing(self) -> "Relationship":
        a, b, c = self.tier_thresholds
        if not (0 < a < b < c <= 100):
            raise ValueError(f"tier_thresholds must rise within (0, 100], got {list(self.tier_thresholds)}")
        return self


class Lifecycle(_Frozen):
    dormant_after_months: float = Field(3.0, gt=0, description="no purchase this long -> dormant (public pool)")
    lost_after_dormant_months: float = Field(9.0, gt=0, description="dormant this long -> lost")
    target_contact_success: float = Field(0.25, ge=0, le=1, description="chance a contact reaches a target's decision maker")
    intermediary_boost: float = Field(2.0, ge=1, le=10, description="how much an intermediary raises that chance")
    close_per_push: float = Field(0.2, ge=0, le=1, description="chance a transaction push closes an opportunity")
    wake_per_contact: float = Field(
        0.30, ge=0, le=1, description="chance a care/service/consulting contact wakes a dormant account (times satisfaction)"
    )


class Acquisition(_Frozen):
    cost_per_won: float = Field(4000.0, ge=0, description="marketing, proposal and onboarding cost of each won account")
    prospect_qualify: float = Field(0.35, ge=0, le=1, description="chance an intelligence contact qualifies a prospect")


class Economics(_Frozen):
    discount_rate: float = Field(0.10, ge=0, le=1, description="yearly rate for NPV")
    indulgence_cost: float = Field(150.0, ge=0, description="cost of serving an out-of-scope wish")
    indulgence_hours: float = Field(1.5, ge=0, description="rep hours an out-of-scope wish takes, times the "
                                    "account's cost to serve (taken from the week's selling hours)")
    wish_chance: float = Field(0.5, ge=0, le=1, description="chance a care or service contact brings a wish")
    cost_per_order: float = Field(175.0, ge=0, description="order handling and delivery cost of each purchase")


class FrozenDict(dict):
    """A dict that cannot be changed after it is made (for frozen scenarios)."""

    def _frozen(self, *args, **kwargs):
        raise TypeError("a scenario is frozen: build a new one (e.g. with load_scenario(..., overrides=...))")

    __setitem__ = __delitem__ = clear = pop = popitem = setdefault = update = _frozen  # type: ignore[assignment]
    __ior__ = _frozen  # type: ignore[assignment]

    def __reduce__(self):
        return (FrozenDict, (dict(self),))



def _freeze(v: Any) -> Any:
    if isinstance(v, dict):
        return FrozenDict({k: _freeze(x) for k, x in v.items()})
    if isinstance(v, list):
        return tuple(_freeze(x) for x in v)
    return v


class StrategySpec(_Frozen):
    """A strategy defined in YAML: a built-in to start from plus parameter overrides."""

    extends: str = "routine_care"
    label: str | None = None
    params: dict[str, Any] = Field(default_factory=dict)

    @field_validator("params", mode="after")
    @classmethod
    def _freeze_params(cls, v: dict) -> "FrozenDict":
        return _freeze(v)


class Scenario(_Frozen):
    """A validated, frozen scenario: everything a run needs except strategy and seed."""

    name: str = "unnamed"
    description: str = ""
    seed: int = Field(20261123, ge=0, le=2**63 - 1)
    horizon_months: int = Field(36, ge=1, le=600)
    replications: int = Field(10, ge=1, le=10_000)
    accounts: Accounts = Accounts()
    decision_makers: DecisionMakers = DecisionMakers()
    reps: Reps = Reps()
    dealers: Dealers = Dealers()
    products: tuple[Product, ...] = Field(DEFAULT_PRODUCTS, min_length=1)
    offer: Offer = Offer()
    competitor: Competitor = Competitor()
    market: Market = Market()
    shocks: Shocks = Shocks()
    contacts: Contacts = Contacts()
    relationship: Relationship = Relationship()
    lifecycle: Lifecycle = Lifecycle()
    acquisition: Acquisition = Acquisition()
    economics: Economics = Economics()
    strategies: tuple[str, ...] = Field(
        ("no_care", "quota_push", "most_favoured", "routine_care", "value_based",
         "customer_manager", "tier_ladder", "public_pool", "timely_help"),
        min_length=1,
    )
    custom_strategies: dict[str, StrategySpec] = Field(default_factory=dict)

    @field_validator("custom_strategies", mode="after")
    @classmethod
    def _freeze_specs(cls, v: dict) -> "FrozenDict":
        return FrozenDict(v)

    @model_validator(mode="after")
    def _consistent(self) -> "Scenario":
        if self.dealers.count > self.accounts.count:
            raise ValueError(
                f"dealers.count ({self.dealers.count}) cannot exceed accounts.count ({self.accounts.count})"
            )
        return self

    @property
    def horizon_weeks(self) -> int:
        return int(round(self.horizon_months * 52 / 12))


# ---------------------------------------------------------------- loading
def deep_merge(base: dict, override: dict) -> dict:
    """Merge ``override`` into ``base`` recursively (mappings merge, other values replace)."""
    out = dict(base)
    for key, value in override.items():
        if isinstance(value, dict) and isinstance(out.get(key), dict):
            out[key] = deep_merge(out[key], value)
        else:
            out[key] = value
    return out


def _read_yaml(path: Path) -> dict:
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ScenarioError(f"{path}: file not found") from None
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" (line {mark.line + 1}, column {mark.column + 1})" if mark else ""
        raise ScenarioError(f"{path}{where}: not valid YAML: {getattr(exc, 'problem', exc)}") from None
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise ScenarioError(f"{path}: a scenario must be a mapping of keys to values, got {type(data).__name__}")
    return data


def resolve_path(name: str | Path, relative_to: Path | None = None) -> Path:
    """Find a scenario by path, or by name in ``scenarios/`` (``workshop`` -> ``scenarios/workshop.yaml``)."""
    p = Path(name)
    candidates = [p]
    if relative_to is not None:
        candidates.append(relative_to / p)
    candidates += [SCENARIO_DIR / p, SCENARIO_DIR / f"{p}.yaml"]
    for c in candidates:
        if c.is_file():
            return c
    return p


def _raw_with_extends(path: Path, seen: tuple[Path, ...] = ()) -> dict:
    path = path.resolve() if path.exists() else path
    if path in seen:
        chain = " -> ".join(str(s) for s in (*seen, path))
        raise ScenarioError(f"{path}: extends: forms a cycle ({chain})")
    data = _read_yaml(path)
    data.setdefault("name", path.stem)  # a file is named after itself unless it says otherwise
    parent = data.pop("extends", None)
    if parent is None:
        return data
    if not isinstance(parent, str):
        raise ScenarioError(f"{path}: extends: must be a file name or scenario name, got {parent!r}")
    parent_path = resolve_path(parent, path.parent)
    if not parent_path.is_file():
        raise ScenarioError(f"{path}: extends: {parent!r} not found (looked beside the file and in {SCENARIO_DIR})")
    return deep_merge(_raw_with_extends(parent_path, (*seen, path)), data)


def _allowed_here(loc: tuple) -> str:
    """What keys are allowed at ``loc``'s parent, for unknown-key errors."""
    ann: Any = Scenario
    for part in loc[:-1]:
        origin = get_origin(ann)
        if origin in (list, tuple, dict):  # an index or a name inside a collection
            ann = get_args(ann)[-1] if origin is dict else get_args(ann)[0]
            continue
        if not (isinstance(ann, type) and issubclass(ann, BaseModel)) or part not in ann.model_fields:
            return ""
        ann = ann.model_fields[part].annotation
    if isinstance(ann, type) and issubclass(ann, BaseModel):
        return ", ".join(ann.model_fields)
    return ""


def format_validation_error(err: ValidationError, raw: dict, source: str) -> str:
    """One readable message: file, key path, bad value, what is allowed."""
    lines = []
    errors = err.errors()
    locs = [tuple(e["loc"]) for e in errors]
    for e in errors:
        loc = tuple(p for p in e["loc"] if p not in ("function-after",))
        if any(other != tuple(e["loc"]) and other[: len(e["loc"])] == tuple(e["loc"]) for other in locs):
            continue  # a container's error when one of its items is already named
        path = ".".join(str(p) for p in loc) or "(top level)"
        value = e.get("input")
        if e["type"] == "extra_forbidden":
            allowed = _allowed_here(loc)
            lines.append(f"{source}: {path}: unknown key (value {value!r}); allowed here: {allowed}")
        elif e["type"] == "literal_error":
            lines.append(f"{source}: {path}: {e['msg']}")
        elif isinstance(value, dict):  # a rule across several keys: the message names them
            msg = e["msg"].replace("Value error, ", "")
            lines.append(f"{source}: {path}: {msg}")
        else:
            msg = e["msg"].replace("Value error, ", "")
            lines.append(f"{source}: {path}: bad value {value!r}: {msg}")
    return "\n".join(lines)


def scenario_from_dict(data: dict, source: str = "<scenario>") -> Scenario:
    """Validate a raw mapping into a :class:`Scenario` or raise :class:`ScenarioError`.

    A contact function given in part (``contacts: {care: {hours: 2}}``) keeps its
    other defaults; custom strategies are checked here too, before anything runs.
    """
    if isinstance(data.get("contacts"), dict):
        data = {**data, "contacts": deep_merge(Contacts().model_dump(), data["contacts"])}
    try:
        sc = Scenario.model_validate(data)
    except ValidationError as exc:
        raise ScenarioError(format_validation_error(exc, data, source)) from None
    from sim.strategies import strategy_from_params  # strategies build on scenarios

    for name, spec in sc.custom_strategies.items():
        strategy_from_params(name, spec.extends, dict(spec.params), f"{source}: ")
    return sc


def load_scenario(name: str | Path, overrides: dict | None = None) -> Scenario:
    """Load a scenario by path or by name from ``scenarios/``, applying ``extends:`` and overrides."""
    path = resolve_path(name)
    if not path.is_file():
        known = ", ".join(sorted(p.stem for p in SCENARIO_DIR.glob("*.yaml")))
        raise ScenarioError(f"{name}: no such scenario file (known scenarios: {known})")
    raw = _raw_with_extends(path)
    if overrides:
        raw = deep_merge(raw, overrides)
    return scenario_from_dict(raw, str(name))


def scenario_hash(scenario: Scenario) -> str:
    """A short stable hash of a scenario's full content."""
    blob = json.dumps(scenario.model_dump(mode="json"), sort_keys=True).encode()
    return hashlib.sha256(blob).hexdigest()[:16]
