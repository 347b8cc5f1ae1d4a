"""Passes batch_size on but not epochs: model.fit trains for its default of one epoch (about 96 %)."""
CATCHES = "test_train_mnist_accuracy"


def train(model, x, y, epochs=5, batch_size=128):
    return model.fit(x, y, batch_size=batch_size)
