"""The labels of this case: it uses only the shared words (:mod:`sim.words`) and the model's vocabulary."""

LABELS: dict[str, dict[str, str]] = {"en": {}, "zh": {}}
