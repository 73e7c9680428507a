from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset
from . import _new

if TYPE_CHECKING:
    from collections.abc import Callable

    from ..models.embedded_model_schema import EmbeddedModelSchema
    from ..models.flattened_user_profile import FlattenedUserProfile

    _EmbeddedModelSchema_from_dict: Callable[[Mapping[str, Any]], EmbeddedModelSchema]
    _FlattenedUserProfile_from_dict: Callable[[Mapping[str, Any]], FlattenedUserProfile]


_KNOWN_KEYS = frozenset(
    (
        "id",
        "os",
        "share",
        "count",
        "schema",
        "user",
    )
)


@_attrs_define
class Accessor:
    """One accessor of a share, with how many times it opened it.

    Example:
        {'id': '3c9e1f7a-5b2d-4086-a4e1-6f8b0d2c7e59', 'os': '0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d', 'share':
            '6d4b2f8e-1a9c-4e37-b052-8c3f7a1d9e64', 'count': 2, 'user': {'id': '7e6d5c4b-3a29-4180-9f8e-7d6c5b4a3928',
            'username': 'grace'}}

    Attributes:
        id (str): The accessor's uuid.
        os (str): The id of the Pieces OS installation that opened the share.
        share (str): The id of the share opened.
        count (int): How many times the share was opened.
        schema (EmbeddedModelSchema | Unset): The version of the model layout that produced an object. Example:
            {'migration': 0, 'semantic': 'MAJOR_0_MINOR_0_PATCH_1'}.
        user (FlattenedUserProfile | Unset): Boundary model. Upstream this is a user profile with entities and
            subscriptions drawn from the wider Pieces OS API. Here only `id` is required and described; every other property
            is accepted as it comes and kept untouched. Example: {'id': '7e6d5c4b-3a29-4180-9f8e-7d6c5b4a3928', 'username':
            'grace', 'email': 'grace@example.com'}.
    """

    id: str
    os: str
    share: str
    count: int
    schema: EmbeddedModelSchema | Unset = UNSET
    user: FlattenedUserProfile | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        if not _other_models_loaded:
            _load_other_models()
        id = self.id

        os = self.os

        share = self.share

        count = self.count

        schema: dict[str, Any] | Unset = UNSET
        if not isinstance(self.schema, Unset):
            schema = self.schema.to_dict()

        user: dict[str, Any] | Unset = UNSET
        if not isinstance(self.user, Unset):
            user = self.user.to_dict()

        field_dict: dict[str, Any] = {
            **self.additional_properties,
            "id": id,
            "os": os,
            "share": share,
            "count": count,
        }
        if schema is not UNSET:
            field_dict["schema"] = schema
        if user is not UNSET:
            field_dict["user"] = user

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        if not _other_models_loaded:
            _load_other_models()
        d = src_dict
        id = d["id"]

        os = d["os"]

        share = d["share"]

        count = d["count"]

        if cls is Accessor and len(d) == 4:
            accessor: Self = _new(*_NEW_ARGS)
            accessor.id = id
            accessor.os = os
            accessor.share = share
            accessor.count = count
            accessor.schema = accessor.user = UNSET
            accessor.additional_properties = {}
            return accessor

        _seen = 4
        schema: EmbeddedModelSchema | Unset
        if "schema" in d:
            schema = _EmbeddedModelSchema_from_dict(d["schema"])
            _seen += 1
        else:
            schema = UNSET

        user: FlattenedUserProfile | Unset
        if "user" in d:
            user = _FlattenedUserProfile_from_dict(d["user"])
            _seen += 1
        else:
            user = UNSET

        if cls is Accessor:
            accessor = _new(*_NEW_ARGS)
            accessor.id = id
            accessor.os = os
            accessor.share = share
            accessor.count = count
            accessor.schema = schema
            accessor.user = user
            accessor.additional_properties = {}
        else:
            accessor = cls(
                id,
                os,
                share,
                count,
                schema,
                user,
            )

        if len(d) > _seen:
            accessor.additional_properties = {
                k: v for k, v in d.items() if k not in _KNOWN_KEYS
            }

        return accessor

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
_NEW_ARGS: tuple[Any] = (Accessor,)


# The models this one uses are imported on its first from_dict or to_dict, not with the module:
# importing one model stays cheap, models that refer to each other still import, and from then on
# each use is a plain global lookup rather than an import statement on every call.
_other_models_loaded = False


def _load_other_models() -> None:
    global _other_models_loaded
    from ..models.embedded_model_schema import EmbeddedModelSchema
    from ..models.flattened_user_profile import FlattenedUserProfile

    globals().update(
        EmbeddedModelSchema=EmbeddedModelSchema,
        FlattenedUserProfile=FlattenedUserProfile,
        _EmbeddedModelSchema_from_dict=EmbeddedModelSchema.from_dict,
        _FlattenedUserProfile_from_dict=FlattenedUserProfile.from_dict,
    )
    _other_models_loaded = True
