"""What retrieve, peek and burn share: the link (or split pair) checked before any request, the
server to ask, and the claim token derived from the key (spec P-CLAIM-1)."""

from __future__ import annotations

import time
from collections.abc import Mapping
from dataclasses import dataclass

from ._options import check_api_key, check_timeout, resolve_base_url
from ._transport import Answer, exchange_retrying_once
from .errors import ValidationError
from .protocol import ParsedLink, claim_for_key, parse_link, parse_split_link


def _parse(link: object) -> ParsedLink:
    if isinstance(link, str):
        return parse_link(link.strip())
    if isinstance(link, Mapping):
        url, key, full = link.get("url"), link.get("key"), link.get("full_link")
        if isinstance(url, str) and isinstance(key, str):
            return parse_split_link(url.strip(), key.strip())
        if isinstance(full, str):  # a StandardLink result passed straight back
            return parse_link(full.strip())
    raise ValidationError("INVALID_LINK", 'Pass a link string, or {"url": ..., "key": ...} for split mode')


@dataclass(frozen=True, repr=False)
class Target:
    parsed: ParsedLink
    secret_url: str
    token: str
    api_key: str | None
    timeout: float
    deadline: float  # time.monotonic() instant: one budget for every request of the call

    def __repr__(self) -> str:
        return "Target(<redacted>)"


def resolve_target(link: object, api_key: object, base_url: object, timeout: object) -> Target:
    """Checks everything the caller gave; raises ValidationError before any request."""
    parsed = _parse(link)
    key_header = check_api_key(api_key)
    seconds = check_timeout(timeout)
    origin = parsed.origin if base_url is None else resolve_base_url(base_url)
    token = claim_for_key(parsed.key).token
    return Target(parsed, f"{origin}/api/secrets/{parsed.id}", token, key_header, seconds, time.monotonic() + seconds)


def claim_exchange(t: Target, method: str, path: str, headers: Mapping[str, str] | None = None) -> Answer:
    """A request with the claim body; a network failure is retried once, unchanged."""
    return exchange_retrying_once(
        method,
        t.secret_url + path,
        body={"claim": t.token},
        timeout=t.timeout,
        api_key=t.api_key,
        headers=headers,
        deadline=t.deadline,
    )


def lacks_claims(answer: Answer) -> bool:
    """An answer that means the server predates claims: it has no such route."""
    if answer.status in (405, 501):
        return True
    if answer.status != 404:
        return False
    error = answer.body.get("error") if isinstance(answer.body, dict) else None
    return not (isinstance(error, dict) and error.get("code") == "SECRET_NOT_FOUND")
