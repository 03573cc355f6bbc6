"""The case notebooks' logic without a browser: cases, controls, the dashboard, charts in both languages."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

import sim
from sim.ui import cases
from sim.ui.controls_spec import Control, ControlError, check_value

ROOT = Path(__file__).resolve().parent.parent
CJK = re.compile(r"[\u4e00-\u9fff]")
NOTEBOOKS = ["00_tour", "01_delivered_value", "02_relationship_tiers", "03_dealer_phone", "04_store_care",
             "05_three_stages", "06_public_pool", "07_value_segmentation", "08_strategy_lab", "12_relationship_chain",
             "13_satisfaction_profit"]


@pytest.fixture(autouse=True)
def english():
    """Every test starts and ends in English (the one language switch is global)."""
    sim.set_language("en")
    yield
    sim.set_language("en")


@pytest.fixture(scope="module")
def dealer_result():
    """The dealer case at its defaults, 2 replications (fast)."""
    return cases.get_case("03_dealer_phone").run({"replications": 2})


def test_every_notebook_has_a_case_and_a_file():
    """Each notebook named in the issue exists and has a case of the same name."""
    assert list(cases.CASES) == NOTEBOOKS
    for key in NOTEBOOKS:
        assert (ROOT / "notebooks" / f"{key}.ipynb").is_file()


def test_notebooks_are_built_from_the_generator():
    """notebooks/*.ipynb are what scripts/build_notebooks.py writes (no hand edits drift)."""
    out = subprocess.run([sys.executable, "scripts/build_notebooks.py", "--check"], cwd=ROOT,
                         capture_output=True, text=True)
    assert out.returncode == 0, out.stdout + out.stderr


def test_notebooks_are_thin_and_end_with_the_check():
    """A notebook's code only calls into sim; its last cell asserts the teaching point."""
    for key in NOTEBOOKS:
        nb = json.loads((ROOT / "notebooks" / f"{key}.ipynb").read_text(encoding="utf-8"))
        code = ["".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "code"]
        assert all("def " not in c and "class " not in c for c in code), key
        assert f'check("{key}")' in code[-1] and "assert verdict.holds" in code[-1]
        head = "".join(nb["cells"][0]["source"])
        assert "Teaching point" in head and "教學要點" in head


@pytest.mark.parametrize("value", [301, -10, 12.5])
def test_out_of_range_slider_value_gets_a_clear_message(value):
    """A value outside a slider's range names the control, the value and the range."""
    c = cases.get_case("03_dealer_phone").control("push_units")
    with pytest.raises(ControlError, match=r"Units per push: .* (outside the allowed range 0 to 300|whole number)"):
        check_value(c, value)


def test_out_of_range_message_in_chinese():
    """The message follows the language switch."""
    sim.set_language("zh")
    c = cases.get_case("03_dealer_phone").control("push_units")
    with pytest.raises(ControlError, match="每次壓貨數量：500 超出允許範圍 0 至 300"):
        check_value(c, 500)


def test_other_bad_values_are_named():
    """Not a number, not an option, an unknown control: each says what is allowed."""
    case = cases.get_case("08_strategy_lab")
    with pytest.raises(ControlError, match="not one of the options"):
        case.validate({"scenario": "atlantis"})
    with pytest.raises(ControlError, match="pick at least 1"):
        case.validate({"strategies": ()})
    with pytest.raises(ControlError, match="no control named 'speed'"):
        case.validate({"speed": 3})
    with pytest.raises(ControlError, match="not a number"):
        check_value(Control("x", "float", 0.5), "lots")


def test_run_variants_matches_sim_compare():
    """Same seeds, same tables: the case runner and sim.compare agree on a plain comparison."""
    sc = sim.load_scenario("dealer_phone")
    ours = cases.run_variants({"quota_push": (sc, "quota_push"), "customer_manager": (sc, "customer_manager")}, 3)
    theirs = sim.compare(sc, ["quota_push", "customer_manager"], replications=3, progress=False)
    a = ours.paired.set_index(["strategy", "metric"])["diff"]
    b = theirs.paired.set_index(["strategy", "metric"])["diff"]
    assert a.loc[b.index].round(6).equals(b.round(6))


def test_dealer_case_gives_paired_intervals(dealer_result):
    """The dealer case compares three variants (push, no remedies, your remedies) with the 'answered' metric."""
    p = dealer_result.comparison.paired
    assert set(p["metric"]) >= {"profit_total", "dealer_answer_rate"}
    assert list(dealer_result.results) == ["quota_push", "manager_no_remedies", "your_customer_manager"]


@pytest.mark.parametrize("key", NOTEBOOKS)
def test_case_charts_in_both_languages(key):
    """Each case's chart builds in English and in Chinese, and the Chinese one has Chinese labels."""
    from sim.cases.charts import case_chart

    res = cases.get_case(key).run({"replications": 2})
    en = json.dumps(case_chart(res, "en").to_dict(), ensure_ascii=False)
    zh = json.dumps(case_chart(res, "zh").to_dict(), ensure_ascii=False)
    assert not CJK.search(en.replace("Noto Sans CJK", ""))
    assert CJK.search(zh)
    assert "Noto Sans CJK SC" in zh  # the theme's font, for readable Chinese in exports


def test_dashboard_recomputes_when_a_control_changes():
    """Moving a control re-runs the case and redraws a different chart."""
    from sim.ui.dashboard import Dashboard

    d = Dashboard("03_dealer_phone", values={"replications": 2})
    assert d.runs == 1 and d.error is None
    before = d.chart.to_json()
    d.controls["push_units"].value = 200  # what a slider does
    assert d.runs == 2 and d.result.values["push_units"] == 200
    assert d.chart.to_json() != before


def test_dashboard_set_rejects_out_of_range_and_keeps_the_last_result():
    """dash.set with a bad value shows a clear message, changes no control and runs nothing."""
    from sim.ui.dashboard import Dashboard

    d = Dashboard("03_dealer_phone", values={"replications": 2})
    with pytest.raises(ControlError, match="outside the allowed range 0 to 300"):
        d.set(push_units=999, replications=3)
    assert d.runs == 1 and d.controls["replications"].value == 2
    assert "outside the allowed range" in d.status.value


def test_dashboard_shows_model_errors_as_messages():
    """An empty contact mix is refused by the strategy schema; the dashboard says why instead of crashing."""
    from sim.ui.dashboard import Dashboard

    d = Dashboard("04_store_care", values={"replications": 2}, run=False)
    assert d.set(weight_care=0.0, weight_service=0.0, weight_consulting=0.0, weight_information=0.0) is None
    assert "function_mix" in d.error and "crm-dojo-error" in d.status.value


def test_language_toggle_relabels_dashboards_and_charts():
    """The toggle calls sim.set_language and every dashboard relabels its controls and redraws."""
    from sim.ui.dashboard import Dashboard
    from sim.ui.lang import language_toggle

    d = Dashboard("03_dealer_phone", values={"replications": 2})
    toggle = language_toggle()
    toggle.value = "zh"
    assert sim.get_language() == "zh"
    assert d.controls["push_units"].description == "每次壓貨數量"
    assert CJK.search(json.dumps(d.chart.to_dict(), ensure_ascii=False).replace("Noto Sans CJK", ""))


def test_save_chart_png_and_svg(tmp_path, dealer_result):
    """sim.viz.save_chart writes PNG and SVG by suffix; Chinese text is in the SVG."""
    from sim.viz import save_chart
    from sim.cases.charts import case_chart

    chart = case_chart(dealer_result, "zh")
    png = save_chart(chart, tmp_path / "c.png")
    svg = save_chart(chart, tmp_path / "c.svg")
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert CJK.search(svg.read_text(encoding="utf-8"))
    with pytest.raises(ValueError, match=r"\.png or \.svg"):
        save_chart(chart, tmp_path / "c.pdf")


def test_offline_html_has_no_cdn(dealer_result):
    """Both offline chart outputs load nothing from the internet."""
    from sim.cases.charts import case_chart
    from sim.viz.offline import chart_html, svg_html

    chart = case_chart(dealer_result)
    for page in (svg_html(chart), chart_html(chart)):
        assert "cdn.jsdelivr" not in page and 'src="http' not in page
    assert "window.vegaEmbed" in chart_html(chart)


def test_a_failing_claim_is_reported_with_its_numbers(dealer_result):
    """A claim the simulation does not show makes the verdict fail, naming the claim and its interval."""
    comp = dealer_result.comparison
    row = cases.evaluate(cases.Claim("your_customer_manager", "care_cost", "lower"), comp)
    assert row["holds"] is False
    v = cases.Verdict("x", __import__("pandas").DataFrame([row]), [])
    assert not v.holds and "care cost" in v.message


def test_case_runs_the_same_in_worker_processes():
    """A case run on 2 worker processes (the dashboards' default) gives the serial run's tables."""
    from sim.ui.cases import get_case

    case = get_case("08_strategy_lab")
    serial = case.run({"replications": 2}, workers=1).comparison
    pooled = case.run({"replications": 2}, workers=2).comparison
    pd.testing.assert_frame_equal(serial.runs, pooled.runs)
    pd.testing.assert_frame_equal(serial.paired, pooled.paired)


def test_dashboard_workers_come_from_the_environment(monkeypatch):
    """CRM_DOJO_WORKERS sets the dashboards' worker processes; a bad value says what is allowed."""
    from sim.ui.dashboard import dashboard_workers

    monkeypatch.setenv("CRM_DOJO_WORKERS", "1")
    assert dashboard_workers() == 1
    monkeypatch.delenv("CRM_DOJO_WORKERS")
    assert dashboard_workers() == min(2, os.cpu_count() or 1)
    monkeypatch.setenv("CRM_DOJO_WORKERS", "two")
    with pytest.raises(ValueError, match="CRM_DOJO_WORKERS='two'.*from 1 to 64"):
        dashboard_workers()


def test_verdicts_read_like_a_report(dealer_result):
    """A verdict's figures are formatted like a report (signed, with units, no raw floats) and its
    words mean what they say in both languages."""
    comp = dealer_result.comparison
    claims = [cases.Claim("your_customer_manager", "profit_total", "higher"),
              cases.Claim("your_customer_manager", "dealer_answer_rate", "higher", baseline="manager_no_remedies"),
              cases.Claim("your_customer_manager", "dealer_answer_rate", "within", low=0.5, high=1.0)]
    v = cases.Verdict("03", pd.DataFrame([cases.evaluate(c, comp) for c in claims]), [])
    figures = list(v.display_table().iloc[:, 1])
    assert re.fullmatch(r"[+-][\d.]+k \[[+-][\d.]+k, [+-][\d.]+k\]", figures[0]), figures[0]
    assert re.fullmatch(r"[+-][\d.]+ pp \[[+-][\d.]+ pp, [+-][\d.]+ pp\]", figures[1]), figures[1]
    assert re.fullmatch(r"[\d.]+% \[[\d.]+%, [\d.]+%\]", figures[2]), figures[2]
    assert "[50.0%, 100.0%]" in v.table["claim"][2]
    before = sim.get_language()
    for lang, words in (("en", {"holds", "not shown"}), ("zh", {"成立", "未能證明"})):
        sim.set_language(lang)
        try:
            assert set(v.display_table().iloc[:, 2]) <= words
        finally:
            sim.set_language(before)


def test_dealer_chart_shows_the_remedies_at_work(dealer_result):
    """03's chart data over the hard season: the remedies raise sell-through and answering; pushing
    piles up stock in weeks of sales (first replication, as the chart draws it)."""
    from sim.case_measures import dealer_months

    season = dealer_result.comparison.scenario.shocks.downturn_months
    tables = {k: dealer_months(r) for k, r in dealer_result.results.items()}
    mean = {k: d[d["month"] < season].mean() for k, d in tables.items()}
    helped, plain, push = mean["your_customer_manager"], mean["manager_no_remedies"], mean["quota_push"]
    assert helped["weekly_sell_through"] > 1.2 * plain["weekly_sell_through"]
    assert helped["dealer_answer_rate"] > plain["dealer_answer_rate"] + 0.10
    assert push["stock_cover"] > plain["stock_cover"] + 1.0
