"""The facilitator's controls in the store: pause, timer and extension, more rounds, advance, broadcast;
and an older database (schema 2) gaining their columns."""

from __future__ import annotations

import sqlite3

import pytest

from sim.tournament import AuthError, Store, TeamClient, Tournament, TournamentError
from sim.tournament.control import seconds_left

PLAN = {"hours": {"key": {"care": 6}}}


@pytest.fixture
def game(tmp_path):
    store = Store(tmp_path / "dojo.sqlite3")
    t = Tournament.create(store, "dealer_phone", rounds=2, seed=3)
    return store, t, TeamClient.join(store, t.code, "Tigers")


def test_a_paused_round_refuses_submissions_until_it_resumes(game):
    """Breaks if a paused round records decisions, or resuming does not let them in again."""
    store, t, team = game
    assert t.pause()["paused"] is True
    r = team.submit(PLAN)
    assert (r.ok, r.status) == (False, "paused") and "not recorded" in r.message
    assert store.round_status(t.code)[0]["submitted"] is False
    assert t.pause(False)["paused"] is False
    assert team.submit(PLAN).status == "accepted"
    t.pause()
    t.close_round()  # closing ends the pause: the next round starts unpaused
    assert t.next_round()["opened"] and store.session(t.code)["paused"] is False
    with pytest.raises(AuthError):
        store.pause(t.code, "not-the-key")


def test_timer_and_extension_add_minutes_and_rounds(game):
    """Breaks if the extension does not add to the timer, or added rounds do not let the game go on."""
    store, t, team = game
    left = seconds_left(t.set_timer(5))
    assert 290 < left <= 300
    assert 890 < seconds_left(t.extend(minutes=10)) <= 900
    assert seconds_left(t.set_timer(0)) is None
    with pytest.raises(TournamentError, match="minutes from 0 to 240"):
        t.extend(minutes=1e9)
    with pytest.raises(TournamentError, match="grow by 0 to 118"):
        t.extend(rounds=200)
    t.advance()
    t.close_round()
    assert store.session(t.code)["finished"]
    assert t.extend(rounds=1)["rounds"] == 3 and not store.session(t.code)["finished"]
    assert t.next_round()["round"] == 3
    team.sync()  # the team's page polls: its game follows the session (a stale one would answer "late")
    assert team.game.month == 2 and not team.game.finished
    assert team.submit(PLAN).status == "accepted"  # the team's game grew with the session
    t.close_round()
    team.sync()
    assert team.game.month == 3 and team.game.finished
    assert [r["round"] for r in t.leaderboard()] == [3]


def test_advance_closes_the_open_round_and_opens_the_next(game):
    """Breaks if advance skips closing (no results) or leaves the next round closed."""
    store, t, team = game
    out = t.advance()
    assert out["opened"] and out["round"] == 2 and out["closed"]["filled"] == {"Tigers": "default"}
    s = store.session(t.code)
    assert (s["round"], s["round_open"], s["closed_rounds"]) == (2, True, 1)
    assert t.leaderboard()[0]["score"] is not None


def test_a_broadcast_reaches_every_reader_and_can_be_cleared(game):
    """Breaks if the message is not stored for other kernels, or clearing leaves it."""
    store, t, _ = game
    t.broadcast("  Five minutes left — 還有五分鐘  ")
    other = Store(store.path)  # another kernel's store
    s = other.session(t.code)
    assert s["broadcast"] == "Five minutes left — 還有五分鐘" and s["broadcast_at"]
    assert t.broadcast("")["broadcast"] == "" and other.session(t.code)["broadcast_at"] is None
    with pytest.raises(TournamentError, match="at most 500"):
        t.broadcast("x" * 501)


def test_a_database_of_schema_2_gains_the_control_columns(tmp_path):
    """Breaks if an older database (without the control columns) cannot be opened, paused or told a message."""
    path = tmp_path / "old.sqlite3"
    code, key = Store(path).create_session("dealer_phone", rounds=2)
    with sqlite3.connect(path) as con:
        for col in ("paused", "deadline", "broadcast", "broadcast_at"):
            con.execute(f"ALTER TABLE sessions DROP COLUMN {col}")
    store = Store(path)
    s = store.session(code)
    assert (s["paused"], s["deadline"], s["broadcast"]) == (False, None, "")
    assert store.broadcast(code, key, "hello")["broadcast"] == "hello"
    assert store.pause(code, key)["paused"] is True
