#!/usr/bin/env python3
"""Write the case notebooks in ``notebooks/`` (plain .ipynb, no outputs) from the texts below.

The notebooks are thin: a heading with the teaching point (English and Chinese), a short
story, the case's dashboard (``sim.ui.Dashboard``) and a last cell that checks, with paired
95% intervals over replications, that the simulation shows the teaching point. Everything
they run lives in ``sim/`` (cases: ``sim/ui/cases.py``; charts: ``sim/viz/cases.py``).

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

from sim.ui.cases import CASES  # noqa: E402

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

#: per notebook: the story (English, Chinese), debrief questions, and extra cells after the dashboard
STORIES: dict[str, dict] = {
    "00_tour": {
        "story": (
            "CRM Dojo simulates a book of customer accounts — each with a key decision maker — served by sales "
            "reps under a care strategy, week by week for two years. Accounts move through lifecycle stages "
            "(prospect → target → opportunity → customer → dormant → lost) and relationship tiers "
            "(passer-by → acquaintance → friend → confidant). Here: what does caring cost, and what does it buy?",
            "CRM Dojo 模擬一組客戶（每個客戶都有關鍵決策人），由銷售人員按照某種關懷策略逐週服務兩年。"
            "客戶在生命週期各階段（潛在 → 目標 → 機會 → 客戶 → 休眠 → 流失）和關係層級（過客 → 熟人 → 朋友 → 知己）"
            "之間移動。本例：關懷要花多少錢，又換來了什麼？"),
        "debrief": ("Which strategy has the highest two-year profit, and which the most valuable book? Why can they differ?",
                    "哪個策略兩年利潤最高？哪個策略留下的客戶群最有價值？兩者為何不同？"),
        "extra": [
            ("md", "### The cases · 案例\n\n"
                   "| notebook | case |\n|---|---|\n" + "\n".join(
                       f"| [{k}]({k}.ipynb) | {c.title['en']} · {c.title['zh']} |" for k, c in CASES.items()
                       if k != "00_tour")),
        ],
    },
    "01_delivered_value": {
        "story": (
            "Kotler: a customer compares offers by *delivered value* — product, service, personnel and image value "
            "minus the money, time, energy and psychological cost. Our offer and the competitor's are scored in "
            "points. Raise a value or cut a cost and watch who stays — and what a price cut does to the margin.",
            "科特勒：客戶按「讓渡價值」比較各家方案——產品、服務、人員、形象價值減去貨幣、時間、精神和體力成本。"
            "我方和競爭對手的方案都以分數計。提高一項價值或降低一項成本，看看誰留下來——再看看降價對利潤做了什麼。"),
        "debrief": ("Which costs the firm less: 10 points of service value or a 10% price cut? Which keeps more customers?",
                    "哪個對企業更划算：提高 10 分服務價值，還是降價 10%？哪個留住的客戶更多？"),
    },
    "02_relationship_tiers": {
        "story": (
            "Of 100 people a rep knows, about 50 become acquaintances, about 10 friends and 3–5 confidants. "
            "Rapport grows with good contacts and fades with neglect (長期疏遠會造成客情關係淡化). "
            "Set how often you care, whether you aim at accounts close to the next tier, and how fast rapport fades.",
            "業務員認識的 100 個人中，約 50 人成為熟人，約 10 人成為朋友，3–5 人成為知己。"
            "客情隨良好的聯絡增長，因長期疏遠而淡化。設定關懷頻率、是否瞄準接近下一層級的客戶，以及客情淡化的速度。"),
        "debrief": ("How many confidants does your plan make per 100, and at what cost in profit?",
                    "你的計劃每 100 人交到幾位知己？代價是多少利潤？"),
    },
    "03_dealer_phone": {
        "story": (
            "A rep with a monthly quota keeps pushing stock onto his music-equipment dealers in a hard season. "
            "One dealer switches off his phone. The class's better answer: open a campus channel through the "
            "firm's university contacts, and lend the firm's engineers for installation and tuning — without "
            "giving up price. “If our rep became the dealer's unpaid marketing director, it would be us "
            "switching off the phone.”",
            "一位背著月度指標的業務員在淡季不停向樂器代理商壓貨，代理商乾脆關機躲著他。課堂上更好的答案："
            "借公司的高校資源為代理商開拓校園渠道，派公司的工程師幫忙安裝調試、分擔人工——價格和利潤一分不讓。"
            "「如果我們的業務員成了代理商的免費營銷總監，要關機的就是我們了。」"),
        "debrief": ("Turn both remedies off: what happens to the dealers' sell-through, their stock in weeks of sales "
                    "and the calls they answer? And if you push more units per visit?",
                    "關掉兩項扶持：代理商的銷量、庫存（可銷售週數）和接聽率會怎樣？每次多壓一些貨又會怎樣？"),
    },
    "04_store_care": {
        "story": (
            "From a wine-trade article on keeping store owners close (客情維護4招11式), which quotes three of its tactics: *small, continual favours* "
            "(小恩小惠連續不斷), *lend a hand with any chore* (大活小活遇到則幹) and *share what works* "
            "(時時分享成功經驗). Mix the three — as care, service, consulting and information contacts — "
            "under your weekly budget, and compare the mix with small favours alone.",
            "來自酒類行業的一篇文章《客情維護4招11式》，課文列舉了其中三招：小恩小惠連續不斷；大活小活遇到則幹；時時分享成功經驗。"
            "把三招（關懷、服務、顧問和信息傳遞）按你的每週預算組合起來，和只送小恩小惠比一比。"),
        "debrief": ("Which mix keeps the most stores for the least care cost? What if the budget halves?",
                    "哪種組合以最低的維護成本留住最多的門店？預算減半又如何？"),
    },
    "05_three_stages": {
        "story": (
            "Customer management in three stages: screen *prospects*, win *target accounts* by reaching the key "
            "decision maker (often through an intermediary, 借力打力), then turn *existing accounts* into "
            "partners. A young territory: mostly prospects and targets. Who builds the better business — the "
            "quota-pushing sales manager or the customer manager?",
            "客戶管理三階段：篩選潛在客戶；接觸關鍵決策人（常常借助中間人，借力打力）拿下目標客戶；"
            "再把存量客戶發展為戰略夥伴。這是一個新區域：大多是潛在和目標客戶。誰能建立更好的生意——"
            "衝指標的銷售經理，還是客戶經理？"),
        "debrief": ("More intermediaries: does the funnel fill faster? Does the ending book change?",
                    "中間人更多時，漏斗填得更快嗎？期末的客戶群有變化嗎？"),
    },
    "06_public_pool": {
        "story": (
            "A CRM rule: accounts with no purchase for three months go to the *public pool* (公海客戶) with a "
            "contact cycle, so that reps reach out, find the cause and win them back. Set when an account "
            "counts as dormant and how often the pool is contacted.",
            "CRM 規則：三個月未購買的客戶轉為公海客戶，並設定聯絡週期，提醒業務員主動聯絡、找出原因、把客戶贏回來。"
            "設定客戶多久不購買算休眠，以及多久聯絡一次公海客戶。"),
        "debrief": ("A shorter contact cycle wins more back — at what care cost?",
                    "縮短聯絡週期能喚醒更多客戶——維護成本是多少？"),
    },
    "07_value_segmentation": {
        "story": (
            "Kotler's 20/80/30: the most profitable 20% of customers bring about 80% of total profit, and the worst "
            "30% halve the potential profit. A common CRM pitfall is most-favoured treatment for "
            "everyone (最惠戶待遇普遍化) and indulging unreasonable customers. Segment by value instead.",
            "科特勒的 20/80/30 法則：最賺錢的 20% 客戶貢獻約 80% 的總利潤，最差的 30% 客戶使潛在利潤減半。"
            "CRM 的常見誤區是最惠戶待遇普遍化、遷就不合理的客戶。改為按價值分級。"),
        "debrief": ("Who are the customers at the right end of the whale curve, and what would you change for them?",
                    "鯨魚曲線右端的客戶是誰？你會為他們改變什麼？"),
    },
    "08_strategy_lab": {
        "story": (
            "For managers: pick a scenario and the strategies to compare, set the replications, read the means "
            "and 95% intervals, and export the comparison as a report that opens offline. Below the dashboard: "
            "a sweep of one scenario value.",
            "供管理者使用：選擇情境和要比較的策略，設定重複次數，讀取平均值和 95% 信賴區間，"
            "並把比較結果匯出為可離線開啟的報告。儀表板下方：對一個情境參數做掃描。"),
        "debrief": ("With 2 replications, are the intervals useful? With 10? What does pairing buy?",
                    "只做 2 次重複，區間有用嗎？10 次呢？配對比較帶來了什麼？"),
        "extra": [
            ("md", "### A sweep · 參數掃描\n\nThe strategies, scenario, replications and metric chosen above, at 3, 5 "
                   "and 8 reps; the sweep runs again when you change them. "
                   "· 用上方選定的情境、策略、重複次數和指標，在 3、5、8 名銷售人員下比較；更改這些控制項時重新掃描。"),
            ("code", "from sim.ui.lab import LabSweep\n\nsweep = LabSweep(dash)\nsweep"),
            ("md", "### Export the report · 匯出報告\n\nPress *Export report* above: the comparison is saved as a report "
                   "that opens offline and offered as a download (nothing is saved before you press it). "
                   "· 按上方的「匯出報告」：比較結果儲存為可離線開啟的報告並提供下載（按下之前不儲存任何檔案）。"),
        ],
    },
    "12_relationship_chain": {
        "story": (
            "Payne's relationship management chain links five steps: **1 value proposition** (which value to add "
            "— service, personnel or image — and what each point costs), **2 segment and target** (by value, or "
            "most-favoured treatment for all), **3 delivery** (how reps are paid, how much of a contact reaches "
            "the buying centre beyond the decision maker), **4 delivered value** (ours against the competitor's, "
            "shown below) and **5 control and feedback** (reps' and customers' satisfaction; training). Three "
            "pitfalls are choices you can play: *CRM software is CRM* (buy the system, change nothing reps do), "
            "*CRM cut off from planning* (segments chosen without profitability) and *no cost–benefit* (adding "
            "value past the point it pays). The baseline is the pitfall plan: most-favoured for all, quota pay, "
            "untrained reps.",
            "佩恩的關係管理鏈把五個環節連在一起：**1 價值主張**（增加哪種價值——服務、人員或形象——每分的成本是多少）、"
            "**2 細分與目標**（按價值分級，還是最惠戶待遇普遍化）、**3 價值傳遞**（業務員按什麼激勵，聯絡有多少觸及關鍵"
            "決策人以外的採購中心成員）、**4 讓渡價值**（我方與競爭對手，見下圖）和 **5 控制與回饋**（員工滿意度與客戶"
            "滿意度；培訓）。三個誤區是可以玩的選擇：「CRM 軟體就是 CRM」（買了系統，業務員的做法不變）、"
            "「CRM 與企業規劃脫節」（細分客戶不看盈利能力）和「不做成本效益分析」（價值加到不再划算）。"
            "基準是誤區方案：全員最惠、按配額激勵、業務員未經培訓。"),
        "debrief": ("Tick *Buy CRM software*: what changes for customers, and what for profit? Raise the value points "
                    "step by step: where does adding value stop paying?",
                    "勾選「購買 CRM 軟體」：客戶有什麼變化？利潤呢？逐步提高價值分數：加到哪裡就不再划算了？"),
    },
}


def notebook(key: str) -> nbformat.NotebookNode:
    case, story = CASES[key], STORIES[key]
    en, zh = story["story"]
    q_en, q_zh = story["debrief"]
    head = (f"# {case.title['en']}\n## {case.title['zh']}\n\n"
            f"> **Teaching point.** {case.point['en']}\n>\n> **教學要點。** {case.point['zh']}\n\n{en}\n\n{zh}")
    cells = [new_markdown_cell(head), new_code_cell(SETUP), new_markdown_cell(HOW),
             new_code_cell(f'dash = Dashboard("{key}")\ndash')]
    for kind, src in story.get("extra", []):
        cells.append(new_markdown_cell(src) if kind == "md" else new_code_cell(src))
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
