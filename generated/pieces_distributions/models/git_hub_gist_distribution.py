from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.embedded_model_schema import EmbeddedModelSchema
    from ..models.grouped_timestamp import GroupedTimestamp
    from ..models.recipients import Recipients


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
        if not _other_models_loaded:
            _load_other_models()
        d = src_dict
        recipients = Recipients.from_dict(d["recipients"])

        public = d["public"]

        name = d["name"]

        created = GroupedTimestamp.from_dict(d["created"])

        updated = GroupedTimestamp.from_dict(d["updated"])

        github_id = d["github_id"]

        url = d["url"]

        _schema = d.get("schema", UNSET)
        schema: EmbeddedModelSchema | Unset
        if _schema is UNSET:
            schema = UNSET
        else:
            schema = EmbeddedModelSchema.from_dict(_schema)

        description = d.get("description", UNSET)

        _deleted = d.get("deleted", UNSET)
        deleted: GroupedTimestamp | Unset
        if _deleted is UNSET:
            deleted = UNSET
        else:
            deleted = GroupedTimestamp.from_dict(_deleted)

        if cls is GitHubGistDistribution:
            git_hub_gist_distribution = object.__new__(cls)
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

        if len(d) > 7 and not d.keys() <= _KNOWN_KEYS:
            git_hub_gist_distribution.additional_properties = {
                k: v for k, v in d.items() if k not in _KNOWN_KEYS
            }

        return git_hub_gist_distribution

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
    from ..models.grouped_timestamp import GroupedTimestamp
    from ..models.recipients import Recipients

    globals().update(
        EmbeddedModelSchema=EmbeddedModelSchema,
        GroupedTimestamp=GroupedTimestamp,
        Recipients=Recipients,
    )
    _other_models_loaded = True
