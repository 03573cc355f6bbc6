"""Scenario sections of the population: the accounts (segments, stages, sizes, the book, the fit)
and their decision makers."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field, model_validator

from sim.accountbook import read_book
from sim.scenario_fit import Fit, check_fit
from sim.scenario_values import Num, Text, Weights, Whole
from sim.vocab import SEGMENTS, STAGES

__all__ = ["Accounts", "DecisionMakers", "SegmentMix", "SizeDist", "StageMix"]


class _Frozen(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, allow_inf_nan=False)


class SegmentMix(Weights):
    """Share of accounts in each value segment (normalised when used)."""

    WORDS = SEGMENTS
    ALL_ZERO = "at least one segment share must be above 0"
    key: Num = Field(0.05, ge=0, le=1000)
    strategic: Num = Field(0.10, ge=0, le=1000)
    profit: Num = Field(0.40, ge=0, le=1000)
    non_profit: Num = Field(0.45, ge=0, le=1000)


class StageMix(Weights):
    """Lifecycle stage of the accounts when the run starts."""

    WORDS = STAGES[:4]
    ALL_ZERO = "at least one stage share must be above 0"
    prospect: Num = Field(0.25, ge=0, le=1000)
    target: Num = Field(0.10, ge=0, le=1000)
    opportunity: Num = Field(0.05, ge=0, le=1000)
    customer: Num = Field(0.60, ge=0, le=1000)


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
