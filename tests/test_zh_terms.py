"""Chinese on every page reads as the Traditional Chinese of the course texts, in Taiwan usage (issue 20.5).

Scans every user-visible zh string — string literals with CJK in the package and the scripts, and the cells of
the notebooks and workbooks — for mainland terms (內置 for 內建, 導出 for 匯出, 置信區間 for 信賴區間, …). The
course's own terms stay: 信息傳遞 names the information function (客戶聯絡五大職能), so 信息 is allowed only there.
"""

from __future__ import annotations

import ast
import json
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CJK = re.compile(r"[\u4e00-\u9fff]")
#: mainland term -> the Taiwan term the pages use
MAINLAND = {
    "內置": "內建", "刷新": "重新整理", "情景": "情境", "鏈接": "連結", "導出": "匯出", "信息(?!傳遞)": "資訊",
    "默認": "預設", "(?<!大)數據": "資料", "質量": "品質", "用戶": "使用者", "文件": "檔案", "運行": "執行",
    "點擊": "點選", "視頻": "影片", "軟件": "軟體", "網絡": "網路", "服務器": "伺服器", "置信": "信賴",
    "打開": "開啟", "保存": "儲存", "控件": "控制項", "概率": "機率", "密鑰": "金鑰", "貝葉斯": "貝氏", "單元格": "儲存格",
}
FOUND = re.compile("|".join(f"(?:{t})" for t in MAINLAND))
SOURCES = ("sim/**/*.py", "scripts/*.py")
NOTEBOOKS = ("notebooks/*.ipynb", "exercises/*.ipynb", "exercises/solutions/*.ipynb")


def _literals(path: Path) -> list[tuple[int, str]]:
    """(line, text) of each string literal of a Python file that holds CJK."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return [(n.lineno, n.value) for n in ast.walk(tree)
            if isinstance(n, ast.Constant) and isinstance(n.value, str) and CJK.search(n.value)]


def _cells(path: Path) -> list[tuple[int, str]]:
    """(cell number, source) of each notebook cell that holds CJK."""
    cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
    return [(i, "".join(c["source"])) for i, c in enumerate(cells) if CJK.search("".join(c["source"]))]


def _mainland(items: list[tuple[int, str]], where: str) -> list[str]:
    return [f"{where}:{at} {m.group()!r}" for at, s in items for m in FOUND.finditer(s)]


def _files(patterns) -> list[Path]:
    return sorted(p for g in patterns for p in ROOT.glob(g))


def test_the_scan_finds_zh_strings():
    """The scan reads real pages: many literals and notebook cells with Chinese (an empty scan proves nothing)."""
    assert sum(len(_literals(p)) for p in _files(SOURCES)) > 300
    assert sum(len(_cells(p)) for p in _files(NOTEBOOKS)) > 50


@pytest.mark.parametrize("text, hits", [
    ("按「導出報告」", ["導出"]), ("95% 置信區間", ["置信"]), ("內置策略在同一個情景", ["內置", "情景"]),
    ("信息傳遞", []), ("分享信息", ["信息"]), ("大數據", []), ("客戶數據", ["數據"]), ("信賴區間與資訊", []),
])
def test_the_scan_tells_mainland_from_course_terms(text, hits):
    assert [m.group() for m in FOUND.finditer(text)] == hits


def test_no_mainland_terms_in_zh_strings():
    bad = [hit for p in _files(SOURCES) for hit in _mainland(_literals(p), p.relative_to(ROOT).as_posix())]
    use = ", ".join(f"{re.sub(r'[(][?].*?[)]', '', t)}→{w}" for t, w in MAINLAND.items())
    assert not bad, f"mainland terms (use {use}): " + "; ".join(bad)


def test_no_mainland_terms_in_notebooks_and_workbooks():
    bad = [hit for p in _files(NOTEBOOKS) for hit in _mainland(_cells(p), p.relative_to(ROOT).as_posix())]
    assert not bad, "mainland terms in notebook cells: " + "; ".join(bad)
