"""The generated client's async API against the reference server over real HTTP.

The server is shared by the session, so each test looks only at the ids it created.
"""

from __future__ import annotations

import asyncio
from http import HTTPStatus

from pieces_distributions import Client
from pieces_distributions.api.distributions import (
    distributions_create_new_distribution as create,
)
from pieces_distributions.api.distributions import (
    distributions_delete_specific_distribution as delete,
)
from pieces_distributions.api.distributions import distributions_snapshot as snapshot
from pieces_distributions.models import Distribution, Distributions

from reference_server.launcher import LiveServer
from tests.live.test_sync import gist_seed, mailgun_seed


def _own(listed: Distributions, ids: list[str]) -> list[str]:
    return [d.id for d in listed.iterable if d.id in ids]


def test_async_create_snapshot_delete_round_trip(shared_server: LiveServer) -> None:
    async def scenario() -> None:
        async with Client(
            base_url=shared_server.base_url, raise_on_unexpected_status=True
        ) as client:
            made = [
                await create.asyncio(client=client, body=mailgun_seed()),
                await create.asyncio(client=client, body=gist_seed()),
                await create.asyncio(client=client),
            ]
            assert all(isinstance(d, Distribution) for d in made)
            ids = [d.id for d in made if isinstance(d, Distribution)]
            listed = await snapshot.asyncio(client=client)
            assert isinstance(listed, Distributions)
            assert _own(listed, ids) == ids

            deleted = await delete.asyncio_detailed(ids[1], client=client)
            assert deleted.status_code == HTTPStatus.NO_CONTENT
            listed = await snapshot.asyncio(client=client)
            assert isinstance(listed, Distributions)
            assert _own(listed, ids) == [ids[0], ids[2]]

    asyncio.run(scenario())


def test_async_concurrent_creates_are_all_listed(shared_server: LiveServer) -> None:
    async def scenario() -> None:
        async with Client(
            base_url=shared_server.base_url, raise_on_unexpected_status=True
        ) as client:
            made = await asyncio.gather(*(create.asyncio(client=client) for _ in range(10)))
            listed = await snapshot.asyncio(client=client)
            assert isinstance(listed, Distributions)
            expected = {d.id for d in made if isinstance(d, Distribution)}
            assert len(expected) == 10
            assert expected <= {d.id for d in listed.iterable}

    asyncio.run(scenario())
