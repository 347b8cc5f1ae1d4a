"""Ends with Dense(1, activation="relu"): prices cannot be negative, but the output should be linear."""
CATCHES = "test_build_model_layers"


def build_model(input_dim=13):
    model = keras.Sequential(
        [
            keras.Input(shape=(input_dim,)),
            layers.Dense(64, activation="relu"),
            layers.Dense(64, activation="relu"),
            layers.Dense(1, activation="relu"),
        ]
    )
    model.compile(optimizer="rmsprop", loss="mse", metrics=["mae"])
    return model
