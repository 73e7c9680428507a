"""The generated client on a server that requires an API key, over real HTTP.

Which credentials the server refuses is in tests/server/test_api_key.py and
tests/reliability/test_security.py; that the client sends its headers on every call style, in
tests/client.
"""

from __future__ import annotations

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
from tests.live.conftest import API_KEY
from tests.live.test_sync import mailgun_seed
from tests.support.constants import API_KEY_HEADER


def test_client_with_key_header_is_served(keyed_server: LiveServer) -> None:
    headers = {API_KEY_HEADER: API_KEY}
    with Client(base_url=keyed_server.base_url, headers=headers) as client:
        distribution = create.sync(client=client, body=mailgun_seed())
        assert isinstance(distribution, Distribution)
        assert isinstance(snapshot.sync(client=client), Distributions)
        response = delete.sync_detailed(distribution.id, client=client)
        assert response.status_code == HTTPStatus.NO_CONTENT
