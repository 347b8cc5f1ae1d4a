"""Compiles with adam instead of the book's rmsprop."""
CATCHES = "test_compile_model_optimizer"


def compile_model(model, sparse=False):
    loss = "sparse_categorical_crossentropy" if sparse else "categorical_crossentropy"
    model.compile(optimizer="adam", loss=loss, metrics=["accuracy"])
    return model
