"""Case 00's teaching point as claims: routine care keeps more customers and a book worth more."""

from sim.ui.claims import Check, Claim

CHECKS = (Check({"strategy": "routine_care"}, (
    Claim("routine_care", "retention", "higher"), Claim("routine_care", "customer_equity", "higher"),
    Claim("routine_care", "lifetime_value", "higher")), replications=6),)
