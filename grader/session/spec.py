"""What a grading session is asked to do: one frozen, typed value, handed over as one JSON file.

:func:`grader.api.run_session` builds a :class:`SessionSpec` — the user's settings
(``DLGRADE_ISOLATION``, ``DLGRADE_LANG``) are read there, never inside the session — and writes
it; the session's plugin reads it once, when pytest configures it (``--dlgrade-spec FILE``).
Reading is fail-closed: a file that is not a complete, valid spec is refused with
:class:`InvalidSpec` (a ``ValueError``) naming the field, and the session grades nothing.

Importable without pytest or NumPy (the batch builds specs before any session starts).
"""

from __future__ import annotations

import dataclasses
import json
import sys
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import Any

from grader.catalogue import POINTS
from grader.feedback.messages import LANGUAGES
from grader.paths import SUITES


class InvalidSpec(ValueError):
    """A session spec that cannot be used; ``field`` names what is wrong."""

    def __init__(self, name: str, problem: str) -> None:
        super().__init__(f"session spec: {name}: {problem}")
        self.field = name


def _empty() -> Mapping[str, Any]:
    return MappingProxyType({})


@dataclass(frozen=True)
class SessionSpec:
    """Everything a grading session needs to know.

    Attributes:
        submissions: submission id → folder holding its ``<module>.py`` files (absolute), in grading order.
        modules: catalogue modules graded (the session's suite files are theirs).
        hidden: the hidden suites (grading) instead of the public checks.
        only: submission id → the only functions graded for it (a submission not named: all).
        results: submission id → its results file (absolute), written whole as soon as its checks
            have run (a submission not named gets none).
        progress_fd: file descriptor for the ``done <id>`` progress lines (None: none).
        lang: feedback language.
        isolation: isolation level of learner processes (None: the session takes the strongest this machine allows).
        hide: folders hidden from learner processes besides dlgrade's own (absolute).
        reference_cache: folder of references and recorded examples shared by sessions (absolute; None: memory only).
        replay: replay recorded Hypothesis examples (False: Hypothesis's engine for every submission).
        cold_start: start every learner process from scratch instead of forking it from a warm runner.
        direct: record passed checks without pytest reports.
        quick_exit: end the session process without Python's teardown once everything is written.
        inprocess: import learner modules in the session's own process (local checks and tests, never grading).
    """

    submissions: Mapping[str, Path]
    modules: tuple[str, ...]
    hidden: bool = True
    only: Mapping[str, frozenset[str]] = field(default_factory=_empty)
    results: Mapping[str, Path] = field(default_factory=_empty)
    progress_fd: int | None = None
    lang: str = "en"
    isolation: str | None = None
    hide: tuple[Path, ...] = ()
    reference_cache: Path | None = None
    replay: bool = True
    cold_start: bool = False
    direct: bool = False
    quick_exit: bool = False
    inprocess: bool = False

    def __post_init__(self) -> None:
        """Take private, read-only copies of the containers, then validate every field."""
        _require(isinstance(self.submissions, Mapping), "submissions", "must be a mapping of id to folder")
        _require(isinstance(self.only, Mapping), "only", "must be a mapping of id to functions")
        _require(isinstance(self.results, Mapping), "results", "must be a mapping of id to file")
        _require(isinstance(self.modules, (tuple, list)), "modules", "must be a sequence of module names")
        _require(isinstance(self.hide, (tuple, list)), "hide", "must be a sequence of folders")
        for name, value in (("submissions", dict(self.submissions)), ("results", dict(self.results)),
                            ("only", {k: _function_set(v) for k, v in self.only.items()})):
            object.__setattr__(self, name, MappingProxyType(value))
        object.__setattr__(self, "modules", tuple(self.modules))
        object.__setattr__(self, "hide", tuple(self.hide))
        _validate(self)

    def to_json(self) -> dict[str, Any]:
        """The spec as plain JSON values (paths as strings, function sets as sorted lists)."""
        return {f.name: _encode(getattr(self, f.name)) for f in dataclasses.fields(self)}

    def write(self, path: Path) -> Path:
        """Write the spec as a JSON file; its path."""
        Path(path).write_text(json.dumps(self.to_json(), ensure_ascii=False, indent=1), encoding="utf-8")
        return Path(path)

    @classmethod
    def from_json(cls, raw: Any) -> SessionSpec:
        """The spec these JSON values describe: every field present, none unknown, each valid.

        Raises:
            InvalidSpec: naming the first field that is missing, unknown or invalid.
        """
        if not isinstance(raw, dict):
            raise InvalidSpec("spec", f"must be a JSON object, got {type(raw).__name__}")
        unknown = sorted(str(k) for k in raw if k not in _READERS)
        if unknown:
            raise InvalidSpec(unknown[0], "is not a field of a session spec")
        missing = [name for name in _READERS if name not in raw]
        if missing:
            raise InvalidSpec(missing[0], "is missing")
        return cls(**{name: read(name, raw[name]) for name, read in _READERS.items()})

    @classmethod
    def read(cls, path: Path) -> SessionSpec:
        """The spec in a file written by :meth:`write`.

        Raises:
            InvalidSpec: the file cannot be read or is not JSON (field ``spec``), or a field is missing,
                unknown or invalid (that field).
        """
        try:
            raw = json.loads(Path(path).read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, ValueError, RecursionError) as exc:
            raise InvalidSpec("spec", f"{path} cannot be read as JSON: {exc}") from exc
        return cls.from_json(raw)


def _require(condition: bool, name: str, problem: str) -> None:
    if not condition:
        raise InvalidSpec(name, problem)


def _function_set(value: Any) -> frozenset[str]:
    if isinstance(value, str) or not isinstance(value, (set, frozenset, list, tuple)):
        raise InvalidSpec("only", f"functions must be a collection of names, got {value!r:.80}")
    return frozenset(value)


def _absolute(name: str, value: Any) -> None:
    _require(isinstance(value, Path) and value.is_absolute(), name, f"must be an absolute path, got {value!r:.200}")


def _validate(spec: SessionSpec) -> None:
    """Every rule a usable spec follows (raises :class:`InvalidSpec` naming the field that breaks one)."""
    _require(bool(spec.submissions), "submissions", "names no submission")
    for sid, folder in spec.submissions.items():
        # ids travel in `done <id>` progress lines: one printable line each
        _require(isinstance(sid, str) and sid != "" and sid.isprintable(), "submissions", f"bad submission id {sid!r:.80}")
        _absolute("submissions", folder)
    _require(bool(spec.modules), "modules", "names no module")
    for module in spec.modules:
        _require(module in POINTS, "modules", f"{module!r:.80} is not a catalogue module")
    _require(len(set(spec.modules)) == len(spec.modules), "modules", "names a module twice")
    functions = {f for module in spec.modules for f in POINTS[module]}
    for sid, wanted in spec.only.items():
        _require(sid in spec.submissions, "only", f"{sid!r:.80} is not a submission of the spec")
        for name in wanted:
            _require(name in functions, "only", f"{name!r:.80} is not a function of {', '.join(spec.modules)}")
    for sid, path in spec.results.items():
        _require(sid in spec.submissions, "results", f"{sid!r:.80} is not a submission of the spec")
        _absolute("results", path)
    _require(len(set(spec.results.values())) == len(spec.results), "results", "names one file for two submissions")
    fd = spec.progress_fd
    _require(fd is None or (type(fd) is int and fd >= 0), "progress_fd", f"must be a file descriptor or null, got {fd!r:.80}")
    _require(spec.lang in LANGUAGES, "lang", f"must be one of {', '.join(LANGUAGES)}, got {spec.lang!r:.80}")
    if spec.isolation is not None:
        from grader.runner.sandbox import LEVELS  # only a grading session names a level: local checks never load the sandbox

        _require(spec.isolation in LEVELS, "isolation", f"must be one of {', '.join(LEVELS)} or null, got {spec.isolation!r:.80}")
    for folder in spec.hide:
        _absolute("hide", folder)
    if spec.reference_cache is not None:
        _absolute("reference_cache", spec.reference_cache)
    for name in ("hidden", "replay", "cold_start", "direct", "quick_exit", "inprocess"):
        _require(type(getattr(spec, name)) is bool, name, f"must be true or false, got {getattr(spec, name)!r:.80}")


def _encode(value: Any) -> Any:
    if isinstance(value, Path):
        return str(value)
    if isinstance(value, Mapping):
        return {key: _encode(item) for key, item in value.items()}
    if isinstance(value, frozenset):
        return sorted(value)
    if isinstance(value, tuple):
        return [_encode(item) for item in value]
    return value


# ---------------------------------------------------------------- reading JSON values into typed ones
def _text(name: str, raw: Any) -> str:
    _require(isinstance(raw, str), name, f"must be a string, got {raw!r:.80}")
    return str(raw)


def _optional_text(name: str, raw: Any) -> str | None:
    return None if raw is None else _text(name, raw)


def _path(name: str, raw: Any) -> Path:
    _require(isinstance(raw, str) and raw != "", name, f"must be a path, got {raw!r:.80}")
    return Path(raw)


def _optional_path(name: str, raw: Any) -> Path | None:
    return None if raw is None else _path(name, raw)


def _paths(name: str, raw: Any) -> tuple[Path, ...]:
    _require(isinstance(raw, list), name, f"must be a list of paths, got {raw!r:.80}")
    return tuple(_path(name, item) for item in raw)


def _names(name: str, raw: Any) -> tuple[str, ...]:
    _require(isinstance(raw, list), name, f"must be a list of names, got {raw!r:.80}")
    return tuple(_text(name, item) for item in raw)


def _path_map(name: str, raw: Any) -> dict[str, Path]:
    _require(isinstance(raw, dict), name, f"must be an object of id to path, got {raw!r:.80}")
    return {key: _path(name, value) for key, value in raw.items()}


def _name_sets(name: str, raw: Any) -> dict[str, frozenset[str]]:
    _require(isinstance(raw, dict), name, f"must be an object of id to function names, got {raw!r:.80}")
    return {key: frozenset(_names(name, value)) for key, value in raw.items()}


def _flag(name: str, raw: Any) -> bool:
    _require(isinstance(raw, bool), name, f"must be true or false, got {raw!r:.80}")
    return bool(raw)


def _optional_int(name: str, raw: Any) -> int | None:
    _require(raw is None or (isinstance(raw, int) and not isinstance(raw, bool)), name,
             f"must be an integer or null, got {raw!r:.80}")
    return None if raw is None else int(raw)


_READERS: dict[str, Callable[[str, Any], Any]] = {
    "submissions": _path_map, "modules": _names, "hidden": _flag, "only": _name_sets, "results": _path_map,
    "progress_fd": _optional_int, "lang": _text, "isolation": _optional_text, "hide": _paths,
    "reference_cache": _optional_path, "replay": _flag, "cold_start": _flag, "direct": _flag,
    "quick_exit": _flag, "inprocess": _flag,
}
"""How each field is read from JSON (its type; :func:`_validate` checks the rest)."""


def session_command(spec_file: Path, *args: str) -> list[str]:
    """The command that runs a grading session of the spec written at ``spec_file``; ``args``: suite files and plugins."""
    return [sys.executable, "-m", "pytest", "-c", str(SUITES / "suites.ini"), "--rootdir", str(SUITES),
            "--dlgrade-spec", str(spec_file), *args]
