"""Reading IDX files, and the data folder configuration."""

from __future__ import annotations

import gzip
import os
import struct
from pathlib import Path

import numpy as np
import pytest

from grader.data import (
    ENV,
    IDX_DTYPES,
    MNIST_FILES,
    DataNotConfigured,
    data_dir,
    load_mnist,
    mnist_path,
    read_idx,
)

ROOT = Path(__file__).resolve().parent.parent


def _idx(array: np.ndarray, code: int) -> bytes:
    """Encode an array as an IDX file with the given type code (big-endian data)."""
    header = bytes([0, 0, code, array.ndim]) + struct.pack(f">{array.ndim}I", *array.shape)
    return header + array.astype(np.dtype(IDX_DTYPES[code])).tobytes()


def _write(path: Path, raw: bytes) -> Path:
    if path.suffix == ".gz":
        with gzip.open(path, "wb") as fh:
            fh.write(raw)
    else:
        path.write_bytes(raw)
    return path


def _sample(code: int, shape: tuple[int, ...]) -> np.ndarray:
    rng = np.random.default_rng(code)
    kind = np.dtype(IDX_DTYPES[code]).kind
    if kind == "f":
        return rng.standard_normal(shape).astype(IDX_DTYPES[code])
    info = np.iinfo(np.dtype(IDX_DTYPES[code]))
    return rng.integers(info.min, info.max, size=shape, endpoint=True).astype(IDX_DTYPES[code])


@pytest.mark.parametrize("suffix", ["", ".gz"], ids=["plain", "gzip"])
@pytest.mark.parametrize("code", sorted(IDX_DTYPES), ids=[IDX_DTYPES[c] for c in sorted(IDX_DTYPES)])
def test_read_idx_every_dtype(tmp_path: Path, code: int, suffix: str) -> None:
    """Each IDX type code, plain or gzip, reads back the same values in native byte order."""
    expected = _sample(code, (3, 4, 5))
    path = _write(tmp_path / f"sample-idx3{suffix}", _idx(expected, code))
    got = read_idx(path)
    assert got.shape == (3, 4, 5)
    assert got.dtype == np.dtype(IDX_DTYPES[code]).newbyteorder("=")
    assert got.dtype.isnative
    np.testing.assert_array_equal(got, expected)


@pytest.mark.parametrize("shape", [(7,), (2, 3), (1, 2, 3, 4), (0, 5)])
def test_read_idx_shapes(tmp_path: Path, shape: tuple[int, ...]) -> None:
    """1-D to 4-D files (and an empty one) keep their shape; str and PathLike both work."""
    expected = np.arange(int(np.prod(shape)), dtype=np.uint8).reshape(shape)
    path = _write(tmp_path / "x-idx", _idx(expected, 0x08))
    np.testing.assert_array_equal(read_idx(str(path)), expected)
    assert read_idx(path).shape == shape


@pytest.mark.parametrize("suffix", ["", ".gz"], ids=["plain", "gzip"])
@pytest.mark.parametrize("cut", [1, 4, 100], ids=["one-byte", "half-a-value", "many-bytes"])
def test_truncated_data_is_a_value_error(tmp_path: Path, suffix: str, cut: int) -> None:
    """A file missing data bytes raises ValueError saying how many bytes were expected."""
    raw = _idx(np.arange(60, dtype=np.int32).reshape(3, 20), 0x0C)
    path = _write(tmp_path / f"short-idx{suffix}", raw[:-cut])
    with pytest.raises(ValueError, match="expected 240 data bytes"):
        read_idx(path)


@pytest.mark.parametrize(
    "raw",
    [b"", b"\x00\x00", b"\x01\x00\x08\x01" + b"\x00" * 8, b"\x00\x00\x07\x01\x00\x00\x00\x01\x00",
     b"\x00\x00\x08\x03\x00\x00\x00\x02", b"\x00\x00\x08\x01\x00\x00\x00\x02" + b"\x01\x02\x03"],
    ids=["empty", "two-bytes", "bad-magic", "unknown-type", "truncated-header", "trailing-bytes"],
)
def test_malformed_files_are_value_errors(tmp_path: Path, raw: bytes) -> None:
    """Empty, non-IDX, unknown-type, short-header and over-long files raise ValueError naming the file."""
    path = _write(tmp_path / "bad-idx", raw)
    with pytest.raises(ValueError, match="bad-idx"):
        read_idx(path)


@pytest.mark.parametrize("damage", ["cut-stream", "not-gzip", "corrupt-stream"])
def test_broken_gzip_files_are_value_errors(tmp_path: Path, damage: str) -> None:
    """A cut-off, non-gzip or corrupted .gz file raises ValueError naming the file (not EOFError/OSError)."""
    raw = _idx(np.arange(200, dtype=np.uint8), 0x08)
    packed = gzip.compress(raw, mtime=0)
    data = {
        "cut-stream": packed[:-20],
        "not-gzip": raw,
        "corrupt-stream": packed[:15] + bytes([packed[15] ^ 0xFF]) + packed[16:],
    }[damage]
    path = tmp_path / "broken-idx1-ubyte.gz"
    path.write_bytes(data)
    with pytest.raises(ValueError, match=r"broken-idx1-ubyte\.gz"):
        read_idx(path)


def test_data_dir_needs_the_environment_variable(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """Without DLGRADE_DATA, or with it pointing nowhere, data_dir raises DataNotConfigured naming the variable."""
    monkeypatch.delenv(ENV, raising=False)
    with pytest.raises(DataNotConfigured, match=ENV):
        data_dir()
    monkeypatch.setenv(ENV, str(tmp_path / "missing"))
    with pytest.raises(DataNotConfigured, match=ENV):
        data_dir()
    monkeypatch.setenv(ENV, str(tmp_path))
    assert data_dir() == tmp_path
    with pytest.raises(DataNotConfigured, match="mnist"):
        mnist_path("train-labels-idx1-ubyte")


def test_mnist_path_prefers_gzip_and_loads_from_a_synthetic_folder(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """mnist_path finds .gz first, then the plain file; load_mnist returns ((x, y), (x, y)) in Keras's layout."""
    folder = tmp_path / "mnist"
    folder.mkdir()
    rng = np.random.default_rng(5)
    arrays = {
        "x_train": rng.integers(0, 256, (6, 28, 28)).astype(np.uint8),
        "y_train": rng.integers(0, 10, 6).astype(np.uint8),
        "x_test": rng.integers(0, 256, (2, 28, 28)).astype(np.uint8),
        "y_test": rng.integers(0, 10, 2).astype(np.uint8),
    }
    for key, name in MNIST_FILES.items():
        suffix = ".gz" if key.startswith("x") else ""
        _write(folder / f"{name}{suffix}", _idx(arrays[key], 0x08))
    _write(folder / MNIST_FILES["x_train"], b"not used: the .gz wins")
    monkeypatch.setenv(ENV, str(tmp_path))
    assert mnist_path(MNIST_FILES["x_train"]).name.endswith(".gz")
    assert mnist_path(MNIST_FILES["y_train"]).name == MNIST_FILES["y_train"]
    (x_train, y_train), (x_test, y_test) = load_mnist()
    for got, key in ((x_train, "x_train"), (y_train, "y_train"), (x_test, "x_test"), (y_test, "y_test")):
        np.testing.assert_array_equal(got, arrays[key], strict=True)


def _real_data() -> Path | None:
    for candidate in (os.environ.get(ENV), str(ROOT.parent / "shared" / "data")):
        if candidate and (Path(candidate) / "mnist").is_dir():
            return Path(candidate)
    return None


@pytest.mark.skipif(_real_data() is None, reason="no MNIST: set DLGRADE_DATA or provide ../shared/data")
def test_real_mnist(monkeypatch: pytest.MonkeyPatch) -> None:
    """The shared MNIST files: (60000, 28, 28)/(60000,) and (10000, 28, 28)/(10000,) uint8; labels start 5 0 4 1 9."""
    folder = _real_data()
    assert folder is not None
    monkeypatch.setenv(ENV, str(folder))
    (x_train, y_train), (x_test, y_test) = load_mnist()
    assert x_train.shape == (60000, 28, 28) and y_train.shape == (60000,)
    assert x_test.shape == (10000, 28, 28) and y_test.shape == (10000,)
    assert x_train.dtype == y_train.dtype == np.uint8
    assert y_train[:5].tolist() == [5, 0, 4, 1, 9]
    assert y_test[:5].tolist() == [7, 2, 1, 0, 4]
    assert int(x_train.max()) == 255 and int(x_train.min()) == 0
    assert np.bincount(y_train, minlength=10).tolist() == [5923, 6742, 5958, 6131, 5842, 5421, 5918, 6265, 5851, 5949]
