"""pytest entry: one test per vector check of the independent Python verifier."""

from __future__ import annotations

from typing import Any

import pytest

from verify_vectors import all_checks

CHECKS = all_checks()


def test_every_vector_file_is_covered() -> None:
    prefixes = {name.split("/")[0] for name, _ in CHECKS}
    assert {"encrypt", "decrypt-invalid", "keys", "links", "base64url", "sizes", "claims", "requests", "parse_key", "parse_link", "parse_split", "decode_base64url"} <= prefixes
    assert len(CHECKS) > 100


@pytest.mark.parametrize("check", [c for _, c in CHECKS], ids=[n for n, _ in CHECKS])
def test_vector(check: Any) -> None:
    check()
