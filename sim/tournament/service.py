"""Tournament logic on top of the store: games per team, round results, leaderboard.

Every team plays its own copy of the same world (the session's scenario and seed) with
its own decisions; a team's game is rebuilt at any time by replaying the decisions the
store holds for the closed rounds (:meth:`Game.play_lenient`), so no kernel keeps state
the database does not have. Results are stored after each closed round and recomputed
(identically) when missing — e.g. after a crash between closing a round and saving them.

- :class:`Tournament` — the facilitator's side: close a round, open the next, results,
  leaderboard, the built-in strategies for comparison.
- :class:`TeamClient` — a team's side: its game, checking and submitting decisions, the
  news of each closed round.
"""

from __future__ import annotations

from sim.game import Game
from sim.game.score import builtin_scores
from sim.model.world import WEEKS_PER_MONTH
from sim.tournament.payload import BadPayload, check_round, check_size
from sim.tournament.store import Receipt, Store, normalise_code

__all__ = ["TeamClient", "Tournament", "session_game"]


def session_game(store: Store, code: str, session: dict | None = None) -> Game:
    """A fresh game (month 0) of the session's scenario, seed, rep and built-in for the other reps."""
    s = session or store.session(code)
    return Game(store.scenario(code), seed=s["seed"], rep=s["rep"], others=s["others"])


def _stale(game: Game, s: dict) -> bool:
    """Whether ``game`` cannot follow session ``s``: ahead of its closed rounds (a replaced database) or
    shorter or longer than its rounds (the facilitator added some)."""
    return game.month > s["closed_rounds"] or game.scenario.horizon_months != s["rounds"]


def _advance(game: Game, decisions: list[dict], on_round=None) -> list:
    """Play the rounds of ``decisions`` the game has not played yet; returns their reports."""
    reports = []
    for r in range(game.month, len(decisions)):
        rep = game.play_lenient(decisions[r])
        reports.append(rep)
        if on_round is not None:
            on_round(r + 1, game, rep)
    return reports


def _result_detail(game: Game, report) -> dict:
    return {"kpis": report.kpis, "tier_mix": report.tier_mix, "stage_mix": report.stage_mix,
            "decisions": report.decisions}


class Tournament:
    """The facilitator's handle on session ``code`` (``key``: the facilitator key)."""

    def __init__(self, store: Store, code: str, key: str | None = None) -> None:
        self.store = store
        self.code = normalise_code(code)
        self.key = key
        self._games: dict[int, Game] = {}

    @classmethod
    def create(cls, store: Store, scenario="dealer_phone", rounds: int = 6, seed: int | None = None,
               **kw) -> "Tournament":
        code, key = store.create_session(scenario, rounds, seed, **kw)
        return cls(store, code, key)

    def session(self) -> dict:
        return self.store.session(self.code)

    def game(self, team_id: int) -> Game:
        """Team ``team_id``'s game, played to the last closed round (cached; replayed from the store)."""
        s = self.session()
        g = self._games.get(team_id)
        if g is None or _stale(g, s):
            g = self._games[team_id] = session_game(self.store, self.code, s)
        _advance(g, self.store._effective(s, team_id))
        return g

    def ensure_results(self) -> int:
        """Compute and store every missing result of the closed rounds; returns how many were added."""
        missing = self.store.missing_results(self.code)
        if not missing:
            return 0
        s = self.session()
        return sum(self._fill_results(s, team_id, {r for t, r in missing if t == team_id})
                   for team_id in sorted({t for t, _ in missing}))

    def _fill_results(self, s: dict, team_id: int, want: set) -> int:
        """Replay one team's game and store its results of the rounds ``want``; returns how many were stored."""
        g = session_game(self.store, self.code, s)
        self._games.pop(team_id, None)
        added = 0

        def save(r, game, report):
            nonlocal added
            if r in want:
                self.store.save_result(self.code, team_id, r, game.score().as_dict(), _result_detail(game, report))
                added += 1

        try:
            _advance(g, self.store._effective(s, team_id), save)
        except Exception:  # one team's game must not stop the round for everyone: it stays unranked
            return added
        self._games[team_id] = g
        return added

    def close_round(self) -> dict:
        """Close the open round (missing teams keep last round's decisions) and store everyone's results."""
        out = self.store.close_round(self.code, self.key)
        out["results_added"] = self.ensure_results()
        return out

    def next_round(self) -> dict:
        return self.store.next_round(self.code, self.key)

    def advance(self) -> dict:
        """Close the open round (if it is) and open the next one: the facilitator's one click."""
        closed = self.close_round() if self.session()["round_open"] else None
        out = self.next_round()
        return dict(out, closed=closed)

    def pause(self, paused: bool = True) -> dict:
        return self.store.pause(self.code, self.key, paused)

    def set_timer(self, minutes: float) -> dict:
        return self.store.set_timer(self.code, self.key, minutes)

    def extend(self, minutes: float = 0, rounds: int = 0) -> dict:
        return self.store.extend(self.code, self.key, minutes, rounds)

    def broadcast(self, message: str) -> dict:
        return self.store.broadcast(self.code, self.key, message)

    def status(self) -> list[dict]:
        return self.store.round_status(self.code)

    def leaderboard(self, builtins: bool = False, strategies=None) -> list[dict]:
        """Teams ranked by score after the last closed round; with ``builtins``, the built-in strategies'
        scores at the same point follow (rows with ``kind='built-in'``)."""
        self.ensure_results()
        board = [dict(r, kind="team") for r in self.store.leaderboard(self.code)]
        if builtins:
            board += self.builtin_rows(strategies)
        return board

    def builtin_rows(self, strategies=None) -> list[dict]:
        """The built-in strategies scored like the teams, on the same world, at the last closed round."""
        s = self.session()
        if s["closed_rounds"] == 0:
            return []
        sc = self.store.scenario(self.code)
        rows = builtin_scores(sc, s["seed"], s["rep"], strategies, s["closed_rounds"] * WEEKS_PER_MONTH)
        return [dict(r, team=r["player"], round=s["closed_rounds"]) for r in rows]


class TeamClient:
    """A team's handle: ``TeamClient.join(store, code, name)`` or ``TeamClient(store, code, token)``."""

    def __init__(self, store: Store, code: str, token: str) -> None:
        self.store = store
        self.code = normalise_code(code)
        self.token = token
        self.team = store.team(self.code, token)  # AuthError for a wrong token
        self.game = session_game(store, self.code)
        self.reports: list = []
        self.sync()

    @classmethod
    def join(cls, store: Store, code: str, name: str) -> "TeamClient":
        _, token = store.join(code, name)
        return cls(store, code, token)

    @property
    def name(self) -> str:
        return self.team["name"]

    def session(self) -> dict:
        return self.store.session(self.code)

    def sync(self) -> list:
        """Bring the game up to the last closed round; returns the reports of the rounds just played."""
        s = self.session()
        if _stale(self.game, s):  # more rounds, or (cannot happen unless the database was replaced) fewer
            self.game = session_game(self.store, self.code, s)
            self.reports = []
        new = _advance(self.game, self.store.effective_decisions(self.code, self.team["id"], token=self.token))
        for k, rep in enumerate(new):
            r = self.game.month - len(new) + k + 1
            if r == self.game.month:  # the latest: store it (idempotent; the facilitator does too)
                try:
                    self.store.save_result(self.code, self.team["id"], r, self.game.score().as_dict(),
                                           _result_detail(self.game, rep))
                except Exception:  # a busy store must not break the team's page
                    pass
        self.reports += new
        return new

    def check(self, decisions):
        """Check decisions for the open round against this team's game (a :class:`MonthPlan`)."""
        self.sync()
        return self.game.check(decisions)

    def submit(self, decisions, round: int | None = None) -> Receipt:
        """Check, then submit for ``round`` (default: the round this team's game is at, i.e. the month it
        is deciding). Invalid decisions are answered, not sent; a round closed meanwhile answers ``late``."""
        s = self.session()
        try:  # too big or too deep to look at: the store refuses it without reading it through
            check_size(decisions)
            r = check_round(round) or self.game.month + 1
        except BadPayload:
            return self.store.submit(self.code, self.token, decisions, round=round)  # refused there, with the reason
        self.sync()
        if s["round_open"] and s["round"] == r and self.game.month == r - 1:
            plan = self.game.check(decisions)
            if not plan.ok:
                return Receipt(False, "invalid", "not sent — fix these first:\n" + "\n".join(plan.errors), r)
        return self.store.submit(self.code, self.token, decisions, round=r)

    def leaderboard(self) -> list[dict]:
        return self.store.leaderboard(self.code)
