"""retrieve_secret: check the link and key first (a typo never burns the secret), consume the
ciphertext from the link's origin, decrypt locally."""

from __future__ import annotations

from collections.abc import Mapping

from ._options import check_api_key, check_timeout, resolve_base_url
from ._results import RetrievedSecret
from ._transport import DEFAULT_TIMEOUT, exchange, expect_status
from .errors import ApiError, EncryptionError, ValidationError
from .protocol import ParsedLink, decrypt_secret, parse_link, parse_split_link


def _parse(link: object) -> ParsedLink:
    if isinstance(link, str):
        return parse_link(link.strip())
    if isinstance(link, Mapping):
        url, key, full = link.get("url"), link.get("key"), link.get("full_link")
        if isinstance(url, str) and isinstance(key, str):
            return parse_split_link(url.strip(), key.strip())
        if isinstance(full, str):  # a StandardLink result passed straight back
            return parse_link(full.strip())
    raise ValidationError("INVALID_LINK", 'Pass a link string, or {"url": ..., "key": ...} for split mode')


def retrieve_secret(
    link: str | Mapping[str, str],
    *,
    api_key: str | None = None,
    base_url: str | None = None,
    timeout: float = DEFAULT_TIMEOUT,
) -> RetrievedSecret:
    """Fetches and decrypts a one-time secret; the server destroys it on this read.

    ``link`` is the full link, or ``{"url": ..., "key": ...}`` in split mode. The request goes to
    the link's own server unless ``base_url`` is given. Never retried: a second read could find
    the secret consumed. Raises ValidationError (malformed link or key, before any request),
    ApiError (404 not found, 410 consumed or expired, 429 …), NetworkError, or EncryptionError
    (wrong key or tampered data; the secret is gone by then).
    """
    parsed = _parse(link)
    key_header = check_api_key(api_key)
    seconds = check_timeout(timeout)
    origin = parsed.origin if base_url is None else resolve_base_url(base_url)
    answer = exchange("GET", f"{origin}/api/secrets/{parsed.id}", timeout=seconds, api_key=key_header)
    expect_status(answer, 200)
    body = answer.body if isinstance(answer.body, dict) else {}
    blob = body.get("encrypted_blob")
    if not isinstance(blob, str):
        raise ApiError(200, "INVALID_RESPONSE", "Server returned an unexpected response to retrieve")
    try:
        plaintext = decrypt_secret(blob, parsed.key)
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
