"""Your first neural network: MNIST digits with Keras (Deep Learning with Python, 2.1).

The book's first example in five steps: load the 60,000 training and 10,000 test
digits, reshape and rescale them for a Dense network, stack two Dense layers,
compile the model (optimizer, loss, metric) and fit it to the training data::

    (train_images, train_labels), (test_images, test_labels) = load_data()
    x_train, y_train = preprocess(train_images, train_labels)
    model = compile_model(build_model())
    history = train(model, x_train, y_train)        # 5 epochs, batches of 128
    x_test, y_test = preprocess(test_images, test_labels)
    test_loss, test_acc = model.evaluate(x_test, y_test)   # about 0.978

``load_data`` is provided. The grader trains your model (your ``build_model``,
``compile_model`` and ``train``) on the 60,000 training digits and measures its
accuracy on the 10,000 test digits itself.
"""

from __future__ import annotations

import keras
import numpy as np
from keras import layers

NUM_CLASSES = 10
IMAGE_PIXELS = 28 * 28


def load_data() -> tuple[tuple[np.ndarray, np.ndarray], tuple[np.ndarray, np.ndarray]]:
    """MNIST as ``keras.datasets.mnist.load_data()`` returns it (provided, not graded).

    Reads the original IDX files with dlgrade's own loader (``grader.authoring.data.load_mnist``)
    from the folder named by the ``DLGRADE_DATA`` environment variable (its ``mnist/``
    sub-folder), or from where ``dlgrade data install`` put them; otherwise calls
    ``keras.datasets.mnist.load_data()``, which downloads the data once — where it cannot,
    the error says how to install the course's data. (Reading IDX files yourself is
    ``tensors.load_idx``.)

    Returns:
        ``((train_images, train_labels), (test_images, test_labels))``: uint8
        images of shape ``(60000, 28, 28)`` and ``(10000, 28, 28)`` with values in
        [0, 255], and uint8 labels 0-9 of shape ``(60000,)`` and ``(10000,)``.
    """
    try:
        from grader.authoring.data import DataNotConfigured, load_mnist
        from grader.authoring.datasets import explain_missing
    except ImportError:  # dlgrade is not installed: Keras's own loader
        return keras.datasets.mnist.load_data()
    try:
        return load_mnist()
    except DataNotConfigured:
        with explain_missing("mnist.npz"):  # no download possible: say how to install the data
            return keras.datasets.mnist.load_data()


def preprocess(images: np.ndarray, labels: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Prepare digits and labels for the Dense network (section 2.1).

    The network eats flat vectors of floats in [0, 1] and, with the
    ``categorical_crossentropy`` loss, one-hot targets.

    Args:
        images: uint8 array of shape ``(n, 28, 28)``, values in [0, 255]. Not modified.
        labels: integer array of shape ``(n,)``, values 0-9. Not modified.

    Returns:
        ``(x, y)``: ``x`` float32 of shape ``(n, 784)`` (each image flattened row by
        row, divided by 255), ``y`` float32 of shape ``(n, 10)`` with ``y[i, labels[i]] = 1``
        and zeros elsewhere.

    Example:
        >>> images = np.zeros((2, 28, 28), dtype=np.uint8)
        >>> images[0, 0, 1] = 255
        >>> x, y = preprocess(images, np.array([3, 0]))
        >>> x.shape, x.dtype.name, float(x[0, 1]), y.dtype.name, y[0].tolist()
        ((2, 784), 'float32', 1.0, 'float32', [0.0, 0.0, 0.0, 1.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0])
    """
    # BEGIN SOLUTION
    # HINT: images.reshape((len(images), 28 * 28)), then .astype("float32") / 255.
    # HINT: keras.utils.to_categorical gives float64 in Keras 3: add .astype("float32").
    x = images.reshape((len(images), IMAGE_PIXELS)).astype("float32") / 255
    y = keras.utils.to_categorical(labels, NUM_CLASSES).astype("float32")
    return x, y
    # END SOLUTION


def build_model() -> keras.Model:
    """The book's network: two Dense layers (section 2.1).

    Returns:
        A ``keras.Sequential`` model, not compiled, starting with
        ``keras.Input(shape=(784,))`` (so that it is built and can count its
        parameters), then ``Dense(512, activation="relu")`` and
        ``Dense(10, activation="softmax")``: 784*512 + 512 + 512*10 + 10 = 407,050
        parameters.
    """
    # BEGIN SOLUTION
    # HINT: keras.Sequential([keras.Input(shape=(28 * 28,)), layers.Dense(...), layers.Dense(...)])
    return keras.Sequential(
        [
            keras.Input(shape=(IMAGE_PIXELS,)),
            layers.Dense(512, activation="relu"),
            layers.Dense(NUM_CLASSES, activation="softmax"),
        ]
    )
    # END SOLUTION


def compile_model(model: keras.Model) -> keras.Model:
    """Choose the optimizer, the loss and the metric to watch (section 2.1).

    Args:
        model: the model from :func:`build_model`.

    Returns:
        The same model, compiled in place with optimizer ``"rmsprop"``, loss
        ``"categorical_crossentropy"`` and metrics ``["accuracy"]``.
    """
    # BEGIN SOLUTION
    # HINT: model.compile(optimizer=..., loss=..., metrics=[...]) returns None: return model.
    model.compile(optimizer="rmsprop", loss="categorical_crossentropy", metrics=["accuracy"])
    return model
    # END SOLUTION


def train(model: keras.Model, x: np.ndarray, y: np.ndarray, epochs: int = 5, batch_size: int = 128) -> keras.callbacks.History:
    """Fit the compiled model to the training data (section 2.1).

    Args:
        model: a compiled model (see :func:`compile_model`); trained in place.
        x: float32 inputs of shape ``(n, 784)``, from :func:`preprocess`.
        y: float32 one-hot targets of shape ``(n, 10)``.
        epochs: passes over the training data (the book: 5).
        batch_size: samples per gradient update (the book: 128).

    Returns:
        The ``History`` that ``model.fit`` returns: ``history.history["loss"]`` and
        ``history.history["accuracy"]`` hold one value per epoch.
    """
    # BEGIN SOLUTION
    # HINT: one call of model.fit with epochs= and batch_size=; return what it returns.
    return model.fit(x, y, epochs=epochs, batch_size=batch_size)
    # END SOLUTION
