"""Case 01's teaching point as claims: more service value or less time cost keeps and earns more; a
price cut keeps customers but gives away margin."""

from sim.ui.claims import Check, Claim

CHECKS = (
    Check({"offer_service": 25.0}, (Claim("your_offer", "retention", "higher"),
                                    Claim("your_offer", "profit_total", "higher"))),
    Check({"offer_service": 15.0, "offer_time": 2.0}, (Claim("your_offer", "retention", "higher"),
                                                        Claim("your_offer", "profit_total", "higher"))),
    Check({"offer_service": 15.0, "price_cut_pct": 10.0}, (Claim("your_offer", "retention", "higher"),
                                                            Claim("your_offer", "profit_total", "lower"))),
)
