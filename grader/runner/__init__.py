"""The runner: the only part of dlgrade that touches learner code."""
