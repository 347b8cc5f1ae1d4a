"""Wire format between the trusted process and the learner process.

A message is a JSON header plus raw array buffers, framed by lengths. Arrays travel as
``{"__nd__": i, "dtype": "<f4", "shape": [...]}`` references into the buffer list and are
rebuilt with ``np.frombuffer`` after the dtype is checked against a whitelist of plain
numeric kinds: nothing is ever unpickled, so learner output can only ever become numbers,
strings, lists and dicts.
"""

from __future__ import annotations

import json
import math
import struct
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, BinaryIO

import numpy as np

MAX_HEADER = 64 * 1024 * 1024
"""Largest JSON header accepted (bytes)."""
MAX_BUFFER = 4 * 1024 * 1024 * 1024
"""Largest single array buffer accepted (bytes)."""
SMALL = 1 << 16
"""Buffers up to this size are coalesced with the header into one write."""
SAFE_KINDS = frozenset("biufc")
"""Array dtype kinds that may cross the boundary: bool, int, uint, float, complex."""


class ProtocolError(Exception):
    """A message could not be framed, parsed or validated."""


@dataclass(frozen=True)
class Ref:
    """An object kept in the learner process (a Keras model, say), passed back by id."""

    id: int


@dataclass(frozen=True)
class Named:
    """A trusted function, built on the learner side from ``grader.runner.named``."""

    name: str
    params: Mapping[str, Any]


def _encode(obj: Any, buffers: list[bytes | memoryview]) -> Any:  # noqa: PLR0911, PLR0912 - one case per wire type
    if obj is None or isinstance(obj, (bool, str)):
        return obj
    if isinstance(obj, np.ndarray):
        if obj.dtype.kind not in SAFE_KINDS:
            raise ProtocolError(f"cannot send an array of dtype {obj.dtype}")
        # the bytes in C order, without a copy when the array already is C-contiguous (a 188 MB
        # training matrix is not duplicated to be sent); shape and dtype travel in the header
        flat = np.ascontiguousarray(obj).reshape(-1)
        buffers.append(flat.view(np.uint8).data)
        return {"__nd__": len(buffers) - 1, "dtype": obj.dtype.str, "shape": list(obj.shape)}
    if isinstance(obj, np.generic):
        if obj.dtype.kind not in SAFE_KINDS:
            raise ProtocolError(f"cannot send a scalar of dtype {obj.dtype}")
        buffers.append(np.asarray(obj).tobytes())
        return {"__np__": len(buffers) - 1, "dtype": obj.dtype.str}
    if isinstance(obj, int):
        return {"__int__": str(obj)}
    if isinstance(obj, float):
        if math.isfinite(obj):
            return obj
        return {"__float__": repr(obj)}
    if isinstance(obj, complex):
        return {"__complex__": [obj.real, obj.imag]}
    if isinstance(obj, tuple):
        return {"__tuple__": [_encode(v, buffers) for v in obj]}
    if isinstance(obj, list):
        return [_encode(v, buffers) for v in obj]
    if isinstance(obj, Ref):
        return {"__ref__": int(obj.id)}
    if isinstance(obj, Named):
        return {"__named__": obj.name, "params": _encode(dict(obj.params), buffers)}
    if isinstance(obj, dict):
        if not all(isinstance(k, str) for k in obj):
            raise ProtocolError("only dicts with string keys can be sent")
        return {"__dict__": {k: _encode(v, buffers) for k, v in obj.items()}}
    raise ProtocolError(f"cannot send a value of type {type(obj).__name__}")


def encode(obj: Any) -> tuple[dict[str, Any], list[bytes | memoryview]]:
    """Split a value into a JSON-able header and raw buffers (views of the arrays' memory where possible)."""
    buffers: list[bytes | memoryview] = []
    return {"value": _encode(obj, buffers)}, buffers


def _dtype(spec: Any) -> np.dtype[Any]:
    if not isinstance(spec, str) or len(spec) > 8:
        raise ProtocolError(f"bad dtype {spec!r}")
    try:
        dt = np.dtype(spec)
    except TypeError as exc:
        raise ProtocolError(f"bad dtype {spec!r}") from exc
    if dt.kind not in SAFE_KINDS or dt.fields is not None or dt.subdtype is not None:
        raise ProtocolError(f"refused dtype {spec!r}")
    return dt


def _buffer(buffers: Sequence[bytes | memoryview], index: Any) -> bytes | memoryview:
    if not isinstance(index, int) or isinstance(index, bool) or not 0 <= index < len(buffers):
        raise ProtocolError(f"bad buffer reference {index!r}")
    return buffers[index]


def _decode(obj: Any, buffers: Sequence[bytes | memoryview], named: Any, refs: Any = None) -> Any:  # noqa: PLR0911, PLR0912 - one case per wire type
    if obj is None or isinstance(obj, (bool, str, float)):
        return obj
    if isinstance(obj, int):
        return obj
    if isinstance(obj, list):
        return [_decode(v, buffers, named, refs) for v in obj]
    if not isinstance(obj, dict) or len(obj) == 0:
        raise ProtocolError("malformed value")
    if "__nd__" in obj:
        dt = _dtype(obj.get("dtype"))
        shape = obj.get("shape")
        if not isinstance(shape, list) or not all(
            isinstance(s, int) and not isinstance(s, bool) and s >= 0 for s in shape
        ):
            raise ProtocolError("bad shape")
        raw = _buffer(buffers, obj["__nd__"])
        if len(raw) != math.prod(shape) * dt.itemsize:
            raise ProtocolError("array buffer does not match its shape")
        return np.frombuffer(raw, dtype=dt).reshape(shape).copy()
    if "__np__" in obj:
        dt = _dtype(obj.get("dtype"))
        raw = _buffer(buffers, obj["__np__"])
        if len(raw) != dt.itemsize:
            raise ProtocolError("scalar buffer does not match its dtype")
        return np.frombuffer(raw, dtype=dt)[0]
    if "__int__" in obj:
        text = obj["__int__"]
        if not isinstance(text, str) or len(text) > 4000:
            raise ProtocolError("bad int")
        try:
            return int(text)
        except ValueError as exc:
            raise ProtocolError("bad int") from exc
    if "__float__" in obj:
        text = obj["__float__"]
        if text not in ("nan", "inf", "-inf"):
            raise ProtocolError("bad float")
        return float(text)
    if "__complex__" in obj:
        parts = obj["__complex__"]
        if not isinstance(parts, list) or len(parts) != 2 or not all(
            isinstance(v, (int, float)) and not isinstance(v, bool) for v in parts
        ):
            raise ProtocolError("bad complex")
        return complex(float(parts[0]), float(parts[1]))
    if "__tuple__" in obj:
        items = obj["__tuple__"]
        if not isinstance(items, list):
            raise ProtocolError("bad tuple")
        return tuple(_decode(v, buffers, named, refs) for v in items)
    if "__dict__" in obj:
        items = obj["__dict__"]
        if not isinstance(items, dict):
            raise ProtocolError("bad dict")
        return {str(k): _decode(v, buffers, named, refs) for k, v in items.items()}
    if "__ref__" in obj:
        ref = obj["__ref__"]
        if not isinstance(ref, int) or isinstance(ref, bool):
            raise ProtocolError("bad reference")
        return Ref(ref) if refs is None else refs(ref)
    if "__named__" in obj:
        params = _decode(obj.get("params"), buffers, named, refs)
        if named is None:
            return Named(str(obj["__named__"]), params)
        return named(str(obj["__named__"]), params)
    raise ProtocolError("malformed value")


def decode(header: Mapping[str, Any], buffers: Sequence[bytes | memoryview], named: Any = None, refs: Any = None) -> Any:
    """Rebuild a value from :func:`encode`'s output.

    Args:
        header: the JSON header.
        buffers: the raw buffers.
        named: on the learner side, a ``build(name, params)`` function turning
            :class:`Named` references into callables; ``None`` keeps them as ``Named``.
        refs: on the learner side, ``id → object`` for :class:`Ref`; ``None`` keeps them.
    """
    if "value" not in header:
        raise ProtocolError("message without a value")
    try:
        return _decode(header["value"], buffers, named, refs)
    except RecursionError as exc:
        raise ProtocolError("value nested too deeply") from exc


def _read_exact(stream: BinaryIO, n: int) -> bytes:
    chunks: list[bytes] = []
    while n > 0:
        chunk = stream.read(n)
        if not chunk:
            raise EOFError("channel closed")
        chunks.append(chunk)
        n -= len(chunk)
    return b"".join(chunks)


def write_message(stream: BinaryIO, meta: Mapping[str, Any], payload: Any = None) -> None:
    """Write one framed message: metadata, plus an encoded payload value."""
    header, buffers = encode(payload)
    header["meta"] = dict(meta)
    header["sizes"] = [len(b) for b in buffers]
    raw = json.dumps(header, allow_nan=False).encode()
    # small parts go out in one write (one system call per message, not one per array)
    pending: list[bytes | memoryview] = [struct.pack("<Q", len(raw)), raw]
    for b in buffers:
        if len(b) > SMALL:
            stream.write(b"".join(pending))
            pending = []
            stream.write(b)
        else:
            pending.append(b)
    if pending:
        stream.write(b"".join(pending))
    stream.flush()


def read_message(stream: BinaryIO, named: Any = None, refs: Any = None) -> tuple[dict[str, Any], Any]:
    """Read one framed message; returns ``(meta, payload)``.

    Raises:
        EOFError: the other side closed the channel.
        ProtocolError: the message is malformed.
    """
    (size,) = struct.unpack("<Q", _read_exact(stream, 8))
    if size > MAX_HEADER:
        raise ProtocolError(f"header of {size} bytes refused")
    try:
        header = json.loads(_read_exact(stream, size))
    except (UnicodeDecodeError, json.JSONDecodeError, RecursionError) as exc:
        raise ProtocolError("header is not JSON") from exc
    if not isinstance(header, dict):
        raise ProtocolError("header is not an object")
    sizes = header.get("sizes", [])
    if not isinstance(sizes, list) or not all(
        isinstance(s, int) and 0 <= s <= MAX_BUFFER for s in sizes
    ):
        raise ProtocolError("bad buffer sizes")
    buffers = [_read_exact(stream, s) for s in sizes]
    meta = header.get("meta", {})
    if not isinstance(meta, dict):
        raise ProtocolError("bad metadata")
    return meta, decode(header, buffers, named, refs)
