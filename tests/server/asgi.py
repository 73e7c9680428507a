"""In-process requests: httpx's ASGI transport over reference_server.app.create_app(settings).

No socket, no process: each call builds nothing but the request. The app is asked for as the
server bound to 127.0.0.1:1000 would be (that is the base URL), unless a test says otherwise.
"""

from __future__ import annotations

import asyncio
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import httpx
import yaml
from starlette.types import ASGIApp

BASE_URL = "http://127.0.0.1:1000"


def request(
    app: ASGIApp,
    method: str,
    path: str,
    *,
    headers: Mapping[str, str] | None = None,
    json: Any = None,
    content: bytes | None = None,
    base_url: str = BASE_URL,
) -> httpx.Response:
    """One request through the ASGI app, answered in full."""

    async def send() -> httpx.Response:
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url=base_url) as client:
            return await client.request(method, path, headers=headers, json=json, content=content)

    return asyncio.run(send())


def write_spec(folder: Path, document: Mapping[str, Any]) -> Path:
    """An edited copy of the spec (from tests.support.spec.load_spec()) as folder/openapi.yaml."""
    path = folder / "openapi.yaml"
    path.write_text(yaml.safe_dump(dict(document), sort_keys=False), encoding="utf-8")
    return path
