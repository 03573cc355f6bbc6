"""``python -m sim.room.prepare NOTEBOOKS [--prewarm]``: the landing page's data as JSON on stdout.

Run by :mod:`sim.room.serve` in a process of its own, so the server itself never imports the
simulation before it must. With ``--prewarm`` it first removes what earlier code versions left in the shared cache
(``$CRM_DOJO_CACHE``, :func:`sim.cache.prune`), then fills it:
every listed case run at its default settings, and each light page's chart (:mod:`sim.room.light`)
drawn in English and 中文 at its defaults and up to :data:`sim.room.ahead.REACH` steps of its first
control either way — on every core, with a progress bar; on a later start (same code, same cache)
in seconds. What a trainee then moves first is drawn already.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from concurrent.futures import ProcessPoolExecutor, as_completed
from pathlib import Path

from tqdm import tqdm

from sim.cache import prune
from sim.room.ahead import REACH
from sim.room.drawings import stored_answer
from sim.room.landing import facilitator, landing_entries
from sim.room.settings import LANGUAGES, first_steps, light_keys
from sim.ui.cases import CASES
from sim.viz import enable_offline

__all__ = ["draw_first_steps", "first_step_jobs", "landing_data", "main", "prewarm", "prune_old"]


def prewarm(notebooks: Path) -> int:
    """Run every listed case at its default settings once (into the shared cache); how many ran."""
    keys = [e["key"] for e in landing_entries(notebooks) if e["key"] in CASES]
    for key in keys:
        CASES[key].run(CASES[key].defaults(), workers=1)
    return len(keys)


def _stored(job: tuple) -> None:
    stored_answer(*job)


def first_step_jobs(keys) -> list[tuple[str, dict, str]]:
    """``(case, settings, language)`` of every chart drawn before the room opens: each case's
    :func:`sim.room.settings.first_steps`, in both languages, the defaults first."""
    return [(key, values, lang) for key in keys for values in first_steps(CASES[key], REACH) for lang in LANGUAGES]


def draw_first_steps(keys, workers: int | None = None, progress: bool = True) -> int:
    """Draw :func:`first_step_jobs` into the shared cache, on ``workers`` processes (default: every
    core); how many charts."""
    jobs = first_step_jobs(keys)
    workers = workers or os.cpu_count() or 1
    with ProcessPoolExecutor(workers, initializer=enable_offline) as pool, \
            tqdm(total=len(jobs), desc="Drawing the cases' charts ahead · 預先繪製圖表", unit="chart",
                 disable=not progress, file=sys.stderr) as bar:
        for done in as_completed([pool.submit(_stored, job) for job in jobs]):
            done.result()
            bar.update()
    return len(jobs)


def landing_data(notebooks: Path) -> dict:
    """What the ``crm-dojo`` template's landing page shows."""
    return {"crm_cases": landing_entries(notebooks), "crm_facilitator": facilitator(notebooks)}


def prune_old() -> None:
    """Remove what earlier code versions left in the shared cache, saying so on stderr."""
    files, size = prune()
    if files:
        print(f"Removed {files} entries ({size / 2**20:,.0f} MB) that earlier code left in the cache", file=sys.stderr)


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m sim.room.prepare", description=__doc__.split("\n\n")[0])
    p.add_argument("notebooks", type=Path)
    p.add_argument("--prewarm", action="store_true", help="first remove earlier code's entries from the shared "
                   "cache, then run every case at its defaults into it")
    p.add_argument("--light", action="store_true", help="also draw the light pages' first steps ahead")
    args = p.parse_args(argv)
    if args.prewarm:
        prune_old()
    n = prewarm(args.notebooks) if args.prewarm else 0
    listed = {e["key"] for e in landing_entries(args.notebooks)}
    drawn = draw_first_steps([k for k in light_keys(CASES) if k in listed]) if args.prewarm and args.light else 0
    json.dump({**landing_data(args.notebooks), "prewarmed": n, "drawn": drawn}, sys.stdout, ensure_ascii=False)
    return 0


if __name__ == "__main__":
    sys.exit(main())
