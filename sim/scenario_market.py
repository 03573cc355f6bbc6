"""Scenario sections of the market: the products, our offer and the competitor's (Kotler's
delivered value), purchase and churn rates, and downturns."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

from sim.scenario_values import Month, Num, Text

__all__ = ["DEFAULT_PRODUCTS", "Competitor", "Market", "Offer", "Product", "Shocks"]


class _Frozen(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, allow_inf_nan=False)


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
