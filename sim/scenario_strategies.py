"""The parameters of a care strategy, and the built-in strategies as settings of them.

:class:`StrategyParams` is the schema (validated, so a YAML strategy with a wrong key or value
fails with a clear message); the scenario checks its ``custom_strategies`` against it and the
built-in names, and :class:`~sim.strategies.params.ParamStrategy` turns a setting into plans.
"""

from __future__ import annotations

from typing import Literal

import numpy as np
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from sim.scenario_values import Weights
from sim.scenario_yaml import ScenarioError, deep_merge, key_path, origin_of, short, touched_by_other
from sim.vocab import FUNCTIONS, SEGMENTS, STAGES

FunctionChoice = Literal["care", "information", "transaction", "service", "intelligence", "consulting",
                         "rotate", "need", "mix"]


class PerSegment(Weights):
    """A number per value segment (weights, or weeks between contacts)."""

    WORDS = SEGMENTS
    key: float = Field(1.0, ge=0)
    strategic: float = Field(1.0, ge=0)
    profit: float = Field(1.0, ge=0)
    non_profit: float = Field(1.0, ge=0)


class PerFunction(Weights):
    """Weights of the contact functions in a mix (normalised when used)."""

    WORDS = FUNCTIONS
    ALL_ZERO = "function_mix needs at least one weight above 0"
    care: float = Field(1.0, ge=0)
    information: float = Field(0.0, ge=0)
    transaction: float = Field(0.0, ge=0)
    service: float = Field(0.0, ge=0)
    intelligence: float = Field(0.0, ge=0)
    consulting: float = Field(0.0, ge=0)

    def cumulative(self) -> np.ndarray:
        """Cumulative shares of the functions (for drawing one)."""
        w = self.array()
        return np.cumsum(w) / w.sum()


class PerStage(Weights):
    """A weight per lifecycle stage."""

    WORDS = STAGES
    prospect: float = Field(0.3, ge=0)
    target: float = Field(0.6, ge=0)
    opportunity: float = Field(1.0, ge=0)
    customer: float = Field(1.0, ge=0)
    dormant: float = Field(0.0, ge=0)
    lost: float = Field(0.0, ge=0)


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


def custom_params(name: str, base: str, overrides: dict, source: str = "") -> StrategyParams:
    """The parameters of a custom strategy: the built-in ``base`` with parameter ``overrides``."""
    if base not in BUILTINS:
        raise ScenarioError(
            f"{source}custom_strategies.{name}.extends: unknown strategy {short(base)}; "
            f"built-ins are: {', '.join(BUILTINS)}"
        )
    raw = deep_merge(BUILTINS[base].model_dump(), overrides)
    try:
        return StrategyParams.model_validate(raw)
    except ValidationError as exc:
        raise ScenarioError("\n".join(_param_errors(exc, name, source))) from None


def _param_errors(exc: ValidationError, name: str, source: str) -> list[str]:
    """One line per bad parameter of custom strategy ``name``."""
    lines = []
    for e in exc.errors():
        path = ".".join(str(p) for p in e["loc"])
        if e["type"] == "extra_forbidden":
            lines.append(f"{source}custom_strategies.{name}.params.{path}: unknown parameter; "
                         f"allowed: {', '.join(StrategyParams.model_fields)}")
        else:
            lines.append(f"{source}custom_strategies.{name}.params.{path}: bad value "
                         f"{short(e.get('input'))}: {e['msg']}")
    return lines


def check_strategy_names(sc, source: str, layers: list) -> None:
    """A custom strategy may not shadow a built-in; every listed strategy must exist."""
    for name in sc.custom_strategies:
        if name in BUILTINS:
            raise ScenarioError(f"{source}: custom_strategies.{key_path([name])}: a built-in strategy has this name; "
                                "choose another name (built-ins: see 'python -m sim list')")
    for i, name in enumerate(sc.strategies):
        if name not in BUILTINS and name not in sc.custom_strategies:
            known = short(", ".join([*BUILTINS, *sc.custom_strategies]), 400).strip("'")
            foreign = origin_of(("strategies", i), layers)
            what = f"(in {foreign})" if foreign else short(name)
            raise ScenarioError(f"{source}: strategies: unknown strategy {what}; available: {known}")


def check_custom_strategies(sc, source: str, layers: list) -> None:
    """Every custom strategy builds; a bad one from an extended file is named, its values are not."""
    for name, spec in sc.custom_strategies.items():
        try:
            custom_params(name, spec.extends, dict(spec.params), f"{source}: ")
        except ScenarioError:
            foreign = touched_by_other(("custom_strategies", name), layers)
            if not foreign:
                raise
            raise ScenarioError(f"{source}: custom_strategies.{key_path([name])}: not a valid strategy (in {foreign}); "
                                "run 'python -m sim validate' on that file") from None
