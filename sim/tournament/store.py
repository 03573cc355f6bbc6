"""The tournament store: sessions, teams, decisions and results in one SQLite file (WAL).

"Nothing lost in a workshop": every kernel (the facilitator's, each team's) opens the same
database file; SQLite in WAL mode lets many of them read while one writes, ``busy_timeout``
makes a writer wait for its turn instead of failing, and each change is one transaction
(``BEGIN IMMEDIATE`` … ``COMMIT``), so a killed kernel or server never leaves half a
change. Every connection is opened for one operation and closed again, so there is no
state outside the file: a restarted server reads the same sessions, teams, submissions
and leaderboard, and teams carry on where they were.

The path is a setting: the ``path`` argument, else the ``CRM_DOJO_DB`` environment
variable, else ``out/dojo.sqlite3``. Schema, connections and durability (``synchronous =
FULL``) are in :mod:`.db`, the reads in :mod:`.queries`; this module holds the rules.

Rules the API enforces (not the pages):

- a session has a short code (6 characters from :data:`ALPHABET`, no 0/O/1/I/L) and a
  facilitator key; only the key may close rounds, open the next one, or see every
  team's decisions at any time;
- a team joins with a name and gets a secret token (only its hash is stored); every
  submission and every read of its own decisions needs that token. Names are NFKC-normalised
  and compared by skeleton, so no name joins beside one that looks the same (:mod:`.names`);
  a session takes at most ``max_teams`` teams (default 40);
- a team sees another team's decisions only for rounds that are closed;
- a submission answers with a :class:`Receipt`, never an exception: ``accepted``,
  ``revised`` (replaced the team's earlier decisions; allowed while the round is open),
  ``duplicate`` (the same decisions again: nothing changed), ``late`` (the round is
  closed: not recorded), ``paused`` (the facilitator paused the round: not recorded), ``not_open`` (a future round), ``finished``, ``refused`` (bad
  token or session), ``invalid`` (not decisions, or out of bounds: :mod:`.payload` checks
  every value, depth and size before anything is stored), ``error`` (the store failed).
  Every attempt is logged. Stored decisions are checked again when read, so a bad row
  plays the default plan instead of stopping the round;
- closing a round fills in the teams that did not submit: they keep their decisions of
  the previous round (``carried``), or in round 1 the game's default plan (``default``,
  :meth:`sim.game.Game.default_decisions`). A team that joins late gets the default plan
  for the rounds already closed.
"""

from __future__ import annotations

import json
import secrets
import sqlite3
from pathlib import Path

from .db import (
    DEFAULT_DB, DEFAULT_MAX_TEAMS, AuthError, HiddenError, Receipt, SessionNotFound, TeamNameTaken, TournamentError,
    _canonical, _hash, _now, db_path,
)
from .names import BadName, clean_name, name_key
from .payload import DEFAULT_PAYLOAD, MAX_PAYLOAD, BadPayload, check_decisions, check_round, check_text, month_hours
from .control import Control
from .queries import normalise_code

__all__ = ["ALPHABET", "AuthError", "DEFAULT_DB", "HiddenError", "MAX_PAYLOAD", "Receipt", "SessionNotFound", "Store",
           "TeamNameTaken", "TournamentError", "db_path", "new_code", "normalise_code"]

#: session codes: no 0/O, 1/I/L — easy to read off a projector and type
ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 6
MAX_TEAMS_LIMIT = 1000


def new_code(n: int = CODE_LENGTH) -> str:
    return "".join(secrets.choice(ALPHABET) for _ in range(n))


class Store(Control):
    """The tournament database at :func:`db_path` (created on first use)."""

    def __init__(self, path: str | Path | None = None, timeout: float = 30.0) -> None:
        self.path = db_path(path)
        self.timeout = float(timeout)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._init()

    def __repr__(self) -> str:
        return f"Store({str(self.path)!r})"

    # ------------------------------------------------------------ sessions
    def create_session(self, scenario="dealer_phone", rounds: int = 6, seed: int | None = None,
                       others: str = "routine_care", rep: int = 0, title: str = "",
                       code: str | None = None, max_teams: int = DEFAULT_MAX_TEAMS) -> tuple[str, str]:
        """Open a session; returns ``(code, facilitator_key)``. Round 1 is open at once.

        ``scenario``: a name, path or :class:`~sim.Scenario`; the game lasts ``rounds`` months
        (one round = one month), every team plays the same world (``seed``); at most ``max_teams`` join.
        """
        # lazy on purpose: the store alone loads without sim (stdlib and sqlite3: tests/tournament_worker.py)
        from sim.scenario import Scenario, load_scenario, scenario_hash, with_months
        from sim.strategies import resolve_strategy  # (as above)

        rounds, max_teams = int(rounds), int(max_teams)
        if not 1 <= rounds <= 120:
            raise TournamentError(f"rounds must be from 1 to 120, got {rounds}")
        if not 1 <= max_teams <= MAX_TEAMS_LIMIT:
            raise TournamentError(f"max_teams must be from 1 to {MAX_TEAMS_LIMIT}, got {max_teams}")
        sc = scenario if isinstance(scenario, Scenario) else load_scenario(scenario)
        sc = with_months(sc, rounds)
        resolve_strategy(others, sc)  # a clear error now rather than at the first round
        if not 0 <= rep < sc.reps.count:
            raise TournamentError(f"rep must be from 0 to {sc.reps.count - 1}, got {rep}")
        seed = int(sc.seed if seed is None else seed)
        key = secrets.token_urlsafe(12)
        now = _now()
        dump = sc.model_dump(mode="json")
        for _ in range(20):
            c = normalise_code(code) if code else new_code()
            try:
                with self._write() as con:
                    con.execute(
                        "INSERT INTO sessions (code, title, scenario_name, scenario_json, scenario_hash, seed, rep, "
                        "others, rounds, key_hash, created_at, max_teams, max_hours) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)",
                        (c, title, sc.name, json.dumps(dump), scenario_hash(sc), seed, rep,
                         others, rounds, _hash(key), now, max_teams, month_hours(dump)))
                    con.execute("INSERT INTO rounds (session, round, opened_at) VALUES (?, 1, ?)", (c, now))
                return c, key
            except sqlite3.IntegrityError:
                if code:
                    raise TournamentError(f"session code {c} is already taken") from None
        raise TournamentError("could not find a free session code")  # pragma: no cover

    # ------------------------------------------------------------ teams
    def join(self, code: str, name: str) -> tuple[int, str]:
        """Join session ``code`` as team ``name``; returns ``(team_id, token)``. Keep the token secret:
        it is the only way to submit for this team (or rejoin after a reload)."""
        code = normalise_code(code)
        try:
            name = clean_name(name)
        except BadName as exc:
            raise TournamentError(str(exc)) from None
        token = secrets.token_urlsafe(18)
        with self._write() as con:
            s = con.execute("SELECT round, round_open, rounds, max_teams FROM sessions WHERE code = ?",
                            (code,)).fetchone()
            if s is None:
                raise SessionNotFound(f"no session {code!r}: check the code on the facilitator's screen")
            if not s["round_open"] and s["round"] >= s["rounds"]:
                raise TournamentError(f"session {code} is finished: no more teams can join")
            if con.execute("SELECT COUNT(*) FROM teams WHERE session = ?", (code,)).fetchone()[0] >= s["max_teams"]:
                raise TournamentError(f"session {code} is full ({s['max_teams']} teams): ask the facilitator")
            try:
                cur = con.execute(
                    "INSERT INTO teams (session, name, name_key, token_hash, joined_round, joined_at) "
                    "VALUES (?,?,?,?,?,?)", (code, name, name_key(name), _hash(token), s["round"], _now()))
            except sqlite3.IntegrityError:
                raise TeamNameTaken(f"the name {name!r} is taken in session {code} (or one that looks the same): "
                                    "choose another, or rejoin with your team's rejoin code") from None
            team_id = int(cur.lastrowid)
            closed = s["round"] - (0 if s["round_open"] else 1)
            text, digest = _canonical(DEFAULT_PAYLOAD)
            for r in range(1, closed):
                con.execute("INSERT INTO submissions VALUES (?,?,?,?,?,?,1,?)",
                            (code, team_id, r, text, digest, "late_join", _now()))
            if not s["round_open"]:
                con.execute("INSERT INTO submissions VALUES (?,?,?,?,?,?,1,?)",
                            (code, team_id, s["round"], text, digest, "late_join", _now()))
        return team_id, token

    # ------------------------------------------------------------ submissions
    def submit(self, code: str, token: str, decisions, round: int | None = None) -> Receipt:
        """Record ``decisions`` of the team with ``token`` for ``round`` (default: the open round).
        Always answers with a :class:`Receipt`, whatever it is given."""
        try:
            return self._submit(code, token, decisions, round)
        except sqlite3.Error as exc:  # e.g. a disk problem: an answer, not a crash
            return Receipt(False, "error", f"the store could not record this submission ({str(exc)[:80]}); try again.")
        except Exception as exc:  # the promise: a receipt, never an exception
            return Receipt(False, "error", f"this submission could not be handled ({type(exc).__name__}); "
                                           "nothing was recorded.")

    def _submit(self, code, token, decisions, round) -> Receipt:
        try:
            code = normalise_code(check_text(code, "the session code", 64))
            token = check_text(token or "", "the team token", 200)
        except BadPayload as exc:
            return Receipt(False, "refused", f"{exc}: check your rejoin code")
        try:
            asked = check_round(round)
        except BadPayload as exc:
            return self._log_refusal(code, None, None, "invalid", str(exc))
        with self._read() as con:
            row = con.execute("SELECT max_hours FROM sessions WHERE code = ?", (code,)).fetchone()
        if row is None:
            return Receipt(False, "refused", f"no session {code!r}: check the code")
        try:
            text, digest = _canonical(check_decisions(decisions, row["max_hours"]))
        except (TypeError, ValueError, RecursionError) as exc:  # BadPayload is a ValueError
            why = str(exc) if isinstance(exc, BadPayload) else "decisions must be plain JSON data"
            return self._log_refusal(code, None, asked, "invalid", f"not valid decisions: {why}")
        with self._write() as con:
            s = con.execute("SELECT round, round_open, rounds, paused FROM sessions WHERE code = ?", (code,)).fetchone()
            t = con.execute("SELECT id, name FROM teams WHERE session = ? AND token_hash = ?",
                            (code, _hash(token))).fetchone()
            if t is None:
                self._log(con, code, None, asked, "refused", digest)
                return Receipt(False, "refused", f"session {code}: this token belongs to no team; "
                                                 "join first, or rejoin with your team's rejoin code")
            r = int(s["round"]) if asked is None else asked
            early_or_late = self._out_of_round(con, code, int(t["id"]), r, s, digest)
            if early_or_late is None and s["paused"]:
                self._log(con, code, int(t["id"]), r, "paused", digest)
                return Receipt(False, "paused", f"round {r} is paused by the facilitator: these decisions were not "
                                                "recorded; submit again when it resumes.", r)
            return early_or_late or self._record(con, code, t, r, text, digest)

    def _out_of_round(self, con, code, team_id, r, s, digest) -> Receipt | None:
        """The answer for a round that is closed, not open yet or beyond the game (None: it is open)."""
        current, is_open = int(s["round"]), bool(s["round_open"])
        if r < current or (r == current and not is_open):
            used = con.execute("SELECT source FROM submissions WHERE session=? AND team_id=? AND round=?",
                               (code, team_id, r)).fetchone()
            what = {"team": "your earlier submission", "carried": "your decisions of the round before",
                    "default": "the default plan", "late_join": "the default plan"}.get(
                        used["source"] if used else "", "the decisions on record")
            nxt = (f"; round {current} is open now" if is_open and current > r else
                   "; the game is over" if current >= s["rounds"] and not is_open else "")
            self._log(con, code, team_id, r, "late", digest)
            return Receipt(False, "late", f"round {r} is already closed: these decisions were not recorded "
                                          f"(round {r} was played with {what}){nxt}.", r)
        if r > current or r > s["rounds"]:
            self._log(con, code, team_id, r, "not_open", digest)
            if r > s["rounds"]:
                return Receipt(False, "finished", f"the game has {s['rounds']} rounds; there is no round {r}.", r)
            return Receipt(False, "not_open", f"round {r} is not open yet (round {current} is "
                                              f"{'open' if is_open else 'closed'}).", r)
        return None

    def _record(self, con, code, t, r, text, digest) -> Receipt:
        """Store decisions for the open round ``r``: accepted, a duplicate, or a revision."""
        team_id = int(t["id"])
        prev = con.execute("SELECT digest, revision FROM submissions WHERE session=? AND team_id=? AND round=?",
                           (code, team_id, r)).fetchone()
        now = _now()
        if prev is None:
            con.execute("INSERT INTO submissions VALUES (?,?,?,?,?,'team',1,?)",
                        (code, team_id, r, text, digest, now))
            self._log(con, code, team_id, r, "accepted", digest)
            return Receipt(True, "accepted", f"round {r}: decisions received for team {t['name']}.", r, 1)
        if prev["digest"] == digest:
            self._log(con, code, team_id, r, "duplicate", digest)
            return Receipt(True, "duplicate", f"round {r}: these decisions were already received; "
                                              "nothing changed.", r, int(prev["revision"]))
        rev = int(prev["revision"]) + 1
        con.execute("UPDATE submissions SET payload=?, digest=?, source='team', revision=?, submitted_at=? "
                    "WHERE session=? AND team_id=? AND round=?", (text, digest, rev, now, code, team_id, r))
        self._log(con, code, team_id, r, "revised", digest)
        return Receipt(True, "revised", f"round {r}: your earlier decisions were replaced (revision {rev}); "
                                        "the last ones before the round closes count.", r, rev)

    def _log(self, con, code, team_id, round, status, digest) -> None:
        con.execute("INSERT INTO submission_log (session, team_id, round, status, digest, at) VALUES (?,?,?,?,?,?)",
                    (code, team_id, round, status, digest, _now()))

    def _log_refusal(self, code, team_id, round, status, message) -> Receipt:
        """Log a refused attempt (if the store can) and answer it."""
        try:
            with self._write() as con:
                self._log(con, code, team_id, round, status, None)
        except sqlite3.Error:
            pass
        return Receipt(False, status, message, round)


    # ------------------------------------------------------------ rounds
    def close_round(self, code: str, key: str) -> dict:
        """Close the open round: teams that did not submit keep last round's decisions (round 1: the
        default plan). Returns ``{"round", "filled": {team: source}, "finished"}``. Closing a
        closed round again changes nothing (answer ``already_closed``)."""
        code = normalise_code(code)
        self.check_key(code, key)
        with self._write() as con:
            s = con.execute("SELECT round, round_open, rounds FROM sessions WHERE code = ?", (code,)).fetchone()
            r = int(s["round"])
            if not s["round_open"]:
                return {"round": r, "filled": {}, "finished": r >= s["rounds"], "already_closed": True}
            missing = con.execute(
                "SELECT t.id, t.name FROM teams t WHERE t.session = ? AND NOT EXISTS (SELECT 1 FROM submissions s "
                "WHERE s.session = t.session AND s.team_id = t.id AND s.round = ?) ORDER BY t.id", (code, r)).fetchall()
            filled = {}
            now = _now()
            for t in missing:
                prev = con.execute("SELECT payload, digest FROM submissions WHERE session=? AND team_id=? AND round=?",
                                   (code, t["id"], r - 1)).fetchone()
                if prev is not None:
                    text, digest, source = prev["payload"], prev["digest"], "carried"
                else:
                    (text, digest), source = _canonical(DEFAULT_PAYLOAD), "default"
                con.execute("INSERT INTO submissions VALUES (?,?,?,?,?,?,1,?)",
                            (code, t["id"], r, text, digest, source, now))
                filled[t["name"]] = source
            con.execute("UPDATE sessions SET round_open = 0, paused = 0, deadline = NULL WHERE code = ?", (code,))
            con.execute("UPDATE rounds SET closed_at = ? WHERE session = ? AND round = ?", (now, code, r))
        return {"round": r, "filled": filled, "finished": r >= s["rounds"], "already_closed": False}

    def next_round(self, code: str, key: str) -> dict:
        """Open the next round (after the current one is closed). Returns ``{"round", "opened"}``."""
        code = normalise_code(code)
        self.check_key(code, key)
        with self._write() as con:
            s = con.execute("SELECT round, round_open, rounds FROM sessions WHERE code = ?", (code,)).fetchone()
            r = int(s["round"])
            if s["round_open"]:
                return {"round": r, "opened": False, "message": f"round {r} is still open: close it first"}
            if r >= s["rounds"]:
                return {"round": r, "opened": False, "message": f"the game is over after {s['rounds']} rounds"}
            con.execute("UPDATE sessions SET round = ?, round_open = 1, paused = 0, deadline = NULL WHERE code = ?",
                        (r + 1, code))
            con.execute("INSERT OR IGNORE INTO rounds (session, round, opened_at) VALUES (?,?,?)", (code, r + 1, _now()))
        return {"round": r + 1, "opened": True, "message": f"round {r + 1} is open"}
