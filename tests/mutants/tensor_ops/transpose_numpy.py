"""Returns x.T (copied)."""
CATCHES = "test_naive_transpose_integrity"


def naive_transpose(x):
    if x.ndim != 2:
        raise ValueError(f"x must be 2D, got shape {x.shape}")
    return x.T.copy()
