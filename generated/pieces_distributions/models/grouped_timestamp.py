from __future__ import annotations

import datetime
from collections.abc import Mapping
from datetime import datetime as _datetime
from typing import TYPE_CHECKING, Any, Self

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset
from . import _new

if TYPE_CHECKING:
    from collections.abc import Callable

    from ..models.embedded_model_schema import EmbeddedModelSchema

    _EmbeddedModelSchema_from_dict: Callable[[Mapping[str, Any]], EmbeddedModelSchema]

# Looked up once rather than through the module and the class on every call.
_fromisoformat = _datetime.fromisoformat


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
            value = _fromisoformat(_value)
        except ValueError:
            value = _fromisoformat(_value.upper())

        if cls is GroupedTimestamp and len(d) == 1:
            grouped_timestamp: Self = _new(*_NEW_ARGS)
            grouped_timestamp.value = value
            grouped_timestamp.schema = grouped_timestamp.readable = UNSET
            grouped_timestamp.additional_properties = {}
            return grouped_timestamp

        _seen = 1
        schema: EmbeddedModelSchema | Unset
        if "schema" in d:
            schema = _EmbeddedModelSchema_from_dict(d["schema"])
            _seen += 1
        else:
            schema = UNSET

        if "readable" in d:
            readable = d["readable"]
            _seen += 1
        else:
            readable = UNSET

        if cls is GroupedTimestamp:
            grouped_timestamp = _new(*_NEW_ARGS)
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

        if len(d) > _seen:
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


# object.__new__'s argument tuple for this class, made once: from_dict calls _new(*_NEW_ARGS),
# which passes this very tuple on, where _new(cls) would pack a new one for every instance
# (about a tenth of from_dict's instructions). Typed Any so that from_dict's result is Self.
_NEW_ARGS: tuple[Any] = (GroupedTimestamp,)


# The models this one uses are imported on its first from_dict or to_dict, not with the module:
# importing one model stays cheap, models that refer to each other still import, and from then on
# each use is a plain global lookup rather than an import statement on every call.
_other_models_loaded = False


def _load_other_models() -> None:
    global _other_models_loaded
    from ..models.embedded_model_schema import EmbeddedModelSchema

    globals().update(
        EmbeddedModelSchema=EmbeddedModelSchema,
        _EmbeddedModelSchema_from_dict=EmbeddedModelSchema.from_dict,
    )
    _other_models_loaded = True
