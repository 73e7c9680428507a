"""New distributions, built from a seed with the generated pieces_distributions models."""

from __future__ import annotations

import os
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
    SeededGitHubDistribution,
    SeededGitHubGistDistribution,
)
from pieces_distributions.types import Unset

from .spec import DISTRIBUTION_SCHEMA, SEED_SCHEMA, Spec, SpecError

SHARE_LINK = "https://pieces.link/s/{id}"
SHARE_SHORT = "https://pieces.link/{prefix}"
GIST_URL = "https://gist.github.com/{github_id}"


def timestamp(moment: datetime) -> GroupedTimestamp:
    """A GroupedTimestamp in UTC: RFC 3339 with an explicit +00:00 offset, plus readable text."""
    moment = moment.astimezone(UTC)
    # "%Y-%m-%d %H:%M:%S UTC", from isoformat, which is several times quicker than strftime.
    readable = moment.isoformat(" ", "seconds")[:19] + " UTC"
    return GroupedTimestamp(value=moment, readable=readable)


def new_ids() -> tuple[str, str]:
    """Two random (version 4) UUIDs in their usual text form, from one read of os.urandom.

    The same randomness as uuid.uuid4(), without building two UUID objects, which cost more
    than the rest of a create's ids and timestamps together.
    """
    digits = os.urandom(32).hex()
    return _uuid4_text(digits[:32]), _uuid4_text(digits[32:])


def _uuid4_text(digits: str) -> str:
    # Version nibble 4; variant bits 10 (RFC 9562), so the 17th digit is one of 8, 9, a, b.
    variant = "89ab"[int(digits[16], 16) & 3]
    return f"{digits[:8]}-{digits[8:12]}-4{digits[13:16]}-{variant}{digits[17:20]}-{digits[20:]}"


# Annotations: two property schemas that differ only in these describe the same values.
_ANNOTATIONS = frozenset({"description", "example", "examples", "title", "externalDocs"})
# Seed properties whose schema differs from the one Distribution declares for the same name: the
# server completes them (see DistributionFactory._github) instead of copying them.
COMPLETED = frozenset({"github"})


def _same_schema(one: Mapping[str, Any], other: Mapping[str, Any]) -> bool:
    def essence(schema: Mapping[str, Any]) -> dict[str, Any]:
        return {key: value for key, value in schema.items() if key not in _ANNOTATIONS}

    return essence(one) == essence(other)


class DistributionFactory:
    """Completes seeds into distributions: ids, timestamps, a private share, gist id and URL.

    What is copied from a seed is read from the spec: every property that SeededDistribution and
    Distribution both declare with the same schema is copied as sent (the seed has been validated
    against that very schema), so a property added to both in openapi.yaml reaches responses
    with no change here, even before `make generate` teaches the models about it. A property both
    declare with different schemas needs the server to complete it (COMPLETED: `github`, whose
    gist gets its GitHub id and URL); one the server does not know how to complete stops it at
    start-up.

    The server-assigned part (id, timestamps, share) and the completed GitHub part are built with
    the generated models and their to_dict().

    Properties a seed carries beyond its schema are kept, unless the distribution's own schema
    declares a property of that name: a seed must not be able to supply, say, `deleted` or a
    gist `url` in a shape the response schema forbids.
    """

    def __init__(
        self, spec: Spec, clock: Callable[[], datetime] = lambda: datetime.now(UTC)
    ) -> None:
        self._clock = clock
        seeded = spec.schema(SEED_SCHEMA).get("properties", {})
        made = spec.schema(DISTRIBUTION_SCHEMA).get("properties", {})
        shared = [name for name in seeded if name in made]
        self._copied = tuple(
            name
            for name in shared
            if name not in COMPLETED and _same_schema(seeded[name], made[name])
        )
        unknown = [name for name in shared if name not in COMPLETED and name not in self._copied]
        if unknown:
            raise SpecError(
                f"{spec.path}: {SEED_SCHEMA} and {DISTRIBUTION_SCHEMA} declare"
                f" {', '.join(unknown)} with different schemas; the server can only copy a seed"
                " property whose schema is the distribution's own"
            )
        self._completed = tuple(name for name in shared if name in COMPLETED)
        self._distribution_names = frozenset(made)
        self._github_names = spec.property_names("GitHubDistribution")
        self._gist_names = spec.property_names("GitHubGistDistribution")

    def create(self, seed: Mapping[str, Any] | None) -> dict[str, Any]:
        """The new distribution as a JSON document (a Distribution's to_dict() shape)."""
        stamp = timestamp(self._clock())
        distribution_id, share_id = new_ids()
        document = Distribution(
            id=distribution_id,
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
        ).to_dict()
        if not seed:
            return document
        for name in self._copied:
            if name in seed:
                document[name] = seed[name]
        if "github" in self._completed and "github" in seed:
            github = SeededGitHubDistribution.from_dict(seed["github"])
            document["github"] = self._github(github, stamp).to_dict()
        extras = _extras(seed, self._distribution_names)
        # Additional properties come first, as Distribution.to_dict() places them.
        return {**extras, **document} if extras else document

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
