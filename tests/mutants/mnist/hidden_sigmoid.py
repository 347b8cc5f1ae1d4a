"""Uses a sigmoid hidden layer instead of relu."""
CATCHES = "test_build_model_layers"


def build_model():
    return keras.Sequential(
        [keras.Input(shape=(784,)), layers.Dense(512, activation="sigmoid"), layers.Dense(10, activation="softmax")]
    )
