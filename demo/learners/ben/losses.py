# Partial marks: forgets to clip before the log.
def binary_crossentropy(y_true, y_pred):
    if y_true.shape != y_pred.shape or y_pred.ndim != 2:
        raise ValueError(f"shapes {y_true.shape} and {y_pred.shape}")
    t = y_true.astype(y_pred.dtype)
    return -np.mean(t * np.log(y_pred) + (1 - t) * np.log(1 - y_pred), axis=-1)
