"""Mutant of decode_review: realistic and wrong, must fail test_decode_review_reviews.

Forgets the offset of 3: looks every index up as it is, so each word comes out as the word
three ranks further down the index ("the" reads as "of", ...).
"""

CATCHES = "test_decode_review_reviews"


def decode_review(sequence, word_index):
    """Wrong on purpose: see the module docstring."""
    reverse_word_index = {value: key for key, value in word_index.items()}
    return " ".join(reverse_word_index.get(i, "?") for i in sequence)
