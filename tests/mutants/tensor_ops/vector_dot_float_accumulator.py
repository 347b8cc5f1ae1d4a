"""The book's z = 0.: int64 inputs are summed in float64 and lose digits."""
CATCHES = "test_naive_vector_dot_integers"


def naive_vector_dot(x, y):
    if x.ndim != 1 or y.ndim != 1 or x.shape[0] != y.shape[0]:
        raise ValueError(f"x and y must be 1D of the same length, got {x.shape} and {y.shape}")
    z = 0.
    for i in range(x.shape[0]):
        z += x[i] * y[i]
    return z
