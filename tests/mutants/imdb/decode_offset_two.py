"""Mutant of decode_review: realistic and wrong, must fail test_decode_review_reviews.

Counts only two reserved indices (padding and start) and subtracts 2 instead of 3.
"""

CATCHES = "test_decode_review_reviews"


def decode_review(sequence, word_index):
    """Wrong on purpose: see the module docstring."""
    reverse_word_index = {value: key for key, value in word_index.items()}
    return " ".join(reverse_word_index.get(i - 2, "?") for i in sequence)
