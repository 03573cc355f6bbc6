"""What the room's landing page lists: every page a trainee opens, by title in English and 中文.

The cases (one folder each, :mod:`sim.cases`) come from :data:`sim.ui.cases.CASES` (title and teaching point); the
role-play and the tournament's team page are pages, not cases, and are described here. The
facilitator's page is not listed for trainees: :func:`facilitator` names it for the trainer.
"""

from __future__ import annotations

from pathlib import Path

from sim.ui.cases import CASES

__all__ = ["FACILITATOR", "facilitator", "landing_entries"]

#: the notebooks that are pages but not cases: key -> (title, one line on what it is for)
PAGES = {
    "09_roleplay": ({"en": "Role-play: you are the rep", "zh": "角色扮演：你是業務員"},
                    {"en": "Spend a rep's hours and gifts month by month and read what happened.",
                     "zh": "一個月一個月分配業務員的時間和禮品，看看發生了什麼。"}),
    "10_tournament_team": ({"en": "Tournament: team page", "zh": "比賽：隊伍頁"},
                           {"en": "Join with the facilitator's session code; submit your decisions each round.",
                            "zh": "用主持人給的場次代碼加入；每回合提交決策。"}),
}
FACILITATOR = "11_tournament_facilitator"


def landing_entries(notebooks: Path) -> list[dict]:
    """One entry per notebook a trainee may open, in file order: ``key``, ``path``, ``title``, ``point``
    (its first sentence), each text a ``{"en": ..., "zh": ...}``."""
    entries = []
    for path in sorted(Path(notebooks).glob("[0-9][0-9]_*.ipynb")):
        key = path.stem
        if key in CASES:
            title, point = CASES[key].title, CASES[key].point
        elif key in PAGES:
            title, point = PAGES[key]
        else:
            continue  # the facilitator's page, or a notebook this list does not know
        entries.append({"key": key, "path": path.name, "title": dict(title),
                        "point": {lang: first_sentence(t) for lang, t in point.items()}})
    return entries


def first_sentence(text: str) -> str:
    """Up to the first full stop (``. `` or ``。``): the teaching point in one line."""
    cuts = [i + len(mark) for mark in (". ", "。") if (i := text.find(mark)) >= 0]
    return text[:min(cuts)].strip() if cuts else text.strip()


def facilitator(notebooks: Path) -> str | None:
    """The facilitator's notebook file name, if the folder has it."""
    path = Path(notebooks) / f"{FACILITATOR}.ipynb"
    return path.name if path.exists() else None
