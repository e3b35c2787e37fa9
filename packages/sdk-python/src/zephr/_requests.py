"""Requests (spec protocol.md §11, api.md §3.7): ask for a secret and receive it without it passing
through anyone but its sender. ``create_request`` makes the key pair here and registers the
request; the link carries the public key in its fragment. ``fulfill_request`` encrypts to that key.
``receive_request`` waits for the answer (long-poll, at most 30 s a call) and decrypts it here."""

from __future__ import annotations

import math
import time
from collections.abc import Mapping
from typing import Any

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
from ._results import ReceivedRequest, RequestInfo, SecretRequest
from ._transport import DEFAULT_TIMEOUT, exchange, exchange_retrying_once, expect_status
from .errors import ApiError, ValidationError
from .protocol._link import is_secret_id
from .protocol._request import (
    build_request_link,
    create_request_keys,
    open_request_blob,
    parse_request_link,
    request_claim,
    seal_for_request,
)
from .protocol._rules import REQUEST_WAIT_MAX_SECONDS


def _target(link: str, base_url: str | None) -> tuple[str, str]:
    """(public key, ``<server>/api/requests/<id>``) for a request link."""
    parsed = parse_request_link(link.strip() if isinstance(link, str) else link)
    origin = parsed.origin if base_url is None else resolve_base_url(base_url)
    return parsed.public_key, f"{origin}/api/requests/{parsed.id}"


def create_request(
    *,
    expiry: int | None = None,
    expiry_hours: int | None = None,
    hint: str | None = None,
    api_key: str | None = None,
    callback_url: str | None = None,
    callback_secret: str | None = None,
    base_url: str | None = None,
    timeout: float = DEFAULT_TIMEOUT,
) -> SecretRequest:
    """Makes a key pair here, registers the request, and returns its link and your private key.

    Give ``link`` to whoever holds the secret; keep ``private_key`` (``r1p.…``) to receive it. The
    request counts as one create against your quota. Raises ValidationError, ApiError or NetworkError.
    """
    minutes = check_expiry(expiry, expiry_hours)
    label = check_hint(hint)
    callback = check_callback(callback_url, callback_secret)
    key_header = check_api_key(api_key)
    seconds = check_timeout(timeout)
    origin = resolve_base_url(base_url)
    keys = create_request_keys()
    body: dict[str, Any] = {"expiry": minutes, "claim_hash": request_claim(keys.private_key).hash}
    if label is not None:
        body["hint"] = label
    if callback is not None:
        body["callback_url"], body["callback_secret"] = callback
    # A lost answer must not register twice: the retry carries the same Idempotency-Key.
    answer = exchange_retrying_once(
        "POST",
        f"{origin}/api/requests",
        body=body,
        timeout=seconds,
        api_key=key_header,
        headers={"Idempotency-Key": check_idempotency_key(None)},
    )
    expect_status(answer, 201)
    made = answer.body if isinstance(answer.body, dict) else {}
    request_id, expires_at = made.get("id"), made.get("expires_at")
    if not is_secret_id(request_id) or not isinstance(request_id, str) or not isinstance(expires_at, str):
        raise ApiError(201, "INVALID_RESPONSE", "Server returned an unexpected response to a request")
    return SecretRequest(
        build_request_link(origin, request_id, keys.public_key), request_id, expires_at, keys.private_key
    )


def request_info(link: str, *, base_url: str | None = None, timeout: float = DEFAULT_TIMEOUT) -> RequestInfo:
    """What a request link asks for (hint, expiry, the most secret it takes), without answering it."""
    _, url = _target(link, base_url)
    answer = exchange_retrying_once("GET", url, timeout=check_timeout(timeout))
    expect_status(answer, 200)
    body = answer.body if isinstance(answer.body, dict) else {}
    expires_at, max_bytes, hint = body.get("expires_at"), body.get("max_secret_bytes"), body.get("hint")
    if not isinstance(expires_at, str) or not isinstance(max_bytes, int):
        raise ApiError(200, "INVALID_RESPONSE", "Server returned an unexpected response to a request")
    return RequestInfo(hint if isinstance(hint, str) else None, expires_at, max_bytes)


def fulfill_request(
    link: str, secret: str, *, base_url: str | None = None, timeout: float = DEFAULT_TIMEOUT
) -> dict[str, str]:
    """Encrypts ``secret`` here to the key in the request link and sends it, once.

    Returns ``{"fulfilled_at", "expires_at"}``. A request already answered is ApiError 410
    REQUEST_FULFILLED (so is a repeat after a lost answer: it is not retried).
    """
    plaintext = check_secret(secret).decode("utf-8")
    public_key, url = _target(link, base_url)
    blob = seal_for_request(plaintext, public_key)
    answer = exchange("POST", f"{url}/fulfil", body={"encrypted_blob": blob}, timeout=check_timeout(timeout))
    expect_status(answer, 201)
    body = answer.body if isinstance(answer.body, dict) else {}
    fulfilled_at, expires_at = body.get("fulfilled_at"), body.get("expires_at")
    if not isinstance(fulfilled_at, str) or not isinstance(expires_at, str):
        raise ApiError(201, "INVALID_RESPONSE", "Server returned an unexpected response to fulfil")
    return {"fulfilled_at": fulfilled_at, "expires_at": expires_at}


def _handle(request: Mapping[str, str]) -> tuple[str, str]:
    if (
        not isinstance(request, Mapping)
        or not isinstance(request.get("link"), str)
        or not isinstance(request.get("private_key"), str)
    ):
        raise ValidationError(
            "INVALID_INPUT", "Pass the request: {'link': …, 'private_key': …} (what create_request returned)"
        )
    return request["link"], request["private_key"]


def receive_request(
    request: Mapping[str, str], *, wait: float = 0, base_url: str | None = None, timeout: float = DEFAULT_TIMEOUT
) -> ReceivedRequest:
    """Looks for the secret sent for your request, waiting up to ``wait`` seconds, and decrypts it here.

    Returns ReceivedRequest with ``status`` "received" (and ``secret``) or "pending". The server
    hands it out once: a second receive is ApiError 410 SECRET_ALREADY_CONSUMED.
    """
    link, private_key = _handle(request)
    _, url = _target(link, base_url)
    if isinstance(wait, bool) or not isinstance(wait, (int, float)) or not math.isfinite(wait) or wait < 0:
        raise ValidationError("INVALID_INPUT", "wait must be a number of seconds, 0 or more")
    seconds = check_timeout(timeout)
    token = request_claim(private_key).token
    until = time.monotonic() + wait
    # One key for every call: a receive whose answer was lost is answered again by the retry.
    idempotency = check_idempotency_key(None)
    while True:
        now = time.monotonic()
        chunk = max(0, min(REQUEST_WAIT_MAX_SECONDS, math.ceil(until - now)))
        answer = exchange_retrying_once(
            "POST",
            f"{url}/receive",
            body={"claim": token, "wait": chunk},
            headers={"Idempotency-Key": idempotency},
            timeout=seconds + chunk,
        )
        body = answer.body if isinstance(answer.body, dict) else {}
        if answer.status == 202:
            if not isinstance(body.get("expires_at"), str):
                raise ApiError(202, "INVALID_RESPONSE", "Server returned an unexpected response to receive")
            if time.monotonic() < until:
                continue
            return ReceivedRequest("pending", None, None, None, body["expires_at"])
        expect_status(answer, 200)
        blob, fulfilled_at, hint = body.get("encrypted_blob"), body.get("fulfilled_at"), body.get("hint")
        if not isinstance(blob, str) or not isinstance(fulfilled_at, str):
            raise ApiError(200, "INVALID_RESPONSE", "Server returned an unexpected response to receive")
        return ReceivedRequest(
            "received",
            open_request_blob(blob, private_key),
            hint if isinstance(hint, str) else None,
            fulfilled_at,
            None,
        )


def cancel_request(
    request: Mapping[str, str], *, base_url: str | None = None, timeout: float = DEFAULT_TIMEOUT
) -> None:
    """Cancels your request: nobody can answer it any more, and a secret sent but not received is destroyed."""
    link, private_key = _handle(request)
    _, url = _target(link, base_url)
    answer = exchange_retrying_once(
        "DELETE", url, body={"claim": request_claim(private_key).token}, timeout=check_timeout(timeout)
    )
    expect_status(answer, 204)
