"""The textbook sigmoid 1 / (1 + exp(-x)): right values, but exp overflows (a warning) for x = -1000."""

CATCHES = "test_sigmoid_no_overflow_warning"


def sigmoid(x):
    return (1.0 / (1.0 + np.exp(-x))).astype(x.dtype)
