"""Compiles in place but returns model.compile(...)'s result, None."""
CATCHES = "test_compile_model_returns_the_model"


def compile_model(model):
    return model.compile(optimizer="rmsprop", loss="categorical_crossentropy", metrics=["accuracy"])
