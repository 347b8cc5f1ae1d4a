"""Uses np.array_split: when k does not divide n the first folds get one sample more."""
CATCHES = "test_k_fold_indices_remainder"


def k_fold_indices(n, k=4):
    blocks = np.array_split(np.arange(n), k)
    return [(np.concatenate(blocks[:i] + blocks[i + 1 :]), blocks[i]) for i in range(k)]
