"""The local executor: every job runs, results come back as they finish, failures are not swallowed."""

from __future__ import annotations

import os
import threading
import time

import pytest

from grader.batch.executor import Executor, LocalPool


def test_workers_default_to_the_cores_and_are_at_least_one() -> None:
    """No count (None or 0) means one worker per core; a negative count still means one."""
    assert LocalPool().workers == LocalPool(0).workers == max(1, os.cpu_count() or 1)
    assert LocalPool(-2).workers == 1
    assert LocalPool(3).workers == 3


def test_map_unordered_yields_every_result_once() -> None:
    """Every item's result comes back exactly once, whatever the order."""
    pool: Executor = LocalPool(3)
    items = list(range(40))
    results = list(pool.map_unordered(lambda i: i * i, items))
    assert sorted(results) == [i * i for i in items]


def test_results_come_in_completion_order() -> None:
    """A slow first job does not hold back the later ones: results are yielded as jobs finish."""
    release = threading.Event()

    def job(i: int) -> int:
        if i == 0:
            release.wait(10)
        return i

    seen = []
    for result in LocalPool(2).map_unordered(job, [0, 1, 2, 3]):
        seen.append(result)
        if len(seen) == 3:
            release.set()
    assert seen[:3] == sorted(seen[:3]) == [1, 2, 3]
    assert seen[3] == 0


def test_jobs_run_in_parallel_up_to_the_worker_count() -> None:
    """With two workers two jobs overlap, never three."""
    running = 0
    peak = 0
    lock = threading.Lock()

    def job(_: int) -> None:
        nonlocal running, peak
        with lock:
            running += 1
            peak = max(peak, running)
        time.sleep(0.05)
        with lock:
            running -= 1

    list(LocalPool(2).map_unordered(job, range(8)))
    assert peak == 2


def test_a_failing_job_raises_in_the_caller() -> None:
    """An exception in a job reaches the consumer of the results."""

    def job(i: int) -> int:
        if i == 2:
            raise RuntimeError("job 2 failed")
        return i

    with pytest.raises(RuntimeError, match="job 2 failed"):
        list(LocalPool(2).map_unordered(job, range(4)))
