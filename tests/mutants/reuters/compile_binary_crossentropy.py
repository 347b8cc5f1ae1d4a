"""Keeps IMDB's binary_crossentropy for one-hot targets (the sparse case right)."""
CATCHES = "test_compile_model_loss"


def compile_model(model, sparse=False):
    loss = "sparse_categorical_crossentropy" if sparse else "binary_crossentropy"
    model.compile(optimizer="rmsprop", loss=loss, metrics=["accuracy"])
    return model
