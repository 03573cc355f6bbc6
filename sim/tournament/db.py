"""The tournament database: schema, errors, receipts and connections (WAL, one transaction per change).

Stdlib only (with :mod:`.payload` and :mod:`.names`), and imported relatively, so a writer
process can load the store alone without importing ``sim`` (see tests/tournament_worker.py).

Durability: WAL with ``synchronous = FULL`` on every connection. In WAL mode ``NORMAL``
syncs only at checkpoints, so a power cut can roll back the last commits although the
team already saw ``accepted``; ``FULL`` syncs the WAL at every commit, which costs one
fsync per submission (a workshop sends a few per minute).
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import secrets
import sqlite3
import time
from dataclasses import asdict, dataclass
from datetime import datetime, timezone
from pathlib import Path

try:  # the one definition of the database path: sim.paths
    from ..paths import DEFAULT_DB, db_path
except ImportError:  # loaded alone, without sim (tests/tournament_worker.py): the caller names the file
    DEFAULT_DB = None

    def db_path(path: str | Path) -> Path:
        return Path(path)

SCHEMA_VERSION = 3
SYNCHRONOUS = "FULL"
#: ``PRAGMA synchronous`` reads back as a number: 2 is FULL
SYNCHRONOUS_CODE = 2
DEFAULT_MAX_TEAMS = 40

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
    created_at TEXT NOT NULL,
    max_teams INTEGER NOT NULL DEFAULT 40,
    max_hours REAL NOT NULL DEFAULT 400,
    paused INTEGER NOT NULL DEFAULT 0,
    deadline TEXT,
    broadcast TEXT NOT NULL DEFAULT '',
    broadcast_at TEXT
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
#: columns added after schema version 1 (an older database gets them on first use): version 2 the team cap and
#: hours bound, version 3 the facilitator's controls (:mod:`.control`)
ADDED_COLUMNS = {"sessions": {"max_teams": "INTEGER NOT NULL DEFAULT 40", "max_hours": "REAL NOT NULL DEFAULT 400",
                              "paused": "INTEGER NOT NULL DEFAULT 0", "deadline": "TEXT",
                              "broadcast": "TEXT NOT NULL DEFAULT ''", "broadcast_at": "TEXT"}}


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


def _hash(secret: str) -> str:
    return hashlib.sha256(str(secret).encode("utf-8")).hexdigest()


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="milliseconds")


def _canonical(payload) -> tuple[str, str]:
    text = json.dumps(payload, sort_keys=True, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    return text, hashlib.sha256(text.encode("utf-8")).hexdigest()[:20]


def _busy(exc: Exception) -> bool:
    return "locked" in str(exc) or "busy" in str(exc)


def _jitter() -> float:
    return 0.01 + secrets.randbelow(40) / 1000


def _while_busy(action, timeout: float, pause=lambda: 0.02):
    """``action()``, tried again after ``pause()`` seconds while the database is locked or busy, for ``timeout`` s."""
    deadline = time.monotonic() + timeout
    while True:
        try:
            return action()
        except sqlite3.OperationalError as exc:
            if not _busy(exc) or time.monotonic() > deadline:
                raise
            time.sleep(pause())


class Connection:
    """Opens one connection per operation (no state outside the file) with the store's pragmas."""

    path: Path
    timeout: float

    def _connect(self) -> sqlite3.Connection:
        con = sqlite3.connect(self.path, timeout=self.timeout, isolation_level=None)
        con.row_factory = sqlite3.Row
        con.execute(f"PRAGMA busy_timeout = {int(self.timeout * 1000)}")
        con.execute("PRAGMA foreign_keys = ON")
        con.execute(f"PRAGMA synchronous = {SYNCHRONOUS}")
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
            _while_busy(lambda: con.execute("BEGIN IMMEDIATE"), self.timeout, _jitter)
            try:
                yield con
            except BaseException:
                con.execute("ROLLBACK")
                raise
            con.execute("COMMIT")
        finally:
            con.close()

    def _init(self) -> None:
        _while_busy(self._init_once, self.timeout)

    def _init_once(self) -> None:
        """WAL mode, then the schema (new columns of an older file included) and its version."""
        con = self._connect()
        try:
            if con.execute("PRAGMA journal_mode").fetchone()[0].lower() != "wal":
                con.execute("PRAGMA journal_mode = WAL")
        finally:
            con.close()
        with self._write() as con:
            for stmt in SCHEMA.split(";"):
                if stmt.strip():
                    con.execute(stmt)
            _add_columns(con)
            con.execute("INSERT OR REPLACE INTO meta VALUES ('schema_version', ?)", (str(SCHEMA_VERSION),))

    def journal_mode(self) -> str:
        with self._read() as con:
            return con.execute("PRAGMA journal_mode").fetchone()[0]

    def pragmas(self) -> dict:
        """The durability settings as a fresh connection has them (``journal_mode``, ``synchronous``)."""
        with self._read() as con:
            return {"journal_mode": con.execute("PRAGMA journal_mode").fetchone()[0],
                    "synchronous": con.execute("PRAGMA synchronous").fetchone()[0]}


def _add_columns(con: sqlite3.Connection) -> None:
    """Bring an older database's tables up to :data:`SCHEMA` (new columns with their defaults)."""
    for table, cols in ADDED_COLUMNS.items():
        have = {r[1] for r in con.execute(f"PRAGMA table_info({table})")}
        for name, decl in cols.items():
            if name not in have:
                con.execute(f"ALTER TABLE {table} ADD COLUMN {name} {decl}")
