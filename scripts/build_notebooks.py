#!/usr/bin/env python3
"""Write the notebooks in ``notebooks/`` (plain .ipynb, no outputs): one per case folder, and the role-play.

A case notebook is thin: a heading with the teaching point (English and Chinese), a short
story, the case's dashboard (``sim.ui.Dashboard``) and a last cell that checks, with paired
95% intervals over replications, that the simulation shows the teaching point. Its texts are
its folder's ``story`` (``sim/cases/<name>/story.py``, found through the registry :mod:`sim.cases`);
everything it runs lives in ``sim/``.

    .venv/bin/python scripts/build_notebooks.py          # rewrite the notebooks
    .venv/bin/python scripts/build_notebooks.py --check  # exit 1 if a notebook is out of date
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import nbformat
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sim.cases import CASES, FOLDERS  # noqa: E402

OUT = ROOT / "notebooks"

SETUP = """\
import sim
from sim.ui import Dashboard, check
from sim.viz import enable_offline

enable_offline()  # charts draw with no internet (as SVG made in the kernel; no CDN)"""

HOW = """\
**How to use it** — move a control: the case runs again (every variant on the same customers and the same
luck, a few replications) and the charts redraw. The lower panel shows each variant *minus the baseline*
with its 95% interval: an interval that does not cross the dashed zero line is a difference the
replications show, not luck. *English / 中文* switches every label.

**使用方法** —— 移動任一控制項，案例會重新執行（各方案面對相同的客戶和相同的運氣，重複數次），圖表隨即更新。
下方面板顯示各方案與基準的差異及其 95% 信賴區間：區間不跨過零虛線，說明差異來自策略而不是運氣。
點選 *English / 中文* 切換所有標籤。"""

CHECK = """\
# The teaching point, shown with intervals over replications (not one run):
# every claim's paired 95% interval must point the same way.
verdict = check("{key}")
display(verdict)
assert verdict.holds, verdict.message"""


def _cases_table(heading: str, key: str) -> str:
    """``heading`` over a markdown table of every case's notebook but ``key``'s."""
    rows = [f"| [{k}]({k}.ipynb) | {c.title['en']} · {c.title['zh']} |" for k, c in CASES.items() if k != key]
    return f"{heading}\n\n| notebook | case |\n|---|---|\n" + "\n".join(rows)


def _extra(kind: str, src: str, key: str):
    """One cell of a story's ``EXTRA``: markdown, code, or the table of the cases."""
    if kind == "cases":
        return new_markdown_cell(_cases_table(src, key))
    return new_markdown_cell(src) if kind == "md" else new_code_cell(src)


def notebook(key: str) -> nbformat.NotebookNode:
    case, story = CASES[key], FOLDERS[key].story
    en, zh = story.STORY
    q_en, q_zh = story.DEBRIEF
    head = (f"# {case.title['en']}\n## {case.title['zh']}\n\n"
            f"> **Teaching point.** {case.point['en']}\n>\n> **教學要點。** {case.point['zh']}\n\n{en}\n\n{zh}")
    cells = [new_markdown_cell(head), new_code_cell(SETUP), new_markdown_cell(HOW),
             new_code_cell(f'dash = Dashboard("{key}")\ndash')]
    cells += [_extra(kind, src, key) for kind, src in story.EXTRA]
    cells.append(new_markdown_cell(f"### Debrief · 討論\n\n- {q_en}\n- {q_zh}\n\n"
                                   "The last cell checks the teaching point over replications. "
                                   "· 最後一格用多次重複檢驗教學要點。"))
    cells.append(new_code_cell(CHECK.format(key=key)))
    return _wrap(key, cells)


def _wrap(key: str, cells: list) -> nbformat.NotebookNode:
    nb = new_notebook(cells=cells, metadata={
        "kernelspec": {"display_name": "Python 3 (ipykernel)", "language": "python", "name": "python3"},
        "language_info": {"name": "python"},
    })
    for i, c in enumerate(nb.cells):  # stable ids: rebuilding gives the same file
        c["id"] = f"{key[:2]}-{i:02d}"
    return nb


ROLEPLAY_HEAD = """\
# Role-play: you are the rep
## 角色扮演：你是業務員

You look after a book of accounts — in the default case one rep with 8 music-equipment dealers and 12
end customers, in a downturn ("the dealer who switched off his phone"). Each month you decide **how to
spend the rep's hours and gift budget**: which accounts, which contact function — care, information,
transaction push, service, intelligence, consulting. Press **Next month** and the simulation runs to
the end of the month; the news tells you what happened (who did not answer, whose buyer changed jobs,
who is in a crisis, who left and why, who bought).

你負責一組客戶——預設情形是一位業務員、8 家樂器代理商和 12 位終端客戶，正值市場低迷（「代理商關機」）。
每個月你決定**業務員的時間和禮品預算怎麼用**：聯絡哪些客戶、用哪種職能（關懷、信息傳遞、交易推動、
服務、情報收集、顧問諮詢）。按 **下個月**，模擬執行到月底；動態告訴你發生了什麼（誰沒有接聽、誰的
採購負責人換了工作、誰陷入危機、誰因何流失、誰下了訂單）。"""

ROLEPLAY_HOW = """\
**How to decide** — each row is a group of your accounts (key, strategic, profitable, unprofitable customers,
dealers, pipeline, dormant, lost, accounts in crisis) or one account you add; each column a contact function;
each cell the **hours** for it this month. A contact takes its function's hours (plus an hour of travel for a
visit): a care visit 2 h and a 40 gift, a consulting visit 4 h and 60, a phone call with information 0.5 h.
A group's contacts go to its most overdue accounts first, one contact per account per week at most. The line
under the grid checks your plan as you type: over the hours, over the budget, unknown accounts, negative values.
Tick a remedy to make your consulting visits to dealers bring a campus channel or shared engineers.
*Save game* saves your own game and offers it as a download.

**怎麼決策** —— 每一行是一組客戶（大客戶、戰略客戶、利潤客戶、非利潤客戶、代理商、銷售管道、休眠、流失、
陷入危機的客戶）或你新增的某個客戶；每一列是一種聯絡職能；每一格是本月投入的**小時數**。一次聯絡佔用該職能的
時間（拜訪另加一小時路程）：關懷拜訪 2 小時、禮品 40；顧問拜訪 4 小時、費用 60；信息傳遞電話 0.5 小時。
每組的聯絡先給最久沒聯絡的客戶，每個客戶每週最多一次。表格下方一行隨輸入檢查你的計劃：超出時間、超出預算、
未知客戶、負數。勾選扶持措施，你對代理商的顧問拜訪就會帶去校園渠道或共享工程師。*儲存遊戲* 儲存你自己的
這一局並提供下載。"""

ROLEPLAY_CODE = """\
### The same game in code · 用程式碼玩同一個遊戲

Everything the widgets do is plain Python: decisions in, state out (run it in JupyterLab).
· 控制項做的一切都是普通的 Python：輸入決策，得到狀態（可在 JupyterLab 中執行）。

```python
from sim.game import Game, score_formula
print(score_formula())
g = Game("dealer_phone", seed=1, months=2)
plan = g.check({"hours": {"dealers": {"transaction": 30}, "A999": {"care": 2}}})
print(plan.errors)                         # clear messages, nothing played
report = g.play({"hours": {"dealers": {"consulting": 24}}, "remedies": ["campus_channel"]})
for item in report.news[:6]:
    print(item["text"])
g.save("my_game.json"); Game.load("my_game.json")   # replays exactly
g.compare()   # at the end: your score next to the built-in strategies on the same customers and luck
```"""


def roleplay() -> nbformat.NotebookNode:
    """09: the role-play page (a game, not a case: no dashboard and no teaching-point check)."""
    return _wrap("09_roleplay", [
        new_markdown_cell(ROLEPLAY_HEAD),
        new_code_cell("import sim\nfrom sim.game import Game\nfrom sim.ui.game import GameUI\n"
                      "from sim.ui.lang import language_toggle\n\nlanguage_toggle()"),
        new_markdown_cell(ROLEPLAY_HOW),
        new_code_cell('game = Game("dealer_phone", seed=1, months=6)   # a 6-month game; other scenarios: "workshop", ...\n'
                      "ui = GameUI(game)   # Save game: this page's own file, offered as a download\nui"),
        new_markdown_cell(ROLEPLAY_CODE),
    ])


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--check", action="store_true", help="exit 1 if a notebook differs from what would be written")
    args = ap.parse_args(argv)
    OUT.mkdir(exist_ok=True)
    stale = []
    pages = {**{key: notebook for key in CASES}, "09_roleplay": lambda _: roleplay()}
    for key, build in pages.items():
        path = OUT / f"{key}.ipynb"
        text = nbformat.writes(build(key)) + "\n"
        if args.check:
            if not path.is_file() or path.read_text(encoding="utf-8") != text:
                stale.append(path.name)
        else:
            path.write_text(text, encoding="utf-8")
            print(f"wrote {path.relative_to(ROOT)}")
    if stale:
        print("out of date (run scripts/build_notebooks.py):", ", ".join(stale))
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
