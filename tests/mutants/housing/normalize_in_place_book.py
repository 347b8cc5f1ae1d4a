"""The book's code verbatim: -= and /= change the caller's arrays."""
CATCHES = "test_normalize_unmodified"


def normalize(train_data, test_data):
    mean = train_data.mean(axis=0)
    train_data -= mean
    std = train_data.std(axis=0)
    train_data /= std
    test_data -= mean
    test_data /= std
    return train_data, test_data
