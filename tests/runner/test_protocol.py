"""The wire format: every safe value round-trips bit for bit; nothing else ever crosses."""

from __future__ import annotations

import fcntl
import io
import json
import math
import mmap
import os
import pickle
import socket
import struct
from pathlib import Path
from typing import Any

import hypothesis.extra.numpy as hnp
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from grader.runner import protocol, shared
from grader.runner.protocol import MAX_HEADER, Named, ProtocolError, decode, encode, read_message, write_message
from grader.runner.shared import shared_array

SAFE_DTYPES = sorted(
    {np.dtype(c) for c in np.typecodes["AllInteger"] + np.typecodes["AllFloat"] + "?"}, key=str
)
"""Every bool, integer, unsigned, float and complex dtype of this platform."""
BIG_ENDIAN = [np.dtype(s) for s in (">i2", ">i4", ">i8", ">u2", ">u4", ">u8", ">f2", ">f4", ">f8", ">c8", ">c16")]


def wire(value: Any, named: Any = None) -> tuple[dict[str, Any], Any]:
    """Send ``value`` through a framed message and read it back."""
    stream = io.BytesIO()
    write_message(stream, {"op": "test", "n": 1}, value)
    stream.seek(0)
    return read_message(stream, named=named)


def same_array(got: Any, sent: np.ndarray) -> bool:
    """Tell whether got has the same type, dtype (byte order included), shape and bytes as sent."""
    return (
        type(got) is np.ndarray
        and got.dtype == sent.dtype
        and got.dtype.str == sent.dtype.str
        and got.shape == sent.shape
        and got.tobytes() == np.ascontiguousarray(sent).tobytes()
    )


def frame(header: Any, *buffers: bytes, raw_header: bytes | None = None) -> io.BytesIO:
    """Build a message by hand: length, JSON header, buffers."""
    raw = raw_header if raw_header is not None else json.dumps(header).encode()
    return io.BytesIO(struct.pack("<Q", len(raw)) + raw + b"".join(buffers))


@pytest.fixture
def no_unpickling(monkeypatch: pytest.MonkeyPatch) -> None:
    """Make every unpickling entry point fail loudly for the duration of a test."""

    def refuse(*args: Any, **kwargs: Any) -> Any:
        raise AssertionError("the protocol tried to unpickle")

    monkeypatch.setattr(pickle, "loads", refuse)
    monkeypatch.setattr(pickle, "load", refuse)
    monkeypatch.setattr(pickle, "Unpickler", refuse)
    monkeypatch.setattr(np, "load", refuse)


# --- round trips ---------------------------------------------------------------------


@pytest.mark.parametrize("dtype", SAFE_DTYPES, ids=str)
def test_array_of_every_safe_dtype_round_trips(dtype: np.dtype[Any]) -> None:
    """A (3, 4) array of each bool/int/uint/float/complex dtype comes back with the same dtype and bytes."""
    rng = np.random.default_rng(1)
    raw = rng.integers(0, 256, size=12 * dtype.itemsize, dtype=np.uint8).tobytes()
    sent = np.frombuffer(raw, dtype=dtype).reshape(3, 4)
    if dtype.kind == "b":
        sent = sent.astype(bool)
    _, got = wire(sent)
    assert same_array(got, sent)


@pytest.mark.parametrize("dtype", BIG_ENDIAN, ids=lambda d: d.str)
def test_big_endian_array_keeps_byte_order_and_values(dtype: np.dtype[Any]) -> None:
    """A big-endian array comes back big-endian with the same values."""
    sent = np.arange(-3, 3).astype(dtype).reshape(2, 3)
    _, got = wire(sent)
    assert same_array(got, sent)
    assert got.dtype.byteorder == ">"
    np.testing.assert_array_equal(got, np.arange(-3, 3).reshape(2, 3).astype(dtype.newbyteorder("=")))


@pytest.mark.parametrize(
    "sent",
    [
        np.array(3.5),
        np.array(7, dtype=np.int8),
        np.zeros((0,)),
        np.zeros((0, 3), dtype=np.float32),
        np.zeros((2, 0, 4), dtype=np.int64),
        np.array([], dtype=np.complex64),
    ],
    ids=["0d-float", "0d-int8", "empty-1d", "empty-0x3", "empty-2x0x4", "empty-complex"],
)
def test_zero_dimensional_and_empty_arrays_round_trip(sent: np.ndarray) -> None:
    """0-d arrays stay 0-d arrays and empty arrays keep their shape and dtype."""
    _, got = wire(sent)
    assert same_array(got, sent)


def test_non_contiguous_views_round_trip_as_their_values() -> None:
    """Strided slices, transposes and negative strides arrive as contiguous copies of the same values."""
    base = np.arange(60, dtype=np.float64).reshape(6, 10)
    for view in (base[::2, ::3], base.T, base[::-1, 1], base[:, 4]):
        assert not view.flags.c_contiguous
        _, got = wire(view)
        assert got.flags.c_contiguous
        np.testing.assert_array_equal(got, view, strict=True)


def test_decoded_arrays_are_writable_and_share_no_memory() -> None:
    """A received array is writable, and two arrays a message points at one buffer do not share memory.

    (Received bytes become an array without a copy where the array is the only one over them.)
    """
    header = {"value": {"__tuple__": [{"__nd__": 0, "dtype": "<i8", "shape": [4]}] * 2}, "sizes": [32]}
    raw = json.dumps(header).encode()
    stream = io.BytesIO(struct.pack("<Q", len(raw)) + raw + np.arange(4, dtype="<i8").tobytes())
    _, (first, second) = read_message(stream)
    first[0] = 42
    assert first.flags.writeable and second.flags.writeable
    assert not np.shares_memory(first, second)
    assert (first[0], second[0]) == (42, 0)


def test_shared_arrays_travel_as_descriptors_and_map_copy_on_write() -> None:
    """An array in shared memory goes as its block's descriptor on the side socket, not as bytes.

    The receiver's array has the same values, is writable, and its writes stay its own; a part
    of a block (a row slice) arrives as that part.
    """
    x = shared_array((1000, 50), np.float32)
    x[...] = np.arange(50_000, dtype=np.float32).reshape(1000, 50)
    stream = io.BytesIO()
    ours, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_SEQPACKET)
    with ours, theirs:
        write_message(stream, {"op": "call"}, (x, x[10:20], np.ones(3)), side=ours)
        assert len(stream.getvalue()) < 1000  # the 200 kB stayed in shared memory
        stream.seek(0)
        _, (got, part, plain) = read_message(stream, side=theirs)
    assert same_array(got, x) and same_array(part, x[10:20]) and same_array(plain, np.ones(3))
    got[...] = -1
    part[0] = -2
    assert x[0, 0] == 0 and x[10, 0] == 500  # the sender's block is untouched


def test_shared_arrays_are_refused_without_a_side_socket() -> None:
    """A message announcing shared blocks (as learner output could) is refused where none are expected."""
    header = {"value": {"__shm__": 0, "offset": 0, "dtype": "<f4", "shape": [2]}, "sizes": [], "fds": 1}
    raw = json.dumps(header).encode()
    with pytest.raises(ProtocolError, match="unexpected shared blocks"):
        read_message(io.BytesIO(struct.pack("<Q", len(raw)) + raw))
    header = {"value": {"__shm__": 0, "offset": 0, "dtype": "<f4", "shape": [2]}, "sizes": []}
    raw = json.dumps(header).encode()
    with pytest.raises(ProtocolError, match="bad shared block reference"):
        read_message(io.BytesIO(struct.pack("<Q", len(raw)) + raw))


def test_a_shared_array_outside_its_block_is_refused() -> None:
    """Offsets and shapes that reach past the block (or are misaligned) are refused, never mapped."""
    x = shared_array((4,), np.float32)
    ours, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_SEQPACKET)
    with ours, theirs:
        for offset, shape in ((0, [5]), (8, [3]), (2, [1]), (-4, [1])):
            header = {"value": {"__shm__": 0, "offset": offset, "dtype": "<f4", "shape": shape}, "sizes": [], "fds": 1}
            raw = json.dumps(header).encode()
            socket.send_fds(ours, [b"\0"], [shared.locate(x)[0]])  # type: ignore[index]
            with pytest.raises(ProtocolError, match="outside its block"):
                read_message(io.BytesIO(struct.pack("<Q", len(raw)) + raw), side=theirs)


def test_a_shared_block_cannot_be_changed_through_its_descriptor() -> None:
    """The block is sealed: no write, no writable shared mapping, no resize, no unsealing — only the maker's own view writes."""
    x = shared_array((1024,), np.uint8)
    x[...] = 7
    fd = shared.locate(x)[0]  # type: ignore[index]
    for attempt in (lambda: os.pwrite(fd, b"\1", 0),
                    lambda: mmap.mmap(fd, 1024, flags=mmap.MAP_SHARED, prot=mmap.PROT_READ | mmap.PROT_WRITE),
                    lambda: os.ftruncate(fd, 0),
                    lambda: fcntl.fcntl(fd, fcntl.F_ADD_SEALS, 0)):
        with pytest.raises(PermissionError):
            attempt()
    assert (x == 7).all()


@pytest.mark.parametrize(
    "scalar",
    [np.float32(1.5), np.float64(-2.25), np.float16(0.5), np.int8(-3), np.uint64(2**64 - 1), np.bool_(True),
     np.complex64(1 - 2j), np.int64(-(2**63)), np.longdouble(1) / 3],
    ids=lambda s: type(s).__name__,
)
def test_numpy_scalars_keep_their_type(scalar: np.generic) -> None:
    """A NumPy scalar comes back as a scalar of the same dtype and the same bits."""
    _, got = wire(scalar)
    assert type(got) is type(scalar)
    assert got.dtype == scalar.dtype
    assert np.asarray(got).tobytes() == np.asarray(scalar).tobytes()


@pytest.mark.parametrize("number", [0, 1, -1, 2**63, -(2**63) - 1, 2**100, -(3**90), 10**1000])
def test_python_ints_of_any_size_round_trip(number: int) -> None:
    """Python ints, including ones far beyond int64, come back exactly as ints."""
    _, got = wire(number)
    assert type(got) is int
    assert got == number


@pytest.mark.parametrize("number", [0.0, -0.0, 1e-310, 1.7976931348623157e308, math.inf, -math.inf, math.nan, 0.1])
def test_python_floats_including_nan_and_inf_round_trip(number: float) -> None:
    """Python floats, also NaN and ±inf (not valid JSON), come back bit for bit."""
    _, got = wire(number)
    assert type(got) is float
    assert struct.pack("<d", got) == struct.pack("<d", number)


def test_containers_round_trip_with_their_types() -> None:
    """Nested tuples, lists and dicts keep their container types, keys, order and contents."""
    rng = np.random.default_rng(2)
    arr = rng.standard_normal((2, 3)).astype(np.float32)
    sent = {
        "a": (1, 2.5, "x", None, True, False),
        "b": [arr, (np.int16(4), [complex(1, -1)])],
        "c": {"nested": ((), [], {})},
    }
    _, got = wire(sent)
    assert list(got) == ["a", "b", "c"]
    assert got["a"] == (1, 2.5, "x", None, True, False)
    assert type(got["a"][4]) is bool and type(got["a"][0]) is int
    assert isinstance(got["b"], list) and isinstance(got["b"][1], tuple)
    assert same_array(got["b"][0], arr)
    assert type(got["b"][1][0]) is np.int16 and got["b"][1][0] == 4
    assert got["b"][1][1] == [complex(1, -1)]
    assert got["c"] == {"nested": ((), [], {})}
    assert type(got["c"]["nested"]) is tuple


def test_numpy_str_scalar_arrives_as_plain_str() -> None:
    """np.str_ is a str subclass: it travels as JSON text and arrives as a plain Python str."""
    _, got = wire(np.str_("text"))
    assert type(got) is str
    assert got == "text"


def test_metadata_travels_next_to_the_payload() -> None:
    """The metadata dict of a message comes back unchanged, separate from the payload."""
    meta, got = wire([1, 2])
    assert meta == {"op": "test", "n": 1}
    assert got == [1, 2]


def test_named_round_trips_as_named_or_through_the_builder() -> None:
    """A Named reference stays Named without a builder and is handed to the builder with its params."""
    sent = Named("square", {"scale": 2.0, "shift": np.float32(1)})
    _, got = wire(sent)
    assert got == Named("square", {"scale": 2.0, "shift": np.float32(1)})
    seen = []

    def build(name: str, params: dict[str, Any]) -> str:
        seen.append((name, params))
        return "built"

    _, built = wire([sent], named=build)
    assert built == ["built"]
    assert seen == [("square", {"scale": 2.0, "shift": np.float32(1)})]


def test_several_messages_on_one_stream_are_read_in_order() -> None:
    """Framing: two messages written back to back are read back separately and in order."""
    stream = io.BytesIO()
    write_message(stream, {"i": 0}, np.arange(3))
    write_message(stream, {"i": 1}, "second")
    stream.seek(0)
    meta0, v0 = read_message(stream)
    meta1, v1 = read_message(stream)
    assert (meta0, meta1) == ({"i": 0}, {"i": 1})
    np.testing.assert_array_equal(v0, np.arange(3))
    assert v1 == "second"
    with pytest.raises(EOFError):
        read_message(stream)


SAFE_DTYPE_STRATEGY = st.one_of(
    hnp.boolean_dtypes(),
    hnp.integer_dtypes(endianness="?"),
    hnp.unsigned_integer_dtypes(endianness="?"),
    hnp.floating_dtypes(endianness="?"),
    hnp.complex_number_dtypes(endianness="?"),
)


@settings(derandomize=True, database=None, deadline=None, max_examples=60)
@given(hnp.arrays(SAFE_DTYPE_STRATEGY, hnp.array_shapes(min_dims=0, max_dims=4, min_side=0, max_side=5)))
def test_any_safe_array_round_trips_bit_for_bit(sent: np.ndarray) -> None:
    """Hypothesis: arrays of any safe dtype, byte order and shape (0-d and empty too) round-trip exactly."""
    _, got = wire(sent)
    assert same_array(got, sent)


# --- refusals when sending -----------------------------------------------------------


@pytest.mark.parametrize(
    "value",
    [
        np.array([object(), 1], dtype=object),
        np.zeros(2, dtype="V8"),
        np.zeros(2, dtype=[("a", "<f4"), ("b", "<i4")]),
        np.array(["text"]),
        np.array([b"bytes"]),
        np.array(["2020-01-01"], dtype="datetime64[D]"),
        np.array([1], dtype="timedelta64[s]"),
        np.void(b"\x00\x01"),
        np.datetime64("2020-01-01"),
        {1: "int key"},
        {"ok": {(1, 2): "tuple key"}},
        {1, 2},
        b"raw bytes",
        object(),
        lambda: 1,
        [np.array([None], dtype=object)],
    ],
    ids=["object-array", "void-array", "structured-array", "str-array", "bytes-array", "datetime-array",
         "timedelta-array", "void-scalar", "datetime-scalar", "int-key", "nested-tuple-key", "set",
         "bytes", "object", "function", "nested-object-array"],
)
def test_unsafe_values_are_refused_when_encoding(value: Any) -> None:
    """Object/void/structured/string/time arrays, their scalars, non-str dict keys and other objects cannot be sent."""
    with pytest.raises(ProtocolError):
        encode(value)
    with pytest.raises(ProtocolError):
        write_message(io.BytesIO(), {}, value)


def test_encoding_an_object_array_never_pickles(monkeypatch: pytest.MonkeyPatch) -> None:
    """Refusing an object array happens before any pickling is attempted."""

    def refuse(*args: Any, **kwargs: Any) -> Any:
        raise AssertionError("the protocol tried to pickle")

    monkeypatch.setattr(pickle, "dumps", refuse)
    monkeypatch.setattr(pickle, "dump", refuse)
    with pytest.raises(ProtocolError, match="object"):
        encode(np.array([{"a": 1}], dtype=object))


# --- refusals when decoding forged messages --------------------------------------------


class _Pwn:
    """Unpickling this creates a file: proof that something was unpickled."""

    def __init__(self, target: Path) -> None:
        self.target = target

    def __reduce__(self) -> tuple[Any, ...]:
        return (Path.touch, (self.target,))


def test_forged_pickle_payload_is_live(tmp_path: Path) -> None:
    """Control for the refusal tests: unpickling the forged payload really does create the file."""
    target = tmp_path / "pwned"
    pickle.loads(pickle.dumps(np.array([_Pwn(target)], dtype=object)))  # noqa: S301 - the point of the control
    assert target.exists()


@pytest.mark.parametrize("dtype", ["O", "|O", "|V8", "V16", "<U4", "|S8", "M8[s]", "<m8[s]", "f4,i4", "(2)f4"])
@pytest.mark.parametrize("kind", ["__nd__", "__np__"])
def test_forged_header_with_unsafe_dtype_is_refused_without_unpickling(
    dtype: str, kind: str, tmp_path: Path, no_unpickling: None
) -> None:
    """A hand-built header claiming an object/void/string/time/structured dtype is refused; the pickle never runs."""
    target = tmp_path / "pwned"
    payload = pickle.dumps(np.array([_Pwn(target)], dtype=object))
    ref: dict[str, Any] = {kind: 0, "dtype": dtype}
    if kind == "__nd__":
        ref["shape"] = [1]
    stream = frame({"value": ref, "meta": {}, "sizes": [len(payload)]}, payload)
    with pytest.raises(ProtocolError):
        read_message(stream)
    assert not target.exists()


@pytest.mark.parametrize("spec", [["<f4"], {"a": "<f4"}, 4, None, "not-a-dtype", "<f4" * 5])
def test_forged_dtype_that_is_not_a_short_dtype_string_is_refused(spec: Any) -> None:
    """A dtype given as a list, dict, number, nonsense or an overlong string is refused."""
    with pytest.raises(ProtocolError, match="dtype"):
        decode({"value": {"__nd__": 0, "dtype": spec, "shape": [1]}}, [b"\x00" * 4])


@pytest.mark.parametrize("index", [1, -1, 99, "0", 0.0, True, None, [0]])
def test_forged_buffer_reference_is_refused(index: Any) -> None:
    """An array or scalar pointing at a buffer that does not exist (or with a non-int index) is refused."""
    with pytest.raises(ProtocolError, match="buffer reference"):
        decode({"value": {"__nd__": index, "dtype": "<f8", "shape": [1]}}, [b"\x00" * 8])
    with pytest.raises(ProtocolError, match="buffer reference"):
        decode({"value": {"__np__": index, "dtype": "<f8"}}, [b"\x00" * 8])


@pytest.mark.parametrize(
    ("shape", "nbytes"),
    [([2], 8), ([2], 24), ([3, 4], 95), ([], 16), ([0], 8), ([2**40, 2**40], 8)],
)
def test_forged_shape_that_does_not_match_the_buffer_is_refused(shape: list[int], nbytes: int) -> None:
    """A float64 header whose shape does not match its buffer's length is refused (also for huge shapes)."""
    with pytest.raises(ProtocolError, match="does not match"):
        decode({"value": {"__nd__": 0, "dtype": "<f8", "shape": shape}}, [b"\x00" * nbytes])


@pytest.mark.parametrize("shape", [[-1], [1.0], ["2"], [True], "2", None, {"0": 2}])
def test_forged_malformed_shape_is_refused(shape: Any) -> None:
    """Negative, non-integer, boolean or non-list shapes are refused."""
    with pytest.raises(ProtocolError, match="shape"):
        decode({"value": {"__nd__": 0, "dtype": "<f8", "shape": shape}}, [b"\x00" * 8])


def test_forged_scalar_with_wrong_buffer_size_is_refused() -> None:
    """A NumPy scalar whose buffer is not exactly one item long is refused."""
    with pytest.raises(ProtocolError, match="scalar buffer"):
        decode({"value": {"__np__": 0, "dtype": "<f8"}}, [b"\x00" * 4])
    with pytest.raises(ProtocolError, match="scalar buffer"):
        decode({"value": {"__np__": 0, "dtype": "<f8"}}, [b"\x00" * 16])


@pytest.mark.parametrize(
    "value",
    [
        {},
        {"__pickle__": "gASVAAAAAAAAAA=="},
        {"__reduce__": ["os.system", ["true"]]},
        {"plain": "dict without a tag"},
        {"__int__": 5},
        {"__int__": "12abc"},
        {"__int__": "9" * 5000},
        {"__float__": "1.5"},
        {"__float__": 1e308},
        {"__complex__": 1},
        {"__complex__": [1.0]},
        {"__complex__": ["a", "b"]},
        {"__complex__": [1.0, 2.0, 3.0]},
        {"__tuple__": "abc"},
        {"__dict__": [1, 2]},
        [{"__tuple__": {"a": 1}}],
    ],
    ids=repr,
)
def test_forged_malformed_values_raise_protocol_error(value: Any) -> None:
    """Unknown tags, empty objects and malformed int/float/complex/tuple/dict encodings raise ProtocolError only."""
    with pytest.raises(ProtocolError):
        decode({"value": value}, [])


def test_header_without_a_value_is_refused() -> None:
    """A header lacking the 'value' entry is refused."""
    with pytest.raises(ProtocolError, match="without a value"):
        read_message(frame({"meta": {}, "sizes": []}))


@pytest.mark.parametrize(
    "raw",
    [b"not json at all", b"\xff\xfe\x00garbage", b'{"value": 1', b"[" * 100_000 + b"]" * 100_000],
    ids=["text", "binary", "unterminated", "deeply-nested"],
)
def test_header_that_is_not_json_is_refused(raw: bytes) -> None:
    """A header that is not (parseable) JSON raises ProtocolError, not a decoder or recursion error."""
    with pytest.raises(ProtocolError):
        read_message(frame(None, raw_header=raw))


def test_deeply_nested_value_is_refused() -> None:
    """A value nested far past the recursion limit raises ProtocolError when decoded."""
    value: Any = 1
    for _ in range(50_000):
        value = {"__tuple__": [value]}
    with pytest.raises(ProtocolError):
        decode({"value": value}, [])


@pytest.mark.parametrize("header", [[1, 2], "string", 3, None])
def test_header_that_is_not_an_object_is_refused(header: Any) -> None:
    """A JSON header that is a list, string, number or null is refused."""
    with pytest.raises(ProtocolError, match="not an object"):
        read_message(frame(header))


def test_oversized_header_is_refused_before_reading_it() -> None:
    """A length prefix above MAX_HEADER is refused at once, without reading (or allocating) the header."""
    stream = io.BytesIO(struct.pack("<Q", MAX_HEADER + 1) + b"{}")
    with pytest.raises(ProtocolError, match="refused"):
        read_message(stream)
    assert stream.tell() == 8
    with pytest.raises(ProtocolError, match="refused"):
        read_message(io.BytesIO(struct.pack("<Q", 2**64 - 1)))


@pytest.mark.parametrize("sizes", [[-1], [protocol.MAX_BUFFER + 1], ["8"], [1.5], "8", {"0": 8}])
def test_bad_buffer_sizes_are_refused(sizes: Any) -> None:
    """Negative, oversized, non-integer or non-list buffer sizes are refused before any buffer is read."""
    with pytest.raises(ProtocolError, match="sizes"):
        read_message(frame({"value": None, "sizes": sizes}, b"\x00" * 8))


@pytest.mark.parametrize("meta", [[1], "op", 3])
def test_metadata_that_is_not_an_object_is_refused(meta: Any) -> None:
    """Metadata that is not a JSON object is refused."""
    with pytest.raises(ProtocolError, match="metadata"):
        read_message(frame({"value": None, "meta": meta, "sizes": []}))


@pytest.mark.parametrize("cut", [0, 3, 8, 12])
def test_truncated_stream_raises_eof(cut: int) -> None:
    """A stream cut inside the length, the header or a buffer raises EOFError (the other side is gone)."""
    stream = io.BytesIO()
    write_message(stream, {}, np.arange(4, dtype=np.int64))
    data = stream.getvalue()
    cuts = {0: 0, 3: 3, 8: 8 + 5, 12: len(data) - 12}
    with pytest.raises(EOFError):
        read_message(io.BytesIO(data[: cuts[cut]]))


def test_contiguous_arrays_are_sent_without_a_copy() -> None:
    """encode() hands out a view of a C-contiguous array's memory: a 188 MB training matrix is not duplicated to be sent.

    A transposed (non-contiguous) array is laid out in C order; both decode to equal, independent arrays.
    """
    x = np.arange(24, dtype=np.float32).reshape(4, 6)
    header, buffers = encode(x)
    assert np.shares_memory(np.frombuffer(buffers[0], dtype=np.uint8), x)
    t_header, t_buffers = encode(x.T)
    assert not np.shares_memory(np.frombuffer(t_buffers[0], dtype=np.uint8), x)
    back, t_back = decode(header, buffers), decode(t_header, t_buffers)
    assert np.array_equal(back, x) and np.array_equal(t_back, x.T)
    back[0, 0] = -1.0
    assert x[0, 0] == 0.0
