"""Trains on the mean absolute error (the metric) instead of the mse loss."""
CATCHES = "test_build_model_compiled"


def build_model(input_dim=13):
    model = keras.Sequential(
        [keras.Input(shape=(input_dim,)), layers.Dense(64, activation="relu"), layers.Dense(64, activation="relu"), layers.Dense(1)]
    )
    model.compile(optimizer="rmsprop", loss="mae", metrics=["mae"])
    return model
