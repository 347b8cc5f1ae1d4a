"""Public checks for ``exercises/tensors.py`` (section 2.2, data representations).

Quick, hand-checkable checks that give you feedback while you work: run
``pytest`` (or ``dlgrade check tensors``). The graded hidden suite checks the same
functions more thoroughly (random shapes, dtypes, edge cases, the real MNIST files).
NumPy only: no TensorFlow import here.
"""

from __future__ import annotations

import gzip

import numpy as np
import pytest

from grader.authoring.testing import assert_array_matches, call_unmodified, expect_raises, fail


def _idx_bytes(array: np.ndarray, type_byte: int) -> bytes:
    """Build an IDX file (header + big-endian row-major data) holding ``array``."""
    header = bytes([0, 0, type_byte, array.ndim])
    header += b"".join(int(d).to_bytes(4, "big") for d in array.shape)
    return header + array.astype(array.dtype.newbyteorder(">")).tobytes()


@pytest.mark.points("tensor_info", weight=1)
def test_tensor_info(learner):
    """tensor_info gives (ndim, shape, dtype name) for a 3D uint8 array and a Python float."""
    x = np.zeros((60000, 28, 28), dtype=np.uint8)[:2]  # a small 3D tensor, like MNIST's
    got = learner.call("tensor_info", x)
    if tuple(got) != (3, (2, 28, 28), "uint8"):
        fail(
            en=f"tensor_info of a (2, 28, 28) uint8 array: expected (3, (2, 28, 28), 'uint8'), got {got!r:.200}",
            zh=f"tensor_info 对 (2, 28, 28) uint8 数组应返回 (3, (2, 28, 28), 'uint8')，实际为 {got!r:.200}",
        )
    got = learner.call("tensor_info", 12.5)
    if tuple(got) != (0, (), "float64"):
        fail(
            en=f"a Python float is a 0D float64 tensor: expected (0, (), 'float64'), got {got!r:.200}",
            zh=f"Python 浮点数是 0D float64 张量：应返回 (0, (), 'float64')，实际为 {got!r:.200}",
        )


@pytest.mark.points("prepare_images", weight=1)
def test_prepare_images(learner):
    """prepare_images flattens (1, 2, 2) uint8 pixels row by row and divides by 255 in float32."""
    images = np.array([[[0, 255], [51, 102]]], dtype=np.uint8)
    got = call_unmodified(learner, "prepare_images", images)
    expected = np.array([[0.0, 1.0, 0.2, 0.4]], dtype=np.float32)
    assert_array_matches(got, expected, rtol=0, atol=1e-6)  # x / 255 and x * (1/255) both pass


@pytest.mark.points("to_one_hot", weight=1)
def test_to_one_hot(learner):
    """to_one_hot encodes [0, 2, 1] as the rows of a 3x3 float32 identity in that order."""
    labels = np.array([0, 2, 1])
    got = call_unmodified(learner, "to_one_hot", labels)
    expected = np.array([[1, 0, 0], [0, 0, 1], [0, 1, 0]], dtype=np.float32)
    assert_array_matches(got, expected, rtol=0, atol=0)


@pytest.mark.points("to_one_hot", weight=1)
def test_to_one_hot_num_classes_and_errors(learner):
    """to_one_hot with num_classes=4 adds a zero column; a label >= num_classes raises ValueError."""
    got = learner.call("to_one_hot", np.array([1, 0]), num_classes=4)
    expected = np.array([[0, 1, 0, 0], [1, 0, 0, 0]], dtype=np.float32)
    assert_array_matches(got, expected, rtol=0, atol=0)
    expect_raises(learner, "ValueError", "to_one_hot", np.array([0, 3]), num_classes=3)


@pytest.mark.points("get_batch", weight=1)
def test_get_batch(learner):
    """get_batch slices batches of 2 samples out of 5; the last is short, batch 3 raises IndexError."""
    x = np.arange(10).reshape(5, 2)
    assert_array_matches(learner.call("get_batch", x, 1, batch_size=2), x[2:4], rtol=0, atol=0)
    assert_array_matches(learner.call("get_batch", x, 2, batch_size=2), x[4:], rtol=0, atol=0)
    expect_raises(learner, "IndexError", "get_batch", x, 3, batch_size=2)


@pytest.mark.points("crop_center", weight=1)
def test_crop_center(learner):
    """crop_center(images, 14) on 28x28 images equals the book's images[:, 7:-7, 7:-7]."""
    images = np.arange(2 * 28 * 28, dtype=np.int64).reshape(2, 28, 28) % 256
    images = images.astype(np.uint8)
    got = call_unmodified(learner, "crop_center", images, 14)
    assert_array_matches(got, images[:, 7:-7, 7:-7], rtol=0, atol=0)


@pytest.mark.points("load_idx", weight=1)
def test_load_idx(learner):
    """load_idx reads a tiny uint8 IDX file, plain and gzip-compressed (.gz)."""
    array = np.arange(6, dtype=np.uint8).reshape(2, 3)
    data = _idx_bytes(array, 0x08)
    got = learner.call("load_idx", learner.put_file("tiny-idx2-ubyte", data))
    assert_array_matches(got, array, rtol=0, atol=0)
    got = learner.call("load_idx", learner.put_file("tiny-idx2-ubyte.gz", gzip.compress(data)))
    assert_array_matches(got, array, rtol=0, atol=0, what="result for the .gz file")
