"""The exceptions every part of the SDK raises. Codes come from protocol/errors.json.

``ZephrError`` is the base; each subclass says where the failure happened, ``code`` says what
it was. The classes and codes are the same as the JS package's, so one table of codes serves
the server, both SDKs and the CLI.
"""

from __future__ import annotations

from ._error_codes import LOCAL_ERRORS


class ZephrError(Exception):
    """Base class of every error the SDK raises. ``code`` is a stable string."""

    code: str

    def __init__(self, message: str, code: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


def _local_message(code: str, message: str | None) -> str:
    if message is not None:
        return message
    return LOCAL_ERRORS[code][1] if code in LOCAL_ERRORS else code


class ValidationError(ZephrError):
    """Input is invalid: a malformed key, link or blob, or a bad option. Raised before any request."""

    def __init__(self, code: str, message: str | None = None) -> None:
        super().__init__(_local_message(code, message), code)


class EncryptionError(ZephrError):
    """Encryption or decryption failed: wrong key, tampered data, or plaintext that is not UTF-8."""

    def __init__(self, code: str, message: str | None = None) -> None:
        super().__init__(_local_message(code, message), code)


class NetworkError(ZephrError):
    """The server could not be reached (``NETWORK_ERROR``) or did not answer in time (``TIMEOUT``)."""

    def __init__(self, code: str, message: str | None = None) -> None:
        super().__init__(_local_message(code, message), code)


class ApiError(ZephrError):
    """The server refused the request, or answered with something unexpected.

    ``status_code`` is the HTTP status; ``code`` the server's error code (``SECRET_ALREADY_CONSUMED``
    …), or ``INVALID_RESPONSE`` / ``INTERNAL_ERROR`` when the answer carried no error envelope.
    """

    status_code: int

    def __init__(self, status_code: int, code: str, message: str) -> None:
        super().__init__(message, code)
        self.status_code = status_code

    def __repr__(self) -> str:
        return f"ApiError(status_code={self.status_code}, code={self.code!r}, message={self.message!r})"
