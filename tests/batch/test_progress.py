"""The progress bar: plain lines when not on a terminal, a redrawn line on one, with ETA."""

from __future__ import annotations

import io

from grader.batch.progress import ProgressBar


class _Tty(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_plain_stream_gets_start_tenths_and_end() -> None:
    """Off a terminal only the start, every tenth and the end are written, one line each."""
    out = io.StringIO()
    bar = ProgressBar("grading", out, width=10)
    for done in range(21):
        bar(done, 20)
    lines = out.getvalue().splitlines()
    assert lines[0] == "grading [          ] 0/20  ETA --:--"
    assert lines[-1].startswith("grading [##########] 20/20  ETA 0:00")
    assert [line.split("] ")[1].split()[0] for line in lines] == [f"{d}/20" for d in range(0, 21, 2)]


def test_terminal_gets_one_redrawn_line() -> None:
    """On a terminal every call redraws the same line (carriage return); the last one ends it."""
    out = _Tty()
    bar = ProgressBar("grading", out, width=4)
    bar(0, 2)
    bar(1, 2)
    bar(2, 2)
    text = out.getvalue()
    assert text.count("\r") == 3
    assert text.count("\n") == 1
    assert text.endswith("[####] 2/2  ETA 0:00\n")
    assert "[##  ] 1/2" in text


def test_eta_is_elapsed_time_per_job_times_jobs_left() -> None:
    """After 1 of 4 jobs in 20 s, 60 s remain: ETA 1:00."""
    out = io.StringIO()
    bar = ProgressBar("g", out, width=4)
    bar.start -= 20
    bar(1, 4)
    assert "ETA 1:00" in out.getvalue()


def test_nothing_to_do_is_complete() -> None:
    """Zero submissions draw a full bar and end the line."""
    out = io.StringIO()
    ProgressBar("g", out, width=3)(0, 0)
    assert out.getvalue() == "g [###] 0/0  ETA --:--\n"
