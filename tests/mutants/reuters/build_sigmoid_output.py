"""Keeps IMDB's sigmoid output: 46 independent probabilities that do not sum to 1."""
CATCHES = "test_build_model_layers"


def build_model(num_classes=46):
    return keras.Sequential(
        [
            keras.Input(shape=(10000,)),
            layers.Dense(64, activation="relu"),
            layers.Dense(64, activation="relu"),
            layers.Dense(num_classes, activation="sigmoid"),
        ]
    )
