"""Valid variant: the book's own validation set (3.4.4) and word-by-word loops.

* decode_review: a list comprehension over the reverse index, with "?" for missing words
  written as a conditional expression.
* vectorize_sequences: sets every word of every review with a double loop, float32 result.
* train: sets the validation samples apart by hand as the book does (the *first* ones,
  where Keras's validation_split takes the last) and passes validation_data; silent
  (verbose=0); passes validation_split=None straight through when there is none.
"""

import numpy as np


def decode_review(sequence, word_index):
    reverse_word_index = {index: word for word, index in word_index.items()}
    return " ".join([reverse_word_index[i - 3] if (i - 3) in reverse_word_index else "?" for i in sequence])


def vectorize_sequences(sequences, dimension=10000):
    results = np.zeros((len(sequences), dimension), dtype="float32")
    for i, sequence in enumerate(sequences):
        for j in sequence:
            results[i, j] = 1.0
    return results


def train(model, x, y, epochs=4, batch_size=512, validation_split=None):
    if not validation_split:
        return model.fit(x, y, epochs=epochs, batch_size=batch_size, validation_split=validation_split, verbose=0)
    n_val = int(len(x) * validation_split)
    x_val, partial_x_train = x[:n_val], x[n_val:]
    y_val, partial_y_train = y[:n_val], y[n_val:]
    return model.fit(
        partial_x_train,
        partial_y_train,
        epochs=epochs,
        batch_size=batch_size,
        validation_data=(x_val, y_val),
        verbose=0,
    )
