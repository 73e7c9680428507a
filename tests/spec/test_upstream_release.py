"""docs/upstream-release.md's walk-through, run on a copy: an older SDK against today's fixtures.

The walk starts from `pieces_os_client` 4.0.4 (interop/requirements-upstream-old.txt, installed
in .venv-upstream-old by `make upstream-old-venv`). scripts/upstream_models.py derives the
fixtures from it into a temporary folder, and they must differ from the committed ones (derived
from the pinned 5.x SDK) exactly as the SDK's history says: nothing more, nothing less. The
document quotes these lines; the test keeps it honest.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from scripts.upstream_models import differences
from tests.support.upstream import OLD_VENV, ROOT, Derived, derived, read_fixtures

OLD_VERSION = "4.0.4"
OLD_REQUIREMENTS = ROOT / "interop" / "requirements-upstream-old.txt"

ENUM_EXTERNAL = [
    "TWITTER",
    "MEDIUM",
    "LINKED_IN",
    "INSTAGRAM",
    "FACEBOOK",
    "REDDIT",
    "DISCORD",
    "BIT_BUCKET",
    "GIT_LAB",
    "GIT_HUB",
    "SLACK",
    "MAILGUN",
]

# What upstream's API gained between 4.0.4 and the pinned SDK.
API_HISTORY = [
    # The UNKNOWN member that newer SDKs fall back to for a value they do not know.
    "AccessEnum.enum: fixture ['UNKNOWN', 'PUBLIC', 'PRIVATE'], SDK ['PUBLIC', 'PRIVATE']",
    "EmbeddedModelSchemaSemanticVersionEnum.enum: fixture ['UNKNOWN', 'MAJOR_0_MINOR_0_PATCH_1'], "
    "SDK ['MAJOR_0_MINOR_0_PATCH_1']",
    f"ExternallySourcedEnum.enum: fixture {['UNKNOWN', *ENUM_EXTERNAL]!r}, SDK {ENUM_EXTERNAL!r}",
    # New properties of the boundary models (open objects in openapi.yaml: no spec edit).
    "FlattenedAsset.properties.messages: in the fixture, not in the SDK",
    "FlattenedUserProfile.properties.entities: in the fixture, not in the SDK",
    "FlattenedUserProfile.properties.subscriptions: in the fixture, not in the SDK",
    # The `application` API key (X-Application-ID) on the Distributions operations.
    "distributions_create_new_distribution.security: fixture ['application'], SDK []",
    "distributions_delete_specific_distribution.security: fixture ['application'], SDK []",
    "distributions_snapshot.security: fixture ['application'], SDK []",
    # A WellKnown operation that 4.0.4 does not have.
    "get_installation_path: in the fixture, not in the SDK",
]

# What the 4.x generator (pydantic 1) cannot say, though the API may have had it: it writes no
# default for an enum-typed property (it does for strings: UserProfile.picture), and no
# response map at all for an operation without a response body.
GENERATOR_HISTORY = [
    "EmbeddedModelSchema.properties.semantic.default: in the fixture, not in the SDK",
    "distributions_delete_specific_distribution.responses.204: in the fixture, not in the SDK",
    "distributions_delete_specific_distribution.responses.500: in the fixture, not in the SDK",
]


@pytest.fixture(scope="module")
def old(tmp_path_factory: pytest.TempPathFactory) -> Derived:
    return derived(OLD_VENV, tmp_path_factory.mktemp("upstream-old"))


def _installed_version(venv: Path) -> str:
    [dist] = venv.glob("lib/python*/site-packages/pieces_os_client-*.dist-info")
    return dist.name.removeprefix("pieces_os_client-").removesuffix(".dist-info")


def test_old_venv_has_the_sdk_the_walk_starts_from() -> None:
    # The expected differences below belong to this version and no other.
    assert f"pieces_os_client=={OLD_VERSION}\n" in OLD_REQUIREMENTS.read_text(encoding="utf-8")
    assert _installed_version(OLD_VENV) == OLD_VERSION, "run `make upstream-old-venv`"


def test_older_sdk_differs_exactly_by_its_history(old: Derived) -> None:
    committed = read_fixtures()
    found = differences(committed.models, old.models) + differences(
        committed.operations, old.operations
    )
    assert sorted(found) == sorted(API_HISTORY + GENERATOR_HISTORY)
