"""The store's one retry loop (sim.tournament.db._while_busy): a locked or busy database is tried
again until the timeout, any other error is raised at once."""

from __future__ import annotations

import sqlite3
import time

import pytest

from sim.tournament.db import _while_busy


def _flaky(failures: int, message: str = "database is locked"):
    """An action that raises ``message`` ``failures`` times, then answers how often it was called."""
    calls = []

    def action():
        calls.append(1)
        if len(calls) <= failures:
            raise sqlite3.OperationalError(message)
        return len(calls)
    return action


def test_a_busy_database_is_tried_again_until_it_answers():
    """Mutation: drop the retry (raise on the first OperationalError) and this fails."""
    assert _while_busy(_flaky(3), 5.0, lambda: 0.0) == 4
    assert _while_busy(_flaky(2, "database table is busy"), 5.0, lambda: 0.0) == 3


def test_other_errors_and_a_lock_past_the_timeout_are_raised():
    """Mutation: retry every OperationalError, or ignore the deadline, and this fails (or hangs)."""
    action = _flaky(1, "no such table: teams")
    with pytest.raises(sqlite3.OperationalError, match="no such table"):
        _while_busy(action, 5.0, lambda: 0.0)
    t0 = time.monotonic()
    with pytest.raises(sqlite3.OperationalError, match="locked"):
        _while_busy(_flaky(10**9), 0.05, lambda: 0.005)
    assert time.monotonic() - t0 < 2.0

