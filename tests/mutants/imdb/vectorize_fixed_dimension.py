"""Mutant of vectorize_sequences: realistic and wrong, must fail test_vectorize_sequences_dimension.

Hard-codes the 10,000 columns and ignores the dimension argument.
"""

import numpy as np

CATCHES = "test_vectorize_sequences_dimension"


def vectorize_sequences(sequences, dimension=10000):
    """Wrong on purpose: see the module docstring."""
    results = np.zeros((len(sequences), 10000), dtype="float32")
    for i, sequence in enumerate(sequences):
        results[i, sequence] = 1.0
    return results
