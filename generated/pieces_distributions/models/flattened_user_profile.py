from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from . import _new

_KNOWN_KEYS = frozenset(("id",))


@_attrs_define
class FlattenedUserProfile:
    """Boundary model. Upstream this is a user profile with entities and subscriptions drawn from the wider Pieces OS API.
    Here only `id` is required and described; every other property is accepted as it comes and kept untouched.

        Example:
            {'id': '7e6d5c4b-3a29-4180-9f8e-7d6c5b4a3928', 'username': 'grace', 'email': 'grace@example.com'}

        Attributes:
            id (str): The user's uuid.
    """

    id: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = self.id

        field_dict: dict[str, Any] = {
            **self.additional_properties,
            "id": id,
        }

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = src_dict
        id = d["id"]

        if cls is FlattenedUserProfile:
            flattened_user_profile: Self = _new(*_NEW_ARGS)
            flattened_user_profile.id = id
            flattened_user_profile.additional_properties = {}
        else:
            flattened_user_profile = cls(
                id,
            )

        if len(d) > 1:
            flattened_user_profile.additional_properties = {
                k: v for k, v in d.items() if k not in _KNOWN_KEYS
            }

        return flattened_user_profile

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
_NEW_ARGS: tuple[Any] = (FlattenedUserProfile,)
