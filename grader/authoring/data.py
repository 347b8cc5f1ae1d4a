"""The trusted side's data: MNIST from the original IDX files, and where data lives.

The data folder is named by the ``DLGRADE_DATA`` environment variable (a folder with
``mnist/`` holding the four IDX files, and ``keras/datasets/`` in Keras's cache format); when
it is not set, the per-user folder :func:`user_data_dir`, where ``dlgrade data install`` puts
the data, is used if it exists.

Every file the grader reads from it is checked against its known SHA-256
(:data:`KNOWN_SHA256`) before use: a changed file raises :class:`DataIntegrityError`
naming it, never a silent download. A check is made once per process per file (and
again whenever the file's inode, size, mtime or ctime changes).
"""

from __future__ import annotations

import contextlib
import gzip
import hashlib
import os
import stat
import struct
import sys
import tempfile
import zlib
from collections.abc import Mapping
from pathlib import Path
from types import MappingProxyType
from typing import Any

import numpy as np

from grader.paths import user_id, write_atomically

ENV = "DLGRADE_DATA"
IDX_DTYPES = {0x08: ">u1", 0x09: ">i1", 0x0B: ">i2", 0x0C: ">i4", 0x0D: ">f4", 0x0E: ">f8"}
MNIST_FILES = {
    "x_train": "train-images-idx3-ubyte",
    "y_train": "train-labels-idx1-ubyte",
    "x_test": "t10k-images-idx3-ubyte",
    "y_test": "t10k-labels-idx1-ubyte",
}
KERAS_FILES = ("imdb_word_index.json", "boston_housing.npz")
"""The Keras cache files of ``keras/datasets/`` that :func:`keras_home` copies (the offline data folder has them)."""
KERAS_OPTIONAL = ("imdb.npz", "reuters.npz")
"""Keras cache files :func:`keras_home` copies too where ``dlgrade data install`` put them (no offline copy here)."""
KERAS_ORIGIN = "https://storage.googleapis.com/tensorflow/tf-keras-datasets/"
MNIST_ORIGIN = "the original MNIST distribution (train-images-idx3-ubyte.gz etc., yann.lecun.com/exdb/mnist and its mirrors)"

KNOWN_SHA256: Mapping[str, str] = MappingProxyType({
    # MNIST: the digest of the *decompressed* IDX file, so that a .gz wrapper made anywhere
    # (or the plain file) passes; from $DLGRADE_DATA/mnist/SHA256SUMS-uncompressed.
    "train-images-idx3-ubyte": "ba891046e6505d7aadcbbe25680a0738ad16aec93bde7f9b65e87a2fc25776db",
    "train-labels-idx1-ubyte": "65a50cbbf4e906d70832878ad85ccda5333a97f0f4c3dd2ef09a8a9eef7101c5",
    "t10k-images-idx3-ubyte": "0fa7898d509279e482958e8ce81c8e77db3f2f8254e26661ceb7762c4d494ce7",
    "t10k-labels-idx1-ubyte": "ff7bcfd416de33731a308c3f266cc351222c34898ecbeaf847f06e48f7ec33f2",
    # keras.datasets.imdb.get_word_index() checks MD5 bfafd718b763782e994055a2d397834f; this
    # is the SHA-256 of the file with that MD5.
    "imdb_word_index.json": "027313fe9a320280f3bf0fac5baf58c4a683cf39a7ed9c3d3d3912bde4284cf6",
    # the file_hash of keras.datasets.boston_housing.load_data()
    "boston_housing.npz": "f553886a1f8d56431e820c5b82552d9d95cfcb96d1e678153f8839538947dff5",
    # the file_hash of keras.datasets.imdb.load_data() and keras.datasets.reuters.load_data()
    "imdb.npz": "69664113be75683a8fe16e3ed0ab59fda8886cb3cd7ada244f7d9544e4676b9f",
    "reuters.npz": "d6586e694ee56d7a4e65172e12b3e987c03096cb01eab99753921ef915959916",
})  # fmt: skip
"""SHA-256 of every dataset file the grader reads, by file name (MNIST: without ``.gz``)."""


class DataNotConfigured(RuntimeError):
    """The data folder is not configured or lacks a file."""


class DataIntegrityError(ValueError):
    """A dataset file does not have its known SHA-256 (changed, damaged or replaced).

    Not a :class:`DataNotConfigured`: callers that fall back to ``keras.datasets`` (which
    downloads) when the data is not configured must not do so for a wrong file.
    """


def known_name(path: str | os.PathLike[str]) -> str:
    """The name :data:`KNOWN_SHA256` knows a file by (``.gz`` removed).

    Raises:
        KeyError: for a file with no known digest.
    """
    name = Path(path).name.removesuffix(".gz")
    if name not in KNOWN_SHA256:
        raise KeyError(f"no known SHA-256 for {name}")
    return name


def _origin(name: str) -> str:
    return f"{KERAS_ORIGIN}{name}" if name in (*KERAS_FILES, *KERAS_OPTIONAL) else MNIST_ORIGIN


def _mismatch(path: str | os.PathLike[str], name: str, actual: str) -> DataIntegrityError:
    content = "decompressed content" if str(path).endswith(".gz") else "content"
    return DataIntegrityError(
        f"{path}: the SHA-256 of its {content} is {actual}, expected {KNOWN_SHA256[name]} ({name}): the file "
        f"has been changed or damaged. Restore it from {_origin(name)} (the grader will not download it)."
    )


_VERIFIED: dict[tuple[int, int, int, int, int], str] = {}
"""Files found good in this process: (device, inode, size, mtime, ctime) -> the digest checked.

A change of the content changes the mtime and the ctime (which no one but root can set
back), so a file with the same key is the same file."""


def _key(st: os.stat_result) -> tuple[int, int, int, int, int]:
    return (st.st_dev, st.st_ino, st.st_size, st.st_mtime_ns, st.st_ctime_ns)


def _content(path: str | os.PathLike[str], raw: bytes) -> bytes:
    """The content of a file read as ``raw`` (decompressed for a ``.gz``)."""
    if not str(path).endswith(".gz"):
        return raw
    try:
        return gzip.decompress(raw)
    except (EOFError, gzip.BadGzipFile, zlib.error) as exc:  # a cut-off download or not gzip at all
        raise ValueError(f"{path}: truncated or corrupt gzip file ({exc})") from exc


def read_verified(path: str | os.PathLike[str], name: str | None = None) -> bytes:
    """The content of a known dataset file (decompressed for a ``.gz``), checked against its SHA-256.

    Args:
        path: the file (symbolic links are followed).
        name: its name in :data:`KNOWN_SHA256` (default: from ``path``).

    Raises:
        DataIntegrityError: if the content does not have the known digest (or a ``.gz`` does
            not decompress); the message names the file, both digests and what to do.
        DataNotConfigured: if the file does not exist.
    """
    name = known_name(path) if name is None else name
    expected = KNOWN_SHA256[name]
    try:
        with open(path, "rb") as fh:
            before = _key(os.fstat(fh.fileno()))
            raw = fh.read()
            after = _key(os.fstat(fh.fileno()))
    except FileNotFoundError as exc:
        raise DataNotConfigured(f"{path} does not exist") from exc
    try:
        content = _content(path, raw)
    except ValueError as exc:
        raise DataIntegrityError(
            f"{exc}; expected {name} with SHA-256 {expected}. Restore it from {_origin(name)} "
            "(the grader will not download it)."
        ) from exc
    if before == after and _VERIFIED.get(after) == expected:
        return content
    actual = hashlib.sha256(content).hexdigest()
    if actual != expected:
        raise _mismatch(path, name, actual)
    if before == after:
        _VERIFIED[after] = expected
    return content


def verify(path: str | os.PathLike[str], name: str | None = None) -> None:
    """Check a known dataset file against its SHA-256 (once per process while it is unchanged).

    Raises:
        DataIntegrityError: as :func:`read_verified`.
        DataNotConfigured: if the file does not exist.
    """
    name = known_name(path) if name is None else name
    try:
        st = os.stat(path)
    except FileNotFoundError as exc:
        raise DataNotConfigured(f"{path} does not exist") from exc
    if _VERIFIED.get(_key(st)) != KNOWN_SHA256[name]:
        read_verified(path, name)


def user_data_dir(platform: str = sys.platform, environ: Mapping[str, str] | None = None) -> Path:
    r"""The per-user data folder: where ``dlgrade data install`` puts the data when ``DLGRADE_DATA`` is unset.

    Windows: ``%LOCALAPPDATA%\dlgrade``; macOS: ``~/Library/Application Support/dlgrade``;
    elsewhere ``$XDG_DATA_HOME/dlgrade`` (default ``~/.local/share/dlgrade``). It may not exist yet.
    """
    environ = os.environ if environ is None else environ
    home = Path(environ["HOME"]) if environ.get("HOME") else Path.home()
    if platform == "win32":
        return Path(environ.get("LOCALAPPDATA") or home / "AppData" / "Local") / "dlgrade"
    if platform == "darwin":
        return home / "Library" / "Application Support" / "dlgrade"
    return Path(environ.get("XDG_DATA_HOME") or home / ".local" / "share") / "dlgrade"


def data_home() -> Path:
    """Where dlgrade's data goes: ``DLGRADE_DATA`` if set, else :func:`user_data_dir` (either may not exist yet)."""
    value = os.environ.get(ENV)
    return Path(value) if value else user_data_dir()


def data_dir() -> Path:
    """The data folder: ``DLGRADE_DATA`` if set, else :func:`user_data_dir` if it exists.

    Raises:
        DataNotConfigured: if ``DLGRADE_DATA`` names no folder, or it is unset and no data is installed.
    """
    value = os.environ.get(ENV)
    if value:
        if not Path(value).is_dir():
            raise DataNotConfigured(f"data not configured: {ENV}={value} is not a folder (it should hold mnist/)")
        return Path(value)
    default = user_data_dir()
    if not default.is_dir():
        raise DataNotConfigured(f"no dlgrade data: run `dlgrade data install` (it installs into {default}), "
                                f"or set {ENV} to a data folder (it holds mnist/)")
    return default


def mnist_dir() -> Path:
    """The folder with the MNIST IDX files."""
    path = data_dir() / "mnist"
    if not path.is_dir():
        raise DataNotConfigured(f"{path} does not exist: run `dlgrade data install`")
    return path


def read_idx(path: str | os.PathLike[str]) -> np.ndarray[Any, Any]:
    """Read one IDX file (optionally gzip-compressed) into a native-byte-order array.

    Any IDX file: nothing is checked against a known digest (:func:`load_mnist` does that).

    Raises:
        ValueError: for a truncated or malformed file.
    """
    with open(path, "rb") as fh:
        raw = fh.read()
    return parse_idx(_content(path, raw), path)


def parse_idx(raw: bytes, path: str | os.PathLike[str] = "<bytes>") -> np.ndarray[Any, Any]:
    """The array in the (decompressed) bytes of an IDX file; ``path`` names it in errors.

    Raises:
        ValueError: for a truncated or malformed file.
    """
    if len(raw) < 4 or raw[0] != 0 or raw[1] != 0 or raw[2] not in IDX_DTYPES:
        raise ValueError(f"{path}: not an IDX file")
    ndim = raw[3]
    header = 4 + 4 * ndim
    if len(raw) < header:
        raise ValueError(f"{path}: truncated header")
    shape = struct.unpack(f">{ndim}I", raw[4:header])
    dtype = np.dtype(IDX_DTYPES[raw[2]])
    size = int(np.prod(shape, dtype=np.int64)) * dtype.itemsize
    if len(raw) != header + size:
        raise ValueError(f"{path}: expected {size} data bytes, found {len(raw) - header}")
    return np.frombuffer(raw, dtype=dtype, offset=header).reshape(shape).astype(dtype.newbyteorder("="))


def mnist_path(name: str) -> Path:
    """Path of one MNIST file (``.gz`` or not) in the data folder."""
    folder = mnist_dir()
    for candidate in (folder / f"{name}.gz", folder / name):
        if candidate.is_file():
            return candidate
    raise DataNotConfigured(f"{name} not found in {folder}: run `dlgrade data install`")


def load_mnist() -> tuple[tuple[np.ndarray[Any, Any], np.ndarray[Any, Any]], tuple[np.ndarray[Any, Any], np.ndarray[Any, Any]]]:
    """MNIST as ``keras.datasets.mnist.load_data()`` returns it, from the IDX files.

    Raises:
        DataNotConfigured: if the data folder or a file is missing.
        DataIntegrityError: if a file is not the original MNIST file (its decompressed SHA-256).
    """
    arrays = {}
    for key, name in MNIST_FILES.items():
        path = mnist_path(name)
        arrays[key] = parse_idx(read_verified(path, name), path)
    return (arrays["x_train"], arrays["y_train"]), (arrays["x_test"], arrays["y_test"])


def keras_file(name: str) -> Path:
    """The shared Keras cache file ``name`` (e.g. ``imdb_word_index.json``), checked against its SHA-256.

    Raises:
        DataNotConfigured: if the data folder is not configured or lacks the file.
        DataIntegrityError: if the file does not have its known digest.
    """
    path = data_dir() / "keras" / "datasets" / name
    verify(path, name)
    return path


def keras_home() -> Path:
    """A private ``KERAS_HOME`` whose ``datasets/`` holds verified copies of the shared Keras cache files.

    ``keras.datasets.imdb.get_word_index()`` and ``keras.datasets.boston_housing.load_data()``
    (and the IMDB and Reuters ``load_data()`` where their files were installed) then work offline,
    unchanged, and Keras writes its ``keras.json`` here, never into the
    shared data folder. Set ``os.environ["KERAS_HOME"]`` to it *before* importing keras.

    Each of :data:`KERAS_FILES` present in the shared folder is a read-only (0o444) copy,
    never a link to the shared file (through which a learner's code could write). The copies
    are checked at every call (hashed again only when a file changed): a missing, changed,
    linked or writable copy is replaced from the verified shared file. Keras downloads a
    file missing from the shared folder where it can, as it always did.

    Raises:
        DataNotConfigured: if the data folder has no ``keras/datasets``.
        DataIntegrityError: if a shared file does not have its known digest, or the private
            folder cannot be made or repaired (the message names the file).
    """
    shared = data_dir() / "keras" / "datasets"
    if not shared.is_dir():
        raise DataNotConfigured(f"{shared} does not exist")
    tag = hashlib.sha256(str(shared.resolve()).encode()).hexdigest()[:12]
    home = _private_dir(Path(tempfile.gettempdir()) / f"dlgrade-keras-home-{user_id()}-{tag}")
    datasets = _private_dir(home / "datasets")
    for name in (*KERAS_FILES, *KERAS_OPTIONAL):
        source = shared / name
        if source.is_file():
            _install(source, datasets / name, name)
    return home


def _private_dir(path: Path) -> Path:
    """``path`` as a real folder of this user (a symbolic link in its place is removed)."""
    with contextlib.suppress(FileExistsError):
        path.mkdir(mode=0o700)
    st = os.lstat(path)
    if stat.S_ISLNK(st.st_mode) and st.st_uid == user_id():
        with contextlib.suppress(FileNotFoundError):  # another grading process removed it first
            path.unlink()
        with contextlib.suppress(FileExistsError):
            path.mkdir(mode=0o700)
        st = os.lstat(path)
    if not stat.S_ISDIR(st.st_mode) or st.st_uid != user_id():
        raise DataIntegrityError(f"{path} is not a folder of this user: delete it and re-run")
    if stat.S_IMODE(st.st_mode) != 0o700:  # made by an older version (0o755)
        os.chmod(path, 0o700)
    return path


def _install(source: Path, target: Path, name: str) -> None:
    """Make ``target`` a read-only, verified copy of the verified ``source``."""
    try:
        st = os.lstat(target)
    except FileNotFoundError:
        pass
    else:
        if stat.S_ISREG(st.st_mode) and st.st_uid == user_id() and stat.S_IMODE(st.st_mode) == 0o444:
            with contextlib.suppress(DataIntegrityError, DataNotConfigured):  # changed, or gone meanwhile
                verify(target, name)
                return
    content = read_verified(source, name)  # raises for a wrong shared file: nothing to copy
    try:
        write_atomically(target, content, mode=0o444)
    except OSError as exc:
        raise DataIntegrityError(
            f"{target}: cannot replace it with a verified copy of {source} ({exc}): delete {target.parent.parent} and re-run"
        ) from exc
    verify(target, name)
