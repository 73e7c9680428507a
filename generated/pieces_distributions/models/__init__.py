"""Contains all the data models used in inputs/outputs

Each model's module is imported the first time its name is used (PEP 562), so that importing one
model does not build every other class.
"""

import gc as _gc
import os as _os
import threading as _threading
from importlib import import_module
from typing import TYPE_CHECKING, Any, TypeVar

if TYPE_CHECKING:
    from .access_enum import AccessEnum
    from .accessor import Accessor
    from .accessors import Accessors
    from .distribution import Distribution
    from .distributions import Distributions
    from .embedded_model_schema import EmbeddedModelSchema
    from .embedded_model_schema_semantic_version_enum import (
        EmbeddedModelSchemaSemanticVersionEnum,
    )
    from .externally_sourced_enum import ExternallySourcedEnum
    from .flattened_asset import FlattenedAsset
    from .flattened_assets import FlattenedAssets
    from .flattened_assets_indices import FlattenedAssetsIndices
    from .flattened_distribution import FlattenedDistribution
    from .flattened_distributions import FlattenedDistributions
    from .flattened_share import FlattenedShare
    from .flattened_user_profile import FlattenedUserProfile
    from .git_hub_distribution import GitHubDistribution
    from .git_hub_gist_distribution import GitHubGistDistribution
    from .grouped_timestamp import GroupedTimestamp
    from .mailgun_distribution import MailgunDistribution
    from .mailgun_metadata import MailgunMetadata
    from .person_basic_type import PersonBasicType
    from .recipients import Recipients
    from .referenced_asset import ReferencedAsset
    from .referenced_distribution import ReferencedDistribution
    from .score import Score
    from .seeded_distribution import SeededDistribution
    from .seeded_git_hub_distribution import SeededGitHubDistribution
    from .seeded_git_hub_gist_distribution import SeededGitHubGistDistribution

__all__ = (
    "AccessEnum",
    "Accessor",
    "Accessors",
    "Distribution",
    "Distributions",
    "EmbeddedModelSchema",
    "EmbeddedModelSchemaSemanticVersionEnum",
    "ExternallySourcedEnum",
    "FlattenedAsset",
    "FlattenedAssets",
    "FlattenedAssetsIndices",
    "FlattenedDistribution",
    "FlattenedDistributions",
    "FlattenedShare",
    "FlattenedUserProfile",
    "GitHubDistribution",
    "GitHubGistDistribution",
    "GroupedTimestamp",
    "MailgunDistribution",
    "MailgunMetadata",
    "PersonBasicType",
    "Recipients",
    "ReferencedAsset",
    "ReferencedDistribution",
    "Score",
    "SeededDistribution",
    "SeededGitHubDistribution",
    "SeededGitHubGistDistribution",
)

_MODULES = {
    "AccessEnum": "access_enum",
    "Accessor": "accessor",
    "Accessors": "accessors",
    "Distribution": "distribution",
    "Distributions": "distributions",
    "EmbeddedModelSchema": "embedded_model_schema",
    "EmbeddedModelSchemaSemanticVersionEnum": "embedded_model_schema_semantic_version_enum",
    "ExternallySourcedEnum": "externally_sourced_enum",
    "FlattenedAsset": "flattened_asset",
    "FlattenedAssets": "flattened_assets",
    "FlattenedAssetsIndices": "flattened_assets_indices",
    "FlattenedDistribution": "flattened_distribution",
    "FlattenedDistributions": "flattened_distributions",
    "FlattenedShare": "flattened_share",
    "FlattenedUserProfile": "flattened_user_profile",
    "GitHubDistribution": "git_hub_distribution",
    "GitHubGistDistribution": "git_hub_gist_distribution",
    "GroupedTimestamp": "grouped_timestamp",
    "MailgunDistribution": "mailgun_distribution",
    "MailgunMetadata": "mailgun_metadata",
    "PersonBasicType": "person_basic_type",
    "Recipients": "recipients",
    "ReferencedAsset": "referenced_asset",
    "ReferencedDistribution": "referenced_distribution",
    "Score": "score",
    "SeededDistribution": "seeded_distribution",
    "SeededGitHubDistribution": "seeded_git_hub_distribution",
    "SeededGitHubGistDistribution": "seeded_git_hub_gist_distribution",
}


def __getattr__(name: str) -> Any:
    module = _MODULES.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(import_module(f"{__name__}.{module}"), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return [*globals(), *__all__]


_T = TypeVar("_T")

if TYPE_CHECKING:

    def _new(cls: type[_T], /) -> _T:
        """A new instance of cls whose fields are not set yet (from_dict sets them all)."""

else:
    # object.__new__ looked up once: from_dict makes every instance with it, and the lookup of
    # `object.__new__` on each call cost more than the call itself. Models call it as
    # _new(*_NEW_ARGS) with a tuple made once per class: it takes its arguments as a tuple, and
    # _new(cls) would pack a new one on every call.
    _new = object.__new__

# The GC pause. A model holding a list (a snapshot) builds many objects that all survive, and the
# cyclic garbage collector would walk them again and again while they are built; so decoding or
# encoding such a model suspends automatic collection until it ends. It does so by setting the
# first-generation threshold to 0 (gc.set_threshold), never by gc.disable(): gc.isenabled() keeps
# telling what callers asked for, and a gc.disable() or gc.enable() made by any thread meanwhile
# stands. Threads are counted under a lock: the first thread to pause saves the thresholds, the
# last one to finish puts them back, unless someone changed them in the meantime (their change
# stands). Nested models in the same thread only read a thread-local flag. No pause starts while
# the first threshold is already 0 (collection off) or when the switch is off.
#: Pause automatic garbage collection while a model holding a list decodes or encodes. Set it to
#: False to turn the pause off; the environment variable PIECES_DISTRIBUTIONS_GC_PAUSE=0 makes
#: False the default (read once, when this package is imported).
gc_pause: bool = _os.environ.get("PIECES_DISTRIBUTIONS_GC_PAUSE", "1") != "0"

_gc_lock = _threading.Lock()
_gc_threads = 0
_gc_saved = (0, 0, 0)
_gc_set = (0, 0, 0)


class _GcPause(_threading.local):
    #: True while this thread is inside a paused decode or encode (nested models skip the pause).
    held = False

    def begin(self) -> bool:
        """Pause, or join the pause of other threads; False when there is nothing to end."""
        global _gc_threads, _gc_saved, _gc_set
        if not gc_pause:
            return False
        with _gc_lock:
            if _gc_threads == 0:
                saved = _gc.get_threshold()
                if saved[0] == 0:
                    return False
                _gc_saved, _gc_set = saved, (0, saved[1], saved[2])
                _gc.set_threshold(*_gc_set)
            _gc_threads += 1
        self.held = True
        return True

    def end(self) -> None:
        """End what begin() started (when it returned True)."""
        global _gc_threads
        self.held = False
        with _gc_lock:
            _gc_threads -= 1
            if _gc_threads == 0 and _gc.get_threshold() == _gc_set:
                _gc.set_threshold(*_gc_saved)


_gc_pause = _GcPause()


def _gc_pause_after_fork() -> None:
    # A child forked while another thread was decoding has no such thread to end that pause:
    # the child starts with none, and with the thresholds the pause had saved.
    global _gc_lock, _gc_threads
    _gc_lock = _threading.Lock()
    if _gc_threads and _gc.get_threshold() == _gc_set:
        _gc.set_threshold(*_gc_saved)
    _gc_threads = 0
    _gc_pause.held = False


_os.register_at_fork(after_in_child=_gc_pause_after_fork)
