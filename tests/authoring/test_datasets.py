"""Where the data lives per platform, the known dataset files, and the message for a missing dataset."""

from __future__ import annotations

import urllib.error
from pathlib import Path

import pytest

from grader.authoring import datasets
from grader.authoring.data import ENV, DataNotConfigured, data_dir, data_home, user_data_dir
from grader.authoring.datasets import FILES, KERAS_HASHES, DatasetMissing, entry, explain_missing, keras_cache


@pytest.mark.parametrize(
    ("platform", "environ", "expected"),
    [
        ("linux", {"HOME": "/home/li"}, "/home/li/.local/share/dlgrade"),
        ("linux", {"HOME": "/home/li", "XDG_DATA_HOME": "/data/li"}, "/data/li/dlgrade"),
        ("darwin", {"HOME": "/Users/li"}, "/Users/li/Library/Application Support/dlgrade"),
        ("win32", {"LOCALAPPDATA": "C:/Users/li/AppData/Local"}, "C:/Users/li/AppData/Local/dlgrade"),
        ("win32", {"HOME": "/c/Users/li"}, "/c/Users/li/AppData/Local/dlgrade"),
    ],
)
def test_user_data_dir_per_platform(platform: str, environ: dict[str, str], expected: str) -> None:
    """XDG on Linux, Application Support on macOS, LOCALAPPDATA on Windows."""
    assert user_data_dir(platform, environ) == Path(expected)


def test_data_dir_falls_back_to_the_installed_folder(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """Without DLGRADE_DATA, the per-user folder is the data folder once it exists; before, the error says what to run."""
    monkeypatch.delenv(ENV, raising=False)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path))
    monkeypatch.setenv("HOME", str(tmp_path))
    with pytest.raises(DataNotConfigured, match="dlgrade data install"):
        data_dir()
    assert data_home() == tmp_path / "dlgrade"
    (tmp_path / "dlgrade").mkdir()
    assert data_dir() == tmp_path / "dlgrade"
    monkeypatch.setenv(ENV, str(tmp_path / "elsewhere"))
    assert data_home() == tmp_path / "elsewhere"
    with pytest.raises(DataNotConfigured, match=ENV):
        data_dir()


def test_keras_cache_follows_keras_home(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """$KERAS_HOME/datasets when set, else ~/.keras/datasets — where keras.datasets looks."""
    assert keras_cache({"KERAS_HOME": str(tmp_path)}) == tmp_path / "datasets"
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    assert keras_cache({}) == tmp_path / "home" / ".keras" / "datasets"


def test_every_file_is_known_and_found_by_its_paths() -> None:
    """Each catalogue file has a known digest; MNIST's paths with or without .gz, others exactly; unknown paths refused."""
    for known in FILES:
        assert known.name in KERAS_HASHES or known.path.startswith("mnist/"), known
        assert entry(known.path) is known
    assert entry("mnist/t10k-labels-idx1-ubyte.gz").dataset == "mnist"
    for path in ("keras/datasets/imdb.npz.gz", "mnist/evil", "../mnist/t10k-labels-idx1-ubyte", "imdb.npz"):
        with pytest.raises(KeyError):
            entry(path)


def test_keras_hashes_are_those_keras_checks() -> None:
    """KERAS_HASHES agree with the file_hash values in the installed Keras's dataset modules."""
    import importlib.util

    spec = importlib.util.find_spec("keras")
    if spec is None or spec.origin is None:
        pytest.skip("Keras is not installed (the keras extra)")
    sources = "".join(p.read_text() for p in (Path(spec.origin).parent / "src" / "datasets").glob("*.py"))
    for name, (_, digest) in KERAS_HASHES.items():
        assert digest in sources, name


def _keras_style_failure() -> None:
    """Raise as keras.utils.get_file does when it cannot download: a bare Exception while handling URLError."""
    try:
        raise urllib.error.URLError("[Errno -3] Temporary failure in name resolution")
    except urllib.error.URLError as e:
        raise Exception(f"URL fetch failure on https://storage.googleapis.com/x/reuters.npz: None -- {e.reason}")  # noqa: B904 - as Keras raises it


def test_a_failed_download_names_the_file_and_the_command(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """The learner sees the file, where it belongs, and `dlgrade data install` — in English or Chinese, no chain."""
    monkeypatch.setenv("KERAS_HOME", str(tmp_path))
    monkeypatch.setenv("DLGRADE_LANG", "en")
    with pytest.raises(DatasetMissing) as caught, explain_missing("reuters.npz"):
        _keras_style_failure()
    message = str(caught.value)
    assert str(tmp_path / "datasets" / "reuters.npz") in message
    assert "dlgrade data install" in message and "Temporary failure in name resolution" in message
    assert caught.value.__suppress_context__ and caught.value.__cause__ is None
    assert isinstance(caught.value, DataNotConfigured)  # callers that fall back on missing data still do
    monkeypatch.setenv("DLGRADE_LANG", "zh")
    with pytest.raises(DatasetMissing, match=r"本机上没有.*dlgrade data install"), explain_missing("reuters.npz"):
        raise urllib.error.URLError("refused")


def test_other_errors_pass_through() -> None:
    """Anything but a failed download (a bad argument, a corrupt cache file) is raised unchanged."""
    with pytest.raises(ValueError, match="num_words"), explain_missing("imdb.npz"):
        raise ValueError("num_words must be positive")
    with pytest.raises(Exception, match="plain") as caught, explain_missing("imdb.npz"):
        raise Exception("plain")
    assert type(caught.value) is Exception


def test_mnist_message_names_both_places(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """For MNIST, the message names mnist.npz in Keras's cache and dlgrade's mnist/ folder."""
    monkeypatch.setenv("KERAS_HOME", str(tmp_path / "kh"))
    monkeypatch.setenv(ENV, str(tmp_path / "data"))
    message = datasets.missing_message("mnist.npz", "offline", "en")
    assert str(tmp_path / "kh" / "datasets" / "mnist.npz") in message and str(tmp_path / "data" / "mnist") in message
