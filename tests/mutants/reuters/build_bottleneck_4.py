"""The book's bottleneck experiment (3.5.7) left in: a Dense(4) second hidden layer for 46 classes."""
CATCHES = "test_build_model_layers"


def build_model(num_classes=46):
    return keras.Sequential(
        [
            keras.Input(shape=(10000,)),
            layers.Dense(64, activation="relu"),
            layers.Dense(4, activation="relu"),
            layers.Dense(num_classes, activation="softmax"),
        ]
    )
