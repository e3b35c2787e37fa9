"""A Zephr webhook receiver in plain Python (standard library only). It verifies
X-Zephr-Signature over the raw body in constant time, rejects stale and duplicate events, and
answers 200.

    ZEPHR_WEBHOOK_SECRET=my-hmac-signing-secret PORT=8787 python3 receiver.py

Put it behind HTTPS: Zephr delivers only to https:// URLs.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import re
import sys
import threading
import time
from datetime import datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

SECRET = os.environ.get("ZEPHR_WEBHOOK_SECRET", "").encode("utf-8")
MAX_AGE = float(os.environ.get("MAX_AGE_SECONDS", "300"))
MAX_BODY = 64 * 1024
# event_id -> when it was seen. A real receiver keeps this in its database; retries of one event
# share its event_id, so this is what makes handling exactly-once.
seen: dict[str, float] = {}
lock = threading.Lock()


def valid_signature(raw: bytes, header: str | None) -> bool:
    if header is None or re.fullmatch(r"[0-9a-f]{64}", header) is None:
        return False
    expected = hmac.new(SECRET, raw, hashlib.sha256).hexdigest()
    return hmac.compare_digest(expected, header)


def handle(event: dict[str, str]) -> None:
    # Your logic here: mark the credential as delivered, page someone if it expired unread ...
    hint = f" hint={event['hint']}" if event.get("hint") else ""
    print(f"accepted {event['event']} secret_id={event['secret_id']} event_id={event['event_id']}{hint}", flush=True)


class Receiver(BaseHTTPRequestHandler):
    def answer(self, status: int, body: dict[str, object]) -> None:
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def do_POST(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        if length > MAX_BODY:
            return self.answer(413, {"error": "too large"})
        raw = self.rfile.read(length)
        # Verify before parsing: never act on, or even parse, an unauthenticated body.
        if not valid_signature(raw, self.headers.get("X-Zephr-Signature")):
            return self.answer(401, {"error": "invalid signature"})
        try:
            event = json.loads(raw)
            occurred = datetime.fromisoformat(event["occurred_at"].replace("Z", "+00:00")).timestamp()
        except (ValueError, KeyError, TypeError, AttributeError):
            return self.answer(400, {"error": "invalid event"})
        now = time.time()
        if now - occurred > MAX_AGE or occurred - now > 60:
            return self.answer(400, {"error": "stale event"})
        with lock:
            if event.get("event_id") in seen:
                return self.answer(409, {"error": "duplicate event"})
            seen[event["event_id"]] = now
            for old in [k for k, at in seen.items() if now - at > 2 * MAX_AGE]:
                del seen[old]  # older ones are refused as stale anyway
        handle(event)
        return self.answer(200, {"ok": True})

    def log_message(self, format: str, *args: object) -> None:
        pass


if __name__ == "__main__":
    if not SECRET:
        sys.exit("set ZEPHR_WEBHOOK_SECRET to the callback_secret you gave Zephr")
    server = ThreadingHTTPServer((os.environ.get("HOST", "127.0.0.1"), int(os.environ.get("PORT", "8787"))), Receiver)
    host, port = server.server_address[:2]
    print(f"listening on http://{host}:{port}", flush=True)
    server.serve_forever()
