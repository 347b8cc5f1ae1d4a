"""Normalises the test data with its own mean and std: test statistics leak into the pipeline."""
CATCHES = "test_normalize_test_uses_train_statistics"


def normalize(train_data, test_data):
    train = (train_data - train_data.mean(axis=0)) / train_data.std(axis=0)
    test = (test_data - test_data.mean(axis=0)) / test_data.std(axis=0)
    return train, test
