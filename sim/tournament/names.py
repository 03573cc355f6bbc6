"""Team names: one spelling per look, so no team can join under a name that looks like another's.

A name is NFKC-normalised (full-width ``Ｂｅｔａ`` becomes ``Beta``) and its spaces collapsed;
invisible characters (zero-width spaces, joiners, direction marks, fillers, controls) are
refused, and so are names that mix Latin letters with Cyrillic or Greek ones. Two names
clash when their *skeletons* are equal: NFKC, casefold, then a small map of Cyrillic and
Greek letters that look like Latin ones (``ВЕТА`` → ``beta``). The skeleton is the
``name_key`` the database keeps unique per session. Stdlib only.
"""

from __future__ import annotations

import unicodedata

MAX_NAME = 40
#: categories that draw nothing or control the text: controls, format (zero-width, bidi), surrogates,
#: private use, unassigned, line/paragraph separators
INVISIBLE_CATEGORIES = frozenset({"Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp"})
#: letters that draw as blanks although Unicode calls them letters (Hangul fillers, Braille blank, …)
BLANK_LETTERS = frozenset("\u115f\u1160\u3164\uffa0\u2800\u180e\u17b4\u17b5")
#: Cyrillic and Greek letters (after casefold) that look like a Latin letter
CONFUSABLES = {
    # Cyrillic
    "а": "a", "в": "b", "г": "r", "д": "d", "е": "e", "ё": "e", "з": "3", "и": "u", "і": "i", "ї": "i",
    "ј": "j", "к": "k", "л": "n", "м": "m", "н": "h", "о": "o", "п": "n", "р": "p", "с": "c", "т": "t",
    "у": "y", "х": "x", "ѕ": "s", "ԁ": "d", "ӏ": "l", "ԛ": "q", "ԝ": "w", "ь": "b", "ү": "y",
    # Greek
    "α": "a", "β": "b", "γ": "y", "ε": "e", "ζ": "z", "η": "h", "ι": "i", "κ": "k", "μ": "m", "ν": "n",
    "ο": "o", "ρ": "p", "τ": "t", "υ": "y", "χ": "x", "ϲ": "c", "ω": "w", "σ": "o", "ς": "c",
}
_SPOOF_SCRIPTS = ("CYRILLIC", "GREEK")


class BadName(ValueError):
    """A team name that cannot be used (the message says why)."""


def clean_name(raw) -> str:
    """The name as shown: NFKC, single spaces; :class:`BadName` for what cannot be a team name."""
    if not isinstance(raw, str):
        raise BadName(f"a team name must be text, got {type(raw).__name__}")
    if len(raw) > 4 * MAX_NAME:
        raise BadName(f"a team name needs 1 to {MAX_NAME} characters")
    name = unicodedata.normalize("NFKC", raw)
    bad = next((ch for ch in name if unicodedata.category(ch) in INVISIBLE_CATEGORIES or ch in BLANK_LETTERS), None)
    if bad is not None and not bad.isspace():
        raise BadName(f"a team name cannot contain invisible or control characters (found U+{ord(bad):04X})")
    name = " ".join(name.split())
    if not 1 <= len(name) <= MAX_NAME:
        raise BadName(f"a team name needs 1 to {MAX_NAME} characters")
    scripts = {_script(ch) for ch in name if ch.isalpha()}
    if "LATIN" in scripts and scripts.intersection(_SPOOF_SCRIPTS):
        raise BadName("a team name cannot mix Latin letters with Cyrillic or Greek ones (they look alike)")
    return name


def name_key(name: str) -> str:
    """The skeleton two names are compared by (NFKC, casefold, look-alike letters folded, single spaces)."""
    s = unicodedata.normalize("NFKC", str(name)).casefold()
    s = "".join(CONFUSABLES.get(ch, ch) for ch in s)
    return " ".join(s.split())


def _script(ch: str) -> str:
    return unicodedata.name(ch, "UNKNOWN").split(" ")[0]
