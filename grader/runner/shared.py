"""Large arrays the trusted process hands to learner processes without copying them.

A 188 MB training matrix sent through the learner's pipe costs two copies on each side of the
kernel plus a fresh allocation in the learner process, for every submission. An array made
with :func:`shared_array` lives instead in a sealed ``memfd``: the request carries its
descriptor (over the learner's descriptor socket) and the learner process maps it
copy-on-write — the same pages for every learner of the session, a private copy of a page
only where learner code writes into its array.

The seals (no growing, no shrinking, no new writable mappings or ``write`` calls, no changes
to the seals) mean no learner process can change what the next one receives: only this
process's own mapping, made before sealing, can write to it. Where the machine cannot seal a
``memfd``, :func:`shared_array` returns a plain array, which travels through the pipe.
"""

from __future__ import annotations

import fcntl
import math
import mmap
import os
from typing import Any

import numpy as np

F_SEAL_FUTURE_WRITE = 0x0010
"""``fcntl.F_SEAL_FUTURE_WRITE`` (Linux 5.1; not in Python 3.11's fcntl module)."""
SEALS = fcntl.F_SEAL_SHRINK | fcntl.F_SEAL_GROW | F_SEAL_FUTURE_WRITE | fcntl.F_SEAL_SEAL

_BLOCKS: dict[int, tuple[mmap.mmap, int, int]] = {}
"""Start address → (mapping, descriptor, size) of every shared block this process made (kept for its life)."""


def shared_array(shape: tuple[int, ...], dtype: Any) -> np.ndarray:
    """A new writable array (contents undefined, like ``np.empty``) in memory learner processes can map.

    Fill it, then pass it (or a C-contiguous slice of it) in learner calls as any array.
    """
    dt = np.dtype(dtype)
    size = math.prod(shape) * dt.itemsize
    if size == 0:
        return np.empty(shape, dt)
    try:
        fd = os.memfd_create("dlgrade-shared", os.MFD_CLOEXEC | os.MFD_ALLOW_SEALING)
    except (AttributeError, OSError):
        return np.empty(shape, dt)
    try:
        os.ftruncate(fd, size)
        block = mmap.mmap(fd, size, flags=mmap.MAP_SHARED, prot=mmap.PROT_READ | mmap.PROT_WRITE)
        fcntl.fcntl(fd, fcntl.F_ADD_SEALS, SEALS)
    except OSError:
        os.close(fd)
        return np.empty(shape, dt)
    whole = np.frombuffer(block, dtype=np.uint8)
    _BLOCKS[whole.ctypes.data] = (block, fd, size)
    array: np.ndarray = whole.view(dt).reshape(shape)
    return array


def locate(array: np.ndarray) -> tuple[int, int] | None:
    """``(descriptor, offset)`` of a C-contiguous array inside a shared block, else None."""
    if not _BLOCKS or not array.flags.c_contiguous or array.nbytes == 0:
        return None
    base: Any = array
    while isinstance(base, np.ndarray):
        base = base.base
    if isinstance(base, memoryview):  # np.frombuffer's base
        base = base.obj
    if not isinstance(base, mmap.mmap):
        return None
    start = array.ctypes.data
    for address, (block, fd, size) in _BLOCKS.items():
        if block is base and address <= start and start + array.nbytes <= address + size:
            return fd, start - address
    return None


def mapped(fd: int, offset: int, dtype: np.dtype[Any], shape: list[int]) -> np.ndarray:
    """In the learner process: the array at ``offset`` of a received block, copy-on-write.

    Raises:
        ValueError: if the array does not fit in the block.
        OSError: if the block cannot be mapped.
    """
    size = os.fstat(fd).st_size
    nbytes = math.prod(shape) * dtype.itemsize
    if offset < 0 or offset % dtype.itemsize or offset + nbytes > size or size == 0:
        raise ValueError("shared array outside its block")
    block = mmap.mmap(fd, size, flags=mmap.MAP_PRIVATE, prot=mmap.PROT_READ | mmap.PROT_WRITE)
    return np.frombuffer(block, dtype=dtype, count=math.prod(shape), offset=offset).reshape(shape)

