from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset
from . import _gc_pause, _new

if TYPE_CHECKING:
    from collections.abc import Callable

    from ..models.embedded_model_schema import EmbeddedModelSchema
    from ..models.flattened_assets_indices import FlattenedAssetsIndices
    from ..models.referenced_asset import ReferencedAsset
    from ..models.score import Score

    _EmbeddedModelSchema_from_dict: Callable[[Mapping[str, Any]], EmbeddedModelSchema]
    _FlattenedAssetsIndices_from_dict: Callable[
        [Mapping[str, Any]], FlattenedAssetsIndices
    ]
    _ReferencedAsset_from_dict: Callable[[Mapping[str, Any]], ReferencedAsset]
    _Score_from_dict: Callable[[Mapping[str, Any]], Score]


_KNOWN_KEYS = frozenset(
    (
        "schema",
        "iterable",
        "indices",
        "score",
    )
)


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
        if not _other_models_loaded:
            _load_other_models()
        if _gc_pause.held or not _gc_pause.begin():
            return self._build_dict()
        try:
            return self._build_dict()
        finally:
            _gc_pause.end()

    def _build_dict(self) -> dict[str, Any]:
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

        field_dict: dict[str, Any] = {
            **self.additional_properties,
        }
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
        _paused = not _gc_pause.held and _gc_pause.begin()
        try:
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

            iterable: list[ReferencedAsset] | Unset
            if "iterable" in d:
                _iterable = []
                for _iterable_item in d["iterable"]:
                    _iterable.append(_ReferencedAsset_from_dict(_iterable_item))
                iterable = _iterable
                _seen += 1
            else:
                iterable = UNSET

            indices: FlattenedAssetsIndices | Unset
            if "indices" in d:
                indices = _FlattenedAssetsIndices_from_dict(d["indices"])
                _seen += 1
            else:
                indices = UNSET

            score: Score | Unset
            if "score" in d:
                score = _Score_from_dict(d["score"])
                _seen += 1
            else:
                score = UNSET

            if cls is FlattenedAssets:
                flattened_assets: Self = _new(*_NEW_ARGS)
                flattened_assets.schema = schema
                flattened_assets.iterable = iterable
                flattened_assets.indices = indices
                flattened_assets.score = score
                flattened_assets.additional_properties = {}
            else:
                flattened_assets = cls(
                    schema,
                    iterable,
                    indices,
                    score,
                )

            if len(d) > _seen:
                flattened_assets.additional_properties = {
                    k: v for k, v in d.items() if k not in _KNOWN_KEYS
                }

            return flattened_assets
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
_NEW_ARGS: tuple[Any] = (FlattenedAssets,)


# The models this one uses are imported on its first from_dict or to_dict, not with the module:
# importing one model stays cheap, models that refer to each other still import, and from then on
# each use is a plain global lookup rather than an import statement on every call.
_other_models_loaded = False


def _load_other_models() -> None:
    global _other_models_loaded
    from ..models.embedded_model_schema import EmbeddedModelSchema
    from ..models.flattened_assets_indices import FlattenedAssetsIndices
    from ..models.referenced_asset import ReferencedAsset
    from ..models.score import Score

    globals().update(
        EmbeddedModelSchema=EmbeddedModelSchema,
        FlattenedAssetsIndices=FlattenedAssetsIndices,
        ReferencedAsset=ReferencedAsset,
        Score=Score,
        _EmbeddedModelSchema_from_dict=EmbeddedModelSchema.from_dict,
        _FlattenedAssetsIndices_from_dict=FlattenedAssetsIndices.from_dict,
        _ReferencedAsset_from_dict=ReferencedAsset.from_dict,
        _Score_from_dict=Score.from_dict,
    )
    _other_models_loaded = True
