"""sigmoid_derivative: x * (1 - x), as if x were already sigmoid(x) (the derivative at the output)."""

# Overrides keep the catalogue's signatures and use names of the solution they are appended to.
# ruff: noqa: D103

CATCHES = "test_sigmoid_derivative_matches_gradient_tape"
CALLERS = ("dense_backward",)  # one bug, one deduction: these keep full marks


def sigmoid_derivative(x):
    return x * (1 - x)
