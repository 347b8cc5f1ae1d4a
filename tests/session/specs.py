"""Session specs for the plugin's tests: what grader.api.run_session writes, made by hand for a pytester suite."""

from __future__ import annotations

import tempfile
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from grader.session.spec import SessionSpec


def spec_arg(where: Path, submissions: Mapping[str, Path], **fields: Any) -> str:
    """Write a spec grading ``submissions`` with a ``tensor_ops`` suite into ``where``; the ``--dlgrade-spec`` argument.

    ``fields``: any other field of :class:`SessionSpec` (public checks, English, isolated learners unless told).
    """
    spec = SessionSpec({name: Path(folder).resolve() for name, folder in submissions.items()},
                       fields.pop("modules", ("tensor_ops",)), hidden=fields.pop("hidden", False), **fields)
    with tempfile.NamedTemporaryFile("w", dir=where, prefix="spec-", suffix=".json", delete=False) as handle:
        path = Path(handle.name)
    return f"--dlgrade-spec={spec.write(path)}"


def results_in(folder: Path, names: Iterable[str]) -> dict[str, Path]:
    """A results file per submission in ``folder`` (``<name>.json``)."""
    return {name: (folder / f"{name}.json").resolve() for name in names}
