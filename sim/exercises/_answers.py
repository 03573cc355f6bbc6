"""Reading a trainee's answer: friendly messages (never a traceback) for wrong types and gaps."""

from __future__ import annotations

import functools
import math
from collections.abc import Callable, Iterable, Mapping

from sim.exercises.feedback import AnswerError, Feedback, Text

__all__ = ["checker", "choice", "flag", "mapping", "number"]


def _shown(value) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def number(value, name: str, low: float = -math.inf, high: float = math.inf) -> float:
    """``value`` as a float, or an :class:`AnswerError` saying what was expected."""
    if value is None or value is Ellipsis:
        raise AnswerError(Text(f"`{name}` has no answer yet (it is {value!r}): put a number there.",
                               f"`{name}` 還沒有答案（現在是 {value!r}）：請填一個數字。"))
    if isinstance(value, str):
        try:
            value = float(value.strip().rstrip("%").replace(",", ""))
        except ValueError:
            raise AnswerError(Text(f"`{name}` should be a number, not the text {_shown(value)}.",
                                   f"`{name}` 應該是數字，而不是文字 {_shown(value)}。")) from None
        raise AnswerError(Text(f"`{name}` should be a number, not text: write {value:g} without quotes.",
                               f"`{name}` 應該是數字而不是文字：請去掉引號，寫成 {value:g}。"))
    if isinstance(value, bool) or not isinstance(value, (int, float)) and not hasattr(value, "__float__"):
        raise AnswerError(Text(f"`{name}` should be a number, got {type(value).__name__} {_shown(value)}.",
                               f"`{name}` 應該是數字，現在是 {type(value).__name__} {_shown(value)}。"))
    x = float(value)
    if not math.isfinite(x):
        raise AnswerError(Text(f"`{name}` is {x}: give a finite number.", f"`{name}` 是 {x}：請給一個有限的數字。"))
    if not low <= x <= high:
        raise AnswerError(Text(f"`{name}` = {x:g} is outside the possible range {low:g} to {high:g}.",
                               f"`{name}` = {x:g} 超出了可能的範圍 {low:g} 到 {high:g}。"))
    return x


def choice(value, name: str, options: Iterable[str]) -> str:
    """``value`` as one of ``options`` (case and spaces forgiven)."""
    options = list(options)
    listed = ", ".join(repr(o) for o in options)
    if value is None or value is Ellipsis:
        raise AnswerError(Text(f"`{name}` has no answer yet: write one of {listed}.",
                               f"`{name}` 還沒有答案：請填 {listed} 之一。"))
    if isinstance(value, str):
        v = value.strip().lower().replace(" ", "_").replace("-", "_")
        if v in options:
            return v
    raise AnswerError(Text(f"`{name}` should be one of {listed}; got {_shown(value)}.",
                           f"`{name}` 應該是 {listed} 之一；現在是 {_shown(value)}。"))


def flag(value, name: str) -> bool:
    """``value`` as True/False (also 'yes'/'no', 1/0)."""
    if isinstance(value, bool):
        return value
    if isinstance(value, (int, float)) and value in (0, 1):
        return bool(value)
    if isinstance(value, str) and value.strip().lower() in ("yes", "no", "true", "false", "是", "否"):
        return value.strip().lower() in ("yes", "true", "是")
    raise AnswerError(Text(f"`{name}` should be True or False; got {_shown(value)}.",
                           f"`{name}` 應該是 True 或 False；現在是 {_shown(value)}。"))


def mapping(value, name: str, keys: Iterable[str] = (), optional: Iterable[str] = ()) -> dict:
    """``value`` as a dict holding every key in ``keys`` and no key outside ``keys`` + ``optional``."""
    keys, optional = list(keys), list(optional)
    example = "{" + ", ".join(f"{k!r}: ..." for k in keys) + "}"
    if value is None or value is Ellipsis:
        raise AnswerError(Text(f"`{name}` has no answer yet: it should be a dict like {example}.",
                               f"`{name}` 還沒有答案：應該是一個字典，例如 {example}。"))
    if not isinstance(value, Mapping):
        raise AnswerError(Text(f"`{name}` should be a dict like {example}, got {type(value).__name__}.",
                               f"`{name}` 應該是字典，例如 {example}；現在是 {type(value).__name__}。"))
    missing = [k for k in keys if k not in value]
    if missing:
        raise AnswerError(Text(f"`{name}` is missing {', '.join(map(repr, missing))}.",
                               f"`{name}` 缺少 {', '.join(map(repr, missing))}。"))
    if keys or optional:
        extra = [k for k in value if k not in keys and k not in optional]
        if extra:
            allowed = ", ".join(map(repr, keys + optional))
            raise AnswerError(Text(f"`{name}` has unknown key(s) {', '.join(map(repr, extra))}; allowed: {allowed}.",
                                   f"`{name}` 有未知的鍵 {', '.join(map(repr, extra))}；允許的鍵：{allowed}。"))
    return dict(value)


def checker(title: Text) -> Callable:
    """Decorate ``check(v, *answers, fb)``: a wrong-type answer or any surprise becomes friendly feedback."""

    def wrap(func):
        @functools.wraps(func)
        def check(*args, **kwargs) -> Feedback:
            fb = Feedback(title)
            try:
                func(*args, fb=fb, **kwargs)
            except AnswerError as exc:
                fb.bad(exc.message.en, exc.message.zh)
            except Exception as exc:  # noqa: BLE001 - a trainee sees a message, never a traceback
                fb.bad(f"Your answer could not be checked ({type(exc).__name__}: {exc}). "
                       "Check its type and shape against the task.",
                       f"無法檢查你的答案（{type(exc).__name__}: {exc}）。請對照題目檢查答案的類型和格式。")
            return fb
        return check
    return wrap
