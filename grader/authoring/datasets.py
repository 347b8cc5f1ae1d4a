"""The datasets the exercises use: their files, known digests and places, and a clear error when one is missing.

Every file is known by its path under a data folder (:func:`grader.authoring.data.data_home`):
``mnist/<IDX file>`` (``.gz`` or not; dlgrade's own loader reads them) and ``keras/datasets/<name>``
(Keras's cache format, also installed into Keras's own cache, :func:`keras_cache`, where
``keras.datasets`` finds it without a download). Each has a known digest — :data:`KNOWN_SHA256`
(MNIST's of the decompressed content) and/or the hash ``keras.datasets`` itself checks
(:data:`KERAS_HASHES`) — so a file is trusted only when it is the publisher's file.

Nothing here imports Keras: a learner without the ``keras`` extra can install and check data.
"""

from __future__ import annotations

import contextlib
import gzip
import hashlib
import os
import zlib
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType

from grader.authoring.data import KNOWN_SHA256, MNIST_FILES, DataNotConfigured, data_home
from grader.feedback.messages import language, text

KERAS_HASHES: Mapping[str, tuple[str, str]] = MappingProxyType({
    # (algorithm, digest) as keras/src/datasets/*.py pass them to keras.utils.get_file
    "mnist.npz": ("sha256", "731c5ac602752760c8e48fbffcf8c3b850d9dc2a2aedcf2cc48468fc17b673d1"),
    "imdb.npz": ("sha256", "69664113be75683a8fe16e3ed0ab59fda8886cb3cd7ada244f7d9544e4676b9f"),
    "imdb_word_index.json": ("md5", "bfafd718b763782e994055a2d397834f"),
    "reuters.npz": ("sha256", "d6586e694ee56d7a4e65172e12b3e987c03096cb01eab99753921ef915959916"),
    "reuters_word_index.json": ("md5", "4d44cc38712099c9e383dc6e5f11a921"),
    "boston_housing.npz": ("sha256", "f553886a1f8d56431e820c5b82552d9d95cfcb96d1e678153f8839538947dff5"),
})  # fmt: skip
"""The hashes ``keras.datasets`` checks for its cache files (it deletes and downloads again a file without its hash)."""

KERAS_DIR = "keras/datasets"
MAX_FILE_BYTES = 256 << 20
"""No dataset file is larger (MNIST's training images: 47 MB decompressed); anything larger is refused."""
CHUNK = 1 << 20


@dataclass(frozen=True)
class DataFile:
    """One file of a dataset.

    Attributes:
        path: its path under a data folder, ``/``-separated, without ``.gz`` (``mnist/t10k-labels-idx1-ubyte``).
        dataset: ``mnist``, ``imdb``, ``reuters`` or ``housing``.
        optional: whether the dataset works without it (``mnist.npz``: dlgrade reads MNIST's IDX files).
    """

    path: str
    dataset: str
    optional: bool = False

    @property
    def name(self) -> str:
        """The file's name (without ``.gz``)."""
        return self.path.rsplit("/", 1)[-1]

    @property
    def in_keras_cache(self) -> bool:
        """Whether ``keras.datasets`` reads it from its cache."""
        return self.path.startswith(KERAS_DIR + "/")


FILES: tuple[DataFile, ...] = (
    *(DataFile(f"mnist/{name}", "mnist") for name in MNIST_FILES.values()),
    DataFile(f"{KERAS_DIR}/mnist.npz", "mnist", optional=True),
    DataFile(f"{KERAS_DIR}/imdb.npz", "imdb"),
    DataFile(f"{KERAS_DIR}/imdb_word_index.json", "imdb"),
    DataFile(f"{KERAS_DIR}/reuters.npz", "reuters"),
    DataFile(f"{KERAS_DIR}/reuters_word_index.json", "reuters"),
    DataFile(f"{KERAS_DIR}/boston_housing.npz", "housing"),
)
"""Every file dlgrade knows, in the order the exercises meet them."""


def entry(path: str) -> DataFile:
    """The :data:`FILES` entry of a path under a data folder (MNIST's with or without ``.gz``).

    Raises:
        KeyError: for a path that is not a known dataset file.
    """
    base = path.removesuffix(".gz") if path.startswith("mnist/") else path
    for known in FILES:
        if known.path == base:
            return known
    raise KeyError(f"{path} is not a dataset file dlgrade knows")


def keras_cache(environ: Mapping[str, str] | None = None) -> Path:
    """Keras's download cache: ``$KERAS_HOME/datasets``, else ``~/.keras/datasets`` (as ``keras.datasets`` reads it)."""
    environ = os.environ if environ is None else environ
    home = environ.get("KERAS_HOME")
    return Path(home) / "datasets" if home else Path.home() / ".keras" / "datasets"


def places(known: DataFile) -> tuple[Path, ...]:
    """Where a file is installed, the place its readers look first: Keras's cache, then dlgrade's data folder."""
    folder = data_home()
    if known.in_keras_cache:
        return (keras_cache() / known.name, folder / known.path)
    return (folder / known.path,)


@dataclass(frozen=True)
class Digests:
    """A file's digests: of its bytes, and of its content (decompressed for a ``.gz``)."""

    sha256: str
    md5: str
    content_sha256: str
    size: int


def digests(path: Path, limit: int = MAX_FILE_BYTES, *, content: bool = True) -> Digests:
    """The digests of a file, read in chunks (a ``.gz`` is decompressed, at most ``limit`` bytes).

    ``content=False``: the bytes' digests only (``content_sha256`` is then the bytes' too).

    Raises:
        ValueError: the file (or its decompressed content) is larger than ``limit``, or a ``.gz`` is corrupt.
        OSError: it cannot be read.
    """
    sha, md5, size = hashlib.sha256(), hashlib.md5(usedforsecurity=False), 0
    with open(path, "rb") as fh:
        while chunk := fh.read(CHUNK):
            size += len(chunk)
            if size > limit:
                raise ValueError(f"{path.name} is larger than {limit} bytes")
            sha.update(chunk)
            md5.update(chunk)
    inner = sha
    if content and path.name.endswith(".gz"):
        inner, total = hashlib.sha256(), 0
        try:
            with gzip.open(path, "rb") as fh:
                while chunk := fh.read(CHUNK):
                    total += len(chunk)
                    if total > limit:
                        raise ValueError(f"{path.name} decompresses to more than {limit} bytes")
                    inner.update(chunk)
        except (EOFError, gzip.BadGzipFile, zlib.error) as exc:  # cut off, or not gzip at all
            raise ValueError(f"{path.name}: truncated or corrupt gzip file ({exc})") from exc
    return Digests(sha.hexdigest(), md5.hexdigest(), inner.hexdigest(), size)


def known_problem(found: Digests, known: DataFile) -> str | None:
    """What is wrong with a file of these digests, as the known file (None: it is the publisher's file)."""
    expected = KNOWN_SHA256.get(known.name)
    if expected is not None and found.content_sha256 != expected:
        what = "its content" if known.path.startswith("mnist/") else "it"
        return f"the SHA-256 of {what} is {found.content_sha256}, expected {expected}"
    if known.name in KERAS_HASHES:
        algorithm, digest = KERAS_HASHES[known.name]
        got = found.sha256 if algorithm == "sha256" else found.md5
        if got != digest:
            return f"its {algorithm} is {got}, keras.datasets expects {digest}"
    return None


def check_file(path: Path, known: DataFile) -> str | None:
    """None if ``path`` is the publisher's file ``known``, else why not (unreadable, too large, other digest)."""
    try:
        return known_problem(digests(path), known)
    except (OSError, ValueError) as exc:
        return str(exc)


class DatasetMissing(DataNotConfigured):
    """A dataset is not on this computer and could not be downloaded; the message says what to run."""


def missing_message(name: str, reason: str, lang: str | None = None) -> str:
    """The learner's message for a missing dataset file ``name`` (e.g. ``imdb.npz``), in their language."""
    where = str(keras_cache() / name)
    if name == "mnist.npz":
        where += f" / {data_home() / 'mnist'}"
    return text("data_missing", lang or language(), files=where, reason=reason)


def _download_failure(exc: BaseException) -> str | None:
    """Why a download failed, if ``exc`` is one (Keras wraps urllib's errors in a bare Exception); else None."""
    if isinstance(exc, OSError):
        return f"{type(exc).__name__}: {exc}"
    if type(exc) is Exception and isinstance(exc.__context__, OSError):
        return str(exc).splitlines()[0][:300] if str(exc) else type(exc.__context__).__name__
    return None


@contextlib.contextmanager
def explain_missing(name: str) -> Iterator[None]:
    """Turn a failed ``keras.datasets`` download of file ``name`` into :class:`DatasetMissing` (what to run).

    Other errors pass through unchanged. Used around the exercises' ``load_data`` and the suites' loaders::

        with explain_missing("imdb.npz"):
            return keras.datasets.imdb.load_data(num_words=num_words)
    """
    try:
        yield
    except Exception as exc:  # keras.utils.get_file raises a bare Exception; anything but a failed download is re-raised
        reason = _download_failure(exc)
        if reason is None:
            raise
        raise DatasetMissing(missing_message(name, reason)) from None
