"""AuthenticatedClient sends its token the way openapi.yaml's security scheme says.

templates/client.py.jinja reads `components.securitySchemes` when the client is generated; these
tests read the same spec and check what goes over the wire, once against a scripted transport
and once against the reference server app with a key (in process, its API key middleware
included).
"""

from __future__ import annotations

import asyncio
import subprocess
import sys
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

import httpx
import pytest
import yaml
from pieces_distributions import AuthenticatedClient
from pieces_distributions.api.distributions import (
    distributions_create_new_distribution as create,
)
from pieces_distributions.api.distributions import (
    distributions_delete_specific_distribution as delete,
)
from pieces_distributions.api.distributions import distributions_snapshot as snapshot
from pieces_distributions.models import Distribution

from reference_server.app import create_app
from reference_server.settings import Settings
from tests.client.scripted import MODES, OPERATIONS, Operation, call, success
from tests.support.spec import ROOT, load_spec

KEY = "the-application-id"


def _spec_api_key_header() -> str:
    schemes = load_spec()["components"]["securitySchemes"]
    (scheme,) = schemes.values()  # the spec has exactly one: the application's API key
    assert (scheme["type"], scheme["in"]) == ("apiKey", "header")
    name = scheme["name"]
    assert isinstance(name, str)
    return name


def test_authenticated_client_defaults_come_from_the_spec() -> None:
    client = AuthenticatedClient(base_url="http://pieces.test", token=KEY)
    assert client.auth_header_name == _spec_api_key_header()
    assert client.prefix == ""


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("op", OPERATIONS.values(), ids=OPERATIONS)
def test_authenticated_client_sends_the_bare_key_in_the_spec_header(
    op: Operation, mode: str
) -> None:
    server = success(op)
    call(op, mode, server, token=KEY)
    assert server.request.headers[_spec_api_key_header()] == KEY  # no "Bearer " before it
    assert "Authorization" not in server.request.headers


@asynccontextmanager
async def keyed_server(tmp_path: Path, token: str) -> AsyncIterator[AuthenticatedClient]:
    """An AuthenticatedClient whose requests go to the reference server app, run with a key."""
    app = create_app(Settings(db=str(tmp_path / "db"), api_key=KEY))
    # A loopback address: a server that checks the Host header (DNS rebinding) admits it.
    transport = httpx.ASGITransport(app=app)
    client = AuthenticatedClient(
        base_url="http://127.0.0.1", token=token, httpx_args={"transport": transport}
    )
    # The app's lifespan closes its database when the block ends.
    async with app.router.lifespan_context(app), client:
        yield client


def test_keyed_reference_server_serves_the_authenticated_client(tmp_path: Path) -> None:
    async def scenario() -> None:
        async with keyed_server(tmp_path, KEY) as client:
            created = await create.asyncio(client=client)
            assert isinstance(created, Distribution)
            listed = await snapshot.asyncio(client=client)
            assert [d.id for d in listed.iterable] == [created.id]
            await delete.asyncio(created.id, client=client)
            assert (await snapshot.asyncio(client=client)).iterable == []

    asyncio.run(scenario())


def _generated_client(tmp_path: Path, spec_text: str) -> str:
    """client.py as the Makefile's generator command writes it from spec_text."""
    spec = tmp_path / "openapi.yaml"
    spec.write_text(spec_text, encoding="utf-8")
    # The project's settings without the post hooks (formatting only): quicker, same content.
    settings = yaml.safe_load((ROOT / "generator-config.yml").read_text(encoding="utf-8"))
    settings.pop("post_hooks", None)
    config = tmp_path / "config.yml"
    config.write_text(yaml.safe_dump(settings), encoding="utf-8")
    subprocess.run(
        [
            sys.executable,
            str(ROOT / "scripts" / "generate.py"),
            "generate",
            *("--path", str(spec), "--config", str(config), "--meta", "none"),
            *("--custom-template-path", str(ROOT / "templates")),
            *("--output-path", str(tmp_path / "out")),
        ],
        check=True,
        capture_output=True,
        timeout=120,
    )
    return (tmp_path / "out" / "client.py").read_text(encoding="utf-8")


def test_generated_api_key_header_follows_the_parsed_spec(tmp_path: Path) -> None:
    # The header comes from the spec as the generator parsed it, not from its text: rename it
    # in a copy of openapi.yaml written in YAML's flow style (one line per document, no
    # "securitySchemes:" line to find) and the generated client sends the new name.
    spec = load_spec()
    (scheme,) = spec["components"]["securitySchemes"].values()
    scheme["name"] = "X-Renamed-Key"
    flow = yaml.safe_dump(spec, default_flow_style=True, width=1_000_000, sort_keys=False)
    assert len(flow.splitlines()) == 1
    client_source = _generated_client(tmp_path, flow)
    assert 'auth_header_name: str = "X-Renamed-Key"' in client_source
    assert 'prefix: str = ""' in client_source
    assert 'API_KEY_HEADER: str | None = "X-Renamed-Key"' in client_source


def test_client_repr_shows_no_key_or_header_value() -> None:
    # A client printed in a log line or a traceback must not give its key away, before or
    # after it has built its httpx client (which copies the key into the headers).
    client = AuthenticatedClient(
        base_url="http://pieces.test", token=KEY, headers={"Authorization": "B x"}
    )
    before = repr(client)
    client.get_httpx_client()
    for shown in (before, repr(client)):
        assert KEY not in shown
        assert "B x" not in shown
    assert "'Authorization': '***'" in repr(client)
