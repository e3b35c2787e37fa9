"""peek_secret and burn_secret: what the holder of a link may do besides opening it (spec A-PEEK-1,
A-BURN-1): read an unread secret's hint and times, or destroy it unread."""

from __future__ import annotations

from collections.abc import Mapping

from ._results import SecretInfo
from ._target import claim_exchange, resolve_target
from ._transport import DEFAULT_TIMEOUT, expect_status
from .errors import ApiError


def peek_secret(
    link: str | Mapping[str, str],
    *,
    api_key: str | None = None,
    base_url: str | None = None,
    timeout: float = DEFAULT_TIMEOUT,
) -> SecretInfo:
    """The hint and times of an unread secret; consumes nothing.

    Raises ValidationError (malformed link or key), ApiError (404 not found or a key that does not
    match, 410 already read, expired or burned) or NetworkError.
    """
    answer = claim_exchange(resolve_target(link, api_key, base_url, timeout), "POST", "/peek")
    expect_status(answer, 200)
    body = answer.body if isinstance(answer.body, dict) else {}
    created_at, expires_at, hint = body.get("created_at"), body.get("expires_at"), body.get("hint")
    if not isinstance(created_at, str) or not isinstance(expires_at, str):
        raise ApiError(200, "INVALID_RESPONSE", "Server returned an unexpected response to peek")
    return SecretInfo(hint if isinstance(hint, str) else None, created_at, expires_at)


def burn_secret(
    link: str | Mapping[str, str],
    *,
    api_key: str | None = None,
    base_url: str | None = None,
    timeout: float = DEFAULT_TIMEOUT,
) -> None:
    """Destroys an unread secret (burning one already burned is fine); the link stops working.

    Raises ValidationError (malformed link or key), ApiError (404 not found or a key that does not
    match, 410 SECRET_ALREADY_CONSUMED when the recipient already read it, SECRET_EXPIRED) or
    NetworkError. A lost answer is retried once: burning is idempotent on the server.
    """
    expect_status(claim_exchange(resolve_target(link, api_key, base_url, timeout), "DELETE", ""), 204)
