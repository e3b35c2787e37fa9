"""The built wheel is what users get: build it, install it into a fresh virtual environment, and
run a round trip from there against the real server. Its metadata declares one dependency."""

from __future__ import annotations

import subprocess
import sys
import venv
import zipfile
from pathlib import Path

from .support import LiveServer

PACKAGE = Path(__file__).resolve().parents[1]

ROUND_TRIP = """
import sys, zephr
link = zephr.create_secret("from the wheel", hint="WHEEL")
got = zephr.retrieve_secret(link["full_link"])
split = zephr.create_secret("split wheel", split=True)
assert zephr.retrieve_secret({"url": split.url, "key": split.key}).plaintext == "split wheel"
print(got.plaintext, got.hint, zephr.__version__, zephr.__file__)
"""


def test_wheel_installs_into_a_fresh_venv_and_round_trips(server: LiveServer, tmp_path: Path) -> None:
    built = subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--no-build-isolation",
            "-q",
            "-w",
            str(tmp_path),
            str(PACKAGE),
        ],
        capture_output=True,
        text=True,
    )
    assert built.returncode == 0, built.stderr
    (wheel,) = tmp_path.glob("zephr-*.whl")

    with zipfile.ZipFile(wheel) as archive:
        names = archive.namelist()
        metadata = next(archive.read(n).decode() for n in names if n.endswith(".dist-info/METADATA"))
    assert "zephr/py.typed" in names
    assert "zephr/protocol/_cipher.py" in names
    assert not any(n.startswith("tests/") for n in names)
    requires = [line for line in metadata.splitlines() if line.startswith("Requires-Dist:")]
    assert requires == ["Requires-Dist: cryptography>=42"]
    assert "Requires-Python: >=3.10" in metadata

    env_dir = tmp_path / "venv"
    venv.create(env_dir, with_pip=True)
    python = env_dir / "bin" / "python"
    installed = subprocess.run(
        [str(python), "-m", "pip", "install", "-q", "--disable-pip-version-check", str(wheel)],
        capture_output=True,
        text=True,
    )
    assert installed.returncode == 0, installed.stderr
    run = subprocess.run(
        [str(python), "-c", ROUND_TRIP], capture_output=True, text=True, env={"ZEPHR_URL": server.url}, cwd=tmp_path
    )
    assert run.returncode == 0, run.stderr
    plaintext_hint, _, rest = run.stdout.partition(" WHEEL ")
    assert plaintext_hint == "from the wheel"
    version, location = rest.split()
    assert version == "0.1.0"
    assert location.startswith(str(env_dir)), "imported from the fresh venv, not the source tree"
