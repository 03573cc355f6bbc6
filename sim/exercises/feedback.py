"""Feedback on an exercise answer: what is right, what is wrong and why, in the course's terms.

A :class:`Feedback` is a list of bilingual lines, each marked right (✓), wrong (✗) or
for information (·). It renders as text (``print``) and as HTML in Jupyter, in the
language of :func:`sim.get_language` at the time it is shown. It is true when the
answer passed: no line is wrong and at least one is right.
"""

from __future__ import annotations

import html
from dataclasses import dataclass, field

from sim.vocab import get_language

__all__ = ["AnswerError", "Feedback", "Text", "tr"]

MARKS = {"ok": "✓", "bad": "✗", "info": "·"}
COLOURS = {"ok": "#1b7837", "bad": "#b2182b", "info": "#4d4d4d"}
HEAD = {
    "pass": ("Passed", "通過"),
    "fail": ("Not yet", "還沒有完成"),
    "hints": ("Stuck? Ask for a hint: ex.hint(1), ex.hint(2), ex.hint(3)",
              "卡住了？可以請求提示：ex.hint(1)、ex.hint(2)、ex.hint(3)"),
}


@dataclass(frozen=True)
class Text:
    """A sentence in English and Chinese; shown in the current language."""

    en: str
    zh: str

    def __str__(self) -> str:
        return self.zh if get_language() == "zh" else self.en


def tr(en: str, zh: str) -> Text:
    """A bilingual sentence (shorthand for :class:`Text`)."""
    return Text(en, zh)


class AnswerError(Exception):
    """An answer that cannot be read (wrong type, missing key, None); carries a friendly message."""

    def __init__(self, message: Text) -> None:
        super().__init__(message.en)
        self.message = message


@dataclass
class Feedback:
    """The verdict on one answer: bilingual lines marked ok, bad or info."""

    exercise: Text
    lines: list[tuple[str, Text]] = field(default_factory=list)

    def ok(self, en: str, zh: str) -> "Feedback":
        return self._add("ok", en, zh)

    def bad(self, en: str, zh: str) -> "Feedback":
        return self._add("bad", en, zh)

    def info(self, en: str, zh: str) -> "Feedback":
        return self._add("info", en, zh)

    def _add(self, kind: str, en: str, zh: str) -> "Feedback":
        self.lines.append((kind, Text(en, zh)))
        return self

    @property
    def passed(self) -> bool:
        kinds = [k for k, _ in self.lines]
        return "bad" not in kinds and "ok" in kinds

    def __bool__(self) -> bool:
        return self.passed

    def _head(self) -> str:
        en, zh = HEAD["pass" if self.passed else "fail"]
        return f"{self.exercise} — {Text(en, zh)}"

    def text(self) -> str:
        """The feedback as plain text in the current language."""
        lines = [("✓ " if self.passed else "✗ ") + self._head()]
        lines += [f"  {MARKS[k]} {t}" for k, t in self.lines]
        if not self.passed:
            lines.append(f"  {Text(*HEAD['hints'])}")
        return "\n".join(lines)

    __str__ = text

    def __repr__(self) -> str:
        return self.text()

    def _repr_html_(self) -> str:
        colour = COLOURS["ok" if self.passed else "bad"]
        items = "".join(
            f'<li style="color:{COLOURS[k]};list-style:none;margin:2px 0">{MARKS[k]} {html.escape(str(t))}</li>'
            for k, t in self.lines)
        tail = "" if self.passed else f'<p style="margin:4px 0;color:#4d4d4d">{html.escape(str(Text(*HEAD["hints"])))}</p>'
        return (f'<div style="border-left:4px solid {colour};padding:6px 12px;margin:4px 0">'
                f'<b style="color:{colour}">{"✓" if self.passed else "✗"} {html.escape(self._head())}</b>'
                f'<ul style="padding-left:4px;margin:4px 0">{items}</ul>{tail}</div>')
