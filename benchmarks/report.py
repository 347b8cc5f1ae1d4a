"""The class report's size and build time for a class of 30 (``dlgrade report``), and its exports.

Run from the project root::

    .venv/bin/python benchmarks/report.py [--keep DIR] [--screenshot FILE]

(t) ``tensor_ops``: the class of 30 of ``run.py``'s section (a) (6 full marks, 20 solution +
    one mutant, 4 stubs), laid out as ``nbgrader collect`` would, in a course made as ``dlgrade
    course init`` makes it, really graded with ``grade_assignment``; then the report (English
    and Chinese) and both exports are built from its results files.
(m) ``mnist``: 30 results files written without training (every learner's ``train`` with a
    5-epoch history, as the batch records it), to weigh the learning-curve thumbnails — the
    report reads nothing else, so its size is what a graded MNIST class of 30 gives.
With ``--screenshot`` and a Chromium + chromedriver on the PATH, the (t) report is opened
from disk in headless Chromium and a screenshot saved.
"""

from __future__ import annotations

import argparse
import gzip
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
for path in (ROOT, ROOT / "benchmarks"):
    if str(path) not in sys.path:
        sys.path.insert(0, str(path))

from run import MODULE, build_class, submit  # noqa: E402 - after the sys.path set-up of a script

from grader.batch.executor import LocalPool  # noqa: E402
from grader.batch.pipeline import grade_assignment  # noqa: E402
from grader.batch.prime import prime  # noqa: E402
from grader.catalogue import POINTS  # noqa: E402
from grader.exports.write import export_canvas, export_gradescope  # noqa: E402
from grader.gradebook.course import init_course  # noqa: E402
from grader.report.build import build_report  # noqa: E402
from grader.results import FunctionResult, ModuleResult, Report, write_report  # noqa: E402

SIZE = 30


def weigh(label: str, page: Path, seconds: float) -> None:
    data = page.read_bytes()
    print(f"  {label}: {len(data):,} bytes ({len(data) / 1024:.1f} KiB; gzip {len(gzip.compress(data)) / 1024:.1f} KiB), "
          f"built in {seconds * 1000:.0f} ms")


def section_t(work: Path) -> Path:
    course = work / "course"
    init_course(course, [MODULE])
    prime(course, [MODULE])
    learners = build_class(SIZE)
    submit(course, learners)
    began = time.perf_counter()
    ctx = grade_assignment(course, MODULE, executor=LocalPool())
    print(f"(t) {MODULE}: {len(ctx.graded)} submissions graded in {time.perf_counter() - began:.1f} s")
    for lang in ("en", "zh"):
        began = time.perf_counter()
        page = build_report(course, MODULE, lang=lang)
        weigh(f"report ({lang})", page, time.perf_counter() - began)
    began = time.perf_counter()
    files = export_gradescope(course, MODULE)
    print(f"  gradescope export: {len(files)} results.json, {sum(f.stat().st_size for f in files):,} bytes, "
          f"{(time.perf_counter() - began) * 1000:.0f} ms")
    csv = export_canvas(course, MODULE)[0]
    print(f"  canvas export: {csv.stat().st_size:,} bytes")
    return course / "dlgrade" / MODULE / "report.html"


def section_m(work: Path) -> None:
    results = work / "mnist-course" / "dlgrade" / "mnist" / "results"
    results.mkdir(parents=True)
    for i in range(SIZE):
        epochs = range(5)
        history = {"loss": tuple(0.3 / (e + 1) + i / 1000 for e in epochs),
                   "accuracy": tuple(0.9 + e / 100 - i / 5000 for e in epochs)}
        functions = tuple(FunctionResult(name, float(p), float(p), "passed", "all checks passed",
                                         history=history if name == "train" else None)
                          for name, p in POINTS["mnist"].items())
        write_report(results / f"learner{i + 1:02d}.json", Report((ModuleResult("mnist", functions, 40.0, 45.0),),
                                                                 "en", "namespaces"))
    began = time.perf_counter()
    page = build_report(work / "mnist-course", "mnist")
    print("(m) mnist: 30 results files with 5-epoch histories (written, not trained)")
    weigh("report (en)", page, time.perf_counter() - began)


def screenshot(page: Path, target: Path) -> None:
    browser, driver = shutil.which("chromium"), shutil.which("chromedriver")
    if not browser or not driver:
        print("no chromium/chromedriver on the PATH: no screenshot")
        return
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = browser
    for flag in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1280,3000"):
        options.add_argument(flag)
    chrome = webdriver.Chrome(options=options, service=Service(executable_path=driver))
    try:
        chrome.get(page.resolve().as_uri())
        chrome.save_screenshot(str(target))
    finally:
        chrome.quit()
    print(f"screenshot: {target}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--keep", type=Path, default=None, help="work in this folder and keep it")
    parser.add_argument("--screenshot", type=Path, default=None, help="save a screenshot of the tensor_ops report here")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="dlgrade-report-") as tmp:
        work = args.keep.resolve() if args.keep else Path(tmp)
        if args.keep:
            shutil.rmtree(work, ignore_errors=True)
            work.mkdir(parents=True)
        page = section_t(work)
        section_m(work)
        if args.screenshot:
            screenshot(page, args.screenshot)
    return 0


if __name__ == "__main__":
    sys.exit(main())
