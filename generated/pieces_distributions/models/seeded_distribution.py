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
    from ..models.mailgun_distribution import MailgunDistribution
    from ..models.seeded_git_hub_distribution import SeededGitHubDistribution

    _EmbeddedModelSchema_from_dict: Callable[[Mapping[str, Any]], EmbeddedModelSchema]
    _MailgunDistribution_from_dict: Callable[[Mapping[str, Any]], MailgunDistribution]
    _SeededGitHubDistribution_from_dict: Callable[
        [Mapping[str, Any]], SeededGitHubDistribution
    ]


_KNOWN_KEYS = frozenset(
    (
        "schema",
        "mailgun",
        "github",
    )
)


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
        if not _other_models_loaded:
            _load_other_models()
        schema: dict[str, Any] | Unset = UNSET
        if not isinstance(self.schema, Unset):
            schema = self.schema.to_dict()

        mailgun: dict[str, Any] | Unset = UNSET
        if not isinstance(self.mailgun, Unset):
            mailgun = self.mailgun.to_dict()

        github: dict[str, Any] | Unset = UNSET
        if not isinstance(self.github, Unset):
            github = self.github.to_dict()

        field_dict: dict[str, Any] = {
            **self.additional_properties,
        }
        if schema is not UNSET:
            field_dict["schema"] = schema
        if mailgun is not UNSET:
            field_dict["mailgun"] = mailgun
        if github is not UNSET:
            field_dict["github"] = github

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
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

        mailgun: MailgunDistribution | Unset
        if "mailgun" in d:
            mailgun = _MailgunDistribution_from_dict(d["mailgun"])
            _seen += 1
        else:
            mailgun = UNSET

        github: SeededGitHubDistribution | Unset
        if "github" in d:
            github = _SeededGitHubDistribution_from_dict(d["github"])
            _seen += 1
        else:
            github = UNSET

        if cls is SeededDistribution:
            seeded_distribution: Self = _new(*_NEW_ARGS)
            seeded_distribution.schema = schema
            seeded_distribution.mailgun = mailgun
            seeded_distribution.github = github
            seeded_distribution.additional_properties = {}
        else:
            seeded_distribution = cls(
                schema,
                mailgun,
                github,
            )

        if len(d) > _seen:
            seeded_distribution.additional_properties = {
                k: v for k, v in d.items() if k not in _KNOWN_KEYS
            }

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


# object.__new__'s argument tuple for this class, made once: from_dict calls _new(*_NEW_ARGS),
# which passes this very tuple on, where _new(cls) would pack a new one for every instance
# (about a tenth of from_dict's instructions). Typed Any so that from_dict's result is Self.
_NEW_ARGS: tuple[Any] = (SeededDistribution,)


# The models this one uses are imported on its first from_dict or to_dict, not with the module:
# importing one model stays cheap, models that refer to each other still import, and from then on
# each use is a plain global lookup rather than an import statement on every call.
_other_models_loaded = False


def _load_other_models() -> None:
    global _other_models_loaded
    from ..models.embedded_model_schema import EmbeddedModelSchema
    from ..models.mailgun_distribution import MailgunDistribution
    from ..models.seeded_git_hub_distribution import SeededGitHubDistribution

    globals().update(
        EmbeddedModelSchema=EmbeddedModelSchema,
        MailgunDistribution=MailgunDistribution,
        SeededGitHubDistribution=SeededGitHubDistribution,
        _EmbeddedModelSchema_from_dict=EmbeddedModelSchema.from_dict,
        _MailgunDistribution_from_dict=MailgunDistribution.from_dict,
        _SeededGitHubDistribution_from_dict=SeededGitHubDistribution.from_dict,
    )
    _other_models_loaded = True
