"""Case 05's teaching point as claims: the quota pusher qualifies more, the customer manager keeps more and
ends with a book worth more; intermediaries turn more targets into opportunities."""

from sim.ui.claims import Check, Claim

CHECKS = (Check({}, (Claim("customer_manager", "qualified", "lower"),
                     Claim("customer_manager", "retention", "higher"),
                     Claim("customer_manager", "customer_equity", "higher"),
                     Claim("customer_manager", "opportunities", "higher", baseline="without_intermediaries"))),)
