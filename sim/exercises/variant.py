"""Per-trainee variants: each trainee's numbers are drawn from a stable hash of their name or ID.

``variant("Wang Li", exercise=1)`` always gives Wang Li the same numbers (on any machine,
in any session: SHA-256, not Python's salted ``hash``), and a neighbour different ones.
"""

from __future__ import annotations

import hashlib
import html
import unicodedata
from dataclasses import dataclass, field

import numpy as np

from sim.exercises.feedback import AnswerError, Text

__all__ = ["Variant", "normalise_name", "variant_seed"]


def normalise_name(who) -> str:
    """The name or ID as hashed: Unicode NFKC, case-folded, inner spaces collapsed."""
    if isinstance(who, bool) or not isinstance(who, (str, int)):
        raise AnswerError(Text(f"Give your name or trainee ID as text, e.g. \"Wang Li\" (got {type(who).__name__}).",
                               f"請用文字填寫你的姓名或學號，例如 \"王力\"（現在是 {type(who).__name__}）。"))
    text = " ".join(unicodedata.normalize("NFKC", str(who)).casefold().split())
    if not text:
        raise AnswerError(Text("Your name or trainee ID is empty: write it between the quotes.",
                               "姓名或學號是空的：請寫在引號之間。"))
    return text


def variant_seed(who, exercise: int) -> int:
    """A 63-bit seed from SHA-256 of the exercise number and the normalised name."""
    digest = hashlib.sha256(f"crm-dojo/exercise-{int(exercise):02d}/{normalise_name(who)}".encode()).digest()
    return int.from_bytes(digest[:8], "big") >> 1


@dataclass(frozen=True)
class Variant:
    """One trainee's numbers for one exercise (read them as ``v.name`` or ``v["name"]``)."""

    who: str
    exercise: int
    seed: int
    data: dict = field(repr=False)
    shown: tuple[str, ...] = ()

    def __getattr__(self, name: str):
        data = self.__dict__.get("data", {})
        if name in data:
            return data[name]
        raise AttributeError(f"this exercise's numbers have no {name!r}; they are: {', '.join(data)}")

    def __getitem__(self, name: str):
        return self.data[name]

    def rng(self) -> np.random.Generator:
        """A fresh generator from this variant's seed (the same draws every time)."""
        return np.random.default_rng(self.seed)

    def _items(self):
        return [(k, self.data[k]) for k in (self.shown or self.data)]

    def __repr__(self) -> str:
        head = Text(f"Exercise {self.exercise} — numbers for {self.who}", f"練習 {self.exercise} — {self.who} 的資料")
        lines = [str(head)]
        for k, v in self._items():
            body = v.to_string() if hasattr(v, "to_string") else repr(v)
            lines.append(f"  {k}: " + body.replace("\n", "\n    "))
        return "\n".join(lines)

    def _repr_html_(self) -> str:
        head = Text(f"Exercise {self.exercise} — numbers for {self.who}", f"練習 {self.exercise} — {self.who} 的資料")
        rows = []
        for k, v in self._items():
            cell = v.to_html() if hasattr(v, "to_html") else html.escape(repr(v))
            rows.append(f"<tr><td style='text-align:left'><code>{html.escape(k)}</code></td>"
                        f"<td style='text-align:left'>{cell}</td></tr>")
        return f"<b>{html.escape(str(head))}</b><table>{''.join(rows)}</table>"
