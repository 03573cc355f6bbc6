"""glibc's malloc thresholds while a task of ours runs.

Dask starts its workers with MALLOC_TRIM_THRESHOLD_=65536 in the environment (and leaves it in
the environment of the process that started the cluster, so that a process pool started later
inherits it too). With that variable set, glibc's malloc no longer adapts its thresholds: every
array over 128 kB is a fresh mmap and freed memory goes back to the system at once, so a run
page-faults its arrays in again and again: 5 to 10 times the page faults, and a 20-lane workshop
batch takes 30 to 60 % longer. While a task of ours runs, malloc keeps freed memory for reuse.
"""

from __future__ import annotations

import contextlib
import ctypes
import functools
import os
import platform
import sys
import threading

_M_TRIM_THRESHOLD, _M_MMAP_THRESHOLD = -1, -3  # mallopt parameters, <malloc.h>
_ROOMY = {_M_TRIM_THRESHOLD: 64 << 20, _M_MMAP_THRESHOLD: 32 << 20}
_GLIBC_DEFAULT_MMAP_THRESHOLD = 128 << 10
_roomy_lock = threading.Lock()
_roomy_users = 0


def _libc():
    """glibc's malloc controls, when this process fixed its thresholds from the environment
    (``MALLOC_TRIM_THRESHOLD_`` or ``MALLOC_MMAP_THRESHOLD_``); else None: nothing to do."""
    if not {"MALLOC_TRIM_THRESHOLD_", "MALLOC_MMAP_THRESHOLD_"} & set(os.environ):
        return None
    return _glibc()


@functools.lru_cache(maxsize=1)
def _glibc():
    if sys.platform != "linux" or platform.libc_ver()[0] != "glibc":
        return None
    try:
        libc = ctypes.CDLL(None)
        libc.mallopt.argtypes = [ctypes.c_int, ctypes.c_int]
        libc.malloc_trim.argtypes = [ctypes.c_size_t]
        return libc
    except (OSError, AttributeError):
        return None


def _env_bytes(name: str, default: int) -> int:
    try:
        return int(os.environ.get(name, default))
    except ValueError:
        return default


def _roomy_malloc_on() -> bool:
    """Let malloc keep freed memory for reuse (see the module docstring); False if there was nothing to do."""
    libc = _libc()
    if libc is None:
        return False
    for param, value in _ROOMY.items():
        libc.mallopt(param, value)
    return True


@contextlib.contextmanager
def _roomy_malloc():
    """:func:`_roomy_malloc_on` while the block runs (and while any other such block of this
    process does); then the thresholds of the environment again, and the memory handed back."""
    global _roomy_users
    with _roomy_lock:
        changed = _roomy_malloc_on() if _roomy_users == 0 else True
        _roomy_users += changed
    try:
        yield
    finally:
        if changed:
            with _roomy_lock:
                _roomy_users -= 1
                libc = _libc() if _roomy_users == 0 else None
                if libc is not None:
                    libc.mallopt(_M_TRIM_THRESHOLD, _env_bytes("MALLOC_TRIM_THRESHOLD_", 128 << 10))
                    libc.mallopt(_M_MMAP_THRESHOLD, _env_bytes("MALLOC_MMAP_THRESHOLD_",
                                                              _GLIBC_DEFAULT_MMAP_THRESHOLD))
                    libc.malloc_trim(0)
