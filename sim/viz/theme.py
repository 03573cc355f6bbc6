"""One look for every chart: fonts (CJK-capable), sizes and colours per strategy, stage, tier, cause.

Chart builders return unconfigured charts (so they can be layered and concatenated);
:func:`apply` adds the configuration to a top-level chart, and :func:`enable`
makes it altair's default theme for a notebook session.
"""

from __future__ import annotations

import altair as alt

from sim.vocab import CAUSES, STAGES, TIERS

__all__ = ["FONT", "WIDTH", "HEIGHT", "CONFIG", "apply", "enable", "strategy_colour", "colours"]

#: Chinese labels need a CJK face: Noto Sans CJK SC (Debian's fonts-noto-cjk, installed by
#: scripts/install_browser.sh) first, which PNG/SVG export uses; browsers fall back along the list.
FONT = ("Noto Sans CJK SC, Noto Sans CJK TC, Source Han Sans, PingFang TC, Microsoft JhengHei, "
        "Microsoft YaHei, Helvetica Neue, Arial, sans-serif")
WIDTH, HEIGHT = 420, 240
SMALL_WIDTH, SMALL_HEIGHT = 220, 140

STRATEGY_COLOURS = {
    "no_care": "#9e9e9e", "quota_push": "#d62728", "most_favoured": "#ff7f0e",
    "routine_care": "#8c564b", "value_based": "#1f77b4", "customer_manager": "#2ca02c",
    "tier_ladder": "#9467bd", "public_pool": "#17becf", "timely_help": "#e377c2",
}
#: for strategies defined in scenarios or code
EXTRA_COLOURS = ("#bcbd22", "#393b79", "#637939", "#8c6d31", "#843c39", "#7b4173", "#3182bd", "#e6550d")

STAGE_COLOURS = dict(zip(STAGES, ("#c6dbef", "#6baed6", "#2171b5", "#31a354", "#fdae6b", "#bdbdbd")))
TIER_COLOURS = dict(zip(TIERS, ("#d9d9d9", "#9ecae1", "#4292c6", "#08519c")))
CAUSE_COLOURS = dict(zip(CAUSES, ("#fdae6b", "#d62728", "#9467bd", "#8c564b", "#17becf")))

CONFIG = {
    "font": FONT,
    "view": {"continuousWidth": WIDTH, "continuousHeight": HEIGHT, "stroke": None},
    "axis": {"labelFontSize": 11, "titleFontSize": 12, "gridColor": "#eeeeee"},
    "legend": {"labelFontSize": 11, "titleFontSize": 12, "labelLimit": 260},
    "header": {"labelFontSize": 12, "titleFontSize": 12},
    "title": {"fontSize": 14, "anchor": "start", "subtitleFontSize": 11, "subtitleColor": "#666666"},
}


def strategy_colour(name: str, others: list[str] | None = None) -> str:
    """The colour of a strategy; strategies without one take the next spare colour among ``others``."""
    if name in STRATEGY_COLOURS:
        return STRATEGY_COLOURS[name]
    spare = [s for s in (others or [name]) if s not in STRATEGY_COLOURS]
    i = spare.index(name) if name in spare else len(spare)
    return EXTRA_COLOURS[i % len(EXTRA_COLOURS)]


def colours(names: list[str], kind: str = "strategy") -> list[str]:
    """Colours for ``names`` of a ``kind``: 'strategy', 'stage', 'tier' or 'cause'."""
    if kind == "strategy":
        return [strategy_colour(n, names) for n in names]
    table = {"stage": STAGE_COLOURS, "tier": TIER_COLOURS, "cause": CAUSE_COLOURS}[kind]
    return [table.get(n, "#999999") for n in names]


def apply(chart: alt.TopLevelMixin) -> alt.TopLevelMixin:
    """Return ``chart`` with the CRM Dojo configuration (call on the top-level chart only)."""
    c = CONFIG
    return (chart.configure(font=c["font"]).configure_view(**c["view"]).configure_axis(**c["axis"])
            .configure_legend(**c["legend"]).configure_header(**c["header"]).configure_title(**c["title"]))


def enable() -> None:
    """Make this look altair's default theme (for notebooks)."""

    @alt.theme.register("crm_dojo", enable=True)
    def _theme() -> alt.theme.ThemeConfig:
        return {"config": CONFIG}
