"""Requests through the Python SDK (spec P-REQ-1..7, A-REQ-*): every request vector against the
SDK's own protocol module, and the round trip against a real zephr-server, including a request
made by the JS CLI and answered here, and the other way round."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Callable, Iterator
from typing import Any

import pytest

import zephr
from zephr import ApiError, EncryptionError, ValidationError
from zephr.protocol import _random
from zephr.protocol._request import (
    build_request_link,
    create_request_keys,
    decode_request_blob,
    open_request_blob,
    parse_request_link,
    request_claim,
    request_public_key,
    seal_for_request,
)

from .support import CLI_BIN, VECTORS, LiveServer, node

REQUESTS: dict[str, Any] = json.loads((VECTORS / "requests.json").read_text("utf-8"))
VALID = REQUESTS["valid"]
INVALID = REQUESTS["invalid"]

OPERATIONS: dict[str, Callable[[dict[str, str]], object]] = {
    "open_request": lambda i: open_request_blob(i["blob"], i["private_key"]),
    "parse_request_link": lambda i: parse_request_link(i["link"]),
    "seal_request": lambda i: seal_for_request(i["plaintext"], i["request_key"]),
    "parse_link": lambda i: zephr.protocol.parse_link(i["link"]),
}
CLASSES = {"ValidationError": ValidationError, "EncryptionError": EncryptionError}


@pytest.fixture
def draws() -> Iterator[Callable[..., None]]:
    def use(*values: bytes) -> None:
        queue = list(values)
        _random._test_only_use_random_source(lambda n: queue.pop(0))

    yield use
    _random._test_only_use_random_source(None)


@pytest.mark.parametrize("v", VALID, ids=[v["name"] for v in VALID])
def test_request_vector_through_the_random_seam(v: dict[str, Any], draws: Callable[..., None]) -> None:
    draws(bytes.fromhex(v["requester_d_hex"]), bytes.fromhex(v["ephemeral_e_hex"]), bytes.fromhex(v["iv_hex"]))
    keys = create_request_keys()
    assert tuple(keys) == (v["request_private_key"], v["request_key"])
    assert seal_for_request(v["plaintext"], v["request_key"]) == v["blob"]


@pytest.mark.parametrize("v", VALID, ids=[v["name"] for v in VALID])
def test_request_vector_intermediates_and_opening(v: dict[str, Any]) -> None:
    epk, iv, ciphertext = decode_request_blob(v["blob"])
    assert (epk.hex(), iv.hex(), ciphertext.hex()) == (v["ephemeral_public_hex"], v["iv_hex"], v["ciphertext_hex"])
    assert request_public_key(v["request_private_key"]) == v["request_key"]
    claim = request_claim(v["request_private_key"])
    assert (claim.token, claim.hash) == (v["claim_token"], v["claim_hash"])
    assert build_request_link(v["origin"], v["request_id"], v["request_key"]) == v["link"]
    assert tuple(parse_request_link(v["link"])) == (v["origin"], v["request_id"], v["request_key"])
    assert open_request_blob(v["blob"], v["request_private_key"]) == v["plaintext"]


@pytest.mark.parametrize("v", INVALID, ids=[v["name"] for v in INVALID])
def test_request_negative_vector(v: dict[str, Any]) -> None:
    with pytest.raises(CLASSES[v["expect"]["error"]]) as caught:
        OPERATIONS[v["operation"]](v["input"])
    assert caught.value.code == v["expect"]["code"]


def test_request_round_trip_with_a_long_poll(server: LiveServer) -> None:
    asked = zephr.create_request(base_url=server.url, hint="prod db")
    assert "r1p." not in repr(asked), "the private key is hidden in repr"
    assert repr(asked).count("<redacted") == 1
    assert json.loads(json.dumps(asked))["link"] == asked.link
    info = zephr.request_info(asked.link)
    assert (info.hint, info.expires_at) == ("prod db", asked.expires_at)
    assert zephr.receive_request(asked).status == "pending"
    timer = threading.Timer(0.5, lambda: zephr.fulfill_request(asked.link, "pässwörd ✓"))
    started = time.monotonic()
    timer.start()
    got = zephr.receive_request(asked, wait=20)
    timer.join()
    assert (got.status, got.secret, got.hint) == ("received", "pässwörd ✓", "prod db")
    assert time.monotonic() - started < 15, "the wait ended when the secret arrived"
    with pytest.raises(ApiError) as again:
        zephr.receive_request(asked)
    assert again.value.code == "SECRET_ALREADY_CONSUMED"
    with pytest.raises(ApiError) as twice:
        zephr.fulfill_request(asked.link, "second")
    assert twice.value.code == "REQUEST_FULFILLED"


def test_cancel_and_bad_input(server: LiveServer) -> None:
    asked = zephr.create_request(base_url=server.url)
    zephr.cancel_request(asked)
    with pytest.raises(ApiError) as cancelled:
        zephr.fulfill_request(asked.link, "too late")
    assert cancelled.value.code == "REQUEST_CANCELLED"
    with pytest.raises(ValidationError) as wrong:
        zephr.fulfill_request(f"{server.url}/secret/AAAAAAAAAAAAAAAAAAAAAA#v1.{'A' * 43}", "x")
    assert wrong.value.code == "INVALID_REQUEST_LINK"
    with pytest.raises(ValidationError):
        zephr.receive_request({"link": asked.link})


def test_the_js_cli_and_the_python_sdk_answer_each_other(server: LiveServer, tmp_path: Any) -> None:
    env = {"ZEPHR_URL": server.url, "XDG_CONFIG_HOME": str(tmp_path)}
    made = node(str(CLI_BIN), "request", "--no-wait", "--json", env=env)
    assert made.returncode == 0, made.stderr
    link = json.loads(made.stdout)["link"]
    zephr.fulfill_request(link, "python to cli")
    got = node(str(CLI_BIN), "request", "receive", link, env=env)
    assert got.returncode == 0, got.stderr
    assert got.stdout == "python to cli"

    asked = zephr.create_request(base_url=server.url)
    sent = node(str(CLI_BIN), "fulfill", asked.link, env=env, stdin="cli to python\n")
    assert sent.returncode == 0, sent.stderr
    assert zephr.receive_request(asked, wait=5).secret == "cli to python"
