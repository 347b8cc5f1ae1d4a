"""Where grading sessions run: one small interface, a local pool behind it.

A distributed engine (Dask's ``Client.submit`` / ``as_completed``, Ray's remote tasks)
fits the same two methods, so classes that outgrow one machine only swap the executor.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor, as_completed
from typing import Protocol, TypeVar

T = TypeVar("T")
R = TypeVar("R")


class Executor(Protocol):
    """Runs independent jobs and yields their results as they finish."""

    workers: int

    def map_unordered(self, fn: Callable[[T], R], items: Iterable[T]) -> Iterator[R]:
        """``fn(item)`` for every item, in completion order."""
        ...


class LocalPool:
    """Jobs on this machine: each job starts its own grading process, so threads suffice."""

    def __init__(self, workers: int | None = None) -> None:
        """Use ``workers`` parallel jobs (default: the number of cores)."""
        self.workers = max(1, workers or os.cpu_count() or 1)

    def map_unordered(self, fn: Callable[[T], R], items: Iterable[T]) -> Iterator[R]:
        """``fn(item)`` for every item, in completion order."""
        with ThreadPoolExecutor(max_workers=self.workers) as pool:
            futures = [pool.submit(fn, item) for item in items]
            for future in as_completed(futures):
                yield future.result()
