"""create_secret: validate locally, encrypt locally, upload only the blob, build the link."""

from __future__ import annotations

import time
from datetime import datetime
from typing import Any, Literal, overload

from ._options import (
    check_api_key,
    check_callback,
    check_expiry,
    check_hint,
    check_idempotency_key,
    check_secret,
    check_timeout,
    resolve_base_url,
)
from ._results import SplitLink, StandardLink
from ._transport import DEFAULT_TIMEOUT, exchange_retrying_once, expect_status
from .errors import ApiError, ValidationError
from .protocol import build_link, build_secret_url, claim_for_key, encrypt_bytes, is_secret_id


def _valid_timestamp(value: object) -> bool:
    if not isinstance(value, str):
        return False
    try:
        datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return False
    return True


@overload
def create_secret(
    secret: str,
    *,
    expiry: int | None = ...,
    expiry_hours: int | None = ...,
    split: Literal[False] = ...,
    hint: str | None = ...,
    api_key: str | None = ...,
    callback_url: str | None = ...,
    callback_secret: str | None = ...,
    idempotency_key: str | None = ...,
    base_url: str | None = ...,
    timeout: float = ...,
    claim: bool = ...,
) -> StandardLink: ...
@overload
def create_secret(
    secret: str,
    *,
    expiry: int | None = ...,
    expiry_hours: int | None = ...,
    split: Literal[True],
    hint: str | None = ...,
    api_key: str | None = ...,
    callback_url: str | None = ...,
    callback_secret: str | None = ...,
    idempotency_key: str | None = ...,
    base_url: str | None = ...,
    timeout: float = ...,
    claim: bool = ...,
) -> SplitLink: ...
@overload
def create_secret(
    secret: str,
    *,
    expiry: int | None = ...,
    expiry_hours: int | None = ...,
    split: bool,
    hint: str | None = ...,
    api_key: str | None = ...,
    callback_url: str | None = ...,
    callback_secret: str | None = ...,
    idempotency_key: str | None = ...,
    base_url: str | None = ...,
    timeout: float = ...,
    claim: bool = ...,
) -> StandardLink | SplitLink: ...
def create_secret(
    secret: str,
    *,
    expiry: int | None = None,
    expiry_hours: int | None = None,
    split: bool = False,
    hint: str | None = None,
    api_key: str | None = None,
    callback_url: str | None = None,
    callback_secret: str | None = None,
    idempotency_key: str | None = None,
    base_url: str | None = None,
    timeout: float = DEFAULT_TIMEOUT,
    claim: bool = True,
) -> StandardLink | SplitLink:
    """Encrypts ``secret`` in this process and stores only its ciphertext; returns the one-time link.

    Raises ValidationError (bad input, before any request), EncryptionError, ApiError (the server
    refused: ``status_code``, ``code``) or NetworkError (unreachable, or no answer within
    ``timeout`` seconds: the budget of the whole call, one retry with the same Idempotency-Key
    included).

    ``expiry`` is in minutes (default 60); the hour values of an earlier protocol (1, 24, 168, 720)
    are read as hours, and ``expiry_hours`` takes those directly (give one of the two).

    With ``claim`` (the default) the secret is bound to its key: only someone holding the key can
    open, preview or burn it, so a URL seen without its key cannot destroy it. Pass
    ``claim=False`` only for a recipient on a client that cannot claim (the published zephr 1.3
    and PyPI 0.5 clients).
    """
    plaintext = check_secret(secret)
    minutes = check_expiry(expiry, expiry_hours)
    label = check_hint(hint)
    callback = check_callback(callback_url, callback_secret)
    key_header = check_api_key(api_key)
    idempotency = check_idempotency_key(idempotency_key)
    seconds = check_timeout(timeout)
    deadline = time.monotonic() + seconds
    origin = resolve_base_url(base_url)
    split = split is True
    if not isinstance(claim, bool):
        raise ValidationError("INVALID_INPUT", "claim must be a boolean")

    sealed = encrypt_bytes(plaintext)
    body: dict[str, Any] = {"encrypted_blob": sealed.blob, "expiry": minutes, "split_url_mode": split}
    if label is not None:
        body["hint"] = label
    if callback is not None:
        body["callback_url"], body["callback_secret"] = callback
    if claim:
        body["claim_hash"] = claim_for_key(sealed.key).hash

    # A lost response must not make a duplicate: the retry carries the same Idempotency-Key.
    answer = exchange_retrying_once(
        "POST",
        f"{origin}/api/secrets",
        body=body,
        timeout=seconds,
        api_key=key_header,
        headers={"Idempotency-Key": idempotency},
        deadline=deadline,
    )
    expect_status(answer, 201)
    created = answer.body if isinstance(answer.body, dict) else {}
    secret_id, expires_at = created.get("id"), created.get("expires_at")
    if not is_secret_id(secret_id) or not isinstance(secret_id, str) or not _valid_timestamp(expires_at):
        raise ApiError(201, "INVALID_RESPONSE", "Server returned an unexpected response to create")
    assert isinstance(expires_at, str)
    if split:
        return SplitLink("split", build_secret_url(origin, secret_id), sealed.key, expires_at, secret_id)
    return StandardLink("standard", build_link(origin, secret_id, sealed.key), expires_at, secret_id)
