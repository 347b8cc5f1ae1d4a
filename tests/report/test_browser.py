"""The class report of a really graded class, opened from disk in a real headless Chromium (Selenium).

Chromium and its driver are Debian's ``chromium`` and ``chromium-driver`` (``make install``
installs them when run as root); where neither can be found the test skips and says so.
"""

from __future__ import annotations

import json
import shutil
import struct
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlparse

import pytest

from grader.batch.executor import LocalPool
from grader.batch.pipeline import grade_assignment
from grader.gradebook.course import init_course
from grader.report.build import build_report
from tests.batch.helpers import ASSIGNMENT, REPO, class_sources, learner, stamp_of, submit

HOSTILE = '''
def naive_add(x, y):
    raise ValueError("<script>document.title='pwned'</script><b>bold</b>")
'''
BROWSERS = ("chromium", "chromium-browser", "google-chrome")


def _chromium() -> tuple[str, str] | None:
    browser = next((found for name in BROWSERS if (found := shutil.which(name))), None)
    driver = shutil.which("chromedriver")
    return (browser, driver) if browser and driver else None


@pytest.fixture(scope="module")
def graded_course(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The batch tests' class of six plus a learner whose error message holds <script>, graded by `dlgrade grade`."""
    course = tmp_path_factory.mktemp("report-class") / "course"
    init_course(course, (ASSIGNMENT,), REPO / "exercises")
    sources = {**class_sources(), "gil": learner("solution", HOSTILE)}
    for index, (student, source) in enumerate(sources.items()):
        submit(course, student, source, stamp_of(index))
    ctx = grade_assignment(course, ASSIGNMENT, executor=LocalPool(2))
    assert not ctx.errors and len(ctx.graded) == 7
    return course


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    """Headless Chromium through chromedriver, logging the page's console."""
    found = _chromium()
    if found is None:
        pytest.skip("no Chromium here: install Debian's chromium and chromium-driver "
                    "(`make install` does it when run as root) to run the report's browser test")
    webdriver = pytest.importorskip("selenium.webdriver", reason="selenium is not installed: pip install -e '.[dev]'")
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = found[0]
    for flag in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu", "--window-size=1280,1600"):
        options.add_argument(flag)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(options=options, service=Service(executable_path=found[1]))
    try:
        yield driver
    finally:
        driver.quit()


def _png_is_not_blank(path: Path) -> tuple[int, int, int]:
    """Width, height and how many distinct byte values its pixel data has (a blank page has a handful)."""
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    offset, idat, size = 8, b"", (0, 0)
    while offset < len(data):
        length, kind = struct.unpack(">I4s", data[offset:offset + 8])
        body = data[offset + 8:offset + 8 + length]
        if kind == b"IHDR":
            size = struct.unpack(">II", body[:8])
        elif kind == b"IDAT":
            idat += body
        offset += 12 + length
    return size[0], size[1], len(set(zlib.decompress(idat)))


@pytest.mark.slow
def test_report_opens_from_disk_without_errors_and_shows_the_class(browser: Any, graded_course: Path,
                                                                     tmp_path: Path) -> None:
    """No SEVERE console entry; the bars hold exactly the class's totals; <script> shows as text; links; a screenshot.

    Every feedback link reaches its file, and the screenshot is a PNG that is not blank.
    """
    from selenium.webdriver.common.by import By

    driver = browser
    page = build_report(graded_course, ASSIGNMENT)
    driver.get(page.resolve().as_uri())
    severe = [entry for entry in driver.get_log("browser") if entry["level"] == "SEVERE"]
    assert severe == []
    results = graded_course / "dlgrade" / ASSIGNMENT / "results"
    totals = sorted(json.loads(p.read_text(encoding="utf-8"))["total"] for p in results.glob("*.json"))
    bars = driver.find_elements(By.CSS_SELECTOR, "svg#histogram rect.bar")
    shown = sorted(float(s) for bar in bars for s in bar.get_attribute("data-scores").split())
    assert len(bars) == 30 and shown == totals and len(totals) == 7
    assert sum(int(bar.get_attribute("data-count")) for bar in bars) == 7
    assert all(bar.rect["height"] > 0 for bar in bars if bar.get_attribute("data-count") != "0")
    full = bars[-1].find_element(By.TAG_NAME, "title").get_attribute("textContent")
    assert full == f"29–30 points: {sum(t >= 29 for t in totals)} learner(s)" and totals[-1] == 30
    assert driver.title == "Class report — tensor_ops"
    assert driver.execute_script("return document.scripts.length") == 0
    row = driver.find_element(By.CSS_SELECTOR, 'tr[data-function="naive_add"]')
    assert "raised ValueError: <script>document.title='…'</script><b>bold</b>" in row.text  # shown, grouped, not run
    examples = [span.get_attribute("title") for span in row.find_elements(By.CSS_SELECTOR, ".pattern")]
    assert any("<script>document.title='pwned'</script><b>bold</b>" in example for example in examples)
    assert driver.find_elements(By.CSS_SELECTOR, "#functions b, #learners b") == []
    links = [a.get_attribute("href") for a in driver.find_elements(By.CSS_SELECTOR, "#learners a")]
    assert len(links) == 7 and all(Path(unquote(urlparse(link).path)).is_file() for link in links)
    shot = tmp_path / "report.png"
    assert driver.save_screenshot(str(shot))
    width, height, distinct = _png_is_not_blank(shot)
    assert width >= 800 and height >= 600
    assert distinct > 32
