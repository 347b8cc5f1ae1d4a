"""Plain slicing: empty batches past the end, wrapped-around slices for n < 0."""
CATCHES = "test_get_batch_out_of_range"


def get_batch(x, n, batch_size=128):
    return x[n * batch_size : (n + 1) * batch_size]
