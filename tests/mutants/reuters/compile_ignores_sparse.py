"""Accepts sparse but ignores it: integer labels get categorical_crossentropy, which expects one-hot targets."""
CATCHES = "test_compile_model_sparse_loss"


def compile_model(model, sparse=False):
    model.compile(optimizer="rmsprop", loss="categorical_crossentropy", metrics=["accuracy"])
    return model
