"""A per-account book (``accounts.book``): the state each real customer's history implies.

A calibrated scenario may carry one row per real customer (CSV, UTF-8, header line), read by
the simulation instead of drawing anonymous accounts (see :mod:`sim.model.twin`). Each row is
a customer's posterior under the fitted repeat-buying model at the end of the calibration:

=====================  ==================================================================
column                 meaning
=====================  ==================================================================
``account``            the customer id (kept, so every customer has its own forecast)
``segment``            key, strategic, profit or non-profit
``p_alive``            probability the customer is still active, in [0, 1]
``rate_shape``         purchase rate per week while active ~ gamma(shape, rate): shape > 0
``rate_rate``          … its rate parameter (> 0; mean weekly rate = shape / rate)
``dropout_a``          chance to leave after a purchase ~ beta(a, b): a > 0
``dropout_b``          … b > 0
``size``               the customer's typical basket / the product's price (> 0)
``weeks_since_purchase``  weeks from the last purchase to the calibration end (≥ 0)
=====================  ==================================================================

Reading is cached by (path, modification time, size); a bad file raises ``ValueError`` with
one line naming the file, the row (the header is line 1) and what is allowed.
"""

from __future__ import annotations

import csv
import functools
import hashlib
import io
import os
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from sim.vocab import SEGMENTS

__all__ = ["COLUMNS", "AccountBook", "book_digest", "read_book"]

#: numeric columns and the smallest value each allows (``>`` unless marked ``>=``)
NUMERIC = {"p_alive": (0.0, True), "rate_shape": (0.0, False), "rate_rate": (0.0, False),
           "dropout_a": (0.0, False), "dropout_b": (0.0, False), "size": (0.0, False),
           "weeks_since_purchase": (0.0, True)}
COLUMNS = ("account", "segment", *NUMERIC)
MAX_ROWS = 2_000_000


@dataclass(frozen=True)
class AccountBook:
    """The book's columns as arrays (one entry per account, in file order)."""

    path: str
    account: tuple[str, ...]
    segment: np.ndarray  # int8, index into SEGMENTS
    values: dict[str, np.ndarray]
    digest: str  # sha256 of the file's bytes

    def __len__(self) -> int:
        return len(self.account)


def _number(text: str, col: str, where: str) -> float:
    low, inclusive = NUMERIC[col]
    try:
        v = float(text)
    except ValueError:
        v = float("nan")
    ok = np.isfinite(v) and (v >= low if inclusive else v > low) and (col != "p_alive" or v <= 1.0)
    if not ok:
        allowed = "a number in [0, 1]" if col == "p_alive" else f"a number {'>=' if inclusive else '>'} {low:g}"
        raise ValueError(f"{where}: column {col} must be {allowed}")
    return v


def _parse(path: str) -> AccountBook:
    try:
        with open(path, "rb") as fh:
            raw = fh.read()
        rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"), newline="")))
    except FileNotFoundError:
        raise ValueError(f"{path}: account book not found") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ValueError(f"{path}: cannot read the account book ({type(exc).__name__}); it must be a UTF-8 CSV") from None
    if not rows:
        raise ValueError(f"{path}: the account book is empty; its first line must be: {','.join(COLUMNS)}")
    head = [h.strip() for h in rows[0]]
    missing = [c for c in COLUMNS if c not in head]
    if missing:
        raise ValueError(f"{path}: line 1: missing column(s) {', '.join(missing)}; needed: {', '.join(COLUMNS)}")
    body = rows[1:]
    if not 1 <= len(body) <= MAX_ROWS:
        raise ValueError(f"{path}: the account book must have 1 to {MAX_ROWS:,} rows, has {len(body):,}")
    pos = {c: head.index(c) for c in COLUMNS}
    seg_of = {s: i for i, s in enumerate(SEGMENTS)}
    account, segment = [], np.zeros(len(body), dtype=np.int8)
    values = {c: np.zeros(len(body)) for c in NUMERIC}
    for i, row in enumerate(body):
        where = f"{path}: line {i + 2}"
        if len(row) != len(head):
            raise ValueError(f"{where}: {len(row)} fields, the header has {len(head)}")
        account.append(row[pos["account"]].strip())
        s = row[pos["segment"]].strip()
        if s not in seg_of:
            raise ValueError(f"{where}: column segment must be one of {', '.join(SEGMENTS)}")
        segment[i] = seg_of[s]
        for c in NUMERIC:
            values[c][i] = _number(row[pos[c]].strip(), c, where)
    if len(set(account)) != len(account):
        raise ValueError(f"{path}: column account must not repeat an id")
    return AccountBook(path, tuple(account), segment, values, hashlib.sha256(raw).hexdigest())


@functools.lru_cache(maxsize=8)
def _cached(path: str, mtime_ns: int, size: int) -> AccountBook:
    return _parse(path)


def read_book(path: str | Path) -> AccountBook:
    """The account book at ``path`` (checked; cached while the file is unchanged)."""
    p = os.fspath(path)
    try:
        st = os.stat(p)
    except OSError:
        raise ValueError(f"{p}: account book not found") from None
    return _cached(p, st.st_mtime_ns, st.st_size)


def book_digest(path: str | Path) -> str:
    """sha256 of the account book's bytes (what a run depends on, wherever the file lies)."""
    return read_book(path).digest
