from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.embedded_model_schema import EmbeddedModelSchema
    from ..models.recipients import Recipients


T = TypeVar("T", bound="SeededGitHubGistDistribution")


@_attrs_define
class SeededGitHubGistDistribution:
    """A gist to publish: only the name is needed; it is public unless said otherwise and has no recipients unless given.

    Example:
        {'name': 'notes.md', 'description': 'Meeting notes', 'public': False}

    Attributes:
        name (str): The gist's file name.
        schema (EmbeddedModelSchema | Unset): The version of the model layout that produced an object. Example:
            {'migration': 0, 'semantic': 'MAJOR_0_MINOR_0_PATCH_1'}.
        recipients (Recipients | Unset): The people a distribution goes to. Example: {'iterable': [{'email':
            'grace@example.com'}]}.
        public (bool | Unset): Whether to publish the gist publicly.
        description (str | Unset): The gist's description on GitHub.
    """

    name: str
    schema: EmbeddedModelSchema | Unset = UNSET
    recipients: Recipients | Unset = UNSET
    public: bool | Unset = UNSET
    description: str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        name = self.name

        schema: dict[str, Any] | Unset = UNSET
        if not isinstance(self.schema, Unset):
            schema = self.schema.to_dict()

        recipients: dict[str, Any] | Unset = UNSET
        if not isinstance(self.recipients, Unset):
            recipients = self.recipients.to_dict()

        public = self.public

        description = self.description

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "name": name,
            }
        )
        if schema is not UNSET:
            field_dict["schema"] = schema
        if recipients is not UNSET:
            field_dict["recipients"] = recipients
        if public is not UNSET:
            field_dict["public"] = public
        if description is not UNSET:
            field_dict["description"] = description

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.embedded_model_schema import EmbeddedModelSchema
        from ..models.recipients import Recipients

        d = dict(src_dict)
        name = d.pop("name")

        _schema = d.pop("schema", UNSET)
        schema: EmbeddedModelSchema | Unset
        if isinstance(_schema, Unset):
            schema = UNSET
        else:
            schema = EmbeddedModelSchema.from_dict(_schema)

        _recipients = d.pop("recipients", UNSET)
        recipients: Recipients | Unset
        if isinstance(_recipients, Unset):
            recipients = UNSET
        else:
            recipients = Recipients.from_dict(_recipients)

        public = d.pop("public", UNSET)

        description = d.pop("description", UNSET)

        seeded_git_hub_gist_distribution = cls(
            name=name,
            schema=schema,
            recipients=recipients,
            public=public,
            description=description,
        )

        seeded_git_hub_gist_distribution.additional_properties = d
        return seeded_git_hub_gist_distribution

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
