"""Zephr: hand a credential to another process or person exactly once.

``create_secret`` encrypts in this process (AES-256-GCM, a fresh key per secret), uploads only
ciphertext to a Zephr server and returns a one-time link whose key lives in the URL fragment.
``retrieve_secret`` reads it back once; the server destroys its copy on that read. Only the key
opens it: ``peek_secret`` shows an unread secret's hint and expiry, ``burn_secret`` destroys it.
``create_request`` asks someone else for a secret: they answer the link with ``fulfill_request``
(or in the browser), and ``receive_request`` decrypts it here.
"""

from ._create import create_secret
from ._error_codes import LOCAL_ERRORS, WIRE_ERRORS
from ._limits import get_limits
from ._peek import burn_secret, peek_secret
from ._requests import cancel_request, create_request, fulfill_request, receive_request, request_info
from ._results import ReceivedRequest, RequestInfo, RetrievedSecret, SecretInfo, SecretRequest, SplitLink, StandardLink
from ._retrieve import retrieve_secret
from ._version import __version__
from .errors import ApiError, EncryptionError, NetworkError, ValidationError, ZephrError
from .protocol._rules import EXPIRIES

SecretLink = StandardLink | SplitLink

__all__ = [
    "EXPIRIES",
    "LOCAL_ERRORS",
    "WIRE_ERRORS",
    "ApiError",
    "EncryptionError",
    "NetworkError",
    "ReceivedRequest",
    "RequestInfo",
    "RetrievedSecret",
    "SecretInfo",
    "SecretLink",
    "SecretRequest",
    "SplitLink",
    "StandardLink",
    "ValidationError",
    "ZephrError",
    "__version__",
    "burn_secret",
    "cancel_request",
    "create_request",
    "create_secret",
    "fulfill_request",
    "get_limits",
    "peek_secret",
    "receive_request",
    "request_info",
    "retrieve_secret",
]
