from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.embedded_model_schema import EmbeddedModelSchema
    from ..models.flattened_distribution import FlattenedDistribution


T = TypeVar("T", bound="ReferencedDistribution")


@_attrs_define
class ReferencedDistribution:
    """A distribution's id, with the flattened distribution when the server includes it.

    Example:
        {'id': '2a7e9c14-3b5d-4f86-a0c2-9d1e8b7f6a53'}

    Attributes:
        id (str): The distribution's uuid.
        schema (EmbeddedModelSchema | Unset): The version of the model layout that produced an object. Example:
            {'migration': 0, 'semantic': 'MAJOR_0_MINOR_0_PATCH_1'}.
        reference (FlattenedDistribution | Unset): A distribution whose share is given by id rather than in full.
            Example: {'id': '2a7e9c14-3b5d-4f86-a0c2-9d1e8b7f6a53', 'share': '6d4b2f8e-1a9c-4e37-b052-8c3f7a1d9e64',
            'created': {'value': '2026-11-27T10:00:00+00:00'}, 'updated': {'value': '2026-11-27T10:00:00+00:00'}}.
    """

    id: str
    schema: EmbeddedModelSchema | Unset = UNSET
    reference: FlattenedDistribution | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = self.id

        schema: dict[str, Any] | Unset = UNSET
        if not isinstance(self.schema, Unset):
            schema = self.schema.to_dict()

        reference: dict[str, Any] | Unset = UNSET
        if not isinstance(self.reference, Unset):
            reference = self.reference.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
            }
        )
        if schema is not UNSET:
            field_dict["schema"] = schema
        if reference is not UNSET:
            field_dict["reference"] = reference

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.embedded_model_schema import EmbeddedModelSchema
        from ..models.flattened_distribution import FlattenedDistribution

        d = dict(src_dict)
        id = d.pop("id")

        _schema = d.pop("schema", UNSET)
        schema: EmbeddedModelSchema | Unset
        if isinstance(_schema, Unset):
            schema = UNSET
        else:
            schema = EmbeddedModelSchema.from_dict(_schema)

        _reference = d.pop("reference", UNSET)
        reference: FlattenedDistribution | Unset
        if isinstance(_reference, Unset):
            reference = UNSET
        else:
            reference = FlattenedDistribution.from_dict(_reference)

        referenced_distribution = cls(
            id=id,
            schema=schema,
            reference=reference,
        )

        referenced_distribution.additional_properties = d
        return referenced_distribution

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
