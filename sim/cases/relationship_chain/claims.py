"""Case 12's teaching point as claims: your chain earns more, keeps a book worth more and happier reps;
value past the point it pays and segments without profitability (every account contacted alike) lower the profit.

The software variant is shown, not tested: the model gives a system no effect on what reps do, so
any claim about it would hold by construction.
"""

from sim.ui.claims import Check, Claim

CHECKS = (Check({}, (
    Claim("your_chain", "profit_total", "higher"), Claim("your_chain", "customer_equity", "higher"),
    Claim("your_chain", "rep_satisfaction", "higher"),
    Claim("too_much_value", "profit_total", "lower", baseline="your_chain"),
    Claim("chain_no_segments", "profit_total", "lower", baseline="your_chain"))),)
