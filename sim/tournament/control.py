"""The facilitator's controls on a session: pause, a round timer and its extension, more rounds, a message.

All in the ``sessions`` row (columns ``paused``, ``deadline``, ``broadcast``, ``broadcast_at``,
added to an older database on first use by :func:`.db._add_columns`), so every kernel —
the facilitator's and each team's — reads the same state from the file. The timer is a
notice: teams see the minutes left; the round still closes when the facilitator closes it.
While a round is paused, submissions are answered ``paused`` and not recorded.
"""

from __future__ import annotations

import math
from datetime import datetime, timedelta, timezone

from .db import TournamentError, _now
from .payload import BadPayload, check_text
from .queries import Queries, normalise_code

MAX_ROUNDS = 120
MAX_MINUTES = 240
MAX_MESSAGE = 500


def _minutes(value, what: str) -> float:
    """``value`` as minutes from 0 to :data:`MAX_MINUTES` (TournamentError otherwise)."""
    try:
        m = float(value)
    except (TypeError, ValueError):
        m = math.nan
    if isinstance(value, bool) or not 0 <= m <= MAX_MINUTES:
        raise TournamentError(f"{what} must be a number of minutes from 0 to {MAX_MINUTES}, got {str(value)[:20]!r}")
    return m


def seconds_left(session: dict, now: datetime | None = None) -> float | None:
    """Seconds until the open round's deadline (negative once it passed); None without a timer."""
    if not session.get("deadline") or not session.get("round_open"):
        return None
    end = datetime.fromisoformat(session["deadline"])
    return (end - (now or datetime.now(timezone.utc))).total_seconds()


class Control(Queries):
    """Pause, timer, extension and broadcast (each needs the facilitator key)."""

    def _set(self, code: str, key: str, sql: str, args: tuple) -> dict:
        code = normalise_code(code)
        self.check_key(code, key)
        with self._write() as con:
            con.execute(f"UPDATE sessions SET {sql} WHERE code = ?", (*args, code))
        return self.session(code)

    def pause(self, code: str, key: str, paused: bool = True) -> dict:
        """Pause (or resume) the open round; returns the session."""
        s = self.session(code)
        if paused and not s["round_open"]:
            raise TournamentError(f"round {s['round']} is closed: there is nothing to pause")
        return self._set(code, key, "paused = ?", (int(bool(paused)),))

    def set_timer(self, code: str, key: str, minutes: float) -> dict:
        """The open round ends ``minutes`` from now (0: no timer)."""
        m = _minutes(minutes, "the round timer")
        end = (datetime.now(timezone.utc) + timedelta(minutes=m)).isoformat(timespec="seconds") if m else None
        return self._set(code, key, "deadline = ?", (end,))

    def extend(self, code: str, key: str, minutes: float = 0, rounds: int = 0) -> dict:
        """Add ``minutes`` to the round's timer (from now if it has none or it passed) and ``rounds`` to the
        game (up to :data:`MAX_ROUNDS`; a finished game goes on: open the next round)."""
        m = _minutes(minutes, "the extension")
        s = self.session(code)
        if isinstance(rounds, bool) or not isinstance(rounds, int) or not 0 <= rounds <= MAX_ROUNDS - s["rounds"]:
            raise TournamentError(f"the game can grow by 0 to {MAX_ROUNDS - s['rounds']} rounds "
                                  f"(at most {MAX_ROUNDS} in all), got {str(rounds)[:20]!r}")
        end = s["deadline"]
        if m:
            base = max(datetime.now(timezone.utc), datetime.fromisoformat(end)) if end else datetime.now(timezone.utc)
            end = (base + timedelta(minutes=m)).isoformat(timespec="seconds")
        return self._set(code, key, "deadline = ?, rounds = rounds + ?", (end, rounds))

    def broadcast(self, code: str, key: str, message: str) -> dict:
        """Show ``message`` on every team page (an empty one clears it)."""
        try:
            text = check_text(message, "the message", MAX_MESSAGE).strip()
        except BadPayload as exc:
            raise TournamentError(str(exc)) from None
        return self._set(code, key, "broadcast = ?, broadcast_at = ?", (text, _now() if text else None))
