"""The ASGI app ``uvicorn`` serves for ``python -m sim.room --server solara`` (see :mod:`sim.room.serve`).

Imported by uvicorn after :func:`sim.room.serve.solara_env` set Solara's environment (Solara reads
it on import): Solara's Starlette app behind :class:`sim.room.solara_app.RoomGate`, with the
capacity from ``CRM_DOJO_ROOM_CAPACITY``; with ``CRM_DOJO_ROOM_PREWARM=1`` every case's default
chart is drawn in both languages first.
"""

from __future__ import annotations

import os
import time

import solara.server.starlette

from sim.room.solara_app import NOTEBOOKS, RoomGate, prewarm_drawings

__all__ = ["app"]

app = RoomGate(solara.server.starlette.app, int(os.environ.get("CRM_DOJO_ROOM_CAPACITY", "0")), NOTEBOOKS)

if os.environ.get("CRM_DOJO_ROOM_PREWARM") == "1":
    t0 = time.perf_counter()
    n = prewarm_drawings()
    print(f"Drew {n} default charts (English and 中文) in {time.perf_counter() - t0:.1f} s", flush=True)
