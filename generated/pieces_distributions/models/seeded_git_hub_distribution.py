from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.embedded_model_schema import EmbeddedModelSchema
    from ..models.seeded_git_hub_gist_distribution import SeededGitHubGistDistribution


T = TypeVar("T", bound="SeededGitHubDistribution")


@_attrs_define
class SeededGitHubDistribution:
    """The GitHub part of a seed; today that means a gist to publish.

    Example:
        {'gist': {'name': 'notes.md'}}

    Attributes:
        schema (EmbeddedModelSchema | Unset): The version of the model layout that produced an object. Example:
            {'migration': 0, 'semantic': 'MAJOR_0_MINOR_0_PATCH_1'}.
        gist (SeededGitHubGistDistribution | Unset): A gist to publish: only the name is needed; it is public unless
            said otherwise and has no recipients unless given. Example: {'name': 'notes.md', 'description': 'Meeting notes',
            'public': False}.
    """

    schema: EmbeddedModelSchema | Unset = UNSET
    gist: SeededGitHubGistDistribution | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        schema: dict[str, Any] | Unset = UNSET
        if not isinstance(self.schema, Unset):
            schema = self.schema.to_dict()

        gist: dict[str, Any] | Unset = UNSET
        if not isinstance(self.gist, Unset):
            gist = self.gist.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if schema is not UNSET:
            field_dict["schema"] = schema
        if gist is not UNSET:
            field_dict["gist"] = gist

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.embedded_model_schema import EmbeddedModelSchema
        from ..models.seeded_git_hub_gist_distribution import (
            SeededGitHubGistDistribution,
        )

        d = dict(src_dict)
        _schema = d.pop("schema", UNSET)
        schema: EmbeddedModelSchema | Unset
        if isinstance(_schema, Unset):
            schema = UNSET
        else:
            schema = EmbeddedModelSchema.from_dict(_schema)

        _gist = d.pop("gist", UNSET)
        gist: SeededGitHubGistDistribution | Unset
        if isinstance(_gist, Unset):
            gist = UNSET
        else:
            gist = SeededGitHubGistDistribution.from_dict(_gist)

        seeded_git_hub_distribution = cls(
            schema=schema,
            gist=gist,
        )

        seeded_git_hub_distribution.additional_properties = d
        return seeded_git_hub_distribution

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
