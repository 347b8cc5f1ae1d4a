"""Mutant of vectorize_sequences: realistic and wrong, must fail test_vectorize_sequences_repeated_indices.

Counts the words (a bag of words) instead of marking them: a word seen three times gives 3.
"""

import numpy as np

CATCHES = "test_vectorize_sequences_repeated_indices"


def vectorize_sequences(sequences, dimension=10000):
    """Wrong on purpose: see the module docstring."""
    results = np.zeros((len(sequences), dimension), dtype="float32")
    for i, sequence in enumerate(sequences):
        for j in sequence:
            results[i, j] += 1.0
    return results
