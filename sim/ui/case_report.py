"""A case's result as the offline HTML report (the dashboard's *Export report* button).

Apart from :mod:`sim.ui.cases` because the report draws its charts: the room's server and the
notebook generator read the cases without loading a chart library.
"""

from __future__ import annotations

import os
import time
from pathlib import Path

from sim.paths import output_dir
from sim.report import write_report
from sim.ui.case_runs import CaseResult
from sim.vocab import get_language

__all__ = ["export_report", "report_dir"]


def report_dir() -> Path:
    """Where dashboards write reports: ``out/reports`` in the project folder (ignored by git)."""
    return output_dir() / "reports"


def export_report(result: CaseResult, path=None, lang: str | None = None) -> Path:
    """Write the comparison of ``result`` as the offline HTML report (:func:`sim.report.write_report`);
    ``path`` defaults to ``out/reports/<case>-<time>-<process>.html``."""
    if path is None:
        path = report_dir() / f"{result.case.key}-{time.strftime('%Y%m%d-%H%M%S')}-{os.getpid()}.html"
    Path(path).parent.mkdir(parents=True, exist_ok=True)
    return write_report(result.comparison, result.results, path, lang or get_language())
