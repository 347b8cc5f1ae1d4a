"""Forgets metrics=["accuracy"]: fit reports only the loss."""
CATCHES = "test_compile_model_metrics"


def compile_model(model):
    model.compile(optimizer="rmsprop", loss="categorical_crossentropy")
    return model
