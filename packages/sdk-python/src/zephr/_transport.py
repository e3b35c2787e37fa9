"""One HTTP exchange with a Zephr server through the standard library: a deadline per attempt,
a 1,000,000-byte cap on responses, no redirects, and every failure mapped to the SDK's errors
exactly as the JS package maps them (spec E-3, E-4)."""

from __future__ import annotations

import http.client
import json
import ssl
import time
import urllib.error
import urllib.request
from collections.abc import Mapping
from typing import Any, NamedTuple
from urllib.parse import urlsplit

from ._version import __version__
from .errors import ApiError, NetworkError, ZephrError

MAX_RESPONSE_BYTES = 1_000_000
DEFAULT_TIMEOUT = 10.0
_CHUNK = 65_536


class Answer(NamedTuple):
    status: int
    body: Any


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    """A redirect comes back as an HTTPError and so as ApiError: the API never redirects."""

    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None


# The default opener's other handlers stay: proxies from the environment (HTTPS_PROXY, NO_PROXY)
# keep working as they do for any urllib program.
_opener = urllib.request.build_opener(_NoRedirects)


def _read_capped(response: Any, status: int, deadline: float, origin: str, timeout: float) -> bytes:
    declared = response.headers.get("content-length")
    if declared is not None and declared.isdigit() and int(declared) > MAX_RESPONSE_BYTES:
        raise ApiError(
            status, "INVALID_RESPONSE", f"Response of {declared} bytes exceeds the {MAX_RESPONSE_BYTES}-byte limit"
        )
    chunks: list[bytes] = []
    total = 0
    while True:
        if time.monotonic() > deadline:
            raise NetworkError("TIMEOUT", f"No answer from {origin} within {timeout:g} s")
        chunk = response.read(_CHUNK)
        if not chunk:
            return b"".join(chunks)
        total += len(chunk)
        if total > MAX_RESPONSE_BYTES:
            raise ApiError(status, "INVALID_RESPONSE", f"Response exceeds the {MAX_RESPONSE_BYTES}-byte limit")
        chunks.append(chunk)


def _is_timeout(error: BaseException) -> bool:
    reason = getattr(error, "reason", None)
    return isinstance(error, TimeoutError) or isinstance(reason, TimeoutError)


def _describe(error: BaseException) -> str:
    reason = getattr(error, "reason", error)
    text = getattr(reason, "strerror", None) or str(reason) or type(reason).__name__
    return f" ({text})"


def exchange(
    method: str,
    url: str,
    *,
    timeout: float,
    body: Mapping[str, Any] | None = None,
    headers: Mapping[str, str] | None = None,
    api_key: str | None = None,
    deadline: float | None = None,
) -> Answer:
    """Sends one request; returns the status and the parsed JSON body (None if not JSON).

    ``timeout`` is the whole call's budget in seconds; ``deadline`` (a ``time.monotonic()``
    instant) is when it runs out, shared by every request of one SDK call.
    """
    origin = "{0.scheme}://{0.netloc}".format(urlsplit(url))
    if deadline is None:
        deadline = time.monotonic() + timeout
    left = deadline - time.monotonic()
    if left <= 0:
        raise NetworkError("TIMEOUT", f"No answer from {origin} within {timeout:g} s")
    all_headers = {"Accept": "application/json", "User-Agent": f"zephr-python/{__version__}", **(headers or {})}
    data = None
    if body is not None:
        data = json.dumps(body, separators=(",", ":")).encode("utf-8")
        all_headers["Content-Type"] = "application/json"
    if api_key:
        all_headers["Authorization"] = f"Bearer {api_key}"
    request = urllib.request.Request(url, data=data, headers=all_headers, method=method)  # noqa: S310 (http(s) only: checked by the caller)
    try:
        try:
            with _opener.open(request, timeout=left) as response:
                status = response.status
                raw = _read_capped(response, status, deadline, origin, timeout)
        except urllib.error.HTTPError as refusal:  # 4xx, 5xx and unfollowed 3xx: still an answer
            status = refusal.code
            with refusal:
                raw = _read_capped(refusal, status, deadline, origin, timeout)
    except ZephrError:
        raise
    except (OSError, http.client.HTTPException, ValueError) as error:
        if _is_timeout(error):
            raise NetworkError("TIMEOUT", f"No answer from {origin} within {timeout:g} s") from error
        if isinstance(getattr(error, "reason", error), ssl.SSLCertVerificationError):
            message = (
                f"Could not verify the TLS certificate of {origin}{_describe(error)}. If the server uses a"
                " private certificate authority, point SSL_CERT_FILE at a bundle that includes it"
            )
            raise NetworkError("NETWORK_ERROR", message) from error
        raise NetworkError("NETWORK_ERROR", f"Could not reach {origin}{_describe(error)}") from error
    try:
        parsed = json.loads(raw.decode("utf-8")) if raw else None
    except (UnicodeDecodeError, ValueError):
        parsed = None
    return Answer(status, parsed)


def exchange_retrying_once(
    method: str,
    url: str,
    *,
    timeout: float,
    body: Mapping[str, Any] | None = None,
    headers: Mapping[str, str] | None = None,
    api_key: str | None = None,
    deadline: float | None = None,
) -> Answer:
    """``exchange``, sent again once, unchanged, after a network failure. For requests a server
    answers the same on a repeat: creates and claims carry an Idempotency-Key, and burning twice
    is burning once. Both attempts share one budget: the retry gets what the first one left."""
    once = time.monotonic() + timeout if deadline is None else deadline
    try:
        return exchange(method, url, timeout=timeout, body=body, headers=headers, api_key=api_key, deadline=once)
    except NetworkError as error:
        if error.code == "TIMEOUT":
            raise
        return exchange(method, url, timeout=timeout, body=body, headers=headers, api_key=api_key, deadline=once)


def _envelope(body: Any) -> tuple[str, str] | None:
    error = body.get("error") if isinstance(body, dict) else None
    code = error.get("code") if isinstance(error, dict) else None
    if not isinstance(code, str) or code == "":
        return None
    message = error.get("message") if isinstance(error, dict) else None
    return code, message if isinstance(message, str) and message != "" else code


def expect_status(answer: Answer, expected: int) -> None:
    """Raises ApiError for any answer but ``expected``, keeping the server's code and message."""
    if answer.status == expected:
        return
    envelope = _envelope(answer.body) if answer.status >= 400 else None
    if envelope is not None:
        raise ApiError(answer.status, envelope[0], envelope[1])
    code = "INTERNAL_ERROR" if answer.status >= 500 else "INVALID_RESPONSE"
    raise ApiError(answer.status, code, f"Request failed (HTTP {answer.status})")
