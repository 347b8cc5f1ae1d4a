"""Forgets axis=0: one mean and one std over the whole table, not one per feature."""
CATCHES = "test_normalize_train_values"


def normalize(train_data, test_data):
    mean = train_data.mean()
    std = train_data.std()
    return (train_data - mean) / std, (test_data - mean) / std
