"""Exercise 8 — read a comparison table and say which differences from the baseline are real.

Every strategy ran on the same seeds (the same customers and the same luck), so compare the
*paired* difference and its 95% interval, not whether the strategies' own intervals overlap. The
table is built with the same statistics as ``sim.compare`` (``sim.experiment.summarise`` and
``paired_differences``) from replications drawn for you, so each trainee reads different numbers.
"""

from __future__ import annotations

import pandas as pd

from sim.exercises._answers import checker, choice, flag, mapping
from sim.exercises._common import make_variant, redraw
from sim.exercises.feedback import tr
from sim.exercises.hints import hint_from
from sim.experiment import paired_differences, summarise
from sim.tables import format_interval, interval_table, paired_table
from sim.model.streams import replication_seed

EXERCISE = 8
TITLE = tr("Exercise 8: which difference is real?", "練習 8：哪個差異是真的？")
BASELINE = "routine_care"
OTHERS = ("value_based", "tier_ladder", "timely_help", "most_favoured")
METRIC = "profit_total"
HINTS = (
    ("All strategies ran on the same seeds. Which table tells you about the difference itself?",
     "所有策略都在相同的種子上執行。哪張表直接告訴你差異本身？"),
    ("A difference is real when its paired 95% interval does not contain zero. Overlapping intervals in the first "
     "table prove nothing: they include the luck every strategy shared.",
     "配對 95% 區間不包含零，差異才是真的。第一張表的區間重疊說明不了什麼：它們包含了所有策略共同的運氣。"),
    ("real = {name: low > 0 or high < 0 for each row of the paired table}; best = the strategy whose whole paired "
     "interval lies above zero.", "real = {策略: 配對區間的下限 > 0 或上限 < 0}；best = 配對區間完全在零以上的策略。"),
)


def _runs(rng) -> pd.DataFrame:
    n = 6
    luck = rng.normal(0, 70_000, n)  # what every strategy shares: the same customers, the same shocks
    signs = rng.permutation([1, -1, 0, 0])
    effects = {s: sg * rng.uniform(25_000, 45_000) for s, sg in zip(OTHERS, signs)}
    rows = []
    for s, eff in {BASELINE: 0.0, **effects}.items():
        values = 400_000 + eff + luck + rng.normal(0, 9_000, n)
        rows += [{"strategy": s, "replication": i, "seed": replication_seed(1, i), "metric": METRIC, "value": float(x)}
                 for i, x in enumerate(values)]
    return pd.DataFrame(rows)


def _draw(rng) -> dict:
    while True:
        runs = _runs(rng)
        paired = paired_differences(runs, BASELINE, [BASELINE, *OTHERS])
        verdicts = paired["verdict"].tolist()
        summ = summarise(runs, [BASELINE, *OTHERS]).set_index("strategy")
        up = paired.loc[paired["verdict"] == "higher", "strategy"].tolist()
        overlap = len(up) == 1 and summ.loc[up[0], "low"] < summ.loc[BASELINE, "high"]
        if sorted(verdicts) == sorted(["higher", "lower", "no clear difference", "no clear difference"]) and overlap:
            break
    return {"results": interval_table(summarise(runs, [BASELINE, *OTHERS]), (METRIC,), "en"),
            "paired": paired_table(paired, (METRIC,), "en", mark=""),
            "runs": runs, "paired_rows": paired}


def variant(who):
    """Trainee ``who``'s comparison: ``v.results`` (each strategy's profit, mean [95% interval]) and
    ``v.paired`` (each minus the baseline routine_care, same seeds, mean [paired 95% interval])."""
    return make_variant(EXERCISE, who, _draw, shown=("results", "paired"))


def hint(n=1):
    return hint_from(HINTS, n)


@checker(TITLE)
def check(v, real=None, best=None, *, fb):
    """Check which differences are real (paired interval excludes zero) and which strategy is clearly best."""
    v = redraw(v, EXERCISE, variant)
    given = mapping(real, "real", OTHERS)
    summ = summarise(v.runs, [BASELINE, *OTHERS]).set_index("strategy")
    base_low, base_high = summ.loc[BASELINE, "low"], summ.loc[BASELINE, "high"]
    for r in v.paired_rows.itertuples():
        said = flag(given[r.strategy], f"real[{r.strategy!r}]")
        shown = format_interval(METRIC, r.diff, r.low, r.high, signed=True)
        if said == r.excludes_zero and said:
            fb.ok(f"{r.strategy}: real — its paired interval {shown} excludes zero.",
                  f"{r.strategy}：真實差異 — 配對區間 {shown} 不包含零。")
        elif said == r.excludes_zero:
            fb.ok(f"{r.strategy}: not shown — its paired interval {shown} contains zero.",
                  f"{r.strategy}：無法確定 — 配對區間 {shown} 包含零。")
        elif r.excludes_zero and summ.loc[r.strategy, "low"] < base_high and summ.loc[r.strategy, "high"] > base_low:
            fb.bad(f"{r.strategy}: its own interval overlaps the baseline's, but the paired interval {shown} excludes "
                   "zero — on the same customers and luck, the difference is real.",
                   f"{r.strategy}：它自己的區間與基準重疊，但配對區間 {shown} 不包含零 — 在相同客戶和運氣下，差異是真的。")
        elif r.excludes_zero:
            fb.bad(f"{r.strategy}: the paired interval {shown} excludes zero — the difference is real.",
                   f"{r.strategy}：配對區間 {shown} 不包含零 — 差異是真的。")
        else:
            fb.bad(f"{r.strategy}: the paired interval {shown} contains zero — the difference may be luck, whatever its mean.",
                   f"{r.strategy}：配對區間 {shown} 包含零 — 無論平均值多少，差異都可能只是運氣。")
    winner = v.paired_rows.loc[v.paired_rows["verdict"] == "higher", "strategy"].iloc[0]
    picked = choice(best, "best", OTHERS)
    if picked == winner:
        fb.ok(f"best = {winner}: the only strategy whose whole paired interval lies above zero.",
              f"best = {winner}：唯一一個配對區間完全在零以上的策略。")
    else:
        fb.bad(f"{picked} is not clearly better than the baseline; pick the strategy whose paired interval lies "
               "wholly above zero.", f"{picked} 並不明顯優於基準；請選擇配對區間完全在零以上的策略。")
