"""chain_rule: f'(g(x)) * g(x): multiplies by the inner function instead of its derivative."""

# Overrides keep the catalogue's signatures and use names of the solution they are appended to.
# ruff: noqa: D103

CATCHES = "test_chain_rule_random_polynomials"


def chain_rule(f_prime, g_prime, g, x):
    return float(f_prime(g(x)) * g(x))
