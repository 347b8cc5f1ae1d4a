"""Mutant of decode_review: realistic and wrong, must fail test_decode_review_reserved_indices.

Special-cases 0, 1 and 2 but indexes the reverse index directly otherwise: index 3 and
indices past the word index raise KeyError instead of giving "?".
"""

CATCHES = "test_decode_review_reserved_indices"


def decode_review(sequence, word_index):
    """Wrong on purpose: see the module docstring."""
    reverse_word_index = {value: key for key, value in word_index.items()}
    return " ".join("?" if i < 3 else reverse_word_index[i - 3] for i in sequence)
