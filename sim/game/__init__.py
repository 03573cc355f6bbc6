"""The turn-based role-play game (no browser, no widgets: decisions in, state out).

    from sim.game import Game
    g = Game("dealer_phone", seed=1, months=6)
    g.check({"hours": {"dealers": {"consulting": 24}}, "remedies": ["campus_channel"]}).errors
    report = g.play({"hours": {"dealers": {"consulting": 24}}, "remedies": ["campus_channel"]})
    report.news, report.kpis, g.score(), g.compare()
    g.save("my_game.json"); Game.load("my_game.json")   # replays the same world

See :mod:`sim.game.decisions` for the decisions format and :mod:`sim.game.score` for the score.
"""

from sim.game.decisions import GROUPS, REMEDIES, DecisionError, MonthPlan, normalise_decisions, plan_month
from sim.game.engine import Game, GameStrategy, MonthReport
from sim.game.score import WEIGHTS, Score, builtin_scores, score_formula

__all__ = ["DecisionError", "GROUPS", "Game", "GameStrategy", "MonthPlan", "MonthReport", "REMEDIES", "Score",
           "WEIGHTS", "builtin_scores", "normalise_decisions", "plan_month", "score_formula"]
