"""The offline HTML report and the chart builders behind it."""

from __future__ import annotations

import json
import re

import pytest

import sim
from sim import experiment as ex
from sim.report import render_report, write_report

SMALL = {"accounts": {"count": 300}, "reps": {"count": 3}, "dealers": {"count": 3},
         "horizon_months": 6, "replications": 2}


@pytest.fixture(scope="module")
def comp():
    sc = sim.scenario_from_dict(SMALL)
    return ex.compare(sc, ["no_care", "value_based"], replications=2, progress=False, keep_first=True)


@pytest.fixture(scope="module")
def page(comp):
    return render_report(comp)


def test_report_is_offline(page):
    """Every script is inline: no src attribute, no external stylesheet or font."""
    assert not re.search(r"<script[^>]*\bsrc\s*=", page, flags=re.IGNORECASE)
    assert not re.search(r"<link[^>]*https?://", page, flags=re.IGNORECASE)
    assert "vegaEmbed" in page and page.count("<script") == page.count("</script>")


def test_report_identifies_the_study(page, comp):
    """The report names the scenario, its hash, the seeds and every strategy."""
    assert sim.scenario_hash(comp.scenario) in page and str(comp.seed) in page
    for name in ("no_care", "value_based", "No care", "Value-based segmentation"):
        assert name in page


def test_report_embeds_every_chart(page):
    """One chart per section: paired differences, metrics, stages, tiers, churn causes, whale curve."""
    assert len(re.findall(r'vegaEmbed\("#chart\d+"', page)) == 6


def test_report_without_runs_has_metric_charts_only(comp):
    """Without per-strategy runs the report still has the tables, the paired-difference and metric charts."""
    bare = ex.Comparison(**{**comp.__dict__, "results": {}})
    html = render_report(bare, {})
    assert len(re.findall(r'vegaEmbed\("#chart\d+"', html)) == 2 and "<table" in html


def test_report_in_chinese(comp):
    """lang='zh' puts the Chinese labels in the tables and charts."""
    html = render_report(comp, lang="zh")
    assert "按價值分級" in html and "利潤" in html and 'lang="zh-Hant"' in html


def test_write_report_atomic(comp, tmp_path):
    """write_report writes one file and leaves no temporary file."""
    path = write_report(comp, comp.results, tmp_path / "r" / "report.html")
    assert [p.name for p in path.parent.iterdir()] == ["report.html"]
    assert path.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")


def test_chart_builders_work_for_one_run(comp):
    """Each builder turns a single run's table (no strategy column) into a valid spec."""
    from sim import viz

    res = comp.results["value_based"]
    panel = sim.monthly_panel(res)
    for chart in (viz.stage_area_chart(panel), viz.tier_mix_chart(panel, "zh"),
                  viz.churn_cause_chart(sim.churn_by_cause(res)), viz.whale_curve_chart(sim.whale_curve(res)),
                  viz.comparison_chart(comp.summary, "revenue")):
        spec = viz.apply_theme(chart).to_dict()
        assert "Noto Sans CJK" in json.dumps(spec["config"])


def test_script_cannot_be_closed_by_data(comp):
    """A label containing </script> cannot break out of the chart's script."""
    from sim.report import _json_in_script

    assert "</script>" not in _json_in_script({"title": "</script><b>x</b>"})
