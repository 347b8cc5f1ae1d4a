"""Valid variant: keepdims statistics, functional API with objects, boolean-mask folds, val_mae from History.

* normalize computes mean and std with keepdims=True and explicit ddof=0.
* build_model uses keras.Model(inputs, outputs), Dense + Activation("relu") layers, and
  RMSprop / MeanSquaredError / MeanAbsoluteError objects.
* k_fold_indices marks the validation block in a boolean mask and uses np.flatnonzero.
* k_fold_validate passes validation_data to fit and reads the last val_mae of the History.
"""


def normalize(train_data, test_data):
    mean = np.mean(train_data, axis=0, keepdims=True)
    std = np.std(train_data, axis=0, ddof=0, keepdims=True)
    return np.subtract(train_data, mean) / std, np.subtract(test_data, mean) / std


def build_model(input_dim=13):
    inputs = keras.Input(shape=(input_dim,))
    h = layers.Activation("relu")(layers.Dense(64)(inputs))
    h = layers.Activation("relu")(layers.Dense(64)(h))
    outputs = layers.Dense(1, activation=None)(h)
    model = keras.Model(inputs, outputs)
    model.compile(
        optimizer=keras.optimizers.RMSprop(),
        loss=keras.losses.MeanSquaredError(),
        metrics=[keras.metrics.MeanAbsoluteError()],
    )
    return model


def k_fold_indices(n, k=4):
    size = n // k
    folds = []
    for i in range(k):
        in_val = np.zeros(n, dtype=bool)
        in_val[i * size : (i + 1) * size] = True
        folds.append((np.flatnonzero(~in_val), np.flatnonzero(in_val)))
    return folds


def k_fold_validate(x, y, k=4, epochs=100, batch_size=16):
    maes = []
    for train_idx, val_idx in k_fold_indices(x.shape[0], k=k):
        model = build_model(input_dim=x.shape[1])
        history = model.fit(
            x[train_idx], y[train_idx], validation_data=(x[val_idx], y[val_idx]),
            epochs=epochs, batch_size=batch_size, verbose=0,
        )
        maes.append(history.history["val_mean_absolute_error"][-1])
    return maes
