"""Team tournaments for workshops: a store that loses nothing, rounds, leaderboard, debrief.

    from sim.tournament import Store, Tournament, TeamClient
    store = Store()                                   # $CRM_DOJO_DB or out/dojo.sqlite3
    t = Tournament.create(store, "dealer_phone", rounds=6, seed=1)   # t.code, t.key
    team = TeamClient.join(store, t.code, "Tigers")  # team.token: keep it secret
    team.submit({"hours": {"dealers": {"consulting": 24}}})
    t.close_round(); t.leaderboard(builtins=True); t.next_round()

``python -m sim debrief --session CODE -o debrief.html`` writes the class's debrief pack.
"""

from sim.tournament.service import TeamClient, Tournament, session_game
from sim.tournament.store import (
    ALPHABET, AuthError, HiddenError, Receipt, SessionNotFound, Store, TeamNameTaken, TournamentError, db_path,
)

__all__ = ["ALPHABET", "AuthError", "HiddenError", "Receipt", "SessionNotFound", "Store", "TeamClient",
           "TeamNameTaken", "Tournament", "TournamentError", "db_path", "session_game"]
