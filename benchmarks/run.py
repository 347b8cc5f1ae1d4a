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

Nothing is simulated: every figure is measured here, on this machine, and printed as measured.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import platform
import pstats
import random
import re
import resource
import shutil
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

from grader.api import PACKAGE  # noqa: E402 - after the sys.path set-up of a script

BIN = Path(sys.executable).parent
MODULE = "tensor_ops"
LOCAL_MODULES = ("tensors", "tensor_ops", "losses", "gradients")
CHUNK_SIZES = (1, 4, 8)
MAX_LOAD = 1.5
"""Sections start once the 1-minute load average is at most this (or after waiting QUIET_WAIT s)."""
QUIET_WAIT = 90.0
TARGET_SPEEDUP = 4.0
TARGET_PER_SUBMISSION = 0.3
SHARED_DATA = ROOT.parent / "shared" / "data"


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
def others_cpu(label: str) -> Iterator[None]:
    """Print how many cores other processes (not this benchmark's) used during the block."""
    busy0, own0, t0 = cpu_busy(), own_cpu(), time.monotonic()
    yield
    wall = time.monotonic() - t0
    others = max(0.0, (cpu_busy() - busy0) - (own_cpu() - own0))
    say(f"[{label}] other processes on the machine used {others / wall:.2f} of {os.cpu_count()} cores meanwhile "
        f"(busy CPU from /proc/stat minus this benchmark's own); load now {os.getloadavg()[0]:.2f}")


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


def plain_folders(work: Path, learners: list[tuple[str, str, str]]) -> dict[str, Path]:
    """The same submissions as plain folders (``<module>.py`` only), for run_session."""
    out = {}
    for student, _, source in learners:
        folder = work / "plain" / student
        folder.mkdir(parents=True, exist_ok=True)
        (folder / f"{MODULE}.py").write_text(source, encoding="utf-8")
        out[student] = folder
    return out


# --------------------------------------------------------------------------- (a) dlgrade vs nbgrader
def section_a(work: Path, learners: list[tuple[str, str, str]]) -> dict[str, Any]:
    from grader.nbgrader.course import init_course, run_nbgrader
    from grader.nbgrader.table import gradebook_table

    heading(f"(a) `dlgrade grade {MODULE}` vs `nbgrader autograde {MODULE}`: same class, two fresh course copies")
    kinds = [kind.split(":")[0] for _, kind, _ in learners]
    say(f"class: {len(learners)} submissions = {kinds.count('full')} full marks (solutions/{MODULE}.py), "
        f"{kinds.count('partial')} partial (solution + one mutant from tests/mutants/{MODULE}/), "
        f"{kinds.count('stub')} untouched stubs (exercises/{MODULE}.py)")
    template = work / "course-template"
    began = time.perf_counter()
    init_course(template, [MODULE])
    submit(template, learners)
    courses = {name: work / f"course-{name}" for name in ("dlgrade", "nbgrader")}
    for course in courses.values():
        shutil.copytree(template, course)
    say(f"set-up (init_course + nbgrader generate_assignment + submissions + 2 copies): {time.perf_counter() - began:.1f} s")

    wait_quiet("a: dlgrade grade")
    with others_cpu("a: dlgrade grade"):
        t_dl, proc = timed([str(BIN / "dlgrade"), "grade", MODULE, "--course", str(courses["dlgrade"])],
                           ROOT, env=env_with_bin())
    if proc.returncode != 0:
        say(f"!! dlgrade grade exited with {proc.returncode}: {(proc.stdout + proc.stderr)[-1500:]}")
    say(f"dlgrade grade {MODULE}: {t_dl:.1f} s wall (exit {proc.returncode}; default workers = {os.cpu_count()})")

    wait_quiet("a: nbgrader autograde")
    with others_cpu("a: nbgrader autograde"):
        began = time.perf_counter()
        nb = run_nbgrader(courses["nbgrader"], "autograde", MODULE, check=False)
        t_nb = time.perf_counter() - began
    if nb.returncode != 0:
        say(f"!! nbgrader autograde exited with {nb.returncode}: {(nb.stdout + nb.stderr)[-1500:]}")
    say(f"nbgrader autograde {MODULE}: {t_nb:.1f} s wall (exit {nb.returncode}; one kernel per notebook, sequential)")

    tables = {name: {row["student"]: row for row in gradebook_table(course, MODULE)} for name, course in courses.items()}
    results = courses["dlgrade"] / "dlgrade" / MODULE / "results"
    isolation = sorted({json.loads(p.read_text(encoding="utf-8")).get("isolation", "?") for p in results.glob("*.json")})
    mismatches = compare_scores(learners, tables)
    n = len(learners)
    speedup = t_nb / t_dl
    per_sub = t_dl / n
    say()
    say(f"scores identical per student (every grade cell and the total): "
        f"{'YES' if not mismatches else f'NO — {len(mismatches)} differ: ' + ', '.join(mismatches)}")
    say(f"isolation level recorded in dlgrade's results: {', '.join(isolation)}")
    say(f"wall time   dlgrade {t_dl:7.1f} s   nbgrader autograde {t_nb:7.1f} s   ratio {speedup:.1f}x")
    say(f"per submission (batch wall / {n}): dlgrade {per_sub:.2f} s   nbgrader {t_nb / n:.2f} s")
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

    def __init__(self, root: int, interval: float = 0.05) -> None:
        self.root, self.interval = root, interval
        self.seen: dict[int, dict[str, Any]] = {}
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
        for pid in wanted:
            with contextlib.suppress(OSError, IndexError, ValueError):
                cmd = Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
                kind = "learner" if "grader.runner.child" in cmd else "session" if "pytest" in cmd else None
                if kind is None:
                    continue
                status = Path(f"/proc/{pid}/status").read_text()
                hwm = int(re.search(r"VmHWM:\s+(\d+)", status).group(1))  # type: ignore[union-attr]
                stat = Path(f"/proc/{pid}/stat").read_text()
                fields = stat[stat.rindex(")") + 2 :].split()
                cpu = (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
                self.seen[pid] = {"kind": kind, "hwm_kb": hwm, "cpu": cpu}

    def peak_mb(self, kind: str) -> float:
        return max((p["hwm_kb"] for p in self.seen.values() if p["kind"] == kind), default=0) / 1024

    def cpu(self, kind: str) -> float:
        return sum(p["cpu"] for p in self.seen.values() if p["kind"] == kind)

    def count(self, kind: str) -> int:
        return sum(1 for p in self.seen.values() if p["kind"] == kind)


HELPER = """
import json, resource, sys, time
from pathlib import Path
sys.path.insert(0, sys.argv[1])
from grader.api import run_session
subs = {k: Path(v) for k, v in json.loads(sys.argv[2]).items()}
began = time.perf_counter()
reports = run_session(subs, [sys.argv[3]], hidden=True)
wall = time.perf_counter() - began
print(json.dumps({"wall": wall, "maxrss_kb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss,
                  "totals": {k: r.total for k, r in reports.items()},
                  "isolation": sorted({r.isolation for r in reports.values()})}))
"""


def one_session(subs: dict[str, Path]) -> dict[str, Any]:
    """run_session in a fresh helper process (so getrusage(RUSAGE_CHILDREN) sees only this session)."""
    proc = subprocess.Popen([sys.executable, "-c", HELPER, str(ROOT), json.dumps({k: str(v) for k, v in subs.items()}), MODULE],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    with ProcPeaks(proc.pid) as peaks:
        out, err = proc.communicate()
    if proc.returncode != 0:
        raise RuntimeError(f"helper failed: {err[-2000:]}")
    result: dict[str, Any] = json.loads(out.strip().splitlines()[-1])
    result.update(session_mb=peaks.peak_mb("session"), learner_mb=peaks.peak_mb("learner"),
                  session_cpu=peaks.cpu("session"), learner_cpu=peaks.cpu("learner"), learners=peaks.count("learner"))
    return result


def section_b(folders: dict[str, Path], sample: list[str]) -> dict[int, float]:
    heading("(b) one grading session at a time: time per submission vs chunk size; peak memory")
    say(f"submissions: {', '.join(sample)} (the first {CHUNK_SIZES[1]} for chunk sizes 1 and 4, all {len(sample)} for 8); "
        "sessions run one after another (no parallel workers), via grader.api.run_session, hidden suite, isolation on")
    wait_quiet("b")
    per_size: dict[int, float] = {}
    rows = []
    with others_cpu("b"):
        for size in CHUNK_SIZES:
            names = sample[: max(size, CHUNK_SIZES[1])]
            runs = [one_session({n: folders[n] for n in names[i : i + size]}) for i in range(0, len(names), size)]
            wall = sum(r["wall"] for r in runs)
            per_size[size] = wall / len(names)
            rows.append((size, len(runs), len(names), wall, runs))
    say()
    say("chunk  sessions  subs   wall s  s/sub   session peak RSS  learner peak RSS  max RSS (getrusage)  "
        "CPU s/sub session+learner")
    for size, n_runs, n_subs, wall, runs in rows:
        session_mb = max(r["session_mb"] for r in runs)
        learner_mb = max(r["learner_mb"] for r in runs)
        rusage_mb = max(r["maxrss_kb"] for r in runs) / 1024
        s_cpu = sum(r["session_cpu"] for r in runs) / n_subs
        l_cpu = sum(r["learner_cpu"] for r in runs) / n_subs
        say(f"{size:5}  {n_runs:8}  {n_subs:4}  {wall:7.1f}  {wall / n_subs:5.2f}   {session_mb:13.0f} MB  "
            f"{learner_mb:13.0f} MB  {rusage_mb:16.0f} MB      {s_cpu:.2f} + {l_cpu:.2f}")
    first = rows[0][4][0]
    say(f"isolation: {', '.join(first['isolation'])}; learner processes seen per session of 1: {first['learners']} "
        "(one per submission and module)")
    say("peak RSS: VmHWM from /proc polled every 50 ms (session = the pytest process, learner = grader.runner.child);")
    say("getrusage(RUSAGE_CHILDREN).ru_maxrss is the largest of all of them (session or learner) as the OS accounted it.")
    say(f"per-submission cost of a session of 1 = start-up + Keras import + grading; "
        f"marginal cost of one more submission ~ {(rows[-1][3] - rows[1][3]) / (len(sample) - CHUNK_SIZES[1]):.2f} s "
        f"(session of {len(sample)} minus session of {CHUNK_SIZES[1]}, per extra submission)")
    return per_size


# --------------------------------------------------------------------------- (c) local checks
def section_c(work: Path) -> None:
    heading("(c) local check latency: the learner's `pytest test_<module>.py` in a copy of exercises/ with the solution in")
    wait_quiet("c")
    say(f"{'module':11} {'score':>8} {'wall 1st':>9} {'wall med3':>10} {'pytest says':>12}  TensorFlow/Keras imported?")
    with others_cpu("c"):
        for module in LOCAL_MODULES:
            folder = work / f"local-{module}"
            shutil.copytree(ROOT / "exercises", folder)
            (folder / f"{module}.py").write_text(solution_source(module), encoding="utf-8")
            walls, reported, score = [], "?", "?"
            for _ in range(4):
                wall, proc = timed([str(BIN / "pytest"), f"test_{module}.py"], folder)
                walls.append(wall)
                found = re.search(r" in ([\d.]+)s", proc.stdout)
                reported = f"{found.group(1)} s" if found else "?"
                found = re.search(r"Score: ([\d.]+ / [\d.]+)", proc.stdout)
                score = found.group(1).replace(" ", "") if found else f"exit {proc.returncode}"
            _, imp = timed([sys.executable, "-X", "importtime", "-m", "pytest", f"test_{module}.py"], folder)
            heavy = sorted({m for m in ("tensorflow", "keras") if re.search(rf"\|\s+{m}(\.|$)", imp.stderr, re.MULTILINE)})
            say(f"{module:11} {score:>8} {walls[0]:8.2f}s {statistics.median(walls[1:]):9.2f}s {reported:>12}  "
                f"{'YES: ' + ', '.join(heavy) if heavy else 'no'}")
    say("wall = the whole command (interpreter + pytest + plugin start-up + checks), first run and median of the next 3;")
    say("'pytest says' = pytest's own 'in X s' of the last run; imports checked with `python -X importtime -m pytest`.")


# --------------------------------------------------------------------------- (p) profile
def section_p(work: Path, folders: dict[str, Path], sample: list[str], unprofiled: float | None) -> None:
    heading(f"(p) where a grading session's time goes: cProfile of one session grading {len(sample)} submissions")
    out, results = work / "session.prof", work / "profile-results.json"
    command = [sys.executable, "-m", "cProfile", "-o", str(out), "-m", "pytest", "-c", str(PACKAGE / "suites.ini"),
               "--rootdir", str(PACKAGE), "--dlgrade-json", str(results), str(PACKAGE / "hidden" / f"test_{MODULE}.py")]
    for name in sample:
        command += ["--dlgrade-submission", f"{name}={folders[name]}"]
    wait_quiet("p")
    with others_cpu("p"):
        wall, proc = timed(command, work)
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


def profile_breakdown(stats: pstats.Stats, total: float, n_subs: int) -> list[str]:
    raw: dict[Any, Any] = stats.stats  # type: ignore[attr-defined]
    collect, _ = _ct(stats, "_pytest/main.py", "pytest_collection")
    loop, _ = _ct(stats, "_pytest/main.py", "pytest_runtestloop")
    calls, n_tests = _ct(stats, "_pytest/python.py", "pytest_pyfunc_call")
    keras_import = max((v[3] for k, v in raw.items() if k[2] == "<module>" and k[0].endswith("keras/__init__.py")), default=0.0)
    keras_ref, keras_n = _ct(stats, f"hidden/test_{MODULE}.py", "_keras_dense")
    start, n_start = _ct(stats, "runner/client.py", "_start")
    run, n_run = _ct(stats, "runner/client.py", "_run")
    close, n_close = _ct(stats, "runner/client.py", "close")
    select_wait = 0.0
    for key, value in raw.items():
        if "select" in key[2] and key[0] == "~":
            select_wait += sum(c[3] for ck, c in value[4].items() if ck[2] == "read" and "runner/client.py" in ck[0])
    write_msg, _ = _ct(stats, "runner/protocol.py", "write_message")
    read_msg, _ = _ct(stats, "runner/protocol.py", "read_message")
    hyp, n_hyp = _ct(stats, "hypothesis/core.py", "wrapped_test")
    inner = 0.0
    for key, value in raw.items():
        if key[0].endswith(f"test_{MODULE}.py") and key[2].startswith("test_"):
            inner += sum(c[3] for ck, c in value[4].items() if "hypothesis" in ck[0])
    pytest_overhead = loop - calls - close
    calls_net = run - start
    startup = total - collect - loop
    return [
        f"total {total:.1f} s for {n_subs} submissions = {total / n_subs:.2f} s each; {n_tests} test items "
        f"({n_tests // n_subs} per submission)",
        f"interpreter + pytest start-up + imports + results file: {startup:5.2f} s  (once per session)",
        f"collection of the suite (imports hypothesis strategies, grader.testing): {collect:5.2f} s  (once per session)",
        f"test loop: {loop:5.2f} s, of which",
        f"  Keras reference (_keras_dense, {keras_n} calls, none cached): {keras_ref:5.2f} s, incl. `import keras` "
        f"(TensorFlow) {keras_import:.2f} s; the rest {((keras_ref - keras_import) / max(keras_n, 1)) * 1000:.1f} ms/call",
        f"  learner process start-up (IsolatedLearner._start, {n_start} starts, namespaces sandbox + child imports): "
        f"{start:5.2f} s = {start / max(n_start, 1) * 1000:.0f} ms each",
        f"  learner calls (IsolatedLearner._run minus starts, {n_run} calls): {calls_net:5.2f} s = "
        f"{calls_net / max(n_run, 1) * 1000:.2f} ms/call; of which waiting on the learner process (select) "
        f"{select_wait:.2f} s, IPC encode/decode {write_msg + read_msg - select_wait:.2f} s",
        f"  learner process teardown (close: kill, cgroup, rmtree, {n_close}x): {close:5.2f} s",
        f"  hypothesis ({n_hyp} @given tests): {hyp:5.2f} s in wrapped_test, of which {hyp - inner:.2f} s is hypothesis "
        "itself (generation, engine), the rest the test bodies",
        f"  pytest per-test overhead (runtestloop minus test calls and teardown): {pytest_overhead:5.2f} s = "
        f"{pytest_overhead / max(n_tests, 1) * 1000:.2f} ms per test item",
    ]


# --------------------------------------------------------------------------- main
def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--students", type=int, default=30, help="class size for (a), at least 30 for the recorded run")
    parser.add_argument("--sections", default="abcp", help="which sections to run (letters of a, b, c, p)")
    parser.add_argument("--keep", type=Path, default=None, help="keep the work folder here instead of a temporary one")
    args = parser.parse_args(argv)
    if SHARED_DATA.is_dir():
        os.environ.setdefault("DLGRADE_DATA", str(SHARED_DATA))
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
        per_size.update(section_b(folders, sample))

    steps += [("b", b), ("c", lambda: section_c(work)),
              ("p", lambda: section_p(work, folders, sample, per_size.get(8, 0) * len(sample) or None))]
    for letter, step in steps:
        if letter in sections:
            step()


def sample_of(learners: list[tuple[str, str, str]]) -> list[str]:
    """8 submissions in class proportions, interleaved so the first 4 are a fair mix too."""
    by_kind: dict[str, list[str]] = {}
    for student, kind, _ in learners:
        by_kind.setdefault(kind.split(":")[0], []).append(student)
    order = ["full", "partial", "partial", "stub", "partial", "full", "partial", "partial"]
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
