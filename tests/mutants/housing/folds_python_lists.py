"""Returns Python lists of indices instead of integer arrays."""
CATCHES = "test_k_fold_indices_types"


def k_fold_indices(n, k=4):
    fold = n // k
    folds = []
    for i in range(k):
        val_idx = list(range(i * fold, (i + 1) * fold))
        train_idx = list(range(0, i * fold)) + list(range((i + 1) * fold, n))
        folds.append((train_idx, val_idx))
    return folds
