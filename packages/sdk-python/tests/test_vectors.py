"""Every vector in protocol/vectors/v1 (the files the JS side reads; no copies) against the SDK's
protocol module."""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator
from typing import Any

import pytest

import zephr
from zephr import protocol
from zephr.protocol import _random, _rules

from .support import VECTORS


def load(name: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((VECTORS / name).read_text("utf-8"))
    return data


def ids(vectors: list[dict[str, Any]]) -> list[str]:
    return [v["name"] for v in vectors]


ENCRYPT = load("encrypt.json")["vectors"]
DECRYPT_INVALID = load("decrypt-invalid.json")["vectors"]
KEYS = load("keys.json")
LINKS = load("links.json")
B64 = load("base64url.json")
SIZES = load("sizes.json")
CLAIMS = load("claims.json")

OPERATIONS: dict[str, Callable[[dict[str, Any]], object]] = {
    "decrypt": lambda i: protocol.decrypt_secret(i["blob"], i["key"]),
    "parse_key": lambda i: protocol.parse_key(i["key"]),
    "parse_link": lambda i: protocol.parse_link(i["link"]),
    "parse_split": lambda i: protocol.parse_split_link(i["url"], i["key"]),
    "decode_base64url": lambda i: protocol.decode_base64url(i["text"]),
}


@pytest.fixture
def fixed_random() -> Iterator[Callable[[bytes, bytes], None]]:
    def use(key: bytes, iv: bytes) -> None:
        queue = [key, iv]
        _random._test_only_use_random_source(lambda n: queue.pop(0))

    yield use
    _random._test_only_use_random_source(None)


@pytest.mark.parametrize("v", ENCRYPT, ids=ids(ENCRYPT))
def test_encrypt_vector(v: dict[str, Any], fixed_random: Callable[[bytes, bytes], None]) -> None:
    fixed_random(bytes.fromhex(v["key_hex"]), bytes.fromhex(v["iv_hex"]))
    sealed = protocol.encrypt_secret(v["plaintext"])
    assert sealed.key == v["key_string"]
    assert sealed.blob == v["blob"]
    assert len(sealed.blob) == v["blob_length"] == protocol.blob_length(v["plaintext_bytes"])
    parts = protocol.decode_blob(sealed.blob)
    assert parts.ciphertext.hex() == v["ciphertext_hex"]
    assert parts.ciphertext[-16:].hex() == v["tag_hex"]
    assert protocol.blob_json(parts) == v["blob_json"]
    assert v["plaintext"].encode().hex() == v["plaintext_hex"]
    assert protocol.encode_base64url(bytes.fromhex(v["secret_id_hex"])) == v["secret_id"]
    assert protocol.build_link(v["origin"], v["secret_id"], sealed.key) == v["link"]
    assert protocol.build_secret_url(v["origin"], v["secret_id"]) == v["split"]["url"]
    assert protocol.decrypt_secret(v["blob"], v["key_string"]) == v["plaintext"]
    assert protocol.parse_link(v["link"]) == (v["origin"], v["secret_id"], v["key_string"])


@pytest.mark.parametrize("v", DECRYPT_INVALID, ids=ids(DECRYPT_INVALID))
def test_decrypt_invalid_vector(v: dict[str, Any]) -> None:
    expect_failure(v)


def expect_failure(v: dict[str, Any]) -> None:
    error_class = getattr(zephr, v["expect"]["error"])
    with pytest.raises(error_class) as caught:
        OPERATIONS[v["operation"]](v["input"])
    assert caught.value.code == v["expect"]["code"], str(caught.value)


@pytest.mark.parametrize("v", KEYS["valid"], ids=ids(KEYS["valid"]))
def test_valid_key(v: dict[str, Any]) -> None:
    assert protocol.parse_key(v["key"]).hex() == v["key_hex"]
    assert protocol.format_key(bytes.fromhex(v["key_hex"])) == v["key"]
    assert protocol.key_problem(v["key"]) is None


@pytest.mark.parametrize("v", KEYS["invalid"], ids=ids(KEYS["invalid"]))
def test_invalid_key(v: dict[str, Any]) -> None:
    expect_failure(v)
    assert protocol.key_problem(v["input"]["key"]) is not None


@pytest.mark.parametrize("v", LINKS["valid"], ids=ids(LINKS["valid"]))
def test_valid_link(v: dict[str, Any]) -> None:
    assert protocol.parse_link(v["link"])._asdict() == v["expect"]


@pytest.mark.parametrize("v", LINKS["split_valid"], ids=ids(LINKS["split_valid"]))
def test_valid_split_link(v: dict[str, Any]) -> None:
    assert protocol.parse_split_link(v["url"], v["key"])._asdict() == v["expect"]


@pytest.mark.parametrize(
    "v", LINKS["invalid"] + LINKS["split_invalid"], ids=ids(LINKS["invalid"] + LINKS["split_invalid"])
)
def test_invalid_link(v: dict[str, Any]) -> None:
    expect_failure(v)


@pytest.mark.parametrize("v", B64["valid"], ids=ids(B64["valid"]))
def test_valid_base64url(v: dict[str, Any]) -> None:
    assert protocol.encode_base64url(bytes.fromhex(v["bytes_hex"])) == v["text"]
    assert protocol.decode_base64url(v["text"]).hex() == v["bytes_hex"]


@pytest.mark.parametrize("v", B64["invalid"], ids=ids(B64["invalid"]))
def test_invalid_base64url(v: dict[str, Any]) -> None:
    expect_failure(v)


@pytest.mark.parametrize("v", SIZES["blob_length"], ids=lambda v: f"blob-{v['plaintext_bytes']}")
def test_blob_length(v: dict[str, Any]) -> None:
    assert protocol.blob_length(v["plaintext_bytes"]) == v["blob_length"]


@pytest.mark.parametrize("v", SIZES["max_plaintext"], ids=lambda v: f"limit-{v['blob_limit']}")
def test_max_plaintext(v: dict[str, Any]) -> None:
    assert protocol.max_plaintext_bytes(v["blob_limit"]) == v["max_plaintext_bytes"]


@pytest.mark.parametrize("v", CLAIMS["valid"], ids=ids(CLAIMS["valid"]))
def test_claim_vector(v: dict[str, Any]) -> None:
    claim = protocol.claim_for_key(v["key_string"])
    assert (claim.token, claim.hash) == (v["token"], v["claim_hash"])
    assert protocol.decode_base64url(v["token"]).hex() == v["token_hex"]
    assert protocol.decode_base64url(v["claim_hash"]).hex() == v["claim_hash_hex"]
    assert re.fullmatch(_rules.CLAIM_PATTERN, v["token"])


@pytest.mark.parametrize("v", CLAIMS["invalid"], ids=ids(CLAIMS["invalid"]))
def test_not_a_claim(v: dict[str, Any]) -> None:
    assert re.fullmatch(_rules.CLAIM_PATTERN, v["token"]) is None


def test_every_vector_file_is_read() -> None:
    """Every vector file must have its test (requests.json: test_requests.py): unread vectors are false comfort."""
    assert sorted(p.name for p in VECTORS.glob("*.json")) == [
        "base64url.json",
        "claims.json",
        "decrypt-invalid.json",
        "encrypt.json",
        "keys.json",
        "links.json",
        "requests.json",
        "sizes.json",
    ]


def test_random_keys_and_ivs_are_fresh() -> None:
    a, b = protocol.encrypt_secret("same"), protocol.encrypt_secret("same")
    assert a.key != b.key
    assert protocol.decode_blob(a.blob).iv != protocol.decode_blob(b.blob).iv
