"""A learner's install: `pip install dlgrade` (no extras) in a fresh venv, its size, and one module's `pytest`.

Builds the wheel from this checkout, makes a virtual environment, installs the wheel there
without extras (its dependencies from the package index), then:

* measures the size of the venv's site-packages (what the core install put on disk);
* in a learner's copy of exercises/ with one NumPy module's reference solution, runs
  `python -m pytest test_<module>.py` with the venv's Python: its score, which of nbgrader,
  TensorFlow, Keras and the Jupyter stack it imported (`-X importtime`), and the best wall time of N runs.

    .venv/bin/python benchmarks/learner_install.py [--runs 7] [--module tensor_ops] [--keep DIR] [--json]

Plain script, not a pytest suite; tests/test_learner_install.py runs it (`--json`) and checks the result.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
HEAVY = ("nbgrader", "tensorflow", "keras", "jupyter_client", "jupyter_core", "jupyter_server", "nbformat", "nbconvert",
         "traitlets", "ipykernel", "IPython", "notebook", "jupyterlab", "jsonschema", "dateutil")
"""Top-level packages a learner's NumPy checks must neither import nor, in a core install, have installed."""


def run(*args: str | Path, cwd: Path | None = None, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """Run a command; raise with its output if it fails."""
    result = subprocess.run([str(a) for a in args], cwd=cwd, env=env, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        raise RuntimeError(f"{' '.join(map(str, args))} failed ({result.returncode}):\n{result.stdout}\n{result.stderr}")
    return result


def learner_env() -> dict[str, str]:
    """This environment without dlgrade's, pytest's and Python's settings (a PYTHONPATH naming this checkout
    would make pip see its editable dlgrade as installed already), in English."""
    return {k: v for k, v in os.environ.items() if not k.startswith(("DLGRADE_", "PYTEST_", "PYTHON"))} | {"DLGRADE_LANG": "en"}


def build_wheel(out: Path) -> Path:
    """The wheel of this checkout."""
    run(sys.executable, "-m", "build", "--wheel", "--no-isolation", "--outdir", out, ROOT, cwd=out)
    return next(out.glob("dlgrade-*.whl"))


def install(venv: Path, wheel: Path) -> tuple[Path, float]:
    """A fresh venv with the wheel installed without extras; its site-packages and the install's seconds."""
    run(sys.executable, "-m", "venv", "--clear", venv, env=learner_env())
    python = venv / ("Scripts/python.exe" if os.name == "nt" else "bin/python")
    started = time.perf_counter()
    run(python, "-m", "pip", "install", "--quiet", "--disable-pip-version-check", wheel, env=learner_env())
    seconds = time.perf_counter() - started
    site = Path(run(python, "-c", "import sysconfig; print(sysconfig.get_path('purelib'))", env=learner_env()).stdout.strip())
    where = Path(run(python, "-c", "import grader; print(grader.__file__)", cwd=venv, env=learner_env()).stdout.strip())
    if site not in where.parents:
        raise RuntimeError(f"the venv imports grader from {where}, not from its own {site}")
    return site, seconds


def size(folder: Path) -> int:
    """Bytes of the files under ``folder``."""
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file() and not p.is_symlink())


def learner_copy(folder: Path, module: str) -> Path:
    """exercises/ with pytest.ini, the module's check file and its reference solution."""
    folder.mkdir(parents=True)
    shutil.copy(ROOT / "exercises" / "pytest.ini", folder)
    shutil.copy(ROOT / "exercises" / f"test_{module}.py", folder)
    shutil.copy(ROOT / "solutions" / f"{module}.py", folder)
    return folder


def check_run(python: Path, folder: Path, module: str) -> dict[str, object]:
    """One `pytest` with `-X importtime`: the score line and the heavy packages it imported."""
    env = learner_env()
    result = subprocess.run([str(python), "-X", "importtime", "-m", "pytest", f"test_{module}.py"], cwd=folder, env=env,
                            capture_output=True, text=True, check=False)
    imported = {line.rsplit("|", 1)[-1].strip().split(".")[0] for line in result.stderr.splitlines() if "|" in line}
    found = re.findall(r"^Score: (.*)$", result.stdout, re.MULTILINE)
    return {"score": found[-1] if found else "", "heavy_imported": sorted(imported & set(HEAVY)),
            "stdout_tail": result.stdout[-600:], "stderr_tail": "\n".join(
                line for line in result.stderr.splitlines() if not line.startswith("import time:"))[-600:]}


def best_time(python: Path, folder: Path, module: str, runs: int) -> list[float]:
    """Wall seconds of each plain `python -m pytest test_<module>.py` run."""
    env = learner_env()
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        subprocess.run([str(python), "-m", "pytest", f"test_{module}.py"], cwd=folder, env=env, capture_output=True, check=False)
        times.append(time.perf_counter() - started)
    return times


def measure(work: Path, module: str, runs: int) -> dict[str, object]:
    """Every figure of a learner's core install, built under ``work``."""
    wheel = build_wheel(work / "dist")
    venv = work / "venv"
    site, install_seconds = install(venv, wheel)
    python = venv / ("Scripts/python.exe" if os.name == "nt" else "bin/python")
    installed = sorted(p.name for p in site.iterdir())
    folder = learner_copy(work / "exercises", module)
    checked = check_run(python, folder, module)
    times = best_time(python, folder, module, runs)
    return {
        "wheel": wheel.name,
        "install_seconds": round(install_seconds, 1),
        "site_packages_mb": round(size(site) / 1e6, 1),
        "venv_mb": round(size(venv) / 1e6, 1),
        "heavy_installed": sorted({name.split("-")[0].split(".")[0] for name in installed} & set(HEAVY)),
        "module": module,
        **checked,
        "pytest_seconds": [round(t, 3) for t in times],
        "pytest_best_seconds": round(min(times), 3),
    }


def main() -> None:
    """Measure and print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--module", default="tensor_ops")
    parser.add_argument("--keep", type=Path, default=None, help="build in this folder and keep it")
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    args = parser.parse_args()
    if args.keep:
        args.keep.mkdir(parents=True, exist_ok=True)
        work = args.keep
        (work / "dist").mkdir(exist_ok=True)
        shutil.rmtree(work / "exercises", ignore_errors=True)
        figures = measure(work, args.module, args.runs)
    else:
        with tempfile.TemporaryDirectory(prefix="dlgrade-learner-install-") as tmp:
            (Path(tmp) / "dist").mkdir()
            figures = measure(Path(tmp), args.module, args.runs)
    if args.json:
        print(json.dumps(figures))
        return
    for key, value in figures.items():
        if key != "stdout_tail":
            print(f"{key:22} {value}")


if __name__ == "__main__":
    main()
