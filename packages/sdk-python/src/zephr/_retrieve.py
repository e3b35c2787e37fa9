"""retrieve_secret: check the link and key first (a typo never burns the secret), claim the
ciphertext from the link's origin with the token derived from the key (so a wrong key consumes
nothing, spec A-CLAIM-2), decrypt locally."""

from __future__ import annotations

import uuid
from collections.abc import Mapping

from ._options import check_idempotency_key
from ._results import RetrievedSecret
from ._target import claim_exchange, lacks_claims, resolve_target
from ._transport import DEFAULT_TIMEOUT, exchange, expect_status
from .errors import ApiError, EncryptionError
from .protocol import decrypt_secret


def retrieve_secret(
    link: str | Mapping[str, str],
    *,
    api_key: str | None = None,
    base_url: str | None = None,
    timeout: float = DEFAULT_TIMEOUT,
    idempotency_key: str | None = None,
) -> RetrievedSecret:
    """Fetches and decrypts a one-time secret; the server destroys it on this read.

    ``link`` is the full link, or ``{"url": ..., "key": ...}`` in split mode. The request goes to
    the link's own server unless ``base_url`` is given. The claim carries an Idempotency-Key (a
    random UUID unless given) and is retried once with it after a network failure; the server
    answers such a retry with the same secret within its retry window. Raises ValidationError
    (malformed link or key, before any request), ApiError (404 not found or a key that does not
    match, 410 consumed, expired or burned, 429 …), NetworkError, or EncryptionError (tampered
    data, or a secret made without a claim met the wrong key; it is gone by then).
    """
    target = resolve_target(link, api_key, base_url, timeout)
    idempotency = check_idempotency_key(idempotency_key) if idempotency_key is not None else str(uuid.uuid4())
    answer = claim_exchange(target, "POST", "/claim", {"Idempotency-Key": idempotency})
    if lacks_claims(answer):
        # A server from before claims: its secrets have no claim hash, so the plain GET is the way.
        answer = exchange(
            "GET", target.secret_url, timeout=target.timeout, api_key=target.api_key, deadline=target.deadline
        )
    expect_status(answer, 200)
    body = answer.body if isinstance(answer.body, dict) else {}
    blob = body.get("encrypted_blob")
    if not isinstance(blob, str):
        raise ApiError(200, "INVALID_RESPONSE", "Server returned an unexpected response to retrieve")
    try:
        plaintext = decrypt_secret(blob, target.parsed.key)
    except EncryptionError as error:
        if error.code != "DECRYPTION_FAILED":
            raise
        raise EncryptionError(
            "DECRYPTION_FAILED",
            "Decryption failed: the key does not match this secret, or the data was tampered with. "
            "The server has already destroyed it.",
        ) from error
    hint, purge_at = body.get("hint"), body.get("purge_at")
    return RetrievedSecret(
        plaintext, hint if isinstance(hint, str) else None, purge_at if isinstance(purge_at, str) else None
    )
