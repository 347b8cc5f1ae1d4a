"""Mutant of vectorize_sequences: realistic and wrong, must fail test_vectorize_sequences_reviews.

The book's code as printed: np.zeros without a dtype is float64 (2 GB for the 25,000
training reviews instead of 1 GB).
"""

import numpy as np

CATCHES = "test_vectorize_sequences_reviews"


def vectorize_sequences(sequences, dimension=10000):
    """Wrong on purpose: see the module docstring."""
    results = np.zeros((len(sequences), dimension))
    for i, sequence in enumerate(sequences):
        results[i, sequence] = 1.0
    return results
