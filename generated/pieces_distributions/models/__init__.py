"""Contains all the data models used in inputs/outputs

Each model's module is imported the first time its name is used (PEP 562), so that importing one
model does not build every other class.
"""

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .access_enum import AccessEnum
    from .accessor import Accessor
    from .accessors import Accessors
    from .distribution import Distribution
    from .distributions import Distributions
    from .embedded_model_schema import EmbeddedModelSchema
    from .embedded_model_schema_semantic_version_enum import (
        EmbeddedModelSchemaSemanticVersionEnum,
    )
    from .externally_sourced_enum import ExternallySourcedEnum
    from .flattened_asset import FlattenedAsset
    from .flattened_assets import FlattenedAssets
    from .flattened_assets_indices import FlattenedAssetsIndices
    from .flattened_distribution import FlattenedDistribution
    from .flattened_distributions import FlattenedDistributions
    from .flattened_share import FlattenedShare
    from .flattened_user_profile import FlattenedUserProfile
    from .git_hub_distribution import GitHubDistribution
    from .git_hub_gist_distribution import GitHubGistDistribution
    from .grouped_timestamp import GroupedTimestamp
    from .mailgun_distribution import MailgunDistribution
    from .mailgun_metadata import MailgunMetadata
    from .person_basic_type import PersonBasicType
    from .recipients import Recipients
    from .referenced_asset import ReferencedAsset
    from .referenced_distribution import ReferencedDistribution
    from .score import Score
    from .seeded_distribution import SeededDistribution
    from .seeded_git_hub_distribution import SeededGitHubDistribution
    from .seeded_git_hub_gist_distribution import SeededGitHubGistDistribution

__all__ = (
    "AccessEnum",
    "Accessor",
    "Accessors",
    "Distribution",
    "Distributions",
    "EmbeddedModelSchema",
    "EmbeddedModelSchemaSemanticVersionEnum",
    "ExternallySourcedEnum",
    "FlattenedAsset",
    "FlattenedAssets",
    "FlattenedAssetsIndices",
    "FlattenedDistribution",
    "FlattenedDistributions",
    "FlattenedShare",
    "FlattenedUserProfile",
    "GitHubDistribution",
    "GitHubGistDistribution",
    "GroupedTimestamp",
    "MailgunDistribution",
    "MailgunMetadata",
    "PersonBasicType",
    "Recipients",
    "ReferencedAsset",
    "ReferencedDistribution",
    "Score",
    "SeededDistribution",
    "SeededGitHubDistribution",
    "SeededGitHubGistDistribution",
)

_MODULES = {
    "AccessEnum": "access_enum",
    "Accessor": "accessor",
    "Accessors": "accessors",
    "Distribution": "distribution",
    "Distributions": "distributions",
    "EmbeddedModelSchema": "embedded_model_schema",
    "EmbeddedModelSchemaSemanticVersionEnum": "embedded_model_schema_semantic_version_enum",
    "ExternallySourcedEnum": "externally_sourced_enum",
    "FlattenedAsset": "flattened_asset",
    "FlattenedAssets": "flattened_assets",
    "FlattenedAssetsIndices": "flattened_assets_indices",
    "FlattenedDistribution": "flattened_distribution",
    "FlattenedDistributions": "flattened_distributions",
    "FlattenedShare": "flattened_share",
    "FlattenedUserProfile": "flattened_user_profile",
    "GitHubDistribution": "git_hub_distribution",
    "GitHubGistDistribution": "git_hub_gist_distribution",
    "GroupedTimestamp": "grouped_timestamp",
    "MailgunDistribution": "mailgun_distribution",
    "MailgunMetadata": "mailgun_metadata",
    "PersonBasicType": "person_basic_type",
    "Recipients": "recipients",
    "ReferencedAsset": "referenced_asset",
    "ReferencedDistribution": "referenced_distribution",
    "Score": "score",
    "SeededDistribution": "seeded_distribution",
    "SeededGitHubDistribution": "seeded_git_hub_distribution",
    "SeededGitHubGistDistribution": "seeded_git_hub_gist_distribution",
}


def __getattr__(name: str) -> Any:
    module = _MODULES.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(import_module(f"{__name__}.{module}"), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return [*globals(), *__all__]
