"""Hidden grading suite for ``tensors`` (section 2.2, data representations).

For every function: values against the catalogue's reference (NumPy attributes,
slicing, ``keras.utils.to_categorical``, the real MNIST files) on random shapes and
values drawn with hypothesis, dtypes, edge cases, errors (``ValueError`` /
``IndexError`` as the catalogue says) and inputs left unmodified.

``load_idx`` is checked on synthetic IDX files written here (all six IDX dtypes,
big-endian data -> native byte order, plain and gzip-compressed, truncated and
malformed files) and on the four real MNIST files of the shared data folder named by
``DLGRADE_DATA`` (their SHA-256 sums and published statistics). Without that folder
the real-file checks fail with "data not configured": grading is fail-closed.
"""

from __future__ import annotations

import gzip
import hashlib
import math

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from grader.authoring.testing import (
    assert_array_matches,
    cached_reference,
    call_unmodified,
    expect_raises,
    fail,
    hidden_settings,
)

IDX_TYPES = {0x08: "u1", 0x09: "i1", 0x0B: "i2", 0x0C: "i4", 0x0D: "f4", 0x0E: "f8"}
"""IDX type byte -> dtype (without byte order) of the stored values."""

MNIST_FILES = {
    "train-images-idx3-ubyte.gz": (60000, 28, 28),
    "train-labels-idx1-ubyte.gz": (60000,),
    "t10k-images-idx3-ubyte.gz": (10000, 28, 28),
    "t10k-labels-idx1-ubyte.gz": (10000,),
}
TRAIN_CLASS_COUNTS = [5923, 6742, 5958, 6131, 5842, 5421, 5918, 6265, 5851, 5949]
"""Published MNIST training class counts (shared/data/README.md)."""
FIRST_TRAIN_LABELS = [5, 0, 4, 1, 9, 2, 1, 3, 1, 4]


def _rng(seed: int) -> np.random.Generator:
    return np.random.default_rng(seed)


def _images(rng: np.random.Generator, shape) -> np.ndarray:
    return rng.integers(0, 256, size=shape).astype(np.uint8)


def _idx_bytes(array: np.ndarray, type_byte: int) -> bytes:
    """Build an IDX file: 0, 0, type byte, rank, big-endian uint32 dimensions, big-endian data."""
    header = bytes([0, 0, type_byte, array.ndim])
    header += b"".join(int(d).to_bytes(4, "big") for d in array.shape)
    return header + np.ascontiguousarray(array).astype(array.dtype.newbyteorder(">")).tobytes()


def _idx_array(rng: np.random.Generator, type_byte: int, shape) -> np.ndarray:
    """Random values of the IDX dtype, in native byte order, spanning its range."""
    dtype = np.dtype(IDX_TYPES[type_byte])
    if dtype.kind == "f":
        values = rng.standard_normal(shape) * 1e3
        values.flat[: min(3, values.size)] = [np.finfo(dtype).max, -np.finfo(dtype).tiny, -0.0][
            : min(3, values.size)
        ]
        return values.astype(dtype)
    info = np.iinfo(dtype)
    return rng.integers(int(info.min), int(info.max), size=shape, endpoint=True).astype(dtype)


def _check_native(got, what: str = "result") -> None:
    if isinstance(got, np.ndarray) and not got.dtype.isnative:
        fail(
            en=f"{what} has big-endian dtype {got.dtype.str!r}: convert it to native byte order "
            f"(e.g. .astype(dtype.newbyteorder('=')))",
            zh=f"{what} 的 dtype {got.dtype.str!r} 是大端字节序：请转换为本机字节序"
            f"（例如 .astype(dtype.newbyteorder('='))）",
        )


def _mnist_dir():
    """Return the shared MNIST folder, or fail the test saying the data is not configured."""
    from grader.authoring.data import DataNotConfigured, mnist_dir

    try:
        return mnist_dir()
    except DataNotConfigured as exc:
        fail(
            en=f"grader setup: {exc}",
            zh=f"评分环境：数据未配置（data not configured），请将 DLGRADE_DATA 设为共享数据目录（{exc}）",
        )


def _expected_sha256(folder, name: str) -> str:
    sums = {}
    for line in (folder / "SHA256SUMS-uncompressed").read_text().splitlines():
        if line.strip():
            digest, file = line.split()
            sums[file] = digest
    return sums[name.removesuffix(".gz")]


# ---------------------------------------------------------------------- tensor_info
@pytest.mark.points("tensor_info", weight=3)
@hidden_settings
@given(
    shape=hnp.array_shapes(min_dims=0, max_dims=5, min_side=0, max_side=4),
    dtype=st.sampled_from(["uint8", "int8", "int32", "int64", "float16", "float32", "float64", "bool"]),
)
def test_tensor_info_arrays(learner, shape, dtype):
    """tensor_info gives (x.ndim, x.shape, x.dtype.name) for arrays of random rank, shape and dtype, input unchanged."""
    x = np.zeros(shape, dtype=dtype)
    got = call_unmodified(learner, "tensor_info", x)
    expected = (x.ndim, x.shape, x.dtype.name)
    if not isinstance(got, (tuple, list)) or len(got) != 3 or tuple(got) != expected:
        fail(
            en=f"tensor_info of a {dtype} array of shape {shape}: expected {expected!r}, got {got!r:.200}",
            zh=f"tensor_info 对形状 {shape} 的 {dtype} 数组应返回 {expected!r}，实际为 {got!r:.200}",
        )


@pytest.mark.points("tensor_info", weight=1)
def test_tensor_info_types(learner):
    """tensor_info returns an int, a tuple of ints and a str (not np.dtype or a list)."""
    got = learner.call("tensor_info", np.zeros((2, 3), dtype=np.float32))
    ok = (
        isinstance(got, tuple)
        and len(got) == 3
        and type(got[0]) is int
        and isinstance(got[1], tuple)
        and all(type(d) is int for d in got[1])
        and isinstance(got[2], str)
    )
    if not ok:
        fail(
            en=f"tensor_info should return (int, tuple of ints, str), got {got!r:.200}",
            zh=f"tensor_info 应返回 (int, 整数元组, str)，实际为 {got!r:.200}",
        )


@pytest.mark.points("tensor_info", weight=2)
@pytest.mark.parametrize(
    ("value", "expected"),
    [(12, (0, (), "int64")), (2.5, (0, (), "float64")), (True, (0, (), "bool"))],
    ids=["int", "float", "bool"],
)
def test_tensor_info_python_scalars(learner, value, expected):
    """A Python scalar is a 0D tensor: (0, (), 'int64' / 'float64' / 'bool')."""
    got = learner.call("tensor_info", value)
    if not isinstance(got, (tuple, list)) or tuple(got) != expected:
        fail(
            en=f"tensor_info({value!r}): expected {expected!r}, got {got!r:.200}",
            zh=f"tensor_info({value!r}) 应返回 {expected!r}，实际为 {got!r:.200}",
        )


# ------------------------------------------------------------------- prepare_images
@pytest.mark.points("prepare_images", weight=3)
@hidden_settings
@given(shape=hnp.array_shapes(min_dims=3, max_dims=3, min_side=1, max_side=8), seed=st.integers(0, 2**16))
def test_prepare_images_values(learner, shape, seed):
    """prepare_images equals images.reshape(n, -1).astype('float32') / 255 for random uint8 batches."""
    images = _images(_rng(seed), shape)
    got = learner.call("prepare_images", images)
    expected = images.reshape(shape[0], -1).astype("float32") / 255
    # the catalogue's tolerance: x / 255 and x * (1 / 255) differ by an ulp (< 1.2e-7)
    assert_array_matches(got, expected, rtol=0, atol=1e-6)


@pytest.mark.points("prepare_images", weight=2)
def test_prepare_images_mnist(learner):
    """A (3, 28, 28) MNIST-like batch becomes (3, 784) float32, pixel [i, r, c] at column 28 r + c."""
    images = _images(_rng(1), (3, 28, 28))
    got = learner.call("prepare_images", images)
    expected = images.reshape(3, 784).astype("float32") / 255
    assert_array_matches(got, expected, rtol=0, atol=1e-6)  # the catalogue's tolerance


@pytest.mark.points("prepare_images", weight=1)
def test_prepare_images_dtype(learner):
    """prepare_images returns float32 (the book's astype("float32")), not NumPy's default float64."""
    images = _images(_rng(11), (2, 4, 4))
    got = learner.call("prepare_images", images)
    if not isinstance(got, np.ndarray) or got.dtype != np.float32:
        fail(
            en=f"prepare_images should return float32, got {getattr(got, 'dtype', type(got).__name__)}",
            zh=f"prepare_images 应返回 float32，实际为 {getattr(got, 'dtype', type(got).__name__)}",
        )


@pytest.mark.points("prepare_images", weight=1)
def test_prepare_images_range(learner):
    """Pixel 0 becomes 0, pixel 255 becomes 1 and 128 about 0.502 (rescaled by 255, not 256 or the max)."""
    images = np.array([[[0, 255, 128], [1, 254, 0]]], dtype=np.uint8)
    got = learner.call("prepare_images", images)
    expected = images.reshape(1, -1).astype("float32") / 255
    assert_array_matches(got, expected, rtol=0, atol=1e-6)  # the catalogue's tolerance
    dim = np.array([[[0, 10], [20, 30]]], dtype=np.uint8)  # a dark image: still divided by 255
    got = learner.call("prepare_images", dim)
    expected = dim.reshape(1, -1).astype("float32") / 255
    assert_array_matches(got, expected, rtol=0, atol=1e-6, what="result for a dark image")


@pytest.mark.points("prepare_images", weight=1)
@pytest.mark.parametrize("shape", [(28, 28), (2, 28, 28, 1), (784,)], ids=["2d", "4d", "1d"])
def test_prepare_images_wrong_rank(learner, shape):
    """prepare_images of a tensor that is not (n, h, w) raises ValueError naming its shape."""
    images = np.zeros(shape, dtype=np.uint8)
    expect_raises(learner, "ValueError", "prepare_images", images, mentions=(str(images.shape),))


@pytest.mark.points("prepare_images", weight=1)
def test_prepare_images_unmodified(learner):
    """prepare_images leaves the uint8 images unchanged."""
    images = _images(_rng(2), (2, 5, 5))
    got = call_unmodified(learner, "prepare_images", images)
    expected = images.reshape(2, -1).astype("float32") / 255
    assert_array_matches(got, expected, rtol=0, atol=1e-6)  # the catalogue's tolerance


# ----------------------------------------------------------------------- to_one_hot
@cached_reference  # same derandomised inputs for every submission: compute once per session
def _to_categorical(labels: np.ndarray, num_classes=None) -> np.ndarray:
    """keras.utils.to_categorical's values as float32 (Keras itself returns float64)."""
    import keras

    return np.asarray(keras.utils.to_categorical(labels, num_classes), dtype=np.float32)


@pytest.mark.points("to_one_hot", weight=3)
@hidden_settings
@given(labels=hnp.arrays(np.int64, st.integers(1, 30), elements=st.integers(0, 9)))
def test_to_one_hot_matches_keras(learner, labels):
    """to_one_hot(labels) equals keras.utils.to_categorical(labels) for random labels 0-9 (num_classes inferred)."""
    got = learner.call("to_one_hot", labels)
    assert_array_matches(got, _to_categorical(labels), rtol=0, atol=0)


@pytest.mark.points("to_one_hot", weight=2)
@hidden_settings
@given(
    labels=hnp.arrays(np.int64, st.integers(0, 20), elements=st.integers(0, 5)),
    extra=st.integers(0, 4),
)
def test_to_one_hot_num_classes(learner, labels, extra):
    """to_one_hot(labels, num_classes) equals keras.utils.to_categorical for num_classes >= max + 1, also for n = 0."""
    num_classes = 6 + extra
    got = learner.call("to_one_hot", labels, num_classes=num_classes)
    assert_array_matches(got, _to_categorical(labels, num_classes), rtol=0, atol=0)


@pytest.mark.points("to_one_hot", weight=1)
@pytest.mark.parametrize("dtype", ["uint8", "int32", "int64"])
def test_to_one_hot_label_dtypes(learner, dtype):
    """to_one_hot accepts uint8 (like the MNIST labels), int32 and int64 labels and always returns float32."""
    labels = np.array([5, 0, 4, 1, 9, 2, 1, 3, 1, 4], dtype=dtype)
    got = learner.call("to_one_hot", labels, num_classes=10)
    assert_array_matches(got, _to_categorical(labels, 10), rtol=0, atol=0)
    got = learner.call("to_one_hot", labels)
    assert_array_matches(got, _to_categorical(labels), rtol=0, atol=0, what="result without num_classes")


@pytest.mark.points("to_one_hot", weight=1)
@pytest.mark.parametrize(
    ("labels", "num_classes"),
    [([0, 1, 3], 3), ([0, -1, 2], 3), ([0, -1, 2], None), ([10], 10)],
    ids=["too-large", "negative", "negative-inferred", "equal-to-num-classes"],
)
def test_to_one_hot_invalid_labels(learner, labels, num_classes):
    """A label < 0 or >= num_classes raises ValueError (Keras itself would wrap around or crash)."""
    expect_raises(learner, "ValueError", "to_one_hot", np.array(labels), num_classes=num_classes)


@pytest.mark.points("to_one_hot", weight=1)
def test_to_one_hot_empty_without_num_classes(learner):
    """Empty labels without num_classes raise ValueError (max of nothing is undefined)."""
    expect_raises(learner, "ValueError", "to_one_hot", np.zeros(0, dtype=np.int64))


@pytest.mark.points("to_one_hot", weight=1)
@pytest.mark.parametrize("shape", [(2, 3), ()], ids=["2d", "0d"])
def test_to_one_hot_wrong_rank(learner, shape):
    """Labels that are not a 1D (n,) tensor raise ValueError naming their shape."""
    labels = np.zeros(shape, dtype=np.int64)
    expect_raises(learner, "ValueError", "to_one_hot", labels, mentions=(str(labels.shape),))


@pytest.mark.points("to_one_hot", weight=1)
def test_to_one_hot_unmodified(learner):
    """to_one_hot leaves the labels unchanged."""
    labels = np.array([3, 1, 4, 1, 5], dtype=np.int64)
    got = call_unmodified(learner, "to_one_hot", labels)
    assert_array_matches(got, _to_categorical(labels), rtol=0, atol=0)


# ------------------------------------------------------------------------ get_batch
@pytest.mark.points("get_batch", weight=3)
@hidden_settings
@given(
    n_samples=st.integers(1, 40),
    features=hnp.array_shapes(min_dims=0, max_dims=2, min_side=1, max_side=3),
    batch_size=st.integers(1, 12),
    data=st.data(),
)
def test_get_batch_values(learner, n_samples, features, batch_size, data):
    """get_batch(x, n, batch_size) equals x[n*batch_size:(n+1)*batch_size] for every valid n (last may be short)."""
    x = np.arange(n_samples * math.prod(features), dtype=np.float32).reshape((n_samples, *features))
    n = data.draw(st.integers(0, (n_samples - 1) // batch_size), label="n")
    got = learner.call("get_batch", x, n, batch_size=batch_size)
    assert_array_matches(got, x[n * batch_size : (n + 1) * batch_size], rtol=0, atol=0)


@pytest.mark.points("get_batch", weight=1)
def test_get_batch_default_batch_size(learner):
    """The default batch_size is 128: batch 1 of 300 samples is x[128:256], batch 2 the short x[256:300]."""
    x = _images(_rng(3), (300, 2, 2))
    assert_array_matches(learner.call("get_batch", x, 1), x[128:256], rtol=0, atol=0)
    assert_array_matches(learner.call("get_batch", x, 2), x[256:300], rtol=0, atol=0, what="last batch")


@pytest.mark.points("get_batch", weight=1)
@pytest.mark.parametrize("dtype", ["uint8", "int64", "float32", "float64"])
def test_get_batch_dtypes(learner, dtype):
    """get_batch keeps x's dtype."""
    x = np.arange(24).reshape(6, 4).astype(dtype)
    got = learner.call("get_batch", x, 1, batch_size=4)
    assert_array_matches(got, x[4:8], rtol=0, atol=0)


@pytest.mark.points("get_batch", weight=2)
@pytest.mark.parametrize(
    ("n_samples", "n", "batch_size"),
    [(10, -1, 4), (10, 3, 4), (12, 3, 4), (5, 100, 2), (1, 1, 128)],
    ids=["negative", "past-short-end", "past-exact-end", "far-past", "one-sample"],
)
def test_get_batch_out_of_range(learner, n_samples, n, batch_size):
    """A negative n or a batch starting at or past the end raises IndexError (not an empty or wrapped batch)."""
    x = np.arange(n_samples * 2).reshape(n_samples, 2)
    expect_raises(learner, "IndexError", "get_batch", x, n, batch_size=batch_size)


@pytest.mark.points("get_batch", weight=1)
def test_get_batch_unmodified(learner):
    """get_batch leaves x unchanged."""
    x = _images(_rng(4), (10, 3))
    got = call_unmodified(learner, "get_batch", x, 1, batch_size=3)
    assert_array_matches(got, x[3:6], rtol=0, atol=0)


# ---------------------------------------------------------------------- crop_center
def _crop(images: np.ndarray, size: int) -> np.ndarray:
    top, left = (images.shape[1] - size) // 2, (images.shape[2] - size) // 2
    return images[:, top : top + size, left : left + size]


@st.composite
def crop_cases(draw):
    """(image shape (n, h, w[, c]), size) with 1 <= size <= min(h, w)."""
    n, h, w = draw(st.integers(1, 3)), draw(st.integers(1, 9)), draw(st.integers(1, 9))
    shape = (n, h, w) if draw(st.booleans()) else (n, h, w, draw(st.integers(1, 3)))
    return shape, draw(st.integers(1, min(h, w)))


@pytest.mark.points("crop_center", weight=3)
@hidden_settings
@given(case=crop_cases(), seed=st.integers(0, 2**16))
def test_crop_center_values(learner, case, seed):
    """crop_center takes rows from (h - size) // 2 and columns from (w - size) // 2 (random shapes), input unchanged."""
    shape, size = case
    images = _images(_rng(seed), shape)
    got = call_unmodified(learner, "crop_center", images, size)
    assert_array_matches(got, _crop(images, size), rtol=0, atol=0)


@pytest.mark.points("crop_center", weight=1)
def test_crop_center_mnist(learner):
    """crop_center(images, 14) on 28x28 digits equals the book's images[:, 7:-7, 7:-7]."""
    images = _images(_rng(5), (4, 28, 28))
    got = learner.call("crop_center", images, 14)
    assert_array_matches(got, images[:, 7:-7, 7:-7], rtol=0, atol=0)


@pytest.mark.points("crop_center", weight=1)
def test_crop_center_odd_margin(learner):
    """With an odd margin the extra row/column goes below/right: 5x7 -> 2x2 starts at row 1, column 2."""
    images = np.arange(2 * 5 * 7).reshape(2, 5, 7)
    got = learner.call("crop_center", images, 2)
    assert_array_matches(got, images[:, 1:3, 2:4], rtol=0, atol=0)


@pytest.mark.points("crop_center", weight=1)
def test_crop_center_full_size(learner):
    """crop_center with size == h == w returns the whole images (a -0 slice end would give nothing)."""
    images = _images(_rng(6), (2, 6, 6))
    got = learner.call("crop_center", images, 6)
    assert_array_matches(got, images, rtol=0, atol=0)


@pytest.mark.points("crop_center", weight=1)
def test_crop_center_channels_and_rectangles(learner):
    """crop_center of colour images (n, h, w, c) keeps the channel axis; h != w uses each side's own margin."""
    rng = _rng(7)
    images = _images(rng, (2, 8, 10, 3))
    assert_array_matches(learner.call("crop_center", images, 4), images[:, 2:6, 3:7], rtol=0, atol=0)
    images = _images(rng, (1, 12, 6))
    assert_array_matches(
        learner.call("crop_center", images, 5), images[:, 3:8, 0:5], rtol=0, atol=0, what="result for (1, 12, 6)"
    )


@pytest.mark.points("crop_center", weight=1)
@pytest.mark.parametrize("dtype", ["uint8", "int32", "float32", "float64"])
def test_crop_center_dtypes(learner, dtype):
    """crop_center keeps the images' dtype."""
    images = np.arange(2 * 6 * 6).reshape(2, 6, 6).astype(dtype)
    got = learner.call("crop_center", images, 2)
    assert_array_matches(got, images[:, 2:4, 2:4], rtol=0, atol=0)


@pytest.mark.points("crop_center", weight=1)
@pytest.mark.parametrize(("shape", "size"), [((2, 5, 5), 6), ((2, 8, 4), 5), ((1, 4, 8, 3), 5)],
                         ids=["square", "too-wide", "too-tall"])
def test_crop_center_too_large(learner, shape, size):
    """A size larger than h or w raises ValueError."""
    expect_raises(learner, "ValueError", "crop_center", np.zeros(shape, dtype=np.uint8), size)


@pytest.mark.points("crop_center", weight=1)
@pytest.mark.parametrize("shape", [(28, 28), (1, 2, 8, 8, 3)], ids=["2d", "5d"])
def test_crop_center_wrong_rank(learner, shape):
    """Images that are not (n, h, w) or (n, h, w, c) raise ValueError naming their shape."""
    images = np.zeros(shape, dtype=np.uint8)
    expect_raises(learner, "ValueError", "crop_center", images, 2, mentions=(str(images.shape),))


# ------------------------------------------------------------------------- load_idx
@pytest.mark.points("load_idx", weight=3)
@pytest.mark.parametrize("type_byte", list(IDX_TYPES), ids=lambda t: f"0x{t:02X}-{IDX_TYPES[t]}")
@hidden_settings
@given(shape=hnp.array_shapes(min_dims=1, max_dims=4, min_side=1, max_side=5), seed=st.integers(0, 2**16))
def test_load_idx_dtypes(learner, type_byte, shape, seed):
    """load_idx reads uncompressed IDX files of every IDX dtype and random shapes, in native byte order."""
    array = _idx_array(_rng(seed), type_byte, shape)
    path = learner.put_file(f"data-idx{len(shape)}-t{type_byte:02x}", _idx_bytes(array, type_byte))
    got = learner.call("load_idx", path)
    _check_native(got)
    assert_array_matches(got, array, rtol=0, atol=0)


@pytest.mark.points("load_idx", weight=2)
@pytest.mark.parametrize("type_byte", [0x08, 0x0C, 0x0E], ids=["uint8", "int32", "float64"])
def test_load_idx_gzip(learner, type_byte):
    """load_idx reads gzip-compressed files (.gz), like the MNIST distribution files."""
    array = _idx_array(_rng(9), type_byte, (7, 4, 3))
    path = learner.put_file("sample-idx3-ubyte.gz", gzip.compress(_idx_bytes(array, type_byte)))
    got = learner.call("load_idx", path)
    _check_native(got)
    assert_array_matches(got, array, rtol=0, atol=0)


@pytest.mark.points("load_idx", weight=1)
def test_load_idx_shapes(learner):
    """load_idx keeps the stored shape: 1D labels, 3D images, a 4D tensor and an empty (0, 28, 28) file."""
    rng = _rng(10)
    for i, shape in enumerate([(9,), (3, 28, 28), (2, 3, 4, 5), (0, 28, 28)]):
        array = _idx_array(rng, 0x08, shape)
        path = learner.put_file(f"shape{i}-idx{len(shape)}-ubyte", _idx_bytes(array, 0x08))
        got = learner.call("load_idx", path)
        assert_array_matches(got, array, rtol=0, atol=0, what=f"result for shape {shape}")


@pytest.mark.points("load_idx", weight=2)
@pytest.mark.parametrize("compressed", [False, True], ids=["plain", "gzip"])
@pytest.mark.parametrize("cut", [1, 100, 1000], ids=["1-byte-short", "100-bytes-short", "no-data"])
def test_load_idx_truncated_data(learner, compressed, cut):
    """A file whose data is shorter than its dimensions say raises ValueError (no short or reshaped array)."""
    array = _idx_array(_rng(11), 0x08, (10, 10, 10))
    data = _idx_bytes(array, 0x08)
    data = data[: 16 + array.size - cut] if cut < 1000 else data[:16]
    name = "truncated-idx3-ubyte" + (".gz" if compressed else "")
    path = learner.put_file(name, gzip.compress(data) if compressed else data)
    expect_raises(learner, "ValueError", "load_idx", path)


@pytest.mark.points("load_idx", weight=1)
@pytest.mark.parametrize(
    "data",
    [b"", b"\x00\x00", b"\x00\x00\x08\x03\x00\x00\x00\x02\x00\x00", b"\x00\x00\x08\x01\x00"],
    ids=["empty", "magic-only", "half-dimensions", "short-dimension"],
)
def test_load_idx_truncated_header(learner, data):
    """A file that ends inside its header raises ValueError."""
    path = learner.put_file("header-idx-ubyte", data)
    expect_raises(learner, "ValueError", "load_idx", path)


@pytest.mark.points("load_idx", weight=1)
@pytest.mark.parametrize(
    "magic",
    [b"\x01\x00\x08\x01", b"\x00\x01\x08\x01", b"\x00\x00\x0a\x01", b"\x00\x00\x07\x01", b"\x08\x03\x00\x00"],
    ids=["first-byte", "second-byte", "type-0x0A", "type-0x07", "shifted"],
)
def test_load_idx_bad_magic(learner, magic):
    """Non-zero leading bytes or an unknown type byte raise ValueError."""
    data = magic + (4).to_bytes(4, "big") + bytes(range(4))
    path = learner.put_file("bad-idx1-ubyte", data)
    expect_raises(learner, "ValueError", "load_idx", path)


@pytest.mark.points("load_idx", weight=1)
def test_load_idx_truncated_gzip(learner):
    """A .gz file cut in the middle of its compressed stream raises ValueError (not EOFError or OSError)."""
    array = _idx_array(_rng(12), 0x08, (20, 28, 28))
    packed = gzip.compress(_idx_bytes(array, 0x08))
    path = learner.put_file("cut-idx3-ubyte.gz", packed[: len(packed) // 2])
    expect_raises(learner, "ValueError", "load_idx", path)


def _verified_bytes(path):
    """The file's bytes, once its content has the known SHA-256 (a changed file is the grader's error, not the learner's)."""
    from grader.authoring.data import verify

    verify(path)
    return path.read_bytes()


@pytest.mark.points("load_idx", weight=3)
@pytest.mark.parametrize("name", list(MNIST_FILES))
def test_load_idx_mnist(learner, name):
    """load_idx reads the real MNIST file: stored shape, uint8, and the bytes whose SHA-256 is published."""
    folder = _mnist_dir()
    source = folder / name
    path = learner.put_file(name, _verified_bytes(source))
    got = learner.run("load_idx", (path,), timeout=60).value
    shape = MNIST_FILES[name]
    if not isinstance(got, np.ndarray) or got.shape != shape or got.dtype != np.uint8:
        desc = f"{type(got).__name__} {getattr(got, 'shape', '')} {getattr(got, 'dtype', '')}"
        fail(
            en=f"{name}: expected a uint8 array of shape {shape}, got {desc}",
            zh=f"{name}：应为形状 {shape} 的 uint8 数组，实际为 {desc}",
        )
    digest = hashlib.sha256(_idx_bytes(got, 0x08)).hexdigest()
    if digest != _expected_sha256(folder, name):
        from grader.authoring.data import read_idx

        assert_array_matches(got, read_idx(source), rtol=0, atol=0, what=name)
        fail(
            en=f"{name}: the data read differs from the published file (SHA-256 {digest[:16]}...)",
            zh=f"{name}：读取的数据与发布的文件不一致（SHA-256 {digest[:16]}...）",
        )


@pytest.mark.points("load_idx", weight=1)
def test_load_idx_mnist_statistics(learner):
    """The real training labels have MNIST's published class counts and first labels (5 0 4 1 9 2 1 3 1 4)."""
    folder = _mnist_dir()
    name = "train-labels-idx1-ubyte.gz"
    labels = learner.call("load_idx", learner.put_file(name, _verified_bytes(folder / name)))
    if not isinstance(labels, np.ndarray) or labels.shape != MNIST_FILES[name]:
        fail(
            en=f"{name}: expected an array of shape {MNIST_FILES[name]}, got {labels!r:.80}",
            zh=f"{name}：应为形状 {MNIST_FILES[name]} 的数组，实际为 {labels!r:.80}",
        )
    assert_array_matches(
        labels[:10], np.array(FIRST_TRAIN_LABELS, dtype=np.uint8), rtol=0, atol=0, what="first ten training labels"
    )
    counts = np.bincount(labels.astype(np.int64), minlength=10)
    assert_array_matches(
        counts, np.array(TRAIN_CLASS_COUNTS, dtype=counts.dtype), rtol=0, atol=0, what="training class counts"
    )
