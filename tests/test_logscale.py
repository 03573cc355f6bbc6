"""The log-scale pieces the BG/NBD and Gamma-Gamma fits share (sim.calibration.logscale)."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pytest

from sim.calibration.logscale import LogScaleFit, log_covariance

A = np.array([[4.0, 1.0], [1.0, 3.0]])


def test_the_covariance_is_the_inverse_hessian_of_the_total():
    """For n × nll = ½ θᵀAθ the covariance is A⁻¹; a flat direction gives NaN.
    Mutation: drop the ``* n`` or the inverse in log_covariance."""
    n = 50.0
    cov = log_covariance(lambda th: 0.5 * np.einsum("i...,ij,j...->...", th, A, th) / n, np.zeros(2), n)
    assert np.allclose(cov, np.linalg.inv(A), rtol=1e-6)
    flat = log_covariance(lambda th: 0.0 * th[0], np.zeros(2), n)
    assert flat.shape == (2, 2) and np.isnan(flat).all()


@dataclass(frozen=True)
class _Fit(LogScaleFit):
    NAMES = ("u", "v")
    u: float
    v: float
    cov_log: np.ndarray = field(default_factory=lambda: np.diag([0.04, 0.25]))


def test_standard_errors_follow_the_named_fields_by_the_delta_method():
    """se = exp(θ) · √diag(cov_log), per name in NAMES. Mutation: exp(θ) left out, or names swapped."""
    f = _Fit(2.0, 10.0)
    assert np.allclose(f.theta, np.log([2.0, 10.0]))
    assert f.se == pytest.approx({"u": 0.4, "v": 5.0})
