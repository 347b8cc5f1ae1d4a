#!/usr/bin/env python
"""dlgrade benchmarks: batch grading vs nbgrader, session cost and memory, local checks, a profile.

Run from the project root (``make bench`` records the output in ``benchmarks/results.txt``)::

    .venv/bin/python benchmarks/run.py | tee benchmarks/results.txt

Sections (see ``benchmarks/README.md``):

(a) ``dlgrade grade tensor_ops`` vs ``nbgrader autograde tensor_ops`` on the same class, in two
    identical fresh course copies; per-student scores must be identical.
(b) one grading session at a time: wall time per submission for 1, 4 and 8 submissions per
    session; peak RSS and CPU of the session process and of the learner processes.
(c) the learner's local checks (``pytest test_<module>.py`` in a copy of ``exercises/``).
(p) a cProfile of one grading session of 8 submissions, summarised by where the time goes.
(m) MNIST (Keras): grading time per submission beyond the learner's own training; peak RSS.
(i) IMDB (Keras): peak memory of one grading run (session and learner processes).

Nothing is simulated: every figure is measured here, on this machine, and printed as measured.
"""

from __future__ import annotations

import argparse
import contextlib
import dataclasses
import json
import os
import platform
import pstats
import random
import re
import resource
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from grader.api import SESSION_PLUGINS, session_env, session_spec  # noqa: E402 - after the sys.path set-up of a script
from grader.paths import HIDDEN, SUITES  # noqa: E402 - after the sys.path set-up of a script

BIN = Path(sys.executable).parent
MODULE = "tensor_ops"
LOCAL_MODULES = ("tensors", "tensor_ops", "losses", "gradients")
CHUNK_SIZES = (1, 4, 16)
MAX_LOAD = 1.5
"""Sections start once the 1-minute load average is at most this (or after waiting QUIET_WAIT s)."""
QUIET_WAIT = 20.0
TARGET_SPEEDUP = 4.0
TARGET_PER_SUBMISSION = 0.3
SHARED_DATA = ROOT.parent / "shared" / "data"
MNIST_SUBMISSIONS = 3
TARGET_MNIST_OVERHEAD = 1.0
"""Seconds of grading per MNIST submission beyond the learner's own training (TensorFlow's import paid once per worker)."""
TARGET_IMDB_PEAK_GIB = 2.0
MIB = 1024**2
BENCH_CACHE = "DLGRADE_BENCH_CACHE"
"""The benchmark's own channel to its helper processes: the reference cache their run_session calls name (unset: none)."""


# --------------------------------------------------------------------------- machine, load, output
def say(text: str = "") -> None:
    print(text, flush=True)


def heading(text: str) -> None:
    say()
    say(text)
    say("=" * len(text))


def cpu_busy() -> float:
    """Busy CPU seconds of the whole machine so far (all cores, from /proc/stat)."""
    with open("/proc/stat", encoding="ascii") as fh:
        values = [int(v) for v in fh.readline().split()[1:9]]
    return (sum(values) - values[3] - values[4]) / os.sysconf("SC_CLK_TCK")


def own_cpu() -> float:
    """CPU seconds used by this process and its reaped descendants."""
    me, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return me.ru_utime + me.ru_stime + kids.ru_utime + kids.ru_stime


def wait_quiet(label: str) -> str:
    """Wait (at most QUIET_WAIT s) for a 1-minute load of at most MAX_LOAD; describe the load."""
    began = time.monotonic()
    load = os.getloadavg()[0]
    while load > MAX_LOAD and time.monotonic() - began < QUIET_WAIT:
        time.sleep(5)
        load = os.getloadavg()[0]
    waited = time.monotonic() - began
    note = "" if load <= MAX_LOAD else f"  (STILL ABOVE {MAX_LOAD} after waiting {QUIET_WAIT:g} s: figures below are pessimistic)"
    text = f"[{label}] load average (1/5/15 min) at start: {'/'.join(f'{v:.2f}' for v in os.getloadavg())}"
    text += f", waited {waited:.0f} s for <= {MAX_LOAD}{note}"
    say(text)
    return text


@contextlib.contextmanager
def others_cpu(label: str) -> Iterator[dict[str, float]]:
    """Print how many cores other processes (not this benchmark's) used during the block; yields {"own": CPU s}."""
    busy0, own0, t0 = cpu_busy(), own_cpu(), time.monotonic()
    used: dict[str, float] = {}
    yield used
    wall = time.monotonic() - t0
    used["own"] = own_cpu() - own0
    others = max(0.0, (cpu_busy() - busy0) - used["own"])
    say(f"[{label}] this benchmark used {used['own']:.1f} CPU s; other processes on the machine used "
        f"{others / wall:.2f} of {os.cpu_count()} cores meanwhile (busy CPU from /proc/stat minus ours); "
        f"load now {os.getloadavg()[0]:.2f}")


def timed(command: list[str], cwd: Path, env: dict[str, str] | None = None, timeout: float = 1800) -> tuple[float, Any]:
    began = time.perf_counter()
    proc = subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout, check=False)
    return time.perf_counter() - began, proc


def env_with_bin() -> dict[str, str]:
    env = dict(os.environ)
    env["PATH"] = os.pathsep.join([str(BIN), env.get("PATH", "")])
    return env


# --------------------------------------------------------------------------- the class
def solution_source(module: str) -> str:
    """The reference solution as a learner would hand it in (no SOLUTION markers), like the demo."""
    text = (ROOT / "solutions" / f"{module}.py").read_text(encoding="utf-8")
    return "\n".join(line for line in text.splitlines() if "SOLUTION" not in line) + "\n"


def build_class(size: int, seed: int = 0) -> list[tuple[str, str, str]]:
    """(student, kind, source) for a class: 20% full marks, 67% solution + one mutant, 13% stubs."""
    mutants = sorted((ROOT / "tests" / "mutants" / MODULE).glob("*.py"))
    n_full, n_stub = max(1, size // 5), max(1, round(size * 2 / 15))
    n_part = size - n_full - n_stub
    step = len(mutants) / n_part
    chosen = [mutants[int(i * step)] for i in range(n_part)]  # spread over every function's mutants
    solution = solution_source(MODULE)
    stub = (ROOT / "exercises" / f"{MODULE}.py").read_text(encoding="utf-8")
    learners = [("full", "solution", solution)] * n_full + [("stub", "stub", stub)] * n_stub
    learners += [("partial", m.stem, f"{solution}\n\n# ---- learner's own version ----\n{m.read_text(encoding='utf-8')}")
                 for m in chosen]
    random.Random(seed).shuffle(learners)
    return [(f"learner{i + 1:02d}", f"{kind}:{what}", source) for i, (kind, what, source) in enumerate(learners)]


def submit(course: Path, learners: list[tuple[str, str, str]]) -> None:
    """Lay the class out as ``nbgrader collect`` would (notebook + module + timestamp.txt)."""
    stamp = datetime(2025, 5, 6, 7, 8, 9, tzinfo=UTC).strftime("%Y-%m-%d %H:%M:%S.%f UTC")
    for student, _, source in learners:
        folder = course / "submitted" / student / MODULE
        folder.mkdir(parents=True)
        shutil.copy(course / "release" / MODULE / f"{MODULE}.ipynb", folder)
        (folder / f"{MODULE}.py").write_text(source, encoding="utf-8")
        (folder / "timestamp.txt").write_text(stamp, encoding="utf-8")


def plain_folders(work: Path, learners: list[tuple[str, str, str]], module: str = MODULE) -> dict[str, Path]:
    """The same submissions as plain folders (``<module>.py`` only), for run_session."""
    out = {}
    for student, _, source in learners:
        folder = work / "plain" / student
        folder.mkdir(parents=True, exist_ok=True)
        (folder / f"{module}.py").write_text(source, encoding="utf-8")
        out[student] = folder
    return out


def solution_folders(work: Path, module: str, n: int) -> dict[str, Path]:
    """``n`` submissions of the reference solution (no SOLUTION markers), one plain folder per student."""
    source = solution_source(module)
    return plain_folders(work / module, [(f"student{i + 1}", "solution", source) for i in range(n)], module)


def courses_a(work: Path, learners: list[tuple[str, str, str]]) -> tuple[dict[str, Path], Path]:
    """The class in three copies of one course: two made as `dlgrade course init` makes it, one without its solution check."""
    from grader.batch.prime import prime
    from grader.gradebook.course import init_course

    template = work / "course-template"
    began = time.perf_counter()
    init_course(template, [MODULE])
    unprimed = work / "course-dlgrade-unprimed"
    shutil.copytree(template, unprimed)
    made = time.perf_counter()
    solution = prime(template, [MODULE])[MODULE]
    primed = time.perf_counter() - made
    submit(template, learners)
    submit(unprimed, learners)
    courses = {name: work / f"course-{name}" for name in ("dlgrade", "nbgrader")}
    for course in courses.values():
        shutil.copytree(template, course)
    say(f"set-up (what `dlgrade course init {MODULE}` does: init_course + nbgrader generate_assignment, then the reference "
        f"solution graded once with the hidden suite, {solution.points:g}/{solution.max_points:g}, which fills the course's "
        f"cache of Keras references and Hypothesis examples in {primed:.1f} s; submissions; copies): "
        f"{time.perf_counter() - began:.1f} s")

    return courses, unprimed


# --------------------------------------------------------------------------- (a) dlgrade vs nbgrader
def section_a(work: Path, learners: list[tuple[str, str, str]]) -> dict[str, Any]:
    from grader.gradebook.course import run_nbgrader
    from grader.gradebook.table import gradebook_table

    heading(f"(a) `dlgrade grade {MODULE}` vs `nbgrader autograde {MODULE}`: same class, fresh course copies")
    kinds = [kind.split(":")[0] for _, kind, _ in learners]
    say(f"class: {len(learners)} submissions = {kinds.count('full')} full marks (solutions/{MODULE}.py), "
        f"{kinds.count('partial')} partial (solution + one mutant from tests/mutants/{MODULE}/), "
        f"{kinds.count('stub')} untouched stubs (exercises/{MODULE}.py)")
    courses, unprimed = courses_a(work, learners)

    wait_quiet("a: dlgrade grade")
    with others_cpu("a: dlgrade grade") as cpu_dl:
        t_dl, proc = timed([str(BIN / "dlgrade"), "grade", MODULE, "--course", str(courses["dlgrade"])],
                           ROOT, env=env_with_bin())
    if proc.returncode != 0:
        say(f"!! dlgrade grade exited with {proc.returncode}: {(proc.stdout + proc.stderr)[-1500:]}")
    say(f"dlgrade grade {MODULE}: {t_dl:.1f} s wall (exit {proc.returncode}; default workers = {os.cpu_count()})")

    wait_quiet("a: nbgrader autograde")
    with others_cpu("a: nbgrader autograde") as cpu_nb:
        began = time.perf_counter()
        nb = run_nbgrader(courses["nbgrader"], "autograde", MODULE, check=False)
        t_nb = time.perf_counter() - began
    if nb.returncode != 0:
        say(f"!! nbgrader autograde exited with {nb.returncode}: {(nb.stdout + nb.stderr)[-1500:]}")
    say(f"nbgrader autograde {MODULE}: {t_nb:.1f} s wall (exit {nb.returncode}; one kernel per notebook, sequential)")

    wait_quiet("a: dlgrade grade, course made with --no-solution-check")
    with others_cpu("a: dlgrade grade, course made with --no-solution-check") as cpu_cold:
        t_cold, proc = timed([str(BIN / "dlgrade"), "grade", MODULE, "--course", str(unprimed)], ROOT, env=env_with_bin())
    say(f"dlgrade grade {MODULE} on a course made without the solution check (empty cache: each of the "
        f"{os.cpu_count()} parallel sessions computes the Keras references and runs Hypothesis's engine): {t_cold:.1f} s "
        f"wall = {t_cold / len(learners):.2f} s per submission, {cpu_cold['own'] / len(learners):.2f} CPU s per "
        f"submission (exit {proc.returncode})")

    wait_quiet("a: dlgrade grade --force (re-grade)")
    with others_cpu("a: dlgrade grade --force (re-grade)") as cpu_re:
        t_re, proc = timed([str(BIN / "dlgrade"), "grade", MODULE, "--course", str(courses["dlgrade"]), "--force"],
                           ROOT, env=env_with_bin())
    say(f"dlgrade grade {MODULE} --force (every submission again; the batch's references and recorded examples now on "
        f"disk): {t_re:.1f} s wall = {t_re / len(learners):.2f} s per submission, {cpu_re['own'] / len(learners):.2f} "
        f"CPU s per submission (exit {proc.returncode})")

    alone_totals = report_sessions_alone(courses["dlgrade"], t_dl)
    tables = {name: {row["student"]: row for row in gradebook_table(course, MODULE)} for name, course in courses.items()}
    results = courses["dlgrade"] / "dlgrade" / MODULE / "results"
    isolation = sorted({json.loads(p.read_text(encoding="utf-8")).get("isolation", "?") for p in results.glob("*.json")})
    mismatches = compare_scores(learners, tables)
    cold = {row["student"]: (row["functions"], row["score"]) for row in gradebook_table(unprimed, MODULE)}
    same_cold = cold == {student: (row["functions"], row["score"]) for student, row in tables["dlgrade"].items()}
    n = len(learners)
    speedup = t_nb / t_dl
    per_sub = t_dl / n
    say()
    say(f"scores identical per student (every grade cell and the total): "
        f"{'YES' if not mismatches else f'NO — {len(mismatches)} differ: ' + ', '.join(mismatches)}")
    say(f"the course made without the solution check graded to the same scores: {'YES' if same_cold else 'NO'}")
    same_alone = alone_totals == {student: row["score"] for student, row in tables["dlgrade"].items()}
    say(f"the grading sessions alone gave the same totals: {'YES' if same_alone else 'NO'}")
    say(f"isolation level recorded in dlgrade's results: {', '.join(isolation)}")
    say(f"wall time   dlgrade {t_dl:7.1f} s   nbgrader autograde {t_nb:7.1f} s   ratio {speedup:.1f}x")
    say(f"per submission (batch wall / {n}): dlgrade {per_sub:.2f} s   nbgrader {t_nb / n:.2f} s")
    say(f"CPU per submission (all processes of the run, less sensitive to other users' load): dlgrade "
        f"{cpu_dl['own'] / n:.2f} CPU s   nbgrader {cpu_nb['own'] / n:.2f} CPU s   ratio {cpu_nb['own'] / cpu_dl['own']:.1f}x")
    say(f"TARGET >= {TARGET_SPEEDUP:g}x faster than nbgrader autograde: {'MET' if speedup >= TARGET_SPEEDUP else 'NOT MET'} "
        f"({speedup:.1f}x)")
    say(f"TARGET <= {TARGET_PER_SUBMISSION} s per NumPy submission on {os.cpu_count()} cores: "
        f"{'MET' if per_sub <= TARGET_PER_SUBMISSION else 'NOT MET'} ({per_sub:.2f} s, "
        f"{per_sub / TARGET_PER_SUBMISSION:.1f}x the target)")
    return {"t_dlgrade": t_dl, "t_nbgrader": t_nb, "n": n, "isolation": isolation}


def compare_scores(learners: list[tuple[str, str, str]], tables: dict[str, dict[str, dict[str, Any]]]) -> list[str]:
    dl, nb = tables["dlgrade"], tables["nbgrader"]
    say()
    say(f"{'student':10} {'submission':42} {'dlgrade':>8} {'nbgrader':>9}  same")
    mismatches = []
    for student, kind, _ in learners:
        a, b = dl.get(student), nb.get(student)
        same = a is not None and b is not None and a["functions"] == b["functions"] and a["score"] == b["score"]
        if not same:
            mismatches.append(student)
        show = [f"{r['score']:g}/{r['max_score']:g}" if r else "missing" for r in (a, b)]
        say(f"{student:10} {kind:42} {show[0]:>8} {show[1]:>9}  {'yes' if same else 'NO'}")
    return mismatches


# --------------------------------------------------------------------------- (b) sessions, memory
class ProcPeaks:
    """Poll /proc for the descendants of one process: peak RSS (VmHWM) and CPU of each kind."""

    def __init__(self, root: int, interval: float = 0.05, *, pss: bool = False) -> None:
        self.root, self.interval, self.pss = root, interval, pss
        self.seen: dict[int, dict[str, Any]] = {}
        self.together_kb = 0
        """The largest sum of current RSS (VmRSS) of session, warm runner and learner processes in one scan."""
        self.together_pss_kb = 0
        """The same with PSS (pages shared between processes, as a learner shares the warm runner's, counted once)."""
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._loop, daemon=True)

    def __enter__(self) -> ProcPeaks:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()

    def _loop(self) -> None:
        while not self._stop.is_set():
            self._scan()
            self._stop.wait(self.interval)

    def _scan(self) -> None:
        parents: dict[int, int] = {}
        for entry in os.scandir("/proc"):
            if entry.name.isdigit():
                with contextlib.suppress(OSError, IndexError, ValueError):
                    stat = Path(entry.path, "stat").read_text()
                    parents[int(entry.name)] = int(stat[stat.rindex(")") + 2 :].split()[1])
        wanted, frontier = set(), {self.root}
        while frontier:
            frontier = {pid for pid, parent in parents.items() if parent in frontier} - wanted
            wanted |= frontier
        together = together_pss = 0
        commands: dict[int, str] = {}
        for pid in wanted:
            with contextlib.suppress(OSError):
                commands[pid] = Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
        kinds = {pid: self._kind(cmd, commands.get(parents.get(pid, 0), "")) for pid, cmd in commands.items()
                 if "python" in Path(cmd.split(" ", 1)[0]).name}  # not the unshare/sh wrappers of a learner
        for pid, kind in kinds.items():
            if kind is None:
                continue
            with contextlib.suppress(OSError, IndexError, ValueError, AttributeError):
                status = Path(f"/proc/{pid}/status").read_text()
                hwm = int(re.search(r"VmHWM:\s+(\d+)", status).group(1))  # type: ignore[union-attr]
                stat = Path(f"/proc/{pid}/stat").read_text()
                fields = stat[stat.rindex(")") + 2 :].split()
                cpu = (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
                # a learner forked into its own PID namespace is two processes: count the first
                first = not (kind == "learner" and kinds.get(parents.get(pid, 0)) == "learner")
                self.seen[pid] = {"kind": kind, "hwm_kb": hwm, "cpu": cpu, "first": first}
                together += int(re.search(r"VmRSS:\s+(\d+)", status).group(1))  # type: ignore[union-attr]
                if self.pss:  # walks the page tables under the process's memory lock: slows a training learner
                    rollup = Path(f"/proc/{pid}/smaps_rollup").read_text()
                    together_pss += int(re.search(r"^Pss:\s+(\d+)", rollup, re.M).group(1))  # type: ignore[union-attr]
        self.together_kb = max(self.together_kb, together)
        self.together_pss_kb = max(self.together_pss_kb, together_pss)

    @staticmethod
    def _kind(cmd: str, parent_cmd: str) -> str | None:
        """session (pytest), runner (the warm runner) or learner (started fresh, or forked from the warm runner)."""
        if "grader.runner.inside.child" in cmd:
            return "learner"
        if "grader.runner.inside.zygote" in cmd:
            return "learner" if "grader.runner.inside.zygote" in parent_cmd else "runner"
        return "session" if "pytest" in cmd else None

    def peak_mb(self, kind: str) -> float:
        return max((p["hwm_kb"] for p in self.seen.values() if p["kind"] == kind), default=0) / 1024

    def cpu(self, kind: str) -> float:
        return sum(p["cpu"] for p in self.seen.values() if p["kind"] == kind)

    def count(self, kind: str) -> int:
        """Processes of a kind (a learner forked into its own PID namespace is one, not its two processes)."""
        return sum(1 for p in self.seen.values() if p["kind"] == kind and p["first"])


HELPER = """
import json, os, resource, sys, time
from pathlib import Path
sys.path.insert(0, sys.argv[1])
from grader.api import run_session
subs = {k: Path(v) for k, v in json.loads(sys.argv[2]).items()}
cache = os.environ.get(sys.argv[5])
began = time.perf_counter()
reports = run_session(subs, [sys.argv[3]], hidden=True, extra_args=json.loads(sys.argv[4]),
                      reference_cache=Path(cache) if cache else None)
wall = time.perf_counter() - began
print(json.dumps({"wall": wall, "maxrss_kb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss,
                  "totals": {k: r.total for k, r in reports.items()},
                  "max_totals": {k: r.max_total for k, r in reports.items()},
                  "functions": {k: {f.name: [f.points, f.max_points, f.status, f.message[:400]]
                                    for m in r.modules for f in m.functions} for k, r in reports.items()},
                  "isolation": sorted({r.isolation for r in reports.values()}),
                  "learner_seconds": {k: sum(m.learner_seconds for m in r.modules) for k, r in reports.items()},
                  "grading_seconds": {k: sum(m.grading_seconds for m in r.modules) for k, r in reports.items()}}))
"""


SESSIONS_HELPER = """
import json, os, sys, threading, time
from pathlib import Path
sys.path.insert(0, sys.argv[1])
from grader.api import run_session
from grader.runner.sandbox import detect_level
chunks, module, cache = json.loads(sys.argv[2]), sys.argv[3], Path(sys.argv[4])
level = detect_level()
totals = {}
def grade(chunk):
    reports = run_session({k: Path(v) for k, v in chunk.items()}, [module], hidden=True, isolation=level,
                          reference_cache=cache)
    totals.update({k: r.total for k, r in reports.items()})
began = time.perf_counter()
threads = [threading.Thread(target=grade, args=(chunk,)) for chunk in chunks]
for t in threads: t.start()
for t in threads: t.join()
print(json.dumps({"wall": time.perf_counter() - began, "totals": totals}))
"""


def report_sessions_alone(course: Path, t_batch: float) -> dict[str, float]:
    """Time the batch's grading sessions alone on a graded course; print how much the batch adds; their totals."""
    wait_quiet("a: the grading sessions alone")
    students = sorted(p.name for p in (course / "submitted").iterdir())
    wall, busy, totals = sessions_alone(course, students, os.cpu_count() or 1)
    say(f"the same grading sessions alone ({os.cpu_count()} in parallel on the batch's chunks, via run_session: no "
        f"discovery, gradebook, results files or table): {wall:.1f} s wall = {wall / len(students):.2f} s per "
        f"submission, {busy:.1f} busy CPU s of the machine; `dlgrade grade` took {t_batch:.1f} s: the batch's own "
        f"work (start-up, nbgrader's import, recording, feedback files, the table) and its one-core ends add "
        f"{t_batch - wall:.1f} s")
    return totals


def sessions_alone(course: Path, students: list[str], workers: int) -> tuple[float, float, dict[str, float]]:
    """The batch's grading sessions on their own (its chunks, in parallel, no gradebook): wall, busy CPU s, totals."""
    from grader.batch.context import Submission, reference_cache
    from grader.batch.steps.grade import chunks

    subs = [Submission(s, course / "submitted" / s / MODULE, datetime.now(UTC), s) for s in students]
    split = [{sub.student: str(sub.folder) for sub in chunk} for chunk in chunks(subs, workers)]  # the batch's split
    busy = cpu_busy()
    proc = subprocess.run([sys.executable, "-c", SESSIONS_HELPER, str(ROOT), json.dumps(split), MODULE,
                           str(reference_cache(course))], capture_output=True, text=True, check=False)
    busy = cpu_busy() - busy
    if proc.returncode != 0:
        raise RuntimeError(f"sessions helper failed: {proc.stderr[-2000:]}")
    out = json.loads(proc.stdout.strip().splitlines()[-1])
    return float(out["wall"]), busy, {k: float(v) for k, v in out["totals"].items()}


def one_session(subs: dict[str, Path], extra: tuple[str, ...] = (), module: str = MODULE, *,
                pss: bool = False) -> dict[str, Any]:
    """run_session in a fresh helper process (so getrusage(RUSAGE_CHILDREN) sees only this session)."""
    proc = subprocess.Popen([sys.executable, "-c", HELPER, str(ROOT), json.dumps({k: str(v) for k, v in subs.items()}), module,
                             json.dumps(list(extra)), BENCH_CACHE], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    with ProcPeaks(proc.pid, pss=pss) as peaks:
        out, err = proc.communicate()
    if proc.returncode != 0:
        raise RuntimeError(f"helper failed: {err[-2000:]}")
    result: dict[str, Any] = json.loads(out.strip().splitlines()[-1])
    result.update(session_mb=peaks.peak_mb("session"), learner_mb=peaks.peak_mb("learner"),
                  runner_mb=peaks.peak_mb("runner"), runner_cpu=peaks.cpu("runner"),
                  session_cpu=peaks.cpu("session"), learner_cpu=peaks.cpu("learner"), learners=peaks.count("learner"),
                  together_mb=peaks.together_kb / 1024, together_pss_mb=peaks.together_pss_kb / 1024)
    return result


def section_b(folders: dict[str, Path], sample: list[str]) -> dict[int, float]:
    heading("(b) one grading session at a time: time per submission vs chunk size; peak memory")
    say(f"submissions: {', '.join(sample)} (the first 2 for chunk size 1, the first 4 for 4, all {len(sample)} for "
        f"{len(sample)}); sessions run one after another (no parallel workers), via grader.api.run_session, hidden "
        "suite, isolation on; a reference cache as in a batch (references and recorded examples kept on disk)")
    wait_quiet("b")
    per_size: dict[int, float] = {}
    rows = []
    with others_cpu("b"):
        cold = one_session({sample[0]: folders[sample[0]]})
        say(f"cold session of 1 (empty cache: `import keras` for the Dense reference, Hypothesis's engine for every "
            f"@given check): {cold['wall']:.1f} s wall, {cold['session_cpu']:.2f} + "
            f"{cold['learner_cpu'] + cold['runner_cpu']:.2f} CPU s "
            "(session + warm runner and learner); the sessions below start with that cache")
        for size, repeat in [*((size, False) for size in CHUNK_SIZES), (CHUNK_SIZES[-1], True)]:
            names = sample[: max(size, 2)]
            runs = [one_session({n: folders[n] for n in names[i : i + size]}) for i in range(0, len(names), size)]
            wall = sum(r["wall"] for r in runs)
            if not repeat:
                per_size[size] = wall / len(names)
            rows.append((size, repeat, len(runs), len(names), wall, runs))
    say()
    say("chunk  sessions  subs   wall s  s/sub   session peak RSS  learner peak RSS  max RSS (getrusage)  "
        "CPU s/sub: session + learners (warm runner included)")
    for size, repeat, n_runs, n_subs, wall, runs in rows:
        session_mb = max(r["session_mb"] for r in runs)
        learner_mb = max(r["learner_mb"] for r in runs)
        rusage_mb = max(r["maxrss_kb"] for r in runs) / 1024
        s_cpu = sum(r["session_cpu"] for r in runs) / n_subs
        l_cpu = sum(r["learner_cpu"] + r["runner_cpu"] for r in runs) / n_subs
        say(f"{size:5}  {n_runs:8}  {n_subs:4}  {wall:7.1f}  {wall / n_subs:5.2f}   {session_mb:13.0f} MB  "
            f"{learner_mb:13.0f} MB  {rusage_mb:16.0f} MB      {s_cpu:.2f} + {l_cpu:.2f}"
            + ("   <- the same session again" if repeat else ""))
    first = rows[0][5][0]
    base, again = rows[-2], rows[-1]
    same = [r["totals"] for r in base[5]] == [r["totals"] for r in again[5]]
    say(f"isolation: {', '.join(first['isolation'])}; learner processes (python) per session of 1: {first['learners']}")
    say("peak RSS: VmHWM from /proc polled every 50 ms (session = the pytest process, learner = a learner process, "
        "forked from the session's warm runner);")
    say("getrusage(RUSAGE_CHILDREN).ru_maxrss of a helper process around run_session: the session's (learner processes")
    say("are killed by their sandbox, not reaped by the helper, so they are not counted there).")
    say(f"a session of 1 pays start-up + grading; marginal cost of one more submission "
        f"~ {(base[4] - rows[1][4]) / (len(sample) - CHUNK_SIZES[1]):.2f} s (session of {len(sample)} minus session of "
        f"{CHUNK_SIZES[1]}, per extra submission)")
    say(f"deterministic grading: the session of {len(sample)} run twice gives identical scores: {'YES' if same else 'NO'}")
    return per_size


# --------------------------------------------------------------------------- (c) local checks
def section_c(work: Path) -> None:
    heading("(c) local check latency: the learner's `pytest test_<module>.py` in a copy of exercises/ with the solution in")
    wait_quiet("c")
    say(f"{'module':11} {'score':>8} {'wall 1st':>9} {'wall next':>10} {'pytest says':>12}  TensorFlow/Keras imported?")
    with others_cpu("c"):
        for module in LOCAL_MODULES:
            folder = work / f"local-{module}"
            shutil.copytree(ROOT / "exercises", folder)
            (folder / f"{module}.py").write_text(solution_source(module), encoding="utf-8")
            walls, reported, score = [], "?", "?"
            for _ in range(3):
                wall, proc = timed([str(BIN / "pytest"), f"test_{module}.py"], folder)
                walls.append(wall)
                found = re.search(r" in ([\d.]+)s", proc.stdout)
                reported = f"{found.group(1)} s" if found else "?"
                found = re.search(r"Score: ([\d.]+ / [\d.]+)", proc.stdout)
                score = found.group(1).replace(" ", "") if found else f"exit {proc.returncode}"
            _, imp = timed([sys.executable, "-X", "importtime", "-m", "pytest", f"test_{module}.py"], folder)
            heavy = sorted({m for m in ("tensorflow", "keras") if re.search(rf"\|\s+{m}(\.|$)", imp.stderr, re.MULTILINE)})
            say(f"{module:11} {score:>8} {walls[0]:8.2f}s {statistics.mean(walls[1:]):9.2f}s {reported:>12}  "
                f"{'YES: ' + ', '.join(heavy) if heavy else 'no'}")
    say("wall = the whole command (interpreter + pytest + plugin start-up + checks): first run, then the mean of 2 more;")
    say("'pytest says' = pytest's own 'in X s' of the last run; imports checked with `python -X importtime -m pytest`.")


# --------------------------------------------------------------------------- (p) profile
def section_p(work: Path, folders: dict[str, Path], sample: list[str], unprofiled: float | None) -> None:
    heading(f"(p) where a grading session's time goes: cProfile of one session grading {len(sample)} submissions")
    out, results = work / "session.prof", work / "profile-results"
    results.mkdir(exist_ok=True)
    # run_session's spec, but no quick exit (cProfile writes at exit) and no level: the session probes it, as it always did here
    spec = dataclasses.replace(
        session_spec({name: folders[name] for name in sample}, [MODULE], reference_cache=Path(os.environ[BENCH_CACHE])),
        isolation=None, quick_exit=False, results={name: results / f"{name}.json" for name in sample})
    command = [sys.executable, "-m", "cProfile", "-o", str(out), "-m", "pytest", "-c", str(SUITES / "suites.ini"),
               "--rootdir", str(SUITES), *SESSION_PLUGINS, "--dlgrade-spec", str(spec.write(work / "profile-spec.json")),
               str(HIDDEN / f"test_{MODULE}.py")]
    wait_quiet("p")
    with others_cpu("p"):
        wall, proc = timed(command, work, env=session_env())
    if not out.exists():
        say(f"!! profiling failed: {(proc.stdout + proc.stderr)[-1500:]}")
        return
    stats = pstats.Stats(str(out))
    summarise_profile(stats, wall, unprofiled, len(sample))


def _find(stats: pstats.Stats, path_part: str, name: str) -> tuple[tuple[str, int, str], tuple[Any, ...]] | None:
    for key, value in stats.stats.items():  # type: ignore[attr-defined]
        if key[2] == name and path_part in key[0]:
            return key, value
    return None


def _ct(stats: pstats.Stats, path_part: str, name: str) -> tuple[float, int]:
    found = _find(stats, path_part, name)
    return (found[1][3], found[1][1]) if found else (0.0, 0)


def _short(key: tuple[str, int, str]) -> str:
    path = key[0]
    for marker in ("site-packages/", str(ROOT) + "/"):
        if marker in path:
            path = path.split(marker, 1)[1]
    return f"{key[2]} ({path}:{key[1]})" if key[1] else key[2]


def summarise_profile(stats: pstats.Stats, wall: float, unprofiled: float | None, n_subs: int) -> None:
    raw: dict[Any, Any] = stats.stats  # type: ignore[attr-defined]
    total = max(v[3] for v in raw.values())
    say(f"profiled session: {wall:.1f} s wall" + (f" (the same session unprofiled in (b): {unprofiled:.1f} s; "
        "cProfile inflates Python-heavy parts)" if unprofiled else ""))
    say()
    say("top entries by cumulative time (grading-relevant; pytest/pluggy plumbing omitted):")
    skip = ("pluggy", "_pytest/runner.py", "_pytest/main.py", "runpy", "cProfile", "_pytest/config",
            "<built-in method builtins.exec>", "<frozen", "_pytest/python.py")
    shown = 0
    for key, value in sorted(raw.items(), key=lambda kv: -kv[1][3]):
        if any(s in key[0] or s in key[2] for s in skip) or (key[2] == "<module>" and "keras" not in key[0]):
            continue
        say(f"  {value[3]:7.2f} s cum  {value[2]:6.2f} s own  {value[1]:7d} calls  {_short(key)}")
        shown += 1
        if shown == 18:
            break
    say()
    summary = profile_breakdown(stats, total, n_subs)
    say("breakdown (seconds of the profiled run; they overlap where noted):")
    for line in summary:
        say(f"  {line}")


def _from_callers(raw: dict[Any, Any], path_part: str, name: str, caller_part: str) -> float:
    """Cumulative time of ``name`` (in a file matching ``path_part``) when called from files matching ``caller_part``."""
    return sum(c[3] for key, value in raw.items() if key[2] == name and path_part in key[0]
               for caller, c in value[4].items() if caller_part in caller[0])


def profile_breakdown(stats: pstats.Stats, total: float, n_subs: int) -> list[str]:
    raw: dict[Any, Any] = stats.stats  # type: ignore[attr-defined]
    collect, _ = _ct(stats, "_pytest/main.py", "pytest_collection")
    loop, _ = _ct(stats, "_pytest/main.py", "pytest_runtestloop")
    calls, n_tests = _ct(stats, "_pytest/runner.py", "pytest_runtest_call")
    keras_import = max((v[3] for k, v in raw.items() if k[2] == "<module>" and k[0].endswith("keras/__init__.py")), default=0.0)
    keras_ref, keras_n = _ct(stats, f"hidden/test_{MODULE}.py", "_keras_dense")
    start, n_start = _ct(stats, "runner/client.py", "_start")
    run, n_run = _ct(stats, "runner/client.py", "_run")
    close, n_close = _ct(stats, "runner/client.py", "close")
    select_wait = _from_callers(raw, "~", "<built-in method select.select>", "runner/process.py")
    write_msg, _ = _ct(stats, "runner/protocol.py", "write_message")
    read_msg, _ = _ct(stats, "runner/protocol.py", "read_message")
    hyp, n_hyp = _ct(stats, "hypothesis/core.py", "wrapped_test")
    book, n_book = _ct(stats, "grader/session/replay.py", "run")
    inner = sum(_from_callers(raw, f"test_{MODULE}.py", key[2], "hypothesis")
                for key in raw if key[0].endswith(f"test_{MODULE}.py") and key[2].startswith("test_"))
    repr_total, n_repr = _ct(stats, "_pytest/nodes.py", "_repr_failure_py")
    repr_report = _from_callers(raw, "_pytest/python.py", "repr_failure", "_pytest/reports.py")
    repr_hyp = _from_callers(raw, "_pytest/python.py", "repr_failure", "hypothesis")
    parse = _from_callers(raw, "ast.py", "parse", "_pytest/_code/source.py")
    pytest_overhead = loop - calls - close - repr_report
    return [
        f"total {total:.1f} s for {n_subs} submissions = {total / n_subs:.2f} s each; {n_tests} test items "
        f"({n_tests // n_subs} per submission)",
        f"interpreter + pytest start-up + imports + results file: {total - collect - loop:5.2f} s  (once per session)",
        f"collection of the suite (hypothesis strategies, grader.authoring.testing): {collect:5.2f} s  (once per session)",
        f"test loop: {loop:5.2f} s, of which (overlapping: a Keras call or a failure report happens inside a test)",
        f"  * pytest formatting tracebacks of failed checks (_repr_failure_py, {n_repr}x): "
        f"{repr_total:5.2f} s = {repr_total / max(n_repr, 1) * 1000:.0f} ms per failure; {parse:.2f} s of it is "
        f"ast.parse of whole source files (getstatementrange_ast); {repr_report:.2f} s in makereport (then thrown "
        f"away: the plugin replaces learner-side longreprs), {repr_hyp:.2f} s inside hypothesis's failure report",
        f"  * Keras reference (_keras_dense computed {keras_n}x; other calls hit the cache): {keras_ref:5.2f} s, incl. "
        f"`import keras` "
        f"(TensorFlow) {keras_import:.2f} s; the rest {((keras_ref - keras_import) / max(keras_n, 1)) * 1000:.1f} ms/call",
        f"  * @given checks: {n_book} runs through grader.session.replay ({book:5.2f} s, check bodies included), of which "
        f"{n_hyp} by Hypothesis's engine ({hyp:5.2f} s in wrapped_test: test bodies {inner:.2f} s, engine "
        f"{hyp - inner - repr_hyp:.2f} s) and {n_book - n_hyp} replayed from recorded examples",
        f"  * learner process start-up (IsolatedLearner._start, {n_start} starts, namespaces sandbox + child imports): "
        f"{start:5.2f} s = {start / max(n_start, 1) * 1000:.0f} ms each",
        f"  * learner calls (IsolatedLearner._run minus starts, {n_run} calls): {run - start:5.2f} s = "
        f"{(run - start) / max(n_run, 1) * 1000:.2f} ms/call; over calls and starts: waiting for the learner process "
        f"(select) {select_wait:.2f} s, IPC encode/decode/pipe writes {write_msg + read_msg - select_wait:.2f} s",
        f"  * learner process teardown (close: kill, cgroup, rmtree, {n_close}x): {close:5.2f} s",
        f"  * pytest's own per-test overhead (runtestloop minus test calls, failure formatting, teardown): "
        f"{pytest_overhead:5.2f} s = {pytest_overhead / max(n_tests, 1) * 1000:.2f} ms per test item",
    ]


# --------------------------------------------------------------------------- (m) MNIST grading time
TRAIN_HELPER = """
import contextlib, json, resource, sys, time
out = {}
@contextlib.contextmanager
def clock(name):
    wall, cpu = time.perf_counter(), time.process_time()
    yield
    out[name], out[name + "_cpu"] = time.perf_counter() - wall, time.process_time() - cpu
with clock("import"):
    import keras
import numpy as np
sys.path.insert(0, sys.argv[1])
sys.path.insert(0, sys.argv[2])
from grader.authoring.data import load_mnist
with clock("data"):
    (x_train, y_train), (x_test, y_test) = load_mnist()
    x = x_train.reshape(len(x_train), 784).astype(np.float32) / 255
    y = np.eye(10, dtype=np.float32)[y_train]
import mnist
with open(sys.argv[3], "w", encoding="utf-8") as log, contextlib.redirect_stdout(log):
    keras.utils.set_random_seed(0)
    with clock("build"):
        model = mnist.compile_model(mnist.build_model())
    with clock("train"):
        mnist.train(model, x, y)
    p = model.predict(x_test.reshape(len(x_test), 784).astype(np.float32) / 255, batch_size=1000, verbose=0)
out.update(accuracy=float(np.mean(np.argmax(p, axis=1) == y_test)),
           maxrss_kb=resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
print(json.dumps(out))
"""


def learner_training(work: Path, folder: Path) -> dict[str, Any]:
    """The learner's own cost, in a fresh process with a learner process's environment (threads, KERAS_HOME).

    ``import keras``; the 60,000 training digits loaded and preprocessed as the hidden suite does
    once per session; then, seeded with ``keras.utils.set_random_seed(0)`` as the suite seeds the
    learner process, ``compile_model(build_model())`` and ``train(model, x, y)`` (5 epochs, batches
    of 128: the defaults the suite passes), and the trained model's accuracy on the 10,000 test digits.
    """
    from grader.session.plugin import learner_limits

    limits = learner_limits("mnist")
    scratch = work / "mnist-own-training"
    scratch.mkdir(parents=True, exist_ok=True)
    env = limits.environment(scratch)
    if "DLGRADE_DATA" in os.environ:
        env["DLGRADE_DATA"] = os.environ["DLGRADE_DATA"]
    proc = subprocess.run([sys.executable, "-c", TRAIN_HELPER, str(ROOT), str(folder), str(scratch / "fit.log")],
                          cwd=scratch, env=env, capture_output=True, text=True, timeout=1800, check=False)
    if proc.returncode != 0:
        raise RuntimeError(f"training helper failed: {proc.stderr[-2000:]}")
    result: dict[str, Any] = json.loads(proc.stdout.strip().splitlines()[-1])
    result["threads"] = limits.threads
    return result


def score_lines(run: dict[str, Any]) -> list[str]:
    """One line per submission: total / max and every function that did not pass, with its message."""
    lines = []
    for sid, total in run["totals"].items():
        bad = [f"{name} {points:g}/{most:g} {status}: {message}"
               for name, (points, most, status, message) in run["functions"][sid].items() if status != "passed"]
        detail = "; " + "; ".join(bad) if bad else " (every function passed)"
        lines.append(f"  {sid}: {total:g}/{run['max_totals'][sid]:g}{detail}")
    return lines


def rusage_line(run: dict[str, Any]) -> str:
    """getrusage's figure, and whether it missed the learner processes (not reaped through the helper)."""
    rusage = run["maxrss_kb"] / 1024
    text = f"getrusage(RUSAGE_CHILDREN).ru_maxrss of the helper around run_session: {rusage:.0f} MiB"
    if rusage + 1 < run["learner_mb"]:
        text += (" (below the learner's VmHWM: it only counts processes reaped through the helper, and a learner "
                 "process is killed with its unshare wrapper at close and reaped elsewhere, so this is the session's)")
    return text


def section_m(work: Path) -> None:
    heading("(m) MNIST (Keras): grading time per submission beyond the learner's own training; peak memory")
    subs = solution_folders(work, "mnist", MNIST_SUBMISSIONS)
    n = len(subs)
    say(f"submissions: {n} copies of solutions/mnist.py without the SOLUTION markers, one folder each ({', '.join(subs)}); "
        "one hidden session via grader.api.run_session(subs, ['mnist'], hidden=True) in a fresh helper process, "
        f"isolation on; DLGRADE_DATA={os.environ.get('DLGRADE_DATA', 'NOT SET: the train check cannot load MNIST')}")
    wait_quiet("m")
    with others_cpu("m"):
        run = one_session(subs, module="mnist")
        startup = one_session(subs, ("--collect-only",), module="mnist")
        own = learner_training(work, next(iter(subs.values())))
    wall = run["wall"]
    fixed = startup["wall"] + 2 * own["import"] + own["data"]
    overhead = (wall - fixed) / n - own["train"]
    inside = sum(run["learner_seconds"].values()) / n
    measured = (wall - fixed) / n - inside
    cpu_fixed = startup["session_cpu"] + 2 * own["import_cpu"] + own["data_cpu"]
    cpu_all = run["session_cpu"] + run["runner_cpu"] + run["learner_cpu"]
    cpu_overhead = (cpu_all - cpu_fixed) / n - own["train_cpu"]
    say()
    say(f"grading session ({n} submissions): {wall:.1f} s wall = {wall / n:.1f} s per submission (session wall / {n}); "
        f"isolation {', '.join(run['isolation'])}; {run['learners']} learner processes, forked from the session's "
        "warm runner (which imported Keras once)")
    say("scores (the hidden suite's test_train_mnist_accuracy passes at >= 97 % test accuracy, computed by the grader "
        "on the 10,000 test digits; the results file says pass/fail, not the accuracy):")
    for line in score_lines(run):
        say(line)
    say(f"peak RSS (VmHWM): session process {run['session_mb']:.0f} MiB, warm runner {run['runner_mb']:.0f} MiB, "
        f"learner process {run['learner_mb']:.0f} MiB (largest of {run['learners']}; shares the runner's pages); "
        f"all at one moment (sampled every 50 ms) {run['together_mb']:.0f} MiB RSS (PSS: see (i))")
    say(rusage_line(run))
    say(f"CPU: session process {run['session_cpu']:.1f} s, warm runner {run['runner_cpu']:.1f} s, learner processes "
        f"{run['learner_cpu']:.1f} s ({run['learner_cpu'] / n:.1f} s per submission)")
    say()
    say(f"the learner's own cost, measured apart (a fresh process with the learner process's environment, "
        f"{own['threads']} threads; solutions/mnist.py; seed 0):")
    say(f"  `import keras` (TensorFlow): {own['import']:.2f} s ({own['import_cpu']:.1f} CPU s)  — paid once per "
        "session by the session process and once by its warm runner (learner processes are forked from it)")
    say(f"  compile_model(build_model()): {own['build']:.2f} s  (the suite's build and compile checks call build_model "
        "twice and compile_model once more per submission: counted as grading overhead below)")
    say(f"  train(model, x, y) on the 60,000 preprocessed digits, 5 epochs, batches of 128 = THE LEARNER'S TRAINING: "
        f"{own['train']:.1f} s ({own['train_cpu']:.1f} CPU s); that model's test accuracy {own['accuracy']:.2%} "
        f"(computed here, not by the grader); peak RSS of that process {own['maxrss_kb'] / 1024:.0f} MiB")
    say(f"fixed part of a session (paid once, however many submissions): {fixed:.1f} s = the same session with "
        f"--collect-only (interpreter, pytest, plugin, sandbox detection, suite collection, results file) "
        f"{startup['wall']:.1f} s + `import keras` twice (session, warm runner) 2 x {own['import']:.2f} s + loading "
        f"and preprocessing MNIST once per session {own['data']:.2f} s (measured in the process above, same code)")
    say(f"grading overhead per submission = (session wall - fixed part) / {n} - the learner's training = "
        f"({wall:.1f} - {fixed:.1f}) / {n} - {own['train']:.1f} = {overhead:.2f} s")
    say(f"  the same in CPU seconds (less sensitive to other users' load; training uses {own['threads']} threads): "
        f"(session + runner + learner CPU {cpu_all:.1f} - fixed {cpu_fixed:.1f} "
        f"[--collect-only session {startup['session_cpu']:.1f} + 2 x import keras {own['import_cpu']:.1f} + MNIST "
        f"{own['data_cpu']:.1f}]) / {n} - training {own['train_cpu']:.1f} = {cpu_overhead:.2f} CPU s per submission")
    say(f"  the same with the learner's time as the session saw it (training varies by 10-25 % from run to run here, "
        f"more than the target): each learner process reports how long the learner's functions ran "
        f"(ModuleResult.learner_seconds: train, build_model, compile_model, preprocess), on average {inside:.1f} s per "
        f"submission in this session; (session wall - fixed part) / {n} - that = ({wall:.1f} - {fixed:.1f}) / {n} - "
        f"{inside:.1f} = {measured:.2f} s")
    per_sub = {sid: run["grading_seconds"][sid] - run["learner_seconds"][sid] for sid in subs}
    steady = [per_sub[sid] for sid in list(subs)[1:]]
    warm_overhead = sum(steady) / len(steady)
    say("per submission, inside the session (ModuleResult.grading_seconds: set-up, call and teardown of the "
        "submission's checks as pytest timed them, minus its learner_seconds; a session grades its submissions one "
        "after another, so the first submission's checks also wait for what is paid once per session: "
        "the warm runner's and the session's `import keras`):")
    for sid in subs:
        say(f"  {sid}: checks {run['grading_seconds'][sid]:.2f} s - learner's functions {run['learner_seconds'][sid]:.2f} s "
            f"= {per_sub[sid]:.2f} s{'  (first: includes the once-per-session imports)' if sid == next(iter(subs)) else ''}")
    say(f"  grading overhead per submission with warm workers (mean of the submissions after the first): "
        f"{warm_overhead:.2f} s")
    say(f"TARGET grading overhead beyond the learner's own training <= {TARGET_MNIST_OVERHEAD:g} s per MNIST submission "
        f"with warm workers (TensorFlow's import paid once per worker): "
        f"{'MET' if warm_overhead <= TARGET_MNIST_OVERHEAD else 'NOT MET'} ({warm_overhead:.2f} s per submission after "
        f"the first, measured inside the session; from the session's wall time: {measured:.2f} s with the learner's "
        f"time as the session saw it, {overhead:.2f} s against the training measured apart)")


# --------------------------------------------------------------------------- (i) IMDB peak memory
IMDB_SOURCE = """
import json, sys
sys.path.insert(0, sys.argv[1])
from grader.authoring.imdb_data import load_real
data = load_real(10000)
print(json.dumps({"synthetic": data.synthetic, "source": data.source, "note": data.note}))
"""


def imdb_source() -> dict[str, Any]:
    """Which IMDB data a session gets: the hidden suite's own ``load_real(10000)``, asked again in a fresh process."""
    proc = subprocess.run([sys.executable, "-c", IMDB_SOURCE, str(ROOT)], capture_output=True, text=True, timeout=600,
                          check=False)
    if proc.returncode != 0:
        return {"synthetic": None, "source": "?", "note": f"could not tell: {proc.stderr[-500:]}"}
    result: dict[str, Any] = json.loads(proc.stdout.strip().splitlines()[-1])
    return result


def section_i(work: Path) -> None:
    heading("(i) IMDB (Keras): peak memory of one grading run")
    subs = solution_folders(work, "imdb", 1)
    cached = sorted(Path(tempfile.gettempdir()).glob(f"dlgrade-imdb-standin-{os.getuid()}-*.npz"))
    say("submission: solutions/imdb.py without the SOLUTION markers; one hidden session via "
        "grader.api.run_session(subs, ['imdb'], hidden=True) in a fresh helper process, isolation on; "
        f"synthetic stand-in cached on disk before the session: {'yes' if cached else 'no (the session generates it)'}")
    wait_quiet("i")
    with others_cpu("i"):
        run = one_session(subs, module="imdb", pss=True)
    data = imdb_source()
    limit = TARGET_IMDB_PEAK_GIB * 1024
    session, learner, runner = run["session_mb"], run["learner_mb"], run["runner_mb"]
    biggest, total, pss = max(session, learner, runner), session + learner + runner, run["together_pss_mb"]
    say()
    if data["synthetic"]:
        say(f"DATA: the {data['source'].upper()}, not the real IMDB reviews ({data['note']}); "
            "grader.authoring.imdb_data.load_real(10000), what the hidden suite's _data() calls, asked again in a fresh process")
    else:
        say(f"DATA: {data['source']} {data['note']}".rstrip())
    say(f"wall time {run['wall']:.1f} s; isolation {', '.join(run['isolation'])}; {run['learners']} learner process")
    for line in score_lines(run):
        say(line)
    say(f"peak RSS (VmHWM, /proc polled every 50 ms): session process {session:.0f} MiB, warm runner {runner:.0f} MiB, "
        f"learner process {learner:.0f} MiB; sum of the three peaks {total:.0f} MiB (an upper bound twice over: they "
        f"need not peak together, and the learner's RSS counts the pages it shares with the runner it was forked from); "
        f"the most all held at one moment (sampled) {run['together_mb']:.0f} MiB RSS, {pss:.0f} MiB PSS (shared "
        "pages counted once)")
    say(rusage_line(run))
    say(f"CPU: session process {run['session_cpu']:.1f} s, warm runner {run['runner_cpu']:.1f} s, learner process "
        f"{run['learner_cpu']:.1f} s")
    say(f"TARGET peak memory of an IMDB grading run <= {TARGET_IMDB_PEAK_GIB:g} GiB ({limit:.0f} MiB): "
        f"per process (the largest peak, {biggest:.0f} MiB = {biggest / 1024:.2f} GiB): "
        f"{'MET' if biggest <= limit else 'NOT MET'}; the whole run at its peak (PSS of session, runner and learner, "
        f"{pss:.0f} MiB = {pss / 1024:.2f} GiB): {'MET' if pss <= limit else 'NOT MET'}; sum of the three RSS peaks "
        f"({total:.0f} MiB = {total / 1024:.2f} GiB): {'MET' if total <= limit else 'NOT MET'}")


# --------------------------------------------------------------------------- main
def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--students", type=int, default=30, help="class size for (a), at least 30 for the recorded run")
    parser.add_argument("--sections", default="abcpmi", help="which sections to run (letters of a, b, c, p, m, i)")
    parser.add_argument("--keep", type=Path, default=None, help="keep the work folder here instead of a temporary one")
    args = parser.parse_args(argv)
    if SHARED_DATA.is_dir():
        os.environ.setdefault("DLGRADE_DATA", str(SHARED_DATA))
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))  # stopped: still remove the temporary work folder
    import hypothesis
    import numpy as np

    started = time.monotonic()
    heading("dlgrade benchmarks")
    say(f"date {datetime.now(UTC).isoformat(timespec='seconds')}  host {platform.node()}  {platform.platform()}")
    say(f"cores {os.cpu_count()}  Python {platform.python_version()}  NumPy {np.__version__}  "
        f"hypothesis {hypothesis.__version__}  DLGRADE_DATA={os.environ.get('DLGRADE_DATA', '-')}")
    say(f"load average at start (1/5/15 min): {'/'.join(f'{v:.2f}' for v in os.getloadavg())}")
    learners = build_class(args.students)
    sample = sample_of(learners)
    with work_folder(args.keep) as work:
        folders = plain_folders(work, learners)
        run_sections(args.sections, work, learners, folders, sample)
    say()
    say(f"whole benchmark: {time.monotonic() - started:.0f} s; load average at the end: "
        f"{'/'.join(f'{v:.2f}' for v in os.getloadavg())}")
    return 0


def run_sections(sections: str, work: Path, learners: list[tuple[str, str, str]], folders: dict[str, Path],
                 sample: list[str]) -> None:
    steps: list[tuple[str, Callable[[], Any]]] = [("a", lambda: section_a(work, learners))]
    per_size: dict[int, float] = {}

    def b() -> None:
        with batch_cache(work):
            per_size.update(section_b(folders, sample))

    def p() -> None:
        with batch_cache(work):
            section_p(work, folders, sample, per_size.get(CHUNK_SIZES[-1], 0) * len(sample) or None)

    steps += [("b", b), ("c", lambda: section_c(work)), ("p", p),
              ("m", lambda: section_m(work)), ("i", lambda: section_i(work))]
    for letter, step in steps:
        if letter in sections:
            step()


@contextlib.contextmanager
def batch_cache(work: Path) -> Iterator[None]:
    """Sessions keep references and recorded examples in one folder, as the sessions of a batch do."""
    os.environ[BENCH_CACHE] = str(work / "batch-cache")
    try:
        yield
    finally:
        del os.environ[BENCH_CACHE]


def sample_of(learners: list[tuple[str, str, str]]) -> list[str]:
    """16 submissions in class proportions, interleaved so the first 4 are a fair mix too."""
    by_kind: dict[str, list[str]] = {}
    for student, kind, _ in learners:
        by_kind.setdefault(kind.split(":")[0], []).append(student)
    order = ["full", "partial", "partial", "stub", "partial", "full", "partial", "partial"] * 2
    picked: list[str] = []
    for kind in order:
        pool = [s for s in by_kind.get(kind, []) if s not in picked] or [s for s, _, _ in learners if s not in picked]
        picked.append(pool[0])
    return picked


@contextlib.contextmanager
def work_folder(keep: Path | None) -> Iterator[Path]:
    if keep is not None:
        if keep.exists():
            shutil.rmtree(keep)
        keep.mkdir(parents=True)
        yield keep.resolve()
        return
    with tempfile.TemporaryDirectory(prefix="dlgrade-bench-") as tmp:
        yield Path(tmp)


if __name__ == "__main__":
    sys.exit(main())
