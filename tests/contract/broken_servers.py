"""Deliberately broken servers: the reference server with one contract break each.

Each fault is a small ASGI middleware around the real reference app, so every
broken server is correct except for the one thing it gets wrong. The contract
suite must fail against each of them (tests/contract/test_contract.py).

Run one by hand:  python -m tests.contract.broken_servers --fault FAULT --db PATH --port 0
(every other flag is the reference server's own). `--require-header 'Name: value'` puts the
server behind a "gateway" that refuses (403) every request without that header.

`--every-fault` serves all of them from one process instead, each under its own path prefix
with a database of its own (`/missing-required-field/distributions/create`, ...), the way a
reverse proxy strips a prefix before the server sees the path: one process start instead of
one per fault, and every contract run against it has a base URL with a path.
"""

from __future__ import annotations

import argparse
import asyncio
import dataclasses
import json
import re
import sys
from collections.abc import Awaitable, Callable, Mapping, MutableMapping, Sequence
from contextlib import AsyncExitStack
from typing import Any

from starlette.applications import Starlette

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


def _newest_first(scope: Scope, response: _Buffered) -> None:
    if scope["path"] == SNAPSHOT_PATH and response.status == 200:
        document = json.loads(response.body)
        document["iterable"].reverse()
        response.body = json.dumps(document).encode()


def _listed_changed(scope: Scope, response: _Buffered) -> None:
    """The snapshot loses each mailgun part and moves `created` (create's answer is right)."""
    if scope["path"] == SNAPSHOT_PATH and response.status == 200:
        document = json.loads(response.body)
        for item in document["iterable"]:
            item.pop("mailgun", None)
            item["created"]["value"] = "2001-01-01T00:00:00+00:00"
        response.body = json.dumps(document).encode()


def _restamp_updated(scope: Scope, response: _Buffered) -> None:
    """Every read stamps `updated` anew, though nothing updated the distribution."""
    if scope["path"] == SNAPSHOT_PATH and response.status == 200:
        document = json.loads(response.body)
        for number, item in enumerate(document["iterable"]):
            item["updated"] = {"value": f"2099-01-01T00:00:{number % 60:02d}+00:00"}
        response.body = json.dumps(document).encode()


def _one_share(item: Any) -> None:
    item["share"]["id"] = "00000000-0000-4000-8000-000000000000"
    item["share"]["link"] = "https://pieces.link/s/00000000-0000-4000-8000-000000000000"


# The snapshot of snapshot-capped stops listing past this many (the run itself stays below it).
CAP = 100


def _capped(scope: Scope, response: _Buffered) -> None:
    if scope["path"] == SNAPSHOT_PATH and response.status == 200:
        document = json.loads(response.body)
        document["iterable"] = document["iterable"][:CAP]
        response.body = json.dumps(document).encode()


def _removed_then_404(scope: Scope, response: _Buffered) -> None:
    if DELETE_PATH.match(scope["path"]) and response.status == 204:
        response.status = 404
        response.headers = [(b"content-type", b"text/plain; charset=utf-8")]
        response.body = b"distribution not found"


def _unsupported_as_html(scope: Scope, response: _Buffered) -> None:
    if response.status == 415:
        response.headers = [(b"content-type", b"text/html; charset=utf-8")]
        response.body = b"<html><body><h1>415 Unsupported Media Type</h1></body></html>"


REWRITES: dict[str, Rewrite] = {
    "missing-required-field": _json_rewrite(_drop_share),
    "wrong-field-type": _json_rewrite(_id_as_number),
    "wrong-success-status": _created_as_201,
    "wrong-content-type": _json_as_text,
    "server-error-on-bad-input": _bad_input_as_500,
    "undocumented-status": _bad_input_as_422,
    "create-not-listed": _hide_newest,
    "snapshot-newest-first": _newest_first,
    "snapshot-changes-record": _listed_changed,
    "updated-restamped-on-read": _restamp_updated,
    "one-share-for-all": _json_rewrite(_one_share),
    "snapshot-capped": _capped,
    "delete-removes-then-404": _removed_then_404,
    "unsupported-media-as-html": _unsupported_as_html,
}
# Faults that change what the server does rather than what it says.
BEHAVIOURS = (
    "accepts-invalid-body",
    "delete-does-not-delete",
    "create-ignores-mailgun",
    "delete-drops-another",
    "deleted-id-reused",
    "delete-by-prefix",
    "creates-lost-when-concurrent",
    "any-key-accepted",
    "any-content-type-as-json",
)
FAULTS = (*REWRITES, *BEHAVIOURS)
# The key the any-key-accepted server is configured with (its runs pass it with --api-key).
KEY = "contract-key"
KEY_HEADER = b"x-application-id"


async def _whole_body(receive: Receive) -> bytes:
    body = b""
    while True:
        message = await receive()
        body += bytes(message.get("body", b""))
        if not message.get("more_body", False):
            return body


def _replaying(body: bytes) -> Receive:
    """A receive callable that hands over `body` once, then a disconnect."""
    sent = False

    async def receive() -> Message:
        nonlocal sent
        if sent:
            return {"type": "http.disconnect"}
        sent = True
        return {"type": "http.request", "body": body, "more_body": False}

    return receive


async def _inner_call(app: ASGIApp, scope: Scope, method: str, path: str) -> _Buffered:
    """One request of the broken server's own to the real app, with the client's headers."""
    inner = {
        **scope,
        "method": method,
        "path": path,
        "raw_path": path.encode(),
        "query_string": b"",
    }
    # The key, and the Host the server's guard checks; nothing else of the client's request.
    kept = (b"x-application-id", b"host")
    inner["headers"] = [(k, v) for k, v in scope["headers"] if k.lower() in kept]
    response = _Buffered()
    await app(inner, _replaying(b""), response.send)
    return response


def _with_body(scope: Scope, body: bytes) -> Scope:
    headers = [(k, v) for k, v in scope["headers"] if k.lower() != b"content-length"]
    headers.append((b"content-length", str(len(body)).encode()))
    return {**scope, "headers": headers}


class _Aliases:
    """deleted-id-reused: hands a deleted id out again, consistently in every later answer."""

    def __init__(self) -> None:
        self.free: list[str] = []
        self.real: dict[str, str] = {}  # presented -> stored
        self.shown: dict[str, str] = {}  # stored -> presented

    async def __call__(self, app: ASGIApp, scope: Scope, receive: Receive, send: Send) -> None:
        path, method = scope["path"], scope["method"]
        if method == "POST" and DELETE_PATH.match(path):
            presented = path.split("/")[2]
            stored = self.real.get(presented, presented)
            real_path = f"/distributions/{stored}/delete"
            inner = {**scope, "path": real_path, "raw_path": real_path.encode()}
            response = _Buffered()
            await app(inner, receive, response.send)
            if response.status == 204:
                self.real.pop(presented, None)
                self.shown.pop(stored, None)
                self.free.append(presented)
            await response.replay(send)
            return
        response = _Buffered()
        await app(scope, receive, response.send)
        if response.status == 200 and path == CREATE_PATH and self.free:
            document = json.loads(response.body)
            presented = self.free.pop(0)
            self.real[presented] = document["id"]
            self.shown[document["id"]] = presented
            document["id"] = presented
            response.body = json.dumps(document).encode()
        elif response.status == 200 and path == SNAPSHOT_PATH:
            document = json.loads(response.body)
            for item in document["iterable"]:
                item["id"] = self.shown.get(item["id"], item["id"])
            response.body = json.dumps(document).encode()
        await response.replay(send)


@dataclasses.dataclass
class _Writes:
    count: int = 0


def _own_layout_version(item: Any) -> None:
    """Stamp the server's own EmbeddedModelSchema on top, and leave every nested one out."""

    def strip(node: Any) -> None:
        if isinstance(node, dict):
            node.pop("schema", None)
            for value in node.values():
                strip(value)
        elif isinstance(node, list):
            for value in node:
                strip(value)

    strip(item)
    item["schema"] = {"migration": 7, "semantic": "UNKNOWN"}


def _z_timestamps(scope: Scope, response: _Buffered) -> None:
    if response.status == 200 and b"json" in response.header(b"content-type"):
        response.body = response.body.replace(b'+00:00"', b'Z"')


class _UpperCaseIds:
    """Ids shown in upper case; a delete matches them case-insensitively (uuids are)."""

    async def __call__(self, app: ASGIApp, scope: Scope, receive: Receive, send: Send) -> None:
        path = scope["path"]
        if scope["method"] == "POST" and DELETE_PATH.match(path):
            real_path = path.lower()
            scope = {**scope, "path": real_path, "raw_path": real_path.encode()}
            await app(scope, receive, send)
            return
        response = _Buffered()
        await app(scope, receive, response.send)
        if response.status == 200 and path in (CREATE_PATH, SNAPSHOT_PATH):
            document = json.loads(response.body)
            items = document["iterable"] if path == SNAPSHOT_PATH else [document]
            for item in items:
                item["id"] = item["id"].upper()
            response.body = json.dumps(document).encode()
        await response.replay(send)


# Correct servers that differ from ours where the spec leaves room: every run must pass them.
def _variant(app: ASGIApp, name: str) -> ASGIApp:
    upper = _UpperCaseIds()
    layout = _json_rewrite(_own_layout_version)

    async def middleware(scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await app(scope, receive, send)
            return
        if name == "upper-case-ids":
            await upper(app, scope, receive, send)
            return
        if name == "page-operations-only" and scope["path"].startswith("/.well-known/"):
            await _send_text(send, 404, b"not found\n")
            return
        response = _Buffered()
        await app(scope, receive, response.send)
        (layout if name == "own-layout-version" else _z_timestamps)(scope, response)
        await response.replay(send)

    return middleware


VARIANT_NAMES = ("own-layout-version", "z-timestamps", "upper-case-ids", "page-operations-only")


def broken(app: ASGIApp, fault: str) -> ASGIApp:
    """Wrap the reference app so it commits exactly one contract break."""
    if fault not in FAULTS:
        raise ValueError(f"unknown fault {fault!r}; choose from {', '.join(FAULTS)}")

    aliases = _Aliases()
    writes = _Writes()

    async def middleware(scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await app(scope, receive, send)
            return
        path, method = scope["path"], scope["method"]
        if fault == "deleted-id-reused":
            await aliases(app, scope, receive, send)
            return
        if fault == "create-ignores-mailgun" and method == "POST" and path == CREATE_PATH:
            # The real app judges the body as sent (bad input still gets its 400); a seed it
            # accepts is then stored again without its mailgun part, and that answer is sent.
            body = await _whole_body(receive)
            first = _Buffered()
            await app(scope, _replaying(body), first.send)
            try:
                seed = json.loads(body) if first.status == 200 else None
            except ValueError:
                seed = None
            if isinstance(seed, dict) and "mailgun" in seed:
                created = json.loads(first.body)["id"]
                await _inner_call(app, scope, "POST", f"/distributions/{created}/delete")
                del seed["mailgun"]
                body = json.dumps(seed).encode()
                await app(_with_body(scope, body), _replaying(body), send)
                return
            await first.replay(send)
            return
        if fault == "delete-drops-another" and method == "POST" and DELETE_PATH.match(path):
            response = _Buffered()
            await app(scope, receive, response.send)
            if response.status == 204:
                # Also drop the oldest other distribution, as a delete by the wrong key would.
                listed = await _inner_call(app, scope, "GET", SNAPSHOT_PATH)
                target = path.split("/")[2]
                others = [d["id"] for d in json.loads(listed.body)["iterable"] if d["id"] != target]
                if others:
                    await _inner_call(app, scope, "POST", f"/distributions/{others[0]}/delete")
            await response.replay(send)
            return
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
        if fault == "delete-by-prefix" and method == "POST" and DELETE_PATH.match(path):
            # Matches ids as `LIKE 'given%'` would: the first stored id that starts with it.
            given = path.split("/")[2]
            listed = await _inner_call(app, scope, "GET", SNAPSHOT_PATH)
            ids = [d["id"] for d in json.loads(listed.body)["iterable"]]
            match = next((i for i in ids if i.startswith(given)), given) if given else given
            real_path = f"/distributions/{match}/delete"
            scope = {**scope, "path": real_path, "raw_path": real_path.encode()}
            await app(scope, receive, send)
            return
        if fault == "creates-lost-when-concurrent" and method == "POST" and path == CREATE_PATH:
            # Read, await, write back: a create that overlaps another one is lost, though it
            # was answered 200.
            seen = writes.count
            await asyncio.sleep(0.05)
            response = _Buffered()
            await app(scope, receive, response.send)
            if response.status == 200 and writes.count != seen:
                lost = json.loads(response.body)["id"]
                await _inner_call(app, scope, "POST", f"/distributions/{lost}/delete")
            writes.count += 1
            await response.replay(send)
            return
        if fault == "any-key-accepted":
            # Configured with a key, but any key passes (only a missing one gets 401).
            headers = [
                (k, KEY.encode() if k.lower() == KEY_HEADER else v) for k, v in scope["headers"]
            ]
            await app({**scope, "headers": headers}, receive, send)
            return
        if fault == "any-content-type-as-json" and method == "POST" and path == CREATE_PATH:
            # Whatever Content-Type a body came with, it is read as JSON.
            headers = [
                (k, b"application/json" if k.lower() == b"content-type" else v)
                for k, v in scope["headers"]
            ]
            await app({**scope, "headers": headers}, receive, send)
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


async def _send_text(send: Send, status: int, body: bytes) -> None:
    """A whole text/plain answer of the broken server's own (the app never sees the request)."""
    headers = [(b"content-type", b"text/plain"), (b"content-length", b"%d" % len(body))]
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body})


def gateway(app: ASGIApp, header: str) -> ASGIApp:
    """Refuse (403) every request that lacks `header` ('Name: value'), as a gateway in front
    of a server may: a contract run must send it on every request, follow-ups included."""
    name, _, value = header.partition(":")
    wanted = (name.strip().lower().encode(), value.strip().encode())

    async def middleware(scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and wanted not in [(k.lower(), v) for k, v in scope["headers"]]:
            await _send_text(send, 403, b"gateway: missing header\n")
            return
        await app(scope, receive, send)

    return middleware


CROSS_SITE_HEADERS = (b"origin", b"sec-fetch-site")


def admit_cross_site(app: ASGIApp) -> ASGIApp:
    """The opposite: the app never sees a foreign Host or a cross-site marker, whatever guard it
    has, so every security probe gets through (they must report it)."""

    async def middleware(scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            host, port = scope["server"] or ("127.0.0.1", 80)
            kept = [
                (k, v)
                for k, v in scope["headers"]
                if k.lower() not in (b"host", *CROSS_SITE_HEADERS)
            ]
            scope = {**scope, "headers": [(b"host", f"{host}:{port}".encode()), *kept]}
        await app(scope, receive, send)

    return middleware


def not_implemented(app: ASGIApp, implemented: tuple[str, ...] = ("GET", "POST")) -> ASGIApp:
    """501 for every method the server implements nowhere, as RFC 9110 (15.6.2) allows."""

    async def middleware(scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and scope["method"] not in implemented:
            await _send_text(send, 501, b"method not implemented\n")
            return
        await app(scope, receive, send)

    return middleware


def by_prefix(apps: Mapping[str, tuple[Starlette, ASGIApp]]) -> ASGIApp:
    """Serve each app under `/NAME`, its prefix stripped from the path it sees; the lifespan of
    every app runs, so each closes its database at shutdown."""

    async def dispatch(scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "lifespan":
            async with AsyncExitStack() as stack:
                await receive()  # lifespan.startup
                for inner, _ in apps.values():
                    await stack.enter_async_context(inner.router.lifespan_context(inner))
                await send({"type": "lifespan.startup.complete"})
                await receive()  # lifespan.shutdown
            await send({"type": "lifespan.shutdown.complete"})
            return
        name, _, rest = scope["path"].removeprefix("/").partition("/")
        if name not in apps:
            await _send_text(send, 404, f"no fault is served at {scope['path']}\n".encode())
            return
        path = "/" + rest
        raw = bytes(scope.get("raw_path") or scope["path"].encode())
        inner_scope = {**scope, "path": path, "raw_path": raw[len(name) + 1 :] or b"/"}
        await apps[name][1](inner_scope, receive, send)

    return dispatch


def every_fault(settings: Settings) -> ASGIApp:
    """Each fault's broken app under `/FAULT`, with `FAULT.sqlite3` beside settings.db, and
    each correct variant under `/VARIANT` likewise."""
    apps = {}
    for name in VARIANT_NAMES:
        own = dataclasses.replace(settings, db=f"{settings.db}.{name}.sqlite3")
        inner = create_app(own)
        apps[name] = (inner, _variant(inner, name))
    for fault in FAULTS:
        own = dataclasses.replace(settings, db=f"{settings.db}.{fault}.sqlite3")
        if fault == "any-key-accepted":
            own = dataclasses.replace(own, api_key=KEY)
        inner = create_app(own)
        apps[fault] = (inner, broken(inner, fault))
    return by_prefix(apps)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="The reference server with one contract break.")
    parser.add_argument("--fault", choices=FAULTS)
    parser.add_argument("--every-fault", action="store_true")
    parser.add_argument("--require-header", metavar="'Name: value'")
    parser.add_argument("--unknown-methods-501", action="store_true")
    parser.add_argument("--admit-cross-site", action="store_true")
    args, server_argv = parser.parse_known_args(argv)

    def create_broken_app(settings: Settings) -> ASGIApp:
        if args.every_fault:
            return every_fault(settings)
        app: ASGIApp = create_app(settings)
        if args.fault:
            app = broken(app, args.fault)
        if args.require_header:
            app = gateway(app, args.require_header)
        if args.unknown_methods_501:
            app = not_implemented(app)
        if args.admit_cross_site:
            app = admit_cross_site(app)
        return app

    # The reference server's own command line, ready line and shutdown, with only the app
    # swapped: a broken server differs from the real one in the single fault and nothing else.
    setattr(cli, "create_app", create_broken_app)  # noqa: B010
    return cli.main(server_argv)


if __name__ == "__main__":
    sys.exit(main())
