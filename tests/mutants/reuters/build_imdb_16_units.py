"""Copies IMDB's Dense(16) hidden layers: 16 units for 46 classes is an information bottleneck (3.5.7)."""
CATCHES = "test_build_model_layers"


def build_model(num_classes=46):
    return keras.Sequential(
        [
            keras.Input(shape=(10000,)),
            layers.Dense(16, activation="relu"),
            layers.Dense(16, activation="relu"),
            layers.Dense(num_classes, activation="softmax"),
        ]
    )
