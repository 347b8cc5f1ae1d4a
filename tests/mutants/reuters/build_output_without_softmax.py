"""Forgets the softmax: the last layer outputs logits, which categorical_crossentropy does not expect."""
CATCHES = "test_build_model_layers"


def build_model(num_classes=46):
    return keras.Sequential(
        [
            keras.Input(shape=(10000,)),
            layers.Dense(64, activation="relu"),
            layers.Dense(64, activation="relu"),
            layers.Dense(num_classes),
        ]
    )
