"""Valid variant: functional API, separate Activation layers, objects instead of strings.

* decode_review: an explicit loop over the review, the reverse index built with zip.
* vectorize_sequences: no Python loop: row numbers repeated by review length, one fancy
  assignment (np.concatenate of the reviews).
* build_model: the functional API, Dense layers without activation followed by Activation
  layers.
* compile_model: keras.optimizers.RMSprop(), keras.losses.BinaryCrossentropy() and
  keras.metrics.BinaryAccuracy() objects (the History then says binary_accuracy).
* train: model.fit with a dict of settings, validation_split only when there is one,
  one line per epoch (verbose=2).
"""

import keras
import numpy as np
from keras import layers


def decode_review(sequence, word_index):
    reverse_word_index = dict(zip(word_index.values(), word_index.keys()))
    words = []
    for index in sequence:
        words.append(reverse_word_index.get(int(index) - 3, "?"))
    return " ".join(words)


def vectorize_sequences(sequences, dimension=10000):
    lengths = [len(s) for s in sequences]
    results = np.zeros((len(sequences), dimension), dtype=np.float32)
    if sum(lengths):
        rows = np.repeat(np.arange(len(sequences)), lengths)
        columns = np.concatenate([np.asarray(s, dtype=np.int64).reshape(-1) for s in sequences])
        results[rows, columns] = 1.0
    return results


def build_model():
    inputs = keras.Input(shape=(10000,))
    x = layers.Dense(16)(inputs)
    x = layers.Activation("relu")(x)
    x = layers.Dense(16)(x)
    x = layers.Activation("relu")(x)
    x = layers.Dense(1)(x)
    outputs = layers.Activation("sigmoid")(x)
    return keras.Model(inputs, outputs)


def compile_model(model):
    model.compile(
        optimizer=keras.optimizers.RMSprop(learning_rate=0.001),
        loss=keras.losses.BinaryCrossentropy(),
        metrics=[keras.metrics.BinaryAccuracy()],
    )
    return model


def train(model, x, y, epochs=4, batch_size=512, validation_split=None):
    settings = {"epochs": epochs, "batch_size": batch_size, "verbose": 2}
    if validation_split:
        settings["validation_split"] = validation_split
    history = model.fit(x, y, **settings)
    return history
