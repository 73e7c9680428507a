from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset
from . import _new

if TYPE_CHECKING:
    from collections.abc import Callable

    from ..models.embedded_model_schema import EmbeddedModelSchema
    from ..models.flattened_distribution import FlattenedDistribution

    _EmbeddedModelSchema_from_dict: Callable[[Mapping[str, Any]], EmbeddedModelSchema]
    _FlattenedDistribution_from_dict: Callable[
        [Mapping[str, Any]], FlattenedDistribution
    ]


_KNOWN_KEYS = frozenset(
    (
        "id",
        "schema",
        "reference",
    )
)


@_attrs_define
class ReferencedDistribution:
    """A distribution's id, with the flattened distribution when the server includes it.

    Example:
        {'id': '2a7e9c14-3b5d-4f86-a0c2-9d1e8b7f6a53'}

    Attributes:
        id (str): The distribution's uuid.
        schema (EmbeddedModelSchema | Unset): The version of the model layout that produced an object. Example:
            {'migration': 0, 'semantic': 'MAJOR_0_MINOR_0_PATCH_1'}.
        reference (FlattenedDistribution | Unset): A distribution whose share is given by id rather than in full.
            Example: {'id': '2a7e9c14-3b5d-4f86-a0c2-9d1e8b7f6a53', 'share': '6d4b2f8e-1a9c-4e37-b052-8c3f7a1d9e64',
            'created': {'value': '2026-11-27T10:00:00+00:00'}, 'updated': {'value': '2026-11-27T10:00:00+00:00'}}.
    """

    id: str
    schema: EmbeddedModelSchema | Unset = UNSET
    reference: FlattenedDistribution | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        if not _other_models_loaded:
            _load_other_models()
        id = self.id

        schema: dict[str, Any] | Unset = UNSET
        if not isinstance(self.schema, Unset):
            schema = self.schema.to_dict()

        reference: dict[str, Any] | Unset = UNSET
        if not isinstance(self.reference, Unset):
            reference = self.reference.to_dict()

        field_dict: dict[str, Any] = {
            **self.additional_properties,
            "id": id,
        }
        if schema is not UNSET:
            field_dict["schema"] = schema
        if reference is not UNSET:
            field_dict["reference"] = reference

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        if not _other_models_loaded:
            _load_other_models()
        d = src_dict
        id = d["id"]

        if cls is ReferencedDistribution and len(d) == 1:
            referenced_distribution: Self = _new(*_NEW_ARGS)
            referenced_distribution.id = id
            referenced_distribution.schema = UNSET
            referenced_distribution.reference = UNSET
            referenced_distribution.additional_properties = {}
            return referenced_distribution

        _seen = 1
        schema: EmbeddedModelSchema | Unset
        if "schema" in d:
            schema = _EmbeddedModelSchema_from_dict(d["schema"])
            _seen += 1
        else:
            schema = UNSET

        reference: FlattenedDistribution | Unset
        if "reference" in d:
            reference = _FlattenedDistribution_from_dict(d["reference"])
            _seen += 1
        else:
            reference = UNSET

        if cls is ReferencedDistribution:
            referenced_distribution = _new(*_NEW_ARGS)
            referenced_distribution.id = id
            referenced_distribution.schema = schema
            referenced_distribution.reference = reference
            referenced_distribution.additional_properties = {}
        else:
            referenced_distribution = cls(
                id,
                schema,
                reference,
            )

        if len(d) > _seen:
            referenced_distribution.additional_properties = {
                k: v for k, v in d.items() if k not in _KNOWN_KEYS
            }

        return referenced_distribution

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
_NEW_ARGS: tuple[Any] = (ReferencedDistribution,)


# The models this one uses are imported on its first from_dict or to_dict, not with the module:
# importing one model stays cheap, models that refer to each other still import, and from then on
# each use is a plain global lookup rather than an import statement on every call.
_other_models_loaded = False


def _load_other_models() -> None:
    global _other_models_loaded
    from ..models.embedded_model_schema import EmbeddedModelSchema
    from ..models.flattened_distribution import FlattenedDistribution

    globals().update(
        EmbeddedModelSchema=EmbeddedModelSchema,
        FlattenedDistribution=FlattenedDistribution,
        _EmbeddedModelSchema_from_dict=EmbeddedModelSchema.from_dict,
        _FlattenedDistribution_from_dict=FlattenedDistribution.from_dict,
    )
    _other_models_loaded = True
