"""chain_rule: f'(x) * g'(x): evaluates the outer derivative at x instead of at g(x)."""

# Overrides keep the catalogue's signatures and use names of the solution they are appended to.
# ruff: noqa: D103

CATCHES = "test_chain_rule_analytic"


def chain_rule(f_prime, g_prime, g, x):
    return float(f_prime(x) * g_prime(x))
