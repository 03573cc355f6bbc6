"""Exercise 7 — write your own strategy that beats value-based care on the same seeds.

A strategy is either parameters on top of a built-in (a dict or YAML text with ``extends`` and
``params``, as under ``custom_strategies:`` in a scenario) or a small Python class (a
``sim.Strategy`` subclass whose ``plan(view)`` returns a ``sim.Plan``). It passes when its
profit is clearly higher than value-based segmentation's: the paired 95% interval of the
difference, over the same customers and the same luck, lies above zero.
"""

from __future__ import annotations

import yaml

import sim
from sim.exercises._answers import AnswerError, checker, mapping
from sim.exercises._common import SMALL, compare, interval, make_variant, paired_row, redraw
from sim.exercises.feedback import tr
from sim.exercises.hints import hint_from
from sim.experiment import ExperimentError
from sim.scenario import ScenarioError, deep_merge
from sim.strategies import BUILTINS

EXERCISE = 7
TITLE = tr("Exercise 7: your own strategy", "練習 7：你自己的策略")
BASELINE = "value_based"
REPLICATIONS = 4
#: how much lower retention may be (in share points) before "starving the book" fails the check
RETENTION_SLACK = 0.05
HINTS = (
    ("Value-based care already segments. What does it not do? Think of the customer manager, timely help in a "
     "crisis and the public pool.", "按價值分級已經做了分級。它沒有做什麼？想想客戶經理、雪中送炭（危機中及時援手）和公海客戶。"),
    ("Start from a built-in and change a few parameters: {'extends': 'customer_manager', 'params': {...}}. "
     "The parameters are in sim/scenario_strategies.py (StrategyParams).",
     "從一個內建策略出發，改幾個參數：{'extends': 'customer_manager', 'params': {...}}。參數見 sim/scenario_strategies.py（StrategyParams）。"),
    ("Try {'extends': 'customer_manager', 'params': {'pool_cycle_weeks': 4, 'stage_weight': {'dormant': 1.5}}}: "
     "consultative care plus a contact cycle for the public pool.",
     "試試 {'extends': 'customer_manager', 'params': {'pool_cycle_weeks': 4, 'stage_weight': {'dormant': 1.5}}}：顧問式關懷加上公海聯絡週期。"),
)


def _draw(rng) -> dict:
    return {"seed": int(rng.integers(1, 10_000)), "replications": REPLICATIONS, "baseline": BASELINE}


def variant(who):
    """Trainee ``who``'s seeds (the same customers and luck for your strategy and the baseline)."""
    return make_variant(EXERCISE, who, _draw, shown=("seed", "replications", "baseline"))


def hint(n=1):
    return hint_from(HINTS, n)


def _read(strategy):
    """A custom-strategy spec (dict) or a Strategy object, from whatever the trainee gave."""
    if isinstance(strategy, type) and issubclass(strategy, sim.Strategy):
        raise AnswerError(tr(f"You gave the class {strategy.__name__}; give an object: {strategy.__name__}().",
                             f"你給的是類別 {strategy.__name__}；請給一個物件：{strategy.__name__}()。"))
    if isinstance(strategy, sim.Strategy):
        return strategy
    if isinstance(strategy, str):
        if strategy.strip() in BUILTINS:
            raise AnswerError(tr(f"'{strategy.strip()}' is a built-in: write your own — {{'extends': '{strategy.strip()}', "
                                 "'params': {...}}.", f"「{strategy.strip()}」是內建策略：請寫你自己的 — "
                                 f"{{'extends': '{strategy.strip()}', 'params': {{...}}}}。"))
        try:
            strategy = yaml.safe_load(strategy)
        except yaml.YAMLError as exc:
            raise AnswerError(tr(f"Your YAML text cannot be read: {getattr(exc, 'problem', exc)}.",
                                 f"你的 YAML 文字無法讀取：{getattr(exc, 'problem', exc)}。")) from None
    spec = mapping(strategy, "my_strategy", ("extends", "params"), ("label",))
    if not isinstance(spec["params"], dict) or not spec["params"]:
        raise AnswerError(tr("my_strategy['params'] should be a non-empty dict of parameters.",
                             "my_strategy['params'] 應該是非空的參數字典。"))
    return spec


@checker(TITLE)
def check(v, my_strategy=None, *, fb):
    """Compare ``my_strategy`` with value-based care on the trainee's seeds; pass on a clearly higher profit."""
    v = redraw(v, EXERCISE, variant)
    s = _read(my_strategy)
    try:
        if isinstance(s, sim.Strategy):
            sc = sim.load_scenario("workshop", overrides=SMALL)
            comp = sim.compare(sc, [BASELINE, s], replications=REPLICATIONS, seed=v.seed, progress=False)
            name = s.name
        else:
            over = deep_merge(SMALL, {"custom_strategies": {"my_strategy": s}})
            comp = compare("workshop", over, [BASELINE, "my_strategy"], BASELINE, REPLICATIONS, v.seed)
            name = "my_strategy"
    except (ScenarioError, ExperimentError) as exc:
        raise AnswerError(tr(f"Your strategy cannot run: {exc}", f"你的策略無法執行：{exc}")) from None
    if name == BASELINE:
        raise AnswerError(tr("Give your strategy its own name (not value_based).", "請給你的策略取一個自己的名字（不要叫 value_based）。"))
    row = paired_row(comp, name)
    ret = paired_row(comp, name, "retention")
    fb.info(f"Retention vs value-based: {interval(ret)}.", f"與按價值分級相比的留存率：{interval(ret)}。")
    if ret["high"] < -RETENTION_SLACK:
        fb.bad(f"Retention is clearly more than {RETENTION_SLACK:.0%} points lower: a strategy that starves the book shows a profit this year and loses the "
               "customers that carry next year's (judge customers over their lifetime).",
               f"留存率明顯降低超過 {RETENTION_SLACK:.0%} 個百分點：餓著客戶群的策略今年顯得有利潤，卻失去了明年利潤所靠的客戶（要按客戶的整個生命週期來衡量）。")
    if row["verdict"] == "higher":
        fb.ok(f"Profit vs value-based, paired over {REPLICATIONS} runs on the same seeds: {interval(row)} — the "
              "interval lies above zero: a real improvement, not a lucky run.",
              f"與按價值分級相比的利潤（相同種子，{REPLICATIONS} 次配對）：{interval(row)} — 區間在零以上：是真正的改進，不是運氣。")
    elif row["verdict"] == "lower":
        fb.bad(f"Profit vs value-based: {interval(row)} — clearly lower. Segmentation alone already beats this; add "
               "what value-based care lacks.", f"與按價值分級相比的利潤：{interval(row)} — 明顯更低。請加上按價值分級所缺少的東西。")
    else:
        fb.bad(f"Profit vs value-based: {interval(row)} — the interval contains zero, so the difference may be luck.",
               f"與按價值分級相比的利潤：{interval(row)} — 區間包含零，差異可能只是運氣。")
