from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.embedded_model_schema import EmbeddedModelSchema
    from ..models.person_basic_type import PersonBasicType


T = TypeVar("T", bound="Recipients")


@_attrs_define
class Recipients:
    """The people a distribution goes to.

    Example:
        {'iterable': [{'email': 'grace@example.com'}]}

    Attributes:
        iterable (list[PersonBasicType]): One entry per person.
        schema (EmbeddedModelSchema | Unset): The version of the model layout that produced an object. Example:
            {'migration': 0, 'semantic': 'MAJOR_0_MINOR_0_PATCH_1'}.
    """

    iterable: list[PersonBasicType]
    schema: EmbeddedModelSchema | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        iterable = []
        for iterable_item_data in self.iterable:
            iterable_item = iterable_item_data.to_dict()
            iterable.append(iterable_item)

        schema: dict[str, Any] | Unset = UNSET
        if not isinstance(self.schema, Unset):
            schema = self.schema.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "iterable": iterable,
            }
        )
        if schema is not UNSET:
            field_dict["schema"] = schema

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.embedded_model_schema import EmbeddedModelSchema
        from ..models.person_basic_type import PersonBasicType

        d = dict(src_dict)
        iterable = []
        _iterable = d.pop("iterable")
        for iterable_item_data in _iterable:
            iterable_item = PersonBasicType.from_dict(iterable_item_data)

            iterable.append(iterable_item)

        _schema = d.pop("schema", UNSET)
        schema: EmbeddedModelSchema | Unset
        if isinstance(_schema, Unset):
            schema = UNSET
        else:
            schema = EmbeddedModelSchema.from_dict(_schema)

        recipients = cls(
            iterable=iterable,
            schema=schema,
        )

        recipients.additional_properties = d
        return recipients

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
