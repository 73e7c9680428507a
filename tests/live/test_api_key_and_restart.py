"""The generated client with an API key, and across a server restart on the same database."""

from __future__ import annotations

import asyncio
from http import HTTPStatus
from pathlib import Path

from pieces_distributions import Client
from pieces_distributions.api.distributions import (
    distributions_create_new_distribution as create,
)
from pieces_distributions.api.distributions import (
    distributions_delete_specific_distribution as delete,
)
from pieces_distributions.api.distributions import distributions_snapshot as snapshot
from pieces_distributions.models import Distribution, Distributions

from reference_server.launcher import LiveServer, live_server
from tests.live.conftest import API_KEY
from tests.live.test_sync import gist_seed, mailgun_seed


def test_client_with_key_header_is_served(keyed_server: LiveServer) -> None:
    headers = {"X-Application-ID": API_KEY}
    with Client(base_url=keyed_server.base_url, headers=headers) as client:
        distribution = create.sync(client=client, body=mailgun_seed())
        assert isinstance(distribution, Distribution)
        assert isinstance(snapshot.sync(client=client), Distributions)
        response = delete.sync_detailed(distribution.id, client=client)
        assert response.status_code == HTTPStatus.NO_CONTENT


def test_client_without_key_gets_401_with_reason(keyed_server: LiveServer) -> None:
    with Client(base_url=keyed_server.base_url) as client:
        response = create.sync_detailed(client=client)
        assert response.status_code == HTTPStatus.UNAUTHORIZED
        assert response.parsed == "missing or wrong X-Application-ID"
        assert snapshot.sync_detailed(client=client).parsed == "missing or wrong X-Application-ID"


def test_client_with_wrong_key_gets_401(keyed_server: LiveServer) -> None:
    with Client(base_url=keyed_server.base_url, headers={"X-Application-ID": "nope"}) as client:
        assert snapshot.sync_detailed(client=client).status_code == HTTPStatus.UNAUTHORIZED


def test_async_client_with_key_header_is_served(keyed_server: LiveServer) -> None:
    async def scenario() -> None:
        headers = {"X-Application-ID": API_KEY}
        async with Client(base_url=keyed_server.base_url, headers=headers) as client:
            assert isinstance(await create.asyncio(client=client), Distribution)

    asyncio.run(scenario())


def test_restart_on_same_database_keeps_the_data(tmp_path: Path) -> None:
    db_path = tmp_path / "distributions.sqlite3"
    with live_server(db_path) as first, Client(base_url=first.base_url) as client:
        made = [create.sync(client=client, body=seed) for seed in (mailgun_seed(), gist_seed())]
        assert first.stop() == 0
    with live_server(db_path) as second, Client(base_url=second.base_url) as client:
        listed = snapshot.sync(client=client)
    assert isinstance(listed, Distributions)
    assert [d.to_dict() for d in listed.iterable] == [
        d.to_dict() for d in made if isinstance(d, Distribution)
    ]
