"""Case 06's teaching point as claims: a pool contact cycle wins more back, leaves fewer dormant, keeps more."""

from sim.ui.claims import Check, Claim

CHECKS = (Check({}, (Claim("your_pool", "win_back_rate", "higher"), Claim("your_pool", "dormant_end", "lower"),
                     Claim("your_pool", "retention", "higher"))),)
