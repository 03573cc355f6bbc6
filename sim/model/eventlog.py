"""The append-only, columnar event log: the one source of truth of a run.

Processes append whole arrays at a time (one call per batch of contacts, per
week of purchases, ...); :meth:`EventLog.columns` concatenates them once.
Columns: ``t`` (weeks), ``kind`` (see :data:`sim.vocab.EVENTS`), ``account``,
``rep``, ``a``, ``b``, ``stage`` (the account's stage when it happened), ``x``, ``y``.
"""

from __future__ import annotations

import numpy as np

COLUMNS = {
    "t": np.float64,
    "kind": np.int8,
    "account": np.int32,
    "rep": np.int32,
    "a": np.int16,
    "b": np.int32,
    "stage": np.int8,
    "x": np.float64,
    "y": np.float64,
}


class EventLog:
    """Collects events as column chunks."""

    def __init__(self) -> None:
        self._chunks: list[tuple] = []
        self._n = 0

    def __len__(self) -> int:
        return self._n

    def add(self, kind: int, t, account, *, rep=-1, a=0, b=0, stage=-1, x=0.0, y=0.0) -> None:
        """Append events of one ``kind``; array arguments broadcast against ``account``."""
        account = np.atleast_1d(np.asarray(account, dtype=np.int32))
        n = account.size
        if n == 0:
            return
        self._chunks.append((t, kind, account, rep, a, b, stage, x, y, n))
        self._n += n

    def columns(self) -> dict[str, np.ndarray]:
        """All events as a dict of equal-length arrays, in the order they were logged."""
        out = {name: np.empty(self._n, dtype=dt) for name, dt in COLUMNS.items()}
        pos = 0
        for chunk in self._chunks:
            n = chunk[-1]
            for (name, _), value in zip(COLUMNS.items(), chunk[:-1]):
                out[name][pos:pos + n] = value
            pos += n
        return out
