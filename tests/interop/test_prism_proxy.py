"""Prism as a validating proxy in front of the reference server finds no violation.

`prism proxy --errors` checks every request against openapi.yaml before forwarding it and every
response the server sends back; any violation turns into a 500 with an `sl-violations` header.
The generated client runs create (Mailgun, gist, no body), snapshot and delete through it, plus
the documented failures a client meets in normal use (401 without the key, 404 on a second
delete), and every exchange must come back clean with the status the spec promises.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from pieces_distributions import Client
from pieces_distributions.api.distributions import (
    distributions_create_new_distribution,
    distributions_delete_specific_distribution,
    distributions_snapshot,
)
from pieces_distributions.models import Distribution, Distributions, SeededDistribution
from pieces_distributions.types import UNSET, Response, Unset

from reference_server.launcher import LiveServer, live_server
from tests.interop.tools import SPEC_PATH, Prism, prism

API_KEY = "interop-proxy-key"
SEEDS: dict[str, dict[str, Any] | None] = {
    "mailgun": {"mailgun": {"recipients": {"iterable": [{"email": "ada@example.com"}]}}},
    "gist": {"github": {"gist": {"name": "notes.md", "public": False}}},
    "empty": None,
}


@pytest.fixture(scope="module")
def keyed_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    database = tmp_path_factory.mktemp("proxy") / "distributions.sqlite3"
    with live_server(database, api_key=API_KEY) as running:
        yield running


@pytest.fixture(scope="module")
def proxy(keyed_server: LiveServer) -> Iterator[Prism]:
    with prism("proxy", "--errors", str(SPEC_PATH), keyed_server.base_url) as running:
        yield running


def client(proxy: Prism, *, with_key: bool = True) -> Client:
    headers = {"X-Application-ID": API_KEY} if with_key else {}
    return Client(base_url=proxy.base_url, headers=headers, raise_on_unexpected_status=True)


def clean(response: Response[Any], status: int) -> Response[Any]:
    """The exchange passed Prism's checks and had the expected status."""
    assert "sl-violations" not in response.headers, response.headers["sl-violations"]
    assert response.status_code == status, response.content[:2000]
    return response


def test_prism_proxy_create_snapshot_delete_has_no_violations(proxy: Prism) -> None:
    created: list[str] = []
    with client(proxy) as api:
        for seed in SEEDS.values():
            body: SeededDistribution | Unset = (
                UNSET if seed is None else SeededDistribution.from_dict(seed)
            )
            response = clean(
                distributions_create_new_distribution.sync_detailed(client=api, body=body), 200
            )
            assert isinstance(response.parsed, Distribution)
            created.append(response.parsed.id)

        listed = clean(distributions_snapshot.sync_detailed(client=api), 200).parsed
        assert isinstance(listed, Distributions)
        assert [item.id for item in listed.iterable][-3:] == created

        for distribution_id in created:
            clean(
                distributions_delete_specific_distribution.sync_detailed(
                    distribution_id, client=api
                ),
                204,
            )
        listed = clean(distributions_snapshot.sync_detailed(client=api), 200).parsed
        assert isinstance(listed, Distributions)
        assert not {item.id for item in listed.iterable} & set(created)
    assert proxy.logged_violations() == []


def test_prism_proxy_second_delete_404_has_no_violations(proxy: Prism) -> None:
    with client(proxy) as api:
        made = clean(distributions_create_new_distribution.sync_detailed(client=api), 200).parsed
        assert isinstance(made, Distribution)
        clean(distributions_delete_specific_distribution.sync_detailed(made.id, client=api), 204)
        again = clean(
            distributions_delete_specific_distribution.sync_detailed(made.id, client=api), 404
        )
    assert isinstance(again.parsed, str)
    assert made.id in again.parsed
    assert proxy.logged_violations() == []


def test_prism_proxy_missing_key_401_has_no_violations(proxy: Prism) -> None:
    with client(proxy, with_key=False) as api:
        refused = clean(distributions_snapshot.sync_detailed(client=api), 401)
    assert isinstance(refused.parsed, str)
    assert refused.parsed
    assert proxy.logged_violations() == []


def test_prism_proxy_runs_in_front_of_the_live_server(
    proxy: Prism, keyed_server: LiveServer
) -> None:
    # Guards against a proxy that mocks instead of forwarding: what goes in through Prism must be
    # visible straight from the server.
    with client(proxy) as api:
        made = clean(distributions_create_new_distribution.sync_detailed(client=api), 200).parsed
    assert isinstance(made, Distribution)
    direct = Client(base_url=keyed_server.base_url, headers={"X-Application-ID": API_KEY})
    with direct:
        listed = distributions_snapshot.sync(client=direct)
    assert isinstance(listed, Distributions)
    assert made.id in {item.id for item in listed.iterable}
