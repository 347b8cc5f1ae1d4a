"""Mutant of decode_review: realistic and wrong, must fail test_decode_review_reserved_indices.

The TensorFlow tutorial's decoding: shifts the index by 3 and names the reserved indices
<PAD>, <START>, <UNK>, <UNUSED> instead of the book's "?".
"""

CATCHES = "test_decode_review_reserved_indices"


def decode_review(sequence, word_index):
    """Wrong on purpose: see the module docstring."""
    shifted = {word: value + 3 for word, value in word_index.items()}
    shifted["<PAD>"] = 0
    shifted["<START>"] = 1
    shifted["<UNK>"] = 2
    shifted["<UNUSED>"] = 3
    reverse_word_index = {value: key for key, value in shifted.items()}
    return " ".join(reverse_word_index.get(i, "?") for i in sequence)
