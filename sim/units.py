"""The simulated clock's units, defined once: the clock ticks in weeks."""

from __future__ import annotations

__all__ = ["WEEKS_PER_YEAR", "MONTHS_PER_YEAR", "WEEKS_PER_MONTH"]

WEEKS_PER_YEAR = 52.0
MONTHS_PER_YEAR = 12
WEEKS_PER_MONTH = WEEKS_PER_YEAR / MONTHS_PER_YEAR  # 4.33…
