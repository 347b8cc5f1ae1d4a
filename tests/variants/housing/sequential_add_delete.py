"""Valid variant (no training): Sequential.add with long metric names, np.delete folds, float32-safe normalisation.

* normalize works on np.asarray views and keeps the input dtype (float32 in, float32 out).
* build_model adds layers one by one, compiles with "mean_squared_error" and "mean_absolute_error".
* k_fold_indices uses np.delete on np.arange(n), both as int32 arrays.
"""


def normalize(train_data, test_data):
    train = np.asarray(train_data)
    mean = train.sum(axis=0) / train.shape[0]
    centred = train - mean
    std = np.sqrt((centred * centred).sum(axis=0) / train.shape[0])
    return centred / std, (np.asarray(test_data) - mean) / std


def build_model(input_dim=13):
    model = keras.Sequential()
    model.add(keras.Input(shape=(input_dim,)))
    model.add(layers.Dense(64, activation="relu"))
    model.add(layers.Dense(64, activation="relu"))
    model.add(layers.Dense(1))
    model.compile(optimizer="RMSprop", loss="mean_squared_error", metrics=["mean_absolute_error"])
    return model


def k_fold_indices(n, k=4):
    size = n // k
    everything = np.arange(n, dtype=np.int32)
    return [
        (np.delete(everything, np.s_[i * size : (i + 1) * size]), everything[i * size : (i + 1) * size])
        for i in range(k)
    ]
