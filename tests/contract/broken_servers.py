"""Deliberately broken servers: the reference server with one contract break each.

Each fault is a small ASGI middleware around the real reference app, so every
broken server is correct except for the one thing it gets wrong. The contract
suite must fail against each of them (tests/contract/test_contract.py).

Run one by hand:  python -m tests.contract.broken_servers --fault FAULT --db PATH --port 0
(every other flag is the reference server's own).
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections.abc import Awaitable, Callable, MutableMapping, Sequence
from typing import Any

from reference_server import cli
from reference_server.app import create_app
from reference_server.settings import Settings

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

CREATE_PATH = "/distributions/create"
SNAPSHOT_PATH = "/distributions"
DELETE_PATH = re.compile(r"^/distributions/[^/]+/delete$")


class _Buffered:
    """A response captured whole, so a fault can rewrite status, headers or body."""

    def __init__(self) -> None:
        self.status = 500
        self.headers: list[tuple[bytes, bytes]] = []
        self.body = b""

    async def send(self, message: Message) -> None:
        if message["type"] == "http.response.start":
            self.status = message["status"]
            self.headers = list(message.get("headers", []))
        elif message["type"] == "http.response.body":
            self.body += message.get("body", b"")

    def header(self, name: bytes) -> bytes:
        return next((v for k, v in self.headers if k.lower() == name), b"")

    async def replay(self, send: Send) -> None:
        headers = [(k, v) for k, v in self.headers if k.lower() != b"content-length"]
        headers.append((b"content-length", str(len(self.body)).encode()))
        await send({"type": "http.response.start", "status": self.status, "headers": headers})
        await send({"type": "http.response.body", "body": self.body})


Rewrite = Callable[[Scope, _Buffered], None]


def _json_rewrite(edit: Callable[[Any], None]) -> Rewrite:
    """Apply `edit` to every distribution in create and snapshot 200 bodies."""

    def rewrite(scope: Scope, response: _Buffered) -> None:
        if response.status != 200 or b"json" not in response.header(b"content-type"):
            return
        document = json.loads(response.body)
        items = document["iterable"] if scope["path"] == SNAPSHOT_PATH else [document]
        for item in items:
            edit(item)
        response.body = json.dumps(document).encode()

    return rewrite


def _drop_share(item: Any) -> None:
    item.pop("share", None)


def _id_as_number(item: Any) -> None:
    item["id"] = 12345


def _created_as_201(scope: Scope, response: _Buffered) -> None:
    if scope["path"] == CREATE_PATH and response.status == 200:
        response.status = 201


def _json_as_text(scope: Scope, response: _Buffered) -> None:
    if response.status == 200:
        response.headers = [
            (k, b"text/plain; charset=utf-8" if k.lower() == b"content-type" else v)
            for k, v in response.headers
        ]


def _bad_input_as_500(scope: Scope, response: _Buffered) -> None:
    if response.status == 400:
        response.status = 500
        response.body = b"Traceback (most recent call last): ValueError"


def _bad_input_as_422(scope: Scope, response: _Buffered) -> None:
    if response.status == 400:
        response.status = 422


def _hide_newest(scope: Scope, response: _Buffered) -> None:
    if scope["path"] == SNAPSHOT_PATH and response.status == 200:
        document = json.loads(response.body)
        document["iterable"] = document["iterable"][:-1]
        response.body = json.dumps(document).encode()


REWRITES: dict[str, Rewrite] = {
    "missing-required-field": _json_rewrite(_drop_share),
    "wrong-field-type": _json_rewrite(_id_as_number),
    "wrong-success-status": _created_as_201,
    "wrong-content-type": _json_as_text,
    "server-error-on-bad-input": _bad_input_as_500,
    "undocumented-status": _bad_input_as_422,
    "create-not-listed": _hide_newest,
}
# Faults that change what the server does rather than what it says.
BEHAVIOURS = ("accepts-invalid-body", "delete-does-not-delete")
FAULTS = (*REWRITES, *BEHAVIOURS)


def broken(app: ASGIApp, fault: str) -> ASGIApp:
    """Wrap the reference app so it commits exactly one contract break."""
    if fault not in FAULTS:
        raise ValueError(f"unknown fault {fault!r}; choose from {', '.join(FAULTS)}")

    async def middleware(scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await app(scope, receive, send)
            return
        path, method = scope["path"], scope["method"]
        if fault == "delete-does-not-delete" and method == "POST" and DELETE_PATH.match(path):
            # Claim success without touching storage.
            await send({"type": "http.response.start", "status": 204, "headers": []})
            await send({"type": "http.response.body", "body": b""})
            return
        if fault == "accepts-invalid-body" and method == "POST" and path == CREATE_PATH:
            # Throw the body away, so anything at all "creates" a distribution.
            while (await receive()).get("more_body", False):
                pass
            headers = [(k, v) for k, v in scope["headers"] if k != b"content-type"]
            scope = {**scope, "headers": headers}
            sent = False

            async def empty() -> Message:
                nonlocal sent
                if sent:
                    return {"type": "http.disconnect"}
                sent = True
                return {"type": "http.request", "body": b"", "more_body": False}

            await app(scope, empty, send)
            return
        rewrite = REWRITES.get(fault)
        if rewrite is None:
            await app(scope, receive, send)
            return
        response = _Buffered()
        await app(scope, receive, response.send)
        rewrite(scope, response)
        await response.replay(send)

    return middleware


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="The reference server with one contract break.")
    parser.add_argument("--fault", choices=FAULTS, required=True)
    args, server_argv = parser.parse_known_args(argv)

    def create_broken_app(settings: Settings) -> ASGIApp:
        return broken(create_app(settings), args.fault)

    # The reference server's own command line, ready line and shutdown, with only the app
    # swapped: a broken server differs from the real one in the single fault and nothing else.
    setattr(cli, "create_app", create_broken_app)  # noqa: B010
    return cli.main(server_argv)


if __name__ == "__main__":
    sys.exit(main())
