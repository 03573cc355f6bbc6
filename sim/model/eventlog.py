"""The append-only, columnar event log: the one source of truth of a run.

Processes append whole arrays at a time (one call per batch of contacts, per
week of purchases, ...); :meth:`EventLog.columns` concatenates them once.
Columns: ``t`` (weeks), ``kind`` (see :data:`sim.vocab.EVENTS`), ``account``,
``rep``, ``a``, ``b``, ``stage`` (the account's stage when it happened), ``x``, ``y``.
A world with several lanes (replications) logs them all; :meth:`EventLog.lane`
gives one lane's events with that lane's own account and rep numbers.
"""

from __future__ import annotations

import numpy as np

from sim.vocab import REFERRAL

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

    def __init__(self, lane_cap: int | None = None) -> None:
        self._chunks: list[tuple] = []
        self._explicit: list[tuple[int, int, int]] = []  # (position, count, lane) of events given a lane
        self._n = 0
        self.lane_cap = lane_cap

    def __len__(self) -> int:
        return self._n

    def add(self, kind: int, t, account, *, rep=-1, a=0, b=0, stage=-1, x=0.0, y=0.0, lane=None) -> None:
        """Append events (``kind`` a code, or one per event); array arguments broadcast against ``account``.

        ``lane`` is needed only for market-wide events (account -1) in a world of several lanes.
        """
        if not (type(account) is np.ndarray and account.dtype == np.int32 and account.ndim == 1):
            account = np.atleast_1d(np.asarray(account, dtype=np.int32))
        n = account.size
        if n == 0:
            return
        self._chunks.append((t, kind, account, rep, a, b, stage, x, y, n))
        if lane is not None:
            self._explicit.append((self._n, n, lane))
        self._n += n

    def columns(self) -> dict[str, np.ndarray]:
        """All events as a dict of equal-length arrays, in the order they were logged."""
        cols = [np.empty(self._n, dtype=dt) for dt in COLUMNS.values()]
        pos = 0
        for chunk in self._chunks:
            end = pos + chunk[-1]
            for col, value in zip(cols, chunk):  # a chunk's last item, its count, has no column
                col[pos:end] = value
            pos = end
        return dict(zip(COLUMNS, cols))

    def lanes(self, account: np.ndarray | None = None) -> np.ndarray:
        """The lane of every event (0 everywhere in a one-lane world); ``account``: the account column."""
        if self.lane_cap is None:
            return np.zeros(self._n, dtype=np.int32)
        acc = self.columns()["account"] if account is None else account
        out = np.where(acc >= 0, acc // self.lane_cap, 0).astype(np.int32)
        for pos, n, lane in self._explicit:
            out[pos:pos + n] = np.where(acc[pos:pos + n] >= 0, out[pos:pos + n], lane)
        return out

    def lane(self, k: int, reps_per_lane: int) -> dict[str, np.ndarray]:
        """Lane ``k``'s events, numbered as in a run of its own (accounts and reps from 0)."""
        if self.lane_cap is None:
            return self.columns()
        return self._split(reps_per_lane)[k]

    def _split(self, reps_per_lane: int) -> list[dict[str, np.ndarray]]:
        """Every lane's events at once (cached until the next event): one concatenation, one stable sort."""
        if getattr(self, "_split_at", None) == (self._n, reps_per_lane):
            return self._split_cache
        cols = self.columns()
        lanes = self.lanes(cols["account"])
        order = np.argsort(lanes, kind="stable")  # keeps each lane's events in log order
        bounds = np.searchsorted(lanes[order], np.arange(lanes.max(initial=0) + 2))
        out = []
        for k, (lo, hi) in enumerate(zip(bounds[:-1], bounds[1:])):
            sel = order[lo:hi]
            lane = {name: v[sel] for name, v in cols.items()}
            if k:
                off = k * self.lane_cap
                lane["account"] = np.where(lane["account"] >= 0, lane["account"] - off, -1).astype(np.int32)
                lane["rep"] = np.where(lane["rep"] >= 0, lane["rep"] - k * reps_per_lane, -1).astype(np.int32)
                ref = lane["kind"] == REFERRAL  # b holds the referring account
                lane["b"] = np.where(ref, lane["b"] - off, lane["b"]).astype(np.int32)
            out.append(lane)
        self._split_at, self._split_cache = (self._n, reps_per_lane), out
        return out
