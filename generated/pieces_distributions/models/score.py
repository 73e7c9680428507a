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

    _EmbeddedModelSchema_from_dict: Callable[[Mapping[str, Any]], EmbeddedModelSchema]


_KNOWN_KEYS = frozenset(
    (
        "manual",
        "automatic",
        "schema",
        "priority",
        "reuse",
        "update",
        "reference",
        "searched",
    )
)


@_attrs_define
class Score:
    """Usage counters that rank an object.

    Example:
        {'manual': 0, 'automatic': 3}

    Attributes:
        manual (int): Score given by hand.
        automatic (int): Score computed by Pieces.
        schema (EmbeddedModelSchema | Unset): The version of the model layout that produced an object. Example:
            {'migration': 0, 'semantic': 'MAJOR_0_MINOR_0_PATCH_1'}.
        priority (int | Unset): Priority score.
        reuse (int | Unset): How often the object was reused.
        update (int | Unset): How often the object was updated.
        reference (int | Unset): How often the object was referenced.
        searched (int | Unset): How often the object turned up in searches.
    """

    manual: int
    automatic: int
    schema: EmbeddedModelSchema | Unset = UNSET
    priority: int | Unset = UNSET
    reuse: int | Unset = UNSET
    update: int | Unset = UNSET
    reference: int | Unset = UNSET
    searched: int | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        if not _other_models_loaded:
            _load_other_models()
        manual = self.manual

        automatic = self.automatic

        schema: dict[str, Any] | Unset = UNSET
        if not isinstance(self.schema, Unset):
            schema = self.schema.to_dict()

        priority = self.priority

        reuse = self.reuse

        update = self.update

        reference = self.reference

        searched = self.searched

        field_dict: dict[str, Any] = {
            **self.additional_properties,
            "manual": manual,
            "automatic": automatic,
        }
        if schema is not UNSET:
            field_dict["schema"] = schema
        if priority is not UNSET:
            field_dict["priority"] = priority
        if reuse is not UNSET:
            field_dict["reuse"] = reuse
        if update is not UNSET:
            field_dict["update"] = update
        if reference is not UNSET:
            field_dict["reference"] = reference
        if searched is not UNSET:
            field_dict["searched"] = searched

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        if not _other_models_loaded:
            _load_other_models()
        d = src_dict
        manual = d["manual"]

        automatic = d["automatic"]

        if cls is Score and len(d) == 2:
            score: Self = _new(*_NEW_ARGS)
            score.manual = manual
            score.automatic = automatic
            score.schema = score.priority = score.reuse = score.update = UNSET
            score.reference = score.searched = UNSET
            score.additional_properties = {}
            return score

        _seen = 2
        schema: EmbeddedModelSchema | Unset
        if "schema" in d:
            schema = _EmbeddedModelSchema_from_dict(d["schema"])
            _seen += 1
        else:
            schema = UNSET

        if "priority" in d:
            priority = d["priority"]
            _seen += 1
        else:
            priority = UNSET

        if "reuse" in d:
            reuse = d["reuse"]
            _seen += 1
        else:
            reuse = UNSET

        if "update" in d:
            update = d["update"]
            _seen += 1
        else:
            update = UNSET

        if "reference" in d:
            reference = d["reference"]
            _seen += 1
        else:
            reference = UNSET

        if "searched" in d:
            searched = d["searched"]
            _seen += 1
        else:
            searched = UNSET

        if cls is Score:
            score = _new(*_NEW_ARGS)
            score.manual = manual
            score.automatic = automatic
            score.schema = schema
            score.priority = priority
            score.reuse = reuse
            score.update = update
            score.reference = reference
            score.searched = searched
            score.additional_properties = {}
        else:
            score = cls(
                manual,
                automatic,
                schema,
                priority,
                reuse,
                update,
                reference,
                searched,
            )

        if len(d) > _seen:
            score.additional_properties = {
                k: v for k, v in d.items() if k not in _KNOWN_KEYS
            }

        return score

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
_NEW_ARGS: tuple[Any] = (Score,)


# The models this one uses are imported on its first from_dict or to_dict, not with the module:
# importing one model stays cheap, models that refer to each other still import, and from then on
# each use is a plain global lookup rather than an import statement on every call.
_other_models_loaded = False


def _load_other_models() -> None:
    global _other_models_loaded
    from ..models.embedded_model_schema import EmbeddedModelSchema

    globals().update(
        EmbeddedModelSchema=EmbeddedModelSchema,
        _EmbeddedModelSchema_from_dict=EmbeddedModelSchema.from_dict,
    )
    _other_models_loaded = True
