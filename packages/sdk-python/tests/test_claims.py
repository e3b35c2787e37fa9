"""Claims through the Python SDK against a real zephr-server (spec P-CLAIM-4, A-CLAIM-*): bound to
the key by default, a wrong key consumes nothing, peek and burn, a lost claim answer retried with
the same Idempotency-Key, and the published-client path (claim=False, plain GET)."""

from __future__ import annotations

import urllib.error
import urllib.request

import pytest

import zephr
from zephr import ApiError, ValidationError

from .support import LiveServer, http_server, lossy_proxy


def _wrong(link: str) -> str:
    return link.split("#")[0] + "#v1." + "A" * 43


def _get_status(url: str) -> int:
    try:
        with urllib.request.urlopen(url, timeout=5) as answer:
            return int(answer.status)
    except urllib.error.HTTPError as refusal:
        return refusal.code


def test_claimed_by_default_so_a_plain_get_burns_nothing(server: LiveServer) -> None:
    link = zephr.create_secret("bound", base_url=server.url)
    assert _get_status(f"{server.url}/api/secrets/{link.secret_id}") == 404
    assert zephr.retrieve_secret(link).plaintext == "bound"


def test_a_wrong_key_is_not_found_and_leaves_the_secret(server: LiveServer) -> None:
    link = zephr.create_secret("still here", base_url=server.url)
    for _ in range(3):
        with pytest.raises(ApiError) as caught:
            zephr.retrieve_secret(_wrong(link.full_link))
        assert (caught.value.status_code, caught.value.code) == (404, "SECRET_NOT_FOUND")
    assert zephr.retrieve_secret(link.full_link).plaintext == "still here"
    split = zephr.create_secret("split", base_url=server.url, split=True)
    with pytest.raises(ApiError):
        zephr.retrieve_secret({"url": split.url, "key": "v1." + "B" * 42 + "A"})
    assert zephr.retrieve_secret(split).plaintext == "split"


def test_peek_then_burn(server: LiveServer) -> None:
    link = zephr.create_secret("peek then burn", base_url=server.url, hint="DB")
    info = zephr.peek_secret(link.full_link)
    assert info.hint == "DB"
    assert info["expires_at"] == link.expires_at
    assert dict(zephr.peek_secret(link.full_link)) == dict(info), "peeking again changes nothing"
    with pytest.raises(ApiError) as stranger:
        zephr.burn_secret(_wrong(link.full_link))
    assert stranger.value.code == "SECRET_NOT_FOUND"
    zephr.burn_secret(link.full_link)
    zephr.burn_secret(link.full_link)
    with pytest.raises(ApiError) as burned:
        zephr.retrieve_secret(link.full_link)
    assert (burned.value.status_code, burned.value.code) == (410, "SECRET_BURNED")
    read = zephr.create_secret("read", base_url=server.url)
    zephr.retrieve_secret(read)
    with pytest.raises(ApiError) as late:
        zephr.burn_secret(read)
    assert late.value.code == "SECRET_ALREADY_CONSUMED"


def test_a_lost_claim_answer_is_retried_with_the_same_key(server: LiveServer) -> None:
    link = zephr.create_secret("lost answer", base_url=server.url)
    seen: list[dict[str, str]] = []
    with http_server(lossy_proxy(server.url, 1, seen)) as proxy:
        assert zephr.retrieve_secret(link, base_url=proxy).plaintext == "lost answer"
    assert len(seen) == 2
    assert seen[0]["idempotency-key"]
    assert seen[1]["idempotency-key"] == seen[0]["idempotency-key"]
    with pytest.raises(ApiError) as fresh:
        zephr.retrieve_secret(link)
    assert fresh.value.code == "SECRET_ALREADY_CONSUMED"


def test_claim_false_is_for_the_published_clients(server: LiveServer) -> None:
    link = zephr.create_secret("old client", base_url=server.url, claim=False)
    assert _get_status(f"{server.url}/api/secrets/{link.secret_id}") == 200


def test_claim_must_be_a_boolean() -> None:
    with pytest.raises(ValidationError):
        zephr.create_secret("x", base_url="http://127.0.0.1:9", claim="yes")  # type: ignore[call-overload]
