"""Only one hidden layer of 64 units."""
CATCHES = "test_build_model_layers"


def build_model(input_dim=13):
    model = keras.Sequential([keras.Input(shape=(input_dim,)), layers.Dense(64, activation="relu"), layers.Dense(1)])
    model.compile(optimizer="rmsprop", loss="mse", metrics=["mae"])
    return model
