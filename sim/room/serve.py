"""The one way to serve a room: ``make workshop`` runs this, and so does ``benchmarks/room.py``.

``python -m sim.room --host 0.0.0.0 --port 8866 --capacity 60`` serves the cases from one process
(``--server solara``, the default; :mod:`sim.room.solara_app`): each case a light HTML page
(:mod:`sim.room.light`; ``--pages solara``: Solara's widget pages), the strategy lab and the
role-play game Solara pages (virtual kernels of that process). The simulation is imported once,
each chart is drawn once for the room (the defaults and the first control's steps before it
serves, the settings near each page's while trainees read: ``--no-ahead`` not), past
``--capacity`` open pages a newcomer gets a bilingual "room is full, retry in a minute" page, and
a closed page goes with its beacon (or ``--cull`` s after its last sign of life). ``--server voila`` serves every notebook, the tournament's too, with Voila:

- every page load gets its own kernel, at most ``--capacity`` at once (then a "room full, retry
  in a minute" page; :mod:`sim.room.kernels`);
- a closed page's kernel is shut down by the page's beacon. Voila refuses it (voila issue #1458):
  the beacon sends the ``_xsrf`` cookie's value, but the app page never sets that cookie. The
  room's server does not check XSRF: it has no login, so there is no session a foreign page
  could ride on — anyone on the network can already send what a forged request would (its
  only state-changing calls shut down a kernel whose random id they must know). A kernel whose
  beacon never came is culled after ``--cull`` seconds without a connection or activity;
- the ``crm-dojo`` template (``workshop/voila/templates``) lists the cases in English and 中文 at
  the root and loads nothing from the internet.

Both share one results cache (``$CRM_DOJO_CACHE``, :mod:`sim.cache`), filled with every case's
default settings before the server starts, so a room computes each setting once.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path

import uvicorn
from voila.app import Voila

__all__ = ["ROOT", "SERVERS", "TEMPLATE", "main", "prepare", "room_env", "solara_env", "tornado_settings",
           "voila_argv"]

ROOT = Path(__file__).resolve().parents[2]
NOTEBOOKS = ROOT / "notebooks"
WORKSHOP = ROOT / "workshop"  # JUPYTER_PATH entry holding voila/templates/crm-dojo
TEMPLATE = "crm-dojo"
CULL_S = 60
SERVERS = ("solara", "voila")  # the first is the default
PAGES = ("light", "solara")  # what the Solara server serves the cases as; the first is the default


def voila_argv(notebooks: Path, host: str, port: int, capacity: int, cull: int) -> list[str]:
    """Voila's command-line arguments for a room."""
    return [str(notebooks), "--no-browser", f"--Voila.ip={host}", f"--port={port}", "--Voila.port_retries=0",
            f"--template={TEMPLATE}",
            "--VoilaConfiguration.multi_kernel_manager_class=sim.room.kernels.RoomKernelManager",
            f"--RoomKernelManager.capacity={capacity}",
            f"--MappingKernelManager.cull_idle_timeout={cull}",
            f"--MappingKernelManager.cull_interval={max(1, min(10, cull // 3))}",
            "--MappingKernelManager.cull_connected=False"]


def room_env(workers: int, cache: Path | None) -> dict[str, str]:
    """The environment the server and its kernels run in (added to the current one)."""
    path = os.environ.get("JUPYTER_PATH", "")
    return {"CRM_DOJO_WORKERS": str(workers), "CRM_DOJO_CACHE": str(cache) if cache else "",
            "JUPYTER_PATH": os.pathsep.join(p for p in (str(WORKSHOP), path) if p)}


def solara_env(capacity: int, cull: int, notebooks: Path, prewarm: bool = True, drawers: int = 0,
               pages: str = "light", ahead: bool = True) -> dict[str, str]:
    """Solara's settings for a room (read when :mod:`sim.room.solara_gate` imports it): production mode,
    no telemetry, every asset from the local copy (``solara-assets``; a missing one fails on loopback
    instead of asking a CDN), a page's kernel culled ``cull`` s after its last connection, charts drawn by
    ``drawers`` worker processes (0: in the server's), the cases as ``pages`` ('light': plain HTML pages;
    'solara': Solara's), with the settings near each page's drawn ahead (``ahead``, with the shared cache)."""
    return {"SOLARA_APP": "sim.room.solara_app", "SOLARA_MODE": "production",
            "SOLARA_TELEMETRY_MIXPANEL_ENABLE": "false", "SOLARA_ASSETS_PROXY": "true",
            "SOLARA_ASSETS_CDN": "http://127.0.0.1:9/", "SOLARA_KERNEL_CULL_TIMEOUT": f"{cull}s",
            "SOLARA_THEME_TITLE": "CRM Dojo · CRM 道場", "SOLARA_THEME_SHOW_BANNER": "false",
            "CRM_DOJO_ROOM_CAPACITY": str(capacity), "CRM_DOJO_ROOM_NOTEBOOKS": str(notebooks),
            "CRM_DOJO_ROOM_PREWARM": "1" if prewarm and os.environ.get("CRM_DOJO_CACHE") else "0",
            "CRM_DOJO_ROOM_DRAWERS": str(drawers), "CRM_DOJO_ROOM_PAGES": pages, "CRM_DOJO_ROOM_CULL": str(cull),
            "CRM_DOJO_ROOM_AHEAD": "1" if ahead else "0"}


def prepare(notebooks: Path, prewarm: bool, light: bool = False) -> dict:
    """The landing page's data (and the cache prewarmed; with ``light``, the light pages' first
    steps drawn too), from ``python -m sim.room.prepare``; its progress bar shows on stderr."""
    cmd = [sys.executable, "-m", "sim.room.prepare", str(notebooks), *(["--prewarm"] if prewarm else []),
           *(["--light"] if light else [])]
    proc = subprocess.run(cmd, stdout=subprocess.PIPE, text=True, env={**os.environ, "CRM_DOJO_WORKERS": "1"})
    if proc.returncode:
        raise SystemExit("could not prepare the cases (python -m sim.room.prepare): its message is above")
    return json.loads(proc.stdout)


def tornado_settings(landing: dict) -> dict:
    """The landing page's data and the shutdown beacon's pass (see the module's docstring)."""
    return {"disable_check_xsrf": True,
            "jinja_template_vars": {k: landing[k] for k in ("crm_cases", "crm_facilitator")}}


def _parse(argv: list[str] | None) -> argparse.Namespace:
    p = argparse.ArgumentParser(prog="python -m sim.room", description="Serve the case notebooks to a room.")
    p.add_argument("--server", choices=SERVERS, default=SERVERS[0],
                   help="solara: one process for every page (default); voila: one kernel per page, every notebook")
    p.add_argument("--host", default="0.0.0.0", help="address to listen on (default 0.0.0.0: every interface)")
    p.add_argument("--port", type=int, default=8866)
    p.add_argument("--capacity", type=int, default=0, help="most pages open at once (0: no limit)")
    p.add_argument("--workers", type=int, default=1, help="worker processes per dashboard (CRM_DOJO_WORKERS; "
                   "Voila only: Solara runs every page in its one process)")
    p.add_argument("--drawers", type=int, default=0, help="Solara: worker processes drawing the charts "
                   "(default 0: the widget pages draw in the server's process, the light pages in two of their own)")
    p.add_argument("--pages", choices=PAGES, default=PAGES[0],
                   help="Solara: the cases as light HTML pages (default) or as Solara's widget pages")
    p.add_argument("--no-ahead", action="store_true", help="Solara: do not draw the settings near each "
                   "page's before they are asked for")
    p.add_argument("--cull", type=int, default=CULL_S, help=f"seconds before an unconnected idle kernel is "
                   f"shut down (default {CULL_S})")
    p.add_argument("--cache", type=Path, default=ROOT / "out" / "cache", help="shared results cache folder")
    p.add_argument("--no-cache", action="store_true", help="every kernel computes for itself (no shared cache)")
    p.add_argument("--notebooks", type=Path, default=NOTEBOOKS)
    p.add_argument("--no-prewarm", action="store_true", help="do not compute the cases' defaults at start")
    args = p.parse_args(argv)
    for name in ("port", "capacity", "workers", "cull", "drawers"):
        least = 1 if name in ("port", "workers", "cull") else 0
        if getattr(args, name) < least:
            p.error(f"--{name} {getattr(args, name)}: give a whole number of at least {least}")
    if args.server == "solara" and args.workers != 1:
        p.error(f"--workers {args.workers}: Solara runs every page in its one process; give --workers 1 "
                "(or --server voila)")
    if not args.notebooks.is_dir():
        p.error(f"--notebooks {args.notebooks}: not a folder")
    return args


def main(argv: list[str] | None = None) -> int:
    args = _parse(argv)
    os.environ.update(room_env(args.workers, None if args.no_cache else args.cache.resolve()))
    t0 = time.perf_counter()
    prewarm = not (args.no_prewarm or args.no_cache)
    landing = prepare(args.notebooks.resolve(), prewarm, light=args.server == "solara" and args.pages == "light")
    if landing["prewarmed"]:
        print(f"Prepared {landing['prewarmed']} cases' default settings and drew {landing['drawn']} charts ahead in "
              f"{time.perf_counter() - t0:.1f} s (shared cache {args.cache})", flush=True)
    if args.server == "solara":
        os.environ.update(solara_env(args.capacity, args.cull, args.notebooks.resolve(),
                                     prewarm=not (args.no_prewarm or args.no_cache), drawers=args.drawers,
                                     pages=args.pages, ahead=not args.no_ahead))
        # ws_ping_timeout: a laptop that stalls for 20 s must not drop every page
        uvicorn.run("sim.room.solara_gate:app", host=args.host, port=args.port, log_level="warning",
                    ws="websockets-sansio", ws_ping_timeout=60)
        return 0
    Voila.launch_instance(argv=voila_argv(args.notebooks.resolve(), args.host, args.port, args.capacity,
                                          args.cull), tornado_settings=tornado_settings(landing))
    return 0


if __name__ == "__main__":
    sys.exit(main())
