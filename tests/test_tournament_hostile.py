"""Hostile input to the tournament (issue 19): one team's payload, name or stored row never breaks
a round, another team's results or the store. Every file of tests/hostile/tournament/ is refused
with a one-line reason; Hypothesis payloads always get a receipt; bad rows already in the
database read as the default plan; names that look alike cannot join side by side."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sim.tournament import Receipt, Store, TeamClient, TeamNameTaken, Tournament, TournamentError
from sim.tournament.db import SYNCHRONOUS_CODE
from sim.tournament.payload import readable

CORPUS = Path(__file__).resolve().parent / "hostile" / "tournament"
PAYLOADS = sorted(p for p in CORPUS.glob("*.json") if p.name != "names.json")
STATUSES = {"accepted", "revised", "duplicate", "late", "not_open", "finished", "refused", "invalid", "error"}
VICTIM = {"hours": {"dealers": {"consulting": 12}}}
HYPOTHESIS = settings(derandomize=True, max_examples=120, deadline=2000, database=None,
                      suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])


@pytest.fixture(scope="module")
def room(tmp_path_factory):
    """One session, two teams: Beta sends the hostile payloads, Alpha has submitted ordinary ones."""
    store = Store(tmp_path_factory.mktemp("hostile") / "dojo.sqlite3")
    code, key = store.create_session("dealer_phone", rounds=3, seed=2)
    _, beta = store.join(code, "Beta")
    _, alpha = store.join(code, "Alpha")
    assert store.submit(code, alpha, VICTIM).status == "accepted"
    return store, code, key, beta, alpha


def _load(path: Path):
    case = json.loads(path.read_text(encoding="utf-8"))
    return case["decisions"], case.get("round")


def _assert_alpha_intact(store, code, key):
    assert store.team_decisions(code, "Alpha", 1, key=key) == VICTIM
    assert {r["team"]: r["revision"] for r in store.round_status(code)}["Alpha"] == 1


@pytest.mark.parametrize("path", PAYLOADS, ids=[p.stem for p in PAYLOADS])
def test_every_hostile_payload_is_refused_in_one_short_line(room, path):
    """Breaks if a payload is accepted (a bound is gone), raises, or the message echoes the payload."""
    store, code, key, beta, _ = room
    decisions, round_no = _load(path)
    r = store.submit(code, beta, decisions, round=round_no)
    assert isinstance(r, Receipt) and (r.ok, r.status) == (False, "invalid"), (path.name, r)
    assert "\n" not in r.message and len(r.message) < 200, r.message
    _assert_alpha_intact(store, code, key)


def test_hostile_payloads_sent_through_the_team_client_get_answers(tmp_path):
    """The team's own client never raises and builds nothing huge (2e8 h once allocated 1.7 GB)."""
    store = Store(tmp_path / "dojo.sqlite3")
    t = Tournament.create(store, "dealer_phone", rounds=2, seed=2)
    team = TeamClient.join(store, t.code, "Beta")
    for path in PAYLOADS:
        decisions, round_no = _load(path)
        r = team.submit(decisions, round=round_no)
        assert (r.ok, r.status) == (False, "invalid"), (path.name, r)
        assert len(r.message) < 600, (path.name, len(r.message))
    assert store.round_status(t.code)[0]["submitted"] is False


def test_lookalike_names_cannot_join_beside_an_existing_team(room):
    """NFKC + casefold + Cyrillic/Greek look-alikes: 'ВЕТА' and 'Ｂｅｔａ' clash with 'Beta';
    invisible characters and Latin mixed with Cyrillic or Greek are refused."""
    store, code, _, _, _ = room
    names = json.loads((CORPUS / "names.json").read_text(encoding="utf-8"))
    before = len(store.teams(code))
    for name in names["clash"]:
        with pytest.raises(TeamNameTaken):
            store.join(code, name)
    for name in names["refused"]:
        with pytest.raises(TournamentError) as err:
            store.join(code, name)
        assert not isinstance(err.value, TeamNameTaken), name
        assert "\n" not in str(err.value) and len(str(err.value)) < 120
    assert len(store.teams(code)) == before
    joined = [store.join(code, n) for n in names["allowed"]]
    assert len(store.teams(code)) == before + len(joined)
    assert store.teams(code)[-1]["name"] == names["allowed"][-1]


def test_a_session_takes_at_most_its_team_cap(tmp_path):
    store = Store(tmp_path / "dojo.sqlite3")
    code, _ = store.create_session("dealer_phone", rounds=2, max_teams=3)
    for i in range(3):
        store.join(code, f"team {i}")
    with pytest.raises(TournamentError, match="is full .3 teams"):
        store.join(code, "one too many")
    assert store.session(code)["max_teams"] == 3
    with pytest.raises(TournamentError, match="max_teams must be from 1"):
        store.create_session("dealer_phone", rounds=2, max_teams=0)
    assert Store(tmp_path / "d2.sqlite3").session(
        Store(tmp_path / "d2.sqlite3").create_session("dealer_phone", rounds=1)[0])["max_teams"] == 40


BAD_ROWS = ['{"hours":{"key":{"care":1' + "0" * 400 + '}}}', '{"hours":{"key":{"care":1e999}}}',
            '{"hours":{"key":{"care":NaN}}}', '{"hours":{"key":{"care":2e8}}}', "[" * 100_000 + "]" * 100_000,
            "not json at all", '{"hours":{"key":{"care":"x"}}, "exec": 1}']


@pytest.mark.parametrize("row", BAD_ROWS, ids=["10e400", "1e999", "nan", "2e8", "deep", "garbage", "unknown_key"])
def test_a_bad_row_already_stored_reads_as_the_default_plan(row):
    """Defence at read time: a row written before the checks (or by hand) plays the default plan."""
    assert readable(row) == {"default": True}


def test_bad_stored_rows_do_not_stop_the_round_or_change_other_results(tmp_path):
    """Rows of 10**400 and NaN hours written straight into the database: closing the round, the
    leaderboard and the debrief data still work, and Alpha scores what it scores alone."""
    from sim.tournament.debrief import debrief_data

    alone = Tournament.create(Store(tmp_path / "alone.sqlite3"), "dealer_phone", rounds=2, seed=4)
    TeamClient.join(alone.store, alone.code, "Alpha").submit(VICTIM)
    alone.close_round()
    expected = alone.leaderboard()[0]["score"]

    store = Store(tmp_path / "dojo.sqlite3")
    t = Tournament.create(store, "dealer_phone", rounds=2, seed=4)
    TeamClient.join(store, t.code, "Alpha").submit(VICTIM)
    ids = [store.join(t.code, f"bad {i}")[0] for i in range(2)]
    with sqlite3.connect(store.path) as con:
        for team_id, row in zip(ids, BAD_ROWS[:3:2]):
            con.execute("INSERT INTO submissions VALUES (?,?,1,?,'x','team',1,'now')", (t.code, team_id, row))
    out = t.close_round()
    assert out["results_added"] == 3
    board = {r["team"]: r for r in t.leaderboard()}
    assert board["Alpha"]["score"] == expected
    assert all(r["score"] is not None for r in board.values())
    with sqlite3.connect(store.path) as con:  # a result row spoiled by hand reads as missing, not as a crash
        con.execute("UPDATE results SET score = 'oops' WHERE team_id = ?", (ids[0],))
    assert {r["team"]: r["rank"] for r in store.leaderboard(t.code)}["bad 0"] is None
    assert debrief_data(store, t.code, strategies=["routine_care"])["board"]


JSONISH = st.recursive(
    st.none() | st.booleans() | st.integers(-10**400, 10**400) | st.floats(allow_nan=True, allow_infinity=True)
    | st.text(max_size=20),
    lambda kids: st.lists(kids, max_size=4) | st.dictionaries(st.text(max_size=8), kids, max_size=4), max_leaves=25)
SANE_HOURS = st.floats(0, 12) | st.integers(0, 12)
HOURS = st.one_of(SANE_HOURS, SANE_HOURS, SANE_HOURS, st.floats(allow_nan=True, allow_infinity=True),
                  st.integers(-10**30, 10**400), st.sampled_from(["4", "x", "1e400", "", "nan", True, None]), JSONISH)
TARGETS = st.sampled_from(["key", "dealers", "A3", "all", "nowhere", "x" * 50])
PLAIN = st.fixed_dictionaries(
    {"hours": st.dictionaries(TARGETS, st.dictionaries(st.sampled_from(["care", "consulting", "magic"]), HOURS,
                                                       max_size=3), max_size=3)},
    optional={"remedies": st.lists(st.sampled_from(["campus_channel", "shared_engineers", "bribe"]), max_size=3),
              "note": st.text(max_size=30)})
WILD = st.fixed_dictionaries({"hours": st.dictionaries(TARGETS, JSONISH | HOURS, max_size=4)},
                             optional={"remedies": JSONISH, "note": JSONISH, "default": JSONISH})
DECISIONS = st.one_of(JSONISH, WILD, PLAIN, PLAIN, PLAIN)
ROUNDS = st.one_of(st.none(), st.none(), st.none(), st.sampled_from([1, "1", 2, 9]), st.integers(-10**20, 10**20),
                   st.text(max_size=5), st.floats(), st.booleans(), st.just([1]))


@HYPOTHESIS
@given(decisions=DECISIONS, round_no=ROUNDS)
def test_any_payload_gets_a_receipt_and_leaves_other_teams_alone(room, decisions, round_no):
    """Breaks if submit raises, accepts what cannot be played back, or touches Alpha's decisions."""
    store, code, key, beta, _ = room
    r = store.submit(code, beta, decisions, round=round_no)
    assert isinstance(r, Receipt) and r.status in STATUSES and len(r.message) < 300
    if r.ok:
        stored = store.team_decisions(code, "Beta", 1, key=key)
        assert stored == readable(json.dumps(stored))  # what is stored passes the read-time check as it is
    _assert_alpha_intact(store, code, key)


def test_after_the_fuzzing_the_round_closes_and_the_board_is_computable(room):
    """Whatever Beta's last accepted payload was (run after the Hypothesis test): the round closes,
    both teams are scored."""
    store, code, key, _, _ = room
    t = Tournament(store, code, key)
    assert t.close_round()["round"] == 1
    board = t.leaderboard()
    assert {r["team"] for r in board if r["score"] is not None} >= {"Alpha", "Beta"}


def test_every_connection_syncs_in_full(tmp_path, monkeypatch):
    """Every connection the store opens sets ``synchronous = FULL`` (WAL) before doing anything else;
    breaks if the pragma goes back to NORMAL or a connection is opened without it."""
    traces: list[list[str]] = []
    real = sqlite3.connect

    def spy(*args, **kw):
        con = real(*args, **kw)
        traces.append([])
        con.set_trace_callback(traces[-1].append)
        return con

    monkeypatch.setattr(sqlite3, "connect", spy)
    store = Store(tmp_path / "dojo.sqlite3")
    code, key = store.create_session("dealer_phone", rounds=2)
    _, token = store.join(code, "Tigers")
    store.submit(code, token, VICTIM)
    store.close_round(code, key)
    store.leaderboard(code)
    assert len(traces) > 8
    for statements in traces:
        work = [i for i, s in enumerate(statements) if not s.upper().startswith("PRAGMA")]
        assert "PRAGMA synchronous = FULL" in statements
        assert not work or statements.index("PRAGMA synchronous = FULL") < work[0]
    assert store.pragmas() == {"journal_mode": "wal", "synchronous": SYNCHRONOUS_CODE}


def test_pages_take_no_secret_from_the_address_and_bound_their_number_boxes(tmp_path, monkeypatch):
    """A token or key in the query string (server logs, Referer) is ignored with a warning; pasted
    into the password box it works; links never carry it; the team's boxes stop at the month's hours.
    Breaks if a page reads ``token=``/``key=`` from the address or the boxes lose their bounds."""
    from sim.ui.tournament import FacilitatorPage, TeamPage

    store = Store(tmp_path / "dojo.sqlite3")
    t = Tournament.create(store, "dealer_phone", rounds=2, seed=1)
    _, token = store.join(t.code, "Tigers")
    monkeypatch.setenv("QUERY_STRING", f"session={t.code}&token={token}")
    page = TeamPage(store, poll_seconds=0)
    assert page.client is None and "not used" in page.message.value
    page.token_box.value = token
    page.rejoin_button.click()
    assert page.client.name == "Tigers" and page.token_box.value == ""
    assert f"<code>?session={t.code}</code>" in page.message.value and f"token={token}" not in page.message.value
    cells = [w for per in page.view.grid.rows.values() for w in per.values()]
    max_hours = store.session(t.code)["max_hours"]
    assert cells and all((w.min, w.max) == (0.0, max_hours) for w in cells)
    cells[0].value = 2e8
    assert cells[0].value == max_hours
    page.view.grid.add_row("A3")
    assert page.view.grid.rows["A3"]["care"].max == max_hours  # rows added later are bounded too

    monkeypatch.setenv("QUERY_STRING", f"session={t.code}&key={t.key}")
    fac = FacilitatorPage(store, poll_seconds=0)
    assert fac.t.key is None and fac.close_button.disabled and "not used" in fac.message.value
    fac.key_box.value = t.key
    fac.open_button.click()
    assert fac.t.key == t.key and not fac.close_button.disabled and f"key={t.key}" not in fac.message.value


def test_the_game_builds_nothing_for_hours_beyond_the_month(tmp_path):
    """plan_month reports 2e8 h without building 50 million contacts first (it once took 1.7 GB);
    breaks if a line over the month's hours is scheduled before the check."""
    import tracemalloc

    t = Tournament.create(Store(tmp_path / "dojo.sqlite3"), "dealer_phone", rounds=1, seed=1)
    game = TeamClient.join(t.store, t.code, "Beta").game
    tracemalloc.start()
    try:
        plan = game.check({"hours": {"dealers": {"care": 2e8}, "key": {"care": 10**400}}})
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert not plan.ok and any("over the hours" in e for e in plan.errors)
    assert any("hours must be a number" in e and len(e) < 120 for e in plan.errors)
    assert peak < 20_000_000


@pytest.mark.parametrize("code,token", [(None, None), (10**400, [1]), ("x" * 100_000, "y" * 100_000),
                                        ({"a": 1}, b"token"), ("", "")])
def test_a_receipt_comes_back_whatever_the_code_and_token(room, code, token):
    store, scode, key, _, _ = room
    r = store.submit(code, token, VICTIM)
    assert isinstance(r, Receipt) and (r.ok, r.status) == (False, "refused") and len(r.message) < 200
    _assert_alpha_intact(store, scode, key)


def test_a_database_of_schema_1_gets_the_new_columns(tmp_path):
    """A version-1 database (no team cap, no hours bound) opens, gains both with their defaults, plays on."""
    path = tmp_path / "old.sqlite3"
    code, _ = Store(path).create_session("dealer_phone", rounds=2)
    with sqlite3.connect(path) as con:
        con.execute("ALTER TABLE sessions DROP COLUMN max_teams")
        con.execute("ALTER TABLE sessions DROP COLUMN max_hours")
    store = Store(path)
    s = store.session(code)
    assert (s["max_teams"], s["max_hours"]) == (40, 400)
    _, token = store.join(code, "Tigers")
    assert store.submit(code, token, VICTIM).status == "accepted"


def test_a_team_whose_game_fails_stays_unranked_and_the_round_goes_on(tmp_path, monkeypatch):
    """Breaks if one team's replay failing (whatever the cause) stops closing the round or the board."""
    from sim.game import Game

    store = Store(tmp_path / "dojo.sqlite3")
    t = Tournament.create(store, "dealer_phone", rounds=2, seed=4)
    TeamClient.join(store, t.code, "Alpha").submit(VICTIM)
    TeamClient.join(store, t.code, "Boom").submit({"hours": {"key": {"care": 4}}, "note": "boom"})
    real = Game.play_lenient

    def play(game, decisions):
        if isinstance(decisions, dict) and decisions.get("note") == "boom":
            raise RuntimeError("a bug that only this team's decisions reach")
        return real(game, decisions)

    monkeypatch.setattr(Game, "play_lenient", play)
    assert t.close_round()["results_added"] == 1
    assert [(r["team"], r["rank"]) for r in t.leaderboard()] == [("Alpha", 1), ("Boom", None)]
