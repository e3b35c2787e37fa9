"""Real processes and small misbehaving servers for the SDK tests."""

from __future__ import annotations

import http.server
import os
import re
import shutil
import socket
import subprocess
import tempfile
import threading
import time
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[3]
VECTORS = REPO_ROOT / "protocol" / "vectors" / "v1"
SERVER_BIN = REPO_ROOT / "packages" / "server" / "dist" / "cli.js"
CLI_BIN = REPO_ROOT / "packages" / "zephr" / "bin" / "zephr.cjs"
NODE = shutil.which("node") or "node"


@dataclass
class LiveServer:
    """A real zephr-server process (the built bin) on a free loopback port with its own data dir."""

    url: str
    env: dict[str, str]
    process: subprocess.Popen[bytes]
    output: list[str] = field(default_factory=list)

    def key(self, tier: str) -> str:
        """An API key of ``tier``, issued by the real admin command."""
        done = subprocess.run(
            [NODE, str(SERVER_BIN), "keys", "create", "--tier", tier],
            env=self.env,
            capture_output=True,
            text=True,
            check=True,
        )
        return done.stdout.strip().splitlines()[-1]


@contextmanager
def zephr_server(**extra_env: str) -> Iterator[LiveServer]:
    data_dir = tempfile.mkdtemp(prefix="zephr-py-")
    env = {
        **os.environ,
        "ZEPHR_DATA_DIR": data_dir,
        "ZEPHR_PORT": "0",
        "ZEPHR_ANON_DAILY_CREATES": "10000",
        "ZEPHR_RATE_LIMIT_PER_MINUTE": "100000",
        **extra_env,
    }
    process = subprocess.Popen(
        [NODE, str(SERVER_BIN), "serve"], env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT
    )
    assert process.stdout is not None
    output: list[str] = []
    url = None
    deadline = time.monotonic() + 30
    while url is None and time.monotonic() < deadline:
        line = process.stdout.readline().decode("utf-8", "replace")
        if line == "" and process.poll() is not None:
            break
        output.append(line)
        match = re.search(r"Zephr listening on (http://[^\"\s]+)", line)
        url = match.group(1) if match else None
    if url is None:
        process.kill()
        raise RuntimeError("zephr-server did not start:\n" + "".join(output))

    def drain() -> None:  # keep reading its output so the pipe never fills and blocks the server
        for line in process.stdout or []:
            output.append(line.decode("utf-8", "replace"))

    threading.Thread(target=drain, daemon=True).start()
    try:
        yield LiveServer(url, env, process, output)
    finally:
        process.terminate()
        process.wait(10)
        shutil.rmtree(data_dir, ignore_errors=True)


@contextmanager
def silent_server() -> Iterator[tuple[str, Callable[[str], int]]]:
    """Accepts connections, reads requests, never answers. Yields (url, count of a request line)."""
    listener = socket.create_server(("127.0.0.1", 0))
    received: list[bytes] = []
    held: list[socket.socket] = []
    stop = threading.Event()

    def accept() -> None:
        listener.settimeout(0.1)
        while not stop.is_set():
            try:
                conn, _ = listener.accept()
            except TimeoutError:
                continue
            held.append(conn)
            conn.settimeout(0.1)
            threading.Thread(target=drain, args=(conn,), daemon=True).start()

    def drain(conn: socket.socket) -> None:
        while not stop.is_set():
            try:
                chunk = conn.recv(65536)
            except TimeoutError:
                continue
            except OSError:
                return
            if not chunk:
                return
            received.append(chunk)

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    port = listener.getsockname()[1]
    try:
        yield f"http://127.0.0.1:{port}", lambda line: b"".join(received).count(line.encode())
    finally:
        stop.set()
        thread.join()
        for conn in held:
            conn.close()
        listener.close()


Handler = Callable[[http.server.BaseHTTPRequestHandler], None]


@contextmanager
def http_server(handle: Handler) -> Iterator[str]:
    """A threaded HTTP server that calls ``handle(request)`` for every request."""

    class RequestHandler(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            handle(self)

        def do_POST(self) -> None:
            handle(self)

        def log_message(self, format: str, *args: object) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), RequestHandler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def fixed(status: int, body: bytes, headers: dict[str, str] | None = None) -> Handler:
    def handle(request: http.server.BaseHTTPRequestHandler) -> None:
        request.send_response(status)
        for name, value in (headers or {"Content-Type": "application/json"}).items():
            request.send_header(name, value)
        request.send_header("Content-Length", str(len(body)))
        request.end_headers()
        request.wfile.write(body)

    return handle


def lossy_proxy(target: str, drop: int, seen: list[dict[str, str]]) -> Handler:
    """Forwards every request to ``target``; for the first ``drop`` it closes the connection
    instead of answering: the request happened, the response was lost."""

    def handle(request: http.server.BaseHTTPRequestHandler) -> None:
        length = int(request.headers.get("Content-Length") or 0)
        body = request.rfile.read(length) if length else None
        seen.append({k.lower(): v for k, v in request.headers.items()})
        headers = {
            k: v for k, v in request.headers.items() if k.lower() not in ("host", "connection", "content-length")
        }
        upstream = urllib.request.Request(target + request.path, data=body, headers=headers, method=request.command)
        try:
            with urllib.request.urlopen(upstream, timeout=10) as answer:
                status, payload = answer.status, answer.read()
        except urllib.error.HTTPError as refusal:
            status, payload = refusal.code, refusal.read()
        if len(seen) <= drop:
            request.close_connection = True
            request.connection.shutdown(socket.SHUT_RDWR)
            return
        fixed(status, payload)(request)

    return handle


def node(*args: str, env: dict[str, str] | None = None, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    """Runs node with ``args`` (a script or -e code); text in and out."""
    return subprocess.run(
        [NODE, *args],
        input=stdin,
        capture_output=True,
        text=True,
        timeout=60,
        env={**os.environ, **(env or {})},
        cwd=REPO_ROOT,
    )
