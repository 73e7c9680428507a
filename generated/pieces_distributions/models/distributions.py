from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset
from . import _gc_pause, _new

if TYPE_CHECKING:
    from collections.abc import Callable

    from ..models.distribution import Distribution
    from ..models.embedded_model_schema import EmbeddedModelSchema

    _Distribution_from_dict: Callable[[Mapping[str, Any]], Distribution]
    _EmbeddedModelSchema_from_dict: Callable[[Mapping[str, Any]], EmbeddedModelSchema]


_KNOWN_KEYS = frozenset(
    (
        "iterable",
        "schema",
    )
)


@_attrs_define
class Distributions:
    """A list of distributions, as the snapshot operation returns it.

    Example:
        {'iterable': []}

    Attributes:
        iterable (list[Distribution]): The distributions, oldest first.
        schema (EmbeddedModelSchema | Unset): The version of the model layout that produced an object. Example:
            {'migration': 0, 'semantic': 'MAJOR_0_MINOR_0_PATCH_1'}.
    """

    iterable: list[Distribution]
    schema: EmbeddedModelSchema | Unset = UNSET
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
        iterable = []
        for iterable_item_data in self.iterable:
            iterable_item = iterable_item_data.to_dict()
            iterable.append(iterable_item)

        schema: dict[str, Any] | Unset = UNSET
        if not isinstance(self.schema, Unset):
            schema = self.schema.to_dict()

        field_dict: dict[str, Any] = {
            **self.additional_properties,
            "iterable": iterable,
        }
        if schema is not UNSET:
            field_dict["schema"] = schema

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        _paused = not _gc_pause.held and _gc_pause.begin()
        try:
            if not _other_models_loaded:
                _load_other_models()
            d = src_dict
            _iterable = []
            for _iterable_item in d["iterable"]:
                _iterable.append(_Distribution_from_dict(_iterable_item))
            iterable = _iterable

            if cls is Distributions and len(d) == 1:
                distributions: Self = _new(*_NEW_ARGS)
                distributions.iterable = iterable
                distributions.schema = UNSET
                distributions.additional_properties = {}
                return distributions

            _seen = 1
            schema: EmbeddedModelSchema | Unset
            if "schema" in d:
                schema = _EmbeddedModelSchema_from_dict(d["schema"])
                _seen += 1
            else:
                schema = UNSET

            if cls is Distributions:
                distributions = _new(*_NEW_ARGS)
                distributions.iterable = iterable
                distributions.schema = schema
                distributions.additional_properties = {}
            else:
                distributions = cls(
                    iterable,
                    schema,
                )

            if len(d) > _seen:
                distributions.additional_properties = {
                    k: v for k, v in d.items() if k not in _KNOWN_KEYS
                }

            return distributions
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
_NEW_ARGS: tuple[Any] = (Distributions,)


# The models this one uses are imported on its first from_dict or to_dict, not with the module:
# importing one model stays cheap, models that refer to each other still import, and from then on
# each use is a plain global lookup rather than an import statement on every call.
_other_models_loaded = False


def _load_other_models() -> None:
    global _other_models_loaded
    from ..models.distribution import Distribution
    from ..models.embedded_model_schema import EmbeddedModelSchema

    globals().update(
        Distribution=Distribution,
        EmbeddedModelSchema=EmbeddedModelSchema,
        _Distribution_from_dict=Distribution.from_dict,
        _EmbeddedModelSchema_from_dict=EmbeddedModelSchema.from_dict,
    )
    _other_models_loaded = True
