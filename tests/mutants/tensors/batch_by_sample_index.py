"""Slices x[n:n + batch_size]: treats n as a sample index, not a batch index."""
CATCHES = "test_get_batch_values"


def get_batch(x, n, batch_size=128):
    if n < 0 or n * batch_size >= len(x):
        raise IndexError(f"batch {n} out of range")
    return x[n : n + batch_size]
