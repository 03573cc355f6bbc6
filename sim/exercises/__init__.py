"""Exercises with instant feedback: per-trainee variants, checks, hints and the workbook builder.

In a workbook::

    from sim.exercises import ex01_delivered_value as ex
    v = ex.variant("Wang Li")          # your own numbers (a stable hash of your name or ID)
    ex.check(v, answer)                # what is right, what is wrong and why
    ex.hint(1)                         # up to three hints

``sim.exercises.variant(who, exercise=N)`` gives the same draw as ``exN.variant(who)``.
Solution notebooks in ``exercises/solutions/`` are the source; ``python -m sim exercises
build`` writes the trainee workbooks from them (see :mod:`sim.exercises.build`).
Nothing here imports Jupyter: the feedback objects render themselves.
"""

from __future__ import annotations

import importlib

from sim.exercises.feedback import AnswerError, Feedback, Text
from sim.exercises.hints import Hint
from sim.exercises.variant import Variant, variant_seed

__all__ = ["EXERCISES", "AnswerError", "Feedback", "Hint", "Text", "Variant", "exercise_module", "variant",
           "variant_seed"]

#: exercise number -> module name (also the notebook's name: exercises/NN_<name>.ipynb)
EXERCISES = {
    1: "ex01_delivered_value",
    2: "ex02_tier_plan",
    3: "ex03_dealer_remedy",
    4: "ex04_store_care",
    5: "ex05_public_pool",
    6: "ex06_segmentation",
    7: "ex07_own_strategy",
    8: "ex08_read_comparison",
}


def exercise_module(exercise: int):
    """The module of exercise number ``exercise`` (imported on first use)."""
    if exercise not in EXERCISES:
        raise ValueError(f"no exercise {exercise!r}; the exercises are {', '.join(map(str, EXERCISES))}")
    return importlib.import_module(f"sim.exercises.{EXERCISES[exercise]}")


def variant(who, exercise: int) -> Variant:
    """Trainee ``who``'s numbers for ``exercise`` (stable for one trainee, different between trainees)."""
    return exercise_module(exercise).variant(who)
