from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.embedded_model_schema import EmbeddedModelSchema
    from ..models.git_hub_distribution import GitHubDistribution
    from ..models.grouped_timestamp import GroupedTimestamp
    from ..models.mailgun_distribution import MailgunDistribution


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

        created = GroupedTimestamp.from_dict(d["created"])

        updated = GroupedTimestamp.from_dict(d["updated"])

        _schema = d.get("schema", UNSET)
        schema: EmbeddedModelSchema | Unset
        if _schema is UNSET:
            schema = UNSET
        else:
            schema = EmbeddedModelSchema.from_dict(_schema)

        _deleted = d.get("deleted", UNSET)
        deleted: GroupedTimestamp | Unset
        if _deleted is UNSET:
            deleted = UNSET
        else:
            deleted = GroupedTimestamp.from_dict(_deleted)

        _mailgun = d.get("mailgun", UNSET)
        mailgun: MailgunDistribution | Unset
        if _mailgun is UNSET:
            mailgun = UNSET
        else:
            mailgun = MailgunDistribution.from_dict(_mailgun)

        _github = d.get("github", UNSET)
        github: GitHubDistribution | Unset
        if _github is UNSET:
            github = UNSET
        else:
            github = GitHubDistribution.from_dict(_github)

        if cls is FlattenedDistribution:
            flattened_distribution = object.__new__(cls)
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

        if len(d) > 4 and not d.keys() <= _KNOWN_KEYS:
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
    )
    _other_models_loaded = True
