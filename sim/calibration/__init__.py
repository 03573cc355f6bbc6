"""Calibrate a scenario from a CRM transaction export, and backtest it.

``io`` reads and checks a transaction log (CSV or Parquet), ``rfm`` turns it into
per-customer frequency/recency, ``bgnbd`` is the BG/NBD model (Fader, Hardie & Lee 2005),
``spend`` estimates basket size and the segment mix, ``simfit`` tunes the simulation so a
simulated book looks like the data to the same estimator, ``twin`` gives each real customer
its own simulated account (the scenario's ``accounts.book``), ``fit`` writes the scenario and
``backtest`` checks its forecast on a holdout period. ``cli`` adds the ``calibrate`` and
``backtest`` commands to ``python -m sim``.

Nothing here is imported by ``import sim``; SciPy is loaded only when a model is fitted.
"""

from __future__ import annotations

__all__ = ["CalibrationError"]


class CalibrationError(ValueError):
    """A transaction file or option that cannot be used; the message says why and where."""
