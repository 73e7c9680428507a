from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.embedded_model_schema import EmbeddedModelSchema
    from ..models.flattened_assets_indices import FlattenedAssetsIndices
    from ..models.referenced_asset import ReferencedAsset
    from ..models.score import Score


T = TypeVar("T", bound="FlattenedAssets")


@_attrs_define
class FlattenedAssets:
    """Assets referred to by id, with optional ranking information.

    Example:
        {'iterable': [{'id': '4b8a2e6f-0c1d-4937-8e5a-b2c4d6f8a0e1'}], 'indices':
            {'4b8a2e6f-0c1d-4937-8e5a-b2c4d6f8a0e1': 0}}

    Attributes:
        schema (EmbeddedModelSchema | Unset): The version of the model layout that produced an object. Example:
            {'migration': 0, 'semantic': 'MAJOR_0_MINOR_0_PATCH_1'}.
        iterable (list[ReferencedAsset] | Unset): One reference per asset.
        indices (FlattenedAssetsIndices | Unset): The position of each asset id in a ranked list.
        score (Score | Unset): Usage counters that rank an object. Example: {'manual': 0, 'automatic': 3}.
    """

    schema: EmbeddedModelSchema | Unset = UNSET
    iterable: list[ReferencedAsset] | Unset = UNSET
    indices: FlattenedAssetsIndices | Unset = UNSET
    score: Score | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        schema: dict[str, Any] | Unset = UNSET
        if not isinstance(self.schema, Unset):
            schema = self.schema.to_dict()

        iterable: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.iterable, Unset):
            iterable = []
            for iterable_item_data in self.iterable:
                iterable_item = iterable_item_data.to_dict()
                iterable.append(iterable_item)

        indices: dict[str, Any] | Unset = UNSET
        if not isinstance(self.indices, Unset):
            indices = self.indices.to_dict()

        score: dict[str, Any] | Unset = UNSET
        if not isinstance(self.score, Unset):
            score = self.score.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if schema is not UNSET:
            field_dict["schema"] = schema
        if iterable is not UNSET:
            field_dict["iterable"] = iterable
        if indices is not UNSET:
            field_dict["indices"] = indices
        if score is not UNSET:
            field_dict["score"] = score

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.embedded_model_schema import EmbeddedModelSchema
        from ..models.flattened_assets_indices import FlattenedAssetsIndices
        from ..models.referenced_asset import ReferencedAsset
        from ..models.score import Score

        d = dict(src_dict)
        _schema = d.pop("schema", UNSET)
        schema: EmbeddedModelSchema | Unset
        if isinstance(_schema, Unset):
            schema = UNSET
        else:
            schema = EmbeddedModelSchema.from_dict(_schema)

        _iterable = d.pop("iterable", UNSET)
        iterable: list[ReferencedAsset] | Unset = UNSET
        if _iterable is not UNSET:
            iterable = []
            for iterable_item_data in _iterable:
                iterable_item = ReferencedAsset.from_dict(iterable_item_data)

                iterable.append(iterable_item)

        _indices = d.pop("indices", UNSET)
        indices: FlattenedAssetsIndices | Unset
        if isinstance(_indices, Unset):
            indices = UNSET
        else:
            indices = FlattenedAssetsIndices.from_dict(_indices)

        _score = d.pop("score", UNSET)
        score: Score | Unset
        if isinstance(_score, Unset):
            score = UNSET
        else:
            score = Score.from_dict(_score)

        flattened_assets = cls(
            schema=schema,
            iterable=iterable,
            indices=indices,
            score=score,
        )

        flattened_assets.additional_properties = d
        return flattened_assets

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
