"""Case 03's teaching point as claims: helping the dealer sell keeps him answering and earns more, and
the remedies (not the manager alone) do it."""

from sim.ui.claims import Check, Claim

CHECKS = (Check({}, (Claim("your_customer_manager", "profit_total", "higher"),
                     Claim("your_customer_manager", "dealer_answer_rate", "higher"),
                     Claim("your_customer_manager", "dealer_answer_rate", "higher", baseline="manager_no_remedies"),
                     Claim("your_customer_manager", "revenue", "higher", baseline="manager_no_remedies"),
                     Claim("your_customer_manager", "profit_total", "higher", baseline="manager_no_remedies")),
                replications=12),)
