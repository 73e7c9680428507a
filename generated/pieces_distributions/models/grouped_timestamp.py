from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.embedded_model_schema import EmbeddedModelSchema


_KNOWN_KEYS = frozenset(
    (
        "value",
        "schema",
        "readable",
    )
)


@_attrs_define
class GroupedTimestamp:
    """A moment in time, as an RFC 3339 date-time and optionally as readable text.

    Example:
        {'value': '2026-11-27T09:15:02.318000+00:00', 'readable': '2026-11-27 09:15:02 UTC'}

    Attributes:
        value (datetime.datetime): The moment, with an explicit UTC offset.
        schema (EmbeddedModelSchema | Unset): The version of the model layout that produced an object. Example:
            {'migration': 0, 'semantic': 'MAJOR_0_MINOR_0_PATCH_1'}.
        readable (str | Unset): The same moment written for people.
    """

    value: datetime.datetime
    schema: EmbeddedModelSchema | Unset = UNSET
    readable: str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        if not _other_models_loaded:
            _load_other_models()
        value = self.value.isoformat()

        schema: dict[str, Any] | Unset = UNSET
        if not isinstance(self.schema, Unset):
            schema = self.schema.to_dict()

        readable = self.readable

        field_dict: dict[str, Any] = {
            **self.additional_properties,
            "value": value,
        }
        if schema is not UNSET:
            field_dict["schema"] = schema
        if readable is not UNSET:
            field_dict["readable"] = readable

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        if not _other_models_loaded:
            _load_other_models()
        d = src_dict
        _value = d["value"]
        try:
            value = datetime.datetime.fromisoformat(_value)
        except ValueError:
            value = datetime.datetime.fromisoformat(_value.upper())

        _schema = d.get("schema", UNSET)
        schema: EmbeddedModelSchema | Unset
        if _schema is UNSET:
            schema = UNSET
        else:
            schema = EmbeddedModelSchema.from_dict(_schema)

        readable = d.get("readable", UNSET)

        if cls is GroupedTimestamp:
            grouped_timestamp = object.__new__(cls)
            grouped_timestamp.value = value
            grouped_timestamp.schema = schema
            grouped_timestamp.readable = readable
            grouped_timestamp.additional_properties = {}
        else:
            grouped_timestamp = cls(
                value,
                schema,
                readable,
            )

        if len(d) > 1 and not d.keys() <= _KNOWN_KEYS:
            grouped_timestamp.additional_properties = {
                k: v for k, v in d.items() if k not in _KNOWN_KEYS
            }

        return grouped_timestamp

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
    from ..models.embedded_model_schema import EmbeddedModelSchema

    globals().update(
        EmbeddedModelSchema=EmbeddedModelSchema,
    )
    _other_models_loaded = True
