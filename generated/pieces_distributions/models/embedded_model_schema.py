from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.embedded_model_schema_semantic_version_enum import (
    EmbeddedModelSchemaSemanticVersionEnum,
)
from . import _new

# Each enum's declared members by value (str_enum.py.jinja), bound once for from_dict.
_EmbeddedModelSchemaSemanticVersionEnum_by_value = (
    EmbeddedModelSchemaSemanticVersionEnum._by_value
)


_KNOWN_KEYS = frozenset(
    (
        "migration",
        "semantic",
    )
)


@_attrs_define
class EmbeddedModelSchema:
    """The version of the model layout that produced an object.

    Example:
        {'migration': 0, 'semantic': 'MAJOR_0_MINOR_0_PATCH_1'}

    Attributes:
        migration (int): The migration number of the model layout.
        semantic (EmbeddedModelSchemaSemanticVersionEnum): The semantic version of the model layout. Example:
            MAJOR_0_MINOR_0_PATCH_1.
    """

    migration: int
    semantic: EmbeddedModelSchemaSemanticVersionEnum
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        migration = self.migration

        semantic = self.semantic.value

        field_dict: dict[str, Any] = {
            **self.additional_properties,
            "migration": migration,
            "semantic": semantic,
        }

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = src_dict
        migration = d["migration"]

        semantic = _EmbeddedModelSchemaSemanticVersionEnum_by_value.get(
            d["semantic"]
        ) or EmbeddedModelSchemaSemanticVersionEnum(d["semantic"])

        if cls is EmbeddedModelSchema:
            embedded_model_schema: Self = _new(*_NEW_ARGS)
            embedded_model_schema.migration = migration
            embedded_model_schema.semantic = semantic
            embedded_model_schema.additional_properties = {}
        else:
            embedded_model_schema = cls(
                migration,
                semantic,
            )

        if len(d) > 2:
            embedded_model_schema.additional_properties = {
                k: v for k, v in d.items() if k not in _KNOWN_KEYS
            }

        return embedded_model_schema

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
_NEW_ARGS: tuple[Any] = (EmbeddedModelSchema,)
