"""Takes mean and std over training and test data together: the test set leaks into both."""
CATCHES = "test_normalize_test_uses_train_statistics"


def normalize(train_data, test_data):
    everything = np.concatenate([train_data, test_data])
    mean = everything.mean(axis=0)
    std = everything.std(axis=0)
    return (train_data - mean) / std, (test_data - mean) / std
