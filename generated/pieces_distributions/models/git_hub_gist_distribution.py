from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime as _datetime
from typing import TYPE_CHECKING, Any, Self

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset
from . import _gc_pause, _new

if TYPE_CHECKING:
    from collections.abc import Callable

    from ..models.embedded_model_schema import EmbeddedModelSchema
    from ..models.grouped_timestamp import GroupedTimestamp
    from ..models.person_basic_type import PersonBasicType
    from ..models.recipients import Recipients

    _EmbeddedModelSchema_from_dict: Callable[[Mapping[str, Any]], EmbeddedModelSchema]
    _GroupedTimestamp_from_dict: Callable[[Mapping[str, Any]], GroupedTimestamp]
    _PersonBasicType_from_dict: Callable[[Mapping[str, Any]], PersonBasicType]
    _Recipients_from_dict: Callable[[Mapping[str, Any]], Recipients]
    _GroupedTimestamp_new_args: tuple[type[GroupedTimestamp]]
    _Recipients_new_args: tuple[type[Recipients]]

# Looked up once rather than through the module and the class on every call.
_fromisoformat = _datetime.fromisoformat


_KNOWN_KEYS = frozenset(
    (
        "recipients",
        "public",
        "name",
        "created",
        "updated",
        "github_id",
        "url",
        "schema",
        "description",
        "deleted",
    )
)


@_attrs_define
class GitHubGistDistribution:
    """A gist that was published on GitHub, with the id and URL GitHub gave it.

    Example:
        {'github_id': '1f2e3d4c5b6a79880716253443526170', 'url':
            'https://gist.github.com/1f2e3d4c5b6a79880716253443526170', 'name': 'notes.md', 'public': False, 'recipients':
            {'iterable': []}, 'created': {'value': '2026-11-27T10:00:00+00:00'}, 'updated': {'value':
            '2026-11-27T10:00:00+00:00'}}

    Attributes:
        recipients (Recipients): The people a distribution goes to. Example: {'iterable': [{'email':
            'grace@example.com'}]}.
        public (bool): Whether the gist is public (true) or secret (false).
        name (str): The gist's file name.
        created (GroupedTimestamp): A moment in time, as an RFC 3339 date-time and optionally as readable text. Example:
            {'value': '2026-11-27T09:15:02.318000+00:00', 'readable': '2026-11-27 09:15:02 UTC'}.
        updated (GroupedTimestamp): A moment in time, as an RFC 3339 date-time and optionally as readable text. Example:
            {'value': '2026-11-27T09:15:02.318000+00:00', 'readable': '2026-11-27 09:15:02 UTC'}.
        github_id (str): The id GitHub assigned to the gist.
        url (str): Where the gist can be seen on GitHub.
        schema (EmbeddedModelSchema | Unset): The version of the model layout that produced an object. Example:
            {'migration': 0, 'semantic': 'MAJOR_0_MINOR_0_PATCH_1'}.
        description (str | Unset): The gist's description on GitHub.
        deleted (GroupedTimestamp | Unset): A moment in time, as an RFC 3339 date-time and optionally as readable text.
            Example: {'value': '2026-11-27T09:15:02.318000+00:00', 'readable': '2026-11-27 09:15:02 UTC'}.
    """

    recipients: Recipients
    public: bool
    name: str
    created: GroupedTimestamp
    updated: GroupedTimestamp
    github_id: str
    url: str
    schema: EmbeddedModelSchema | Unset = UNSET
    description: str | Unset = UNSET
    deleted: GroupedTimestamp | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        if not _other_models_loaded:
            _load_other_models()
        recipients = self.recipients.to_dict()

        public = self.public

        name = self.name

        created = self.created.to_dict()

        updated = self.updated.to_dict()

        github_id = self.github_id

        url = self.url

        schema: dict[str, Any] | Unset = UNSET
        if not isinstance(self.schema, Unset):
            schema = self.schema.to_dict()

        description = self.description

        deleted: dict[str, Any] | Unset = UNSET
        if not isinstance(self.deleted, Unset):
            deleted = self.deleted.to_dict()

        field_dict: dict[str, Any] = {
            **self.additional_properties,
            "recipients": recipients,
            "public": public,
            "name": name,
            "created": created,
            "updated": updated,
            "github_id": github_id,
            "url": url,
        }
        if schema is not UNSET:
            field_dict["schema"] = schema
        if description is not UNSET:
            field_dict["description"] = description
        if deleted is not UNSET:
            field_dict["deleted"] = deleted

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

            public = d["public"]

            name = d["name"]

            _created = d["created"]
            if len(_created) == 1:
                created = _new(*_GroupedTimestamp_new_args)
                try:
                    created.value = _fromisoformat(_created["value"])
                except ValueError:
                    created.value = _fromisoformat(_created["value"].upper())
                created.schema = created.readable = UNSET
                created.additional_properties = {}
            else:
                created = _GroupedTimestamp_from_dict(_created)

            _updated = d["updated"]
            if len(_updated) == 1:
                updated = _new(*_GroupedTimestamp_new_args)
                try:
                    updated.value = _fromisoformat(_updated["value"])
                except ValueError:
                    updated.value = _fromisoformat(_updated["value"].upper())
                updated.schema = updated.readable = UNSET
                updated.additional_properties = {}
            else:
                updated = _GroupedTimestamp_from_dict(_updated)

            github_id = d["github_id"]

            url = d["url"]

            if cls is GitHubGistDistribution and len(d) == 7:
                git_hub_gist_distribution: Self = _new(*_NEW_ARGS)
                git_hub_gist_distribution.recipients = recipients
                git_hub_gist_distribution.public = public
                git_hub_gist_distribution.name = name
                git_hub_gist_distribution.created = created
                git_hub_gist_distribution.updated = updated
                git_hub_gist_distribution.github_id = github_id
                git_hub_gist_distribution.url = url
                git_hub_gist_distribution.schema = UNSET
                git_hub_gist_distribution.description = UNSET
                git_hub_gist_distribution.deleted = UNSET
                git_hub_gist_distribution.additional_properties = {}
                return git_hub_gist_distribution

            _seen = 7
            schema: EmbeddedModelSchema | Unset
            if "schema" in d:
                schema = _EmbeddedModelSchema_from_dict(d["schema"])
                _seen += 1
            else:
                schema = UNSET

            if "description" in d:
                description = d["description"]
                _seen += 1
            else:
                description = UNSET

            deleted: GroupedTimestamp | Unset
            if "deleted" in d:
                deleted = _GroupedTimestamp_from_dict(d["deleted"])
                _seen += 1
            else:
                deleted = UNSET

            if cls is GitHubGistDistribution:
                git_hub_gist_distribution = _new(*_NEW_ARGS)
                git_hub_gist_distribution.recipients = recipients
                git_hub_gist_distribution.public = public
                git_hub_gist_distribution.name = name
                git_hub_gist_distribution.created = created
                git_hub_gist_distribution.updated = updated
                git_hub_gist_distribution.github_id = github_id
                git_hub_gist_distribution.url = url
                git_hub_gist_distribution.schema = schema
                git_hub_gist_distribution.description = description
                git_hub_gist_distribution.deleted = deleted
                git_hub_gist_distribution.additional_properties = {}
            else:
                git_hub_gist_distribution = cls(
                    recipients,
                    public,
                    name,
                    created,
                    updated,
                    github_id,
                    url,
                    schema,
                    description,
                    deleted,
                )

            if len(d) > _seen:
                git_hub_gist_distribution.additional_properties = {
                    k: v for k, v in d.items() if k not in _KNOWN_KEYS
                }

            return git_hub_gist_distribution
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
_NEW_ARGS: tuple[Any] = (GitHubGistDistribution,)


# The models this one uses are imported on its first from_dict or to_dict, not with the module:
# importing one model stays cheap, models that refer to each other still import, and from then on
# each use is a plain global lookup rather than an import statement on every call.
_other_models_loaded = False


def _load_other_models() -> None:
    global _other_models_loaded
    from ..models.embedded_model_schema import EmbeddedModelSchema
    from ..models.grouped_timestamp import GroupedTimestamp
    from ..models.person_basic_type import PersonBasicType
    from ..models.recipients import Recipients

    globals().update(
        EmbeddedModelSchema=EmbeddedModelSchema,
        GroupedTimestamp=GroupedTimestamp,
        PersonBasicType=PersonBasicType,
        Recipients=Recipients,
        _EmbeddedModelSchema_from_dict=EmbeddedModelSchema.from_dict,
        _GroupedTimestamp_from_dict=GroupedTimestamp.from_dict,
        _PersonBasicType_from_dict=PersonBasicType.from_dict,
        _Recipients_from_dict=Recipients.from_dict,
        _GroupedTimestamp_new_args=(GroupedTimestamp,),
        _Recipients_new_args=(Recipients,),
    )
    _other_models_loaded = True
