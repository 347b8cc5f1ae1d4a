"""sigmoid'(x) as exp(-x) / (1 + exp(-x))**2 with a guard for nan: exp still overflows with a warning."""

CATCHES = "test_sigmoid_derivative_no_overflow_warning"


def sigmoid_derivative(x):
    e = np.exp(-x)
    out = np.nan_to_num(e / (1.0 + e) ** 2)
    return out.astype(x.dtype)
