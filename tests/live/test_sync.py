"""The generated client, synchronously, against the reference server over real HTTP.

The server is shared by the session, so each test looks only at the ids it created.
"""

from __future__ import annotations

from datetime import timedelta
from http import HTTPStatus

from pieces_distributions import Client
from pieces_distributions.api.distributions import (
    distributions_create_new_distribution as create,
)
from pieces_distributions.api.distributions import (
    distributions_delete_specific_distribution as delete,
)
from pieces_distributions.api.distributions import distributions_snapshot as snapshot
from pieces_distributions.models import (
    AccessEnum,
    Distribution,
    Distributions,
    MailgunDistribution,
    PersonBasicType,
    Recipients,
    SeededDistribution,
    SeededGitHubDistribution,
    SeededGitHubGistDistribution,
)
from pieces_distributions.types import Unset

from tests.support.constants import UNKNOWN_ID, not_found


def mailgun_seed() -> SeededDistribution:
    person = PersonBasicType(email="ada@example.com", name="Ada Lovelace")
    return SeededDistribution(mailgun=MailgunDistribution(recipients=Recipients(iterable=[person])))


def gist_seed() -> SeededDistribution:
    gist = SeededGitHubGistDistribution(name="notes.md", description="Meeting notes")
    return SeededDistribution(github=SeededGitHubDistribution(gist=gist))


def created(client: Client, seed: SeededDistribution | None = None) -> Distribution:
    result = create.sync(client=client, body=seed) if seed else create.sync(client=client)
    assert isinstance(result, Distribution), result
    return result


def listed(client: Client, made: list[Distribution]) -> list[Distribution]:
    """The snapshot, in its order, narrowed to the given distributions (other tests' are there
    too)."""
    result = snapshot.sync(client=client)
    assert isinstance(result, Distributions), result
    ids = {distribution.id for distribution in made}
    return [distribution for distribution in result.iterable if distribution.id in ids]


def test_create_with_mailgun_returns_the_distribution(client: Client) -> None:
    response = create.sync_detailed(client=client, body=mailgun_seed())
    assert response.status_code == HTTPStatus.OK
    distribution = response.parsed
    assert isinstance(distribution, Distribution)
    assert distribution.mailgun == mailgun_seed().mailgun
    assert isinstance(distribution.github, Unset)


def test_create_returns_private_share_and_utc_timestamps(client: Client) -> None:
    distribution = created(client, mailgun_seed())
    assert distribution.share.access is AccessEnum.PRIVATE
    assert distribution.created.value.utcoffset() == timedelta(0)
    assert distribution.updated == distribution.created


def test_create_with_github_returns_the_completed_gist(client: Client) -> None:
    github = created(client, gist_seed()).github
    assert not isinstance(github, Unset)
    gist = github.gist
    assert not isinstance(gist, Unset)
    assert (gist.name, gist.description, gist.public) == ("notes.md", "Meeting notes", True)
    assert gist.recipients.iterable == []
    assert gist.url == f"https://gist.github.com/{gist.github_id}"


def test_create_without_body_returns_a_bare_distribution(client: Client) -> None:
    distribution = created(client)
    assert isinstance(distribution.mailgun, Unset)
    assert isinstance(distribution.github, Unset)


def test_create_keeps_unknown_properties_through_the_models(client: Client) -> None:
    seed = gist_seed()
    assert not isinstance(seed.github, Unset)
    assert not isinstance(seed.github.gist, Unset)
    seed.github.gist["language"] = "markdown"
    github = created(client, seed).github
    assert not isinstance(github, Unset)
    assert not isinstance(github.gist, Unset)
    assert github.gist["language"] == "markdown"


def test_snapshot_lists_created_distributions_oldest_first(client: Client) -> None:
    made = [created(client, mailgun_seed()), created(client, gist_seed()), created(client)]
    assert [d.to_dict() for d in listed(client, made)] == [d.to_dict() for d in made]


def test_delete_returns_204_and_snapshot_omits_it(client: Client) -> None:
    keep, drop = created(client), created(client)
    response = delete.sync_detailed(drop.id, client=client)
    assert response.status_code == HTTPStatus.NO_CONTENT
    assert response.parsed is None
    assert [d.id for d in listed(client, [keep, drop])] == [keep.id]


def test_delete_unknown_returns_404_with_reason(client: Client) -> None:
    response = delete.sync_detailed(UNKNOWN_ID, client=client)
    assert response.status_code == HTTPStatus.NOT_FOUND
    assert response.parsed == not_found(UNKNOWN_ID)
