"""grader.authoring.references: reference results computed once per session, and once per cache folder on disk."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest

from grader.authoring import references
from grader.authoring.references import cached_reference


@pytest.fixture(autouse=True)
def _memory_only() -> Iterator[None]:
    """Each test starts without a cache folder and leaves none behind (sessions set it from their spec)."""
    references.use_cache_folder(None)
    yield
    references.use_cache_folder(None)


def _counting() -> tuple[list[int], object]:
    calls: list[int] = []

    def scaled(x: np.ndarray, factor: float) -> np.ndarray:
        """Scale x by factor, counting calls."""
        calls.append(1)
        return (x * factor).astype(np.float32)

    return calls, scaled


def test_memory_cache_computes_once_and_hands_out_copies() -> None:
    """Same argument values: computed once; a caller that writes into its result does not spoil the next one."""
    calls, scaled = _counting()
    reference = cached_reference(scaled)
    first = reference(np.ones(3), 2.0)
    first[0] = -1
    assert np.array_equal(reference(np.ones(3), 2.0), [2, 2, 2])
    assert len(calls) == 1
    reference(np.ones(3), 3.0)
    reference(np.ones(4), 2.0)
    assert len(calls) == 3


def test_disk_cache_serves_a_later_session(tmp_path: Path) -> None:
    """With a cache folder, a fresh wrapper (a later session) loads the result instead of computing it."""
    references.use_cache_folder(tmp_path)
    calls, scaled = _counting()
    expected = cached_reference(scaled)(np.arange(4.0), 0.5)
    assert len(calls) == 1
    assert len(list(tmp_path.glob("*.npy"))) == 1
    again = cached_reference(scaled)(np.arange(4.0), 0.5)
    assert len(calls) == 1
    assert again.dtype == np.float32
    assert np.array_equal(again, expected)
    cached_reference(scaled)(np.arange(4.0), 0.25)  # other values: another file
    assert len(calls) == 2
    assert len(list(tmp_path.glob("*.npy"))) == 2


def test_a_damaged_cache_file_is_computed_again(tmp_path: Path) -> None:
    """A truncated or foreign file is never trusted: the reference is computed again and the file replaced."""
    references.use_cache_folder(tmp_path)
    calls, scaled = _counting()
    cached_reference(scaled)(np.arange(3.0), 2.0)
    (path,) = tmp_path.glob("*.npy")
    path.write_bytes(b"\x93NUMPY garbage")
    assert np.array_equal(cached_reference(scaled)(np.arange(3.0), 2.0), [0, 2, 4])
    assert len(calls) == 2
    assert np.array_equal(np.load(path), [0, 2, 4])


def test_no_cache_folder_means_memory_only(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """Without a cache folder nothing is written anywhere, and each new session computes again."""
    monkeypatch.setenv("DLGRADE_REFERENCE_CACHE", str(tmp_path))  # the old variable: read by nobody now
    monkeypatch.chdir(tmp_path)
    calls, scaled = _counting()
    cached_reference(scaled)(np.ones(2), 1.0)
    cached_reference(scaled)(np.ones(2), 1.0)
    assert len(calls) == 2
    assert list(tmp_path.iterdir()) == []
