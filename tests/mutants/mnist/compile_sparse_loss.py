"""Uses sparse_categorical_crossentropy although preprocess makes one-hot targets."""
CATCHES = "test_compile_model_loss"


def compile_model(model):
    model.compile(optimizer="rmsprop", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
    return model
