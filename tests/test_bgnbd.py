"""The BG/NBD reference model: likelihood, fit, conditional expectation, simulation."""

from __future__ import annotations

import math

import numpy as np
import pytest

from sim.calibration import bgnbd as bg

#: Fader, Hardie & Lee (2005): the CDNOW fit, in weeks
CDNOW = bg.BGNBD(r=0.243, alpha=4.414, a=0.793, b=2.426)
TRUE = bg.BGNBD(r=0.8, alpha=6.0, a=0.6, b=2.5)


@pytest.fixture(scope="module")
def recovered() -> bg.BGNBD:
    rng = np.random.default_rng(20261123)
    T = rng.uniform(20.0, 52.0, 5000)
    x, t_x = bg.simulate(TRUE, T, rng)
    return bg.fit(x, t_x, T)


@pytest.mark.parametrize("name", ["r", "alpha", "a", "b"])
def test_fit_recovers_known_parameters(recovered, name):
    """Data simulated from known (r, alpha, a, b) are fitted back within 3 standard errors."""
    assert abs(getattr(recovered, name) - getattr(TRUE, name)) < 3 * recovered.se[name]


def test_standard_errors_are_small_and_finite(recovered):
    """5,000 customers give every parameter a finite standard error under 15% of its value."""
    assert all(0 < recovered.se[k] < 0.15 * getattr(recovered, k) for k in ("r", "alpha", "a", "b"))


def test_log_likelihood_matches_the_closed_form_for_one_customer():
    """One customer's log-likelihood equals FHL 2005 eq. 6 written out by hand."""
    r, alpha, a, b = 0.5, 3.0, 0.7, 2.0
    x, t_x, T = 3, 20.0, 30.0
    head = math.gamma(r + x) * alpha ** r / math.gamma(r) * math.gamma(a + b) * math.gamma(b + x) \
        / (math.gamma(b) * math.gamma(a + b + x))
    want = math.log(head * ((alpha + T) ** -(r + x) + a / (b + x - 1) * (alpha + t_x) ** -(r + x)))
    assert bg.log_likelihood((r, alpha, a, b), [x], [t_x], [T]) == pytest.approx(want, rel=1e-10)


def test_conditional_expectation_matches_the_published_example():
    """CDNOW customer x=2, t_x=30.43, T=38.86 expects 1.226 purchases in the next 39 weeks (FHL 2005)."""
    assert bg.conditional_expected(CDNOW, 39, 2, 30.43, 38.86) == pytest.approx(1.226, abs=5e-4)


def test_conditional_expectation_matches_simulated_futures():
    """Summed over simulated customers, expected holdout purchases equal the simulated ones (±3%)."""
    rng = np.random.default_rng(5)
    T = np.full(100_000, 30.0)
    x, t_x, future = bg.simulate(CDNOW, T, rng, horizon=20.0)
    assert bg.conditional_expected(CDNOW, 20.0, x, t_x, T).sum() == pytest.approx(future.sum(), rel=0.03)


def test_p_active_matches_simulated_futures():
    """Expected customers with a holdout purchase equal the simulated count (±3%)."""
    rng = np.random.default_rng(6)
    T = np.full(100_000, 30.0)
    x, t_x, future = bg.simulate(CDNOW, T, rng, horizon=20.0)
    assert bg.p_active(CDNOW, 20.0, x, t_x, T).sum() == pytest.approx((future > 0).sum(), rel=0.03)


def test_p_alive_is_one_without_repeat_purchases():
    """A customer with no repeat purchase cannot have dropped out (dropout follows purchases)."""
    assert bg.p_alive(CDNOW, 0, 0.0, 30.0) == 1.0


def test_fit_refuses_data_without_repeat_purchases():
    """With no repeat purchases at all there is nothing to fit: a clear ValueError."""
    with pytest.raises(ValueError, match="repeat purchases"):
        bg.fit([0, 0], [0.0, 0.0], [10.0, 12.0])
