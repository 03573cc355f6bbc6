"""The offline HTML report and the chart builders behind it."""

from __future__ import annotations

import json
import re
from html import escape

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
    from sim.viz.html import json_in_script as _json_in_script

    assert "</script>" not in _json_in_script({"title": "</script><b>x</b>"})


def test_report_opens_with_the_decision(comp):
    """The decision box comes first after the title, before the description, metadata and tables; its
    headline chart (paired differences from the current strategy) right after it."""
    from sim.decision import decide, verdict

    dec = decide(comp, "customer_equity", current="value_based")
    for lang, heading in (("en", "Decision — customer equity"), ("zh", "決策 — 客戶資產")):
        html = render_report(comp, lang=lang, decision=dec)
        body = html[html.index("<body>"):]
        first = body.index('<section class="decision')
        assert first < body.index("<table") and first < body.index('class="meta"') and heading in body
        assert re.search(r'</section>\s*<h2>[^<]*</h2>\s*<div class="chart" id="chart0"', body)
        assert escape(verdict(dec, lang, comp.scenario)) in body


def test_gain_chart_shows_paired_differences_and_zero(comp):
    """The headline chart draws each strategy minus the current one (mean, 95% interval) and a zero line."""
    from sim import viz
    from sim.decision import decide

    d = decide(comp, "customer_equity", current="value_based").headline
    spec = viz.gain_chart(d.gains, d.metric, d.current).to_dict()
    rows = [r for v in spec["datasets"].values() for r in v]
    assert {"x": 0.0} in rows
    drawn = [r for r in rows if "diff" in r]
    assert [(r["strategy"], r["diff"], r["low"], r["high"]) for r in drawn] == \
        [tuple(x) for x in d.gains[["strategy", "diff", "low", "high"]].itertuples(index=False)]


def test_report_default_decision_is_profit_against_the_baseline(page):
    assert "Decision — profit" in page and "probability of being the best" in page
