"""dlgrade's pytest entry point: a learner's checks from any folder, nothing anywhere else.

pytest loads this module in every run where plugins autoload (the ``pytest11`` entry point
``dlgrade``), so it imports nothing but pytest. When a run's tests live in a learner's
exercises folder (one whose ``pytest.ini`` loads :mod:`grader.session.plugin`: what ``dlgrade
stubs`` generates) or the run starts above one, it loads that plugin for that folder, in
process: ``pytest`` from the folder above, an IDE's runner with its own rootdir or ini file.
Anywhere else it does nothing. Inside the folder its ``pytest.ini`` turns autoloading off and
loads the plugin itself, so the plugin is never registered twice.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path

import pytest

PLUGIN = "grader.session.plugin"
INI = "pytest.ini"
MARK = f"-p {PLUGIN}"
"""What a learner's exercises folder's ``pytest.ini`` holds (and another project's does not)."""
DEPTH = 2
"""How many folder levels below a run's starting folder an exercises folder is looked for."""

exercises_key = pytest.StashKey[Path]()
"""The exercises folder this entry point loaded the plugin for (absent: it did not)."""


def is_exercises(folder: Path) -> bool:
    """Whether ``folder`` is a learner's dlgrade exercises folder (its ``pytest.ini`` loads the plugin)."""
    try:
        return MARK in (folder / INI).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return False


def find_exercises(paths: Iterable[Path]) -> Path | None:
    """The exercises folder that holds one of ``paths``, or lies below one of them (``DEPTH`` levels at most)."""
    for path in paths:
        folder = path if path.is_dir() else path.parent
        for candidate in (folder, *folder.parents):
            if is_exercises(candidate):
                return candidate
        if path.is_dir():
            for depth in range(1, DEPTH + 1):
                for ini in sorted(folder.glob("/".join(["*"] * depth + [INI]))):
                    if is_exercises(ini.parent):
                        return ini.parent
    return None


def run_paths(config: pytest.Config) -> list[Path]:
    """Where a run looks for tests, as pytest decides it: its arguments, else ``testpaths`` from the rootdir, else here."""
    here = config.invocation_params.dir
    given: Sequence[str] = getattr(config.known_args_namespace, "file_or_dir", None) or []
    # before the plugin's options exist, the value of ``--lang zh`` reads as a path: only existing paths count
    paths = [path for arg in given if (path := here / arg.split("::")[0]).exists()]
    if paths:
        return paths
    patterns = config.getini("testpaths") if here == config.rootpath else []
    found = [path for pattern in patterns for path in config.rootpath.glob(str(pattern))]
    return found or [here]


def pytest_load_initial_conftests(early_config: pytest.Config, parser: pytest.Parser, args: list[str]) -> None:
    """Load the grading plugin, in process, when the run's tests are a learner's exercises."""
    manager = early_config.pluginmanager
    if manager.has_plugin(PLUGIN):  # named with -p (the exercises' own pytest.ini): it finds its folder itself
        return
    folder = find_exercises(run_paths(early_config))
    if folder is not None:
        early_config.stash[exercises_key] = folder
        manager.import_plugin(PLUGIN)
