"""Builds the network but leaves compiling to the caller."""
CATCHES = "test_build_model_compiled"
CALLERS = ("k_fold_validate",)  # one bug, one deduction: these keep full marks


def build_model(input_dim=13):
    return keras.Sequential(
        [keras.Input(shape=(input_dim,)), layers.Dense(64, activation="relu"), layers.Dense(64, activation="relu"), layers.Dense(1)]
    )
