"""Finished tasks on disk, so an interrupted experiment can resume where it stopped.

Each finished task is one small JSON file ``DIR/tasks/<key>.json`` written atomically
(temp file + ``os.replace``): a crash or Ctrl-C never leaves half a record. A record
carries the hash of the scenario it ran and its seed; :meth:`TaskStore.load` only
returns records that match the task planned now. :func:`check_resume` compares the
manifest of the earlier run with this one before anything runs.
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

from sim.experiment import ExperimentError
from sim.io import MANIFEST, write_atomic

__all__ = ["ResumeError", "TaskStore", "check_resume"]

TASKS = "tasks"


class ResumeError(ExperimentError):
    """An output folder that cannot be resumed; the message says why."""


def _safe(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9_.+=-]+", "_", str(text))


class TaskStore:
    """The finished tasks of one experiment in ``directory/tasks/``."""

    def __init__(self, directory: str | Path):
        self.directory = Path(directory)
        self.path = self.directory / TASKS

    @staticmethod
    def key(task) -> str:
        """File stem of a task: ``<strategy>-<replication>``, prefixed ``p<point>-`` in sweeps."""
        point = getattr(task, "point", None)
        return (f"p{point:04d}-" if point is not None else "") + f"{_safe(task.name)}-{task.replication}"

    def save(self, task, row: dict, scenario_hash: str) -> Path:
        """Write the row of a finished task (atomically)."""
        record = {"key": self.key(task), "scenario_hash": scenario_hash, "seed": int(task.seed), "row": row}
        return write_atomic(self.path / f"{self.key(task)}.json", json.dumps(record) + "\n")

    def load(self, task, scenario_hash: str) -> dict | None:
        """The saved row of ``task`` if it ran on this scenario with this seed, else None."""
        try:
            record = json.loads((self.path / f"{self.key(task)}.json").read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None
        ok = record.get("scenario_hash") == scenario_hash and record.get("seed") == int(task.seed)
        return record["row"] if ok else None

    def count(self) -> int:
        """How many task files are saved."""
        return len(list(self.path.glob("*.json"))) if self.path.is_dir() else 0

    def clear(self) -> None:
        """Forget the tasks of an earlier run (a fresh start in the same folder)."""
        shutil.rmtree(self.path, ignore_errors=True)


def check_resume(directory: str | Path, expected: dict) -> dict:
    """Check that ``directory`` holds an earlier run of the same experiment; return its manifest.

    ``expected`` maps manifest keys (``command_name``, ``scenario_hash``, ``base_seed``, …) to
    the values of the run about to start; a difference raises :class:`ResumeError` naming it.
    """
    path = Path(directory) / MANIFEST
    try:
        manifest = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ResumeError(f"{directory}: nothing to resume ({MANIFEST} not found); "
                          "run without --resume to start afresh") from None
    except ValueError as exc:
        raise ResumeError(f"{path}: unreadable ({exc}); run without --resume to start afresh") from None
    for key, want in json.loads(json.dumps(expected)).items():  # as the manifest has them
        have = manifest.get(key)
        if have != want:
            raise ResumeError(f"{directory}: cannot resume: the earlier run has {key} {have!r}, this one "
                              f"{want!r}; use the same scenario and options, or run without --resume "
                              "to start afresh")
    return manifest
