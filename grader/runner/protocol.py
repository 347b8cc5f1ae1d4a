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
import os
import socket
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


def _encode(obj: Any, buffers: list[bytes | memoryview], fds: list[int] | None = None) -> Any:  # noqa: PLR0911, PLR0912 - one case per wire type
    if obj is None or isinstance(obj, (bool, str)):
        return obj
    if isinstance(obj, np.ndarray):
        if obj.dtype.kind not in SAFE_KINDS:
            raise ProtocolError(f"cannot send an array of dtype {obj.dtype}")
        # in a shared block: its descriptor goes along, not its bytes
        if fds is not None and (where := _locate(obj)) is not None:
            fds.append(where[0])
            return {"__shm__": len(fds) - 1, "offset": where[1], "dtype": obj.dtype.str, "shape": list(obj.shape)}
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
        return {"__tuple__": [_encode(v, buffers, fds) for v in obj]}
    if isinstance(obj, list):
        return [_encode(v, buffers, fds) for v in obj]
    if isinstance(obj, Ref):
        return {"__ref__": int(obj.id)}
    if isinstance(obj, Named):
        return {"__named__": obj.name, "params": _encode(dict(obj.params), buffers, fds)}
    if isinstance(obj, dict):
        if not all(isinstance(k, str) for k in obj):
            raise ProtocolError("only dicts with string keys can be sent")
        return {"__dict__": {k: _encode(v, buffers, fds) for k, v in obj.items()}}
    raise ProtocolError(f"cannot send a value of type {type(obj).__name__}")


def _locate(array: np.ndarray) -> tuple[int, int] | None:
    """Where ``array`` lies in a shared block (see :func:`grader.runner.shared.locate`), else None."""
    # imported here: memfd seals are Linux-only, and only the isolated runner passes descriptors (fds)
    from grader.runner import shared

    return shared.locate(array)


def encode(obj: Any, fds: list[int] | None = None) -> tuple[dict[str, Any], list[bytes | memoryview]]:
    """Split a value into a JSON-able header and raw buffers (views of the arrays' memory where possible).

    With ``fds`` (a list to fill), arrays in :mod:`~grader.runner.shared` blocks are sent as
    their block's descriptor, appended to it, instead of their bytes.
    """
    buffers: list[bytes | memoryview] = []
    return {"value": _encode(obj, buffers, fds)}, buffers


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


class _Buffers:
    """A message's raw buffers; an array may take its own received buffer over (no copy) once."""

    def __init__(self, raw: Sequence[Any], fds: Sequence[int] = ()) -> None:
        self.raw = raw
        self.fds = fds
        self.taken: set[int] = set()

    def get(self, index: Any) -> Any:
        if not isinstance(index, int) or isinstance(index, bool) or not 0 <= index < len(self.raw):
            raise ProtocolError(f"bad buffer reference {index!r}")
        return self.raw[index]

    def array(self, index: Any, dt: np.dtype[Any], shape: list[int]) -> np.ndarray:
        """The array over buffer ``index``, not copied where possible.

        The received bytes themselves when they are a fresh array's buffer no other array of the
        message uses (a large input is not copied once more), else a copy: arrays never share
        memory, and never point into immutable bytes.
        """
        raw = self.get(index)
        if len(raw) != math.prod(shape) * dt.itemsize:
            raise ProtocolError("array buffer does not match its shape")
        array = np.frombuffer(raw, dtype=dt).reshape(shape)
        if isinstance(raw, np.ndarray) and index not in self.taken and array.flags.aligned:
            self.taken.add(index)
            return array
        return array.copy()

    def shared(self, index: Any, offset: Any, dt: np.dtype[Any], shape: list[int]) -> np.ndarray:
        """The array in a received shared block (mapped copy-on-write: see :mod:`grader.runner.shared`)."""
        if not isinstance(index, int) or isinstance(index, bool) or not 0 <= index < len(self.fds):
            raise ProtocolError(f"bad shared block reference {index!r}")
        if not isinstance(offset, int) or isinstance(offset, bool):
            raise ProtocolError("bad shared block offset")
        from grader.runner import shared  # only a message that came with descriptors gets here (Linux)

        try:
            return shared.mapped(self.fds[index], offset, dt, shape)
        except (ValueError, OSError) as exc:
            raise ProtocolError(f"shared array: {exc}") from exc


def _decode(obj: Any, buffers: _Buffers, named: Any, refs: Any = None) -> Any:
    if obj is None or isinstance(obj, (bool, str, float, int)):
        return obj
    if isinstance(obj, list):
        return [_decode(v, buffers, named, refs) for v in obj]
    if not isinstance(obj, dict) or len(obj) == 0:
        raise ProtocolError("malformed value")
    if "__nd__" in obj or "__shm__" in obj or "__np__" in obj:
        return _decode_array(obj, buffers)
    if "__int__" in obj or "__float__" in obj or "__complex__" in obj:
        return _decode_number(obj)
    return _decode_structure(obj, buffers, named, refs)


def _decode_array(obj: dict[str, Any], buffers: _Buffers) -> Any:
    """An array (in a buffer or a shared block) or a NumPy scalar."""
    dt = _dtype(obj.get("dtype"))
    if "__nd__" in obj or "__shm__" in obj:
        shape = obj.get("shape")
        if not isinstance(shape, list) or not all(
            isinstance(s, int) and not isinstance(s, bool) and s >= 0 for s in shape
        ):
            raise ProtocolError("bad shape")
        if "__shm__" in obj:
            return buffers.shared(obj["__shm__"], obj.get("offset"), dt, shape)
        return buffers.array(obj["__nd__"], dt, shape)
    raw = buffers.get(obj["__np__"])
    if len(raw) != dt.itemsize:
        raise ProtocolError("scalar buffer does not match its dtype")
    return np.frombuffer(raw, dtype=dt)[0]


def _decode_number(obj: dict[str, Any]) -> int | float | complex:
    """A Python number JSON cannot carry: a big int, a non-finite float, a complex."""
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
    parts = obj["__complex__"]
    if not isinstance(parts, list) or len(parts) != 2 or not all(
        isinstance(v, (int, float)) and not isinstance(v, bool) for v in parts
    ):
        raise ProtocolError("bad complex")
    return complex(float(parts[0]), float(parts[1]))


def _decode_structure(obj: dict[str, Any], buffers: _Buffers, named: Any, refs: Any) -> Any:
    """A tuple, a dict, a reference to a learner-side object or a named function."""
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


def decode(header: Mapping[str, Any], buffers: Sequence[Any], named: Any = None, refs: Any = None,
           fds: Sequence[int] = ()) -> Any:
    """Rebuild a value from :func:`encode`'s output.

    Args:
        header: the JSON header.
        buffers: the raw buffers.
        named: on the learner side, a ``build(name, params)`` function turning
            :class:`Named` references into callables; ``None`` keeps them as ``Named``.
        refs: on the learner side, ``id → object`` for :class:`Ref`; ``None`` keeps them.
        fds: the shared blocks' descriptors that came with the message (learner side).
    """
    if "value" not in header:
        raise ProtocolError("message without a value")
    try:
        return _decode(header["value"], _Buffers(buffers, fds), named, refs)
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


def _read_buffer(stream: BinaryIO, n: int) -> np.ndarray:
    """Read exactly ``n`` bytes into a new uint8 array (straight into it where the stream can ``readinto``).

    ``np.empty``, not ``bytearray``: its pages are not zeroed first (a cost that grows with the array).
    """
    buffer = np.empty(n, dtype=np.uint8)
    view = memoryview(buffer.data)
    got = 0
    while got < n:
        count = stream.readinto(view[got:])  # type: ignore[attr-defined]  # every channel here can (files, pipes)
        if not count:
            raise EOFError("channel closed")
        got += count
    return buffer


MAX_FDS = 64
"""Most shared blocks one message may carry."""


def write_message(stream: BinaryIO, meta: Mapping[str, Any], payload: Any = None, *,
                  side: socket.socket | None = None) -> None:
    """Write one framed message: metadata, plus an encoded payload value.

    With ``side`` (the learner's descriptor socket), arrays in shared blocks go as their
    blocks' descriptors, sent on it just before the message.
    """
    fds: list[int] | None = [] if side is not None else None
    header, buffers = encode(payload, fds)
    if fds:
        if len(fds) > MAX_FDS:
            raise ProtocolError(f"more than {MAX_FDS} shared arrays in one message")
        header["fds"] = len(fds)
        socket.send_fds(side, [b"\0"], fds)  # type: ignore[arg-type]  # side is set where fds is a list
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


def read_message(stream: BinaryIO, named: Any = None, refs: Any = None, *,
                 side: socket.socket | None = None) -> tuple[dict[str, Any], Any]:
    """Read one framed message; returns ``(meta, payload)``.

    ``side``: the descriptor socket its shared blocks come on (learner side; without it, a
    message with shared blocks is refused).

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
    buffers = [_read_buffer(stream, s) for s in sizes]
    meta = header.get("meta", {})
    if not isinstance(meta, dict):
        raise ProtocolError("bad metadata")
    fds = _receive_fds(side, header.get("fds", 0))
    try:
        return meta, decode(header, buffers, named, refs, fds)
    finally:
        for fd in fds:  # the arrays keep their mappings
            os.close(fd)


def _receive_fds(side: socket.socket | None, count: Any) -> list[int]:
    if count == 0:
        return []
    if side is None or not isinstance(count, int) or isinstance(count, bool) or not 0 < count <= MAX_FDS:
        raise ProtocolError("unexpected shared blocks")
    try:
        _, fds, flags, _ = socket.recv_fds(side, 16, count, socket.MSG_DONTWAIT)
    except OSError as exc:
        raise ProtocolError(f"shared blocks missing: {exc}") from exc
    if len(fds) != count or flags & socket.MSG_CTRUNC:
        for fd in fds:
            os.close(fd)
        raise ProtocolError("shared blocks missing")
    return fds
