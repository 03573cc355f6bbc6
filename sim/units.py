"""The simulation's units, defined once: the clock ticks in weeks; rapport is in points out of 100."""

from __future__ import annotations

__all__ = ["WEEKS_PER_YEAR", "MONTHS_PER_YEAR", "WEEKS_PER_MONTH", "RAPPORT_MAX"]

WEEKS_PER_YEAR = 52.0
MONTHS_PER_YEAR = 12
WEEKS_PER_MONTH = WEEKS_PER_YEAR / MONTHS_PER_YEAR  # 4.33…
RAPPORT_MAX = 100.0  # rapport (and tier thresholds) are points on a 0-100 scale
