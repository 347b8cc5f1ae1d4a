"""Mutant of vectorize_sequences: realistic and wrong, must fail test_vectorize_sequences_leaves_input_unchanged.

Maps indices past the vocabulary to the unknown word 2, as Keras does, but writes into the
review itself when it is an array (a row of the caller's 2D array).
"""

import numpy as np

CATCHES = "test_vectorize_sequences_leaves_input_unchanged"


def vectorize_sequences(sequences, dimension=10000):
    """Wrong on purpose: see the module docstring."""
    results = np.zeros((len(sequences), dimension), dtype="float32")
    for i, sequence in enumerate(sequences):
        sequence = np.asarray(sequence, dtype=np.int64) if not isinstance(sequence, np.ndarray) else sequence
        sequence[sequence >= dimension] = 2
        results[i, sequence] = 1.0
    return results
