"""``python -m sim debrief``: the class's debrief pack from the tournament store."""

from __future__ import annotations

import sys

from sim.cli_options import names, sub
from sim.tournament.store import Store, TournamentError

__all__ = ["register", "cmd_debrief"]


def cmd_debrief(args) -> int:
    from sim.tournament.debrief import write_debrief  # lazy: altair loads with this command only

    try:
        store = Store(args.db)
        store.session(args.session)
        path = write_debrief(store, args.session, args.output, args.lang, args.strategies)
    except TournamentError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    print(f"wrote {path}")
    return 0


def register(subs) -> None:
    """Add ``debrief`` to the ``python -m sim`` subcommands."""
    p = sub(subs, "debrief", "Write a tournament's debrief pack: one offline HTML page with the leaderboard, "
             "each team's profit against retention, tier and stage flows per team, and the built-in "
             "strategies played on the same world.",
             "  python -m sim debrief --session K7QF2M -o debrief.html\n"
             "  python -m sim debrief --session K7QF2M --db out/dojo.sqlite3 --lang zh -o debrief_zh.html",
             cmd_debrief)
    p.add_argument("--session", required=True, metavar="CODE", help="the session code (6 characters)")
    p.add_argument("--db", metavar="PATH", help="tournament database (default: $CRM_DOJO_DB or out/dojo.sqlite3)")
    p.add_argument("-o", "--output", default="debrief.html", metavar="FILE", help="HTML file to write")
    p.add_argument("--lang", choices=("en", "zh"), default="en", help="labels in English or Chinese")
    p.add_argument("--strategies", type=names, metavar="A,B,C",
                   help="built-in strategies to compare with (default: the scenario's)")
