"""dlgrade: auto-graded exercises for *Deep Learning with Python*, chapters 2–3."""
