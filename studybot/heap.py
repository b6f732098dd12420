"""Handing freed heap memory back to the system after a big job (a stats picture, a push tick).

glibc's malloc keeps memory a process freed for its next allocations, in one arena per thread that
allocated it; after a picture's image buffers or a push tick's batches, a long-running bot held about 10 MB
of such free memory for good (benchmarks/bench_soak.py: 151 MB RSS, 141 MB after a trim). `malloc_trim`
returns it; it takes a few milliseconds, so it runs after jobs that take far longer. Elsewhere than on glibc
it does nothing.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import platform
from collections.abc import Callable


def _malloc_trim() -> Callable[[int], int] | None:
    if platform.libc_ver()[0] != "glibc":
        return None
    name = ctypes.util.find_library("c")
    if name is None:
        return None
    try:
        trim: Callable[[int], int] = ctypes.CDLL(name).malloc_trim
    except (OSError, AttributeError):
        return None
    return trim


_TRIM = _malloc_trim()


def give_back_free_memory() -> None:
    if _TRIM is not None:
        _TRIM(0)
