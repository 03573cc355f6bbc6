"""The case dashboard: controls → run → charts, reused by every case notebook.

``Dashboard("03_dealer_phone")`` shows the case's title and teaching point, a language
toggle, its controls and the chart. Moving a control re-runs the case (every variant,
on the same replication seeds) and redraws the chart (SVG) inside an ``ipywidgets.HTML``;
a bad value (out of range, an empty mix) shows a clear message instead of a chart.
In code and tests: ``dash.set(push_units=200)`` checks the value, sets the control and
re-runs once; ``dash.result`` / ``dash.chart`` hold the latest outcome.

A dashboard runs its variants on the session's pool of worker processes (see
:func:`dashboard_workers`): started with the first run, reused by every later one.
"""

from __future__ import annotations

import base64
import html
import os
import time
from pathlib import Path

import ipywidgets as widgets

from sim.cases.charts import case_chart
from sim.experiment import ExperimentError
from sim.scenario import ScenarioError
from sim.ui.case_report import export_report
from sim.ui.cases import Case, CaseResult, get_case
from sim.ui.controls import make_control, relabel, set_control
from sim.ui.controls_spec import ControlError, check_value
from sim.ui.lang import language_toggle, on_language_change
from sim.words import fmt, text
from sim.viz.offline import svg_html
from sim.vocab import get_language

__all__ = ["Dashboard", "dashboard_workers"]

#: what a bad input raises; the dashboard shows these as a message, not a traceback
INPUT_ERRORS = (ControlError, ScenarioError, ExperimentError)
#: the environment variable that sets how many worker processes a dashboard uses
WORKERS_VARIABLE = "CRM_DOJO_WORKERS"


def dashboard_workers() -> int:
    """Worker processes a dashboard runs on: ``$CRM_DOJO_WORKERS`` if set, else 2 (1 on one core).

    Two workers answer a slider about twice as fast on a machine of its own; on a server
    shared by a room of trainees, ``CRM_DOJO_WORKERS=1`` runs each dashboard in its own kernel.
    """
    given = os.environ.get(WORKERS_VARIABLE, "").strip()
    if not given:
        return min(2, os.cpu_count() or 1)
    if not given.isdigit() or not 1 <= int(given) <= 64:
        raise ValueError(f"{WORKERS_VARIABLE}={given!r}: give a whole number of worker processes from 1 to 64 "
                         "(1: run in the notebook's own process)")
    return int(given)


class Dashboard:
    """Controls, a run of the case and its chart, redrawn whenever a control moves."""

    def __init__(self, case: Case | str, values: dict | None = None, run: bool = True, language: bool = True,
                 report_dir: str | Path | None = None):
        self.case = get_case(case) if isinstance(case, str) else case
        self.specs = {c.name: c for c in self.case.all_controls}
        self.controls = {name: make_control(c) for name, c in self.specs.items()}
        self.report_dir = Path(report_dir) if report_dir is not None else None
        self.result: CaseResult | None = None
        self.chart = None
        self.error: str | None = None
        self.runs = 0
        self._elapsed = 0.0
        self._quiet = False
        self.heading = widgets.HTML()
        self.status = widgets.HTML()
        self.status.add_class("crm-dojo-status")
        # the chart is an HTML widget's value, not an Output widget's display: Voila 0.5 can stall
        # executing a cell that fills an Output widget (voila issues #1428, #1522)
        self.out = widgets.HTML()
        self.out.add_class("crm-dojo-chart-output")
        self.export_button = widgets.Button(icon="download")
        self.export_button.on_click(lambda _: self.export())
        self.download = widgets.HTML()
        for w in self.controls.values():
            w.observe(self._changed, names="value")
        top = [language_toggle()] if language else []
        boxes = widgets.Box(list(self.controls.values()),
                            layout=widgets.Layout(display="flex", flex_flow="row wrap"))
        self.widget = widgets.VBox([*top, self.heading, boxes, widgets.HBox([self.export_button, self.download]),
                                    self.status, self.out])
        self.widget.add_class("crm-dojo-dashboard")
        on_language_change(self._language_changed)
        self._label()
        if values:
            self.set(run=False, **values)
        if run:
            self.recompute()

    # ------------------------------------------------------------ values
    def values(self) -> dict:
        """The controls' current values."""
        return {name: (tuple(w.value) if isinstance(w.value, (list, tuple)) else w.value)
                for name, w in self.controls.items()}

    def set(self, run: bool = True, **values) -> CaseResult | None:
        """Check every value, set the controls, then re-run once (a bad value changes nothing)."""
        try:
            unknown = [n for n in values if n not in self.specs]
            if unknown:
                self.case.control(unknown[0])  # raises ControlError naming the controls
            checked = {n: check_value(self.specs[n], v) for n, v in values.items()}
        except ControlError as exc:
            self._fail(str(exc))
            raise
        self._quiet = True
        try:
            for name, value in checked.items():
                set_control(self.controls[name], self.specs[name], value)
        finally:
            self._quiet = False
        return self.recompute() if run else None

    def _changed(self, change) -> None:
        if not self._quiet:
            self.recompute()

    # ------------------------------------------------------------ running and drawing
    def recompute(self) -> CaseResult | None:
        """Run the case at the controls' values and redraw; on bad input show why and return None."""
        self.status.value = f"<i>{html.escape(text('running'))}</i>"
        t0 = time.perf_counter()
        try:
            result = self.case.run(self.values(), workers=dashboard_workers())
        except INPUT_ERRORS as exc:
            self._fail(str(exc))
            return None
        self.result, self.error = result, None
        self.runs += 1
        self.redraw()
        self._elapsed = time.perf_counter() - t0
        self._done()
        return result

    def _done(self) -> None:
        comp = self.result.comparison
        self.status.value = html.escape(fmt("done", n=comp.replications, k=len(comp.strategies),
                                            s=self._elapsed))

    def redraw(self) -> None:
        """Draw the latest result in the current language."""
        if self.result is None:
            return

        self.chart = case_chart(self.result)
        self.out.value = svg_html(self.chart)

    def _fail(self, message: str) -> None:
        self.error = message
        self.status.value = (f'<div class="crm-dojo-error" style="color:#b00020;white-space:pre-wrap">'
                             f"<b>{html.escape(text('error'))}:</b> {html.escape(message)}</div>")

    def export(self) -> Path | None:
        """Write the latest comparison as the offline HTML report and offer it for download."""
        if self.result is None:
            return None
        name = f"{self.case.key}-{time.strftime('%Y%m%d-%H%M%S')}-{os.getpid()}.html"
        path = export_report(self.result, self.report_dir / name if self.report_dir else None, get_language())
        data = base64.b64encode(path.read_bytes()).decode()
        self.download.value = (f'<a download="{path.name}" href="data:text/html;base64,{data}">'
                               f"{html.escape(fmt('report_written', path=path.name))}</a>")
        return path

    # ------------------------------------------------------------ language
    def _label(self) -> None:
        lang = get_language()
        self.heading.value = (f"<h3 style='margin:4px 0'>{html.escape(self.case.title[lang])}</h3>"
                              f"<p><b>{html.escape(text('teaching_point'))}:</b> "
                              f"{html.escape(self.case.point[lang])}</p>")
        self.export_button.description = text("export_report")
        self._quiet = True
        try:
            for name, w in self.controls.items():
                relabel(w, self.specs[name])
        finally:
            self._quiet = False

    def _language_changed(self, lang: str) -> None:
        self._label()
        if self.result is not None and self.error is None:
            self._done()
        self.redraw()

    # ------------------------------------------------------------ display
    def _repr_mimebundle_(self, **kwargs):
        return self.widget._repr_mimebundle_(**kwargs)
