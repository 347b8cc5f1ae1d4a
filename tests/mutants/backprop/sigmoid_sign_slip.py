"""sigmoid: 1 / (1 + exp(x)), the sign slip that gives sigmoid(-x)."""
CATCHES = "test_sigmoid_matches_keras"

import numpy as np


def sigmoid(x):
    x = np.asarray(x)
    z = np.exp(-np.abs(x))
    return np.where(x >= 0, z / (1 + z), 1 / (1 + z))
