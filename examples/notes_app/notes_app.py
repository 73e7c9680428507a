"""Notes: a tiny app on Pieces OS that publishes notes as GitHub gists, and mails them.

It finds Pieces OS with `discover()` (which honours PIECES_OS_URL), talks to it with the
generated `pieces_distributions` client, retries a create that failed on the server's side, and
copes with a newer Pieces OS. `mail()` builds its request by hand and has a bug a hand-written
mock would never see; its tests show how the stand-in Pieces OS catches it.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

import httpx
from pieces_distributions import Client, discover
from pieces_distributions.api.distributions import (
    distributions_create_new_distribution,
    distributions_delete_specific_distribution,
    distributions_snapshot,
)
from pieces_distributions.models import (
    AccessEnum,
    Distribution,
    Distributions,
    SeededDistribution,
    SeededGitHubDistribution,
    SeededGitHubGistDistribution,
)

# The oldest Pieces OS this app works with.
MIN_VERSION = "1.0.0"
# Statuses after which the same create may succeed when sent again.
RETRIED = frozenset({500, 507})
ATTEMPTS = 3
TIMEOUT_SECONDS = 2.0


class NotesError(RuntimeError):
    """Pieces OS could not do what was asked; the message says why."""


@dataclass(frozen=True)
class SharedNote:
    id: str
    name: str
    # None when Pieces OS reports an access level this app does not know (a newer one).
    private: bool | None


class Notes:
    def __init__(self, client: Client, *, backoff_seconds: float = 0.05) -> None:
        self._client = client
        self._backoff = backoff_seconds

    @classmethod
    def connect(cls) -> Notes:
        """Notes on the Pieces OS that discover() finds (PIECES_OS_URL, else the usual ports)."""
        base_url = discover(min_version=MIN_VERSION)
        return cls(Client(base_url=base_url, timeout=httpx.Timeout(TIMEOUT_SECONDS)))

    def close(self) -> None:
        self._client.get_httpx_client().close()

    def publish(self, name: str, description: str = "") -> str:
        """Publish a note as a secret gist; returns the distribution's id."""
        seed = SeededDistribution(
            github=SeededGitHubDistribution(
                gist=SeededGitHubGistDistribution(name=name, description=description, public=False)
            )
        )
        for attempt in range(1, ATTEMPTS + 1):
            response = distributions_create_new_distribution.sync_detailed(
                client=self._client, body=seed
            )
            if isinstance(response.parsed, Distribution):
                return response.parsed.id
            if response.status_code not in RETRIED or attempt == ATTEMPTS:
                raise NotesError(f"Pieces OS answered {response.status_code}: {response.content!r}")
            time.sleep(self._backoff * attempt)
        raise AssertionError("unreachable")

    def published(self) -> list[SharedNote]:
        """Every note published as a gist, oldest first."""
        listed = distributions_snapshot.sync(client=self._client)
        if not isinstance(listed, Distributions):
            raise NotesError("Pieces OS did not list its distributions")
        notes = []
        for distribution in listed.iterable:
            gist = distribution.github.gist if distribution.github else None
            if not gist:
                continue
            access = distribution.share.access
            private = access == AccessEnum.PRIVATE if access.is_declared else None
            notes.append(SharedNote(distribution.id, gist.name, private))
        return notes

    def withdraw(self, distribution_id: str) -> bool:
        """Delete a published note; False when Pieces OS no longer has it."""
        response = distributions_delete_specific_distribution.sync_detailed(
            distribution_id, client=self._client
        )
        return response.status_code == 204

    def mail(self, email: str) -> bool:
        """Mail a note to one person; False when Pieces OS refuses.

        The bug: `recipients` is the Recipients model, an object whose `iterable` holds the
        people, not a bare list. Pieces OS answers 400, which this method turns into False, so
        nothing but a spec-checking double notices.
        """
        body = {"mailgun": {"recipients": [{"email": email}]}}
        response = self._client.get_httpx_client().post("/distributions/create", json=body)
        return response.status_code == 200
