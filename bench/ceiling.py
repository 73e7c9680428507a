"""The framework's ceiling: bare Starlette endpoints that answer a fixed body, on the uvicorn
settings the reference server uses (one process, reference_server.cli's server_options() and
listening socket from its bind(); no access log).

`python -m bench.ceiling --port 0 --create FILE --snapshot FILE` serves the bytes of FILE as the
answer to each operation and prints `ceiling listening on http://HOST:PORT` when ready.
"""

from __future__ import annotations

import argparse
import socket
from pathlib import Path

import uvicorn
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from reference_server.cli import bind, server_options


def app(create_body: bytes, snapshot_body: bytes) -> Starlette:
    async def create(request: Request) -> Response:
        await request.body()  # a create has a body to read; reading it is part of the ceiling
        return Response(create_body, media_type="application/json")

    async def snapshot(request: Request) -> Response:
        return Response(snapshot_body, media_type="application/json")

    return Starlette(
        routes=[
            Route("/distributions/create", create, methods=["POST"]),
            Route("/distributions", snapshot, methods=["GET"]),
        ]
    )


class _Server(uvicorn.Server):
    async def startup(self, sockets: list[socket.socket] | None = None) -> None:
        await super().startup(sockets)
        if sockets:
            host, port = sockets[0].getsockname()[:2]
            print(f"ceiling listening on http://{host}:{port}", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--create", type=Path, required=True)
    parser.add_argument("--snapshot", type=Path, required=True)
    args = parser.parse_args()
    sock = bind("127.0.0.1", args.port)
    config = uvicorn.Config(
        app(args.create.read_bytes(), args.snapshot.read_bytes()),
        lifespan="on",
        access_log=False,
        log_level="warning",
        **server_options(),
    )
    _Server(config).run(sockets=[sock])


if __name__ == "__main__":
    main()
