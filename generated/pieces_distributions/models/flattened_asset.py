from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from . import _new

_KNOWN_KEYS = frozenset(("id",))


@_attrs_define
class FlattenedAsset:
    """Boundary model. Upstream this is a full asset (formats, preview, activities and about twenty more fields) that pulls
    in most of the Pieces OS API. Here only `id` is required and described; every other property is accepted as it comes
    and kept untouched, so a client survives whatever a real server puts in it.

        Example:
            {'id': '4b8a2e6f-0c1d-4937-8e5a-b2c4d6f8a0e1', 'name': 'retry_with_backoff.py', 'mechanism': 'MANUAL'}

        Attributes:
            id (str): The asset's uuid.
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

        if cls is FlattenedAsset:
            flattened_asset: Self = _new(*_NEW_ARGS)
            flattened_asset.id = id
            flattened_asset.additional_properties = {}
        else:
            flattened_asset = cls(
                id,
            )

        if len(d) > 1:
            flattened_asset.additional_properties = {
                k: v for k, v in d.items() if k not in _KNOWN_KEYS
            }

        return flattened_asset

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
_NEW_ARGS: tuple[Any] = (FlattenedAsset,)
