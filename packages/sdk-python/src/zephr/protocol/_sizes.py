"""Blob length arithmetic (spec P-SIZE-1..2): servers cap the blob, people think in plaintext bytes."""

from __future__ import annotations

from ._base64url import base64url_length
from ._rules import IV_BYTES, TAG_BYTES

# '{"iv":"' + '","ciphertext":"' + '"}'
_JSON_OVERHEAD = 7 + 16 + 2


def blob_length(plaintext_bytes: int) -> int:
    """Length in characters of the blob for a plaintext of ``plaintext_bytes`` UTF-8 bytes."""
    json_length = _JSON_OVERHEAD + base64url_length(IV_BYTES) + base64url_length(plaintext_bytes + TAG_BYTES)
    return base64url_length(json_length)


def max_plaintext_bytes(max_blob_length: int) -> int:
    """The largest plaintext, in UTF-8 bytes, whose blob fits in ``max_blob_length`` characters (0 if none)."""
    if blob_length(1) > max_blob_length:
        return 0
    low, high = 1, max(1, -(-max_blob_length * 6 // 10))
    while low < high:  # blob_length is monotonic: binary search the largest fit
        mid = (low + high + 1) // 2
        if blob_length(mid) <= max_blob_length:
            low = mid
        else:
            high = mid - 1
    return low
