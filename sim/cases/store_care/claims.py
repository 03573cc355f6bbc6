"""Case 04's teaching point as claims: the mix keeps more customers and earns more than small favours."""

from sim.ui.claims import Check, Claim

CHECKS = (Check({}, (Claim("store_mix", "retention", "higher"), Claim("store_mix", "profit_total", "higher"))),)
