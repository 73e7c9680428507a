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

    _EmbeddedModelSchema_from_dict: Callable[[Mapping[str, Any]], EmbeddedModelSchema]


_KNOWN_KEYS = frozenset(
    (
        "messageId",
        "schema",
    )
)


@_attrs_define
class MailgunMetadata:
    """What Mailgun returned for a message sent to a person.

    Example:
        {'messageId': '<20261127091502.1.ABCDEF@mg.example.com>'}

    Attributes:
        message_id (str): The Mailgun message id (the one upstream key in camelCase).
        schema (EmbeddedModelSchema | Unset): The version of the model layout that produced an object. Example:
            {'migration': 0, 'semantic': 'MAJOR_0_MINOR_0_PATCH_1'}.
    """

    message_id: str
    schema: EmbeddedModelSchema | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        if not _other_models_loaded:
            _load_other_models()
        message_id = self.message_id

        schema: dict[str, Any] | Unset = UNSET
        if not isinstance(self.schema, Unset):
            schema = self.schema.to_dict()

        field_dict: dict[str, Any] = {
            **self.additional_properties,
            "messageId": message_id,
        }
        if schema is not UNSET:
            field_dict["schema"] = schema

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        if not _other_models_loaded:
            _load_other_models()
        d = src_dict
        message_id = d["messageId"]

        if cls is MailgunMetadata and len(d) == 1:
            mailgun_metadata: Self = _new(*_NEW_ARGS)
            mailgun_metadata.message_id = message_id
            mailgun_metadata.schema = UNSET
            mailgun_metadata.additional_properties = {}
            return mailgun_metadata

        _seen = 1
        schema: EmbeddedModelSchema | Unset
        if "schema" in d:
            schema = _EmbeddedModelSchema_from_dict(d["schema"])
            _seen += 1
        else:
            schema = UNSET

        if cls is MailgunMetadata:
            mailgun_metadata = _new(*_NEW_ARGS)
            mailgun_metadata.message_id = message_id
            mailgun_metadata.schema = schema
            mailgun_metadata.additional_properties = {}
        else:
            mailgun_metadata = cls(
                message_id,
                schema,
            )

        if len(d) > _seen:
            mailgun_metadata.additional_properties = {
                k: v for k, v in d.items() if k not in _KNOWN_KEYS
            }

        return mailgun_metadata

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
_NEW_ARGS: tuple[Any] = (MailgunMetadata,)


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
