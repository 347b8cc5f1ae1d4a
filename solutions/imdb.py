"""Classifying movie reviews: binary classification with Keras (Deep Learning with Python, 3.4).

The IMDB dataset: 50,000 movie reviews, half for training and half for testing, each
labelled positive (1) or negative (0). Keras ships them already encoded: every review is a
list of word indices (``load_data(num_words=10000)`` keeps the 10,000 most frequent
words). The book's pipeline::

    (train_data, train_labels), (test_data, test_labels) = load_data(num_words=10000)
    print(decode_review(train_data[0], keras.datasets.imdb.get_word_index()))
    x_train = vectorize_sequences(train_data)           # (25000, 10000) multi-hot
    y_train = np.asarray(train_labels).astype("float32")
    model = compile_model(build_model())
    history = train(model, x_train, y_train)            # 4 epochs, batches of 512
    results = model.evaluate(vectorize_sequences(test_data), test_labels)  # about 0.88

With ``validation_split=0.4`` (the book sets 10,000 of the 25,000 reviews apart),
``history.history`` also holds ``val_loss`` and ``val_accuracy`` per epoch: the
learning curves of section 3.4.4, where the validation loss stops falling after a few
epochs (overfitting).

Memory: in float32 the 25,000 x 10,000 training matrix takes 1 GB; the book's
``np.zeros((len(sequences), dimension))`` makes it float64, 2 GB, and the test matrix as
much again. Use float32.

``load_data`` is provided. The grader trains your model (your ``build_model``,
``compile_model`` and ``train``) on reviews it vectorises itself and measures the test
accuracy itself, in batches.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import keras
import numpy as np
from keras import layers

NUM_WORDS = 10000
INDEX_FROM = 3  # 0 = padding, 1 = start of review, 2 = unknown word; real words from 3 on


def load_data(num_words: int = NUM_WORDS) -> tuple[tuple[np.ndarray, np.ndarray], tuple[np.ndarray, np.ndarray]]:
    """The IMDB reviews as ``keras.datasets.imdb.load_data`` gives them (provided, not graded).

    Keras downloads ``imdb.npz`` (17 MB) once and caches it in ``~/.keras/datasets``;
    without network access and without that file, the error says how to install the
    course's data (``dlgrade data install``).

    Args:
        num_words: keep the ``num_words`` most frequent words; rarer words become the
            unknown-word index 2.

    Returns:
        ``((train_data, train_labels), (test_data, test_labels))``: 25,000 reviews each,
        as NumPy object arrays of lists of int (every list starts with the start index 1,
        then word indices offset by 3), and int labels (1 = positive, 0 = negative).
    """
    from grader.authoring.datasets import explain_missing  # no download possible: say how to install the data

    with explain_missing("imdb.npz"):
        return keras.datasets.imdb.load_data(num_words=num_words)


def decode_review(sequence: Sequence[int], word_index: Mapping[str, int]) -> str:
    """Turn an encoded review back into words (section 3.4.1).

    ``word_index`` maps each word to its index (1 = the most frequent word, "the"). In
    the encoded reviews the indices are offset by 3, because 0, 1 and 2 are reserved for
    "padding", "start of sequence" and "unknown": the word of index ``i`` in a review is
    the word whose ``word_index`` value is ``i - 3``. Indices without a word (0, 1, 2, 3
    and anything past the index) become ``"?"``.

    Args:
        sequence: one encoded review: a list (or 1D int array) of word indices.
        word_index: ``{word: index}``, e.g. ``keras.datasets.imdb.get_word_index()``.
            Not modified.

    Returns:
        The words joined by single spaces (``""`` for an empty review).

    Example:
        >>> decode_review([1, 4, 20, 2, 5], {"the": 1, "movie": 17, "and": 2})
        '? the movie ? and'
    """
    # BEGIN SOLUTION
    # HINT: reverse the index first: {value: key for key, value in word_index.items()};
    # HINT: then reverse_word_index.get(i - 3, "?") for every index i of the review.
    reverse_word_index = {value: key for key, value in word_index.items()}
    return " ".join(reverse_word_index.get(i - INDEX_FROM, "?") for i in sequence)
    # END SOLUTION


def vectorize_sequences(sequences: Sequence[Sequence[int]], dimension: int = NUM_WORDS) -> np.ndarray:
    """Multi-hot encode the reviews (section 3.4.2).

    Row ``i`` of the result has a 1 in every column that is a word index of review ``i``
    and 0 elsewhere: a word that occurs several times still gives 1.

    Args:
        sequences: ``n`` reviews, each a list (or 1D int array) of word indices in
            ``[0, dimension)``; a 2D int array of ``n`` equal-length reviews works too. Not
            modified.
        dimension: the number of columns (the vocabulary size).

    Returns:
        float32 array of shape ``(n, dimension)`` of zeros and ones.

    Example:
        >>> vectorize_sequences([[1, 3, 3], [0]], dimension=5)
        array([[0., 1., 0., 1., 0.],
               [1., 0., 0., 0., 0.]], dtype=float32)
    """
    # BEGIN SOLUTION
    # HINT: np.zeros((len(sequences), dimension), dtype="float32") -- np.zeros alone is float64;
    # HINT: results[i, sequence] = 1.0 sets all of review i's columns at once.
    results = np.zeros((len(sequences), dimension), dtype="float32")
    for i, sequence in enumerate(sequences):
        results[i, sequence] = 1.0
    return results
    # END SOLUTION


def build_model() -> keras.Model:
    """The book's network for IMDB: two small hidden layers and one sigmoid unit (section 3.4.3).

    Returns:
        A ``keras.Sequential`` model, not compiled, starting with
        ``keras.Input(shape=(10000,))``, then ``Dense(16, activation="relu")``,
        ``Dense(16, activation="relu")`` and ``Dense(1, activation="sigmoid")`` (the
        output is the probability that the review is positive): 10000*16 + 16 + 16*16 +
        16 + 16 + 1 = 160,305 parameters.
    """
    # BEGIN SOLUTION
    # HINT: keras.Sequential([keras.Input(shape=(10000,)), layers.Dense(16, activation="relu"), ...])
    return keras.Sequential(
        [
            keras.Input(shape=(NUM_WORDS,)),
            layers.Dense(16, activation="relu"),
            layers.Dense(16, activation="relu"),
            layers.Dense(1, activation="sigmoid"),
        ]
    )
    # END SOLUTION


def compile_model(model: keras.Model) -> keras.Model:
    """Choose the optimizer, the loss and the metric (section 3.4.3).

    Args:
        model: the model from :func:`build_model`.

    Returns:
        The same model, compiled in place with optimizer ``"rmsprop"``, loss
        ``"binary_crossentropy"`` (one sigmoid output, 0/1 targets) and metrics
        ``["accuracy"]``.
    """
    # BEGIN SOLUTION
    # HINT: model.compile(optimizer=..., loss=..., metrics=[...]) returns None: return model.
    model.compile(optimizer="rmsprop", loss="binary_crossentropy", metrics=["accuracy"])
    return model
    # END SOLUTION


def train(  # noqa: PLR0917 - the catalogue's signature
    model: keras.Model,
    x: np.ndarray,
    y: np.ndarray,
    epochs: int = 4,
    batch_size: int = 512,
    validation_split: float | None = None,
) -> keras.callbacks.History:
    """Fit the compiled model (sections 3.4.4-3.4.5).

    Args:
        model: a compiled model (see :func:`compile_model`); trained in place.
        x: float32 multi-hot reviews of shape ``(n, 10000)``, from
            :func:`vectorize_sequences`.
        y: float32 labels of shape ``(n,)`` (1 = positive).
        epochs: passes over the training data (the book's final model: 4).
        batch_size: samples per gradient update (the book: 512).
        validation_split: ``None`` to train on everything; else the fraction of the
            samples (the *last* ones, as Keras takes them) held out to measure
            ``val_loss`` and ``val_accuracy`` after every epoch.

    Returns:
        The ``History`` that ``model.fit`` returns: ``history.history`` holds ``loss``
        and ``accuracy`` per epoch, and ``val_loss`` and ``val_accuracy`` with a
        validation split.
    """
    # BEGIN SOLUTION
    # HINT: one call of model.fit(x, y, epochs=..., batch_size=..., validation_split=...);
    # HINT: model.fit wants a number there: 0.0 means no validation.
    return model.fit(x, y, epochs=epochs, batch_size=batch_size, validation_split=validation_split or 0.0)
    # END SOLUTION
