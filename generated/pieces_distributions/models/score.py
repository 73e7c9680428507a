from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.embedded_model_schema import EmbeddedModelSchema


T = TypeVar("T", bound="Score")


@_attrs_define
class Score:
    """Usage counters that rank an object.

    Example:
        {'manual': 0, 'automatic': 3}

    Attributes:
        manual (int): Score given by hand.
        automatic (int): Score computed by Pieces.
        schema (EmbeddedModelSchema | Unset): The version of the model layout that produced an object. Example:
            {'migration': 0, 'semantic': 'MAJOR_0_MINOR_0_PATCH_1'}.
        priority (int | Unset): Priority score.
        reuse (int | Unset): How often the object was reused.
        update (int | Unset): How often the object was updated.
        reference (int | Unset): How often the object was referenced.
        searched (int | Unset): How often the object turned up in searches.
    """

    manual: int
    automatic: int
    schema: EmbeddedModelSchema | Unset = UNSET
    priority: int | Unset = UNSET
    reuse: int | Unset = UNSET
    update: int | Unset = UNSET
    reference: int | Unset = UNSET
    searched: int | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        manual = self.manual

        automatic = self.automatic

        schema: dict[str, Any] | Unset = UNSET
        if not isinstance(self.schema, Unset):
            schema = self.schema.to_dict()

        priority = self.priority

        reuse = self.reuse

        update = self.update

        reference = self.reference

        searched = self.searched

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "manual": manual,
                "automatic": automatic,
            }
        )
        if schema is not UNSET:
            field_dict["schema"] = schema
        if priority is not UNSET:
            field_dict["priority"] = priority
        if reuse is not UNSET:
            field_dict["reuse"] = reuse
        if update is not UNSET:
            field_dict["update"] = update
        if reference is not UNSET:
            field_dict["reference"] = reference
        if searched is not UNSET:
            field_dict["searched"] = searched

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.embedded_model_schema import EmbeddedModelSchema

        d = dict(src_dict)
        manual = d.pop("manual")

        automatic = d.pop("automatic")

        _schema = d.pop("schema", UNSET)
        schema: EmbeddedModelSchema | Unset
        if isinstance(_schema, Unset):
            schema = UNSET
        else:
            schema = EmbeddedModelSchema.from_dict(_schema)

        priority = d.pop("priority", UNSET)

        reuse = d.pop("reuse", UNSET)

        update = d.pop("update", UNSET)

        reference = d.pop("reference", UNSET)

        searched = d.pop("searched", UNSET)

        score = cls(
            manual=manual,
            automatic=automatic,
            schema=schema,
            priority=priority,
            reuse=reuse,
            update=update,
            reference=reference,
            searched=searched,
        )

        score.additional_properties = d
        return score

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
