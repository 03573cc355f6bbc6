"""The tournament store: sessions, teams, decisions and results in one SQLite file (WAL).

"Nothing lost in a workshop": every kernel (the facilitator's, each team's) opens the same
database file; SQLite in WAL mode lets many of them read while one writes, ``busy_timeout``
makes a writer wait for its turn instead of failing, and each change is one transaction
(``BEGIN IMMEDIATE`` … ``COMMIT``), so a killed kernel or server never leaves half a
change. Every connection is opened for one operation and closed again, so there is no
state outside the file: a restarted server reads the same sessions, teams, submissions
and leaderboard, and teams carry on where they were.

The path is a setting: the ``path`` argument, else the ``CRM_DOJO_DB`` environment
variable, else ``out/dojo.sqlite3``.

Rules the API enforces (not the pages):

- a session has a short code (6 characters from :data:`ALPHABET`, no 0/O/1/I/L) and a
  facilitator key; only the key may close rounds, open the next one, or see every
  team's decisions at any time;
- a team joins with a name and gets a secret token (only its hash is stored); every
  submission and every read of its own decisions needs that token;
- a team sees another team's decisions only for rounds that are closed;
- a submission answers with a :class:`Receipt`, never an exception: ``accepted``,
  ``revised`` (replaced the team's earlier decisions; allowed while the round is open),
  ``duplicate`` (the same decisions again: nothing changed), ``late`` (the round is
  closed: not recorded), ``not_open`` (a future round), ``finished``, ``refused`` (bad
  token or session), ``invalid`` (not decisions). Every attempt is logged.
- closing a round fills in the teams that did not submit: they keep their decisions of
  the previous round (``carried``), or in round 1 the game's default plan (``default``,
  :meth:`sim.game.Game.default_decisions`). A team that joins late gets the default plan
  for the rounds already closed.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import secrets
import sqlite3
import time
from dataclasses import asdict, dataclass
from datetime import datetime, timezone
from pathlib import Path

__all__ = ["ALPHABET", "AuthError", "DEFAULT_DB", "HiddenError", "Receipt", "SessionNotFound", "Store",
           "TeamNameTaken", "TournamentError", "db_path", "new_code"]

DEFAULT_DB = Path("out") / "dojo.sqlite3"
ENV_DB = "CRM_DOJO_DB"
#: session codes: no 0/O, 1/I/L — easy to read off a projector and type
ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 6
MAX_PAYLOAD = 64_000
SCHEMA_VERSION = 1
DEFAULT_PAYLOAD = {"default": True}

SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS sessions (
    code TEXT PRIMARY KEY,
    title TEXT NOT NULL DEFAULT '',
    scenario_name TEXT NOT NULL,
    scenario_json TEXT NOT NULL,
    scenario_hash TEXT NOT NULL,
    seed INTEGER NOT NULL,
    rep INTEGER NOT NULL DEFAULT 0,
    others TEXT NOT NULL DEFAULT 'routine_care',
    rounds INTEGER NOT NULL,
    round INTEGER NOT NULL DEFAULT 1,
    round_open INTEGER NOT NULL DEFAULT 1,
    key_hash TEXT NOT NULL,
    created_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS rounds (
    session TEXT NOT NULL REFERENCES sessions(code),
    round INTEGER NOT NULL,
    opened_at TEXT NOT NULL,
    closed_at TEXT,
    PRIMARY KEY (session, round)
);
CREATE TABLE IF NOT EXISTS teams (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    session TEXT NOT NULL REFERENCES sessions(code),
    name TEXT NOT NULL,
    name_key TEXT NOT NULL,
    token_hash TEXT NOT NULL UNIQUE,
    joined_round INTEGER NOT NULL,
    joined_at TEXT NOT NULL,
    UNIQUE (session, name_key)
);
CREATE TABLE IF NOT EXISTS submissions (
    session TEXT NOT NULL,
    team_id INTEGER NOT NULL REFERENCES teams(id),
    round INTEGER NOT NULL,
    payload TEXT NOT NULL,
    digest TEXT NOT NULL,
    source TEXT NOT NULL,
    revision INTEGER NOT NULL DEFAULT 1,
    submitted_at TEXT NOT NULL,
    PRIMARY KEY (session, team_id, round)
);
CREATE TABLE IF NOT EXISTS submission_log (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    session TEXT NOT NULL,
    team_id INTEGER,
    round INTEGER,
    status TEXT NOT NULL,
    digest TEXT,
    at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS results (
    session TEXT NOT NULL,
    team_id INTEGER NOT NULL,
    round INTEGER NOT NULL,
    score REAL NOT NULL,
    profit REAL NOT NULL,
    retention REAL NOT NULL,
    tier_index REAL NOT NULL,
    revenue REAL NOT NULL,
    customers INTEGER NOT NULL,
    detail TEXT NOT NULL,
    computed_at TEXT NOT NULL,
    PRIMARY KEY (session, team_id, round)
);
"""


class TournamentError(Exception):
    """A tournament request that cannot be served; the message says why."""


class SessionNotFound(TournamentError, LookupError):
    pass


class AuthError(TournamentError, PermissionError):
    """A wrong or missing team token or facilitator key."""


class HiddenError(TournamentError, PermissionError):
    """Another team's decisions, asked for before the round closed."""


class TeamNameTaken(TournamentError):
    pass


@dataclass(frozen=True)
class Receipt:
    """The answer to a submission."""

    ok: bool
    status: str
    message: str
    round: int | None = None
    revision: int | None = None

    def as_dict(self) -> dict:
        return asdict(self)


def db_path(path: str | Path | None = None) -> Path:
    """The database file: ``path``, else ``$CRM_DOJO_DB``, else ``out/dojo.sqlite3``."""
    return Path(path or os.environ.get(ENV_DB) or DEFAULT_DB)


def new_code(n: int = CODE_LENGTH) -> str:
    return "".join(secrets.choice(ALPHABET) for _ in range(n))


def normalise_code(code: str) -> str:
    return "".join(ch for ch in str(code).upper() if ch.isalnum())


def _hash(secret: str) -> str:
    return hashlib.sha256(str(secret).encode("utf-8")).hexdigest()


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="milliseconds")


def _canonical(payload) -> tuple[str, str]:
    text = json.dumps(payload, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return text, hashlib.sha256(text.encode("utf-8")).hexdigest()[:20]


class Store:
    """The tournament database at :func:`db_path` (created on first use)."""

    def __init__(self, path: str | Path | None = None, timeout: float = 30.0) -> None:
        self.path = db_path(path)
        self.timeout = float(timeout)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._init()

    def __repr__(self) -> str:
        return f"Store({str(self.path)!r})"

    # ------------------------------------------------------------ connections
    def _connect(self) -> sqlite3.Connection:
        con = sqlite3.connect(self.path, timeout=self.timeout, isolation_level=None)
        con.row_factory = sqlite3.Row
        con.execute(f"PRAGMA busy_timeout = {int(self.timeout * 1000)}")
        con.execute("PRAGMA foreign_keys = ON")
        con.execute("PRAGMA synchronous = NORMAL")
        return con

    @contextlib.contextmanager
    def _read(self):
        con = self._connect()
        try:
            yield con
        finally:
            con.close()

    @contextlib.contextmanager
    def _write(self):
        """One write transaction (``BEGIN IMMEDIATE``: the write lock up front, so no deadlock on upgrade)."""
        con = self._connect()
        try:
            deadline = time.monotonic() + self.timeout
            while True:
                try:
                    con.execute("BEGIN IMMEDIATE")
                    break
                except sqlite3.OperationalError as exc:
                    if "locked" not in str(exc) and "busy" not in str(exc) or time.monotonic() > deadline:
                        raise
                    time.sleep(0.01 + secrets.randbelow(40) / 1000)
            try:
                yield con
            except BaseException:
                con.execute("ROLLBACK")
                raise
            con.execute("COMMIT")
        finally:
            con.close()

    def _init(self) -> None:
        deadline = time.monotonic() + self.timeout
        while True:
            try:
                con = self._connect()
                try:
                    mode = con.execute("PRAGMA journal_mode").fetchone()[0]
                    if mode.lower() != "wal":
                        con.execute("PRAGMA journal_mode = WAL")
                finally:
                    con.close()
                with self._write() as con:
                    for stmt in SCHEMA.split(";"):
                        if stmt.strip():
                            con.execute(stmt)
                    con.execute("INSERT OR IGNORE INTO meta VALUES ('schema_version', ?)", (str(SCHEMA_VERSION),))
                return
            except sqlite3.OperationalError as exc:
                if ("locked" not in str(exc) and "busy" not in str(exc)) or time.monotonic() > deadline:
                    raise
                time.sleep(0.02)

    def journal_mode(self) -> str:
        with self._read() as con:
            return con.execute("PRAGMA journal_mode").fetchone()[0]

    # ------------------------------------------------------------ sessions
    def create_session(self, scenario="dealer_phone", rounds: int = 6, seed: int | None = None,
                       others: str = "routine_care", rep: int = 0, title: str = "",
                       code: str | None = None) -> tuple[str, str]:
        """Open a session; returns ``(code, facilitator_key)``. Round 1 is open at once.

        ``scenario``: a name, path or :class:`~sim.Scenario`; the game lasts ``rounds`` months
        (one round = one month), every team plays the same world (``seed``).
        """
        from sim.game.engine import _with_months
        from sim.scenario import Scenario, load_scenario, scenario_hash
        from sim.strategies import resolve_strategy

        rounds = int(rounds)
        if not 1 <= rounds <= 120:
            raise TournamentError(f"rounds must be from 1 to 120, got {rounds}")
        sc = scenario if isinstance(scenario, Scenario) else load_scenario(scenario)
        sc = _with_months(sc, rounds)
        resolve_strategy(others, sc)  # a clear error now rather than at the first round
        if not 0 <= rep < sc.reps.count:
            raise TournamentError(f"rep must be from 0 to {sc.reps.count - 1}, got {rep}")
        seed = int(sc.seed if seed is None else seed)
        key = secrets.token_urlsafe(12)
        now = _now()
        for _ in range(20):
            c = normalise_code(code) if code else new_code()
            try:
                with self._write() as con:
                    con.execute(
                        "INSERT INTO sessions (code, title, scenario_name, scenario_json, scenario_hash, seed, rep, "
                        "others, rounds, key_hash, created_at) VALUES (?,?,?,?,?,?,?,?,?,?,?)",
                        (c, title, sc.name, json.dumps(sc.model_dump(mode="json")), scenario_hash(sc), seed, rep,
                         others, rounds, _hash(key), now))
                    con.execute("INSERT INTO rounds (session, round, opened_at) VALUES (?, 1, ?)", (c, now))
                return c, key
            except sqlite3.IntegrityError:
                if code:
                    raise TournamentError(f"session code {c} is already taken") from None
        raise TournamentError("could not find a free session code")  # pragma: no cover

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
        d["finished"] = (not d["round_open"]) and d["round"] >= d["rounds"]
        d["closed_rounds"] = d["round"] - (1 if d["round_open"] else 0)
        return d

    def sessions(self) -> list[dict]:
        with self._read() as con:
            codes = [r[0] for r in con.execute("SELECT code FROM sessions ORDER BY created_at")]
        return [self.session(c) for c in codes]

    def scenario(self, code: str):
        """The session's :class:`~sim.Scenario` (as stored: every kernel plays the same one)."""
        from sim.scenario import scenario_from_dict

        with self._read() as con:
            row = con.execute("SELECT scenario_json FROM sessions WHERE code = ?", (normalise_code(code),)).fetchone()
        if row is None:
            raise SessionNotFound(f"no session {normalise_code(code)!r} in {self.path}")
        return scenario_from_dict(json.loads(row[0]), f"session {code}")

    def check_key(self, code: str, key: str) -> None:
        """Raise :class:`AuthError` unless ``key`` is the session's facilitator key."""
        code = normalise_code(code)
        with self._read() as con:
            row = con.execute("SELECT key_hash FROM sessions WHERE code = ?", (code,)).fetchone()
        if row is None:
            raise SessionNotFound(f"no session {code!r} in {self.path}")
        if not key or not secrets.compare_digest(row[0], _hash(key)):
            raise AuthError(f"session {code}: wrong facilitator key")

    # ------------------------------------------------------------ teams
    def join(self, code: str, name: str) -> tuple[int, str]:
        """Join session ``code`` as team ``name``; returns ``(team_id, token)``. Keep the token secret:
        it is the only way to submit for this team (or rejoin after a reload)."""
        code = normalise_code(code)
        name = " ".join(str(name).split())
        if not 1 <= len(name) <= 40:
            raise TournamentError("a team name needs 1 to 40 characters")
        token = secrets.token_urlsafe(18)
        with self._write() as con:
            s = con.execute("SELECT round, round_open, rounds FROM sessions WHERE code = ?", (code,)).fetchone()
            if s is None:
                raise SessionNotFound(f"no session {code!r}: check the code on the facilitator's screen")
            if not s["round_open"] and s["round"] >= s["rounds"]:
                raise TournamentError(f"session {code} is finished: no more teams can join")
            try:
                cur = con.execute(
                    "INSERT INTO teams (session, name, name_key, token_hash, joined_round, joined_at) "
                    "VALUES (?,?,?,?,?,?)", (code, name, name.casefold(), _hash(token), s["round"], _now()))
            except sqlite3.IntegrityError:
                raise TeamNameTaken(f"the name {name!r} is taken in session {code}: choose another, or rejoin "
                                    "with your team's token") from None
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

    def team(self, code: str, token: str) -> dict:
        """The team a token belongs to (raises :class:`AuthError` for a wrong token)."""
        code = normalise_code(code)
        with self._read() as con:
            row = con.execute("SELECT id, name, joined_round, joined_at FROM teams WHERE session = ? AND token_hash = ?",
                              (code, _hash(token or ""))).fetchone()
            if row is None:
                if con.execute("SELECT 1 FROM sessions WHERE code = ?", (code,)).fetchone() is None:
                    raise SessionNotFound(f"no session {code!r}")
                raise AuthError(f"session {code}: this token belongs to no team (check your rejoin link)")
        return dict(row)

    def teams(self, code: str) -> list[dict]:
        """Teams of the session (id, name, joined_round, joined_at), in joining order."""
        with self._read() as con:
            rows = con.execute("SELECT id, name, joined_round, joined_at FROM teams WHERE session = ? ORDER BY id",
                               (normalise_code(code),)).fetchall()
        return [dict(r) for r in rows]

    # ------------------------------------------------------------ submissions
    def submit(self, code: str, token: str, decisions, round: int | None = None) -> Receipt:
        """Record ``decisions`` of the team with ``token`` for ``round`` (default: the open round)."""
        code = normalise_code(code)
        try:
            problem = _shape_problem(decisions)
            if problem:
                return self._log_refusal(code, None, round, "invalid", f"not valid decisions: {problem}")
            payload = DEFAULT_PAYLOAD if decisions.get("default") else decisions
            try:
                text, digest = _canonical(payload)
            except (TypeError, ValueError) as exc:
                return self._log_refusal(code, None, round, "invalid", f"decisions must be plain JSON data: {exc}")
            if len(text) > MAX_PAYLOAD:
                return self._log_refusal(code, None, round, "invalid",
                                         f"decisions too large ({len(text)} characters; at most {MAX_PAYLOAD})")
            with self._write() as con:
                s = con.execute("SELECT round, round_open, rounds FROM sessions WHERE code = ?", (code,)).fetchone()
                if s is None:
                    return Receipt(False, "refused", f"no session {code!r}: check the code")
                t = con.execute("SELECT id, name FROM teams WHERE session = ? AND token_hash = ?",
                                (code, _hash(token or ""))).fetchone()
                if t is None:
                    self._log(con, code, None, round, "refused", digest)
                    return Receipt(False, "refused", f"session {code}: this token belongs to no team; "
                                                     "join first, or use your team's rejoin link")
                team_id = int(t["id"])
                current, is_open = int(s["round"]), bool(s["round_open"])
                r = current if round is None else int(round)
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
        except sqlite3.Error as exc:  # e.g. a disk problem: an answer, not a crash
            return Receipt(False, "error", f"the store could not record this submission ({exc}); try again.", round)

    def _log(self, con, code, team_id, round, status, digest) -> None:
        con.execute("INSERT INTO submission_log (session, team_id, round, status, digest, at) VALUES (?,?,?,?,?,?)",
                    (code, team_id, round, status, digest, _now()))

    def _log_refusal(self, code, team_id, round, status, message) -> Receipt:
        try:
            with self._write() as con:
                self._log(con, code, team_id, round, status, None)
        except sqlite3.Error:
            pass
        return Receipt(False, status, message, round)

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
        if own is not None and not closed:
            return {r["name"]: json.loads(r["payload"]) for r in rows if r["id"] == own}
        return {r["name"]: json.loads(r["payload"]) for r in rows}

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
        return json.loads(row[0]) if row else None

    def _team_id(self, code: str, team: str | int) -> int:
        with self._read() as con:
            if isinstance(team, int):
                row = con.execute("SELECT id FROM teams WHERE session=? AND id=?", (code, team)).fetchone()
            else:
                row = con.execute("SELECT id FROM teams WHERE session=? AND name_key=?",
                                  (code, " ".join(str(team).split()).casefold())).fetchone()
        if row is None:
            raise TournamentError(f"session {code}: no team {team!r}")
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
        have = {r["round"]: json.loads(r["payload"]) for r in rows}
        return [have.get(r, DEFAULT_PAYLOAD) for r in range(1, s["closed_rounds"] + 1)]

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
            con.execute("UPDATE sessions SET round_open = 0 WHERE code = ?", (code,))
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
            con.execute("UPDATE sessions SET round = ?, round_open = 1 WHERE code = ?", (r + 1, code))
            con.execute("INSERT OR IGNORE INTO rounds (session, round, opened_at) VALUES (?,?,?)", (code, r + 1, _now()))
        return {"round": r + 1, "opened": True, "message": f"round {r + 1} is open"}

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
            d["detail"] = json.loads(d["detail"])
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
        """Teams ranked by score after the last closed round (teams without a result yet come last)."""
        s = self.session(code)
        status = {r["team_id"]: r for r in self.round_status(code)}
        last = s["closed_rounds"]
        with self._read() as con:
            rows = {r["team_id"]: dict(r) for r in con.execute(
                "SELECT team_id, score, profit, retention, tier_index, revenue, customers FROM results "
                "WHERE session = ? AND round = ?", (s["code"], last))}
        board = []
        for t in self.teams(code):
            r = rows.get(t["id"], {})
            board.append({"team": t["name"], "team_id": t["id"], "round": last, "score": r.get("score"),
                          "profit": r.get("profit"), "retention": r.get("retention"),
                          "tier_index": r.get("tier_index"), "revenue": r.get("revenue"),
                          "customers": r.get("customers"), "submitted": status[t["id"]]["submitted"]})
        board.sort(key=lambda x: (x["score"] is None, -(x["score"] or 0.0), x["team_id"]))
        for i, row in enumerate(board, 1):
            row["rank"] = i if row["score"] is not None else None
        return board


def _shape_problem(decisions) -> str | None:
    """What is wrong with the shape of a decisions payload (None if nothing). The store checks only the
    shape (it needs no simulation); the game checks the values against the book before a team sends
    them, and plays anything it cannot use as the default plan (:meth:`sim.game.Game.play_lenient`)."""
    if not isinstance(decisions, dict):
        return f"a mapping like {{'hours': {{'key': {{'care': 8}}}}}} is needed, got {type(decisions).__name__}"
    extra = sorted(map(str, set(decisions) - {"hours", "remedies", "note", "default"}))
    if extra:
        return f"unknown key(s) {', '.join(extra)}; allowed: hours, remedies, note"
    if not isinstance(decisions.get("hours", {}), (dict, list)):
        return "hours must be a mapping target -> function -> hours"
    if not isinstance(decisions.get("remedies", []), (list, tuple)):
        return "remedies must be a list"
    return None
