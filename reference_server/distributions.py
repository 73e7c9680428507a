"""New distributions, built from a seed with the generated pieces_distributions models."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Mapping
from datetime import UTC, datetime
from typing import Any

from pieces_distributions.models import (
    AccessEnum,
    Accessors,
    Distribution,
    FlattenedShare,
    GitHubDistribution,
    GitHubGistDistribution,
    GroupedTimestamp,
    Recipients,
    SeededDistribution,
    SeededGitHubDistribution,
    SeededGitHubGistDistribution,
)
from pieces_distributions.types import Unset

from .spec import Spec

SHARE_LINK = "https://pieces.link/s/{id}"
SHARE_SHORT = "https://pieces.link/{prefix}"
GIST_URL = "https://gist.github.com/{github_id}"


def timestamp(moment: datetime) -> GroupedTimestamp:
    """A GroupedTimestamp in UTC: RFC 3339 with an explicit +00:00 offset, plus readable text."""
    moment = moment.astimezone(UTC)
    return GroupedTimestamp(value=moment, readable=moment.strftime("%Y-%m-%d %H:%M:%S UTC"))


class DistributionFactory:
    """Completes seeds into distributions: ids, timestamps, a private share, gist id and URL.

    Properties a seed carries beyond its schema are kept, unless the distribution's own schema
    declares a property of that name: a seed must not be able to supply, say, `deleted` or a
    gist `url` in a shape the response schema forbids.
    """

    def __init__(
        self, spec: Spec, clock: Callable[[], datetime] = lambda: datetime.now(UTC)
    ) -> None:
        self._clock = clock
        self._distribution_names = spec.property_names("Distribution")
        self._github_names = spec.property_names("GitHubDistribution")
        self._gist_names = spec.property_names("GitHubGistDistribution")

    def create(self, seed: SeededDistribution | None) -> Distribution:
        stamp = timestamp(self._clock())
        share_id = str(uuid.uuid4())
        distribution = Distribution(
            id=str(uuid.uuid4()),
            created=stamp,
            updated=stamp,
            share=FlattenedShare(
                id=share_id,
                access=AccessEnum.PRIVATE,
                accessors=Accessors(iterable=[]),
                created=stamp,
                link=SHARE_LINK.format(id=share_id),
                short=SHARE_SHORT.format(prefix=share_id[:8]),
            ),
        )
        if seed is None:
            return distribution
        distribution.schema = seed.schema
        distribution.mailgun = seed.mailgun
        if not isinstance(seed.github, Unset):
            distribution.github = self._github(seed.github, stamp)
        distribution.additional_properties = _extras(
            seed.additional_properties, self._distribution_names
        )
        return distribution

    def _github(
        self, seed: SeededGitHubDistribution, stamp: GroupedTimestamp
    ) -> GitHubDistribution:
        github = GitHubDistribution(schema=seed.schema)
        if not isinstance(seed.gist, Unset):
            github.gist = self._gist(seed.gist, stamp)
        github.additional_properties = _extras(seed.additional_properties, self._github_names)
        return github

    def _gist(
        self, seed: SeededGitHubGistDistribution, stamp: GroupedTimestamp
    ) -> GitHubGistDistribution:
        # Nothing is published for real: the reference server stands in for GitHub's answer.
        github_id = uuid.uuid4().hex
        gist = GitHubGistDistribution(
            github_id=github_id,
            url=GIST_URL.format(github_id=github_id),
            name=seed.name,
            description=seed.description,
            public=True if isinstance(seed.public, Unset) else seed.public,
            recipients=(
                Recipients(iterable=[]) if isinstance(seed.recipients, Unset) else seed.recipients
            ),
            created=stamp,
            updated=stamp,
            schema=seed.schema,
        )
        gist.additional_properties = _extras(seed.additional_properties, self._gist_names)
        return gist


def _extras(extra: Mapping[str, Any], declared: frozenset[str]) -> dict[str, Any]:
    return {name: value for name, value in extra.items() if name not in declared}
