"""The ASGI app ``uvicorn`` serves for ``python -m sim.room --server solara`` (see :mod:`sim.room.serve`).

Imported by uvicorn after :func:`sim.room.serve.solara_env` set the environment (Solara reads it on
import): Solara's Starlette app behind :class:`sim.room.solara_app.RoomGate`, with the capacity
from ``CRM_DOJO_ROOM_CAPACITY``, the light pages (:mod:`sim.room.light`) unless
``CRM_DOJO_ROOM_PAGES=solara``, pages let go ``CRM_DOJO_ROOM_CULL`` s after their last sign of life,
and, with the shared cache, the settings near every page's drawn ahead (:mod:`sim.room.ahead`;
``CRM_DOJO_ROOM_AHEAD=0``: not). With ``CRM_DOJO_ROOM_PREWARM=1`` every case's default chart is
drawn in both languages first.
"""

from __future__ import annotations

import os
import time

import solara.server.starlette

from sim.room.ahead import Ahead
from sim.room.light import LightRoom
from sim.room.livepages import LivePages
from sim.room.drawings import drawing_pool
from sim.room.solara_app import DRAWERS, DRAWINGS, NOTEBOOKS, RoomGate, prewarm_drawings

__all__ = ["app", "light"]

_CACHE = bool(os.environ.get("CRM_DOJO_CACHE"))
_AHEAD = _CACHE and os.environ.get("CRM_DOJO_ROOM_AHEAD", "1") == "1"
#: the light pages' fresh charts are drawn by the Solara dashboards' drawing processes (``--drawers``), or by
#: two of their own (with the shared cache: a drawing process reads the run from it), so a burst of moves
#: uses both cores and the pages keep answering meanwhile
_DRAWERS = (DRAWERS or drawing_pool(min(2, os.cpu_count() or 1))) if _CACHE else None
light = None if os.environ.get("CRM_DOJO_ROOM_PAGES") == "solara" else \
    LightRoom(DRAWINGS, LivePages(float(os.environ.get("CRM_DOJO_ROOM_CULL", "60"))), Ahead() if _AHEAD else None,
              drawers=_DRAWERS)
app = RoomGate(solara.server.starlette.app, int(os.environ.get("CRM_DOJO_ROOM_CAPACITY", "0")), NOTEBOOKS, light)

if os.environ.get("CRM_DOJO_ROOM_PREWARM") == "1":
    t0 = time.perf_counter()
    n = prewarm_drawings(light.keys if light else ())
    print(f"Drew {n} default charts (English and 中文) in {time.perf_counter() - t0:.1f} s", flush=True)
