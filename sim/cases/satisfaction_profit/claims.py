"""Case 13's teaching point as claims: 5% more satisfaction earns more profit but does not double it on the
course's margins; where care costs so much that profit is as thin as that extra, it does."""

from sim.cases.satisfaction_profit.controls import THIN_COST
from sim.ui.claims import Check, Claim

CHECKS = (
    Check({}, (Claim("more_satisfied", "profit_total", "higher"),
               Claim("more_satisfied", "profit_total", "not_double")), replications=4),
    Check({"rep_hour_cost": THIN_COST}, (Claim("more_satisfied", "profit_total", "doubles"),), replications=4),
)
