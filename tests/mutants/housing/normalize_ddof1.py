"""Uses the sample standard deviation (ddof=1, pandas' default) instead of NumPy's ddof=0."""
CATCHES = "test_normalize_train_values"


def normalize(train_data, test_data):
    mean = train_data.mean(axis=0)
    std = train_data.std(axis=0, ddof=1)
    return (train_data - mean) / std, (test_data - mean) / std
