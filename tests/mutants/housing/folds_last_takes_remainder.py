"""The last fold validates on everything from (k - 1) * (n // k) to the end."""
CATCHES = "test_k_fold_indices_remainder"


def k_fold_indices(n, k=4):
    fold = n // k
    folds = []
    for i in range(k):
        stop = n if i == k - 1 else (i + 1) * fold
        val_idx = np.arange(i * fold, stop)
        train_idx = np.concatenate([np.arange(0, i * fold), np.arange(stop, n)])
        folds.append((train_idx, val_idx))
    return folds
