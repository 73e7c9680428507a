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
    from ..models.recipients import Recipients

    _EmbeddedModelSchema_from_dict: Callable[[Mapping[str, Any]], EmbeddedModelSchema]
    _Recipients_from_dict: Callable[[Mapping[str, Any]], Recipients]


_KNOWN_KEYS = frozenset(
    (
        "name",
        "schema",
        "recipients",
        "public",
        "description",
    )
)


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
        if not _other_models_loaded:
            _load_other_models()
        name = self.name

        schema: dict[str, Any] | Unset = UNSET
        if not isinstance(self.schema, Unset):
            schema = self.schema.to_dict()

        recipients: dict[str, Any] | Unset = UNSET
        if not isinstance(self.recipients, Unset):
            recipients = self.recipients.to_dict()

        public = self.public

        description = self.description

        field_dict: dict[str, Any] = {
            **self.additional_properties,
            "name": name,
        }
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
        if not _other_models_loaded:
            _load_other_models()
        d = src_dict
        name = d["name"]

        if cls is SeededGitHubGistDistribution and len(d) == 1:
            seeded_git_hub_gist_distribution: Self = _new(*_NEW_ARGS)
            seeded_git_hub_gist_distribution.name = name
            seeded_git_hub_gist_distribution.schema = UNSET
            seeded_git_hub_gist_distribution.recipients = UNSET
            seeded_git_hub_gist_distribution.public = UNSET
            seeded_git_hub_gist_distribution.description = UNSET
            seeded_git_hub_gist_distribution.additional_properties = {}
            return seeded_git_hub_gist_distribution

        _seen = 1
        schema: EmbeddedModelSchema | Unset
        if "schema" in d:
            schema = _EmbeddedModelSchema_from_dict(d["schema"])
            _seen += 1
        else:
            schema = UNSET

        recipients: Recipients | Unset
        if "recipients" in d:
            recipients = _Recipients_from_dict(d["recipients"])
            _seen += 1
        else:
            recipients = UNSET

        if "public" in d:
            public = d["public"]
            _seen += 1
        else:
            public = UNSET

        if "description" in d:
            description = d["description"]
            _seen += 1
        else:
            description = UNSET

        if cls is SeededGitHubGistDistribution:
            seeded_git_hub_gist_distribution = _new(*_NEW_ARGS)
            seeded_git_hub_gist_distribution.name = name
            seeded_git_hub_gist_distribution.schema = schema
            seeded_git_hub_gist_distribution.recipients = recipients
            seeded_git_hub_gist_distribution.public = public
            seeded_git_hub_gist_distribution.description = description
            seeded_git_hub_gist_distribution.additional_properties = {}
        else:
            seeded_git_hub_gist_distribution = cls(
                name,
                schema,
                recipients,
                public,
                description,
            )

        if len(d) > _seen:
            seeded_git_hub_gist_distribution.additional_properties = {
                k: v for k, v in d.items() if k not in _KNOWN_KEYS
            }

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


# object.__new__'s argument tuple for this class, made once: from_dict calls _new(*_NEW_ARGS),
# which passes this very tuple on, where _new(cls) would pack a new one for every instance
# (about a tenth of from_dict's instructions). Typed Any so that from_dict's result is Self.
_NEW_ARGS: tuple[Any] = (SeededGitHubGistDistribution,)


# The models this one uses are imported on its first from_dict or to_dict, not with the module:
# importing one model stays cheap, models that refer to each other still import, and from then on
# each use is a plain global lookup rather than an import statement on every call.
_other_models_loaded = False


def _load_other_models() -> None:
    global _other_models_loaded
    from ..models.embedded_model_schema import EmbeddedModelSchema
    from ..models.recipients import Recipients

    globals().update(
        EmbeddedModelSchema=EmbeddedModelSchema,
        Recipients=Recipients,
        _EmbeddedModelSchema_from_dict=EmbeddedModelSchema.from_dict,
        _Recipients_from_dict=Recipients.from_dict,
    )
    _other_models_loaded = True
