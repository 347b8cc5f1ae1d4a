"""The IMDB word index the grader trusts: read from the data folder only when it has its known SHA-256."""

from __future__ import annotations

import os
import re
import shutil
import socket
from pathlib import Path

import pytest

import grader.authoring.imdb_data
from grader.authoring.data import ENV, DataIntegrityError, DataNotConfigured
from grader.authoring.imdb_data import WORD_INDEX_FILE, WORD_INDEX_ORIGIN, word_index
from grader.paths import REPO

SHARED = REPO.parent / "shared" / "data"
SOURCE = Path(os.environ.get(ENV) or SHARED) / "keras" / "datasets" / WORD_INDEX_FILE
pytestmark = pytest.mark.skipif(not SOURCE.is_file(), reason="no shared word index: set DLGRADE_DATA or provide ../shared/data")


@pytest.fixture
def data_copy(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    """DLGRADE_DATA at a folder holding a copy of the shared word index; a fresh in-memory index; no network."""
    folder = tmp_path / "data" / "keras" / "datasets"
    folder.mkdir(parents=True)
    shutil.copyfile(SOURCE, folder / WORD_INDEX_FILE)
    monkeypatch.setenv(ENV, str(tmp_path / "data"))
    monkeypatch.setattr(grader.authoring.imdb_data, "_WORD_INDEX", {})
    monkeypatch.setattr("tempfile.tempdir", str(tmp_path))  # a private KERAS_HOME, if one is made, in tmp_path

    def no_network(*args: object, **kwargs: object) -> None:
        raise OSError(f"network blocked by the test: {args[:2]}")

    monkeypatch.setattr(socket, "getaddrinfo", no_network)  # a download attempt fails at once, whoever made it
    monkeypatch.setattr(socket.socket, "connect", no_network)
    return folder / WORD_INDEX_FILE


def test_the_word_index_is_read_from_the_verified_file(data_copy: Path) -> None:
    """A good copy gives the real index: 88,584 words, "the" is 1."""
    index = word_index()
    assert len(index) == 88584
    assert index["the"] == 1


def test_a_tampered_word_index_is_a_clear_error_not_a_url_fetch(data_copy: Path) -> None:
    """A word index with changed words raises DataIntegrityError naming the file and saying where to restore it from."""
    os.chmod(data_copy, 0o644)
    data_copy.write_text(data_copy.read_text(encoding="utf-8").replace('"great"', '"grate"'), encoding="utf-8")
    with pytest.raises(DataIntegrityError, match=re.escape(str(data_copy))) as info:
        word_index()
    message = str(info.value)
    assert "URL fetch" not in message and WORD_INDEX_ORIGIN in message
    assert not isinstance(info.value, DataNotConfigured)
