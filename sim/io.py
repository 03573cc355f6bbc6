"""Result files written atomically, and the manifest that says how they were made.

A reader (or a crashed run) never sees half a file: each file is written to a
temporary file in the same directory and moved into place with ``os.replace``.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import platform
import re
import shlex
import sys
import tempfile
import unicodedata
from collections.abc import Callable, Iterable
from datetime import datetime, timezone
from pathlib import Path

import pandas as pd

from sim.scenario import scenario_hash
from sim.version import __version__

__all__ = ["MANIFEST", "foreign_entry", "safe_name", "stdout_closed", "write_atomic", "write_manifest", "write_table"]

MANIFEST = "manifest.json"
_RESERVED = {"CON", "PRN", "AUX", "NUL", *(f"COM{i}" for i in range(10)), *(f"LPT{i}" for i in range(10))}


def safe_name(text: str, limit: int = 100) -> str:
    """``text`` as one safe file name (never a path): letters and digits of any script and ``_.+=-``
    are kept, every other run of characters becomes ``_``; no leading dot, at most ``limit`` characters.

    ``"../../etc"`` -> ``"_.._etc"``; a name with nothing left is ``"unnamed"``.
    """
    name = re.sub(r"[^\w.+=-]+", "_", unicodedata.normalize("NFKC", str(text)))[:limit].lstrip(".")
    if name.split(".")[0].upper() in _RESERVED:  # names Windows keeps for devices
        name = f"_{name}"
    return name or "unnamed"


def foreign_entry(folder: Path) -> Path | None:
    """The first entry of ``folder`` that is not a saved ``*.json`` record (or a temp file of one), if any."""
    if not folder.is_dir():
        return None
    return next((p for p in folder.iterdir() if not (p.is_file() and _record_name(p.name))), None)


def _record_name(name: str) -> bool:
    return name.endswith(".json") or (name.startswith(".") and name.endswith(".tmp"))


def stdout_closed() -> None:
    """The reader of stdout went away (``| head -1``): send the rest nowhere, with no error at exit."""
    try:
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    except (AttributeError, OSError, ValueError):  # not a real file (e.g. captured in a test)
        sys.stdout = open(os.devnull, "w", encoding="utf-8")  # noqa: SIM115 (open until exit)


def write_atomic(path: str | Path, data: bytes | str, check: Callable[[Path], object] | None = None) -> Path:
    """Write ``data`` (text is UTF-8) to ``path`` via a temp file in the same directory + ``os.replace``.

    ``check(temp_path)``, if given, runs on the written temp file before it replaces ``path``: if it
    raises, ``path`` is left as it was."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    blob = data.encode("utf-8") if isinstance(data, str) else bytes(data)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        _write_synced(fd, blob)
        if check is not None:
            check(Path(tmp))
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return path


def _write_synced(fd: int, blob: bytes) -> None:
    """Write ``blob`` to the open file ``fd`` (closed after) and wait until it is on disk."""
    with os.fdopen(fd, "wb") as f:
        f.write(blob)
        f.flush()
        os.fsync(f.fileno())


def write_table(df: pd.DataFrame, path: str | Path) -> Path:
    """Write ``df`` atomically: Parquet if ``path`` ends in ``.parquet`` (needs pyarrow), else CSV."""
    path = Path(path)
    if path.suffix.lower() == ".parquet":
        try:
            import pyarrow  # noqa: F401 - optional: only to write Parquet, and a clear error without it
        except ImportError:
            raise ImportError(f"{path}: writing Parquet needs pyarrow (pip install pyarrow), "
                              "or write a .csv file instead") from None
        buf = io.BytesIO()
        df.to_parquet(buf, index=False)
        return write_atomic(path, buf.getvalue())
    return write_atomic(path, df.to_csv(index=False, lineterminator="\n"))


def command_line(argv: list[str] | None = None) -> str:
    """The command that is running, as a user would type it (``python -m sim ...``)."""
    argv = list(sys.argv if argv is None else argv) or [""]
    head = ["python", "-m", "sim"] if argv[0].endswith("__main__.py") else [Path(argv[0]).name]
    return shlex.join([*head, *argv[1:]])


def _file_entry(path: Path, root: Path) -> dict:
    blob = path.read_bytes()
    return {"path": Path(os.path.relpath(path, root)).as_posix(), "bytes": len(blob),
            "sha256": hashlib.sha256(blob).hexdigest()}


def _result_files(root: Path, files: Iterable[str | Path] | None) -> list[Path]:
    """``files`` (relative to ``root`` or absolute), or every file in ``root`` but the manifest and hidden ones."""
    if files is not None:
        return [p if Path(p).is_absolute() else root / p for p in map(Path, files)]
    return sorted(p for p in root.rglob("*") if p.is_file() and p.name != MANIFEST and not p.name.startswith("."))


def write_manifest(directory: str | Path, scenario, seeds: int | Iterable[int], strategies: Iterable,
                   extra: dict | None = None, files: Iterable[str | Path] | None = None) -> Path:
    """Write ``manifest.json`` in ``directory``: what was run, with which seeds, and what was written.

    ``files`` are the result files (relative to ``directory`` or absolute); by default every
    file in ``directory`` except the manifest itself. Each is listed with its size and SHA-256.
    """
    root = Path(directory)
    manifest = {
        "scenario": scenario.name,
        "scenario_hash": scenario_hash(scenario),
        "seeds": [int(seeds)] if isinstance(seeds, int) else [int(s) for s in seeds],
        "strategies": [s if isinstance(s, str) else str(getattr(s, "name", s)) for s in strategies],
        "sim_version": __version__,
        "python": platform.python_version(),
        "created": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        "command": command_line(),
        "files": [_file_entry(Path(p), root) for p in _result_files(root, files)],
        **(extra or {}),
    }
    return write_atomic(root / MANIFEST, json.dumps(manifest, indent=2, ensure_ascii=False) + "\n")
