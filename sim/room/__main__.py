"""``python -m sim.room``: serve the workshop (see :mod:`sim.room.serve`)."""

import sys

from sim.room.serve import main

sys.exit(main())
