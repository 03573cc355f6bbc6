"""A subcommand's function named by module, imported only when that command runs.

``python -m sim --help``, ``list`` and ``validate`` then start without what ``compare`` and
``facts`` need (the report's altair and jsonschema, the facts' scipy.optimize: ~2 s of imports).
"""

from __future__ import annotations

import argparse
import importlib
from typing import Callable

__all__ = ["handler"]


def handler(module: str, name: str) -> Callable[[argparse.Namespace], int]:
    """``func(args)`` that imports ``module`` and calls its ``name`` (for ``sub(..., func)``)."""
    def run(args: argparse.Namespace) -> int:
        return getattr(importlib.import_module(module), name)(args)

    run.__name__ = run.__qualname__ = name
    return run
