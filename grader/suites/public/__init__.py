"""Public checks: the learner's local feedback (shipped with the package)."""
