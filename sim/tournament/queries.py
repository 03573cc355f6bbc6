"""Reading the tournament store: sessions, teams, decisions, results and the leaderboard.

Every read defends against rows it cannot use (written before today's checks, or by
hand): stored decisions pass :func:`.payload.readable` (bad ones read as the default
plan) and stored numbers that are not finite read as missing, so one team's row never
breaks another team's page, the leaderboard or the debrief.
"""

from __future__ import annotations

import json
import math
import secrets

from .db import AuthError, Connection, HiddenError, SessionNotFound, TournamentError, _hash, _now
from .names import name_key
from .payload import readable

RESULT_NUMBERS = ("score", "profit", "retention", "tier_index", "revenue", "customers")


def normalise_code(code) -> str:
    """A session code as typed (any case, spaces or dashes) in its stored form."""
    return "".join(ch for ch in str(code)[:64].upper() if ch.isalnum())


def _number(value) -> float | int | None:
    """A stored number, or None if it is not a finite one."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    return value if math.isfinite(value) else None


def _json(text, default):
    try:
        return json.loads(text)
    except (TypeError, ValueError, RecursionError):
        return default


class Queries(Connection):
    """The read side of :class:`~sim.tournament.store.Store`."""

    def session(self, code: str) -> dict:
        """The session's settings and where it stands: round, whether it is open, finished."""
        code = normalise_code(code)
        with self._read() as con:
            row = con.execute("SELECT * FROM sessions WHERE code = ?", (code,)).fetchone()
        if row is None:
            raise SessionNotFound(f"no session {code!r} in {self.path}")
        d = dict(row)
        d.pop("key_hash")
        d.pop("scenario_json")
        d["round_open"] = bool(d["round_open"])
        d["paused"] = bool(d["paused"])
        d["finished"] = (not d["round_open"]) and d["round"] >= d["rounds"]
        d["closed_rounds"] = d["round"] - (1 if d["round_open"] else 0)
        return d

    def sessions(self) -> list[dict]:
        with self._read() as con:
            codes = [r[0] for r in con.execute("SELECT code FROM sessions ORDER BY created_at")]
        return [self.session(c) for c in codes]

    def scenario(self, code: str):
        """The session's :class:`~sim.Scenario` (as stored: every kernel plays the same one), lasting its rounds
        (the facilitator may have added some: :meth:`~.control.Control.extend`)."""
        from sim.scenario import scenario_from_dict  # lazy on purpose: the store alone loads without sim (tests/tournament_worker.py)

        with self._read() as con:
            row = con.execute("SELECT scenario_json, rounds FROM sessions WHERE code = ?",
                              (normalise_code(code),)).fetchone()
        if row is None:
            raise SessionNotFound(f"no session {normalise_code(code)!r} in {self.path}")
        return scenario_from_dict(dict(json.loads(row[0]), horizon_months=int(row[1])), f"session {code}")

    def check_key(self, code: str, key: str) -> None:
        """Raise :class:`AuthError` unless ``key`` is the session's facilitator key."""
        code = normalise_code(code)
        with self._read() as con:
            row = con.execute("SELECT key_hash FROM sessions WHERE code = ?", (code,)).fetchone()
        if row is None:
            raise SessionNotFound(f"no session {code!r} in {self.path}")
        if not isinstance(key, str) or not key or not secrets.compare_digest(row[0], _hash(key)):
            raise AuthError(f"session {code}: wrong facilitator key")

    def team(self, code: str, token: str) -> dict:
        """The team a token belongs to (raises :class:`AuthError` for a wrong token)."""
        code = normalise_code(code)
        with self._read() as con:
            row = con.execute("SELECT id, name, joined_round, joined_at FROM teams WHERE session = ? AND token_hash = ?",
                              (code, _hash(token if isinstance(token, str) else ""))).fetchone()
            if row is None:
                if con.execute("SELECT 1 FROM sessions WHERE code = ?", (code,)).fetchone() is None:
                    raise SessionNotFound(f"no session {code!r}")
                raise AuthError(f"session {code}: this token belongs to no team (check your rejoin code)")
        return dict(row)

    def teams(self, code: str) -> list[dict]:
        """Teams of the session (id, name, joined_round, joined_at), in joining order."""
        with self._read() as con:
            rows = con.execute("SELECT id, name, joined_round, joined_at FROM teams WHERE session = ? ORDER BY id",
                               (normalise_code(code),)).fetchall()
        return [dict(r) for r in rows]

    def submission_log(self, code: str, key: str) -> list[dict]:
        """Every submission attempt and its answer (facilitator only)."""
        self.check_key(code, key)
        with self._read() as con:
            rows = con.execute("SELECT * FROM submission_log WHERE session = ? ORDER BY id", (normalise_code(code),))
            return [dict(r) for r in rows]

    def round_status(self, code: str) -> list[dict]:
        """Per team: whether it has submitted for the current round (no decisions shown)."""
        s = self.session(code)
        with self._read() as con:
            rows = con.execute(
                "SELECT t.id, t.name, s.source, s.revision, s.submitted_at FROM teams t LEFT JOIN submissions s "
                "ON s.session = t.session AND s.team_id = t.id AND s.round = ? WHERE t.session = ? ORDER BY t.id",
                (s["round"], s["code"])).fetchall()
        return [{"team_id": r["id"], "team": r["name"], "round": s["round"], "submitted": r["source"] == "team",
                 "source": r["source"], "revision": r["revision"], "at": r["submitted_at"]} for r in rows]

    def decisions(self, code: str, round: int, token: str | None = None, key: str | None = None) -> dict[str, dict]:
        """Decisions of ``round`` by team name. A team (``token``) gets only its own while the round
        is open and everyone's once it is closed; the facilitator (``key``) sees all."""
        s = self.session(code)
        code = s["code"]
        own = None
        if key is not None:
            self.check_key(code, key)
        else:
            own = self.team(code, token)["id"]
        closed = round < s["round"] or (round == s["round"] and not s["round_open"])
        with self._read() as con:
            rows = con.execute("SELECT t.id, t.name, s.payload FROM submissions s JOIN teams t ON t.id = s.team_id "
                               "WHERE s.session = ? AND s.round = ? ORDER BY t.id", (code, int(round))).fetchall()
        return {r["name"]: readable(r["payload"], s["max_hours"]) for r in rows
                if own is None or closed or r["id"] == own}

    def team_decisions(self, code: str, team: str | int, round: int, token: str | None = None,
                       key: str | None = None) -> dict | None:
        """One team's decisions of ``round`` (by name or id): its own any time; another team's only
        after the round closed (:class:`HiddenError` before); the facilitator's key sees all."""
        s = self.session(code)
        code = s["code"]
        target = self._team_id(code, team)
        if key is not None:
            self.check_key(code, key)
        else:
            own = self.team(code, token)["id"]
            closed = round < s["round"] or (round == s["round"] and not s["round_open"])
            if own != target and not closed:
                raise HiddenError(f"round {round} is still open: other teams' decisions stay hidden until it closes")
        with self._read() as con:
            row = con.execute("SELECT payload FROM submissions WHERE session=? AND team_id=? AND round=?",
                              (code, target, int(round))).fetchone()
        return readable(row[0], s["max_hours"]) if row else None

    def _team_id(self, code: str, team: str | int) -> int:
        with self._read() as con:
            if isinstance(team, int):
                row = con.execute("SELECT id FROM teams WHERE session=? AND id=?", (code, team)).fetchone()
            else:
                row = con.execute("SELECT id FROM teams WHERE session=? AND name_key=?",
                                  (code, name_key(str(team)[:200]))).fetchone()
        if row is None:
            raise TournamentError(f"session {code}: no team {str(team)[:40]!r}")
        return int(row[0])

    def effective_decisions(self, code: str, team_id: int, token: str | None = None,
                            key: str | None = None) -> list[dict]:
        """The decisions a team played in each closed round, in order (what replays its game)."""
        s = self.session(code)
        if key is not None:
            self.check_key(s["code"], key)
        elif token is not None:
            if self.team(s["code"], token)["id"] != team_id:
                raise AuthError("a team reads its own history only")
        else:
            raise AuthError("a team token or the facilitator key is needed")
        return self._effective(s, team_id)

    def _effective(self, s: dict, team_id: int) -> list[dict]:
        with self._read() as con:
            rows = con.execute("SELECT round, payload FROM submissions WHERE session=? AND team_id=? AND round<=? "
                               "ORDER BY round", (s["code"], team_id, s["closed_rounds"])).fetchall()
        have = {r["round"]: readable(r["payload"], s["max_hours"]) for r in rows}
        return [have.get(r, {"default": True}) for r in range(1, s["closed_rounds"] + 1)]

    # ------------------------------------------------------------ results
    def save_result(self, code: str, team_id: int, round: int, score: dict, detail: dict | None = None) -> None:
        """Store a team's result after ``round`` (idempotent: results are a pure function of the decisions)."""
        with self._write() as con:
            con.execute(
                "INSERT OR REPLACE INTO results VALUES (?,?,?,?,?,?,?,?,?,?,?)",
                (normalise_code(code), int(team_id), int(round), float(score["score"]), float(score["profit"]),
                 float(score["retention"]), float(score["tier_index"]), float(score["revenue"]),
                 int(score["customers"]), json.dumps(detail or {}, ensure_ascii=False), _now()))

    def results(self, code: str) -> list[dict]:
        """Every stored result row (team, round, score, profit, retention, tier_index, revenue, customers)."""
        with self._read() as con:
            rows = con.execute(
                "SELECT t.name AS team, r.team_id, r.round, r.score, r.profit, r.retention, r.tier_index, r.revenue, "
                "r.customers, r.detail FROM results r JOIN teams t ON t.id = r.team_id WHERE r.session = ? "
                "ORDER BY r.round, r.team_id", (normalise_code(code),)).fetchall()
        out = []
        for r in rows:
            d = dict(r)
            d.update({k: _number(d[k]) for k in RESULT_NUMBERS})
            d["detail"] = _json(d["detail"], {})
            out.append(d)
        return out

    def missing_results(self, code: str) -> list[tuple[int, int]]:
        """(team_id, round) of closed rounds that have no stored result yet."""
        s = self.session(code)
        with self._read() as con:
            have = {(r[0], r[1]) for r in con.execute("SELECT team_id, round FROM results WHERE session = ?",
                                                      (s["code"],))}
            teams = [r[0] for r in con.execute("SELECT id FROM teams WHERE session = ? ORDER BY id", (s["code"],))]
        return [(t, r) for t in teams for r in range(1, s["closed_rounds"] + 1) if (t, r) not in have]

    def leaderboard(self, code: str) -> list[dict]:
        """Teams ranked by score after the last closed round (teams without a usable result come last)."""
        s = self.session(code)
        status = {r["team_id"]: r for r in self.round_status(code)}
        last = s["closed_rounds"]
        with self._read() as con:
            rows = {r["team_id"]: {k: _number(r[k]) for k in RESULT_NUMBERS} for r in con.execute(
                "SELECT team_id, score, profit, retention, tier_index, revenue, customers FROM results "
                "WHERE session = ? AND round = ?", (s["code"], last))}
        board = []
        for t in self.teams(code):
            r = rows.get(t["id"], {})
            board.append({"team": t["name"], "team_id": t["id"], "round": last,
                          **{k: r.get(k) for k in RESULT_NUMBERS}, "submitted": status[t["id"]]["submitted"],
                          "source": status[t["id"]]["source"]})
        board.sort(key=lambda x: (x["score"] is None, -(x["score"] or 0.0), x["team_id"]))
        for i, row in enumerate(board, 1):
            row["rank"] = i if row["score"] is not None else None
        return board
