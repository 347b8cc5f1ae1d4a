"""Forgets metrics=["accuracy"]: fit reports only the loss."""
CATCHES = "test_compile_model_metrics"


def compile_model(model, sparse=False):
    loss = "sparse_categorical_crossentropy" if sparse else "categorical_crossentropy"
    model.compile(optimizer="rmsprop", loss=loss)
    return model
