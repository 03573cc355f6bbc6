"""Where CRM Dojo finds and puts its files, defined once.

- **built-in scenarios** (:data:`SCENARIO_DIR`): package data of ``sim`` (``sim/scenarios``,
  shipped in the wheel). In a checkout ``sim/scenarios`` is a link to the repository's
  ``scenarios/`` folder, where the files are edited (and where ``calibrate`` writes the
  user's own); where the link is not checked out (Git on Windows without symlinks) the
  repository folder is used directly.
- **project folder** (:func:`project_dir`): the working folder, or its parent when that is
  ``notebooks/`` (Jupyter and Voila start a notebook in its own folder), so the CLI and the
  notebooks of a checkout share one ``out/``.
- **output folder** (:func:`output_dir`): ``out/`` in the project folder.
- **workshop database** (:func:`db_path`): ``$CRM_DOJO_DB``, else ``out/dojo.sqlite3`` in the
  project folder.

Paths are relative to the working folder, as the user typed them; nothing here writes.
"""

from __future__ import annotations

import os
from pathlib import Path

__all__ = ["DEFAULT_DB", "ENV_DB", "OUT", "SCENARIO_DIR", "builtin_scenario_dir", "db_path", "output_dir",
           "project_dir"]

OUT = Path("out")
DEFAULT_DB = OUT / "dojo.sqlite3"  # in the project folder
ENV_DB = "CRM_DOJO_DB"
_PACKAGE = Path(__file__).resolve().parent


def builtin_scenario_dir(package: Path = _PACKAGE) -> Path:
    """The packaged scenarios (``sim/scenarios``), else the checkout's ``scenarios/`` beside ``sim``."""
    packaged = package / "scenarios"
    return (packaged if packaged.is_dir() else package.parent / "scenarios").resolve()


SCENARIO_DIR = builtin_scenario_dir()


def project_dir() -> Path:
    """``.``, or ``..`` when the working folder is a ``notebooks/`` folder."""
    return Path("..") if Path.cwd().name == "notebooks" else Path()


def output_dir() -> Path:
    """The output folder: ``out/`` in the project folder."""
    return project_dir() / OUT


def db_path(path: str | Path | None = None) -> Path:
    """The workshop database: ``path``, else ``$CRM_DOJO_DB``, else ``out/dojo.sqlite3`` in the project folder."""
    return Path(path or os.environ.get(ENV_DB) or project_dir() / DEFAULT_DB)
