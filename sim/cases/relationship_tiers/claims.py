"""Case 02's teaching point as claims: regular care makes more friends and confidants, aiming at the next
tier more still, and faster fading fewer.

The ladder's gain is a few friends per 100 (+2 [1.2, 2.8] at 12 replications; at 4 its interval can reach
zero), so its claims are checked on :data:`LADDER_REPLICATIONS` replications of their own.
"""

from sim.ui.claims import Check, Claim

LADDER_REPLICATIONS = 12

CHECKS = (
    Check({}, (Claim("your_care", "friends_per_100", "higher"),
               Claim("your_care", "confidants_per_100", "higher"),
               Claim("your_care_faster_fade", "friends_per_100", "lower", baseline="your_care"),
               Claim("your_care_faster_fade", "confidants_per_100", "lower", baseline="your_care"))),
    Check({}, (Claim("your_care", "friends_per_100", "higher", baseline="your_care_no_ladder"),
               Claim("your_care", "acquaintances_per_100", "higher", baseline="your_care_no_ladder")),
          replications=LADDER_REPLICATIONS),
)
