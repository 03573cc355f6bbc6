"""Case 08's teaching point as claims: paired differences are sharper than unpaired ones."""

from sim.ui.claims import Check, Claim

CHECKS = (Check({}, (Claim("value_based", "profit_total", "narrower"),
                     Claim("value_based", "customer_equity", "narrower"),
                     Claim("value_based", "revenue", "narrower"))),)
