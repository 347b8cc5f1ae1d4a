"""Shared fixtures of the project's own tests."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SHARED_DATA = ROOT.parent / "shared" / "data"


@pytest.fixture(scope="session")
def root() -> Path:
    """The project checkout."""
    return ROOT


@pytest.fixture(autouse=True, scope="session")
def _data_configured() -> None:
    """Point DLGRADE_DATA and KERAS_HOME at ../shared/data when the caller did not."""
    import os

    if "DLGRADE_DATA" not in os.environ and SHARED_DATA.is_dir():
        os.environ["DLGRADE_DATA"] = str(SHARED_DATA)
pytest_plugins = ["pytester"]
