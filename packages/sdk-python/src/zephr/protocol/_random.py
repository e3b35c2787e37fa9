"""Where keys and IVs come from: the OS CSPRNG, replaceable only through a test seam."""

from __future__ import annotations

import os
from collections.abc import Callable

_source: Callable[[int], bytes] = os.urandom


def random_bytes(length: int) -> bytes:
    data = _source(length)
    if len(data) != length:
        raise RuntimeError(f"random source returned {len(data)} bytes, wanted {length}")
    return data


def _test_only_use_random_source(source: Callable[[int], bytes] | None) -> None:
    """For vector tests only: replace the CSPRNG (``None`` restores it). Not part of the API."""
    global _source
    _source = os.urandom if source is None else source
