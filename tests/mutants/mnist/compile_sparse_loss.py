"""Uses sparse_categorical_crossentropy although preprocess makes one-hot targets."""
CATCHES = "test_compile_model_loss"
CALLERS = ("train",)  # one bug, one deduction: these keep full marks


def compile_model(model):
    model.compile(optimizer="rmsprop", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
    return model
