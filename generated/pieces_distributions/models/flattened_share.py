from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime as _datetime
from typing import TYPE_CHECKING, Any, Self

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.access_enum import AccessEnum
from ..types import UNSET, Unset
from . import _gc_pause, _new

if TYPE_CHECKING:
    from collections.abc import Callable

    from ..models.accessor import Accessor
    from ..models.accessors import Accessors
    from ..models.embedded_model_schema import EmbeddedModelSchema
    from ..models.flattened_assets import FlattenedAssets
    from ..models.flattened_distributions import FlattenedDistributions
    from ..models.grouped_timestamp import GroupedTimestamp
    from ..models.score import Score

    _Accessor_from_dict: Callable[[Mapping[str, Any]], Accessor]
    _Accessors_from_dict: Callable[[Mapping[str, Any]], Accessors]
    _EmbeddedModelSchema_from_dict: Callable[[Mapping[str, Any]], EmbeddedModelSchema]
    _FlattenedAssets_from_dict: Callable[[Mapping[str, Any]], FlattenedAssets]
    _FlattenedDistributions_from_dict: Callable[
        [Mapping[str, Any]], FlattenedDistributions
    ]
    _GroupedTimestamp_from_dict: Callable[[Mapping[str, Any]], GroupedTimestamp]
    _Score_from_dict: Callable[[Mapping[str, Any]], Score]
    _Accessors_new_args: tuple[type[Accessors]]
    _GroupedTimestamp_new_args: tuple[type[GroupedTimestamp]]

# Looked up once rather than through the module and the class on every call.
_fromisoformat = _datetime.fromisoformat

# Each enum's declared members by value (str_enum.py.jinja), bound once for from_dict.
_AccessEnum_by_value = AccessEnum._by_value


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
        _paused = not _gc_pause.held and _gc_pause.begin()
        try:
            if not _other_models_loaded:
                _load_other_models()
            d = src_dict
            id = d["id"]

            link = d["link"]

            access = _AccessEnum_by_value.get(d["access"]) or AccessEnum(d["access"])

            _accessors = d["accessors"]
            if len(_accessors) == 1:
                accessors = _new(*_Accessors_new_args)
                _accessors_iterable = []
                for _accessors_iterable_item in _accessors["iterable"]:
                    _accessors_iterable.append(
                        _Accessor_from_dict(_accessors_iterable_item)
                    )
                accessors.iterable = _accessors_iterable
                accessors.schema = UNSET
                accessors.additional_properties = {}
            else:
                accessors = _Accessors_from_dict(_accessors)

            _created = d["created"]
            if len(_created) == 1:
                created = _new(*_GroupedTimestamp_new_args)
                try:
                    created.value = _fromisoformat(_created["value"])
                except ValueError:
                    created.value = _fromisoformat(_created["value"].upper())
                created.schema = created.readable = UNSET
                created.additional_properties = {}
            else:
                created = _GroupedTimestamp_from_dict(_created)

            short = d["short"]

            if cls is FlattenedShare and len(d) == 6:
                flattened_share: Self = _new(*_NEW_ARGS)
                flattened_share.id = id
                flattened_share.link = link
                flattened_share.access = access
                flattened_share.accessors = accessors
                flattened_share.created = created
                flattened_share.short = short
                flattened_share.schema = flattened_share.asset = UNSET
                flattened_share.assets = flattened_share.name = UNSET
                flattened_share.user = flattened_share.distributions = UNSET
                flattened_share.score = UNSET
                flattened_share.additional_properties = {}
                return flattened_share

            _seen = 6
            schema: EmbeddedModelSchema | Unset
            if "schema" in d:
                schema = _EmbeddedModelSchema_from_dict(d["schema"])
                _seen += 1
            else:
                schema = UNSET

            if "asset" in d:
                asset = d["asset"]
                _seen += 1
            else:
                asset = UNSET

            assets: FlattenedAssets | Unset
            if "assets" in d:
                assets = _FlattenedAssets_from_dict(d["assets"])
                _seen += 1
            else:
                assets = UNSET

            if "name" in d:
                name = d["name"]
                _seen += 1
            else:
                name = UNSET

            if "user" in d:
                user = d["user"]
                _seen += 1
            else:
                user = UNSET

            distributions: FlattenedDistributions | Unset
            if "distributions" in d:
                distributions = _FlattenedDistributions_from_dict(d["distributions"])
                _seen += 1
            else:
                distributions = UNSET

            score: Score | Unset
            if "score" in d:
                score = _Score_from_dict(d["score"])
                _seen += 1
            else:
                score = UNSET

            if cls is FlattenedShare:
                flattened_share = _new(*_NEW_ARGS)
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

            if len(d) > _seen:
                flattened_share.additional_properties = {
                    k: v for k, v in d.items() if k not in _KNOWN_KEYS
                }

            return flattened_share
        finally:
            if _paused:
                _gc_pause.end()

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


# object.__new__'s argument tuple for this class, made once: from_dict calls _new(*_NEW_ARGS),
# which passes this very tuple on, where _new(cls) would pack a new one for every instance
# (about a tenth of from_dict's instructions). Typed Any so that from_dict's result is Self.
_NEW_ARGS: tuple[Any] = (FlattenedShare,)


# The models this one uses are imported on its first from_dict or to_dict, not with the module:
# importing one model stays cheap, models that refer to each other still import, and from then on
# each use is a plain global lookup rather than an import statement on every call.
_other_models_loaded = False


def _load_other_models() -> None:
    global _other_models_loaded
    from ..models.accessor import Accessor
    from ..models.accessors import Accessors
    from ..models.embedded_model_schema import EmbeddedModelSchema
    from ..models.flattened_assets import FlattenedAssets
    from ..models.flattened_distributions import FlattenedDistributions
    from ..models.grouped_timestamp import GroupedTimestamp
    from ..models.score import Score

    globals().update(
        Accessor=Accessor,
        Accessors=Accessors,
        EmbeddedModelSchema=EmbeddedModelSchema,
        FlattenedAssets=FlattenedAssets,
        FlattenedDistributions=FlattenedDistributions,
        GroupedTimestamp=GroupedTimestamp,
        Score=Score,
        _Accessor_from_dict=Accessor.from_dict,
        _Accessors_from_dict=Accessors.from_dict,
        _EmbeddedModelSchema_from_dict=EmbeddedModelSchema.from_dict,
        _FlattenedAssets_from_dict=FlattenedAssets.from_dict,
        _FlattenedDistributions_from_dict=FlattenedDistributions.from_dict,
        _GroupedTimestamp_from_dict=GroupedTimestamp.from_dict,
        _Score_from_dict=Score.from_dict,
        _Accessors_new_args=(Accessors,),
        _GroupedTimestamp_new_args=(GroupedTimestamp,),
    )
    _other_models_loaded = True
