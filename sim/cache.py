"""A results cache on disk, shared by every process that points at the same folder.

A case's outcome is a pure function of its inputs (scenarios, strategies, seeds, replications
and the code), so a room of trainees needs each setting computed once: the first kernel to ask
computes and stores it, every later one reads it. Off unless ``$CRM_DOJO_CACHE`` names a folder
(``make workshop`` sets it); then :func:`cached` keys a call by a SHA-256 of its inputs (as
plain JSON: the same in every process) and writes atomically (a temporary file, then a rename),
so concurrent kernels never read half a file. Any unreadable entry is recomputed. Entries live in
a folder per version of this checkout's ``sim`` sources (``<cache>/<version>/<kind>/<key>.pkl``):
edited code starts afresh, and :func:`prune` removes what earlier versions left (``make workshop``
does at start), so a trainer's laptop does not fill up over the updates.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import os
import pickle
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

__all__ = ["CACHE_VARIABLE", "cache_dir", "cached", "code_version", "prune", "stored"]

#: the environment variable naming the cache folder (unset or empty: no cache)
CACHE_VARIABLE = "CRM_DOJO_CACHE"
_CODE: str | None = None


def cache_dir() -> Path | None:
    """The cache folder from ``$CRM_DOJO_CACHE``, or None when caching is off."""
    given = os.environ.get(CACHE_VARIABLE, "").strip()
    return Path(given) if given else None


def code_version() -> str:
    """A digest of this checkout's ``sim/**/*.py`` (paths, sizes and contents): edited code, new keys."""
    global _CODE
    if _CODE is None:
        h = hashlib.sha256()
        root = Path(__file__).resolve().parent
        for path in sorted(root.rglob("*.py")):
            h.update(str(path.relative_to(root)).encode())
            h.update(path.read_bytes())
        _CODE = h.hexdigest()[:16]
    return _CODE


def plain(o: Any) -> Any:
    """``o`` as JSON-ready data that is the same in every process (a pickle is not: it records
    which equal strings are one object). Dataclasses by field, mappings by sorted key."""
    if dataclasses.is_dataclass(o) and not isinstance(o, type):
        return [type(o).__qualname__, {f.name: plain(getattr(o, f.name)) for f in dataclasses.fields(o)}]
    if isinstance(o, dict):
        return ["dict", sorted(([plain(k), plain(v)] for k, v in o.items()), key=repr)]
    if isinstance(o, (list, tuple)):
        return [plain(v) for v in o]
    if isinstance(o, (set, frozenset)):
        return ["set", sorted((plain(v) for v in o), key=repr)]
    if hasattr(o, "tolist"):  # numpy arrays and scalars
        return [type(o).__name__, str(getattr(o, "dtype", "")), o.tolist()]
    if o is None or isinstance(o, (bool, int, float, str)):
        return o
    return [type(o).__qualname__, repr(o)]


def _key(kind: str, inputs: Any) -> str:
    blob = json.dumps([kind, code_version(), plain(inputs)], allow_nan=True, default=repr)
    return hashlib.sha256(blob.encode()).hexdigest()


def _path(folder: Path, kind: str, inputs: Any) -> Path:
    return folder / code_version() / kind / f"{_key(kind, inputs)}.pkl"


def _entries_only(folder: Path) -> bool:
    """Whether ``folder`` holds nothing but this cache's entries (``*.pkl``, torn ``.tmp-*``)."""
    return all(p.is_dir() or p.suffix == ".pkl" or p.name.startswith(".tmp-") for p in folder.rglob("*"))


def prune(folder: Path | None = None) -> tuple[int, int]:
    """Remove the entries earlier code versions stored in the cache folder (``$CRM_DOJO_CACHE`` by
    default): folders other than this version's that hold nothing but entries. Anything else there
    stays. ``(files, bytes)`` removed."""
    folder = cache_dir() if folder is None else Path(folder)
    if folder is None or not folder.is_dir():
        return 0, 0
    files = size = 0
    for old in (p for p in folder.iterdir() if p.is_dir() and p.name != code_version() and _entries_only(p)):
        found = [p for p in old.rglob("*") if p.is_file()]
        files, size = files + len(found), size + sum(p.stat().st_size for p in found)
        shutil.rmtree(old, ignore_errors=True)
    return files, size


def _read(path: Path) -> tuple[bool, Any]:
    try:
        with open(path, "rb") as f:
            return True, pickle.load(f)
    except FileNotFoundError:
        return False, None
    except Exception:  # a torn or stale entry (another version's classes): compute afresh
        return False, None


def _write(path: Path, value: Any) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-", suffix=".pkl")
    try:
        with os.fdopen(fd, "wb") as f:
            pickle.dump(value, f, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def stored(kind: str, inputs: Any) -> tuple[bool, Any]:
    """``(True, value)`` if the cache holds ``kind`` at ``inputs`` (nothing is computed), else ``(False, None)``."""
    folder = cache_dir()
    return (False, None) if folder is None else _read(_path(folder, kind, inputs))


def cached(kind: str, inputs: Any, compute: Callable[[], Any]) -> Any:
    """``compute()``, or its stored value for the same ``kind`` and ``inputs`` (when the cache is on).

    ``inputs``: what the value depends on (hashed through :func:`plain`); a value that cannot
    be stored (the disk is full, read-only) is still returned.
    """
    folder = cache_dir()
    if folder is None:
        return compute()
    path = _path(folder, kind, inputs)
    found, value = _read(path)
    if found:
        return value
    value = compute()
    try:
        _write(path, value)
    except OSError:
        pass
    return value
