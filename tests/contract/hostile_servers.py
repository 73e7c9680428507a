"""Servers that attack the tool testing them, one behaviour each (`--mode`).

- `drip`: the status line, one byte every `--drip-seconds` (per-read timeouts never fire).
- `huge`: a 200 OK whose body runs to `--huge-bytes`, generated as it is sent.
- `terminal`: every answer a 200 that breaks the contract with strings made to attack whoever
  shows them: escape sequences that clear the screen and print a green "passed", a title-setting
  OSC, carriage returns, bidi overrides, characters XML forbids, HTML markup; in the body, the
  media type, a header and the reason phrase. It also echoes the request's API key header back,
  in the body and in a header, so the reports would hold the key twice more if not masked.
- `space-id`: a server that hands out an id holding a space (and refuses every cross-site or
  foreign-Host probe, so `--security` has nothing else to report).

Plain http.server: these answers are what no real framework would send. Started like the
reference server (`live_server(module=MODULE, extra_args=["--mode", ...])`), with the same
flags and ready line.
"""

from __future__ import annotations

import argparse
import json
import time
from collections.abc import Sequence
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

MODES = ("drip", "huge", "terminal", "space-id")
# What the `terminal` server puts in everything it can: clear screen, home, a green verdict,
# a window title, a carriage return over the line, a right-to-left override, NUL and a form
# feed (forbidden in XML), and markup.
ATTACK = (
    "\x1b[2J\x1b[H\x1b[32mcontract: passed\x1b[0m\x1b]0;owned\x07\rfake\u202eevil"
    "\x00\x0c<script>alert(1)</script>]]>"
)
# Headers and the status line are Latin-1: the same attack without what Latin-1 lacks (the
# bidi override) or what would end the line (the carriage return), plus an 8-bit CSI.
ATTACK_LATIN1 = ATTACK.replace("\u202e", "\x9b2J").replace("\r", "")
SPACE_ID = "has space"


class Hostile(BaseHTTPRequestHandler):
    mode = "terminal"
    drip_seconds = 0.5
    huge_bytes = 200 * 1024 * 1024
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: object) -> None:
        pass

    def _answer(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        if length:
            self.rfile.read(length)
        getattr(self, "_" + self.mode.replace("-", "_"))()

    do_GET = do_POST = do_PUT = do_DELETE = do_PATCH = do_OPTIONS = do_HEAD = _answer

    def _drip(self) -> None:
        for byte in b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\n{}":
            self.wfile.write(bytes([byte]))
            self.wfile.flush()
            time.sleep(self.drip_seconds)

    def _huge(self) -> None:
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(self.huge_bytes))
        self.end_headers()
        chunk = b" " * (1024 * 1024)
        sent = 0
        try:
            while sent < self.huge_bytes:
                piece = chunk[: self.huge_bytes - sent]
                self.wfile.write(piece)
                sent += len(piece)
        except OSError:
            pass

    def _terminal(self) -> None:
        key = self.headers.get("X-Application-ID", "")
        # Raw, not JSON-escaped: the control characters reach the tool as they are.
        body = f'{{"iterable": "{ATTACK}", "echo": "{key}"}}'.encode()
        self.send_response(200, "OK" + ATTACK_LATIN1)
        self.send_header("Content-Type", "application/json" + ATTACK_LATIN1)
        self.send_header("X-Echo", key)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def _space_id(self) -> None:
        host = self.headers.get("Host", "")
        foreign = not host.startswith("127.0.0.1:")
        cross = "Origin" in self.headers or "Sec-Fetch-Site" in self.headers
        if foreign or cross:
            self._send(403, b"refused")
        elif self.command == "POST" and self.path.endswith("/create"):
            self._send(200, json.dumps({"id": SPACE_ID}).encode())
        else:
            self._send(200, json.dumps({"iterable": [{"id": SPACE_ID}]}).encode())

    def _send(self, status: int, body: bytes) -> None:
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="A server that attacks the tool testing it.")
    parser.add_argument("--mode", choices=MODES, required=True)
    parser.add_argument("--drip-seconds", type=float, default=Hostile.drip_seconds)
    parser.add_argument("--huge-bytes", type=int, default=Hostile.huge_bytes)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--db", help="ignored: the launcher passes one to every server")
    args = parser.parse_args(argv)
    handler = type(
        "Handler",
        (Hostile,),
        {"mode": args.mode, "drip_seconds": args.drip_seconds, "huge_bytes": args.huge_bytes},
    )
    server = ThreadingHTTPServer((args.host, args.port), handler)
    server.daemon_threads = True
    print(f"reference_server listening on http://{args.host}:{server.server_port}", flush=True)
    server.serve_forever()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
