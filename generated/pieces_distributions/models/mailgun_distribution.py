from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset
from . import _gc_pause, _new

if TYPE_CHECKING:
    from collections.abc import Callable

    from ..models.embedded_model_schema import EmbeddedModelSchema
    from ..models.person_basic_type import PersonBasicType
    from ..models.recipients import Recipients

    _EmbeddedModelSchema_from_dict: Callable[[Mapping[str, Any]], EmbeddedModelSchema]
    _PersonBasicType_from_dict: Callable[[Mapping[str, Any]], PersonBasicType]
    _Recipients_from_dict: Callable[[Mapping[str, Any]], Recipients]
    _Recipients_new_args: tuple[type[Recipients]]


_KNOWN_KEYS = frozenset(
    (
        "recipients",
        "schema",
    )
)


@_attrs_define
class MailgunDistribution:
    """A distribution by mail through Mailgun, to its recipients.

    Example:
        {'recipients': {'iterable': [{'email': 'grace@example.com', 'name': 'Grace Hopper'}]}}

    Attributes:
        recipients (Recipients): The people a distribution goes to. Example: {'iterable': [{'email':
            'grace@example.com'}]}.
        schema (EmbeddedModelSchema | Unset): The version of the model layout that produced an object. Example:
            {'migration': 0, 'semantic': 'MAJOR_0_MINOR_0_PATCH_1'}.
    """

    recipients: Recipients
    schema: EmbeddedModelSchema | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        if not _other_models_loaded:
            _load_other_models()
        recipients = self.recipients.to_dict()

        schema: dict[str, Any] | Unset = UNSET
        if not isinstance(self.schema, Unset):
            schema = self.schema.to_dict()

        field_dict: dict[str, Any] = {
            **self.additional_properties,
            "recipients": recipients,
        }
        if schema is not UNSET:
            field_dict["schema"] = schema

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        _paused = not _gc_pause.held and _gc_pause.begin()
        try:
            if not _other_models_loaded:
                _load_other_models()
            d = src_dict
            _recipients = d["recipients"]
            if len(_recipients) == 1:
                recipients = _new(*_Recipients_new_args)
                _recipients_iterable = []
                for _recipients_iterable_item in _recipients["iterable"]:
                    _recipients_iterable.append(
                        _PersonBasicType_from_dict(_recipients_iterable_item)
                    )
                recipients.iterable = _recipients_iterable
                recipients.schema = UNSET
                recipients.additional_properties = {}
            else:
                recipients = _Recipients_from_dict(_recipients)

            if cls is MailgunDistribution and len(d) == 1:
                mailgun_distribution: Self = _new(*_NEW_ARGS)
                mailgun_distribution.recipients = recipients
                mailgun_distribution.schema = UNSET
                mailgun_distribution.additional_properties = {}
                return mailgun_distribution

            _seen = 1
            schema: EmbeddedModelSchema | Unset
            if "schema" in d:
                schema = _EmbeddedModelSchema_from_dict(d["schema"])
                _seen += 1
            else:
                schema = UNSET

            if cls is MailgunDistribution:
                mailgun_distribution = _new(*_NEW_ARGS)
                mailgun_distribution.recipients = recipients
                mailgun_distribution.schema = schema
                mailgun_distribution.additional_properties = {}
            else:
                mailgun_distribution = cls(
                    recipients,
                    schema,
                )

            if len(d) > _seen:
                mailgun_distribution.additional_properties = {
                    k: v for k, v in d.items() if k not in _KNOWN_KEYS
                }

            return mailgun_distribution
        finally:
            if _paused:
                _gc_pause.end()

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
_NEW_ARGS: tuple[Any] = (MailgunDistribution,)


# The models this one uses are imported on its first from_dict or to_dict, not with the module:
# importing one model stays cheap, models that refer to each other still import, and from then on
# each use is a plain global lookup rather than an import statement on every call.
_other_models_loaded = False


def _load_other_models() -> None:
    global _other_models_loaded
    from ..models.embedded_model_schema import EmbeddedModelSchema
    from ..models.person_basic_type import PersonBasicType
    from ..models.recipients import Recipients

    globals().update(
        EmbeddedModelSchema=EmbeddedModelSchema,
        PersonBasicType=PersonBasicType,
        Recipients=Recipients,
        _EmbeddedModelSchema_from_dict=EmbeddedModelSchema.from_dict,
        _PersonBasicType_from_dict=PersonBasicType.from_dict,
        _Recipients_from_dict=Recipients.from_dict,
        _Recipients_new_args=(Recipients,),
    )
    _other_models_loaded = True
