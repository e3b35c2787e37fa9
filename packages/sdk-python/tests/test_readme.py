"""The README's Quick start runs as written, against a real server through ZEPHR_URL."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

from .support import LiveServer

README = Path(__file__).resolve().parents[1] / "README.md"


def test_quick_start_runs(server: LiveServer) -> None:
    quick_start = README.read_text("utf-8").split("## Quick start", 1)[1]
    code = re.search(r"```python\n(.*?)```", quick_start, re.S)
    assert code is not None
    done = subprocess.run(
        [sys.executable, "-c", code.group(1)],
        capture_output=True,
        text=True,
        env={"ZEPHR_URL": server.url, "PYTHONPATH": str(README.parent / "src")},
    )
    assert done.returncode == 0, done.stderr
    link, plaintext = done.stdout.splitlines()
    assert link.startswith(server.url + "/secret/")
    assert plaintext == "my-api-key-abc123"
