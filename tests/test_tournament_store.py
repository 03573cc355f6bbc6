"""The tournament store loses nothing: many writer processes, duplicates, late and foreign
submissions, hidden decisions, and a restart that carries on from the database alone."""

from __future__ import annotations

import multiprocessing as mp
import random
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from sim.tournament import (
    ALPHABET, AuthError, HiddenError, SessionNotFound, Store, TeamClient, TeamNameTaken, Tournament, db_path,
)
from sim.tournament.db import _canonical
from sim.tournament.store import DEFAULT_DB
from tournament_worker import acked, continue_after_restart, decision_k, decisions_of, submit_as_new_team

WRITERS = 30
WORKER = Path(__file__).resolve().parent / "tournament_worker.py"


@pytest.fixture
def store(tmp_path) -> Store:
    return Store(tmp_path / "dojo.sqlite3")


@pytest.fixture
def session(store):
    """A 3-round dealer_phone session: (tournament, two team clients)."""
    t = Tournament.create(store, "dealer_phone", rounds=3, seed=11)
    return t, TeamClient.join(store, t.code, "Tigers"), TeamClient.join(store, t.code, "Lions")


def test_database_is_wal_and_its_path_a_setting(tmp_path, monkeypatch):
    """WAL journal; the path comes from the argument, else $CRM_DOJO_DB, else out/dojo.sqlite3."""
    monkeypatch.delenv("CRM_DOJO_DB", raising=False)
    assert db_path() == DEFAULT_DB == db_path(None)
    monkeypatch.setenv("CRM_DOJO_DB", str(tmp_path / "env.sqlite3"))
    st = Store()
    assert st.path == tmp_path / "env.sqlite3" and st.path.exists()
    assert st.journal_mode() == "wal"
    assert Store(tmp_path / "arg.sqlite3").path == tmp_path / "arg.sqlite3"


def test_session_code_is_short_and_unambiguous(store):
    code, key = store.create_session("dealer_phone", rounds=2)
    assert len(code) == 6 and set(code) <= set(ALPHABET)
    assert not set("01OIL") & set(ALPHABET)
    assert store.session(code.lower())["code"] == code  # typed in lower case still finds it
    s = store.session(code)
    assert (s["round"], s["round_open"], s["rounds"], s["scenario_name"]) == (1, True, 2, "dealer_phone")
    with pytest.raises(SessionNotFound):
        store.session("ZZZZZZ")


def test_thirty_writer_processes_each_kept_exactly_once(store):
    """30 processes (spawned) join and submit at once, each twice: every submission is stored once,
    with its own decisions; the repeat is answered 'duplicate'."""
    code, key = store.create_session("dealer_phone", rounds=2, seed=3)
    ctx = mp.get_context("spawn")
    with ctx.Pool(WRITERS) as pool:
        out = pool.map(submit_as_new_team, [(str(store.path), code, i) for i in range(WRITERS)], chunksize=1)
    assert sorted(o["first"] for o in out) == ["accepted"] * WRITERS
    assert sorted(o["again"] for o in out) == ["duplicate"] * WRITERS
    assert len({o["team_id"] for o in out}) == WRITERS
    with sqlite3.connect(store.path) as con:
        n, distinct = con.execute("SELECT COUNT(*), COUNT(DISTINCT team_id) FROM submissions WHERE session=?",
                                  (code,)).fetchone()
    assert n == distinct == WRITERS
    for o in out:  # each team's own decisions, as sent
        got = store.team_decisions(code, f"team {o['i']:02d}", 1, key=key)
        assert got == decisions_of(o["i"])
    log = store.submission_log(code, key)
    assert sorted(r["status"] for r in log) == ["accepted"] * WRITERS + ["duplicate"] * WRITERS
    assert all(r["submitted"] for r in store.round_status(code))


def test_duplicate_revised_late_and_early_get_clear_answers(session):
    t, a, b = session
    dec = {"hours": {"dealers": {"consulting": 16}}}
    r1 = a.submit(dec)
    assert (r1.ok, r1.status, r1.round) == (True, "accepted", 1)
    r2 = a.submit(dec)
    assert (r2.ok, r2.status) == (True, "duplicate") and "already received" in r2.message
    r3 = a.submit({"hours": {"dealers": {"consulting": 8}}})
    assert (r3.status, r3.revision) == ("revised", 2) and "replaced" in r3.message
    early = t.store.submit(t.code, a.token, dec, round=2)
    assert (early.ok, early.status) == (False, "not_open") and "not open yet" in early.message
    t.close_round()
    late = b.submit(dec, round=1)
    assert (late.ok, late.status) == (False, "late")
    assert "round 1 is already closed" in late.message and "not recorded" in late.message
    assert "default plan" in late.message  # b sent nothing: round 1 was played with the default plan
    beyond = t.store.submit(t.code, a.token, dec, round=9)
    assert beyond.status == "finished"
    bad = t.store.submit(t.code, a.token, ["care"])
    assert (bad.ok, bad.status) == (False, "invalid")
    # the revised decisions are the ones played
    assert t.store.team_decisions(t.code, "Tigers", 1, key=t.key) == {"hours": {"dealers": {"consulting": 8}}}


def test_invalid_decisions_are_answered_not_sent(session):
    t, a, _ = session
    r = a.submit({"hours": {"A999": {"care": 2}, "dealers": {"consulting": -4}}})
    assert (r.ok, r.status) == (False, "invalid")
    assert "unknown account 'A999'" in r.message and "cannot be negative" in r.message
    assert t.store.round_status(t.code)[0]["submitted"] is False


def test_a_team_cannot_submit_or_read_as_another(session):
    t, a, b = session
    st = t.store
    assert st.submit(t.code, "not-a-token", {"hours": {}}).status == "refused"
    assert st.submit(t.code, "", {"hours": {}}).status == "refused"
    other, key2 = st.create_session("dealer_phone", rounds=2)
    assert st.submit(other, a.token, {"hours": {}}).status == "refused"  # a token is for its own session
    with pytest.raises(AuthError):
        TeamClient(st, t.code, "forged")
    with pytest.raises(AuthError):
        st.close_round(t.code, key2)  # another session's key
    with pytest.raises(AuthError):
        st.next_round(t.code, "")
    with pytest.raises(TeamNameTaken):
        st.join(t.code, " tigers ")  # names are unique, whatever the case and spaces
    assert st.round_status(t.code)[0]["submitted"] is False


def test_decisions_stay_hidden_until_the_round_closes(session):
    t, a, b = session
    st = t.store
    a.submit({"hours": {"dealers": {"consulting": 12}}})
    b.submit({"hours": {"profit": {"care": 10}}})
    with pytest.raises(HiddenError):
        st.team_decisions(t.code, "Tigers", 1, token=b.token)
    assert st.decisions(t.code, 1, token=b.token) == {"Lions": {"hours": {"profit": {"care": 10}}}}
    assert st.team_decisions(t.code, "Lions", 1, token=b.token) == {"hours": {"profit": {"care": 10}}}
    with pytest.raises(AuthError):
        st.team_decisions(t.code, "Tigers", 1, token="guess")
    assert set(st.decisions(t.code, 1, key=t.key)) == {"Tigers", "Lions"}  # the facilitator sees all
    t.close_round()
    assert st.team_decisions(t.code, "Tigers", 1, token=b.token) == {"hours": {"dealers": {"consulting": 12}}}
    assert set(st.decisions(t.code, 1, token=b.token)) == {"Tigers", "Lions"}


def test_closing_fills_in_missing_teams_and_late_joiners(session):
    """No submission: round 1 plays the default plan, later rounds carry the last decisions over;
    a team joining after a round closed gets the default plan for it."""
    t, a, b = session
    a.submit({"hours": {"dealers": {"consulting": 12}}})
    first = t.close_round()
    assert first["filled"] == {"Lions": "default"} and first["results_added"] == 2
    again = t.close_round()
    assert again["already_closed"] and again["filled"] == {}
    assert t.store.submit(t.code, a.token, {"hours": {}}).status == "late"
    t.next_round()
    late = TeamClient.join(t.store, t.code, "Pumas")
    assert late.game.month == 1
    assert t.close_round()["filled"] == {"Tigers": "carried", "Lions": "carried", "Pumas": "carried"}
    assert t.store.team_decisions(t.code, "Tigers", 2, key=t.key) == {"hours": {"dealers": {"consulting": 12}}}
    board = t.leaderboard()
    assert [r["round"] for r in board] == [2, 2, 2] and all(r["score"] is not None for r in board)
    assert t.next_round()["opened"] and t.close_round()["finished"]
    assert not t.next_round()["opened"]
    with pytest.raises(Exception, match="finished"):
        t.store.join(t.code, "Too late")


def test_results_match_the_team_game_and_are_recomputed_when_missing(session):
    """A result is the team's game replayed; lost results (a crash after closing) are recomputed."""
    t, a, b = session
    a.submit({"hours": {"dealers": {"consulting": 20}}, "remedies": ["campus_channel"]})
    t.store.close_round(t.code, t.key)  # closed, but no results stored (as if the kernel died)
    assert len(t.store.missing_results(t.code)) == 2
    fresh = Tournament(t.store, t.code, t.key)
    board = {r["team"]: r["score"] for r in fresh.leaderboard()}
    a.sync()
    assert board["Tigers"] == a.game.score().score
    assert t.store.missing_results(t.code) == []
    rows = fresh.leaderboard(builtins=True)
    assert {r["kind"] for r in rows} == {"team", "built-in"}


def test_restart_new_process_reads_same_leaderboard_and_carries_on(tmp_path):
    """Close everything; a new process sees the same leaderboard and the teams play on."""
    path = tmp_path / "dojo.sqlite3"
    st = Store(path)
    t = Tournament.create(st, "dealer_phone", rounds=3, seed=5)
    a = TeamClient.join(st, t.code, "Tigers")
    b = TeamClient.join(st, t.code, "Lions")
    a.submit({"hours": {"dealers": {"consulting": 24}}})
    b.submit({"hours": {"dealers": {"transaction": 30}}})
    t.close_round()
    before = [(r["team"], r["score"]) for r in t.leaderboard()]
    code, key = t.code, t.key
    del t, a, st  # nothing kept open: every operation opened and closed its own connection
    ctx = mp.get_context("spawn")
    with ctx.Pool(1) as pool:
        out = pool.apply(continue_after_restart, ((str(path), code, key, b.token),))
    assert out["board"] == before
    assert out["opened"] and (out["status"], out["round"], out["month"]) == ("accepted", 2, 1)
    st2 = Store(path)
    assert st2.session(code)["round"] == 2
    assert st2.round_status(code)[1]["submitted"] is True



def test_debrief_pack_is_one_offline_html_page(session, tmp_path, capsys):
    """``python -m sim debrief`` writes the leaderboard, the charts and the built-ins, with no network."""
    from sim.cli import main

    t, a, b = session
    a.submit({"hours": {"dealers": {"consulting": 24}}, "remedies": ["campus_channel"]})
    t.close_round()
    out = tmp_path / "debrief.html"
    assert main(["debrief", "--session", t.code, "--db", str(t.store.path), "-o", str(out),
                 "--strategies", "quota_push,customer_manager"]) == 0
    page = out.read_text(encoding="utf-8")
    assert 'id="leaderboard"' in page and "Tigers" in page and "Lions" in page
    assert "Customer manager" in page and page.count("vegaEmbed(") == 3  # scatter, stages, tiers
    assert "<script src=" not in page and "https://cdn" not in page
    assert main(["debrief", "--session", "NOSUCH", "--db", str(t.store.path), "-o", str(out)]) == 2
    assert "no session 'NOSUCH'" in capsys.readouterr().err


def test_thirty_writers_killed_and_restarted_lose_and_duplicate_nothing(store, tmp_path):
    """30 writer processes send 6 decisions each; each is killed (SIGKILL) twice at random points —
    at start-up, between submissions or in the middle of one — and started again, until all are done.
    Afterwards every acknowledged submission is in the log once, in order, as the revision its
    receipt named, and the last one is what is stored."""
    n, rng = 6, random.Random(19)
    code, key = store.create_session("dealer_phone", rounds=2, seed=3)
    tokens = [store.join(code, f"writer {i:02d}")[1] for i in range(WRITERS)]
    acks = [tmp_path / f"ack{i:02d}.txt" for i in range(WRITERS)]
    kill_at = {i: sorted(rng.sample(range(n), 2)) for i in range(WRITERS)}  # after how many acknowledgements

    def start(i):
        return subprocess.Popen([sys.executable, str(WORKER), str(store.path), code, tokens[i], str(i), str(acks[i]),
                                 str(n), "0.02"], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)

    procs, kills, resumed = {i: start(i) for i in range(WRITERS)}, 0, 0
    deadline = time.monotonic() + 120
    while procs and time.monotonic() < deadline:
        time.sleep(rng.uniform(0.0, 0.01))
        for i, p in list(procs.items()):
            rc = p.poll()
            if rc is not None:
                assert rc == 0, p.stderr.read().decode()[-500:]
                p.stderr.close()
                del procs[i]
            elif kill_at[i] and len(acked(acks[i])) >= kill_at[i][0]:
                time.sleep(rng.uniform(0.0, 0.02))  # anywhere in the next submission
                p.kill()  # SIGKILL
                p.wait()
                p.stderr.close()
                kill_at[i].pop(0)
                kills += 1
                resumed += 0 < len(acked(acks[i])) < n
                procs[i] = start(i)
    assert not procs, "writers still running after 120 s"
    assert kills >= WRITERS and resumed >= 10  # the chaos happened, and hit writers mid-way
    digests = {(i, _canonical(decision_k(i, k))[1]): k for i in range(WRITERS) for k in range(n)}
    with sqlite3.connect(store.path) as con:
        assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        log = con.execute("SELECT team_id, status, digest FROM submission_log WHERE session=? ORDER BY id",
                          (code,)).fetchall()
        rows = con.execute("SELECT team_id, digest, revision FROM submissions WHERE session=? ORDER BY team_id",
                           (code,)).fetchall()
    ids = {t["name"]: t["id"] for t in store.teams(code)}
    for i in range(WRITERS):
        got = acked(acks[i])
        assert [(int(k), int(rev)) for k, _, rev in got] == [(k, k + 1) for k in range(n)]  # revision k+1, once
        tid = ids[f"writer {i:02d}"]
        recorded = [digests[(i, d)] for t, status, d in log if t == tid and status in ("accepted", "revised")]
        assert recorded == list(range(n))  # every acknowledged one recorded, once, in order
    assert [(d, rev) for _, d, rev in rows] == [(_canonical(decision_k(i, n - 1))[1], n) for i in range(WRITERS)]

