"""Casts everything to float32 "for Keras": float64 data comes back float32."""
CATCHES = "test_normalize_train_values"


def normalize(train_data, test_data):
    train_data = train_data.astype("float32")
    test_data = test_data.astype("float32")
    mean = train_data.mean(axis=0)
    std = train_data.std(axis=0)
    return (train_data - mean) / std, (test_data - mean) / std
