"""Case 07's teaching point as claims: care by value earns more; indulging every wish costs more, keeps
fewer and leaves less; the top 20% and the whole book's shares of potential profit lie in the course's ranges."""

from sim.ui.claims import Check, Claim

CHECKS = (Check({}, (Claim("value_based", "profit_total", "higher"),
                     Claim("your_value_based", "care_cost", "higher", baseline="value_based"),
                     Claim("your_value_based", "retention", "lower", baseline="value_based"),
                     Claim("your_value_based", "lifetime_value", "lower", baseline="value_based"),
                     Claim("value_based", "top20_share", "within", low=0.65, high=0.95),
                     Claim("value_based", "total_share", "within", low=0.15, high=0.8))),)
