from __future__ import annotations

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
    from ..models.git_hub_distribution import GitHubDistribution
    from ..models.grouped_timestamp import GroupedTimestamp
    from ..models.mailgun_distribution import MailgunDistribution

    _EmbeddedModelSchema_from_dict: Callable[[Mapping[str, Any]], EmbeddedModelSchema]
    _GitHubDistribution_from_dict: Callable[[Mapping[str, Any]], GitHubDistribution]
    _GroupedTimestamp_from_dict: Callable[[Mapping[str, Any]], GroupedTimestamp]
    _MailgunDistribution_from_dict: Callable[[Mapping[str, Any]], MailgunDistribution]
    _GroupedTimestamp_new_args: tuple[type[GroupedTimestamp]]

# Looked up once rather than through the module and the class on every call.
_fromisoformat = _datetime.fromisoformat


_KNOWN_KEYS = frozenset(
    (
        "id",
        "share",
        "created",
        "updated",
        "schema",
        "deleted",
        "mailgun",
        "github",
    )
)


@_attrs_define
class FlattenedDistribution:
    """A distribution whose share is given by id rather than in full.

    Example:
        {'id': '2a7e9c14-3b5d-4f86-a0c2-9d1e8b7f6a53', 'share': '6d4b2f8e-1a9c-4e37-b052-8c3f7a1d9e64', 'created':
            {'value': '2026-11-27T10:00:00+00:00'}, 'updated': {'value': '2026-11-27T10:00:00+00:00'}}

    Attributes:
        id (str): The distribution's uuid.
        share (str): The id of the share distributed.
        created (GroupedTimestamp): A moment in time, as an RFC 3339 date-time and optionally as readable text. Example:
            {'value': '2026-11-27T09:15:02.318000+00:00', 'readable': '2026-11-27 09:15:02 UTC'}.
        updated (GroupedTimestamp): A moment in time, as an RFC 3339 date-time and optionally as readable text. Example:
            {'value': '2026-11-27T09:15:02.318000+00:00', 'readable': '2026-11-27 09:15:02 UTC'}.
        schema (EmbeddedModelSchema | Unset): The version of the model layout that produced an object. Example:
            {'migration': 0, 'semantic': 'MAJOR_0_MINOR_0_PATCH_1'}.
        deleted (GroupedTimestamp | Unset): A moment in time, as an RFC 3339 date-time and optionally as readable text.
            Example: {'value': '2026-11-27T09:15:02.318000+00:00', 'readable': '2026-11-27 09:15:02 UTC'}.
        mailgun (MailgunDistribution | Unset): A distribution by mail through Mailgun, to its recipients. Example:
            {'recipients': {'iterable': [{'email': 'grace@example.com', 'name': 'Grace Hopper'}]}}.
        github (GitHubDistribution | Unset): A distribution through GitHub; today that means a gist. Example: {'gist':
            {'github_id': '1f2e3d4c5b6a79880716253443526170', 'url':
            'https://gist.github.com/1f2e3d4c5b6a79880716253443526170', 'name': 'notes.md', 'public': False, 'recipients':
            {'iterable': []}, 'created': {'value': '2026-11-27T10:00:00+00:00'}, 'updated': {'value':
            '2026-11-27T10:00:00+00:00'}}}.
    """

    id: str
    share: str
    created: GroupedTimestamp
    updated: GroupedTimestamp
    schema: EmbeddedModelSchema | Unset = UNSET
    deleted: GroupedTimestamp | Unset = UNSET
    mailgun: MailgunDistribution | Unset = UNSET
    github: GitHubDistribution | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        if not _other_models_loaded:
            _load_other_models()
        id = self.id

        share = self.share

        created = self.created.to_dict()

        updated = self.updated.to_dict()

        schema: dict[str, Any] | Unset = UNSET
        if not isinstance(self.schema, Unset):
            schema = self.schema.to_dict()

        deleted: dict[str, Any] | Unset = UNSET
        if not isinstance(self.deleted, Unset):
            deleted = self.deleted.to_dict()

        mailgun: dict[str, Any] | Unset = UNSET
        if not isinstance(self.mailgun, Unset):
            mailgun = self.mailgun.to_dict()

        github: dict[str, Any] | Unset = UNSET
        if not isinstance(self.github, Unset):
            github = self.github.to_dict()

        field_dict: dict[str, Any] = {
            **self.additional_properties,
            "id": id,
            "share": share,
            "created": created,
            "updated": updated,
        }
        if schema is not UNSET:
            field_dict["schema"] = schema
        if deleted is not UNSET:
            field_dict["deleted"] = deleted
        if mailgun is not UNSET:
            field_dict["mailgun"] = mailgun
        if github is not UNSET:
            field_dict["github"] = github

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        if not _other_models_loaded:
            _load_other_models()
        d = src_dict
        id = d["id"]

        share = d["share"]

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

        if cls is FlattenedDistribution and len(d) == 4:
            flattened_distribution: Self = _new(*_NEW_ARGS)
            flattened_distribution.id = id
            flattened_distribution.share = share
            flattened_distribution.created = created
            flattened_distribution.updated = updated
            flattened_distribution.schema = flattened_distribution.deleted = UNSET
            flattened_distribution.mailgun = flattened_distribution.github = UNSET
            flattened_distribution.additional_properties = {}
            return flattened_distribution

        _seen = 4
        schema: EmbeddedModelSchema | Unset
        if "schema" in d:
            schema = _EmbeddedModelSchema_from_dict(d["schema"])
            _seen += 1
        else:
            schema = UNSET

        deleted: GroupedTimestamp | Unset
        if "deleted" in d:
            deleted = _GroupedTimestamp_from_dict(d["deleted"])
            _seen += 1
        else:
            deleted = UNSET

        mailgun: MailgunDistribution | Unset
        if "mailgun" in d:
            mailgun = _MailgunDistribution_from_dict(d["mailgun"])
            _seen += 1
        else:
            mailgun = UNSET

        github: GitHubDistribution | Unset
        if "github" in d:
            github = _GitHubDistribution_from_dict(d["github"])
            _seen += 1
        else:
            github = UNSET

        if cls is FlattenedDistribution:
            flattened_distribution = _new(*_NEW_ARGS)
            flattened_distribution.id = id
            flattened_distribution.share = share
            flattened_distribution.created = created
            flattened_distribution.updated = updated
            flattened_distribution.schema = schema
            flattened_distribution.deleted = deleted
            flattened_distribution.mailgun = mailgun
            flattened_distribution.github = github
            flattened_distribution.additional_properties = {}
        else:
            flattened_distribution = cls(
                id,
                share,
                created,
                updated,
                schema,
                deleted,
                mailgun,
                github,
            )

        if len(d) > _seen:
            flattened_distribution.additional_properties = {
                k: v for k, v in d.items() if k not in _KNOWN_KEYS
            }

        return flattened_distribution

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
_NEW_ARGS: tuple[Any] = (FlattenedDistribution,)


# The models this one uses are imported on its first from_dict or to_dict, not with the module:
# importing one model stays cheap, models that refer to each other still import, and from then on
# each use is a plain global lookup rather than an import statement on every call.
_other_models_loaded = False


def _load_other_models() -> None:
    global _other_models_loaded
    from ..models.embedded_model_schema import EmbeddedModelSchema
    from ..models.git_hub_distribution import GitHubDistribution
    from ..models.grouped_timestamp import GroupedTimestamp
    from ..models.mailgun_distribution import MailgunDistribution

    globals().update(
        EmbeddedModelSchema=EmbeddedModelSchema,
        GitHubDistribution=GitHubDistribution,
        GroupedTimestamp=GroupedTimestamp,
        MailgunDistribution=MailgunDistribution,
        _EmbeddedModelSchema_from_dict=EmbeddedModelSchema.from_dict,
        _GitHubDistribution_from_dict=GitHubDistribution.from_dict,
        _GroupedTimestamp_from_dict=GroupedTimestamp.from_dict,
        _MailgunDistribution_from_dict=MailgunDistribution.from_dict,
        _GroupedTimestamp_new_args=(GroupedTimestamp,),
    )
    _other_models_loaded = True
