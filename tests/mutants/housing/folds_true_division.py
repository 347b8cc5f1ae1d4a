"""k_fold_indices: fold = n / k (true division) gives float index arrays; a k_fold_validate that uses them keeps full marks."""

# Overrides keep the catalogue's signatures and use names of the solution they are appended to.
# ruff: noqa: D103

import numpy as np

CATCHES = "test_k_fold_indices_book"
CALLERS = ("k_fold_validate",)  # one bug, one deduction: the solution's k_fold_validate calls k_fold_indices


def k_fold_indices(n, k=4):
    fold = n / k
    folds = []
    for i in range(k):
        val_idx = np.arange(i * fold, (i + 1) * fold)
        train_idx = np.concatenate([np.arange(0, i * fold), np.arange((i + 1) * fold, n)])
        folds.append((train_idx, val_idx))
    return folds
