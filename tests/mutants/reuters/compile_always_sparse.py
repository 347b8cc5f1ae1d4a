"""Always compiles for integer labels (sparse_categorical_crossentropy), also for the default one-hot targets."""
CATCHES = "test_compile_model_loss"


def compile_model(model, sparse=False):
    model.compile(optimizer="rmsprop", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
    return model
