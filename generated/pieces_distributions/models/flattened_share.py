from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.access_enum import AccessEnum
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.accessors import Accessors
    from ..models.embedded_model_schema import EmbeddedModelSchema
    from ..models.flattened_assets import FlattenedAssets
    from ..models.flattened_distributions import FlattenedDistributions
    from ..models.grouped_timestamp import GroupedTimestamp
    from ..models.score import Score


_KNOWN_KEYS = frozenset(
    (
        "id",
        "link",
        "access",
        "accessors",
        "created",
        "short",
        "schema",
        "asset",
        "assets",
        "name",
        "user",
        "distributions",
        "score",
    )
)


@_attrs_define
class FlattenedShare:
    """A share as a distribution carries it: who may open it, its links, and the assets and distributions it refers to by
    id.

        Example:
            {'id': '6d4b2f8e-1a9c-4e37-b052-8c3f7a1d9e64', 'access': 'PRIVATE', 'accessors': {'iterable': []}, 'created':
                {'value': '2026-11-27T10:00:00+00:00'}, 'link': 'https://pieces.link/s/6d4b2f8e-1a9c-4e37-b052-8c3f7a1d9e64',
                'short': 'https://pieces.link/6d4b2f8e'}

        Attributes:
            id (str): The share's uuid.
            link (str): The full URL that opens the share.
            access (AccessEnum): Who may open a share. Example: PRIVATE.
            accessors (Accessors): The people and machines that opened a share. Example: {'iterable': [{'id':
                '3c9e1f7a-5b2d-4086-a4e1-6f8b0d2c7e59', 'os': '0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d', 'share':
                '6d4b2f8e-1a9c-4e37-b052-8c3f7a1d9e64', 'count': 2}]}.
            created (GroupedTimestamp): A moment in time, as an RFC 3339 date-time and optionally as readable text. Example:
                {'value': '2026-11-27T09:15:02.318000+00:00', 'readable': '2026-11-27 09:15:02 UTC'}.
            short (str): A short URL for the share.
            schema (EmbeddedModelSchema | Unset): The version of the model layout that produced an object. Example:
                {'migration': 0, 'semantic': 'MAJOR_0_MINOR_0_PATCH_1'}.
            asset (str | Unset): The id of the single asset shared, when there is one.
            assets (FlattenedAssets | Unset): Assets referred to by id, with optional ranking information. Example:
                {'iterable': [{'id': '4b8a2e6f-0c1d-4937-8e5a-b2c4d6f8a0e1'}], 'indices':
                {'4b8a2e6f-0c1d-4937-8e5a-b2c4d6f8a0e1': 0}}.
            name (str | Unset): The share's display name.
            user (str | Unset): The id of the user who owns the share.
            distributions (FlattenedDistributions | Unset): Distributions referred to by id, as a share carries them.
                Example: {'iterable': [{'id': '2a7e9c14-3b5d-4f86-a0c2-9d1e8b7f6a53'}]}.
            score (Score | Unset): Usage counters that rank an object. Example: {'manual': 0, 'automatic': 3}.
    """

    id: str
    link: str
    access: AccessEnum
    accessors: Accessors
    created: GroupedTimestamp
    short: str
    schema: EmbeddedModelSchema | Unset = UNSET
    asset: str | Unset = UNSET
    assets: FlattenedAssets | Unset = UNSET
    name: str | Unset = UNSET
    user: str | Unset = UNSET
    distributions: FlattenedDistributions | Unset = UNSET
    score: Score | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        if not _other_models_loaded:
            _load_other_models()
        id = self.id

        link = self.link

        access = self.access.value

        accessors = self.accessors.to_dict()

        created = self.created.to_dict()

        short = self.short

        schema: dict[str, Any] | Unset = UNSET
        if not isinstance(self.schema, Unset):
            schema = self.schema.to_dict()

        asset = self.asset

        assets: dict[str, Any] | Unset = UNSET
        if not isinstance(self.assets, Unset):
            assets = self.assets.to_dict()

        name = self.name

        user = self.user

        distributions: dict[str, Any] | Unset = UNSET
        if not isinstance(self.distributions, Unset):
            distributions = self.distributions.to_dict()

        score: dict[str, Any] | Unset = UNSET
        if not isinstance(self.score, Unset):
            score = self.score.to_dict()

        field_dict: dict[str, Any] = {
            **self.additional_properties,
            "id": id,
            "link": link,
            "access": access,
            "accessors": accessors,
            "created": created,
            "short": short,
        }
        if schema is not UNSET:
            field_dict["schema"] = schema
        if asset is not UNSET:
            field_dict["asset"] = asset
        if assets is not UNSET:
            field_dict["assets"] = assets
        if name is not UNSET:
            field_dict["name"] = name
        if user is not UNSET:
            field_dict["user"] = user
        if distributions is not UNSET:
            field_dict["distributions"] = distributions
        if score is not UNSET:
            field_dict["score"] = score

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        if not _other_models_loaded:
            _load_other_models()
        d = src_dict
        id = d["id"]

        link = d["link"]

        access = AccessEnum._by_value.get(d["access"]) or AccessEnum(d["access"])

        accessors = Accessors.from_dict(d["accessors"])

        created = GroupedTimestamp.from_dict(d["created"])

        short = d["short"]

        _schema = d.get("schema", UNSET)
        schema: EmbeddedModelSchema | Unset
        if _schema is UNSET:
            schema = UNSET
        else:
            schema = EmbeddedModelSchema.from_dict(_schema)

        asset = d.get("asset", UNSET)

        _assets = d.get("assets", UNSET)
        assets: FlattenedAssets | Unset
        if _assets is UNSET:
            assets = UNSET
        else:
            assets = FlattenedAssets.from_dict(_assets)

        name = d.get("name", UNSET)

        user = d.get("user", UNSET)

        _distributions = d.get("distributions", UNSET)
        distributions: FlattenedDistributions | Unset
        if _distributions is UNSET:
            distributions = UNSET
        else:
            distributions = FlattenedDistributions.from_dict(_distributions)

        _score = d.get("score", UNSET)
        score: Score | Unset
        if _score is UNSET:
            score = UNSET
        else:
            score = Score.from_dict(_score)

        if cls is FlattenedShare:
            flattened_share = object.__new__(cls)
            flattened_share.id = id
            flattened_share.link = link
            flattened_share.access = access
            flattened_share.accessors = accessors
            flattened_share.created = created
            flattened_share.short = short
            flattened_share.schema = schema
            flattened_share.asset = asset
            flattened_share.assets = assets
            flattened_share.name = name
            flattened_share.user = user
            flattened_share.distributions = distributions
            flattened_share.score = score
            flattened_share.additional_properties = {}
        else:
            flattened_share = cls(
                id,
                link,
                access,
                accessors,
                created,
                short,
                schema,
                asset,
                assets,
                name,
                user,
                distributions,
                score,
            )

        if len(d) > 6 and not d.keys() <= _KNOWN_KEYS:
            flattened_share.additional_properties = {
                k: v for k, v in d.items() if k not in _KNOWN_KEYS
            }

        return flattened_share

    @property
    def additional_keys(self) -> list[str]:
        return list(self.additional_properties.keys())

    def __getitem__(self, key: str) -> Any:
        return self.additional_properties[key]

    def __setitem__(self, key: str, value: Any) -> None:
        self.additional_properties[key] = value

    def __delitem__(self, key: str) -> None:
        del self.additional_properties[key]

    def __contains__(self, key: str) -> bool:
        return key in self.additional_properties


# The models this one uses are imported on its first from_dict or to_dict, not with the module:
# importing one model stays cheap, models that refer to each other still import, and from then on
# each use is a plain global lookup rather than an import statement on every call.
_other_models_loaded = False


def _load_other_models() -> None:
    global _other_models_loaded
    from ..models.accessors import Accessors
    from ..models.embedded_model_schema import EmbeddedModelSchema
    from ..models.flattened_assets import FlattenedAssets
    from ..models.flattened_distributions import FlattenedDistributions
    from ..models.grouped_timestamp import GroupedTimestamp
    from ..models.score import Score

    globals().update(
        Accessors=Accessors,
        EmbeddedModelSchema=EmbeddedModelSchema,
        FlattenedAssets=FlattenedAssets,
        FlattenedDistributions=FlattenedDistributions,
        GroupedTimestamp=GroupedTimestamp,
        Score=Score,
    )
    _other_models_loaded = True
