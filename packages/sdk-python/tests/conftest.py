from __future__ import annotations

from collections.abc import Iterator

import pytest

from .support import LiveServer, zephr_server


@pytest.fixture(scope="session")
def server() -> Iterator[LiveServer]:
    """One real zephr-server for the session (anonymous quota raised for the tests)."""
    with zephr_server() as live:
        yield live
