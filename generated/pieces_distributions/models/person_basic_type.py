from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.externally_sourced_enum import ExternallySourcedEnum
from ..types import UNSET, Unset
from . import _new

if TYPE_CHECKING:
    from collections.abc import Callable

    from ..models.embedded_model_schema import EmbeddedModelSchema
    from ..models.mailgun_metadata import MailgunMetadata

    _EmbeddedModelSchema_from_dict: Callable[[Mapping[str, Any]], EmbeddedModelSchema]
    _MailgunMetadata_from_dict: Callable[[Mapping[str, Any]], MailgunMetadata]

# Each enum's declared members by value (str_enum.py.jinja), bound once for from_dict.
_ExternallySourcedEnum_by_value = ExternallySourcedEnum._by_value


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
        _seen = 0
        schema: EmbeddedModelSchema | Unset
        if "schema" in d:
            schema = _EmbeddedModelSchema_from_dict(d["schema"])
            _seen += 1
        else:
            schema = UNSET

        if "username" in d:
            username = d["username"]
            _seen += 1
        else:
            username = UNSET

        if "name" in d:
            name = d["name"]
            _seen += 1
        else:
            name = UNSET

        if "picture" in d:
            picture = d["picture"]
            _seen += 1
        else:
            picture = UNSET

        if "email" in d:
            email = d["email"]
            _seen += 1
        else:
            email = UNSET

        sourced: ExternallySourcedEnum | Unset
        if "sourced" in d:
            sourced = _ExternallySourcedEnum_by_value.get(
                d["sourced"]
            ) or ExternallySourcedEnum(d["sourced"])
            _seen += 1
        else:
            sourced = UNSET

        if "url" in d:
            url = d["url"]
            _seen += 1
        else:
            url = UNSET

        mailgun: MailgunMetadata | Unset
        if "mailgun" in d:
            mailgun = _MailgunMetadata_from_dict(d["mailgun"])
            _seen += 1
        else:
            mailgun = UNSET

        if cls is PersonBasicType:
            person_basic_type: Self = _new(*_NEW_ARGS)
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

        if len(d) > _seen:
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


# object.__new__'s argument tuple for this class, made once: from_dict calls _new(*_NEW_ARGS),
# which passes this very tuple on, where _new(cls) would pack a new one for every instance
# (about a tenth of from_dict's instructions). Typed Any so that from_dict's result is Self.
_NEW_ARGS: tuple[Any] = (PersonBasicType,)


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
        _EmbeddedModelSchema_from_dict=EmbeddedModelSchema.from_dict,
        _MailgunMetadata_from_dict=MailgunMetadata.from_dict,
    )
    _other_models_loaded = True
