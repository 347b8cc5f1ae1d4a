"""The learner process: imports one learner module and answers calls over a private pipe.

Started by :class:`grader.runner.client.IsolatedLearner` as
``python -I -m grader.runner.inside.child IN_FD OUT_FD MODULE``, with the scratch copy of the
submission as its working directory and stdout/stderr going to a capture file. Requests
and answers travel over the two inherited file descriptors (never stdout), so printing
something that looks like a result changes nothing. It imports NumPy, the standard
library, this package's protocol/watch/named/rebind modules and the learner's module — nothing
else of dlgrade.
"""

from __future__ import annotations

import importlib
import os
import socket
import sys
import time
import traceback
import warnings
import zlib
from typing import Any, BinaryIO

import numpy as np

from grader.runner import protocol
from grader.runner.inside import rebind
from grader.runner.inside.export import export
from grader.runner.inside.watch import unwatch, watch, watching


def _where(exc: BaseException, home: str | None = None) -> str:
    """``file:line`` of the innermost frame in the learner's own files (under ``home``, default the cwd).

    (Frames walked, not extracted: ``traceback.extract_tb`` also reads every frame's source line.)
    """
    base = os.path.join(home or os.getcwd(), "")
    for frame, line in reversed(list(traceback.walk_tb(exc.__traceback__))):
        filename = frame.f_code.co_filename
        if filename.startswith(base):
            return f"{os.path.basename(filename)}:{line}"
    return ""


def _exc_meta(exc: BaseException, home: str | None = None) -> dict[str, Any]:
    if isinstance(exc, SyntaxError) and exc.filename:
        where = f"{os.path.basename(exc.filename)}:{exc.lineno}"
    else:
        where = _where(exc, home)
    return {
        "type": type(exc).__name__,
        "mro": [c.__name__ for c in type(exc).__mro__],
        "message": str(exc)[:2000],
        "where": where,
    }


def _readonly(value: Any) -> None:
    if isinstance(value, np.ndarray):
        value.flags.writeable = False
    elif isinstance(value, (tuple, list)):
        for v in value:
            _readonly(v)
    elif isinstance(value, dict):
        for v in value.values():
            _readonly(v)


DIGEST_BYTES = 1 << 20
"""Array inputs at least this large are remembered by a checksum of their bytes, not a copy: a
Keras training matrix (IMDB's multi-hot reviews) would otherwise be held twice, and comparing
it with ``np.array_equal(..., equal_nan=True)`` makes two more boolean-indexed copies. CRC-32
(zlib's) rather than a cryptographic digest, several times slower: it only has to notice an
accidental in-place change, and MNIST's 188 MB training matrix is checked before and after every call."""


def _fingerprint(value: np.ndarray) -> Any:
    """A copy of a small array; ``(shape, dtype, CRC-32 of the bytes)`` of a large one."""
    if value.nbytes >= DIGEST_BYTES and not value.dtype.hasobject:
        try:
            return (value.shape, value.dtype.str, zlib.crc32(np.ascontiguousarray(value).data))
        except (TypeError, ValueError, BufferError):
            pass  # no plain buffer: keep a copy
    return value.copy()


def _snapshot(args: tuple[Any, ...], kwargs: dict[str, Any]) -> dict[str, Any]:
    items: dict[str, Any] = {str(i): a for i, a in enumerate(args)}
    items.update(kwargs)
    return {k: _fingerprint(v) for k, v in items.items() if isinstance(v, np.ndarray)}


def _changed(before: dict[str, Any], args: tuple[Any, ...], kwargs: dict[str, Any]) -> list[str]:
    items: dict[str, Any] = {str(i): a for i, a in enumerate(args)}
    items.update(kwargs)
    changed = []
    for key, old in before.items():
        new = items[key]
        if isinstance(old, tuple):  # a large array: its bytes, bit for bit
            now = _fingerprint(new)
            same = isinstance(now, tuple) and now == old
        else:
            # the same bytes are the same values (the usual case, far cheaper than comparing values); else
            # compare values, NaNs in the same places counting as equal
            same = new.shape == old.shape and new.dtype == old.dtype and (
                new.tobytes() == old.tobytes() or np.array_equal(new, old, equal_nan=new.dtype.kind in "fc"))
        if not same:
            changed.append(key)
    return changed


def _elements(args: tuple[Any, ...], kwargs: dict[str, Any], result: Any) -> int:
    sizes = [v.size for v in (*args, *kwargs.values()) if isinstance(v, np.ndarray)]
    values = result if isinstance(result, tuple) else (result,)
    sizes += [v.size for v in values if isinstance(v, np.ndarray)]
    return max(sizes, default=0)


EXPORT = "__export__"
"""Built-in 'function': returns its argument (with ``keep=True``, the export of a kept object)."""


def _identity(value: Any) -> Any:
    return value


def _seed(seed: int) -> None:
    """Seed Python, NumPy and the Keras backend in the learner process (reproducible training)."""
    import keras  # type: ignore[import-untyped]

    keras.utils.set_random_seed(int(seed))


SEED = "__seed__"
BUILTINS = {EXPORT: _identity, SEED: _seed}
"""Runner functions a suite may call by name besides the learner's own."""


def _call(module: Any, meta: dict[str, Any], payload: Any) -> tuple[dict[str, Any], Any]:
    """Call the function a request names, with the reference functions its ``uses`` names rebound for the call.

    Where the learner's function raises with the references, it is called again with the learner's
    own functions, and that answer counts if it is right: valid code may rely on a detail of its own
    helpers the contract leaves open (the name of a metric a learner's build_model compiles with).
    A call of a reference itself (its own name rebound) is never retried with the learner's, nor one
    that raised a ValueError (the contract's error for bad inputs, which a check may expect).
    """
    uses = meta.get("uses")
    if not uses:
        return _call_learner(module, meta, payload)
    began = time.perf_counter()
    try:
        replacements = rebind.functions(uses)
        with rebind.rebound(module, replacements):
            answer, result = _call_learner(module, meta, payload)
    except BaseException as exc:  # noqa: BLE001 - a module that refuses the rebinding is the learner's fault
        return {"status": "raised", **_exc_meta(exc), "seconds": _since(began), "mutated": []}, None
    if (answer.get("status") == "raised" and meta.get("function") not in replacements
            and "ValueError" not in answer.get("mro", [])):
        retried = _call_learner(module, meta, payload)
        if retried[0].get("status") == "ok":
            return retried
    return answer, result


def _call_learner(module: Any, meta: dict[str, Any], payload: Any) -> tuple[dict[str, Any], Any]:
    name = str(meta.get("function", ""))
    func = BUILTINS[name] if name in BUILTINS else getattr(module, name, None)
    if not callable(func):
        return {"status": "missing"}, None
    args, kwargs = payload
    args = tuple(args)
    if meta.get("readonly"):
        _readonly((args, kwargs))
    before = _snapshot(args, kwargs)
    answer: dict[str, Any] = {"status": "ok"}
    began = time.perf_counter()
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            if meta.get("watch"):
                with watching() as (operations, lines):
                    result = func(*watch(args), **watch(kwargs))
                result = unwatch(result)
                answer.update(operations=operations, lines=lines[0])
            else:
                result = func(*args, **kwargs)
        except NotImplementedError as exc:
            return {"status": "not_implemented", "message": str(exc)[:500], "seconds": _since(began)}, None
        except BaseException as exc:  # noqa: BLE001 - SystemExit/KeyboardInterrupt are learner faults too
            seconds = _since(began)
            # in-process the cwd is the grader's checkout: locate the error in the module's own folder
            home = os.path.dirname(os.path.abspath(module.__file__)) if getattr(module, "__file__", None) else None
            answer = {"status": "raised", **_exc_meta(exc, home), "seconds": seconds}
            answer["mutated"] = _changed(before, args, kwargs)
            return answer, None
    answer["seconds"] = _since(began)
    answer["warnings"] = sorted({f"{w.category.__name__}: {w.message}"[:300] for w in caught})[:20]
    answer["mutated"] = _changed(before, args, kwargs)
    answer["elements"] = _elements(args, kwargs, result)
    return answer, result


def _since(began: float) -> float:
    """Seconds the learner's function ran (reported with every answer: diagnostics, never scored)."""
    return round(time.perf_counter() - began, 6)


def keep(objects: dict[int, Any], answer: dict[str, Any], result: Any) -> Any:
    """Store a call's result for later :class:`~grader.runner.protocol.Ref` use; its export."""
    if answer.get("status") != "ok":
        return result
    answer["ref"] = len(objects)
    objects[len(objects)] = result
    return export(result)


def resolver(objects: dict[int, Any]) -> Any:
    """``id → object`` for decoding :class:`~grader.runner.protocol.Ref` arguments."""

    def resolve(ref: int) -> Any:
        if ref not in objects:
            raise protocol.ProtocolError(f"no kept object {ref}")
        return objects[ref]

    return resolve


def serve(inp: BinaryIO, out: BinaryIO, module_name: str, side: socket.socket | None = None) -> None:
    """Import the learner's module, then answer requests until the pipe closes.

    ``side``: the socket shared arrays' descriptors come on (:mod:`grader.runner.shared`).
    """
    from grader.runner.named import build

    me = os.getpid()
    sys.path.insert(0, "")  # the working directory, even where its path is hidden
    try:
        module = importlib.import_module(module_name)
    except BaseException as exc:  # noqa: BLE001 - any import-time failure is reported, even SystemExit
        protocol.write_message(out, {"status": "import_failed", **_exc_meta(exc)})
        return
    if os.getpid() != me:
        os._exit(0)  # forked at import time
    protocol.write_message(out, {"status": "ready"})
    objects: dict[int, Any] = {}
    while True:
        try:
            meta, payload = protocol.read_message(inp, named=build, refs=resolver(objects), side=side)
        except EOFError:
            return
        if meta.get("op") != "call":
            protocol.write_message(out, {"status": "bad_request"})
            continue
        answer, result = _call(module, meta, payload)
        if os.getpid() != me:
            os._exit(0)  # a process the learner forked returns here: only the original answers
        if meta.get("keep"):
            result = keep(objects, answer, result)
        try:
            protocol.write_message(out, answer, result)
        except protocol.ProtocolError as exc:
            bad = {"status": "bad_value", "message": str(exc), "mutated": answer.get("mutated", [])}
            protocol.write_message(out, bad)


def main() -> None:
    """Entry point: ``python -I -m grader.runner.inside.child IN_FD OUT_FD MODULE [SIDE_FD]``."""
    in_fd, out_fd, module_name = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
    side = socket.socket(fileno=int(sys.argv[4])) if len(sys.argv) > 4 else None
    with os.fdopen(in_fd, "rb") as inp, os.fdopen(out_fd, "wb") as out:
        serve(inp, out, module_name, side)
    os._exit(0)  # skip interpreter teardown: learner threads and atexit hooks do not matter


if __name__ == "__main__":
    main()
