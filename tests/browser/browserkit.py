"""What the browser tests share besides fixtures: where screenshots go."""

from pathlib import Path

ARTIFACTS = Path("out/test-artifacts")
