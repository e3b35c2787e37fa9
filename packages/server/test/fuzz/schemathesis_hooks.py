"""Schemathesis hooks for the Zephr API fuzz suite (loaded with SCHEMATHESIS_HOOKS).

A create's encrypted_blob has the custom OpenAPI format ``zephr-encrypted-blob`` (and a fulfil's
``zephr-request-blob``, the same with a 65-byte ``epk``): its
structure (base64url of a JSON object holding a 12-byte IV and at least 17 bytes of ciphertext) is
more than a pattern can say. This registers a generator for it so that schema-valid bodies are
valid blobs, and the success path is fuzzed, not only the 400s. The server cannot tell random bytes
from AES-GCM output, so no encryption is needed.
"""

from __future__ import annotations

import base64
import json
import re
from typing import Any

import schemathesis
from hypothesis import strategies as st

# The rules come from protocol/rules.json through the Python SDK's generated module (on PYTHONPATH).
from zephr.protocol import claim_from_key_bytes
from zephr.protocol._rules import CALLBACK_URL_MAX_LENGTH, CLAIM_PATTERN, IV_BYTES, MIN_CIPHERTEXT_BYTES

# The anonymous tier's ceiling is 6 KiB of blob: stay under it so anonymous creates can succeed.
MAX_CIPHERTEXT_BYTES = 3000


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


@st.composite
def encrypted_blobs(draw: st.DrawFn) -> str:
    iv = b64url(draw(st.binary(min_size=IV_BYTES, max_size=IV_BYTES)))
    ciphertext = b64url(draw(st.binary(min_size=MIN_CIPHERTEXT_BYTES, max_size=MAX_CIPHERTEXT_BYTES)))
    members = [("iv", iv), ("ciphertext", ciphertext)]
    # Member order and JSON whitespace are free (spec protocol.md section 4).
    if draw(st.booleans()):
        members.reverse()
    spaced = draw(st.booleans())
    text = json.dumps(dict(members), separators=(", ", ": ") if spaced else (",", ":"))
    return b64url(text.encode("utf-8"))


schemathesis.openapi.format("zephr-encrypted-blob", encrypted_blobs())


@st.composite
def request_blobs(draw: st.DrawFn) -> str:
    # The server checks the point's form (65 bytes, 0x04 first), not that it is on the curve (P-REQ-6).
    epk = b64url(b"\x04" + draw(st.binary(min_size=64, max_size=64)))
    iv = b64url(draw(st.binary(min_size=IV_BYTES, max_size=IV_BYTES)))
    ciphertext = b64url(draw(st.binary(min_size=MIN_CIPHERTEXT_BYTES, max_size=MAX_CIPHERTEXT_BYTES)))
    members = [("epk", epk), ("iv", iv), ("ciphertext", ciphertext)]
    members = draw(st.permutations(members))
    spaced = draw(st.booleans())
    text = json.dumps(dict(members), separators=(", ", ": ") if spaced else (",", ":"))
    return b64url(text.encode("utf-8"))


schemathesis.openapi.format("zephr-request-blob", request_blobs())

# A valid callback_url makes the server deliver a webhook to it after consume or expiry. Generated
# hosts are real public addresses, so every valid one is pointed at a name that never resolves
# (RFC 6761 .invalid) before it is sent: the URL's path, query and port stay fuzzed, and nothing
# leaves the machine. An invalid URL is left alone, so the server's rejection is still tested.
CALLBACK_PATTERN: re.Pattern[str] | None = None
AUTHORITY = re.compile(r"^(https?://)(?:\[[^\]]*\]|[^/?:]*)")


@schemathesis.hook
def before_load_schema(context: Any, raw_schema: dict[str, Any]) -> None:
    global CALLBACK_PATTERN
    body = raw_schema["paths"]["/api/secrets"]["post"]["requestBody"]["content"]["application/json"]["schema"]
    CALLBACK_PATTERN = re.compile(body["properties"]["callback_url"]["pattern"].removesuffix("$") + r"\Z")


# Claims (spec api.md section 3.5): a generated claim_hash is a random digest no token matches, so
# every claimed secret would be out of reach. Secrets are bound to one known key instead, and half
# of the generated claim tokens are replaced with its token: the success paths of claim, peek and
# burn are fuzzed as well as the refusals. Random, well-formed tokens are kept for the rest.
FUZZ_CLAIM = claim_from_key_bytes(bytes(range(32)))
CLAIM_ROUTE = re.compile(r"/api/secrets/\{id\}(/claim|/peek)?\Z")
_turn = 0


def _well_formed(value: object) -> bool:
    # Only schema-valid values: a malformed one must still reach the server as generated.
    return isinstance(value, str) and re.fullmatch(CLAIM_PATTERN, value) is not None


@schemathesis.hook
def before_call(context: Any, case: Any, kwargs: dict[str, Any]) -> None:
    global _turn
    body = case.body
    if not isinstance(body, dict) or CALLBACK_PATTERN is None:
        return
    if _well_formed(body.get("claim_hash")):
        body["claim_hash"] = FUZZ_CLAIM.hash
    if CLAIM_ROUTE.search(case.path) and _well_formed(body.get("claim")):
        _turn += 1
        if _turn % 2 == 0:
            body["claim"] = FUZZ_CLAIM.token
    url = body.get("callback_url")
    if isinstance(url, str) and CALLBACK_PATTERN.match(url):
        # Cut back to the length limit should the new host be longer than the generated one.
        body["callback_url"] = AUTHORITY.sub(r"\1fuzz.invalid", url, count=1)[:CALLBACK_URL_MAX_LENGTH]
