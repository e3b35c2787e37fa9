"""get_limits: what this caller may do on a server (tier, expiries, size ceiling, remaining quota),
so a client can offer only what will be accepted. Read-only; safe to call any time."""

from __future__ import annotations

from typing import Any

from ._options import check_api_key, check_timeout, resolve_base_url
from ._transport import DEFAULT_TIMEOUT, exchange, expect_status
from .errors import ApiError


def get_limits(
    *,
    base_url: str | None = None,
    api_key: str | None = None,
    timeout: float = DEFAULT_TIMEOUT,
) -> dict[str, Any]:
    """The server's answer to ``GET /api/limits`` as a dict (the shape of the API's limits schema).

    Raises ApiError (401 for a bad key, 429 ...), NetworkError, or ValidationError for bad options.
    """
    origin = resolve_base_url(base_url)
    key_header = check_api_key(api_key)
    seconds = check_timeout(timeout)
    answer = exchange("GET", f"{origin}/api/limits", timeout=seconds, api_key=key_header)
    expect_status(answer, 200)
    body = answer.body
    if (
        not isinstance(body, dict)
        or not isinstance(body.get("tier"), str)
        or not isinstance(body.get("expiry"), dict)
        or not isinstance(body["expiry"].get("options"), list)
        or not isinstance(body.get("quota"), dict)
        or not isinstance(body.get("max_plaintext_bytes"), int)
    ):
        raise ApiError(200, "INVALID_RESPONSE", "Server returned an unexpected response to limits")
    # A server from before sizes were stated in bytes of secret sends only max_plaintext_bytes.
    body.setdefault("max_secret_bytes", body["max_plaintext_bytes"])
    return body
