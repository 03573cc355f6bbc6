"""``python -m sim.room``: serve the workshop (see :mod:`sim.room.serve`)."""

import sys

from sim.room.serve import main

if __name__ == "__main__":  # not when a worker process imports this module as its parent's main
    sys.exit(main())
