"""Links cross surfaces both ways: the JS SDK and the CLI make links Python retrieves; Python makes
links the CLI retrieves and the web page reveals in Chromium. Every other side runs as a real
child process against the same real server."""

from __future__ import annotations

import json
import re

import pytest

import zephr

from .support import CLI_BIN, REPO_ROOT, LiveServer, node

TEXT = "interop ✓ pässwörd 🔑 密码\nsecond line "
JS_SDK = (REPO_ROOT / "packages" / "zephr" / "dist" / "index.js").as_uri()
REVEAL = str(REPO_ROOT / "packages" / "web" / "test" / "reveal-link.ts")


def js(code: str, *args: str) -> str:
    done = node("--input-type=module", "-e", f"import * as zephr from {json.dumps(JS_SDK)};\n{code}", *args)
    assert done.returncode == 0, done.stderr
    return done.stdout


def cli(*args: str, server: LiveServer, stdin: str | None = None) -> tuple[int, str, str]:
    done = node(str(CLI_BIN), *args, env={"ZEPHR_URL": server.url}, stdin=stdin)
    return done.returncode, done.stdout, done.stderr


@pytest.mark.parametrize("split", [False, True], ids=["standard", "split"])
def test_js_sdk_link_retrieved_by_python(server: LiveServer, split: bool) -> None:
    out = js(
        "const [text, baseUrl, split] = process.argv.slice(1);"
        "const r = await zephr.createSecret(text, { baseUrl, split: split === 'true', hint: 'FROM_JS' });"
        "console.log(JSON.stringify(r));",
        TEXT,
        server.url,
        str(split).lower(),
    )
    made = json.loads(out)
    link = {"url": made["url"], "key": made["key"]} if split else made["fullLink"]
    got = zephr.retrieve_secret(link)
    assert (got.plaintext, got.hint) == (TEXT, "FROM_JS")


@pytest.mark.parametrize("split", [False, True], ids=["standard", "split"])
def test_cli_link_retrieved_by_python(server: LiveServer, split: bool) -> None:
    status, out, err = cli(*(["--split"] if split else []), "--hint", "FROM_CLI", server=server, stdin=TEXT + "\n")
    assert status == 0, err
    # Into a pipe the CLI prints only the link (split: the URL, then the key, on two lines).
    if split:
        url = re.fullmatch(r"(\S+)\n(v1\.\S+)\n", out)
        assert url, out
        got = zephr.retrieve_secret({"url": url.group(1), "key": url.group(2)})
    else:
        link = re.fullmatch(r"(\S+)\n", out)
        assert link, out
        got = zephr.retrieve_secret(link.group(1))
    assert (got.plaintext, got.hint) == (TEXT, "FROM_CLI")


def test_python_link_retrieved_by_cli_both_modes(server: LiveServer) -> None:
    standard = zephr.create_secret(TEXT, base_url=server.url, hint="FROM_PY")
    status, out, err = cli("retrieve", standard.full_link, server=server)
    assert (status, out) == (0, TEXT), err
    assert "Hint: FROM_PY" in err
    split = zephr.create_secret(TEXT, base_url=server.url, split=True)
    status, out, err = cli("retrieve", "--url", split.url, "--key", split.key, server=server)
    assert (status, out) == (0, TEXT), err


def test_python_link_retrieved_by_js_sdk(server: LiveServer) -> None:
    link = zephr.create_secret(TEXT, base_url=server.url)
    out = js("const r = await zephr.retrieveSecret(process.argv[1]); console.log(JSON.stringify(r));", link.full_link)
    assert json.loads(out)["plaintext"] == TEXT


@pytest.mark.parametrize("split", [False, True], ids=["standard", "split"])
def test_python_link_revealed_in_the_browser(server: LiveServer, split: bool) -> None:
    made = zephr.create_secret(TEXT, base_url=server.url, split=split, hint="FROM_PY")
    args = [made.url, made.key] if isinstance(made, zephr.SplitLink) else [made.full_link]
    done = node("--import", "tsx", REVEAL, *args)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout) == {"plaintext": TEXT, "hint": "FROM_PY"}
    with pytest.raises(zephr.ApiError) as gone:
        zephr.retrieve_secret(
            {"url": made.url, "key": made.key} if isinstance(made, zephr.SplitLink) else made.full_link
        )
    assert gone.value.status_code == 410
