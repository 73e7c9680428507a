"""from_dict of a model with a list of models pauses the cyclic garbage collector while it builds
(the generated code says why) and must always leave it as the caller had it."""

from __future__ import annotations

import copy
import gc
from collections.abc import Iterator
from typing import Any

import pytest
from pieces_distributions.models import Distributions

from tests.support.spec import component_schema

# A valid snapshot of one distribution, the spec's own example of one.
VALID: dict[str, Any] = {"iterable": [component_schema("Distribution")["example"]]}
# One item without the required id: parsing fails inside the paused section.
MALFORMED: dict[str, Any] = {"iterable": [{"share": "no id here"}]}


@pytest.fixture
def gc_disabled_by_caller() -> Iterator[None]:
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


def test_from_dict_leaves_gc_enabled_after_success() -> None:
    assert gc.isenabled()
    assert Distributions.from_dict(copy.deepcopy(VALID)).iterable
    assert gc.isenabled()


def test_from_dict_leaves_gc_enabled_after_an_error() -> None:
    assert gc.isenabled()
    with pytest.raises(KeyError):
        Distributions.from_dict(copy.deepcopy(MALFORMED))
    assert gc.isenabled()


@pytest.mark.usefixtures("gc_disabled_by_caller")
def test_from_dict_leaves_gc_disabled_when_the_caller_disabled_it() -> None:
    Distributions.from_dict(copy.deepcopy(VALID))
    assert not gc.isenabled()
    with pytest.raises(KeyError):
        Distributions.from_dict(copy.deepcopy(MALFORMED))
    assert not gc.isenabled()
