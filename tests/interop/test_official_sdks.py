"""The official Pieces SDKs, Python and TypeScript, drive the live reference server.

Each SDK runs the flow in interop/ (create with Mailgun, with a gist and with no body, snapshot,
then delete) against a real server, with and without an API key. The flow scripts parse every
response with the SDK's own models and compare it with the raw body; here the ids they report
are checked against what our generated client sees on the same server between the two steps.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from pieces_distributions import Client
from pieces_distributions.api.distributions import distributions_snapshot
from pieces_distributions.models import Distribution, Distributions

from reference_server.launcher import LiveServer, live_server
from tests.interop.tools import INTEROP_DIR, UPSTREAM_PYTHON, run, tool

API_KEY = "interop-sdk-key"


def flow_command(sdk: str) -> list[str | Path]:
    if sdk == "python":
        return [tool(UPSTREAM_PYTHON), INTEROP_DIR / "official_python_sdk_flow.py"]
    # The SDK is found through interop/node_modules, next to the script.
    tool(INTEROP_DIR / "node_modules" / "@pieces.app" / "pieces-os-client")
    return ["node", INTEROP_DIR / "official_typescript_sdk_flow.mjs"]


def run_flow(sdk: str, server: LiveServer, api_key: str | None, *step: str) -> dict[str, Any]:
    key = ["--api-key", api_key] if api_key else []
    stdout = run([*flow_command(sdk), "--base-url", server.base_url, *key, *step])
    result = json.loads(stdout.strip().splitlines()[-1])
    assert isinstance(result, dict)
    return result


def our_view(server: LiveServer, api_key: str | None) -> dict[str, Distribution]:
    """Every distribution the server lists, as the generated client parses it, by id."""
    headers = {"X-Application-ID": api_key} if api_key else {}
    with Client(base_url=server.base_url, headers=headers, raise_on_unexpected_status=True) as api:
        listed = distributions_snapshot.sync(client=api)
    assert isinstance(listed, Distributions)
    return {item.id: item for item in listed.iterable}


@pytest.fixture(params=[None, API_KEY], ids=["no-key", "with-key"])
def keyed_or_open_server(
    request: pytest.FixtureRequest, tmp_path: Path
) -> Iterator[tuple[LiveServer, str | None]]:
    with live_server(tmp_path / "distributions.sqlite3", api_key=request.param) as running:
        yield running, request.param


@pytest.mark.parametrize("sdk", ["python", "typescript"])
def test_official_sdk_flow_agrees_with_generated_client(
    sdk: str, keyed_or_open_server: tuple[LiveServer, str | None]
) -> None:
    live, api_key = keyed_or_open_server

    first = run_flow(sdk, live, api_key, "create")
    created = first["created"]
    seen = our_view(live, api_key)
    assert list(seen) == first["snapshot"]
    assert set(created.values()) <= set(seen)
    # Both clients read the same distributions the same way.
    mailgun, github, empty = (seen[created[kind]] for kind in ("mailgun", "github", "empty"))
    assert (bool(mailgun.mailgun), bool(mailgun.github)) == (True, False)
    assert (bool(github.mailgun), bool(github.github)) == (False, True)
    assert (bool(empty.mailgun), bool(empty.github)) == (False, False)

    second = run_flow(sdk, live, api_key, "delete", created["mailgun"], created["github"])
    assert second["second_delete_status"] == 404
    assert list(our_view(live, api_key)) == second["snapshot"] == [created["empty"]]
