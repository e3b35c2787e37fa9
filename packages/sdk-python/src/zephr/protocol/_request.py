"""Requests (spec P-REQ-1..7): the requester's P-256 key pair, the request link that carries its
public key in the fragment, the sender's sealing to that key (ECDH, HKDF-SHA256, AES-256-GCM) and
the requester's opening. The same rules as the JS package, from the same vectors."""

from __future__ import annotations

import re
from typing import NamedTuple

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

from ..errors import EncryptionError, ValidationError
from ._base64url import base64url_problem, decode_base64url, encode_base64url
from ._blob import blob_members
from ._claim import Claim
from ._link import _origin, _split, is_secret_id, normalize_origin
from ._random import random_bytes
from ._rules import (
    CLAIM_SALT,
    CLAIM_TOKEN_BYTES,
    IV_BYTES,
    KEY_BYTES,
    MIN_CIPHERTEXT_BYTES,
    REQUEST_CLAIM_INFO,
    REQUEST_INFO,
    REQUEST_KEY_LENGTH,
    REQUEST_KEY_PREFIX,
    REQUEST_PRIVATE_KEY_BYTES,
    REQUEST_PRIVATE_KEY_LENGTH,
    REQUEST_PRIVATE_KEY_PREFIX,
    REQUEST_PUBLIC_KEY_BYTES,
)

_PATH = re.compile(r"/request/([^/]*)/?")
_ORDER = 0xFFFFFFFF00000000FFFFFFFFFFFFFFFFBCE6FAADA7179E84F3B9CAC2FC632551


class RequestKeys(NamedTuple):
    private_key: str
    """``r1p.…``: stays with the requester; it alone opens what is sent."""
    public_key: str
    """``r1.…``: goes in the request link's fragment."""


class ParsedRequestLink(NamedTuple):
    origin: str
    id: str
    public_key: str


def _key_error(message: str) -> ValidationError:
    return ValidationError("INVALID_REQUEST_KEY", message)


def _point(private: ec.EllipticCurvePrivateKey | ec.EllipticCurvePublicKey) -> bytes:
    public = private.public_key() if isinstance(private, ec.EllipticCurvePrivateKey) else private
    return public.public_bytes(Encoding.X962, PublicFormat.UncompressedPoint)


def _draw_scalar() -> bytes:
    """A private scalar 1 <= d < n from the random source, drawn again when out of range (P-REQ-1)."""
    while True:
        d = random_bytes(REQUEST_PRIVATE_KEY_BYTES)
        if 0 < int.from_bytes(d, "big") < _ORDER:
            return d


def parse_request_key(text: str) -> bytes:
    """The 65 bytes of a request key string ``r1.…`` (P-REQ-2; the curve check is at use)."""
    if not isinstance(text, str) or not text.startswith(REQUEST_KEY_PREFIX):
        raise _key_error(f'Request key must start with "{REQUEST_KEY_PREFIX}"')
    if len(text) != REQUEST_KEY_LENGTH:
        raise _key_error(f"Request key must be {REQUEST_KEY_LENGTH} characters, got {len(text)}")
    body = text[len(REQUEST_KEY_PREFIX) :]
    problem = base64url_problem(body)
    if problem is not None:
        raise _key_error(f"Request key is not valid base64url: {problem}")
    point = decode_base64url(body, "request key")
    if len(point) != REQUEST_PUBLIC_KEY_BYTES or point[0] != 0x04:
        raise _key_error("Request key must be an uncompressed P-256 point (65 bytes starting 0x04)")
    return point


def _private(text: str) -> ec.EllipticCurvePrivateKey:
    if (
        not isinstance(text, str)
        or not text.startswith(REQUEST_PRIVATE_KEY_PREFIX)
        or len(text) != REQUEST_PRIVATE_KEY_LENGTH
    ):
        raise _key_error(f'Request private key must be "{REQUEST_PRIVATE_KEY_PREFIX}" and 43 base64url characters')
    body = text[len(REQUEST_PRIVATE_KEY_PREFIX) :]
    problem = base64url_problem(body)
    if problem is not None:
        raise _key_error(f"Request private key is not valid base64url: {problem}")
    d = int.from_bytes(decode_base64url(body, "request private key"), "big")
    if not 0 < d < _ORDER:
        raise _key_error("Request private key is not a P-256 scalar")
    return ec.derive_private_key(d, ec.SECP256R1())


def create_request_keys() -> RequestKeys:
    """Draws a requester key pair (P-REQ-1)."""
    d = _draw_scalar()
    private = ec.derive_private_key(int.from_bytes(d, "big"), ec.SECP256R1())
    return RequestKeys(
        REQUEST_PRIVATE_KEY_PREFIX + encode_base64url(d), REQUEST_KEY_PREFIX + encode_base64url(_point(private))
    )


def request_public_key(private_key: str) -> str:
    return REQUEST_KEY_PREFIX + encode_base64url(_point(_private(private_key)))


def request_claim(private_key: str) -> Claim:
    """The request claim (P-REQ-4): HKDF-SHA256 of d, then SHA-256 of the token."""
    d = _private(private_key).private_numbers().private_value.to_bytes(REQUEST_PRIVATE_KEY_BYTES, "big")
    token = HKDF(
        algorithm=hashes.SHA256(), length=CLAIM_TOKEN_BYTES, salt=CLAIM_SALT.encode(), info=REQUEST_CLAIM_INFO.encode()
    ).derive(d)
    digest = hashes.Hash(hashes.SHA256())
    digest.update(token)
    return Claim(encode_base64url(token), encode_base64url(digest.finalize()))


def build_request_link(origin: str, request_id: str, public_key: str) -> str:
    if not is_secret_id(request_id):
        raise ValidationError("INVALID_REQUEST_LINK", "Request id must be 22 base64url characters")
    parse_request_key(public_key)
    return f"{normalize_origin(origin)}/request/{request_id}#{public_key}"


def parse_request_link(link: str) -> ParsedRequestLink:
    """Parses ``<origin>/request/<id>#r1.…`` (P-REQ-3): INVALID_REQUEST_LINK or INVALID_REQUEST_KEY."""
    try:
        parts = _split(link, "Request link")
        origin = _origin(parts, "Request link")
    except ValidationError as error:
        raise ValidationError("INVALID_REQUEST_LINK", str(error)) from None
    match = _PATH.fullmatch(parts.path)
    if match is None:
        message = (
            "This is a secret link, not a request link"
            if parts.path.startswith("/secret/")
            else "Request link path must be /request/<id>"
        )
        raise ValidationError("INVALID_REQUEST_LINK", message)
    if not is_secret_id(match.group(1)):
        raise ValidationError("INVALID_REQUEST_LINK", "Request id in link must be 22 base64url characters")
    if parts.fragment == "":
        raise ValidationError("INVALID_REQUEST_LINK", 'Request link has no key after "#": it was cut short')
    parse_request_key(parts.fragment)
    return ParsedRequestLink(origin, match.group(1), parts.fragment)


def _aes_key(shared: bytes, epk: bytes, request_key: bytes) -> bytes:
    return HKDF(algorithm=hashes.SHA256(), length=KEY_BYTES, salt=epk + request_key, info=REQUEST_INFO.encode()).derive(
        shared
    )


def request_blob_json(epk: bytes, iv: bytes, ciphertext: bytes) -> str:
    members = (("epk", epk), ("iv", iv), ("ciphertext", ciphertext))
    return "{" + ",".join(f'"{name}":"{encode_base64url(value)}"' for name, value in members) + "}"


def decode_request_blob(blob: str) -> tuple[bytes, bytes, bytes]:
    """(epk, iv, ciphertext) of a request blob (P-REQ-6), or ValidationError."""
    members = blob_members(blob, ("epk", "iv", "ciphertext"))
    epk = decode_base64url(members["epk"], "epk")
    iv = decode_base64url(members["iv"], "iv")
    ciphertext = decode_base64url(members["ciphertext"], "ciphertext")
    if len(epk) != REQUEST_PUBLIC_KEY_BYTES or epk[0] != 0x04:
        raise ValidationError("INVALID_BLOB", "epk must be an uncompressed P-256 point (65 bytes starting 0x04)")
    if len(iv) != IV_BYTES:
        raise ValidationError("INVALID_IV", f"IV must be {IV_BYTES} bytes, got {len(iv)}")
    if len(ciphertext) < MIN_CIPHERTEXT_BYTES:
        raise ValidationError(
            "INVALID_CIPHERTEXT", f"Ciphertext must be at least {MIN_CIPHERTEXT_BYTES} bytes, got {len(ciphertext)}"
        )
    return epk, iv, ciphertext


def seal_for_request(plaintext: str, public_key: str) -> str:
    """Encrypts ``plaintext`` to the request key ``r1.…`` (P-REQ-5..6); returns the request blob."""
    request_key = parse_request_key(public_key)
    try:
        recipient = ec.EllipticCurvePublicKey.from_encoded_point(ec.SECP256R1(), request_key)
    except ValueError:
        raise _key_error("Request key is not a point on P-256") from None
    e = ec.derive_private_key(int.from_bytes(_draw_scalar(), "big"), ec.SECP256R1())
    epk = _point(e)
    key = _aes_key(e.exchange(ec.ECDH(), recipient), epk, request_key)
    iv = random_bytes(IV_BYTES)
    try:
        ciphertext = AESGCM(key).encrypt(iv, plaintext.encode("utf-8"), None)
    except Exception as error:
        raise EncryptionError("ENCRYPTION_FAILED", "Encrypting to the request key failed") from error
    return encode_base64url(request_blob_json(epk, iv, ciphertext).encode("utf-8"))


def open_request_blob(blob: str, private_key: str) -> str:
    """Opens a request blob with the requester's private key ``r1p.…`` (P-REQ-7)."""
    private = _private(private_key)
    epk, iv, ciphertext = decode_request_blob(blob)
    try:
        sender = ec.EllipticCurvePublicKey.from_encoded_point(ec.SECP256R1(), epk)
        plaintext = AESGCM(_aes_key(private.exchange(ec.ECDH(), sender), epk, _point(private))).decrypt(
            iv, ciphertext, None
        )
    except (ValueError, InvalidTag) as error:
        raise EncryptionError("DECRYPTION_FAILED", "Decryption failed: wrong key or tampered data") from error
    try:
        return plaintext.decode("utf-8")
    except UnicodeDecodeError as error:
        raise EncryptionError("INVALID_PLAINTEXT", "Decrypted data is not valid UTF-8") from error
