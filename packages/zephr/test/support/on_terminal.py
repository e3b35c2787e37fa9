"""Runs a command on a real pseudo-terminal, as a person at a shell would, for the CLI tests.

Usage: python3 on_terminal.py '<json options>' cmd [args...]
Options: {"input": text typed once the output contains "wait_for" (default: typed at once),
          "wait_for": text, "stdin_tty": true (default; false pipes "piped" in instead)}
Prints one JSON line: {"code": exit status, "output": everything the terminal showed}.
"""

import json
import os
import pty
import select
import subprocess
import sys
import time

options = json.loads(sys.argv[1])
command = sys.argv[2:]
controller, terminal = pty.openpty()
stdin = terminal if options.get("stdin_tty", True) else subprocess.PIPE
child = subprocess.Popen(command, stdin=stdin, stdout=terminal, stderr=terminal, close_fds=True)
os.close(terminal)
if stdin == subprocess.PIPE:
    child.stdin.write(options.get("piped", "").encode())
    child.stdin.close()
output = b""
typed = "input" not in options
deadline = time.time() + 20
while time.time() < deadline:
    if not typed and options.get("wait_for", "").encode() in output:
        time.sleep(0.1)
        os.write(controller, options["input"].encode())
        typed = True
    ready, _, _ = select.select([controller], [], [], 0.05)
    if ready:
        try:
            chunk = os.read(controller, 65536)
        except OSError:
            break
        if not chunk:
            break
        output += chunk
    elif child.poll() is not None:
        break
child.wait(timeout=5)
print(json.dumps({"code": child.returncode, "output": output.decode("utf-8", "replace")}))
