"""Compiles in place but forgets `return model`: the function returns None."""
CATCHES = "test_compile_model_returns_the_model"


def compile_model(model, sparse=False):
    loss = "sparse_categorical_crossentropy" if sparse else "categorical_crossentropy"
    model.compile(optimizer="rmsprop", loss=loss, metrics=["accuracy"])
