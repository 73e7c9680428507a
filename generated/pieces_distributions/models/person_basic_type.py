from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.externally_sourced_enum import ExternallySourcedEnum
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.embedded_model_schema import EmbeddedModelSchema
    from ..models.mailgun_metadata import MailgunMetadata


_KNOWN_KEYS = frozenset(
    (
        "schema",
        "username",
        "name",
        "picture",
        "email",
        "sourced",
        "url",
        "mailgun",
    )
)


@_attrs_define
class PersonBasicType:
    """The basic facts about a person, all optional: how to reach them and where the information came from.

    Example:
        {'email': 'grace@example.com', 'name': 'Grace Hopper', 'sourced': 'MAILGUN', 'mailgun': {'messageId':
            '<20261127091502.1.ABCDEF@mg.example.com>'}}

    Attributes:
        schema (EmbeddedModelSchema | Unset): The version of the model layout that produced an object. Example:
            {'migration': 0, 'semantic': 'MAJOR_0_MINOR_0_PATCH_1'}.
        username (str | Unset): The person's handle, if known.
        name (str | Unset): The person's display name.
        picture (str | Unset): A URL of the person's picture.
        email (str | Unset): The person's email address.
        sourced (ExternallySourcedEnum | Unset): The outside service a piece of information came from. Example: MAILGUN.
        url (str | Unset): A URL of the person's profile.
        mailgun (MailgunMetadata | Unset): What Mailgun returned for a message sent to a person. Example: {'messageId':
            '<20261127091502.1.ABCDEF@mg.example.com>'}.
    """

    schema: EmbeddedModelSchema | Unset = UNSET
    username: str | Unset = UNSET
    name: str | Unset = UNSET
    picture: str | Unset = UNSET
    email: str | Unset = UNSET
    sourced: ExternallySourcedEnum | Unset = UNSET
    url: str | Unset = UNSET
    mailgun: MailgunMetadata | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        if not _other_models_loaded:
            _load_other_models()
        schema: dict[str, Any] | Unset = UNSET
        if not isinstance(self.schema, Unset):
            schema = self.schema.to_dict()

        username = self.username

        name = self.name

        picture = self.picture

        email = self.email

        sourced: str | Unset = UNSET
        if not isinstance(self.sourced, Unset):
            sourced = self.sourced.value

        url = self.url

        mailgun: dict[str, Any] | Unset = UNSET
        if not isinstance(self.mailgun, Unset):
            mailgun = self.mailgun.to_dict()

        field_dict: dict[str, Any] = {
            **self.additional_properties,
        }
        if schema is not UNSET:
            field_dict["schema"] = schema
        if username is not UNSET:
            field_dict["username"] = username
        if name is not UNSET:
            field_dict["name"] = name
        if picture is not UNSET:
            field_dict["picture"] = picture
        if email is not UNSET:
            field_dict["email"] = email
        if sourced is not UNSET:
            field_dict["sourced"] = sourced
        if url is not UNSET:
            field_dict["url"] = url
        if mailgun is not UNSET:
            field_dict["mailgun"] = mailgun

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        if not _other_models_loaded:
            _load_other_models()
        d = src_dict
        _schema = d.get("schema", UNSET)
        schema: EmbeddedModelSchema | Unset
        if _schema is UNSET:
            schema = UNSET
        else:
            schema = EmbeddedModelSchema.from_dict(_schema)

        username = d.get("username", UNSET)

        name = d.get("name", UNSET)

        picture = d.get("picture", UNSET)

        email = d.get("email", UNSET)

        _sourced = d.get("sourced", UNSET)
        sourced: ExternallySourcedEnum | Unset
        if _sourced is UNSET:
            sourced = UNSET
        else:
            sourced = ExternallySourcedEnum._by_value.get(
                _sourced
            ) or ExternallySourcedEnum(_sourced)

        url = d.get("url", UNSET)

        _mailgun = d.get("mailgun", UNSET)
        mailgun: MailgunMetadata | Unset
        if _mailgun is UNSET:
            mailgun = UNSET
        else:
            mailgun = MailgunMetadata.from_dict(_mailgun)

        if cls is PersonBasicType:
            person_basic_type = object.__new__(cls)
            person_basic_type.schema = schema
            person_basic_type.username = username
            person_basic_type.name = name
            person_basic_type.picture = picture
            person_basic_type.email = email
            person_basic_type.sourced = sourced
            person_basic_type.url = url
            person_basic_type.mailgun = mailgun
            person_basic_type.additional_properties = {}
        else:
            person_basic_type = cls(
                schema,
                username,
                name,
                picture,
                email,
                sourced,
                url,
                mailgun,
            )

        if len(d) > 0 and not d.keys() <= _KNOWN_KEYS:
            person_basic_type.additional_properties = {
                k: v for k, v in d.items() if k not in _KNOWN_KEYS
            }

        return person_basic_type

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
    from ..models.mailgun_metadata import MailgunMetadata

    globals().update(
        EmbeddedModelSchema=EmbeddedModelSchema,
        MailgunMetadata=MailgunMetadata,
    )
    _other_models_loaded = True
