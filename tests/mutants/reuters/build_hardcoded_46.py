"""Hard-codes the 46 Reuters topics in the output layer whatever num_classes says."""
CATCHES = "test_build_model_num_classes"


def build_model(num_classes=46):
    return keras.Sequential(
        [
            keras.Input(shape=(10000,)),
            layers.Dense(64, activation="relu"),
            layers.Dense(64, activation="relu"),
            layers.Dense(46, activation="softmax"),
        ]
    )
