"""What the browser tests share besides fixtures: where screenshots go, how long a page may take."""

from pathlib import Path

ARTIFACTS = Path("out/test-artifacts")

# ms. Opening a Voila page runs its notebook in a new kernel: imports, the first simulation,
# the widgets. That takes seconds on a quiet machine and has taken over 150 s on this shared
# host when it gave each vCPU about a third of a core (and over 120 s for the facilitator's
# page with two team kernels still polling). Only page loads get this allowance; a click's
# answer gets INTERACTION_MS.
PAGE_LOAD_MS = 300_000
INTERACTION_MS = 120_000
