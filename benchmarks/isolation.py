"""What the learner's isolation costs: start-up of one learner process, per level and start path.

    .venv/bin/python benchmarks/isolation.py [--learners 40] [--tree PATH]

For each isolation level this machine offers (``rlimits`` always; ``namespaces`` where user
namespaces work) and each start path (forked from a warm runner that imported NumPy, or a fresh
interpreter), it starts ``--learners`` learner processes one after another on a tiny module and
times each from the start to the answer of its first call, then the call alone once started.
``--tree`` runs the same measurement against another checkout of dlgrade (its ``grader``
package first on ``sys.path``), to compare two versions of the sandbox on one machine.
Prints medians and 90th percentiles in milliseconds; nothing is written.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

MODULE = "import numpy as np\n\n\ndef double(x):\n    return np.asarray(x) * 2\n"


def _measure(level: str, warm: bool, learners: int) -> tuple[list[float], list[float]]:
    from grader.runner.client import IsolatedLearner
    from grader.runner.forkserver import ForkServer
    from grader.runner.limits import Limits
    from grader.runner.sandbox import Sandbox

    server = ForkServer(Limits(), ("numpy",)) if warm else None
    starts, calls = [], []
    with tempfile.TemporaryDirectory(prefix="dlgrade-bench-") as folder:
        (Path(folder) / "bench_mod.py").write_text(MODULE, encoding="utf-8")
        for index in range(learners + 1):
            learner = IsolatedLearner(Path(folder), "bench_mod", sandbox=Sandbox(level, ()), forkserver=server)
            began = time.perf_counter()
            learner.call("double", 1)
            started = time.perf_counter()
            learner.call("double", 2)
            done = time.perf_counter()
            learner.close()
            if index:  # the first one also waits for the warm runner's imports
                starts.append((started - began) * 1000)
                calls.append((done - started) * 1000)
    if server is not None:
        if server.failed:
            raise RuntimeError(server.failed)
        server.close()
    return starts, calls


def _summary(values: list[float]) -> str:
    ordered = sorted(values)
    return f"median {statistics.median(ordered):6.1f} ms  p90 {ordered[int(0.9 * (len(ordered) - 1))]:6.1f} ms"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--learners", type=int, default=40)
    parser.add_argument("--tree", type=Path, default=None, help="another dlgrade checkout to measure instead")
    args = parser.parse_args()
    if args.tree is not None:
        env = {**os.environ, "PYTHONPATH": str(args.tree.resolve())}
        return subprocess.run([sys.executable, __file__, "--learners", str(args.learners)], env=env, check=False,
                              cwd=args.tree).returncode
    import grader
    from grader.runner.sandbox import detect_level

    print(f"dlgrade at {Path(grader.__file__).parent}, uid {os.geteuid()}, {args.learners} learners per row")
    levels = ["rlimits"] + (["namespaces"] if detect_level() == "namespaces" else [])
    for level in levels:
        for warm in (True, False):
            starts, calls = _measure(level, warm, args.learners)
            print(f"{level:<10} {'warm' if warm else 'fresh':<5}  start+first call: {_summary(starts)}   "
                  f"next call: {_summary(calls)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
