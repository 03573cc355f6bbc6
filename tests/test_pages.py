"""What trainees see, without a browser: the role-play page (09) and the strategy lab (08).

The role-play page is wholly bilingual after the toggle, its grid has a header cell per
column, "Save game" saves each page's own game; the lab writes nothing and prints nothing
on load, and its sweep follows the controls; no page carries an emoji glyph.
"""

from __future__ import annotations

import base64
import gc
import json
import os
import re
from pathlib import Path

import ipywidgets as widgets
import pytest

import sim
from sim.game import Game
from sim.ui.game import GameUI
from sim.ui.lang import switch_language
from sim.vocab import FUNCTIONS, label

ROOT = Path(__file__).resolve().parent.parent
TAG = re.compile(r"<[^>]+>")
# words of three or more Latin letters: what is left of English once ids (A7), numbers and markup are gone
ENGLISH = re.compile(r"\b[A-Za-z]{3,}\b")
# emoji presentation, the emoji variation selector, and the text-default marks that many fonts lack
EMOJI = re.compile("[\U0001F000-\U0001FAFF\u2600-\u27BF\u2B00-\u2BFF\uFE0F\u2139\u25B6\u231A-\u23FF]")
# marks in the 2600-27BF block that are not emoji (Unicode Emoji=No: always text glyphs): check mark, ballot x
ALLOWED = {"\u2713", "\u2717"}


@pytest.fixture(autouse=True)
def english():
    """Every test starts and ends in English (the one language switch is global); its widgets are closed
    afterwards, so that later switches do not redraw this test's pages."""
    switch_language("en")
    yield
    widgets.Widget.close_all()
    gc.collect()
    switch_language("en")


def _texts(w) -> list[str]:
    """Every word a widget tree shows: descriptions, HTML values, titles of accordions, button labels."""
    out = []
    if isinstance(w, widgets.HTML):
        out.append(TAG.sub(" ", w.value))
    if getattr(w, "description", ""):
        out.append(w.description)
    if isinstance(w, widgets.Accordion):
        out += [w.get_title(i) or "" for i in range(len(w.children))]
    for child in getattr(w, "children", ()):
        out += _texts(child)
    return out


def _english_left(ui: GameUI) -> set[str]:
    """English words on the page, leaving out the saved game's file name (``<random id>.json``)."""
    return {m for t in _texts(ui.widget) for m in ENGLISH.findall(re.sub(r"[0-9a-f]{12}\.json", "", t))}


def test_role_play_page_is_wholly_chinese_after_the_toggle(tmp_path):
    """After 中文: no English word in any label, KPI, news line, grid, table or the final comparison."""
    ui = GameUI(Game("dealer_phone", seed=1, months=2), save_dir=tmp_path)
    english_words = _english_left(ui)
    assert {"Month", "accounts", "information", "Save"} <= english_words  # the check can see English
    ui.view.go()
    ui.save()
    switch_language("zh")
    assert _english_left(ui) == set(), "English left on the page after switching to 中文"
    ui.view.go()  # the last month: the score and the comparison with the built-ins
    assert "得分" in ui.final.value and "內建策略" in ui.final.value
    assert _english_left(ui) == set()
    switch_language("en")
    assert "Score" in ui.final.value and "built-in" in ui.final.value


def test_news_lines_switch_language_with_the_page(tmp_path):
    """A month's news, played in English, shows in Chinese after the toggle (and back)."""
    ui = GameUI(Game("dealer_phone", seed=4, months=2), save_dir=tmp_path)
    report = ui.play(ui.game.default_decisions())
    assert all(set(n["texts"]) == {"en", "zh"} and n["texts"]["en"] == n["text"] for n in report.news)
    first_en, first_zh = report.news[0]["texts"]["en"], report.news[0]["texts"]["zh"]
    assert first_en in TAG.sub("", ui.view.news.value)
    switch_language("zh")
    shown = TAG.sub("", ui.view.news.value)
    assert first_zh in shown and first_en not in shown


def test_grid_has_one_header_cell_per_column(tmp_path):
    """The header row is its own cells (target, then each function), in columns wide enough to wrap."""
    ui = GameUI(Game("dealer_phone", seed=1, months=2), save_dir=tmp_path)
    table = ui.view.grid.table
    columns = table.layout.grid_template_columns
    assert columns.startswith("180px") and f"repeat({len(FUNCTIONS)}, 104px)" in columns
    head = table.children[:1 + len(FUNCTIONS)]
    assert all(isinstance(h, widgets.HTML) and "crm-game-head" in h._dom_classes for h in head)
    assert [TAG.sub("", h.value) for h in head] == ["accounts", *(label(f) for f in FUNCTIONS)]
    assert "white-space:normal" in head[2].value
    assert isinstance(table.children[1 + len(FUNCTIONS) + 1], widgets.FloatText)  # the first row's first cell


def test_two_pages_save_their_own_games(tmp_path):
    """Two trainees' pages save to different files and offer each its own file, by name only."""
    a = GameUI(Game("dealer_phone", seed=1, months=3), save_dir=tmp_path)
    b = GameUI(Game("dealer_phone", seed=2, months=3), save_dir=tmp_path)
    a.view.go()
    pa, pb = a.save(), b.save()
    assert pa != pb and pa.parent == pb.parent == tmp_path and pa.is_file() and pb.is_file()
    assert json.loads(pa.read_text())["seed"] == 1 and json.loads(pb.read_text())["seed"] == 2
    for ui, path in ((a, pa), (b, pb)):
        assert path.name in ui.saved.value and str(tmp_path) not in ui.saved.value
        data = re.search(r'href="data:application/json;base64,([^"]+)"', ui.saved.value).group(1)
        assert base64.b64decode(data) == path.read_bytes()


def _pages() -> list[Path]:
    return [*sorted((ROOT / "notebooks").glob("*.ipynb")), *sorted((ROOT / "exercises").rglob("*.ipynb")),
            *sorted((ROOT / "sim" / "ui").glob("*.py")), *sorted((ROOT / "sim" / "exercises").glob("*.py")),
            *sorted((ROOT / "sim" / "game").glob("*.py")), *sorted((ROOT / "scripts").glob("*.py"))]


def test_no_emoji_glyphs_on_any_page():
    """No notebook, workbook or page module carries an emoji that renders as a box without an emoji font."""
    found = {f"{p.relative_to(ROOT)}: {ch!r}" for p in _pages()
             for ch in EMOJI.findall(p.read_text(encoding="utf-8")) if ch not in ALLOWED}
    assert not found, sorted(found)


def test_icons_are_inline_svg():
    """The marks that replace emoji are SVG drawn in the page (no font, no file, no request)."""
    from sim.exercises.hints import hint_from
    from sim.ui.icons import ICONS, icon

    for name in ICONS:
        svg = icon(name)
        assert svg.startswith("<svg") and svg.endswith("</svg>") and "http" not in svg and "url(" not in svg
    assert icon("nope") == ""
    h = hint_from((("try", "試試"),))
    assert "crm-icon-hint" in h._repr_html_() and str(h) == "Hint 1 of 1: try"


def _lab_cells() -> list[str]:
    nb = json.loads((ROOT / "notebooks" / "08_strategy_lab.ipynb").read_text(encoding="utf-8"))
    return ["".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "code"][:-1]  # all but the check


def _files(*dirs: Path) -> set[Path]:
    return {p for d in dirs if d.exists() for p in d.rglob("*")}


def test_strategy_lab_writes_and_prints_nothing_on_load(tmp_path, monkeypatch, capsys):
    """Running 08's cells (all but the slow check) creates no file anywhere we can see and prints nothing."""
    monkeypatch.setenv("CRM_DOJO_WORKERS", "1")
    monkeypatch.chdir(tmp_path)
    watched = (ROOT / "out", tmp_path, ROOT / "notebooks")
    before = _files(*watched)
    ns: dict = {}
    for src in _lab_cells():
        exec(compile(src, "08_strategy_lab", "exec"), ns)  # noqa: S102 (the generated notebook's own cells)
    assert ns["sweep"].sweep is not None and ns["dash"].result is not None
    assert _files(*watched) == before
    out = capsys.readouterr()
    assert out.out == "" and out.err == ""


def test_lab_sweep_follows_the_controls(monkeypatch):
    """The sweep runs with the dashboard's scenario, strategies and replications, again when they change."""
    from sim.ui.dashboard import Dashboard
    from sim.ui.lab import LabSweep

    monkeypatch.setenv("CRM_DOJO_WORKERS", "1")
    dash = Dashboard("08_strategy_lab", values={"scenario": "dealer_phone", "replications": 2,
                                                "strategies": ("quota_push", "customer_manager")})
    sweep = LabSweep(dash)
    sw = sweep.sweep
    assert (sw.scenario.name, sw.strategies, sw.replications) == ("dealer_phone", ["quota_push", "customer_manager"], 2)
    assert sorted(sw.summary["reps.count"].unique()) == [3, 5, 8]
    dash.set(replications=3)
    assert sweep.runs == 2 and sweep.sweep.replications == 3
    chart = sweep.out.value
    dash.set(metric="retention")  # the metric only redraws
    assert sweep.runs == 2 and sweep.out.value != chart
    switch_language("zh")
    assert "銷售人員數" in sweep.out.value and "掃描" in sweep.status.value
    with pytest.raises(sim.ui.ControlError):
        dash.set(strategies=())  # bad input: the dashboard refuses it and the sweep keeps its last result
    assert sweep.runs == 2


def test_save_game_defaults_to_a_random_file_under_out_games():
    """Without a path, each page gets its own file name under the project's out/games (nothing written yet)."""
    from sim.ui.game import GAMES_DIR

    a, b = GameUI(Game("dealer_phone", seed=1, months=1)), GameUI(Game("dealer_phone", seed=1, months=1))
    assert a.save_path.parent == b.save_path.parent == GAMES_DIR == ROOT / "out" / "games"
    assert a.save_path != b.save_path and re.fullmatch(r"[0-9a-f]{12}\.json", a.save_path.name)
    assert not a.save_path.exists() and os.path.relpath(GAMES_DIR, ROOT) == os.path.join("out", "games")
