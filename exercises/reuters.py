"""Classifying newswires: multi-class classification with Keras (Deep Learning with Python, 3.5).

The Reuters dataset: 11,228 short newswires (8,982 for training, 2,246 for testing), each
filed under one of 46 mutually exclusive topics. Like IMDB, Keras ships them encoded as
lists of word indices (``load_data(num_words=10000)`` keeps the 10,000 most frequent
words), so the network again reads multi-hot vectors of 10,000 floats (``imdb``'s
``vectorize_sequences``). The book's pipeline::

    (train_data, train_labels), (test_data, test_labels) = load_data(num_words=10000)
    x_train = vectorize_sequences(train_data)            # (8982, 10000) multi-hot
    y_train = keras.utils.to_categorical(train_labels)   # (8982, 46) one-hot
    model = compile_model(build_model())
    model.fit(x_train, y_train, epochs=9, batch_size=512)
    results = model.evaluate(vectorize_sequences(test_data),
                             keras.utils.to_categorical(test_labels))   # about 0.78

With 46 classes, the hidden layers have 64 units, not IMDB's 16: a layer narrower than
the number of classes is an information bottleneck (the book's 4-unit experiment drops to
about 71 %). The labels can also stay integers: ``compile_model(model, sparse=True)``
compiles with ``sparse_categorical_crossentropy``, the same loss for integer targets.

Grading: **only the architecture and the compile settings are graded.** The Reuters data
is not available offline (``keras.datasets.reuters.load_data`` has to download it), so the
grader does not train your network and does not check its accuracy.
"""

from __future__ import annotations

import keras
import numpy as np
from keras import layers

NUM_WORDS = 10000
NUM_CLASSES = 46


def load_data(num_words: int = NUM_WORDS) -> tuple[tuple[np.ndarray, np.ndarray], tuple[np.ndarray, np.ndarray]]:
    """The Reuters newswires as ``keras.datasets.reuters.load_data`` gives them (provided, not graded).

    Keras downloads ``reuters.npz`` (2 MB) once and caches it in ``~/.keras/datasets``;
    without network access and without that file, the error says how to install the
    course's data (``dlgrade data install``).

    Args:
        num_words: keep the ``num_words`` most frequent words; rarer words become the
            unknown-word index 2.

    Returns:
        ``((train_data, train_labels), (test_data, test_labels))``: 8,982 and 2,246
        newswires as NumPy object arrays of lists of int (word indices offset by 3), and
        int labels 0-45 (the topic).
    """
    from grader.authoring.datasets import explain_missing  # no download possible: say how to install the data

    with explain_missing("reuters.npz"):
        return keras.datasets.reuters.load_data(num_words=num_words)


def build_model(num_classes: int = NUM_CLASSES) -> keras.Model:
    """The book's network for Reuters: two 64-unit hidden layers and a softmax (section 3.5.3).

    Args:
        num_classes: number of topics, the size of the output layer (46 for Reuters).

    Returns:
        A ``keras.Sequential`` model, not compiled, starting with
        ``keras.Input(shape=(10000,))``, then ``Dense(64, activation="relu")``,
        ``Dense(64, activation="relu")`` and ``Dense(num_classes, activation="softmax")``
        (one probability per topic, summing to 1). For 46 classes:
        10000*64 + 64 + 64*64 + 64 + 64*46 + 46 = 647,214 parameters.

    Example:
        >>> model = build_model(num_classes=3)
        >>> [(layer.units, layer.activation.__name__) for layer in model.layers]
        [(64, 'relu'), (64, 'relu'), (3, 'softmax')]
        >>> model.count_params()  # 640,064 + 4,160 + 64*3 + 3
        644419
    """
    # HINT: like imdb's network, with 64 units per hidden layer and num_classes softmax outputs.
    raise NotImplementedError("build_model: write your code here, then run pytest")


def compile_model(model: keras.Model, sparse: bool = False) -> keras.Model:
    """Choose the optimizer, the loss and the metric (section 3.5.3; integer labels: 3.5.6).

    Args:
        model: the model from :func:`build_model`.
        sparse: ``False`` for one-hot targets of shape ``(n, num_classes)``
            (``keras.utils.to_categorical``); ``True`` for integer targets of shape ``(n,)``.

    Returns:
        The same model, compiled in place with optimizer ``"rmsprop"``, loss
        ``"categorical_crossentropy"`` (or ``"sparse_categorical_crossentropy"`` when
        ``sparse`` is true) and metrics ``["accuracy"]``.
    """
    # HINT: pick the loss name from sparse, then model.compile(...); compile returns None: return model.
    raise NotImplementedError("compile_model: write your code here, then run pytest")
