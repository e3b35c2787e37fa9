"""Independent verifier for protocol/vectors/v1, written from protocol/spec/v1/protocol.md alone.

It shares no code with the JS implementation: base64url, blob, key and link handling are
re-implemented here and AES-GCM comes from pyca/cryptography. Run directly for a summary, or
through pytest (test_verify_vectors.py) for one test per vector.
"""

from __future__ import annotations

import base64
import binascii
import json
import math
import re
import sys
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

VECTORS = Path(__file__).resolve().parent.parent / "vectors" / "v1"
_B64URL = re.compile(r"[A-Za-z0-9_-]*")
_KEY = re.compile(r"v1\.[A-Za-z0-9_-]{43}")
_ID = re.compile(r"[A-Za-z0-9_-]{22}")
_PATH = re.compile(r"/secret/([^/]*)/?")
_REQUEST_PATH = re.compile(r"/request/([^/]*)/?")
_P256_ORDER = 0xFFFFFFFF00000000FFFFFFFFFFFFFFFFBCE6FAADA7179E84F3B9CAC2FC632551


class VectorFailure(Exception):
    """A protocol failure with the error class and code the spec assigns to it."""

    def __init__(self, error: str, code: str, detail: str) -> None:
        super().__init__(f"{error} {code}: {detail}")
        self.error = error
        self.code = code


def _validation(code: str, detail: str) -> VectorFailure:
    return VectorFailure("ValidationError", code, detail)


def b64url_encode(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).decode("ascii").rstrip("=")


def b64url_decode(text: str) -> bytes:
    """P-B64-1..3: alphabet only, no padding, no impossible length, canonical."""
    if not isinstance(text, str) or _B64URL.fullmatch(text) is None:
        raise _validation("INVALID_BASE64URL", "character outside the base64url alphabet")
    if len(text) % 4 == 1:
        raise _validation("INVALID_BASE64URL", "impossible length")
    try:
        data = base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
    except (binascii.Error, ValueError) as exc:
        raise _validation("INVALID_BASE64URL", str(exc)) from exc
    if b64url_encode(data) != text:
        raise _validation("INVALID_BASE64URL", "non-canonical encoding")
    return data


def parse_key(text: str) -> bytes:
    """P-KEY-1..2."""
    if not isinstance(text, str) or _KEY.fullmatch(text) is None:
        raise _validation("INVALID_KEY", "not v1. followed by 43 base64url characters")
    try:
        raw = b64url_decode(text[3:])
    except VectorFailure as exc:
        raise _validation("INVALID_KEY", "key is not canonical base64url") from exc
    if len(raw) != 32:
        raise _validation("INVALID_KEY", "key is not 32 bytes")
    return raw


def decode_blob(blob: str) -> tuple[bytes, bytes]:
    """P-BLOB-1, P-BLOB-3..5: returns (iv, ciphertext||tag)."""
    outer = b64url_decode(blob)
    try:
        parsed = json.loads(outer.decode("utf-8"))
    except (UnicodeDecodeError, ValueError) as exc:
        raise _validation("INVALID_BLOB", "not UTF-8 JSON") from exc
    if not isinstance(parsed, dict) or set(parsed) != {"iv", "ciphertext"}:
        raise _validation("INVALID_BLOB", "not an object with exactly iv and ciphertext")
    iv_text, ct_text = parsed["iv"], parsed["ciphertext"]
    if not isinstance(iv_text, str) or not isinstance(ct_text, str):
        raise _validation("INVALID_BLOB", "members must be strings")
    iv, ciphertext = b64url_decode(iv_text), b64url_decode(ct_text)
    if len(iv) != 12:
        raise _validation("INVALID_IV", f"iv is {len(iv)} bytes")
    if len(ciphertext) < 17:
        raise _validation("INVALID_CIPHERTEXT", f"ciphertext is {len(ciphertext)} bytes")
    return iv, ciphertext


def decrypt(blob: str, key: str) -> str:
    """P-CRYPTO-5..7: key first, then blob, then authentication, then strict UTF-8."""
    raw_key = parse_key(key)
    iv, ciphertext = decode_blob(blob)
    try:
        plaintext = AESGCM(raw_key).decrypt(iv, ciphertext, None)
    except InvalidTag as exc:
        raise VectorFailure("EncryptionError", "DECRYPTION_FAILED", "authentication failed") from exc
    try:
        return plaintext.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise VectorFailure("EncryptionError", "INVALID_PLAINTEXT", "not UTF-8") from exc


def _split_url(link: str) -> tuple[str, str, str]:
    """P-LINK-3..5: returns (origin, id, fragment)."""
    if not isinstance(link, str):
        raise _validation("INVALID_LINK", "not a string")
    parts = urlsplit(link)
    scheme = parts.scheme.lower()
    if scheme not in ("http", "https") or not parts.netloc:
        raise _validation("INVALID_LINK", "not an absolute http(s) URL")
    if parts.username is not None or parts.password is not None:
        raise _validation("INVALID_LINK", "credentials in URL")
    host = parts.hostname or ""
    if ":" in host:
        host = f"[{host}]"
    port = parts.port
    origin = f"{scheme}://{host}" + ("" if port is None or port == {"http": 80, "https": 443}[scheme] else f":{port}")
    match = _PATH.fullmatch(parts.path)
    if match is None or _ID.fullmatch(match.group(1)) is None:
        raise _validation("INVALID_LINK", "path is not /secret/<22-char id>")
    return origin, match.group(1), parts.fragment


def parse_link(link: str) -> dict[str, str]:
    origin, secret_id, fragment = _split_url(link)
    if fragment == "":
        raise _validation("INVALID_LINK", "no key fragment")
    parse_key(fragment)
    return {"origin": origin, "id": secret_id, "key": fragment}


def parse_split(url: str, key: str) -> dict[str, str]:
    origin, secret_id, fragment = _split_url(url)
    if fragment != "":
        raise _validation("INVALID_LINK", "split URL carries a fragment")
    parse_key(key)
    return {"origin": origin, "id": secret_id, "key": key}


def blob_length(plaintext_bytes: int) -> int:
    """P-SIZE-1, computed from the formula, not from any implementation."""
    b = lambda n: math.ceil(4 * n / 3)  # noqa: E731
    return b(25 + b(12) + b(plaintext_bytes + 16))


def max_plaintext(limit: int) -> int:
    """P-SIZE-2 by linear scan from the estimate: slow but obviously right."""
    n = 0
    while blob_length(n + 1) <= limit:
        n += 1
    return n


def claim_of(key: str) -> tuple[str, str]:
    """P-CLAIM-1..2: the token is HKDF-SHA256 of the key bytes (empty salt, info zephr/v1/claim,
    32 bytes); the claim hash is SHA-256 of the token bytes. Both as base64url."""
    raw = parse_key(key)
    token = HKDF(algorithm=hashes.SHA256(), length=32, salt=b"", info=b"zephr/v1/claim").derive(raw)
    digest = hashes.Hash(hashes.SHA256())
    digest.update(token)
    return b64url_encode(token), b64url_encode(digest.finalize())


def is_claim(text: str) -> bool:
    """P-CLAIM-3: exactly the canonical base64url of 32 bytes."""
    if not isinstance(text, str) or len(text) != 43:
        return False
    try:
        return len(b64url_decode(text)) == 32
    except VectorFailure:
        return False


def check_claim(v: dict[str, Any]) -> None:
    token, claim_hash = claim_of(v["key_string"])
    _assert_eq(parse_key(v["key_string"]).hex(), v["key_hex"])
    _assert_eq(token, v["token"])
    _assert_eq(b64url_decode(token).hex(), v["token_hex"])
    _assert_eq(claim_hash, v["claim_hash"])
    _assert_eq(b64url_decode(claim_hash).hex(), v["claim_hash_hex"])
    assert is_claim(token) and is_claim(claim_hash), "token and hash are well-formed claims"


def parse_request_key(text: str) -> bytes:
    """P-REQ-2: r1. and the canonical base64url of an uncompressed point (curve checked at use)."""
    if not isinstance(text, str) or not text.startswith("r1.") or len(text) != 90:
        raise _validation("INVALID_REQUEST_KEY", "not r1. followed by 87 base64url characters")
    try:
        point = b64url_decode(text[3:])
    except VectorFailure as exc:
        raise _validation("INVALID_REQUEST_KEY", "not canonical base64url") from exc
    if len(point) != 65 or point[0] != 0x04:
        raise _validation("INVALID_REQUEST_KEY", "not an uncompressed point")
    return point


def _public_point(text: str) -> ec.EllipticCurvePublicKey:
    try:
        return ec.EllipticCurvePublicKey.from_encoded_point(ec.SECP256R1(), parse_request_key(text))
    except ValueError as exc:
        raise _validation("INVALID_REQUEST_KEY", "not a point on P-256") from exc


def parse_request_private_key(text: str) -> ec.EllipticCurvePrivateKey:
    """P-REQ-4: r1p. and the base64url of a scalar 1 <= d < n."""
    if not isinstance(text, str) or not text.startswith("r1p.") or len(text) != 47:
        raise _validation("INVALID_REQUEST_KEY", "not r1p. followed by 43 base64url characters")
    try:
        d = int.from_bytes(b64url_decode(text[4:]), "big")
    except VectorFailure as exc:
        raise _validation("INVALID_REQUEST_KEY", "not canonical base64url") from exc
    if not 1 <= d < _P256_ORDER:
        raise _validation("INVALID_REQUEST_KEY", "not a P-256 scalar")
    return ec.derive_private_key(d, ec.SECP256R1())


def parse_request_link(link: str) -> dict[str, str]:
    """P-REQ-3: <origin>/request/<id>#r1.<point>."""
    if not isinstance(link, str):
        raise _validation("INVALID_REQUEST_LINK", "not a string")
    parts = urlsplit(link)
    if parts.scheme not in ("http", "https") or not parts.netloc or "@" in parts.netloc:
        raise _validation("INVALID_REQUEST_LINK", "not an http(s) URL without credentials")
    match = _REQUEST_PATH.fullmatch(parts.path)
    if match is None or _ID.fullmatch(match.group(1)) is None:
        raise _validation("INVALID_REQUEST_LINK", "path is not /request/<22-character id>")
    if parts.fragment == "":
        raise _validation("INVALID_REQUEST_LINK", "no request key after #")
    parse_request_key(parts.fragment)
    return {"origin": f"{parts.scheme}://{parts.netloc.lower()}", "id": match.group(1), "publicKey": parts.fragment}


def _uncompressed(key: ec.EllipticCurvePublicKey) -> bytes:
    from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

    return key.public_bytes(Encoding.X962, PublicFormat.UncompressedPoint)


def request_aes_key(shared: bytes, epk: bytes, request_key: bytes) -> bytes:
    """P-REQ-5: HKDF-SHA256(Z, salt = E || R, info zephr/v1/request, 32)."""
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=epk + request_key, info=b"zephr/v1/request").derive(shared)


def decode_request_blob(blob: str) -> tuple[bytes, bytes, bytes]:
    """P-REQ-6: exactly epk, iv and ciphertext; epk an uncompressed point."""
    outer = b64url_decode(blob)
    try:
        parsed = json.loads(outer.decode("utf-8"))
    except (UnicodeDecodeError, ValueError) as exc:
        raise _validation("INVALID_BLOB", "not UTF-8 JSON") from exc
    if not isinstance(parsed, dict) or set(parsed) != {"epk", "iv", "ciphertext"}:
        raise _validation("INVALID_BLOB", "not an object with exactly epk, iv and ciphertext")
    if not all(isinstance(parsed[k], str) for k in ("epk", "iv", "ciphertext")):
        raise _validation("INVALID_BLOB", "members must be strings")
    epk, iv, ciphertext = (b64url_decode(parsed[k]) for k in ("epk", "iv", "ciphertext"))
    if len(epk) != 65 or epk[0] != 0x04:
        raise _validation("INVALID_BLOB", "epk is not an uncompressed point")
    if len(iv) != 12:
        raise _validation("INVALID_IV", f"iv is {len(iv)} bytes")
    if len(ciphertext) < 17:
        raise _validation("INVALID_CIPHERTEXT", f"ciphertext is {len(ciphertext)} bytes")
    return epk, iv, ciphertext


def open_request(blob: str, private_key: str) -> str:
    """P-REQ-7."""
    d = parse_request_private_key(private_key)
    epk, iv, ciphertext = decode_request_blob(blob)
    try:
        sender = ec.EllipticCurvePublicKey.from_encoded_point(ec.SECP256R1(), epk)
        shared = d.exchange(ec.ECDH(), sender)
        plaintext = AESGCM(request_aes_key(shared, epk, _uncompressed(d.public_key()))).decrypt(iv, ciphertext, None)
    except (ValueError, InvalidTag) as exc:
        raise VectorFailure("EncryptionError", "DECRYPTION_FAILED", "cannot open") from exc
    try:
        return plaintext.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise VectorFailure("EncryptionError", "INVALID_PLAINTEXT", "not UTF-8") from exc


def seal_request(plaintext: str, request_key: str, e: int, iv: bytes) -> str:
    """P-REQ-5..6 with the ephemeral scalar and the IV given."""
    recipient = _public_point(request_key)
    eph = ec.derive_private_key(e, ec.SECP256R1())
    epk = _uncompressed(eph.public_key())
    key = request_aes_key(eph.exchange(ec.ECDH(), recipient), epk, parse_request_key(request_key))
    ciphertext = AESGCM(key).encrypt(iv, plaintext.encode("utf-8"), None)
    text = '{"epk":"' + b64url_encode(epk) + '","iv":"' + b64url_encode(iv) + '","ciphertext":"' + b64url_encode(ciphertext) + '"}'
    return b64url_encode(text.encode("utf-8"))


def check_request(v: dict[str, Any]) -> None:
    d = int(v["requester_d_hex"], 16)
    requester = ec.derive_private_key(d, ec.SECP256R1())
    _assert_eq(_uncompressed(requester.public_key()).hex(), v["requester_public_hex"])
    _assert_eq("r1." + b64url_encode(bytes.fromhex(v["requester_public_hex"])), v["request_key"])
    _assert_eq("r1p." + b64url_encode(bytes.fromhex(v["requester_d_hex"])), v["request_private_key"])
    eph = ec.derive_private_key(int(v["ephemeral_e_hex"], 16), ec.SECP256R1())
    epk = _uncompressed(eph.public_key())
    _assert_eq(epk.hex(), v["ephemeral_public_hex"])
    shared = eph.exchange(ec.ECDH(), requester.public_key())
    _assert_eq(shared.hex(), v["shared_secret_hex"])
    _assert_eq(requester.exchange(ec.ECDH(), eph.public_key()).hex(), v["shared_secret_hex"])
    _assert_eq((epk + bytes.fromhex(v["requester_public_hex"])).hex(), v["hkdf_salt_hex"])
    _assert_eq(request_aes_key(shared, epk, bytes.fromhex(v["requester_public_hex"])).hex(), v["aes_key_hex"])
    blob = seal_request(v["plaintext"], v["request_key"], int(v["ephemeral_e_hex"], 16), bytes.fromhex(v["iv_hex"]))
    _assert_eq(blob, v["blob"])
    _assert_eq(b64url_decode(blob).decode("utf-8"), v["blob_json"])
    _assert_eq(decode_request_blob(blob)[2].hex(), v["ciphertext_hex"])
    n = len(v["plaintext"].encode("utf-8"))
    b = lambda k: math.ceil(4 * k / 3)  # noqa: E731
    _assert_eq(len(blob), b(34 + 87 + 16 + b(n + 16)))
    _assert_eq(open_request(v["blob"], v["request_private_key"]), v["plaintext"])
    token = HKDF(algorithm=hashes.SHA256(), length=32, salt=b"", info=b"zephr/v1/request-claim").derive(bytes.fromhex(v["requester_d_hex"]))
    digest = hashes.Hash(hashes.SHA256())
    digest.update(token)
    _assert_eq(b64url_encode(token), v["claim_token"])
    _assert_eq(b64url_encode(digest.finalize()), v["claim_hash"])
    _assert_eq(v["link"], f"{v['origin']}/request/{v['request_id']}#{v['request_key']}")
    _assert_eq(parse_request_link(v["link"]), {"origin": v["origin"], "id": v["request_id"], "publicKey": v["request_key"]})


def load(name: str) -> dict[str, Any]:
    with open(VECTORS / name, encoding="utf-8") as f:
        data: dict[str, Any] = json.load(f)
    return data


def check_encrypt(v: dict[str, Any]) -> None:
    key, iv = bytes.fromhex(v["key_hex"]), bytes.fromhex(v["iv_hex"])
    plaintext = v["plaintext"].encode("utf-8")
    assert plaintext.hex() == v["plaintext_hex"] and len(plaintext) == v["plaintext_bytes"]
    ciphertext = AESGCM(key).encrypt(iv, plaintext, None)
    assert ciphertext.hex() == v["ciphertext_hex"], "ciphertext||tag"
    assert ciphertext[-16:].hex() == v["tag_hex"], "tag"
    blob_json = '{"iv":"' + b64url_encode(iv) + '","ciphertext":"' + b64url_encode(ciphertext) + '"}'
    assert blob_json == v["blob_json"], "blob JSON"
    assert b64url_encode(blob_json.encode("utf-8")) == v["blob"], "blob"
    assert len(v["blob"]) == v["blob_length"] == blob_length(len(plaintext)), "blob length"
    assert "v1." + b64url_encode(key) == v["key_string"], "key string"
    assert decrypt(v["blob"], v["key_string"]) == v["plaintext"], "decrypt"
    secret_id = b64url_encode(bytes.fromhex(v["secret_id_hex"]))
    assert secret_id == v["secret_id"] and len(secret_id) == 22, "secret id"
    assert v["split"]["url"] == f"{v['origin']}/secret/{secret_id}", "split url"
    assert v["split"]["key"] == v["key_string"]
    assert v["link"] == f"{v['split']['url']}#{v['key_string']}", "link"
    expected = {"origin": v["origin"], "id": secret_id, "key": v["key_string"]}
    assert parse_link(v["link"]) == expected
    assert parse_split(v["split"]["url"], v["split"]["key"]) == expected


def run_negative(v: dict[str, Any]) -> VectorFailure:
    op, i = v["operation"], v["input"]
    try:
        if op == "decrypt":
            decrypt(i["blob"], i["key"])
        elif op == "parse_key":
            parse_key(i["key"])
        elif op == "parse_link":
            parse_link(i["link"])
        elif op == "parse_split":
            parse_split(i["url"], i["key"])
        elif op == "decode_base64url":
            b64url_decode(i["text"])
        elif op == "open_request":
            open_request(i["blob"], i["private_key"])
        elif op == "parse_request_link":
            parse_request_link(i["link"])
        elif op == "seal_request":
            seal_request(i["plaintext"], i["request_key"], 2, bytes(12))
        else:
            raise AssertionError(f"unknown operation {op}")
    except VectorFailure as failure:
        return failure
    raise AssertionError(f"{v['name']}: {op} did not fail")


def check_negative(v: dict[str, Any]) -> None:
    failure = run_negative(v)
    got = (failure.error, failure.code)
    want = (v["expect"]["error"], v["expect"]["code"])
    assert got == want, f"{v['name']}: raised {got}, vector expects {want} ({failure})"


def all_checks() -> list[tuple[str, Any]]:
    """Every check as (name, zero-argument callable)."""
    checks: list[tuple[str, Any]] = []
    for v in load("encrypt.json")["vectors"]:
        checks.append((f"encrypt/{v['name']}", lambda v=v: check_encrypt(v)))
    for v in load("decrypt-invalid.json")["vectors"]:
        checks.append((f"decrypt-invalid/{v['name']}", lambda v=v: check_negative(v)))
    keys = load("keys.json")
    for v in keys["valid"]:
        checks.append((f"keys/{v['name']}", lambda v=v: _assert_eq(parse_key(v["key"]).hex(), v["key_hex"])))
    links = load("links.json")
    for v in links["valid"]:
        checks.append((f"links/{v['name']}", lambda v=v: _assert_eq(parse_link(v["link"]), v["expect"])))
    for v in links["split_valid"]:
        checks.append((f"links/{v['name']}", lambda v=v: _assert_eq(parse_split(v["url"], v["key"]), v["expect"])))
    b64 = load("base64url.json")
    for v in b64["valid"]:
        checks.append((f"base64url/{v['name']}", lambda v=v: _assert_b64(v)))
    for group in (keys["invalid"], links["invalid"], links["split_invalid"], b64["invalid"]):
        for v in group:
            checks.append((f"{v['operation']}/{v['name']}", lambda v=v: check_negative(v)))
    sizes = load("sizes.json")
    for v in sizes["blob_length"]:
        checks.append((f"sizes/blob-{v['plaintext_bytes']}", lambda v=v: _assert_eq(blob_length(v["plaintext_bytes"]), v["blob_length"])))
    for v in sizes["max_plaintext"]:
        checks.append((f"sizes/max-{v['blob_limit']}", lambda v=v: _assert_eq(max_plaintext(v["blob_limit"]), v["max_plaintext_bytes"])))
    claims = load("claims.json")
    for v in claims["valid"]:
        checks.append((f"claims/{v['name']}", lambda v=v: check_claim(v)))
    for v in claims["invalid"]:
        checks.append((f"claims/{v['name']}", lambda v=v: _assert_eq(is_claim(v["token"]), False)))
    requests = load("requests.json")
    for v in requests["valid"]:
        checks.append((f"requests/{v['name']}", lambda v=v: check_request(v)))
    for v in requests["invalid"]:
        checks.append((f"requests/{v['name']}", lambda v=v: check_negative(v)))
    return checks


def _assert_eq(got: Any, want: Any) -> None:
    assert got == want, f"got {got!r}, want {want!r}"


def _assert_b64(v: dict[str, Any]) -> None:
    _assert_eq(b64url_encode(bytes.fromhex(v["bytes_hex"])), v["text"])
    _assert_eq(b64url_decode(v["text"]).hex(), v["bytes_hex"])


def main() -> int:
    failed = 0
    checks = all_checks()
    for name, check in checks:
        try:
            check()
        except AssertionError as exc:
            failed += 1
            print(f"FAIL {name}: {exc}")
    print(f"{len(checks) - failed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
