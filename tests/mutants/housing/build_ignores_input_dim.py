"""Hard-codes 13 input features whatever input_dim says."""
CATCHES = "test_build_model_input_dim"


def build_model(input_dim=13):
    model = keras.Sequential(
        [keras.Input(shape=(13,)), layers.Dense(64, activation="relu"), layers.Dense(64, activation="relu"), layers.Dense(1)]
    )
    model.compile(optimizer="rmsprop", loss="mse", metrics=["mae"])
    return model
