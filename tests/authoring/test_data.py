"""Reading IDX files, the data folder configuration, and the integrity of the data the grader trusts."""

from __future__ import annotations

import gzip
import hashlib
import importlib.util
import os
import re
import shutil
import stat
import struct
import tempfile
from collections.abc import Callable
from pathlib import Path
from types import SimpleNamespace

import numpy as np
import pytest

import grader.authoring.data
from grader.authoring.data import (
    ENV,
    IDX_DTYPES,
    KERAS_FILES,
    KERAS_OPTIONAL,
    KNOWN_SHA256,
    MNIST_FILES,
    DataIntegrityError,
    DataNotConfigured,
    data_dir,
    keras_home,
    load_mnist,
    mnist_path,
    read_idx,
    read_verified,
    verify,
)
from grader.authoring.imdb_data import WORD_INDEX_MD5
from grader.paths import REPO

ROOT = REPO


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
    """Without DLGRADE_DATA (and no installed data), or with it pointing nowhere, data_dir raises DataNotConfigured naming it."""
    monkeypatch.delenv(ENV, raising=False)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "no-installed-data"))  # the per-user folder: absent
    monkeypatch.setenv("HOME", str(tmp_path / "no-home"))
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
    with pytest.raises(DataIntegrityError, match=MNIST_FILES["x_train"]):  # not the real MNIST
        load_mnist()
    digests = {name: hashlib.sha256(_idx(arrays[key], 0x08)).hexdigest() for key, name in MNIST_FILES.items()}
    monkeypatch.setattr(grader.authoring.data, "KNOWN_SHA256", {**KNOWN_SHA256, **digests})
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


# ------------------------------------------------------------------ integrity of the data
SHARED = _real_data()
needs_shared = pytest.mark.skipif(SHARED is None, reason="no shared data: set DLGRADE_DATA or provide ../shared/data")
SMALL_MNIST = ("t10k-labels-idx1-ubyte", "train-labels-idx1-ubyte")
"""The MNIST files small enough to copy into every test (4.5 and 29 kB compressed)."""


def _shared(name: str) -> Path:
    assert SHARED is not None
    if name in KERAS_FILES:
        return SHARED / "keras" / "datasets" / name
    return SHARED / "mnist" / f"{name}.gz"


def _copy_data(tmp_path: Path, mnist: tuple[str, ...] = SMALL_MNIST) -> Path:
    """A data folder in tmp_path with copies of the shared Keras files and of the named MNIST files."""
    root = tmp_path / "data"
    (root / "keras" / "datasets").mkdir(parents=True)
    (root / "mnist").mkdir()
    for name in KERAS_FILES:
        shutil.copyfile(_shared(name), root / "keras" / "datasets" / name)
    for name in mnist:
        shutil.copyfile(_shared(name), root / "mnist" / f"{name}.gz")
    return root


def _flip_byte(path: Path, at: int = 100) -> None:
    """Change one byte of the file's content (of the decompressed content for a .gz, re-compressed)."""
    os.chmod(path, 0o644)
    raw = gzip.decompress(path.read_bytes()) if path.suffix == ".gz" else path.read_bytes()
    changed = raw[:at] + bytes([raw[at] ^ 0x01]) + raw[at + 1 :]
    path.write_bytes(gzip.compress(changed) if path.suffix == ".gz" else changed)


def _content(path: Path) -> bytes:
    """The content of a file as the check hashes it (decompressed for a .gz)."""
    return gzip.decompress(path.read_bytes()) if path.suffix == ".gz" else path.read_bytes()


@pytest.fixture
def private_tmp(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    """tempfile.gettempdir() (where keras_home makes the private home) inside tmp_path."""
    folder = tmp_path / "tmp"
    folder.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(folder))
    return folder


@needs_shared
def test_known_digests_are_those_of_the_shared_files_and_of_their_publishers() -> None:
    """Every shared file has its digest in KNOWN_SHA256, and the digests agree with SHA256SUMS-uncompressed and Keras's own."""
    assert SHARED is not None
    for name in KNOWN_SHA256:
        if name not in KERAS_OPTIONAL:  # no offline copy of those: their digests are Keras's own (below)
            verify(_shared(name), name)
    lines = (SHARED / "mnist" / "SHA256SUMS-uncompressed").read_text().split("\n")
    sums = {name: digest for digest, name in (line.split() for line in lines if line.strip())}
    assert {name: KNOWN_SHA256[name] for name in MNIST_FILES.values()} == sums
    spec = importlib.util.find_spec("keras")
    assert spec is not None and spec.origin is not None
    datasets = Path(spec.origin).parent / "src" / "datasets"
    assert KNOWN_SHA256["boston_housing.npz"] in (datasets / "boston_housing.py").read_text()
    assert KNOWN_SHA256["imdb.npz"] in (datasets / "imdb.py").read_text()
    assert KNOWN_SHA256["reuters.npz"] in (datasets / "reuters.py").read_text()
    keras_md5 = re.search(r'imdb_word_index\.json",\s*file_hash="([0-9a-f]{32})"', (datasets / "imdb.py").read_text())
    assert keras_md5 is not None
    assert hashlib.md5(_shared("imdb_word_index.json").read_bytes()).hexdigest() == keras_md5.group(1)  # noqa: S324


@needs_shared
@pytest.mark.parametrize("name", [*SMALL_MNIST, *KERAS_FILES])
def test_a_good_copy_passes(tmp_path: Path, name: str) -> None:
    """A copy of a shared file passes; read_verified gives its (decompressed) content."""
    root = _copy_data(tmp_path)
    path = next(root.rglob(f"{name}*"))
    verify(path)
    content = read_verified(path)
    assert hashlib.sha256(content).hexdigest() == KNOWN_SHA256[name]


@needs_shared
@pytest.mark.parametrize("name", [*SMALL_MNIST, *KERAS_FILES])
def test_a_changed_byte_raises_naming_the_file(tmp_path: Path, name: str) -> None:
    """One changed byte: DataIntegrityError naming the file, the expected and the actual digest, and what to do."""
    path = next(_copy_data(tmp_path).rglob(f"{name}*"))
    verify(path)  # good first: the check is not fooled by its earlier verdict
    _flip_byte(path)
    actual = hashlib.sha256(_content(path)).hexdigest()
    for check in (verify, read_verified):
        with pytest.raises(DataIntegrityError) as info:
            check(path)
        message = str(info.value)
        assert str(path) in message and KNOWN_SHA256[name] in message and actual in message
        assert "Restore it from" in message


@needs_shared
def test_a_broken_gzip_of_a_known_file_is_an_integrity_error(tmp_path: Path) -> None:
    """A known .gz that does not decompress raises DataIntegrityError (a ValueError) naming it."""
    path = _copy_data(tmp_path) / "mnist" / "t10k-labels-idx1-ubyte.gz"
    path.write_bytes(path.read_bytes()[:-20])
    with pytest.raises(DataIntegrityError, match=re.escape(str(path))):
        verify(path)


@needs_shared
def test_a_change_that_keeps_size_and_mtime_is_still_found(tmp_path: Path) -> None:
    """The per-process cache keys on the ctime too: a change with the size and mtime put back is hashed again."""
    path = _copy_data(tmp_path) / "keras" / "datasets" / "boston_housing.npz"
    verify(path)
    before = path.stat()
    _flip_byte(path)
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert path.stat().st_size == before.st_size
    with pytest.raises(DataIntegrityError, match=r"boston_housing\.npz"):
        verify(path)


@needs_shared
def test_an_unchanged_file_is_hashed_once_per_process(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """Checking the same unchanged file again hashes nothing; a rewritten file (new mtime/ctime) is hashed again."""
    path = _copy_data(tmp_path) / "mnist" / "train-labels-idx1-ubyte.gz"
    calls: list[int] = []

    def sha256(data: bytes = b"") -> hashlib._Hash:
        calls.append(len(data))
        return hashlib.sha256(data)

    monkeypatch.setattr(grader.authoring.data, "hashlib", SimpleNamespace(sha256=sha256))
    for _ in range(3):
        verify(path)
        read_verified(path)
    assert len(calls) == 1
    path.write_bytes(path.read_bytes())  # same content, a new write
    verify(path)
    assert len(calls) == 2


@needs_shared
def test_load_mnist_with_a_changed_file_raises_not_falls_back(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """load_mnist with one changed file raises DataIntegrityError (not DataNotConfigured, which means "download")."""
    root = _copy_data(tmp_path, tuple(MNIST_FILES.values()))
    monkeypatch.setenv(ENV, str(root))
    (_, y_train), _ = load_mnist()
    assert y_train[:5].tolist() == [5, 0, 4, 1, 9]
    _flip_byte(root / "mnist" / "t10k-labels-idx1-ubyte.gz", at=20)
    with pytest.raises(DataIntegrityError, match=r"t10k-labels-idx1-ubyte\.gz") as info:
        load_mnist()
    assert not isinstance(info.value, DataNotConfigured)


def _entries(folder: Path) -> list[Path]:
    return sorted(folder.rglob("*"))


@needs_shared
def test_keras_home_holds_read_only_verified_copies_not_links(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, private_tmp: Path
) -> None:
    """The private KERAS_HOME's datasets/ holds regular 0o444 copies with the known digests; no symbolic link anywhere."""
    root = _copy_data(tmp_path)
    monkeypatch.setenv(ENV, str(root))
    home = keras_home()
    assert home.parent == private_tmp
    assert stat.S_IMODE(home.stat().st_mode) == 0o700
    for entry in _entries(home):
        assert not entry.is_symlink(), entry
    for name in KERAS_FILES:
        copy = home / "datasets" / name
        assert copy.is_file() and not copy.is_symlink()
        assert stat.S_IMODE(copy.stat().st_mode) == 0o444
        assert hashlib.sha256(copy.read_bytes()).hexdigest() == KNOWN_SHA256[name]
        assert not copy.samefile(root / "keras" / "datasets" / name)
    assert keras_home() == home  # again: same home, nothing to do


@needs_shared
def test_keras_home_replaces_the_links_an_older_version_made(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, private_tmp: Path
) -> None:
    """Links to the shared files (the old layout) and a linked datasets/ are replaced by copies; the link targets stay intact."""
    root = _copy_data(tmp_path)
    monkeypatch.setenv(ENV, str(root))
    home = keras_home()
    shutil.rmtree(home)
    (home / "datasets").mkdir(parents=True)
    for name in KERAS_FILES:  # what grader.authoring.data.keras_home() used to make
        (home / "datasets" / name).symlink_to(root / "keras" / "datasets" / name)
    assert keras_home() == home
    assert not any(entry.is_symlink() for entry in _entries(home))
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    shutil.rmtree(home / "datasets")
    (home / "datasets").symlink_to(elsewhere)
    keras_home()
    assert not (home / "datasets").is_symlink() and (home / "datasets").is_dir()
    assert list(elsewhere.iterdir()) == []
    for name in KERAS_FILES:
        verify(root / "keras" / "datasets" / name)
        verify(home / "datasets" / name)


@needs_shared
@pytest.mark.parametrize(
    "tamper",
    [
        _flip_byte,
        lambda p: p.unlink(),
        lambda p: (p.unlink(), p.write_bytes(b"{}")),
        lambda p: os.chmod(p, 0o644),
        lambda p: (p.unlink(), p.symlink_to(p.parent.parent / "keras.json")),
    ],
    ids=["changed-byte", "deleted", "replaced", "made-writable", "made-a-link"],
)
def test_a_tampered_private_copy_is_replaced_from_the_verified_source(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, private_tmp: Path, tamper: Callable[[Path], object]
) -> None:
    """A copy in the private home that was changed, deleted, replaced, made writable or a link is replaced by a good copy."""
    root = _copy_data(tmp_path)
    monkeypatch.setenv(ENV, str(root))
    copy = keras_home() / "datasets" / "imdb_word_index.json"
    verify(copy)
    tamper(copy)
    keras_home()
    assert copy.is_file() and not copy.is_symlink() and stat.S_IMODE(copy.stat().st_mode) == 0o444
    assert hashlib.sha256(copy.read_bytes()).hexdigest() == KNOWN_SHA256["imdb_word_index.json"]


@needs_shared
def test_keras_home_with_a_changed_shared_file_raises_naming_it(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, private_tmp: Path
) -> None:
    """A changed shared Keras file is never copied: keras_home raises DataIntegrityError naming the shared file."""
    root = _copy_data(tmp_path)
    monkeypatch.setenv(ENV, str(root))
    source = root / "keras" / "datasets" / "boston_housing.npz"
    _flip_byte(source)
    with pytest.raises(DataIntegrityError, match=re.escape(str(source))):
        keras_home()
    assert not list(private_tmp.rglob("boston_housing.npz"))


@needs_shared
def test_a_private_copy_that_cannot_be_replaced_raises_naming_it(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, private_tmp: Path
) -> None:
    """A folder squatting on a copy's name cannot be replaced: DataIntegrityError naming it and saying what to do."""
    root = _copy_data(tmp_path)
    monkeypatch.setenv(ENV, str(root))
    copy = keras_home() / "datasets" / "boston_housing.npz"
    copy.unlink()
    (copy / "inside").mkdir(parents=True)
    with pytest.raises(DataIntegrityError, match=rf"{re.escape(str(copy))}: cannot replace .* delete .* and re-run"):
        keras_home()


@needs_shared
def test_keras_accepts_the_private_copies_without_downloading(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, private_tmp: Path
) -> None:
    """Keras's own get_file (its own hash check) takes both private copies as they are, with no download attempt."""
    keras = pytest.importorskip("keras")
    from keras.src.utils import file_utils  # type: ignore[import-untyped]

    def no_download(*args: object, **kwargs: object) -> None:
        raise AssertionError(f"download attempted: {args}")

    monkeypatch.setattr(file_utils, "urlretrieve", no_download)
    root = _copy_data(tmp_path)
    monkeypatch.setenv(ENV, str(root))
    home = keras_home()
    hashes = {"imdb_word_index.json": WORD_INDEX_MD5, "boston_housing.npz": KNOWN_SHA256["boston_housing.npz"]}
    for name, file_hash in hashes.items():
        path = keras.utils.get_file(fname=name, origin=f"{grader.authoring.data.KERAS_ORIGIN}{name}", file_hash=file_hash,
                                    cache_dir=str(home))
        assert Path(path) == home / "datasets" / name


@needs_shared
@pytest.mark.parametrize("name", KERAS_OPTIONAL)
def test_keras_home_takes_an_installed_dataset_only_with_its_known_digest(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, private_tmp: Path, name: str
) -> None:
    """imdb.npz / reuters.npz in the data folder (dlgrade data install) go to the private home, checked: a stand-in is refused."""
    root = _copy_data(tmp_path)
    monkeypatch.setenv(ENV, str(root))
    assert not (keras_home() / "datasets" / name).exists()  # not installed: Keras downloads it where it can
    (root / "keras" / "datasets" / name).write_bytes(b"not the real reviews")
    with pytest.raises(DataIntegrityError) as info:
        keras_home()
    assert name in str(info.value) and KNOWN_SHA256[name] in str(info.value)
