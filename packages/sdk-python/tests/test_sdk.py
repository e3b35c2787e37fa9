"""The SDK against a real zephr-server process over loopback: round trips in both modes, every
error class and code, key validation before consume, idempotent retry, timeouts, bad answers."""

from __future__ import annotations

import json
import re
import time
from datetime import datetime, timezone
from typing import Any

import pytest

import zephr
from zephr import ApiError, EncryptionError, NetworkError, ValidationError

from .support import LiveServer, fixed, http_server, lossy_proxy, silent_server

NOWHERE = "http://127.0.0.1:9"  # nothing listens: any request would be a NetworkError
FAKE_LINK = "/secret/AAAAAAAAAAAAAAAAAAAAAA#v1." + "A" * 43


def test_standard_round_trip_with_hint(server: LiveServer) -> None:
    text = "sk-live-abc123 🔑 密码"
    link = zephr.create_secret(text, base_url=server.url, hint="STRIPE_KEY")
    assert link.mode == "standard"
    assert link["mode"] == "standard"
    assert re.fullmatch(re.escape(server.url) + r"/secret/[A-Za-z0-9_-]{22}#v1\.[A-Za-z0-9_-]{43}", link.full_link)
    assert link["full_link"] == link.full_link
    assert link.full_link.split("/secret/")[1][:22] == link.secret_id == link["secret_id"]
    assert set(link) == {"mode", "full_link", "expires_at", "secret_id"}
    expires = datetime.fromisoformat(link.expires_at.replace("Z", "+00:00"))
    assert 3500 < (expires - datetime.now(timezone.utc)).total_seconds() <= 3600

    got = zephr.retrieve_secret(link["full_link"])
    assert got.plaintext == got["plaintext"] == text
    assert got.hint == got["hint"] == "STRIPE_KEY"
    assert got.purge_at is not None
    assert got.purge_at > link.expires_at
    assert dict(got) == {"plaintext": text, "hint": "STRIPE_KEY", "purge_at": got.purge_at}


def test_split_round_trip(server: LiveServer) -> None:
    link = zephr.create_secret("db-password", base_url=server.url, split=True)
    assert link.mode == "split"
    assert "#" not in link.url
    assert link["url"] == link.url
    assert re.fullmatch(r"v1\.[A-Za-z0-9_-]{43}", link["key"])
    assert set(link) == {"mode", "url", "key", "expires_at", "secret_id"}
    got = zephr.retrieve_secret({"url": link["url"], "key": link["key"]})
    assert got.plaintext == "db-password"
    assert got.hint is None
    assert got["hint"] is None


def test_results_can_be_passed_back_and_hide_secrets_in_repr(server: LiveServer) -> None:
    standard = zephr.create_secret("repr-proof", base_url=server.url)
    split = zephr.create_secret("repr-proof-2", base_url=server.url, split=True)
    key = standard.full_link.split("#")[1]
    assert key not in repr(standard)
    assert "redacted" in repr(standard)
    assert split.key not in repr(split)
    got = zephr.retrieve_secret(standard)  # a result is a mapping: it can go straight back in
    assert "repr-proof" not in repr(got)
    assert "repr-proof" not in str(got)
    assert got.plaintext == "repr-proof"
    assert zephr.retrieve_secret(split).plaintext == "repr-proof-2"
    assert standard == dict(standard)  # equal to the plain dict the seeds show


def test_results_are_real_dicts(server: LiveServer) -> None:
    """The docs pass results to json.dumps and dict(); they are dicts, not look-alikes."""
    link = zephr.create_secret("dict-proof", base_url=server.url, hint="H")
    assert isinstance(link, dict)
    assert json.loads(json.dumps(link)) == {
        "mode": "standard",
        "full_link": link.full_link,
        "expires_at": link.expires_at,
        "secret_id": link.secret_id,
    }
    assert list(link) == ["mode", "full_link", "expires_at", "secret_id"]
    info = zephr.peek_secret(link)
    assert isinstance(info, dict)
    assert json.loads(json.dumps(info))["hint"] == "H"
    got = zephr.retrieve_secret(link)
    assert json.loads(json.dumps(got)) == {"plaintext": "dict-proof", "hint": "H", "purge_at": got.purge_at}
    assert got["plaintext"] == got.plaintext
    with pytest.raises(AttributeError):
        got.plaintext = "changed"
    with pytest.raises(AttributeError):
        _ = got.nothing


def test_second_read_is_410_and_unknown_ids_404(server: LiveServer) -> None:
    link = zephr.create_secret("once", base_url=server.url).full_link
    zephr.retrieve_secret(link)
    with pytest.raises(ApiError) as consumed:
        zephr.retrieve_secret(link)
    assert (consumed.value.status_code, consumed.value.code) == (410, "SECRET_ALREADY_CONSUMED")
    with pytest.raises(ApiError) as missing:
        zephr.retrieve_secret(server.url + FAKE_LINK)
    assert (missing.value.status_code, missing.value.code) == (404, "SECRET_NOT_FOUND")


def test_mistyped_key_fails_locally_and_the_secret_survives(server: LiveServer) -> None:
    link = zephr.create_secret("survivor", base_url=server.url).full_link
    with pytest.raises(ValidationError) as truncated:
        zephr.retrieve_secret(link[:-1])
    assert truncated.value.code == "INVALID_KEY"
    with pytest.raises(ValidationError) as keyless:
        zephr.retrieve_secret(link.split("#")[0])
    assert keyless.value.code == "INVALID_LINK"
    with pytest.raises(ValidationError) as bad_split:
        zephr.retrieve_secret({"url": link.split("#")[0], "key": "v1.short"})
    assert bad_split.value.code == "INVALID_KEY"
    assert zephr.retrieve_secret(f"  {link}\n").plaintext == "survivor"  # whitespace from a paste


def test_wrong_key_is_encryption_error_after_consume_without_a_claim(server: LiveServer) -> None:
    link = zephr.create_secret("secret", base_url=server.url, claim=False).full_link
    wrong = link.split("#")[0] + "#v1." + "A" * 43
    with pytest.raises(EncryptionError) as caught:
        zephr.retrieve_secret(wrong)
    assert caught.value.code == "DECRYPTION_FAILED"
    assert "already destroyed" in str(caught.value)
    with pytest.raises(ApiError) as gone:
        zephr.retrieve_secret(link)
    assert gone.value.status_code == 410


BAD_INPUTS: list[tuple[Any, dict[str, Any]]] = [
    ("", {}),
    (b"bytes", {}),
    (None, {}),
    ("\ud800", {}),
    ("x", {"expiry": 61}),
    ("x", {"expiry": True}),
    ("x", {"expiry": "60"}),
    ("x", {"expiry_hours": 2}),
    ("x", {"expiry_hours": 60}),
    ("x", {"expiry_hours": True}),
    ("x", {"expiry": 60, "expiry_hours": 1}),
    ("x", {"hint": ""}),
    ("x", {"hint": "é"}),
    ("x", {"hint": "a" * 129}),
    ("x", {"hint": 5}),
    ("x", {"callback_url": "https://e.com/x"}),
    ("x", {"callback_secret": "s"}),
    ("x", {"callback_url": "nope", "callback_secret": "s"}),
    ("x", {"callback_url": "https://e.com/x", "callback_secret": "s" * 257}),
    ("x", {"idempotency_key": "has space"}),
    ("x", {"idempotency_key": "k" * 65}),
    ("x", {"timeout": 0}),
    ("x", {"timeout": -1}),
    ("x", {"timeout": float("nan")}),
    ("x", {"base_url": "ftp://e.com"}),
    ("x", {"base_url": "not a url"}),
    ("x", {"api_key": "has space"}),
]


@pytest.mark.parametrize(
    ("options", "minutes"), [({"expiry_hours": 1}, 60), ({"expiry": 1}, 60), ({"expiry_hours": 24}, 1440), ({}, 60)]
)
def test_legacy_hours_are_hours(server: LiveServer, options: dict[str, Any], minutes: int) -> None:
    """The product docs write ``create_secret("my-credential", expiry_hours=1)``: an hour."""
    key = server.key("free")
    link = zephr.create_secret("my-credential", base_url=server.url, api_key=key, **options)
    expires = datetime.fromisoformat(link.expires_at.replace("Z", "+00:00"))
    left = (expires - datetime.now(expires.tzinfo)).total_seconds()
    assert minutes * 60 - 120 < left <= minutes * 60 + 5


@pytest.mark.parametrize(("secret", "options"), BAD_INPUTS, ids=[repr(o) or repr(s) for s, o in BAD_INPUTS])
def test_inputs_are_validated_before_any_request(secret: Any, options: dict[str, Any]) -> None:
    with pytest.raises(ValidationError) as caught:
        zephr.create_secret(secret, **{"base_url": NOWHERE, **options})
    assert caught.value.code == "INVALID_INPUT"


def test_retrieve_rejects_what_is_not_a_link() -> None:
    for bad in [42, None, {"url": "x"}, ["a"], "hello"]:
        with pytest.raises(ValidationError) as caught:
            zephr.retrieve_secret(bad)  # type: ignore[arg-type]
        assert caught.value.code == "INVALID_LINK"


def test_server_refusals_keep_status_code_and_message(server: LiveServer) -> None:
    with pytest.raises(ApiError) as tier:
        zephr.create_secret("x", base_url=server.url, expiry=1440)
    assert (tier.value.status_code, tier.value.code) == (403, "UPGRADE_REQUIRED")
    with pytest.raises(ApiError) as unknown_key:
        zephr.create_secret("x", base_url=server.url, api_key="zeph_" + "A" * 43)
    assert (unknown_key.value.status_code, unknown_key.value.code) == (401, "INVALID_API_KEY")
    assert unknown_key.value.message
    assert str(unknown_key.value) == unknown_key.value.message
    free = server.key("free")
    link = zephr.create_secret("x", base_url=server.url, api_key=free, expiry=10080)
    expires = datetime.fromisoformat(link.expires_at.replace("Z", "+00:00"))
    assert (expires - datetime.now(timezone.utc)).days >= 6


def test_get_limits_anonymous_and_keyed_and_bad_key(server: LiveServer) -> None:
    anonymous = zephr.get_limits(base_url=server.url)
    assert anonymous["tier"] == "anonymous"
    assert [o["minutes"] for o in anonymous["expiry"]["options"]] == list(zephr.EXPIRIES)
    assert [o["minutes"] for o in anonymous["expiry"]["options"] if o["allowed"]] == [60]
    dev = zephr.get_limits(base_url=server.url, api_key=server.key("dev"))
    assert (dev["tier"], dev["quota"]["period"]) == ("dev", "month")
    with pytest.raises(ApiError) as bad:
        zephr.get_limits(base_url=server.url, api_key="zeph_" + "A" * 43)
    assert (bad.value.status_code, bad.value.code) == (401, "INVALID_API_KEY")


def test_callbacks_need_a_key_upgrade_required_when_anonymous(server: LiveServer) -> None:
    with pytest.raises(ApiError) as caught:
        zephr.create_secret("x", base_url=server.url, callback_url="https://hooks.example/z", callback_secret="s")
    assert (caught.value.status_code, caught.value.code) == (403, "UPGRADE_REQUIRED")


def test_oversize_is_an_api_error_naming_the_limit_and_no_client_cap(server: LiveServer) -> None:
    with pytest.raises(ApiError) as caught:
        zephr.create_secret("a" * 6145, base_url=server.url)
    assert (caught.value.status_code, caught.value.code) == (413, "PAYLOAD_TOO_LARGE")
    assert "6,145 bytes" in str(caught.value)
    assert "6,144 bytes" in str(caught.value)
    big = "b" * 200_000  # far past the seeds' 2,048 bytes: the tier decides, not the client
    link = zephr.create_secret(big, base_url=server.url, api_key=server.key("pro"))
    assert zephr.retrieve_secret(link.full_link).plaintext == big


def test_lost_response_is_retried_once_with_the_same_idempotency_key(server: LiveServer) -> None:
    seen: list[dict[str, str]] = []
    with http_server(lossy_proxy(server.url, 1, seen)) as proxy:
        link = zephr.create_secret("retry me", base_url=proxy)
    assert len(seen) == 2
    key = seen[0]["idempotency-key"]
    assert re.fullmatch(r"[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}", key)
    assert seen[1]["idempotency-key"] == key
    assert seen[0]["user-agent"] == f"zephr-python/{zephr.__version__}"
    assert zephr.retrieve_secret(link.full_link, base_url=server.url).plaintext == "retry me"


def test_caller_idempotency_key_replays_the_same_secret(server: LiveServer) -> None:
    first = zephr.create_secret("one", base_url=server.url, idempotency_key="job-42-attempt")
    again = zephr.create_secret("one", base_url=server.url, idempotency_key="job-42-attempt")
    assert again.secret_id == first.secret_id
    assert zephr.retrieve_secret(first.full_link).plaintext == "one"


def test_retrieval_uses_the_link_origin_and_create_uses_zephr_url(
    server: LiveServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    link = zephr.create_secret("origin", base_url=server.url).full_link
    monkeypatch.setenv("ZEPHR_URL", NOWHERE)
    assert zephr.retrieve_secret(link).plaintext == "origin"
    with pytest.raises(NetworkError):
        zephr.create_secret("x")
    monkeypatch.setenv("ZEPHR_URL", server.url)
    made = zephr.create_secret("via env")
    assert made.full_link.startswith(server.url + "/secret/")
    moved = made.full_link.replace(server.url, NOWHERE)
    assert zephr.retrieve_secret(moved, base_url=server.url).plaintext == "via env"


def test_default_server_is_localhost_8080(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("ZEPHR_URL", raising=False)
    from zephr._options import resolve_base_url

    assert resolve_base_url(None) == "http://localhost:8080"


def test_timeout_is_the_whole_call_budget_retries_included() -> None:
    with silent_server() as (url, count):
        started = time.monotonic()
        with pytest.raises(NetworkError) as caught:
            zephr.create_secret("x", base_url=url, timeout=0.6)
        took = time.monotonic() - started
        assert caught.value.code == "TIMEOUT"
        assert "within 0.6 s" in str(caught.value)
        assert 0.55 <= took < 1.1, f"timeout bounds the call, not each request (took {took:.2f} s)"
        assert count("POST /api/secrets") == 1, "no retry once the budget is spent"
        started = time.monotonic()
        with pytest.raises(NetworkError) as retrieving:
            zephr.retrieve_secret(url + FAKE_LINK, timeout=0.6)
        took = time.monotonic() - started
        assert retrieving.value.code == "TIMEOUT"
        assert 0.55 <= took < 1.1, f"retrieve took {took:.2f} s"
        assert count("POST /api/secrets/AAAAAAAAAAAAAAAAAAAAAA/claim") == 1
        assert count("GET /api/secrets/") == 0, "no unproven GET"


def test_connection_refused_is_network_error() -> None:
    with pytest.raises(NetworkError) as caught:
        zephr.create_secret("x", base_url=NOWHERE)
    assert caught.value.code == "NETWORK_ERROR"
    assert "127.0.0.1:9" in str(caught.value)


def test_bodies_without_the_envelope_say_request_failed() -> None:
    html = fixed(502, b"<html>bad gateway</html>", {"Content-Type": "text/html"})
    with http_server(html) as url, pytest.raises(ApiError) as bad_gateway:
        zephr.create_secret("x", base_url=url)
    assert (bad_gateway.value.status_code, bad_gateway.value.code) == (502, "INTERNAL_ERROR")
    assert str(bad_gateway.value) == "Request failed (HTTP 502)"
    with http_server(fixed(418, b'{"nope":1}')) as url, pytest.raises(ApiError) as teapot:
        zephr.create_secret("x", base_url=url)
    assert (teapot.value.status_code, teapot.value.code) == (418, "INVALID_RESPONSE")


def test_only_exactly_201_counts_and_malformed_bodies_are_refused() -> None:
    ok_body = b'{"id":"AAAAAAAAAAAAAAAAAAAAAA","expires_at":"2026-01-01T00:00:00.000Z"}'
    for status, body in [(200, ok_body), (201, b'{"id":"short","expires_at":"soon"}'), (201, b"not json")]:
        with http_server(fixed(status, body)) as url, pytest.raises(ApiError) as caught:
            zephr.create_secret("x", base_url=url)
        assert (caught.value.status_code, caught.value.code) == (status, "INVALID_RESPONSE")


def test_redirects_are_not_followed() -> None:
    redirect = fixed(302, b"", {"Location": "http://127.0.0.1:9/elsewhere"})
    with http_server(redirect) as url, pytest.raises(ApiError) as caught:
        zephr.retrieve_secret(url + FAKE_LINK)
    assert (caught.value.status_code, caught.value.code) == (302, "INVALID_RESPONSE")


def test_responses_over_a_million_bytes_are_refused() -> None:
    with http_server(fixed(200, b"a" * 1_200_000)) as url, pytest.raises(ApiError) as caught:
        zephr.retrieve_secret(url + FAKE_LINK)
    assert caught.value.code == "INVALID_RESPONSE"


def test_invalid_utf8_plaintext_is_refused_strictly() -> None:
    from zephr.protocol import encrypt_bytes

    sealed = encrypt_bytes(b"\xff\xfe not utf-8")
    body = (f'{{"encrypted_blob":"{sealed.blob}","purge_at":"2026-01-01T00:00:00.000Z"}}').encode()
    with http_server(fixed(200, body)) as url, pytest.raises(EncryptionError) as caught:
        zephr.retrieve_secret(f"{url}/secret/AAAAAAAAAAAAAAAAAAAAAA#{sealed.key}")
    assert caught.value.code == "INVALID_PLAINTEXT"


def test_every_class_is_a_zephr_error_and_codes_come_from_the_table() -> None:
    for cls in (ValidationError, EncryptionError, NetworkError, ApiError):
        assert issubclass(cls, zephr.ZephrError)
    assert zephr.WIRE_ERRORS["SECRET_ALREADY_CONSUMED"] == (410, "Secret has already been consumed")
    assert zephr.LOCAL_ERRORS["TIMEOUT"][0] == "NetworkError"
