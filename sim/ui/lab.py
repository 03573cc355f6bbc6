"""The strategy lab's sweep under its dashboard, following the dashboard's controls.

``LabSweep(dash)`` runs :func:`sim.ui.cases.lab_sweep` with the scenario, strategies and
replications set on the lab's dashboard and draws the chosen metric against the number
of reps (SVG inside an ``ipywidgets.HTML``). Changing one of those controls runs the sweep
again; changing the metric or the language only redraws. Nothing is written to disk.
"""

from __future__ import annotations

import html
import time

import ipywidgets as widgets

from sim.ui.cases import lab_sweep
from sim.ui.dashboard import INPUT_ERRORS, Dashboard, dashboard_workers
from sim.ui.lang import on_language_change
from sim.ui.text import fmt, text
from sim.viz import sweep_chart
from sim.viz.offline import svg_html
from sim.vocab import get_language

__all__ = ["LabSweep", "SWEEP_POINTS"]

#: the numbers of reps the lab sweeps over
SWEEP_POINTS = (3, 5, 8)
#: the dashboard controls a sweep runs with (the metric only changes the drawing)
RUN_WITH = ("scenario", "strategies", "replications")


class LabSweep:
    """The lab's sweep over ``reps.count``: re-run when the dashboard's scenario, strategies or
    replications change, redrawn when its metric or the language changes."""

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
        for name in RUN_WITH:
            dash.controls[name].observe(self._changed, names="value")
        dash.controls["metric"].observe(lambda _: self.redraw(), names="value")
        on_language_change(self._language_changed)
        if run:
            self.recompute()

    def _changed(self, change) -> None:
        if not self.dash._quiet:
            self.recompute()

    def recompute(self):
        """Run the sweep at the dashboard's values and redraw; on bad input show why and return None."""
        self.status.value = f"<i>{html.escape(text('running'))}</i>"
        t0 = time.perf_counter()
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
        self.chart = sweep_chart(sw.summary, metric, lang=get_language(), scenario=sw.scenario)
        self.out.value = svg_html(self.chart)

    def _language_changed(self, lang: str) -> None:
        self.redraw()

    def _repr_mimebundle_(self, **kwargs):
        return self.widget._repr_mimebundle_(**kwargs)
