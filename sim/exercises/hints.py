"""Hints on request: up to three per exercise, each a little more explicit than the last."""

from __future__ import annotations

import html
from dataclasses import dataclass

from sim.exercises.feedback import Text
from sim.ui.icons import icon

__all__ = ["Hint", "hint_from"]


@dataclass(frozen=True)
class Hint:
    """Hint ``n`` of ``total`` for one exercise; renders as text and HTML."""

    n: int
    total: int
    text: Text

    def __str__(self) -> str:
        head = Text(f"Hint {self.n} of {self.total}", f"提示 {self.n}/{self.total}")
        return f"{head}: {self.text}"

    __repr__ = __str__

    def _repr_html_(self) -> str:  # the bulb is an inline SVG: no emoji font needed
        return (f'<div style="border-left:4px solid #f1a340;padding:6px 12px">{icon("hint")}'
                f"{html.escape(str(self))}</div>")


def hint_from(hints: tuple[tuple[str, str], ...], n=1) -> Hint:
    """Hint ``n`` (1 = gentlest) from ``hints``; a bad ``n`` gets the nearest one, never an error."""
    try:
        n = int(n)
    except (TypeError, ValueError):
        n = 1
    n = min(max(n, 1), len(hints))
    return Hint(n, len(hints), Text(*hints[n - 1]))
