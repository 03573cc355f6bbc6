"""What the BG/NBD and Gamma-Gamma fits share: parameters estimated on the log scale.

:class:`LogScaleFit` gives a fitted model (a dataclass with the fields named in ``NAMES``
and ``cov_log``) its log-parameters and standard errors; :func:`log_covariance` is the
covariance of the log-parameters from the numerical Hessian at the optimum.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import ClassVar

import numpy as np
from scipy.differentiate import hessian

__all__ = ["LogScaleFit", "log_covariance"]


class LogScaleFit:
    """Mix-in of a fitted model: ``theta`` (its log-parameters) and ``se`` (their standard errors)."""

    NAMES: ClassVar[tuple[str, ...]] = ()
    cov_log: np.ndarray

    @property
    def theta(self) -> np.ndarray:
        return np.log([getattr(self, name) for name in self.NAMES])

    @property
    def se(self) -> dict[str, float]:
        """Standard error of each parameter (delta method from the log scale)."""
        sd = np.sqrt(np.clip(np.diag(self.cov_log), 0.0, None))
        return dict(zip(self.NAMES, np.exp(self.theta) * sd))


def log_covariance(nll: Callable[[np.ndarray], np.ndarray], theta: np.ndarray, n: float) -> np.ndarray:
    """Covariance of the log-parameters: the inverse Hessian of ``n × nll`` at the optimum ``theta``
    (NaN when it cannot be inverted); ``nll`` is the mean negative log-likelihood over ``n``."""
    h = hessian(nll, theta, initial_step=0.05, order=2, maxiter=2).ddf * n
    try:
        return np.linalg.inv(h)
    except np.linalg.LinAlgError:
        return np.full((theta.size, theta.size), np.nan)
