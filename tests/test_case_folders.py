"""One folder per case (issue 15.2): every case folder has each part, every case notebook comes from one,
and the folders sit between the charts and the dashboards."""

from __future__ import annotations

import ast
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from sim.cases import CASES, FOLDERS
from sim.cases.base import PARTS
from sim.cases.charts import PICTURES
from sim.ui.claims import Check
from sim.ui.controls_spec import Control
from sim.words import TEXT, add_words, text

ROOT = Path(__file__).resolve().parent.parent
CASES_DIR = ROOT / "sim" / "cases"
CJK = re.compile(r"[\u4e00-\u9fff]")
#: the case notebooks: every notebook but the role-play and the tournament's pages
CASE_NOTEBOOKS = sorted(p.stem for p in (ROOT / "notebooks").glob("*.ipynb") if p.stem[:2] not in ("09", "10", "11"))
#: the shared machinery a case folder may use from sim.ui (pure logic, no widgets)
UI_ALLOWED = {"sim.ui.case_runs", "sim.ui.claims", "sim.ui.controls_spec"}


def _folders() -> list[Path]:
    return sorted(p for p in CASES_DIR.iterdir() if (p / "__init__.py").is_file())


def _imports(path: Path) -> set[str]:
    """The modules a file imports (anywhere in it)."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
        elif isinstance(node, ast.Import):
            found |= {a.name for a in node.names}
    return found


def test_every_notebook_comes_from_a_folder():
    """Notebooks 00–08, 12 and 13 each have the case folder named like it (the number is the folder's KEY)."""
    assert CASE_NOTEBOOKS == ["00_tour", "01_delivered_value", "02_relationship_tiers", "03_dealer_phone",
                              "04_store_care", "05_three_stages", "06_public_pool", "07_value_segmentation",
                              "08_strategy_lab", "12_relationship_chain", "13_satisfaction_profit"]
    assert list(FOLDERS) == CASE_NOTEBOOKS == list(CASES)
    for key, folder in FOLDERS.items():
        assert folder.__name__ == f"sim.cases.{key[3:]}" and folder.CASE.key == key


def test_the_registry_finds_every_folder_on_disk():
    """Each package under sim/cases/ is a case in the registry (none is skipped)."""
    assert [p.name for p in _folders()] == sorted(f.__name__.rsplit(".", 1)[1] for f in FOLDERS.values())


@pytest.mark.parametrize("folder", _folders(), ids=lambda p: p.name)
def test_every_folder_has_each_part(folder):
    """controls, claims, story, charts and labels: each a module of the folder, with what the case needs."""
    assert sorted(p for p in PARTS if (folder / f"{p}.py").is_file()) == sorted(PARTS)
    pkg = FOLDERS[next(k for k, f in FOLDERS.items() if f.__name__.endswith("." + folder.name))]
    assert all(isinstance(c, Control) for c in pkg.controls.CONTROLS) and callable(pkg.controls.variants)
    assert pkg.controls.METRICS and isinstance(pkg.controls.REPLICATIONS, int)
    assert pkg.claims.CHECKS and all(isinstance(c, Check) and c.claims for c in pkg.claims.CHECKS)
    story = pkg.story
    for en, zh in ((story.TITLE["en"], story.TITLE["zh"]), (story.POINT["en"], story.POINT["zh"]),
                   story.STORY, story.DEBRIEF):
        assert en and not CJK.search(en.split("(")[0]) and CJK.search(zh)
    assert set(pkg.labels.LABELS) == {"en", "zh"} and set(pkg.labels.LABELS["en"]) == set(pkg.labels.LABELS["zh"])
    assert callable(PICTURES[pkg.KEY])


@pytest.mark.parametrize("key", list(CASES))
def test_a_notebook_says_what_its_story_says(key):
    """The notebook's heading and story cell are its folder's story (the generator reads them from there)."""
    story = FOLDERS[key].story
    nb = json.loads((ROOT / "notebooks" / f"{key}.ipynb").read_text(encoding="utf-8"))
    head = "".join(nb["cells"][0]["source"])
    assert head.startswith(f"# {story.TITLE['en']}\n## {story.TITLE['zh']}")
    assert story.POINT["zh"] in head and story.STORY[0] in head and story.STORY[1] in head
    assert any(story.DEBRIEF[1] in "".join(c["source"]) for c in nb["cells"])


@pytest.mark.parametrize("key", list(CASES))
def test_a_case_names_its_controls_and_variants_in_both_languages(key):
    """Every control and variant (at the defaults) has a label in English and one in Chinese."""
    case = CASES[key]
    variants = case.variants(case.validate())
    for k in [c.label for c in case.all_controls] + list(variants):
        sc = variants.get(k, (None,))[0]
        en, zh = text(k, "en", sc), text(k, "zh", sc)
        assert CJK.search(zh) and not CJK.search(en), (k, en, zh)


def test_case_folders_use_only_the_pure_ui_machinery():
    """A case folder imports no dashboard or widget (sim.ui beyond the runner, claims and control specs)."""
    bad = {f"{p.relative_to(ROOT)}: {m}" for p in CASES_DIR.rglob("*.py") for m in _imports(p)
           if (m.startswith("sim.ui") and m not in UI_ALLOWED) or m.split(".")[0] in ("ipywidgets", "IPython")}
    assert bad == set()


def test_the_chart_layer_imports_no_case_and_no_ui():
    """sim/viz reads neither the dashboards nor the cases (the cases draw with it, not the other way)."""
    bad = {f"{p.name}: {m}" for p in (ROOT / "sim" / "viz").rglob("*.py") for m in _imports(p)
           if m.startswith(("sim.ui", "sim.cases"))}
    assert bad == set()


def test_the_registry_loads_no_chart_library():
    """Importing the cases (without their charts) leaves altair and ipywidgets unloaded."""
    code = "import sys, sim.cases, sim.ui.cases\nprint(sorted(m for m in ('altair', 'ipywidgets') if m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT)
    assert out.returncode == 0 and out.stdout.strip() == "[]", out.stderr


def test_two_cases_may_not_fight_over_a_word():
    """add_words refuses a key that already means something else, and labels missing a language."""
    key = next(iter(FOLDERS["03_dealer_phone"].labels.LABELS["en"]))
    with pytest.raises(ValueError, match=f"label '{key}' \\(en\\) is already defined"):
        add_words({"en": {key: "something else"}, "zh": {}})
    with pytest.raises(ValueError, match="every language"):
        add_words({"en": {}})
    before = {lang: dict(words) for lang, words in TEXT.items()}
    add_words(FOLDERS["03_dealer_phone"].labels.LABELS)  # the same words again: nothing changes
    assert TEXT == before
