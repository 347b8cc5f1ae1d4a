"""Shuffles the samples before cutting the folds (scikit-learn's KFold(shuffle=True)), not the book's folds."""
CATCHES = "test_k_fold_indices_book"


def k_fold_indices(n, k=4):
    order = np.random.default_rng(0).permutation(n)
    fold = n // k
    folds = []
    for i in range(k):
        val_idx = np.sort(order[i * fold : (i + 1) * fold])
        train_idx = np.sort(np.concatenate([order[: i * fold], order[(i + 1) * fold :]]))
        folds.append((train_idx, val_idx))
    return folds
