"""Contains all the data models used in inputs/outputs"""

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
