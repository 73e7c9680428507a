from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.embedded_model_schema import EmbeddedModelSchema
    from ..models.mailgun_distribution import MailgunDistribution
    from ..models.seeded_git_hub_distribution import SeededGitHubDistribution


T = TypeVar("T", bound="SeededDistribution")


@_attrs_define
class SeededDistribution:
    """What a client sends to create a distribution: a Mailgun target, a GitHub gist to publish, both or neither.

    Example:
        {'mailgun': {'recipients': {'iterable': [{'email': 'grace@example.com'}]}}}

    Attributes:
        schema (EmbeddedModelSchema | Unset): The version of the model layout that produced an object. Example:
            {'migration': 0, 'semantic': 'MAJOR_0_MINOR_0_PATCH_1'}.
        mailgun (MailgunDistribution | Unset): A distribution by mail through Mailgun, to its recipients. Example:
            {'recipients': {'iterable': [{'email': 'grace@example.com', 'name': 'Grace Hopper'}]}}.
        github (SeededGitHubDistribution | Unset): The GitHub part of a seed; today that means a gist to publish.
            Example: {'gist': {'name': 'notes.md'}}.
    """

    schema: EmbeddedModelSchema | Unset = UNSET
    mailgun: MailgunDistribution | Unset = UNSET
    github: SeededGitHubDistribution | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        schema: dict[str, Any] | Unset = UNSET
        if not isinstance(self.schema, Unset):
            schema = self.schema.to_dict()

        mailgun: dict[str, Any] | Unset = UNSET
        if not isinstance(self.mailgun, Unset):
            mailgun = self.mailgun.to_dict()

        github: dict[str, Any] | Unset = UNSET
        if not isinstance(self.github, Unset):
            github = self.github.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if schema is not UNSET:
            field_dict["schema"] = schema
        if mailgun is not UNSET:
            field_dict["mailgun"] = mailgun
        if github is not UNSET:
            field_dict["github"] = github

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.embedded_model_schema import EmbeddedModelSchema
        from ..models.mailgun_distribution import MailgunDistribution
        from ..models.seeded_git_hub_distribution import SeededGitHubDistribution

        d = dict(src_dict)
        _schema = d.pop("schema", UNSET)
        schema: EmbeddedModelSchema | Unset
        if isinstance(_schema, Unset):
            schema = UNSET
        else:
            schema = EmbeddedModelSchema.from_dict(_schema)

        _mailgun = d.pop("mailgun", UNSET)
        mailgun: MailgunDistribution | Unset
        if isinstance(_mailgun, Unset):
            mailgun = UNSET
        else:
            mailgun = MailgunDistribution.from_dict(_mailgun)

        _github = d.pop("github", UNSET)
        github: SeededGitHubDistribution | Unset
        if isinstance(_github, Unset):
            github = UNSET
        else:
            github = SeededGitHubDistribution.from_dict(_github)

        seeded_distribution = cls(
            schema=schema,
            mailgun=mailgun,
            github=github,
        )

        seeded_distribution.additional_properties = d
        return seeded_distribution

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
