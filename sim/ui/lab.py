"""The strategy lab's sweep under its dashboard, following the dashboard's controls.

``LabSweep(dash)`` runs :func:`sim.ui.cases.lab_sweep` with the scenario, strategies and
replications set on the lab's dashboard and draws the chosen metric against the number
of reps (SVG inside an ``ipywidgets.HTML``). Whenever the dashboard has run again with
other values of those controls (moved by hand or by ``dash.set``), the sweep runs again;
another metric or language only redraws. Nothing is written to disk.
"""

from __future__ import annotations

import html
import time

import ipywidgets as widgets

from sim.ui.cases import lab_sweep
from sim.ui.dashboard import INPUT_ERRORS, Dashboard, dashboard_workers
from sim.ui.lang import on_language_change
from sim.words import fmt, text
from sim.viz import sweep_chart
from sim.viz.offline import svg_html
from sim.vocab import get_language

__all__ = ["LabSweep", "SWEEP_POINTS"]

#: the numbers of reps the lab sweeps over
SWEEP_POINTS = (3, 5, 8)
#: the dashboard controls a sweep runs with (the metric only changes the drawing)
RUN_WITH = ("scenario", "strategies", "replications")


class LabSweep:
    """The lab's sweep over ``reps.count``: re-run after each dashboard run with another scenario,
    strategies or replications (bad input never gets this far); redrawn for another metric or language."""

    def __init__(self, dash: Dashboard, key: str = "reps.count", points=SWEEP_POINTS, run: bool = True) -> None:
        self.dash, self.key, self.points = dash, key, tuple(points)
        self.sweep = None
        self.chart = None
        self.runs = 0
        self._elapsed = 0.0
        self.title = widgets.HTML()
        self.status = widgets.HTML()
        self.out = widgets.HTML()
        self.out.add_class("crm-dojo-sweep-output")
        self.widget = widgets.VBox([self.title, self.status, self.out])
        self.widget.add_class("crm-dojo-sweep")
        self._settings = None  # what the latest sweep ran with
        self._drawn = None  # (metric, language) of the latest drawing
        # after each of the dashboard's successful runs (a control moved, or dash.set): bad input never reaches here
        dash.out.observe(self._dash_redrawn, names="value")
        on_language_change(self._language_changed)
        if run:
            self.recompute()

    def settings(self) -> tuple:
        """The dashboard's values the sweep runs with (:data:`RUN_WITH`)."""
        v = self.dash.values()
        return tuple(v[name] for name in RUN_WITH)

    def _dash_redrawn(self, change) -> None:
        if self.settings() != self._settings:
            self.recompute()
        elif self._drawn != (self.dash.values()["metric"], get_language()):
            self.redraw()

    def recompute(self):
        """Run the sweep at the dashboard's values and redraw; on bad input show why and return None."""
        self.status.value = f"<i>{html.escape(text('running'))}</i>"
        t0 = time.perf_counter()
        self._settings = self.settings()
        try:
            self.sweep = lab_sweep(self.dash.values(), key=self.key, points=self.points,
                                   workers=dashboard_workers())
        except INPUT_ERRORS as exc:
            self.sweep = None
            self.out.value = ""
            self.status.value = (f'<div class="crm-dojo-error" style="color:#b00020"><b>{html.escape(text("error"))}'
                                 f":</b> {html.escape(str(exc))}</div>")
            return None
        self._elapsed = time.perf_counter() - t0
        self.runs += 1
        self.redraw()
        return self.sweep

    def redraw(self) -> None:
        """Draw the latest sweep's metric, title and status in the current language."""
        if self.sweep is None:
            return
        metric = self.dash.values()["metric"]
        sw = self.sweep
        title = fmt("sweep_title", metric=text(metric), points=", ".join(map(str, self.points)))
        self.title.value = f"<b>{html.escape(title)}</b>"
        self.status.value = html.escape(fmt("sweep_done", k=len(sw.strategies), p=len(self.points),
                                            n=sw.replications, s=self._elapsed))
        axis = text("sweep_axis") if self.key == "reps.count" else self.key  # the x axis, named
        self.chart = sweep_chart(sw.summary.rename(columns={self.key: axis}), metric, x=axis, lang=get_language(),
                                 scenario=sw.scenario)
        self.out.value = svg_html(self.chart)
        self._drawn = (metric, get_language())

    def _language_changed(self, lang: str) -> None:
        self.redraw()

    def _repr_mimebundle_(self, **kwargs):
        return self.widget._repr_mimebundle_(**kwargs)
