"""The story of case 08 (notebook 08_strategy_lab): its title, teaching point, story and debrief, in
English and Chinese (the markdown cells :mod:`scripts.build_notebooks` writes)."""

#: the heading of the notebook and the dashboard
TITLE = {
    "en": "The strategy lab: compare strategies honestly",
    "zh": "策略實驗室：誠實地比較策略",
}

#: the teaching point (what the claims check)
POINT = {
    "en": ("One run can flatter any strategy. Run replications, read the 95% intervals, and compare strategies on "
           "the same customers and the same luck: paired differences are much sharper than unpaired ones."),
    "zh": ("一次執行可能讓任何策略看起來都不錯。要執行多次重複、看 95% "
           "信賴區間，並讓各策略面對相同的客戶和相同的運氣：配對差異比非配對差異精確得多。"),
}

#: the story under the heading (English, Chinese)
STORY = (
    ("For managers: pick a scenario and the strategies to compare, set the replications, read the means and 95% "
     "intervals, and export the comparison as a report that opens offline. Below the dashboard: a sweep of one "
     "scenario value."),
    ("供管理者使用：選擇情境和要比較的策略，設定重複次數，讀取平均值和 95% "
     "信賴區間，並把比較結果匯出為可離線開啟的報告。儀表板下方：對一個情境參數做掃描。"),
)

#: the debrief question (English, Chinese)
DEBRIEF = (
    "With 2 replications, are the intervals useful? With 10? What does pairing buy?",
    "只做 2 次重複，區間有用嗎？10 次呢？配對比較帶來了什麼？",
)

#: cells after the dashboard: ("md" | "code", source)
EXTRA: tuple[tuple[str, str], ...] = (
    ("md", "### A sweep · 參數掃描\n\nThe strategies, scenario, replications and metric chosen above, at 3, 5 "
           "and 8 reps; the sweep runs again when you change them. "
           "· 用上方選定的情境、策略、重複次數和指標，在 3、5、8 名銷售人員下比較；更改這些控制項時重新掃描。"),
    ("code", "from sim.ui.lab import LabSweep\n\nsweep = LabSweep(dash)\nsweep"),
    ("md", "### Export the report · 匯出報告\n\nPress *Export report* above: the comparison is saved as a report "
           "that opens offline and offered as a download (nothing is saved before you press it). "
           "· 按上方的「匯出報告」：比較結果儲存為可離線開啟的報告並提供下載（按下之前不儲存任何檔案）。"),
)
